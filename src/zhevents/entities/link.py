"""Linking inside a story: bare government bodies, short references to new names, 双方/两国.

Every hit already carries a stable entity id (gazetteer slug, composite body id, or
``zhe:person:<name>`` for a name a title pattern found).  This module resolves what needs the story:
- a bare body ("国防部") → the same body named earlier in the story, else the state named last in the
  sentence, else the body's default state, else UNK;
- a name found after a title and repeated later on its own ("曼图") → the same entity (method "coref");
- "双方"/"两国" → the two parties the story names (one hit per party on the same span, method "coref").
"""

from __future__ import annotations

import re
from functools import lru_cache

from zhevents.entities.gazetteer import UNKNOWN_CODE, Gazetteer, Hit, gazetteer, read_yaml
from zhevents.entities.patterns import NON_STATE_CODES

SENTENCE_END = re.compile(r"[。！？!?\n]")
COREF_CONFIDENCE = 0.8
CONTEXT_CONFIDENCE = 0.6
DEFAULT_CONFIDENCE = 0.5
PARTY_CONFIDENCE = 0.7


def link_hits(norm: str, hits: list[Hit], gaz: Gazetteer) -> list[Hit]:
    """Resolve bodies, repeated new names and party words; returns entity hits sorted by start."""
    resolved = _resolve_bodies(norm, [h for h in hits if h.kind != "title"], gaz)
    resolved = _repeat_new_names(norm, resolved)
    resolved = _party_words(norm, resolved, gaz)
    return sorted(resolved, key=lambda h: (h.start, h.end))


# ------------------------------------------------------------------ bare bodies

def _resolve_bodies(norm: str, hits: list[Hit], gaz: Gazetteer) -> list[Hit]:
    out: list[Hit] = []
    for hit in hits:
        if hit.kind != "body":
            out.append(hit)
            continue
        slug = hit.slug or ""
        earlier = next((h for h in reversed(out) if h.slug == slug and h.code), None)
        if earlier is not None:
            out.append(_body_hit(hit, earlier.code or UNKNOWN_CODE, gaz, "coref", COREF_CONFIDENCE))
            continue
        sentence_start = _sentence_start(norm, hit.start)
        state = next(
            (h for h in reversed(out) if h.start >= sentence_start and h.type == "state" and h.code), None
        )
        if state is not None:
            out.append(_body_hit(hit, state.code or UNKNOWN_CODE, gaz, "coref", CONTEXT_CONFIDENCE))
            continue
        code = gaz.bodies[slug].default_code or UNKNOWN_CODE
        out.append(_body_hit(hit, code, gaz, "gazetteer", DEFAULT_CONFIDENCE))
    return out


def _body_hit(hit: Hit, code: str, gaz: Gazetteer, method: str, confidence: float) -> Hit:
    body = gaz.bodies[hit.slug or ""]
    return Hit(hit.start, hit.end, "entity", gaz.body_id(code, body.slug), "org", code, body.sector,
               slug=body.slug, method=method, confidence=confidence)


def _sentence_start(norm: str, pos: int) -> int:
    last = 0
    for m in SENTENCE_END.finditer(norm, 0, pos):
        last = m.end()
    return last


# ------------------------------------------------------------------ new names repeated

def _repeat_new_names(norm: str, hits: list[Hit]) -> list[Hit]:
    found = {norm[h.start:h.end]: h for h in hits if h.method == "pattern"}
    if not found:
        return hits
    forms = dict(found)
    for name, hit in found.items():
        for sep in "·•・．":
            if sep in name:
                forms.setdefault(name.rsplit(sep, 1)[1], hit)  # 曼图 for 菲利波·曼图
    taken = [(h.start, h.end) for h in hits]
    added = []
    for form, source in forms.items():
        if len(form) < 2:
            continue
        for m in re.finditer(re.escape(form), norm):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            added.append(Hit(m.start(), m.end(), "entity", source.entity_id, "person", source.code,
                             source.sector, method="coref", confidence=COREF_CONFIDENCE))
            taken.append((m.start(), m.end()))
    return hits + added


# ------------------------------------------------------------------ 双方 / 两国

