"""Dates: the day a story reports from, and every time expression in it resolved to the calendar.

Three steps, all on the story's normalised text:

1. ``reference_day`` — the story's own day: its dateline ("(莫斯科27日讯)", "新华社北京3月5日电")
   read against the page's publication date; when the page does not say when it was published,
   ``infer_published`` estimates it from the page's own evidence and the result is marked inferred.
2. ``scan`` — every time expression found by a handful of regexes compiled once from
   ``data/dates/lexicon.tsv`` (the words) and the number patterns below (the shapes).
3. ``annotate_dates`` — each expression resolved against the reference day, the day last mentioned
   (for 当天, 次日) and, inside quotation marks or reported speech ("王毅表示，…今天…"), the day
   the speaker spoke (for 今天, 昨天).

Rules that had to be decided (each has a test):

* a day of month without a month ("7日") lies in the reference month; if that puts it more than
  ``DAY_AHEAD_TOLERANCE`` days after the reference day and nothing in the sentence marks the
  future, it is the previous month's;  with a future marker right before it ("将于3日") and a day
  already past, it is next month's;
* a month and day without a year ("3月30日") lies in the reference year unless that is more than
  ``MONTH_DAY_AHEAD_TOLERANCE`` days ahead without a future marker: then it is last year's;
* a bare weekday ("当地时间周二") is the latest such weekday on or before the reference day (on or
  after it when future-marked); "上周六" is Saturday of the previous calendar week (Monday first);
* a weekday with its day in parentheses ("周二(26日)") trusts the day number; when that disagrees
  with the weekday, a neighbouring month where both agree is preferred.

Reduced precision dates are written as reduced ISO strings: "2014-04" (month), "2022" (year).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from zhevents.records import Page, Precision, Story, TimeExpr

LEXICON_PATH = Path(__file__).parent / "data" / "dates" / "lexicon.tsv"

DAY_AHEAD_TOLERANCE = 2  # days: a bare "N日" up to this far after the reference day stays in its month
MONTH_DAY_AHEAD_TOLERANCE = 60  # days: a yearless "M月D日" up to this far ahead stays in the year
MONTH_AHEAD_TOLERANCE = 2  # months: a yearless "M月" up to this far ahead stays in the year
NEAR_WINDOW = 5  # characters before an expression searched for a near future marker ("将于")
SENTENCE_WINDOW = 40  # characters before an expression (within its sentence) for any future marker
SENTENCE_ENDS = "。！？；!?;\n"
MIN_YEAR, MAX_YEAR = 1900, 2100

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}

# Number shapes (not vocabulary): month or day, day alone (single Chinese digits like 一日 are idioms
# far more often than dates, so a bare day in Chinese numerals needs 十), four-digit years.
_MD = r"(?:[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_DAY = r"(?:[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?)"
_YEAR = r"(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})"
_NO_DIGIT_BEFORE = r"(?<![0-9０-９〇零一二三四五六七八九十两兩百千万萬.])"
_DAY_MARK = "[日号號]"


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so the longest word wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _block_alternation(words: Iterable[str]) -> str:
    """Blocked words; a rank ending in 将 (上将, 少将) blocks only when not itself "将于/将在" (二十大将于)."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        tail = "(?![于於在要会會])" if w.endswith(("将", "將")) and len(w) > 1 and w[0] not in "将將" else ""
        parts.append(re.escape(w) + tail)
    return "|".join(parts)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The words of ``lexicon.tsv`` by kind: ``{kind: {form: value}}``."""

    words: dict[str, dict[str, int]]

    def kind(self, kind: str) -> dict[str, int]:
        return self.words.get(kind, {})


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    words: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8") as fh:
        header_seen = False
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            kind, form, value, _source = line.rstrip("\n").split("\t")
            if not header_seen:
                header_seen = True
                continue
            words.setdefault(kind, {})[form] = int(value) if value else 0
    return Lexicon(words)


@dataclass(frozen=True, slots=True)
class Patterns:
    """Every regex this module uses, compiled once from the lexicon."""

    lexicon: Lexicon
    shapes: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, pattern) scanned in turn
    block: re.Pattern[str]
    local_time_tail: re.Pattern[str]
    future_near: re.Pattern[str]
    future_any: re.Pattern[str]
    speech_before: re.Pattern[str]
    dateline_in_span: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    lex = load_lexicon()
    sep = _alternation(lex.kind("range_sep"))
    daypart = f"(?P<dp>{_alternation(lex.kind('daypart'))})?"
    shift = _alternation(lex.kind("week_shift"))
    prefix = _alternation(lex.kind("weekday_prefix"))
    weekday = _alternation(lex.kind("weekday"))
    relative = _alternation([*lex.kind("rel_day"), *lex.kind("anaphor"), *lex.kind("rel_month"),
                             *lex.kind("rel_year")])
    block = _block_alternation(lex.kind("block"))
    shapes = (
        ("full", rf"{_NO_DIGIT_BEFORE}(?P<y>{_YEAR})年(?P<m>{_MD})月(?P<d>{_MD}){_DAY_MARK}"
                 rf"(?:(?:{sep})(?:(?:(?P<y2>{_YEAR})年)?(?P<m2>{_MD})月)?(?P<d2>{_MD}){_DAY_MARK})?{daypart}"),
        ("iso", r"(?<![0-9.\-/])(?P<y>(?:19|20)[0-9]{2})(?P<s>[-/.])(?P<m>[0-9]{1,2})(?P=s)(?P<d>[0-9]{1,2})"
                r"(?![0-9])"),
        ("ym", rf"{_NO_DIGIT_BEFORE}(?P<y>{_YEAR})年(?P<m>{_MD})月份?"),
        ("y", rf"{_NO_DIGIT_BEFORE}(?P<y>{_YEAR})年(?!代)"),
        ("md", rf"{_NO_DIGIT_BEFORE}(?P<m>{_MD})月(?P<d>{_MD}){_DAY_MARK}"
               rf"(?:(?:{sep})(?:(?P<m2>{_MD})月)?(?P<d2>{_MD}){_DAY_MARK})?{daypart}"),
        ("m", rf"{_NO_DIGIT_BEFORE}(?<![第个個几幾数數])(?P<m>{_MD})月份?"),
        ("d", rf"{_NO_DIGIT_BEFORE}(?<![第续續近数數每多几幾个個月])(?P<d>{_DAY})(?:日|(?=(?:{sep}){_DAY}日))"
              rf"(?:(?:{sep})(?P<d2>{_DAY})日)?(?![元圆圓币幣内內])(?:(?=(?P<dl>{_alternation(lex.kind('dateline_suffix'))}))|{daypart})"),
        ("weekday", rf"(?P<shift>{shift})?(?:{prefix})(?P<w>{weekday})"
                    rf"(?:\s?[（(]\s?(?P<d>{_MD}){_DAY_MARK}?\s?[)）])?{daypart}"),
        # 本月10日 / 上个月3日: a day of a month named relative to the reference month
        ("rel_md", rf"(?P<word>{_alternation(lex.kind('rel_month'))})(?P<d>{_MD}){_DAY_MARK}{daypart}"),
        ("rel", rf"(?P<word>{relative}){daypart}"),
    )
    return Patterns(
        lexicon=lex,
        shapes=tuple((kind, re.compile(rx)) for kind, rx in shapes),
        block=re.compile(block),
        local_time_tail=re.compile(rf"(?:{_alternation(lex.kind('local_time'))})\Z"),
        future_near=re.compile(rf"(?:{block})|(?P<marker>{_alternation(lex.kind('future_near'))})"),
        future_any=re.compile(rf"(?:{block})|(?P<marker>{_alternation(lex.kind('future'))})"),
        speech_before=re.compile(rf"(?:{_alternation(lex.kind('speech'))})[，,：:]"),
        dateline_in_span=re.compile(rf"(?:(?P<y>{_YEAR})年)?(?:(?P<m>{_MD})月)?(?P<d>{_MD})日"),
    )


# ---------------------------------------------------------------------------------------------
# numbers


def _number(text: str | None) -> int | None:
    """Arabic (half- or full-width) or Chinese numerals up to 99, or a digit-by-digit year."""
    if not text:
        return None
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGIT.get(tens, -1) if tens else 1
        u = _CN_DIGIT.get(units, -1) if units else 0
        return None if t < 0 or u < 0 else t * 10 + u
    digits = [_CN_DIGIT.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _safe_date(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    if y is None or m is None or d is None or not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _add_months(y: int, m: int, delta: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + delta
    return total // 12, total % 12 + 1


# ---------------------------------------------------------------------------------------------
# scanning


@dataclass(slots=True)
class RawTime:
    """One time expression as found, before resolution.  ``start``/``end`` index the scanned text."""

    kind: str  # full | iso | ym | y | md | m | d | weekday | rel_day | anaphor | rel_month | rel_md | rel_year
    start: int
    end: int
    y: int | None = None
    m: int | None = None
    d: int | None = None
    y2: int | None = None
    m2: int | None = None
    d2: int | None = None
    value: int = 0  # weekday (0 = Monday) or relative offset
    shift: int | None = None  # weekday with 上/本/下: -1/0/+1 calendar weeks
    year_offset: int | None = None  # "明年1月", "去年3月5日": the year relative to the reference year
    dateline: bool = False  # "27日讯", "3月5日电"
    future_near: bool = False
    future: bool = False
    quoted: bool = False  # inside quotation marks or reported speech ("王毅表示，…今天…")


def _candidates(text: str, pats: Patterns) -> list[tuple[int, int, str, re.Match[str]]]:
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, rx in pats.shapes:
        for m in rx.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    return found


def _blocked_spans(text: str, pats: Patterns) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pats.block.finditer(text)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _has_marker(rx: re.Pattern[str], window: str) -> bool:
    return any(m.group("marker") for m in rx.finditer(window))


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in SENTENCE_ENDS) + 1


def _quoted(text: str, pos: int) -> bool:
    opened = text.count("“", 0, pos) + text.count("「", 0, pos)
    closed = text.count("”", 0, pos) + text.count("」", 0, pos)
    return opened > closed


def _from_match(kind: str, m: re.Match[str], lex: Lexicon) -> RawTime | None:
    g = m.groupdict()
    raw = RawTime(kind=kind, start=m.start(), end=m.end())
    if kind == "rel":
        word = g["word"]
        for sub in ("rel_day", "anaphor", "rel_month", "rel_year"):
            if word in lex.kind(sub):
                raw.kind, raw.value = sub, lex.kind(sub)[word]
                return raw
        return None
    if kind == "rel_md":
        raw.value, raw.d = lex.kind("rel_month")[g["word"]], _number(g["d"])
        return raw if raw.d is not None and 1 <= raw.d <= 31 else None
    if kind == "weekday":
        raw.value = lex.kind("weekday")[g["w"]]
        raw.shift = lex.kind("week_shift")[g["shift"]] if g["shift"] else None
        raw.d = _number(g["d"])
        return raw
    raw.y, raw.m, raw.d = _number(g.get("y")), _number(g.get("m")), _number(g.get("d"))
    raw.y2, raw.m2, raw.d2 = _number(g.get("y2")), _number(g.get("m2")), _number(g.get("d2"))
    raw.dateline = bool(g.get("dl"))
    if kind == "iso":
        raw.kind = "full"
    if raw.m is not None and not 1 <= raw.m <= 12:
        return None
    if raw.d is not None and not 1 <= raw.d <= 31:
        return None
    if raw.y is not None and not MIN_YEAR <= raw.y <= MAX_YEAR:
        return None
    return raw


def scan(text: str) -> list[RawTime]:
    """Every time expression in ``text`` (simplified or traditional), longest match first, no overlaps."""
    pats = patterns()
    blocked = _blocked_spans(text, pats)
    out: list[RawTime] = []
    last_end = 0
    for start, end, kind, m in _candidates(text, pats):
        if start < last_end or _overlaps(start, end, blocked):
            continue
        raw = _from_match(kind, m, pats.lexicon)
        if raw is None:
            continue
        lt = pats.local_time_tail.search(text, max(0, start - 8), start)
        if lt:
            raw.start = lt.start()
        sentence = _sentence_start(text, start)
        raw.future_near = _has_marker(pats.future_near, text[max(sentence, start - NEAR_WINDOW):start])
        raw.future = raw.future_near or _has_marker(
            pats.future_any, text[max(sentence, start - SENTENCE_WINDOW):start])
        raw.quoted = _quoted(text, start) or bool(pats.speech_before.search(text, sentence, start))
        if out and out[-1].kind == "rel_year" and out[-1].end == raw.start and raw.kind in ("m", "md"):
            raw.start, raw.year_offset = out[-1].start, out[-1].value  # "明年1月" is one expression
            out.pop()
        out.append(raw)
        last_end = end
    return out


# ---------------------------------------------------------------------------------------------
# resolution


def _latest_day_on_or_before(day: int, ref: dt.date) -> dt.date | None:
    """The latest date with this day of month on or before ``ref`` (31 skips short months)."""
    y, m = ref.year, ref.month
    for back in range(0, 3):
        yy, mm = _add_months(y, m, -back)
        cand = _safe_date(yy, mm, day)
        if cand is not None and cand <= ref:
            return cand
    return None


def _latest_month_day_on_or_before(month: int, day: int, ref: dt.date) -> dt.date | None:
    for y in (ref.year, ref.year - 1, ref.year - 4):  # 29 February needs a leap year
        cand = _safe_date(y, month, day)
        if cand is not None and cand <= ref:
            return cand
    return None


def resolve_day(day: int, ref: dt.date, future: bool = False, future_near: bool = False) -> dt.date | None:
    """A day of month without a month, read from the reference day (rules in the module docstring)."""
    cand = _safe_date(ref.year, ref.month, day)
    if cand is not None and future_near and cand < ref - dt.timedelta(days=1):
        ny, nm = _add_months(ref.year, ref.month, 1)
        return _safe_date(ny, nm, day) or cand
    if cand is not None and (future or cand <= ref + dt.timedelta(days=DAY_AHEAD_TOLERANCE)):
        return cand
    return _latest_day_on_or_before(day, ref)


def resolve_month_day(month: int, day: int, ref: dt.date, future: bool = False) -> dt.date | None:
    cand = _safe_date(ref.year, month, day)
    if cand is None:
        return _latest_month_day_on_or_before(month, day, ref)
    if future:
        if cand < ref - dt.timedelta(days=MONTH_DAY_AHEAD_TOLERANCE):
            return _safe_date(ref.year + 1, month, day) or cand
        return cand
    if cand > ref + dt.timedelta(days=MONTH_DAY_AHEAD_TOLERANCE):
        return _safe_date(ref.year - 1, month, day)
    return cand


def resolve_month(month: int, ref: dt.date, future: bool = False) -> tuple[int, int]:
    ahead = month - ref.month
    if not future and ahead > MONTH_AHEAD_TOLERANCE:
        return ref.year - 1, month
    if future and ahead < -MONTH_AHEAD_TOLERANCE:
        return ref.year + 1, month
    return ref.year, month


def resolve_weekday(weekday: int, ref: dt.date, shift: int | None = None, future: bool = False) -> dt.date:
    """Weekday 0 (Monday) … 6 (Sunday); ``shift`` −1/0/+1 for 上/本/下 (calendar weeks from Monday)."""
    if shift is not None:
        monday = ref - dt.timedelta(days=ref.weekday())
        return monday + dt.timedelta(days=7 * shift + weekday)
    if future:
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7)
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)


def resolve_weekday_day(weekday: int, day: int, ref: dt.date, future: bool = False) -> dt.date | None:
    """"周二(26日)": the day number decides; a neighbouring month is taken only if there both agree."""
    by_day = resolve_day(day, ref, future)
    if by_day is None or by_day.weekday() == weekday:
        return by_day
    agreeing = [c for delta in (-1, 0, 1)
                if (c := _safe_date(*_add_months(ref.year, ref.month, delta), day)) is not None
                and c.weekday() == weekday and abs((c - ref).days) <= 45]
    return min(agreeing, key=lambda c: abs((c - ref).days)) if agreeing else by_day


@dataclass(slots=True)
class Resolved:
    date: str | None
    end_date: str | None
    precision: Precision
    day: dt.date | None  # the day, for day precision (the anchor for 当天)


def _day(d: dt.date | None, end: dt.date | None = None) -> Resolved:
    if d is None:
        return Resolved(None, None, "unknown", None)
    return Resolved(d.isoformat(), end.isoformat() if end else None, "day", d)


def _range_end(raw: RawTime, start: dt.date) -> dt.date | None:
    if raw.d2 is None:
        return None
    y = raw.y2 or start.year
    m = raw.m2 or start.month
    end = _safe_date(y, m, raw.d2)
    if end is not None and end < start:  # "30日至2日" crosses into the next month
        ny, nm = _add_months(y, m, 1) if raw.m2 is None else (y + 1, m)
        end = _safe_date(ny, nm, raw.d2)
    return end


def resolve(raw: RawTime, ref: dt.date | None, anchor: dt.date | None) -> Resolved:
    """Resolve one expression.  ``ref``: the reference day; ``anchor``: the day last mentioned."""
    kind = raw.kind
    if kind == "full":
        start = _safe_date(raw.y, raw.m, raw.d)
        return _day(start, _range_end(raw, start) if start else None)
    if kind == "ym":
        return Resolved(f"{raw.y:04d}-{raw.m:02d}", None, "month", None)
    if kind == "y":
        return Resolved(f"{raw.y:04d}", None, "year", None)
    if ref is None:
        return Resolved(None, None, "unknown", None)
    if raw.year_offset is not None and raw.m is not None:
        year = ref.year + raw.year_offset
        if kind == "m":
            return Resolved(f"{year:04d}-{raw.m:02d}", None, "month", None)
        start = _safe_date(year, raw.m, raw.d)
        return _day(start, _range_end(raw, start) if start else None)
    if kind == "md":
        assert raw.m is not None and raw.d is not None
        start = resolve_month_day(raw.m, raw.d, ref, raw.future)
        return _day(start, _range_end(raw, start) if start else None)
    if kind == "m":
        assert raw.m is not None
        y, m = resolve_month(raw.m, ref, raw.future)
        return Resolved(f"{y:04d}-{m:02d}", None, "month", None)
    if kind == "d":
        assert raw.d is not None
        start = resolve_day(raw.d, ref, raw.future, raw.future_near)
        return _day(start, _range_end(raw, start) if start else None)
    if kind == "weekday":
        if raw.d is not None:
            return _day(resolve_weekday_day(raw.value, raw.d, ref, raw.future))
        return _day(resolve_weekday(raw.value, ref, raw.shift, raw.future))
    if kind == "rel_day":
        # inside a quotation "今天" is the speaker's day, the day the story last mentioned
        base = anchor if raw.quoted and anchor is not None else ref
        return _day(base + dt.timedelta(days=raw.value))
    if kind == "anaphor":
        return _day((anchor or ref) + dt.timedelta(days=raw.value))
    if kind == "rel_month":
        y, m = _add_months(ref.year, ref.month, raw.value)
        return Resolved(f"{y:04d}-{m:02d}", None, "month", None)
    if kind == "rel_md":
        y, m = _add_months(ref.year, ref.month, raw.value)
        return _day(_safe_date(y, m, raw.d))
    if kind == "rel_year":
        return Resolved(f"{ref.year + raw.value:04d}", None, "year", None)
    return Resolved(None, None, "unknown", None)


# ---------------------------------------------------------------------------------------------
# publication date and reference day


def _parse_iso(value: str | None) -> tuple[dt.date | None, Precision, str | None]:
    """'2022-04-27[T…]' → day; '2022-04' → month; '2022' → year (returned as the reduced string)."""
    if not value:
        return None, "unknown", None
    value = value.strip()
    m = re.match(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
    if not m:
        return None, "unknown", None
    y, mo, d = (int(g) if g else None for g in m.groups())
    if d is not None:
        day = _safe_date(y, mo, d)
        return (day, "day", day.isoformat()) if day else (None, "unknown", None)
    if mo is not None:
        return None, "month", f"{y:04d}-{mo:02d}"
    return None, "year", f"{y:04d}"


def _dateline_parts(story: Story) -> tuple[int | None, int | None, int | None]:
    if story.dateline is None:
        return None, None, None
    m = patterns().dateline_in_span.search(story.dateline.text)
    if not m:
        return None, None, None
    return _number(m.group("y")), _number(m.group("m")), _number(m.group("d"))


def _published(page: Page) -> tuple[str | None, bool]:
    """The page's publication date, inferred once per page and recorded on ``page.meta``."""
    if page.meta.published:
        return page.meta.published, page.meta.published_inferred
    if not page.meta.extra.get("published_inference_tried"):
        page.meta.extra["published_inference_tried"] = True
        inferred, _ = infer_published(page)
        if inferred:
            page.meta.published, page.meta.published_inferred = inferred, True
    return page.meta.published, page.meta.published_inferred


