"""What an evidence sentence says beyond the coded fields, read back for dedup.

The coder gives each event one day, one place and one trigger.  Reports of one act disagree on those
in predictable ways, and the sentence itself tells when a coded value is soft:

- the date: a sentence with no day in it (a video-summary line, "此外一部分乌军…撤退") was dated by
  its reference day — the broadcast — so the act may be a day older; "日前"/"近日" is some day of
  the past week; "从16日到20日" and "16日晚至17日凌晨" are periods, whichever day was coded;
- the place: 阿斯塔纳 in 阿斯塔纳进程 names a diplomatic process, not where anything happened;
- the trigger: 会谈 and 会晤 name one act (the coder's lexicon gives them one CAMEO code).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhevents.dates import RawTime

# Words that place an act somewhere in the recent past without naming the day.
_VAGUE_PAST = ("日前", "近日", "前不久", "不久前", "近期", "早些时候", "前些天", "前几天")
# How far back a soft date may reach: an undated sentence reports the day before its broadcast at
# most (CCTV's evening news tells the previous night's events); "日前" means within the week.
DEFAULT_SLACK_DAYS = 1
VAGUE_SLACK_DAYS = 7
# Time expressions that name a day (scan kinds of zhevents.dates); years and months do not.
_DAY_KINDS = frozenset({"full", "md", "d", "weekday", "rel_day", "anaphor"})


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The days an event may fall on: ``first``..``last`` stated (a period when they differ), and
    ``slack`` days before ``first`` the act may lie when the sentence names no day."""

    first: dt.date
    last: dt.date
    slack: int
    said: bool = False  # the slack comes from a day that dates the source's statement (5月1日表示)

    @property
    def earliest(self) -> dt.date:
        return self.first - dt.timedelta(days=self.slack)

    @property
    def period(self) -> bool:
        return self.last > self.first

    def without_said_slack(self) -> DateSpan:
        return DateSpan(self.first, self.last, 0) if self.said else self


@lru_cache(maxsize=1 << 16)  # reprints of one sentence: scanned once
def date_span(date: str | None, precision: str, sentence: str) -> DateSpan | None:
    """The span of a day-precision event, read from its sentence's time expressions; None otherwise."""
    if precision != "day" or not date:
        return None
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return None
    from zhevents.dates import scan

    days = [t for t in scan(sentence) if t.kind in _DAY_KINDS and not t.dateline]
    if not days:
        vague = any(w in sentence for w in _VAGUE_PAST)
        return DateSpan(day, day, VAGUE_SLACK_DAYS if vague else DEFAULT_SLACK_DAYS)
    if all(_dates_the_statement(t, sentence) for t in days):
        return DateSpan(day, day, DEFAULT_SLACK_DAYS, said=True)
    for first, last in _periods(days, sentence):
        if first == day.day:  # "从16日到20日" coded as the 16th: the period it starts
            return DateSpan(day, _period_end(day, last), 0)
        if last == day.day:  # "16日晚至17日凌晨" coded as the 17th: the period it ends
            return DateSpan(_period_start(day, first), day, 0)
    return DateSpan(day, day, 0)


# What may stand between a day and the speech verb it dates: a part of the day, a statement's frame.
_STATEMENT_GAP = re.compile(r"(?:早上|上午|中午|下午|傍晚|晚间|晚上|夜间|凌晨|晚|早)?"
                            r"(?:发表声明|发布消息|发布公告|在声明中|在社交媒体上|发文)?")


def _dates_the_statement(t: RawTime, sentence: str) -> bool:
    """The day names when a source spoke (俄罗斯国防部5月1日表示…打击了…), not when the act it reports
    happened: the act may be a day older, as with an undated sentence."""
    rest = sentence[t.end:]
    gap = _STATEMENT_GAP.match(rest)
    after = rest[gap.end() if gap else 0:]
    return after.startswith(tuple(_speech_words()))


@lru_cache(maxsize=1)
def _speech_words() -> frozenset[str]:
    from zhevents.events.lexicon import lexicon

    return lexicon().cue_words("speech")


# Between two day expressions of one period: a part of the first day, then 至/到 (16日晚至17日凌晨).
_PERIOD_LINK = re.compile(r"(?:早上|上午|中午|下午|傍晚|晚间|晚上|夜间|夜里|深夜|夜|晚|凌晨|早)?(?:至|到|—|－|-|~|～)")


def _periods(days: list[RawTime], sentence: str) -> list[tuple[int, int]]:
    """(first day, last day) of each period the sentence states: one expression with two days
    (从16日到20日), or two day expressions joined by 至/到 (16日晚至17日凌晨)."""
    out = [(t.d, t.d2) for t in days if t.d is not None and t.d2 is not None]
    for t, u in itertools.pairwise(days):
        if t.d is not None and u.d is not None and t.d2 is None and _PERIOD_LINK.fullmatch(sentence[t.end:u.start]):
            out.append((t.d, u.d))
    return out


def _period_start(last: dt.date, first_day: int) -> dt.date:
    if first_day <= last.day:
        return last.replace(day=first_day)
    prev = last.replace(day=1) - dt.timedelta(days=1)  # "30日至2日" coded as the 2nd began last month
    try:
        return prev.replace(day=first_day)
    except ValueError:
        return last


def _period_end(first: dt.date, last_day: int) -> dt.date:
    if last_day >= first.day:
        try:
            return first.replace(day=last_day)
        except ValueError:
            return first
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)  # "30日至2日" ends next month
    try:
        return nxt.replace(day=last_day)
    except ValueError:
        return first


def spans_relation(a: DateSpan, b: DateSpan) -> str:
    """"same" (one stated day or period), "near" (soft dates that may meet, or a day inside a
    period), or "apart".  Two different periods are apart: the 1–2 May and the 2–3 May strike
    summaries are two reports of two stretches of fighting."""
    if (a.first, a.last) == (b.first, b.last):
        return "same"
    if a.period and b.period:
        return "apart"
    if a.earliest <= b.last and b.earliest <= a.last:
        return "near"
    return "apart"


# A place name directly followed by one of these names a process, format or accord (阿斯塔纳进程,
# 诺曼底模式, 明斯克协议), not a location of the act.
_NAME_SUFFIXES = ("进程", "模式", "机制", "格式", "协议", "协定", "框架", "方案", "会谈机制")


def place_only_in_names(place: str, sentence: str) -> bool:
    """Every occurrence of ``place`` in the sentence is the first part of a named process or accord."""
    starts = [m.start() for m in re.finditer(re.escape(place), sentence)]
    if not starts:
        return False
    return all(sentence.startswith(_NAME_SUFFIXES, s + len(place)) for s in starts)


def shared_clause(a: str, b: str, trigger: str) -> int:
    """Length of the longest run of characters common to both sentences that holds the trigger.

    A clause repeated verbatim ("在制裁俄罗斯方面永远不会感到满足") is one statement told twice, whoever
    the coder took for its subject in each sentence.
    """
    best = 0
    for i in _occurrences(a, trigger):
        for j in _occurrences(b, trigger):
            left = 0
            while i - left > 0 and j - left > 0 and a[i - left - 1] == b[j - left - 1]:
                left += 1
            right = len(trigger)
            while i + right < len(a) and j + right < len(b) and a[i + right] == b[j + right]:
                right += 1
            best = max(best, left + right)
    return best


def _occurrences(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)] if word else []
