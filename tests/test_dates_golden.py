"""Golden date annotations for both samples, stories built by hand until clean/normalize exist.

Each story is one contiguous piece of the page: ``Story.text`` is that slice, ``norm`` its OpenCC
conversion to simplified script (same length for these pages), both alignments identities.
"""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from zhevents.dates import annotate_dates, reference_day
from zhevents.records import Alignment, Page, PageMeta, Span, Story

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
_T2S = opencc.OpenCC("hk2s")


def load_page(name: str, published: str | None) -> Page:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return Page(id=name[4:20], source=str(SAMPLES / name), doc=name, fmt="text", text=text,
                meta=PageMeta(published=published))


def make_story(page: Page, body: str, seq: int, dateline: str | None = None,
               kind: str = "article", after: int = 0) -> Story:
    """A story over the first occurrence of ``body`` in the page (at or after ``after``)."""
    start = page.text.index(body, after)
    norm = _T2S.convert(body)
    assert len(norm) == len(body)
    line = None
    if dateline is not None:
        ds = page.text.index(dateline, start)
        line = Span(dateline, ds, ds + len(dateline))
    return Story(id=f"{page.id}-{seq}", page_id=page.id, seq=seq, kind=kind,  # type: ignore[arg-type]
                 text=body, align=Alignment.identity(len(body), offset=start), dateline=line,
                 norm=norm, norm_align=Alignment.identity(len(norm)))


def between(page: Page, first: str, last: str) -> str:
    """The page text from the start of ``first`` to the end of ``last``."""
    s = page.text.index(first)
    return page.text[s:page.text.index(last, s) + len(last)]


def times_of(story: Story, page: Page) -> list[tuple[str, str | None, str]]:
    annotate_dates(story, page)
    for t in story.times:  # the evidence invariant
        assert page.text[t.start:t.end] == t.text
    return [(t.text, t.date, t.precision) for t in story.times]


# ------------------------------------------------------------------------------------------ 000

P000 = "000_202d6752c14345d9.txt"
W26, W27 = "2022-04-26", "2022-04-27"

# (body start, body end, dateline, expected [(raw text, date, precision)] in order)
TEASERS_000 = [
    ("美国副总统哈里斯周二(26日)", "密切接...", None, [("周二(26日)", W26, "day")]),
    ("(柏林27日讯)德国国防部长", "政策发...", "(柏林27日讯)",
     [("27日", W27, "day"), ("当地时间周二", W26, "day")]),
    ("土耳其渐渐走出疫情阴霾", "Erdo...", None, [("周五(22日)", "2022-04-22", "day")]),
    ("(华沙27日讯)波兰石油", "在4月2...", "(华沙27日讯)",
     [("27日", W27, "day"), ("周二", W26, "day"), ("4月", "2022-04", "month")]),
    ("(新加坡26日讯)新加坡教育部", "艺术展汇演。...", "(新加坡26日讯)",
     [("26日", W26, "day"), ("即日", W26, "day")]),
    ("(新加坡26日讯)新加坡今日", "其余...", "(新加坡26日讯)",
     [("26日", W26, "day"), ("今日", W26, "day")]),
    ("(莫斯科26日讯)联合国秘书长", "中央社报导,古...", "(莫斯科26日讯)",
     [("26日", W26, "day"), ("周二", W26, "day")]),
    ("(东京26日讯)日本一艘观光船", "当天曾...", "(东京26日讯)",
     [("26日", W26, "day"), ("上周六(23日)", "2022-04-23", "day"), ("当天", "2022-04-23", "day")]),
    ("(纽约26日讯)联合国难民署", "发布会上...", "(纽约26日讯)",
     [("26日", W26, "day"), ("今年", "2022", "year"), ("今日", W26, "day")]),
    ("(雅加达26日讯)一家独立民调", "的71....", "(雅加达26日讯)",
     [("26日", W26, "day"), ("周二", W26, "day"), ("4月份", "2022-04", "month"),
      ("2月份", "2022-02", "month")]),
]


def test_000_article_reference_day_and_times() -> None:
    page = load_page(P000, "2022-04-27")
    story = make_story(page, between(page, "(莫斯科27日讯)", "谈判解决冲突。"), 0, "(莫斯科27日讯)")
    assert reference_day(story, page) == (W27, "day", False)
    assert times_of(story, page) == [
        ("27日", W27, "day"),  # the dateline itself
        ("当地时间周二", W26, "day"),  # the Tuesday on or before Wednesday the 27th
        ("今天", W26, "day"),  # inside Putin's quotation: the day he spoke, not the day of the report
        ("周二", W26, "day"),
        ("3月30日", "2022-03-30", "day"),
        ("当地时间周二", W26, "day"),
    ]
    assert story.reference_date == W27 and story.reference_precision == "day"