def reference_day(story: Story, page: Page) -> tuple[str | None, Precision, bool]:
    """The day the story reports from: its dateline read against the publication date.

    Returns ``(iso, precision, inferred)``; ``inferred`` is true when the publication date was
    inferred from the page rather than declared.
    """
    published, inferred = _published(page)
    pub_day, pub_precision, pub_iso = _parse_iso(published)
    y, m, d = _dateline_parts(story)
    full = _safe_date(y, m, d)
    if full is not None:
        return full.isoformat(), "day", False
    if pub_day is not None:
        if m is not None and d is not None:
            day = _latest_month_day_on_or_before(m, d, pub_day)
            if day is not None:
                return day.isoformat(), "day", inferred
        elif d is not None:
            day = _latest_day_on_or_before(d, pub_day)
            if day is not None:
                return day.isoformat(), "day", inferred
        return pub_day.isoformat(), "day", inferred
    if pub_precision == "month" and pub_iso and d is not None:
        day = _safe_date(int(pub_iso[:4]), m or int(pub_iso[5:7]), d)
        if day is not None:
            return day.isoformat(), "day", inferred
    return pub_iso, pub_precision, inferred


# ---------------------------------------------------------------------------------------------
# annotation


def annotate_dates(story: Story, page: Page) -> Story:
    """Set ``story.reference_date``/``reference_precision`` and ``story.times``."""
    ref_iso, precision, inferred = reference_day(story, page)
    story.reference_date, story.reference_precision = ref_iso, precision
    ref = dt.date.fromisoformat(ref_iso) if ref_iso and precision == "day" else None
    story.times = list(_times(story, ref, inferred))
    return story


