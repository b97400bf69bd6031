"""One event per action within a story: a lead paragraph retold in the body.

Chinese broadcast news (新闻联播 and its web copies) opens a story with a lead paragraph that
summarises the day's reports (俄罗斯国防部29日表示俄军摧毁了乌克兰一处大型军火库。) and then tells
each report again in full (俄空天军还摧毁了乌克兰武装部队在第聂伯罗彼得罗夫斯克州的一处大型军火库。).
The gold convention codes an action reported twice in a story once.  The two tellings rarely
agree on every detail (the body adds the place, the lead names the target), so the exact-key
merge of the coder does not join them; this module pairs each lead event with the first body
event that tells the same action, one to one (a lead that sums up two strikes still leaves the
second body strike its own event).
"""

from __future__ import annotations

import datetime as dt

from zhevents.records import Actor, Event, Source

DAY_TOLERANCE = 1  # a lead dated 18日—19日 retells body reports dated either day


def merge_lead_retold(events: list[Event], lead: set[int], page_text: str) -> list[Event]:
    """Drop body events that retell a lead event (``lead`` holds the ``id()`` of the lead's events);
    of each pair the more detailed telling is kept, with the attributions of both."""
    if not lead or len(lead) == len(events):
        return events
    dropped: set[int] = set()
    for first in [e for e in events if id(e) in lead]:
        if id(first) in dropped:
            continue
        retold = next((e for e in events if id(e) not in lead and id(e) not in dropped
                       and retells(first, e, page_text)), None)
        if retold is None:
            continue
        keep, drop = (first, retold) if _detail(first) >= _detail(retold) else (retold, first)
        seen = {s.text for s in keep.attribution}
        keep.attribution += [s for s in drop.attribution if s.text not in seen]
        keep.confidence = max(keep.confidence, drop.confidence)
        keep.date = _earlier_day(keep.date, drop.date)
        dropped.add(id(drop))
    return [e for e in events if id(e) not in dropped]


def retells(first: Event, later: Event, page_text: str) -> bool:
    """Same verb, mode of reality and parties (a target named in one telling only is no conflict),
    the same side's report, dates within a day, and places that agree (one telling may name none,
    or a wider place that the other's sentence also names: 亚速钢铁厂 / 马里乌波尔市亚速钢铁厂).

    A lead's 摧毁 and a body's 还…打击 are two acts of one report; the same strike told by Russia's
    ministry in the lead and by Ukrainian media in the body is two reports, and gold codes both."""
    if (first.event, first.trigger, first.aux, first.teaser) != (later.event, later.trigger, later.aux,
                                                                later.teaser):
        return False
    sources, later_sources = _codes(first.attribution), _codes(later.attribution)
    if sources and later_sources and not sources & later_sources:
        return False
    actors = _codes(first.actor)
    if not actors or actors != _codes(later.actor):
        return False
    targets, later_targets = _codes(first.recipient), _codes(later.recipient)
    if targets and later_targets and targets != later_targets:
        return False
    return _same_day(first.date, later.date) and _places_agree(first, later, page_text)


def _earlier_day(kept: str | None, other: str | None) -> str | None:
    """俄罗斯军方21日称击退了… / 俄军20日击退…: of two tellings a day apart, the earlier day is the
    act's; the later one is the day it was reported (a lead dates the claim)."""
    if kept and other and len(kept) == len(other) == len("2022-06-20") and other < kept:
        return other
    return kept


def _codes(parties: list[Actor] | list[Source]) -> frozenset[str]:
    return frozenset(a.code for a in parties if a.code)


def _same_day(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    try:
        da, db = dt.date.fromisoformat(a or ""), dt.date.fromisoformat(b or "")
    except ValueError:
        return False  # a month or a year against a day: not the same report
    return abs((da - db).days) <= DAY_TOLERANCE


def _places_agree(first: Event, later: Event, page_text: str) -> bool:
    a = first.event_loc.name if first.event_loc is not None else None
    b = later.event_loc.name if later.event_loc is not None else None
    if a is None or b is None or a == b:
        return True
    return (a in page_text[later.sentence_start:later.sentence_end]
            or b in page_text[first.sentence_start:first.sentence_end])


def _detail(ev: Event) -> tuple[bool, bool]:
    """A telling that names the target, then one that names the place, says more."""
    return bool(_codes(ev.recipient)), ev.event_loc is not None
