"""Title-anchored names: "[state/organisation][title][name]" (联合国难民署发言人曼图).

The gazetteer pass already marks titles (data/titles.tsv) and the states and organisations before them;
here a name not in the gazetteer is cut from the text right after the title.  A name is 2–6 CJK
characters (at most 4 when it starts with a common Chinese surname) or a foreign name with middle dots;
it ends at the shortest cut followed by a stop word, punctuation or a digit (data/patterns.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zhevents.entities.gazetteer import UNKNOWN_CODE, Gazetteer, Hit, read_yaml
from zhevents.records import Entity

CJK = "\u4e00-\u9fff"
# Sectors a title imposes even when the anchor organisation has its own (a ministry's general is MIL).
TITLE_SECTOR_WINS = {"MIL", "LEG", "JUD", "JRN", "BUS"}
NON_STATE_CODES = {"UNO", "IGO", "EUR", "NGO", "MNC", "ISM", "IMG", UNKNOWN_CODE}
ANCHOR_CONFIDENCE = 0.85
UNANCHORED_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class NameRules:
    min_cjk: int
    max_cjk: int
    max_chinese_style: int
    stop: re.Pattern[str]
    stop_chars: frozenset[str]
    bad_chars: frozenset[str]
    surnames: frozenset[str]
    dotted: re.Pattern[str]
    run: re.Pattern[str]
    unanchored_next: re.Pattern[str]


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    raw = read_yaml("patterns.yaml")
    name = raw["name"]
    dots = re.escape(name["dots"])
    words = sorted(raw["stop_words"], key=len, reverse=True)
    return NameRules(
        min_cjk=int(name["min_cjk"]),
        max_cjk=int(name["max_cjk"]),
        max_chinese_style=int(name["max_chinese_style"]),
        stop=re.compile("|".join(map(re.escape, words))),
        stop_chars=frozenset(raw["stop_chars"]),
        bad_chars=frozenset(raw["bad_name_chars"]),
        surnames=frozenset(raw["chinese_surnames"]),
        dotted=re.compile(f"[{CJK}]{{1,10}}(?:[{dots}][{CJK}]{{1,10}})+"),
        run=re.compile(f"[{CJK}]+"),
        unanchored_next=re.compile("|".join(map(re.escape, raw["unanchored_next"])) + r"|\d"),
    )


def name_at(norm: str, pos: int, blocked: set[int] | None = None) -> tuple[int, int] | None:
    """The span of a person's name starting at ``pos`` (right after a title), or None."""
    rules = name_rules()
    blocked = blocked or set()
    dotted = rules.dotted.match(norm, pos)
    if dotted:
        last_dot = max(dotted.group().rfind(d) for d in "·•・．")
        first_cut = pos + last_dot + 2
        for end in range(first_cut, dotted.end() + 1):
            if end == dotted.end() or _stops(norm, end, rules, blocked):
                return pos, end
        return None
    run = rules.run.match(norm, pos)
    if not run or rules.stop.match(norm, pos):
        return None
    limit = rules.max_chinese_style if norm[pos] in rules.surnames else rules.max_cjk
    for length in range(rules.min_cjk, limit + 1):
        end = pos + length
        if end > run.end():
            return None
        if norm[end - 1] in rules.bad_chars:
            return None
        if end == run.end() or _stops(norm, end, rules, blocked):
            return pos, end
    return None


def _stops(norm: str, pos: int, rules: NameRules, blocked: set[int]) -> bool:
    return pos >= len(norm) or norm[pos] in rules.stop_chars or pos in blocked or bool(rules.stop.match(norm, pos))


def find_titled_names(norm: str, hits: list[Hit], gaz: Gazetteer) -> list[Hit]:
    """Add a person hit after every title chain not already followed by a known name."""
    # A name stops where a known entity begins; only short, uncertain city names may sit inside a name.
    starts = {h.start for h in hits if h.kind == "entity" and (h.type != "place" or h.confidence >= 1.0)}
    out = list(hits)
    i = 0
    while i < len(hits):
        if hits[i].kind != "title":
            i += 1
            continue
        first = i
        while i + 1 < len(hits) and hits[i + 1].kind == "title" and _chained(norm, hits[i], hits[i + 1]):
            i += 1
        title = hits[i]
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        i += 1
        if nxt is not None and nxt.start == title.end and nxt.type != "place":
            continue  # a known person (or an organisation) follows the title
        span = name_at(norm, title.end, starts)
        if span is None:
            continue
        anchor = hits[first - 1] if first > 0 and hits[first - 1].end == hits[first].start else None
        if anchor is None and not name_rules().unanchored_next.match(norm, span[1]):
            continue
        out = _place_name(out, _new_person(norm, span, title, anchor, gaz))
    return out


def _chained(norm: str, a: Hit, b: Hit) -> bool:
    """Titles in a row: "国务委员兼外长", "总统、总理"."""
    gap = norm[a.end:b.start]
    return gap in ("", "兼", "、", "和")


def _new_person(norm: str, span: tuple[int, int], title: Hit, anchor: Hit | None, gaz: Gazetteer) -> Hit:
    name = norm[span[0]:span[1]]
    spec = gaz.titles.get(title.title or "")
    title_sector = spec.sector if spec else None
    code, sector = UNKNOWN_CODE, title_sector
    if anchor is not None and anchor.kind == "entity" and anchor.code and anchor.type in ("state", "org"):
        code = anchor.code
        if code in NON_STATE_CODES:
            sector = title_sector if title_sector in TITLE_SECTOR_WINS else anchor.sector
        elif anchor.sector and title_sector not in TITLE_SECTOR_WINS:
            sector = anchor.sector
    entity = gaz.register(Entity(
        id=f"zhe:person:{name}", type="person", name_zh=name, code=code, sector=sector,
        country=code if code not in NON_STATE_CODES else None,
        role=spec.role_en if spec else title.title, aliases=[name], source="pattern",
    ))
    confidence = ANCHOR_CONFIDENCE if anchor is not None else UNANCHORED_CONFIDENCE
    return Hit(span[0], span[1], "entity", entity.id, "person", entity.code, entity.sector,
               method="pattern", confidence=confidence)


def _place_name(hits: list[Hit], person: Hit) -> list[Hit]:
    """Insert a pattern name; uncertain city hits inside it (a city within a transliteration) give way."""
    kept = [h for h in hits if h.end <= person.start or h.start >= person.end]
    kept.append(person)
    kept.sort(key=lambda h: h.start)
    return kept