def _times(story: Story, ref: dt.date | None, inferred: bool) -> Iterable[TimeExpr]:
    anchor: dt.date | None = None
    for raw in scan(story.norm):
        res = resolve(raw, ref, anchor)
        if res.day is not None:
            anchor = res.day
        start, end = story.page_span(raw.start, raw.end)
        ts, te = story.norm_align.map_span(raw.start, raw.end)
        yield TimeExpr(
            story_id=story.id,
            text=story.text[ts:te],
            start=start,
            end=end,
            norm_start=raw.start,
            norm_end=raw.end,
            date=res.date,
            end_date=res.end_date,
            precision=res.precision,
            # an explicit full date stands on its own; anything read from the reference day
            # inherits the doubt of an inferred publication date
            inferred=inferred and raw.kind not in ("full", "ym", "y"),
        )


# ---------------------------------------------------------------------------------------------
# publication date inference

_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_YYMMDD = re.compile(r"[A-Za-z](\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\.s?html?$")


def _date_from_address(page: Page) -> dt.date | None:
    """A date in the page's URL or file name (/2022/04/27/, 20220427, CCTV's …220427.shtml)."""
    for address in (page.meta.url, page.source, page.doc):
        if not address:
            continue
        m = _URL_DATE.search(address) or _URL_YYMMDD.search(address)
        if m:
            y = int(m.group(1))
            day = _safe_date(y + 2000 if y < 100 else y, int(m.group(2)), int(m.group(3)))
            if day is not None:
                return day
    return None


