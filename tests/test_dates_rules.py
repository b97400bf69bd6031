"""The resolution rules of zhevents.dates, one decision per test."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from zhevents.dates import (
    LEXICON_PATH,
    annotate_dates,
    infer_published,
    load_lexicon,
    reference_day,
    resolve_day,
    resolve_month_day,
    resolve_weekday,
    scan,
)
from zhevents.records import Alignment, Page, PageMeta, Span, Story

WED = dt.date(2022, 4, 27)


def story_on(text: str, published: str | None = "2022-04-27", dateline: str | None = None,
             url: str | None = None) -> tuple[Story, Page]:
    page = Page(id="p", source="test", doc="test", text=text, meta=PageMeta(published=published, url=url))
    line = None
    if dateline is not None:
        s = text.index(dateline)
        line = Span(dateline, s, s + len(dateline))
    story = Story(id="p-0", page_id="p", seq=0, kind="article", text=text,
                  align=Alignment.identity(len(text)), dateline=line, norm=text,
                  norm_align=Alignment.identity(len(text)))
    return story, page


def dated(text: str, **kw: str | None) -> list[tuple[str, str | None, str | None]]:
    story, page = story_on(text, **kw)
    annotate_dates(story, page)
    return [(t.text, t.date, t.end_date) for t in story.times]


# ------------------------------------------------------------------------- day of month, no month

def test_bare_day_in_reference_month() -> None:
    assert resolve_day(25, WED) == dt.date(2022, 4, 25)


def test_bare_day_within_tolerance_stays() -> None:
    # one or two days ahead: time zones and overnight reports, not last month
    assert resolve_day(29, WED) == dt.date(2022, 4, 29)


def test_bare_day_far_ahead_rolls_back_a_month() -> None:
    assert resolve_day(30, dt.date(2022, 4, 5)) == dt.date(2022, 3, 30)
    assert dated("乌方20日表示", published="2022-04-05") == [("20日", "2022-03-20", None)]


def test_future_marked_day_ahead_stays_in_month() -> None:
    assert dated("谈判将于20日举行", published="2022-04-05") == [("20日", "2022-04-20", None)]


def test_future_marked_past_day_moves_to_next_month() -> None:
    assert resolve_day(3, dt.date(2022, 3, 28), future=True, future_near=True) == dt.date(2022, 4, 3)


def test_day_31_skips_short_month() -> None:
    assert resolve_day(31, dt.date(2022, 5, 2)) == dt.date(2022, 3, 31)


# ------------------------------------------------------------------------------- month and day

def test_month_day_in_reference_year() -> None:
    assert resolve_month_day(3, 30, WED) == dt.date(2022, 3, 30)


def test_month_day_far_ahead_is_last_year() -> None:
    assert resolve_month_day(12, 5, dt.date(2022, 3, 5)) == dt.date(2021, 12, 5)


def test_month_day_shortly_ahead_stays() -> None:
    assert resolve_month_day(5, 9, WED) == dt.date(2022, 5, 9)


def test_future_month_day_after_new_year() -> None:
    assert resolve_month_day(1, 10, dt.date(2022, 12, 20), future=True) == dt.date(2023, 1, 10)


# ------------------------------------------------------------------------------------ weekdays

def test_bare_weekday_is_latest_on_or_before() -> None:
    assert resolve_weekday(1, WED) == dt.date(2022, 4, 26)  # 周二
    assert resolve_weekday(2, WED) == WED  # 周三 on a Wednesday is that day


def test_future_weekday_is_next() -> None:
    assert dated("双方将于周五举行会谈") == [("周五", "2022-04-29", None)]


def test_last_week_and_next_week() -> None:
    assert resolve_weekday(6, WED, shift=-1) == dt.date(2022, 4, 24)  # 上周日
    assert resolve_weekday(0, WED, shift=1) == dt.date(2022, 5, 2)  # 下周一


def test_weekday_with_day_trusts_day_and_agreeing_month() -> None:
    # published 2 May: "周五(29日)" is 29 April, a Friday
    assert dated("周五(29日)举行", published="2022-05-02") == [("周五(29日)", "2022-04-29", None)]


def test_traditional_weekday_and_fullwidth_parentheses() -> None:
    assert dated("美國副總統週二（26日）確診") == [("週二（26日）", "2022-04-26", None)]


# --------------------------------------------------------------------------------- relative words

@pytest.mark.parametrize(("word", "date"), [
    ("今天", "2022-04-27"), ("今日", "2022-04-27"), ("昨天", "2022-04-26"), ("前天", "2022-04-25"),
    ("明天", "2022-04-28"), ("明日", "2022-04-28"), ("今晚", "2022-04-27"),
])
def test_relative_days(word: str, date: str) -> None:
    assert dated(f"普京{word}说") == [(word, date, None)]


def test_month_and_year_words() -> None:
    story, page = story_on("今年和去年，本月和上月")
    annotate_dates(story, page)
    assert [(t.text, t.date, t.precision) for t in story.times] == [
        ("今年", "2022", "year"), ("去年", "2021", "year"),
        ("本月", "2022-04", "month"), ("上月", "2022-03", "month")]


def test_relative_year_with_month() -> None:
    assert dated("到明年1月，英国将") == [("明年1月", "2023-01", None)]
    assert dated("去年12月5日起") == [("去年12月5日", "2021-12-05", None)]


def test_anaphoric_day_follows_last_mentioned_day() -> None:
    assert dated("会谈3日举行。乌方当天表示，次日再谈。") == [
        ("3日", "2022-04-03", None), ("当天", "2022-04-03", None), ("次日", "2022-04-04", None)]


def test_anaphoric_day_without_antecedent_is_reference_day() -> None:
    assert dated("乌方当天表示") == [("当天", "2022-04-27", None)]


def test_reported_speech_today_is_the_speakers_day() -> None:
    assert dated("外交部发言人25日表示，昨天的袭击是挑衅。") == [
        ("25日", "2022-04-25", None), ("昨天", "2022-04-24", None)]


# ------------------------------------------------------------------------------- ranges, full dates

def test_ranges() -> None:
    assert dated("会议3月5日至7日举行") == [("3月5日至7日", "2022-03-05", "2022-03-07")]
    assert dated("演习5日至6日进行") == [("5日至6日", "2022-04-05", "2022-04-06")]
    assert dated("演习5至6日进行") == [("5至6日", "2022-04-05", "2022-04-06")]
    assert dated("2022年3月30日至4月2日") == [("2022年3月30日至4月2日", "2022-03-30", "2022-04-02")]


def test_explicit_dates_and_precisions() -> None:
    story, page = story_on("2022年3月5日、2024-7-4、2014年4月、二〇二二年、1990年代")
    annotate_dates(story, page)
    assert [(t.text, t.date, t.precision) for t in story.times] == [
        ("2022年3月5日", "2022-03-05", "day"), ("2024-7-4", "2024-07-04", "day"),
        ("2014年4月", "2014-04", "month"), ("二〇二二年", "2022", "year")]


def test_chinese_numeral_dates() -> None:
    assert dated("三月五日，二十七日") == [("三月五日", "2022-03-05", None), ("二十七日", "2022-04-27", None)]


# ------------------------------------------------------------------------------- look-alikes

@pytest.mark.parametrize("text", [
    "今日俄罗斯电视台报道", "价值100日元", "此次日本提供的物资", "3日内完成", "连续3日", "第3日",
    "美国将军表示", "不同日期", "登上月球", "一日三餐",
])
def test_look_alikes_are_not_dates(text: str) -> None:
    assert [t for t, _, _ in dated(text)] == []


def test_general_is_not_a_future_marker() -> None:
    # "将军" contains 将 but marks nothing: 20日 is read as past, so March
    assert dated("美国将军20日表示", published="2022-04-05") == [("20日", "2022-03-20", None)]


# ------------------------------------------------------------------------------- reference day

def test_month_day_dateline_uses_publication_year() -> None:
    story, page = story_on("新华社北京3月5日电 外交部", published="2022-03-06", dateline="新华社北京3月5日电")
    assert reference_day(story, page) == ("2022-03-05", "day", False)


def test_month_day_dateline_after_publication_is_previous_year() -> None:
    story, page = story_on("新华社北京12月30日电 外交部", published="2022-01-02",
                           dateline="新华社北京12月30日电")
    assert reference_day(story, page) == ("2021-12-30", "day", False)


def test_no_dateline_reference_is_publication_day() -> None:
    story, page = story_on("外交部表示", published="2022-04-27T08:30:00+08:00")
    assert reference_day(story, page) == ("2022-04-27", "day", False)


def test_unknown_publication_without_evidence() -> None:
    story, page = story_on("外交部周二表示", published=None)
    annotate_dates(story, page)
    assert story.reference_date is None and story.reference_precision == "unknown"
    assert [(t.text, t.date) for t in story.times] == [("周二", None)]


def test_publication_date_from_url() -> None:
    _, page = story_on("外交部表示", published=None,
                       url="https://tv.cctv.com/2022/01/04/VIDEbI7XOnciq2o6R0taVB46220104.shtml")
    assert infer_published(page) == ("2022-01-04", True)


def test_every_lexicon_row_has_a_source() -> None:
    rows = [line.rstrip("\n").split("\t") for line in LEXICON_PATH.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows[0] == ["kind", "form", "value", "source"]
    assert all(len(r) == 4 and r[3] for r in rows[1:])
    lex = load_lexicon()
    assert {"rel_day", "anaphor", "weekday", "future", "block", "local_time", "speech"} <= set(lex.words)


def test_scan_spans_do_not_overlap() -> None:
    text = "2022年3月5日当地时间周二(26日)晚，3月5日至7日"
    raws = scan(text)
    assert [text[r.start:r.end] for r in raws] == ["2022年3月5日", "当地时间周二(26日)晚", "3月5日至7日"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(raws))


def test_days_ago_count_back_from_the_reference_day() -> None:
    assert dated("俄军两天前撤出了基辅州。") == [("两天前", "2022-04-25", None)]
    assert dated("3天前的袭击造成多人伤亡。") == [("3天前", "2022-04-24", None)]


def test_recently_and_a_day_before_a_deadline_are_not_days_ago() -> None:
    assert dated("德国政府日前宣布。") == []
    assert [t[0] for t in dated("要求在3日前撤出。")] == ["3日"]
