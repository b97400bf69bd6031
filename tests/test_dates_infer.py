"""Publication date inference from a page's own evidence (both samples say nothing explicit)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zhevents.dates import collect_evidence, infer_published, score_candidate
from zhevents.records import Page, PageMeta

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def page_of(name: str, text: str | None = None) -> Page:
    body = text if text is not None else (SAMPLES / name).read_text(encoding="utf-8")
    return Page(id="p", source=name, doc=name, text=body, meta=PageMeta(published=None))


def test_000_infers_27_april_2022() -> None:
    assert infer_published(page_of("000_202d6752c14345d9.txt")) == ("2022-04-27", True)


def test_000_day_is_27_not_26() -> None:
    """周二(26日) fixes the calendar, but three teasers are datelined 27日: a page is published on or
    after its latest dateline, so the 26th (a Tuesday) loses to the 27th."""
    text = (SAMPLES / "000_202d6752c14345d9.txt").read_text(encoding="utf-8")
    ev = collect_evidence([text])
    assert sorted({d for _, d in ev.datelines}) == [26, 27]
    assert score_candidate(dt.date(2022, 4, 27), ev) > score_candidate(dt.date(2022, 4, 26), ev)


def test_000_month_is_april() -> None:
    """Four weekday–day pairs agree in every month whose 26th is a Tuesday; 3月30日 (past) and
    4月份/2月份 pick April over November 2024, the other fit near the page's latest date."""
    text = (SAMPLES / "000_202d6752c14345d9.txt").read_text(encoding="utf-8")
    ev = collect_evidence([text])
    assert len(ev.weekday_days) == 4
    assert score_candidate(dt.date(2022, 4, 27), ev) > score_candidate(dt.date(2024, 11, 27), ev)


def test_000_year_is_the_fit_nearest_the_latest_dated_mention() -> None:
    """April 26 is a Tuesday in 2005, 2011, 2016 and 2022; the sidebar's 2024-7-4 (the latest date on
    the page) makes 2022 the nearest.  Remove every year and nothing is guessed."""
    text = (SAMPLES / "000_202d6752c14345d9.txt").read_text(encoding="utf-8")
    ev = collect_evidence([text])
    assert ev.latest_explicit == (dt.date(2024, 7, 4), dt.date(2024, 7, 4))
    april_fits = [dt.date(y, 4, 27) for y in (2005, 2011, 2016)]
    assert all(score_candidate(dt.date(2022, 4, 27), ev) > score_candidate(c, ev) for c in april_fits)
    no_years = text.replace("2004年10月7日", "").replace("2024-7-4", "")
    assert infer_published(page_of("000", no_years)) == (None, False)


def test_004_infers_5_march_2022() -> None:
    """The latest day named (2022年3月5日, 當地時間3月5日, 5日 …); 將於7日 is future and is no candidate."""
    assert infer_published(page_of("004_807478d756e0f648.txt")) == ("2022-03-05", True)


def test_declared_date_is_never_replaced() -> None:
    from zhevents.dates import reference_day
    from zhevents.records import Alignment, Story

    page = page_of("004_807478d756e0f648.txt")
    page.meta.published = "2022-03-06"
    story = Story(id="p-0", page_id="p", seq=0, kind="article", text="x", align=Alignment.identity(1),
                  norm="x", norm_align=Alignment.identity(1))
    assert reference_day(story, page) == ("2022-03-06", "day", False)
    assert page.meta.published == "2022-03-06" and not page.meta.published_inferred