@dataclass(slots=True)
class Evidence:
    """What a page says about its own date, collected by ``scan`` over the page text."""

    full: list[tuple[dt.date, bool]]  # explicit full dates, future-marked?
    latest_explicit: tuple[dt.date, dt.date] | None  # the latest dated mention, as a span of days
    years: set[int]
    month_days: list[tuple[int, int, bool]]
    months: list[tuple[int, bool]]
    days: list[int]  # bare days of month, not future-marked
    datelines: list[tuple[int | None, int]]  # (month, day)
    weekday_days: list[tuple[int, int]]  # (weekday, day)


def collect_evidence(texts: Iterable[str], datelines: Iterable[str] = ()) -> Evidence:
    ev = Evidence([], None, set(), [], [], [], [], [])
    explicit: list[tuple[dt.date, dt.date]] = []
    for text in texts:
        for raw in scan(text):
            _add_evidence(ev, raw, explicit)
    for text in datelines:
        m = patterns().dateline_in_span.search(text)
        if m and (d := _number(m.group("d"))):
            ev.datelines.append((_number(m.group("m")), d))
    ev.latest_explicit = max(explicit, key=lambda span: span[1], default=None)
    return ev


def _add_evidence(ev: Evidence, raw: RawTime, explicit: list[tuple[dt.date, dt.date]]) -> None:
    if raw.kind == "full" and (day := _safe_date(raw.y, raw.m, raw.d)):
        ev.full.append((day, raw.future))
        ev.years.add(day.year)
        if not raw.future:
            explicit.append((day, day))
    elif raw.kind in ("ym", "y") and raw.y is not None:
        ev.years.add(raw.y)
        if raw.m:
            ny, nm = _add_months(raw.y, raw.m, 1)
            explicit.append((dt.date(raw.y, raw.m, 1), dt.date(ny, nm, 1) - dt.timedelta(days=1)))
        else:
            explicit.append((dt.date(raw.y, 1, 1), dt.date(raw.y, 12, 31)))
    elif raw.kind == "md" and raw.m and raw.d:
        if raw.dateline:
            ev.datelines.append((raw.m, raw.d))
        else:
            ev.month_days.append((raw.m, raw.d, raw.future))
    elif raw.kind == "m" and raw.m:
        ev.months.append((raw.m, raw.future))
    elif raw.kind == "d" and raw.d:
        if raw.dateline:
            ev.datelines.append((None, raw.d))
        elif not raw.future:
            ev.days.append(raw.d)
    elif raw.kind == "weekday" and raw.d:
        ev.weekday_days.append((raw.value, raw.d))