@lru_cache(maxsize=1)
def _party_patterns() -> tuple[re.Pattern[str], frozenset[str]]:
    raw = read_yaml("patterns.yaml")
    words = sorted(raw["party_words"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), frozenset(raw["state_only_party_words"])


def _party_words(norm: str, hits: list[Hit], gaz: Gazetteer) -> list[Hit]:
    pattern, state_only = _party_patterns()
    taken = [(h.start, h.end) for h in hits]
    added: list[Hit] = []
    for m in pattern.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        parties = _two_parties(norm, m.start(), hits, m.group() in state_only)
        if parties is None:
            continue
        for party in parties:
            added.append(Hit(m.start(), m.end(), "entity", party.entity_id, party.type, party.code,
                             party.sector if party.type != "state" else None, method="coref",
                             confidence=PARTY_CONFIDENCE))
    return hits + added


def _actor(hit: Hit, states_only: bool) -> bool:
    if hit.kind != "entity" or not hit.code or hit.code == UNKNOWN_CODE or hit.type == "place":
        return False
    if hit.sector == "JRN":
        return False  # an outlet reporting is not a party
    return not (states_only and hit.code in NON_STATE_CODES)


def _two_parties(norm: str, pos: int, hits: list[Hit], states_only: bool) -> list[Hit] | None:
    before = [h for h in hits if h.end <= pos and _actor(h, states_only)]
    if not before:
        return None
    # "俄乌双方", "中美两国": the pair right before the word.
    if len(before) >= 2 and before[-1].end == pos and before[-2].end == before[-1].start:
        pair = _by_code(before[-2:])
        if len(pair) == 2:
            return _representatives(pair, hits)
    persons = _by_code([h for h in before if h.type == "person"])
    if len(persons) == 2:
        return _representatives(persons, hits)
    # The nearest sentence (this one up to the word, then earlier ones) that names two or more parties.
    end = pos
    while end > 0:
        start = _sentence_start(norm, end - 1) if end > 0 else 0
        codes = _by_code([h for h in before if h.start >= start and h.end <= end])
        if len(codes) >= 2:
            return _representatives(codes, hits) if len(codes) == 2 else None
        if start == 0:
            break
        end = start - 1
    return None


def _by_code(hits: list[Hit]) -> dict[str, Hit]:
    out: dict[str, Hit] = {}
    for h in hits:
        out.setdefault(h.code or UNKNOWN_CODE, h)
    return out


def _representatives(by_code: dict[str, Hit], hits: list[Hit]) -> list[Hit]:
    """A party is its state when the code is a state's, else the first organisation with that code."""
    gaz = gazetteer()
    out = []
    for code, first in by_code.items():
        if code not in NON_STATE_CODES:
            out.append(Hit(0, 0, "entity", gaz.state_id(code), "state", code, None))
            continue
        org = next((h for h in hits if h.code == code and h.type == "org"), first)
        out.append(org)
    return out


# ------------------------------------------------------------------ code and sector of an actor phrase

def resolve_code(text: str) -> tuple[str, str | None] | None:
    """PLOVER (code, sector) of an actor phrase: "俄军" → ("RUS", "MIL"), "乌方" → ("UKR", "GOV"),
    "基辅当局" → ("UKR", "GOV"), "俄罗斯国防部" → ("RUS", "GOV"), "顿涅茨克人民共和国" → ("UKR", "PRE").

    The head is the last state, organisation or person the phrase names (places only when nothing else
    is named: their country); a sector noun after the head ("乌方谈判代表", "乌克兰武装人员") sets the
    sector unless the head is a person.  None when the phrase names nothing known.
    """
    norm = to_simplified(text)
    gaz = gazetteer()
    hits = [h for h in link_hits(norm, gaz.match(norm), gaz) if h.kind == "entity" and h.code]
    if not hits:
        return None
    actors = [h for h in hits if h.type != "place"]
    head = (actors or hits)[-1]
    if head.code is None or head.code == UNKNOWN_CODE:
        return None
    if head.type == "place":
        return head.code, None
    sector = head.sector
    if head.type != "person":
        sector = _sector_after(norm[head.end:], gaz) or sector
    return head.code, sector


def _sector_after(rest: str, gaz: Gazetteer) -> str | None:
    found: tuple[int, int, str] | None = None
    for word, sector in gaz.sector_words.items():
        at = rest.rfind(word)
        # The noun that ends last is the head of the phrase; at one end position the longer noun wins.
        if at >= 0 and (found is None or (at + len(word), len(word)) > (found[0], found[1])):
            found = (at + len(word), len(word), sector)
    return found[2] if found else None


@lru_cache(maxsize=1)
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified script as the normalize stage makes it (its function when present, else OpenCC t2s)."""
    try:
        from zhevents.normalize import to_simplified as normalize_to_simplified
    except ImportError:
        return _converter().convert(text)  # type: ignore[attr-defined,no-any-return]
    return normalize_to_simplified(text)[0]
