"""Quantities: numbers with their unit and what they count, read from ``Story.norm``.

"2119处目标" → value 2119, unit 处, counts 目标; "830万难民" → 8,300,000, no unit, counts 难民;
"第三轮" → 3, unit 轮, ordinal.  Arabic numbers with 万/亿 multipliers are computed here; Chinese
numerals go through cn2an.  Units, counted nouns, idioms to skip and the characters that end a
counted noun live in ``data/quantities/lexicon.tsv``.

What is counted: the first listed noun after the unit, up to the clause's end or the next
quantity ("108套S-300、“山毛榉-M1”和“黄蜂”防空导弹系统" counts 防空导弹系统); failing that, for a
classifier, up to four characters after it, cut at a function character ("一艘观光船上" → 观光船).
A number without a unit is kept only when a listed noun follows it at once ("3688确诊").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cn2an

from zhevents.records import Quantity, Story

LEXICON_PATH = Path(__file__).parent / "data" / "quantities" / "lexicon.tsv"

COUNT_WINDOW = 30  # characters after a quantity searched for what it counts
FALLBACK_NOUN_MAX = 4  # characters taken as the counted noun when no listed noun is found
CLAUSE_ENDS = "，。；：！？,;:!?\n（）()"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_MULTIPLIER = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "亿": 100_000_000,
               "億": 100_000_000}
_CN_NUMERAL = "零〇一二两兩三四五六七八九十百千万萬亿億"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Lexicon:
    units: dict[str, str]  # unit → category (classifier, person, measure, currency, percent, time)
    digits_only: frozenset[str]
    counted: dict[str, str]  # noun → category
    block: frozenset[str]
    stop: frozenset[str]


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    by_kind: dict[str, dict[str, str]] = {}
    rows = (line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    next(rows)  # header
    for kind, form, category, _source in rows:
        by_kind.setdefault(kind, {})[form] = category
    return Lexicon(
        units=by_kind.get("unit", {}),
        digits_only=frozenset(by_kind.get("digits_only", {})),
        counted=by_kind.get("counted", {}),
        block=frozenset(by_kind.get("block", {})),
        stop=frozenset(by_kind.get("stop", {})),
    )


@dataclass(frozen=True, slots=True)
class Patterns:
    lexicon: Lexicon
    number: re.Pattern[str]
    counted: re.Pattern[str]
    block: re.Pattern[str]
    year_follows: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    lex = load_lexicon()
    number = re.compile(
        r"(?P<ord>第)?(?:(?P<pct>百分之)(?=[0-9零〇一二两三四五六七八九十]))?"
        r"(?:(?<![0-9A-Za-z.\-－_/])(?P<ar>[0-9]+(?:[,，][0-9]{3})*(?:\.[0-9]+)?)"
        rf"|(?<![数數几幾成上好{_CN_NUMERAL}])(?P<cn>[{_CN_NUMERAL}]+))"
        r"(?P<mul>[十百千万萬亿億]*)(?P<approx>多|余|餘)?(?P<mul2>[万萬亿億]*)"
        rf"(?:\s?(?P<unit>{_alternation(lex.units)}))?"
    )
    return Patterns(
        lexicon=lex,
        number=number,
        counted=re.compile(_alternation(lex.counted)),
        block=re.compile(_alternation(lex.block)),
        year_follows=re.compile(r"\s?[0-9一二三四五六七八九十]{1,2}月"),
    )


def _multiplier(chars: str) -> int:
    return math.prod(_MULTIPLIER[c] for c in chars) if chars else 1


def _value(m: re.Match[str]) -> float | None:
    mult = _multiplier(m.group("mul")) * _multiplier(m.group("mul2"))
    if m.group("ar"):
        return float(m.group("ar").replace(",", "").replace("，", "")) * mult
    try:
        return float(cn2an.cn2an(m.group("cn") + m.group("mul"), "smart")) * _multiplier(m.group("mul2"))
    except (ValueError, KeyError, IndexError):  # not a well-formed numeral ("万万", "一二")
        return None


@dataclass(slots=True)
class Found:
    start: int
    end: int
    value: float
    unit: str | None
    ordinal: bool
    counts: str | None = None


def _plausible(m: re.Match[str], text: str, value: float, pats: Patterns) -> bool:
    """Keep numbers that really quantify something; drop years, idioms and bare numbers."""
    unit = m.group("unit")
    lex = pats.lexicon
    if m.group("cn") and unit in lex.digits_only:
        return False  # 一起, 十分, 一度: idioms, not quantities
    if unit == "年" and (value >= 1000 or pats.year_follows.match(text, m.end())):
        return False  # 2022年, 2022年3月: a date
    if unit is None and not m.group("pct"):
        noun = pats.counted.match(text, m.end())
        return noun is not None  # "830万难民", "3688确诊"
    return True


def _find(text: str) -> list[Found]:
    pats = patterns()
    blocked = [(b.start(), b.end()) for b in pats.block.finditer(text)]
    found: list[Found] = []
    for m in pats.number.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in blocked):
            continue
        value = _value(m)
        if value is None or not _plausible(m, text, value, pats):
            continue
        unit = "%" if m.group("pct") else m.group("unit")
        found.append(Found(m.start(), m.end(), value, unit, bool(m.group("ord"))))
    return found


def _clause_end(text: str, pos: int, limit: int) -> int:
    for i in range(pos, min(len(text), limit)):
        if text[i] in CLAUSE_ENDS:
            return i
    return min(len(text), limit)


def _fallback_noun(text: str, pos: int, stop: frozenset[str]) -> str | None:
    noun = []
    for ch in text[pos:pos + FALLBACK_NOUN_MAX]:
        if ch in stop or not "\u4e00" <= ch <= "\u9fff":
            break
        noun.append(ch)
    return "".join(noun) or None


def _what_is_counted(q: Found, text: str, next_start: int, pats: Patterns) -> str | None:
    lex = pats.lexicon
    category = lex.units.get(q.unit or "")
    if q.unit is not None and category not in ("classifier", "person"):
        return None  # 公里, 美元, %, 年 measure; they count nothing
    if q.unit is None:  # kept because a listed noun follows at once
        noun = pats.counted.match(text, q.end)
        return noun.group() if noun else None
    end = min(_clause_end(text, q.end, q.end + COUNT_WINDOW), next_start)
    noun = pats.counted.search(text, q.end, end)
    if noun is not None:
        return noun.group()
    if category == "person":
        return q.unit
    return _fallback_noun(text, q.end, lex.stop)


def _overlaps_times(q: Found, story: Story) -> bool:
    return any(t.norm_start < q.end and q.start < t.norm_end for t in story.times)


def annotate_quantities(story: Story) -> Story:
    """Set ``story.quantities`` from ``story.norm`` (offsets: norm and page, text in original script)."""
    pats = patterns()
    text = story.norm.translate(_FULLWIDTH)  # same length: offsets still index norm
    found = [q for q in _find(text) if not _overlaps_times(q, story)]
    quantities: list[Quantity] = []
    for i, q in enumerate(found):
        next_start = found[i + 1].start if i + 1 < len(found) else len(text)
        q.counts = _what_is_counted(q, text, next_start, pats)
        start, end = story.page_span(q.start, q.end)
        ts, te = story.norm_align.map_span(q.start, q.end)
        quantities.append(Quantity(
            story_id=story.id, text=story.text[ts:te], start=start, end=end,
            norm_start=q.start, norm_end=q.end, value=q.value, unit=q.unit, counts=q.counts,
            ordinal=q.ordinal,
        ))
    story.quantities = quantities
    return story