def _candidate_days(ev: Evidence) -> set[int]:
    days = {d for _, d in ev.datelines} | {d for _, d in ev.weekday_days} | set(ev.days)
    days |= {d for _, d, fut in ev.month_days if not fut} | {day.day for day, fut in ev.full if not fut}
    return days


def _candidate_years(ev: Evidence) -> range:
    if not ev.years:
        return range(0)
    hi = max(ev.years)
    lo = max(min(ev.years), hi - 30)
    return range(lo - 1, hi + 2)


def score_candidate(c: dt.date, ev: Evidence) -> float:
    """How well a publication date fits the evidence (weights argued in the module's tests)."""
    score = 0.0
    for weekday, day in ev.weekday_days:  # strongest: fixes the month's calendar
        d = _latest_day_on_or_before(day, c)
        score += 3.0 if d is not None and d.weekday() == weekday else -3.0
    for month, day in ev.datelines:  # a page is published on or just after its datelines
        d = _latest_month_day_on_or_before(month, day, c) if month else _latest_day_on_or_before(day, c)
        score += 1.0 if d is not None and (c - d).days <= 2 else -1.0
    for day in ev.days:
        d = _latest_day_on_or_before(day, c)
        score += 0.5 if d is not None and (c - d).days <= 7 else -0.5
    for month, day, future in ev.month_days:
        if not future and (d := _latest_month_day_on_or_before(month, day, c)) is not None:
            gap = (c - d).days
            score += 2.0 if gap <= 7 else 1.0 if gap <= 31 else 0.5 if gap <= 60 else 0.0
    for month, future in ev.months:  # "4月份的支持率": the current month or one just past
        back = (c.month - month) % 12
        if not future:
            score += 1.0 if back == 0 else 0.5 if back <= 3 else 0.0
        elif (month - c.month) % 12 <= 1:  # "将在4月…": this month or the next
            score += 1.0
    for named, future in ev.full:
        gap = (c - named).days
        if 0 <= gap <= 7:
            score += 2.0
        elif 7 < gap <= 60:
            score += 1.0
        elif gap < -1 and not future:  # a page rarely names a day after its own
            score -= 2.0
    if ev.latest_explicit is not None:  # the era: prefer the fit nearest the latest dated mention
        score -= 0.1 * _days_from(c, ev.latest_explicit) / 365.25
    if c.year in ev.years:
        score += 1.0
    return score