@pytest.mark.parametrize(("first", "last", "dateline", "expected"), TEASERS_000,
                         ids=[t[0][:8] for t in TEASERS_000])
def test_000_teasers(first: str, last: str, dateline: str | None,
                     expected: list[tuple[str, str, str]]) -> None:
    page = load_page(P000, "2022-04-27")
    story = make_story(page, between(page, first, last), 1, dateline, kind="teaser")
    assert times_of(story, page) == expected
    assert story.reference_date == (W26 if dateline and "26日" in dateline else W27)


def test_000_caption_dated_by_its_teasers_dateline() -> None:
    """Captions are not story text; dated against their teaser's dateline they give 上周日(24日)."""
    page = load_page(P000, "2022-04-27")
    caption = make_story(page, between(page, "日本北海道发生船难", "接受治疗。"), 2, "(东京26日讯)")
    assert times_of(caption, page) == [("上周日(24日)", "2022-04-24", "day")]


def test_day_dateline_is_latest_such_day_on_or_before_publication() -> None:
    page = load_page(P000, "2022-05-02")  # published in May, dateline "(莫斯科27日讯)" → 27 April
    story = make_story(page, between(page, "(莫斯科27日讯)", "非常困难的。"), 0, "(莫斯科27日讯)")
    assert reference_day(story, page) == (W27, "day", False)


# ------------------------------------------------------------------------------------------ 004

P004 = "004_807478d756e0f648.txt"

ITEMS_004 = [
    ("當地時間3月5日", "很可能就是7日。",
     [("當地時間3月5日", "2022-03-05"), ("7日", "2022-03-07"),  # 將於7日: future
      ("5日晚", "2022-03-05"), ("7日", "2022-03-07")]),  # "在未來幾天進行，很可能就是7日"
    ("2022年3月5日,國務委員", "朝鮮半島局勢交換了意見。",
     [("2022年3月5日", "2022-03-05"), ("今天", "2022-03-05")]),  # 王毅表示，…發展到今天: his day
    ("俄羅斯總統普京5日説", "以及68個雷達站。", [("5日", "2022-03-05"), ("5日", "2022-03-05")]),
    ("俄羅斯國家防禦指揮中心負責人米津採夫5日", "波多利亞克當天證實了這一消息。",
     [("5日", "2022-03-05"), ("當天", "2022-03-05"), ("當天", "2022-03-05"),
      ("莫斯科時間當日", "2022-03-05"), ("當天", "2022-03-05"), ("當天", "2022-03-05"),
      ("當天", "2022-03-05"), ("3日", "2022-03-03"), ("5日", "2022-03-05"), ("當天", "2022-03-05")]),
    ("日本政府4日決定", "仍被禁止。",
     [("4日", "2022-03-04"), ("4日晚", "2022-03-04"), ("4日", "2022-03-04"), ("2014年4月", "2014-04")]),
]


@pytest.mark.parametrize(("first", "last", "expected"), ITEMS_004, ids=[i[0][:6] for i in ITEMS_004])
def test_004_digest_items(first: str, last: str, expected: list[tuple[str, str]]) -> None:
    page = load_page(P004, "2022-03-06")
    story = make_story(page, between(page, first, last), 0, kind="digest-item")
    got = times_of(story, page)
    assert [(text, date) for text, date, _ in got] == expected
    assert all(p == ("month" if d == "2014-04" else "day") for _, d, p in got)
    assert story.reference_date == "2022-03-06"


def test_004_norm_offsets_map_to_traditional_page_text() -> None:
    page = load_page(P004, "2022-03-06")
    story = make_story(page, between(page, "當地時間3月5日", "很可能就是7日。"), 0)
    annotate_dates(story, page)
    first = story.times[0]
    assert story.norm[first.norm_start:first.norm_end] == "当地时间3月5日"
    assert page.text[first.start:first.end] == "當地時間3月5日"


# ------------------------------------------------------------------------------- inferred pages


def test_000_inferred_publication_drives_reference_day() -> None:
    page = load_page(P000, None)
    story = make_story(page, between(page, "(莫斯科27日讯)", "谈判解决冲突。"), 0, "(莫斯科27日讯)")
    annotate_dates(story, page)
    assert page.meta.published == W27 and page.meta.published_inferred
    assert (story.reference_date, story.reference_precision) == (W27, "day")
    tuesday = story.times[1]
    assert (tuesday.date, tuesday.inferred) == (W26, True)


def test_004_inferred_publication_keeps_future_day() -> None:
    page = load_page(P004, None)
    story = make_story(page, between(page, "當地時間3月5日", "很可能就是7日。"), 0)
    annotate_dates(story, page)
    assert story.reference_date == "2022-03-05"  # inferred from 2022年3月5日, the latest day named
    assert [t.date for t in story.times] == ["2022-03-05", "2022-03-07", "2022-03-05", "2022-03-07"]
    assert all(t.inferred for t in story.times)