def _days_from(c: dt.date, span: tuple[dt.date, dt.date]) -> int:
    lo, hi = span
    return (lo - c).days if c < lo else (c - hi).days if c > hi else 0


def _month_supported(c: dt.date, ev: Evidence) -> bool:
    """Something on the page names the candidate's month: without it the month is a guess."""
    if any(0 <= (c - named).days <= 60 for named, _ in ev.full):
        return True
    for month, day, _ in ev.month_days:
        d = _safe_date(c.year, month, day)
        if d is not None and abs((c - d).days) <= 31:
            return True
    return any(not future and (c.month - month) % 12 <= 1 for month, future in ev.months)


def _year_supported(c: dt.date, ev: Evidence) -> bool:
    """The page names the candidate's year, or its latest dated mention is at most 3 years away."""
    if c.year in ev.years:
        return True
    return ev.latest_explicit is not None and _days_from(c, ev.latest_explicit) <= 3 * 366


def infer_from_evidence(ev: Evidence) -> dt.date | None:
    """The best-scoring candidate day, if the page supports its month and its year at all."""
    best: tuple[float, dt.date] | None = None
    days = _candidate_days(ev)
    for y in _candidate_years(ev):
        for m in range(1, 13):
            for d in days:
                c = _safe_date(y, m, d)
                if c is None:
                    continue
                s = score_candidate(c, ev)
                if best is None or (s, c) > best:
                    best = (s, c)
    if best is None or best[0] <= 0 or not _month_supported(best[1], ev) or not _year_supported(best[1], ev):
        return None
    return best[1]


def infer_published(page: Page) -> tuple[str | None, bool]:
    """Estimate when the page was published from its own evidence; ``(iso or None, inferred)``.

    A date in the URL or file name wins.  Otherwise every candidate day (years around those the
    page names × months × the days it mentions) is scored against the page text — the whole text,
    chrome included, since a sidebar's date still tells the era — and the story datelines.
    """
    from_address = _date_from_address(page)
    if from_address is not None:
        return from_address.isoformat(), True
    texts = [page.text] if page.text else [s.norm or s.text for s in page.stories]
    datelines = [s.dateline.text for s in page.stories if s.dateline is not None]
    if page.text:  # datelines inside page.text are found by scan already
        datelines = [t for t in datelines if t not in page.text]
    found = infer_from_evidence(collect_evidence(texts, datelines))
    return (found.isoformat(), True) if found else (None, False)
