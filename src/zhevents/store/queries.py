"""Parameterised read queries over the store, shaped for the HTTP API and the web explorer.

Every function takes an open ``sqlite3.Connection`` (rows as ``sqlite3.Row``) and returns plain
dicts and lists ready for JSON.  User input reaches SQL only as bound parameters; the only text
spliced into SQL is chosen from fixed tables here (sort orders, filter clauses).

Filters are validated by :func:`parse_filter`, which raises :class:`QueryError` with a message
naming the parameter, so the API can answer 400 with that message.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# PLOVER event types (reference/plover.md); a filter on anything else is a client error.
PLOVER_EVENTS = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
AUX_VALUES = ("future", "hypothetical", "negation", "historical")
# sort key → ORDER BY; rowid breaks ties so the (event, date) and (date) indexes serve the order.
SORTS = {
    "date": "e.date ASC, e.rowid ASC",
    "-date": "e.date DESC, e.rowid DESC",
    "published": "e.published ASC, e.rowid ASC",
    "-published": "e.published DESC, e.rowid DESC",
    "confidence": "e.confidence ASC, e.rowid ASC",
    "-confidence": "e.confidence DESC, e.rowid DESC",
    "id": "e.id ASC",
}
DEFAULT_SORT = "-date"
MAX_LIMIT = 1000
MAX_TEXT = 200  # longest accepted free-text filter value
_CODE = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class QueryError(ValueError):
    """A request parameter is malformed; the message names it and says what is accepted."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param


@dataclass(slots=True, frozen=True)
class EventFilter:
    since: str | None = None  # ISO day, inclusive
    until: str | None = None  # ISO day, inclusive
    event: str | None = None
    actor: str | None = None
    recipient: str | None = None
    code: str | None = None
    place: str | None = None
    outlet: str | None = None
    attribution: str | None = None
    aux: str | None = None
    q: str | None = None


# -- script conversion (OpenCC), shared by the `q` filter and the story view ---------------------
@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_script(text: str, script: str) -> str:
    """``text`` in ``simplified`` or ``traditional`` script; ``original`` returns it unchanged."""
    if script == "simplified":
        return str(_converter("t2s").convert(text))
    if script == "traditional":
        return str(_converter("s2t").convert(text))
    if script == "original":
        return text
    raise QueryError("script", f"unknown script {script!r}; choose original, simplified or traditional")


def _variants(text: str) -> list[str]:
    """The text as given, in simplified and in traditional script (distinct, in that order)."""
    out: list[str] = []
    for v in (text, to_script(text, "simplified"), to_script(text, "traditional")):
        if v not in out:
            out.append(v)
    return out


# -- validation -----------------------------------------------------------------------------------
def parse_day(param: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _DATE.match(value):
        raise QueryError(param, f"{value!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise QueryError(param, f"{value!r} is not a valid date: {exc}") from None


def _text(param: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > MAX_TEXT:
        raise QueryError(param, f"longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise QueryError(param, "contains a NUL character")
    return value


def parse_filter(**raw: str | None) -> EventFilter:
    """Validate raw query-string values into an :class:`EventFilter`."""
    unknown = set(raw) - set(EventFilter.__dataclass_fields__)
    if unknown:
        raise QueryError(sorted(unknown)[0], "unknown filter")
    since, until = parse_day("since", raw.get("since")), parse_day("until", raw.get("until"))
    if since and until and since > until:
        raise QueryError("until", f"{until} is before since={since}")
    event = _text("event", raw.get("event"))
    if event is not None:
        event = event.upper()
        if event not in PLOVER_EVENTS:
            raise QueryError("event", f"unknown PLOVER event type {event!r}; one of {', '.join(PLOVER_EVENTS)}")
    code = _text("code", raw.get("code"))
    if code is not None:
        code = code.upper()
        if not _CODE.match(code):
            raise QueryError("code", f"{code!r} is not a 3-letter state (ISO alpha-3) or PLOVER code")
    aux = _text("aux", raw.get("aux"))
    if aux is not None and aux not in AUX_VALUES:
        raise QueryError("aux", f"unknown aux {aux!r}; one of {', '.join(AUX_VALUES)}")
    return EventFilter(
        since=since, until=until, event=event, code=code, aux=aux,
        **{k: _text(k, raw.get(k)) for k in ("actor", "recipient", "place", "outlet", "attribution", "q")},
    )


def parse_page(limit: int, offset: int, sort: str) -> tuple[int, int, str]:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError("limit", f"{limit} is out of range 1..{MAX_LIMIT}")
    if offset < 0:
        raise QueryError("offset", f"{offset} is negative")
    if sort not in SORTS:
        raise QueryError("sort", f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    return limit, offset, sort


# -- WHERE clause ---------------------------------------------------------------------------------
def _party_clause(role: str, value: str, params: dict[str, Any]) -> str:
    """Actor or recipient: a code (indexed code column), a name in either script, a wikidata id, or an
    entity id (matched through the entity's name)."""
    column = "actor_codes" if role == "actor" else "recipient_codes"
    params[f"{role}_pad"] = f" {value.upper()} "
    if _CODE.match(value):  # written as a code (RUS, UNO): the code column alone, served by an index
        return f"instr(' ' || e.{column} || ' ', :{role}_pad) > 0"
    names = _variants(value)
    keys = []
    for i, name in enumerate(names):
        params[f"{role}_n{i}"] = name
        keys.append(f":{role}_n{i}")
    names_sql = ", ".join(keys)
    return (f"(instr(' ' || e.{column} || ' ', :{role}_pad) > 0 OR EXISTS (SELECT 1 FROM json_each(e.json, "
            f"'$.{role}') p WHERE p.value ->> 'entity_text' IN ({names_sql})"
            f" OR p.value ->> 'identifier_text' IN ({names_sql}) OR p.value ->> 'wikidata_id' = :{role}_n0"
            f" OR p.value ->> 'entity_text' IN (SELECT name_zh FROM entities WHERE id = :{role}_n0)))")


def where_clause(f: EventFilter) -> tuple[str, dict[str, Any]]:
    """SQL condition over ``events e`` and its bound parameters."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if f.since:
        clauses.append("e.date >= :since")
        params["since"] = f.since
    if f.until:  # inclusive day: compare with the next day so datetimes on that day still match
        clauses.append("e.date < :until_next")
        params["until_next"] = (dt.date.fromisoformat(f.until) + dt.timedelta(days=1)).isoformat()
    if f.event:
        clauses.append("e.event = :event")
        params["event"] = f.event
    if f.code:
        clauses.append("(instr(' ' || e.actor_codes || ' ', :code_pad) > 0"
                       " OR instr(' ' || e.recipient_codes || ' ', :code_pad) > 0)")
        params["code_pad"] = f" {f.code} "
    if f.actor:
        clauses.append(_party_clause("actor", f.actor, params))
    if f.recipient:
        clauses.append(_party_clause("recipient", f.recipient, params))
    if f.place:
        names = _variants(f.place)
        params.update({f"place{i}": n for i, n in enumerate(names)})
        clauses.append(f"e.place_name IN ({', '.join(f':place{i}' for i in range(len(names)))})")
    if f.outlet:
        clauses.append("e.outlet = :outlet")
        params["outlet"] = f.outlet
    if f.attribution:
        names = _variants(f.attribution)
        params.update({f"attr{i}": n for i, n in enumerate(names)})
        keys = ", ".join(f":attr{i}" for i in range(len(names)))
        clauses.append("EXISTS (SELECT 1 FROM json_each(e.json, '$.attribution') a WHERE "
                       f"(CASE a.type WHEN 'object' THEN a.value ->> 'text' ELSE a.value END) IN ({keys}))")
    if f.aux:
        clauses.append("EXISTS (SELECT 1 FROM json_each(e.json, '$.aux') x WHERE x.value = :aux)")
        params["aux"] = f.aux
    if f.q:
        clauses.append(_text_clause(f.q, params))
    return (" AND ".join(clauses) or "1"), params


def _text_clause(q: str, params: dict[str, Any]) -> str:
    """Free text in either script: simplified query over ``norm``, every variant over the original."""
    simplified = to_script(q, "simplified")
    variants = _variants(q)
    params["q_norm"] = simplified
    params.update({f"q{i}": v for i, v in enumerate(variants)})
    original = " OR ".join(f"instr(s.text, :q{i}) > 0" for i in range(len(variants)))
    return ("e.story_id IN (SELECT s.id FROM stories s WHERE instr(s.norm, :q_norm) > 0 OR "
            f"{original} OR instr(COALESCE(s.headline, ''), :q_norm) > 0)")


# -- events ---------------------------------------------------------------------------------------
def _event_json(row: sqlite3.Row) -> dict[str, Any]:
    ev: dict[str, Any] = json.loads(row["json"])
    ev.setdefault("id", row["id"])
    return ev


# -- counts per (date, type), kept by triggers (migration 5) ----------------------------------------
def _counts_table(db: sqlite3.Connection, f: EventFilter) -> tuple[str, dict[str, Any]] | None:
    """WHERE over ``event_day_counts`` equivalent to the filter, when the filter is only dates and a type.

    Every other filter needs the events themselves; a store from before migration 5 has no such table.
    """
    if any(getattr(f, k) for k in EventFilter.__dataclass_fields__ if k not in ("since", "until", "event")):
        return None
    if not _has_table(db, "event_day_counts"):
        return None
    clauses, params = ["n > 0"], {}
    if f.since:
        clauses.append("day >= :since")
        params["since"] = f.since
    if f.until:
        clauses.append("day < :until_next")
        params["until_next"] = (dt.date.fromisoformat(f.until) + dt.timedelta(days=1)).isoformat()
    if f.event:
        clauses.append("event = :event")
        params["event"] = f.event
    return " AND ".join(clauses), params


# -- one row per (event, code), kept by triggers (migration 6) --------------------------------------
_ROLES = {"code": None, "actor": (1, 3), "recipient": (2, 3)}
_OTHER_FIELDS = ("place", "outlet", "attribution", "aux", "q")


def _single_code(f: EventFilter) -> tuple[str, tuple[int, int] | None] | None:
    """(code, roles) when the filter is dates, a type and exactly one party given as a code, else None."""
    if any(getattr(f, k) for k in _OTHER_FIELDS):
        return None
    given = [(k, getattr(f, k)) for k in _ROLES if getattr(f, k)]
    if len(given) != 1 or not _CODE.match(given[0][1]):
        return None  # two parties, or a name / entity id: the events themselves are needed
    role, code = given[0]
    return code, _ROLES[role]


def _codes_table(db: sqlite3.Connection, f: EventFilter) -> tuple[str, dict[str, Any]] | None:
    """WHERE over ``event_codes c`` equivalent to the filter, when :func:`_single_code` allows it.

    ``c.day`` is ``'d' || date`` ('' for no date), so the day bounds get the same prefix and a bound
    excludes undated events as ``e.date < :until_next`` does.
    """
    single = _single_code(f)
    if single is None or not _has_table(db, "event_code_counts"):
        return None
    code, roles = single
    clauses, params = ["c.code = :c_code"], {"c_code": code}
    if f.since:
        clauses.append("c.day >= :c_since")
        params["c_since"] = "d" + f.since
    if f.until:
        clauses.append("c.day > '' AND c.day < :c_until_next")
        params["c_until_next"] = "d" + (dt.date.fromisoformat(f.until) + dt.timedelta(days=1)).isoformat()
    if f.event:
        clauses.append("c.event = :c_event")
        params["c_event"] = f.event
    if roles:
        clauses.append(f"c.role IN ({roles[0]}, {roles[1]})")
    return " AND ".join(clauses), params


def _code_page_rows(db: sqlite3.Connection, codes: tuple[str, dict[str, Any]], limit: int, offset: int,
                    sort: str) -> list[tuple[str]]:
    """The page's event JSON through ``event_codes``, in exactly the order of :data:`SORTS` (date, then rowid).

    The (offset + limit)-th match's day is the cut: every event of the page is on or before it, so
    only the events up to that day (ties included) are read to break ties by rowid.
    """
    where, params = codes
    desc = sort.startswith("-")
    cur = db.cursor()
    cur.row_factory = None
    cut = cur.execute(
        f"SELECT c.day FROM event_codes c WHERE {where} ORDER BY c.day {'DESC' if desc else 'ASC'}"
        " LIMIT 1 OFFSET :c_k", {**params, "c_k": offset + limit - 1}).fetchone()
    if cut is not None:
        where += f" AND c.day {'>=' if desc else '<='} :c_cut"
        params = {**params, "c_cut": cut[0]}
    # c.day orders as e.date does, so the candidates need only the id index (id → rowid), not their rows
    by_day = "c.day DESC, e.rowid DESC" if desc else "c.day ASC, e.rowid ASC"
    return cur.execute(
        f"SELECT e.json FROM events e WHERE e.rowid IN (SELECT e.rowid FROM event_codes c CROSS JOIN events e"
        f" ON e.id = c.id WHERE {where} ORDER BY {by_day} LIMIT :limit OFFSET :offset) ORDER BY {SORTS[sort]}",
        {**params, "limit": limit, "offset": offset}).fetchall()


def count_events(db: sqlite3.Connection, f: EventFilter) -> int:
    counted = _counts_table(db, f)
    if counted is not None:
        where, params = counted
        return int(db.execute(f"SELECT COALESCE(SUM(n), 0) FROM event_day_counts WHERE {where}", params).fetchone()[0])
    codes = _codes_table(db, f)
    if codes is not None:  # event_code_counts has event_codes' columns, so the same WHERE applies
        sql = f"SELECT COALESCE(SUM(c.n), 0) FROM event_code_counts c WHERE {codes[0]}"
        return int(db.execute(sql, codes[1]).fetchone()[0])
    where, params = where_clause(f)
    return int(db.execute(f"SELECT COUNT(*) FROM events e WHERE {where}", params).fetchone()[0])


def list_events(db: sqlite3.Connection, f: EventFilter, *, limit: int = 50, offset: int = 0,
                sort: str = DEFAULT_SORT) -> dict[str, Any]:
    """One page of events (PLOVER JSON) and the total matching the filter."""
    return json.loads(list_events_json(db, f, limit=limit, offset=offset, sort=sort))  # type: ignore[no-any-return]


def list_events_json(db: sqlite3.Connection, f: EventFilter, *, limit: int = 50, offset: int = 0,
                     sort: str = DEFAULT_SORT) -> str:
    """:func:`list_events` as JSON text, spliced from the stored event JSON without re-parsing it."""
    limit, offset, sort = parse_page(limit, offset, sort)
    codes = _codes_table(db, f) if sort in ("date", "-date") else None
    if codes is not None:
        rows = _code_page_rows(db, codes, limit, offset, sort)
    else:
        rows = _page_rows(db, f, limit, offset, sort)
    # a short page is the last one: its end is the total, no second pass over the matches needed
    total = offset + len(rows) if len(rows) < limit and (rows or offset == 0) else count_events(db, f)
    tail = json.dumps({"total": total, "limit": limit, "offset": offset, "sort": sort})
    return '{"events":[' + ",".join(r[0] for r in rows) + "]," + tail[1:]


def _page_rows(db: sqlite3.Connection, f: EventFilter, limit: int, offset: int, sort: str) -> list[tuple[str]]:
    """The page's event JSON: rowids picked first (an index answers date/type filters and the date order
    without reading the large event rows), then the JSON of just those rows."""
    where, params = where_clause(f)
    cur = db.cursor()
    cur.row_factory = None
    order = SORTS[sort]
    return cur.execute(
        f"SELECT e.json FROM events e WHERE e.rowid IN (SELECT e.rowid FROM events e WHERE {where}"
        f" ORDER BY {order} LIMIT :limit OFFSET :offset) ORDER BY {order}",
        {**params, "limit": limit, "offset": offset},
    ).fetchall()


def iter_events(db: sqlite3.Connection, f: EventFilter, sort: str = "date",
                batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every matching event, in batches, for streaming exports."""
    where, params = where_clause(f)
    cur = db.execute(f"SELECT e.id, e.json FROM events e WHERE {where} ORDER BY {SORTS[sort]}", params)
    while rows := cur.fetchmany(batch):
        for row in rows:
            yield _event_json(row)


def event_detail(db: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """One event with its evidence, its sentence, every entity mention in that sentence, its page."""
    row = db.execute(
        "SELECT e.*, p.text AS page_text, p.url, p.title, p.source FROM events e"
        " JOIN pages p ON p.id = e.page_id WHERE e.id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    text = row["page_text"]
    s_start, s_end = row["sentence_start"], row["sentence_end"]
    if s_end <= s_start:
        s_start, s_end = row["start"], row["end"]
    mentions = [_span(m) for m in db.execute(
        "SELECT * FROM mentions WHERE story_id = ? AND start >= ? AND \"end\" <= ? ORDER BY start",
        (row["story_id"], s_start, s_end))]
    return {
        "event": _event_json(row),
        "evidence": {"page_id": row["page_id"], "story_id": row["story_id"], "start": row["start"],
                     "end": row["end"], "text": text[row["start"]:row["end"]]},
        "sentence": {"start": s_start, "end": s_end, "text": text[s_start:s_end]},
        "mentions": mentions,
        "reports": _reports(db, event_id, row),
        "page": {"id": row["page_id"], "doc": row["doc"], "url": row["url"], "title": row["title"],
                 "outlet": row["outlet"], "published": row["published"]},
    }


def _reports(db: sqlite3.Connection, event_id: str, row: sqlite3.Row) -> list[dict[str, Any]]:
    """Every report of the same action: the events of its cluster (dedup stage), else this one alone."""
    sql = ("SELECT e.id, e.story_id, e.page_id, e.start, e.\"end\", e.outlet, e.published, e.event_text"
           " FROM events e WHERE e.id = :id")
    if _has_table(db, "event_clusters"):
        sql = ("SELECT e.id, e.story_id, e.page_id, e.start, e.\"end\", e.outlet, e.published, e.event_text"
               " FROM event_clusters c JOIN event_clusters o ON o.cluster_id = c.cluster_id"
               " JOIN events e ON e.id = o.event_id WHERE c.event_id = :id ORDER BY e.published, e.id")
    rows = [dict(r) for r in db.execute(sql, {"id": event_id})]
    if not rows:
        rows = [{"id": event_id, "story_id": row["story_id"], "page_id": row["page_id"], "start": row["start"],
                 "end": row["end"], "outlet": row["outlet"], "published": row["published"],
                 "event_text": row["event_text"]}]
    return rows


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _span(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d.pop("id", None)
    return d


# -- stories --------------------------------------------------------------------------------------
def story_detail(db: sqlite3.Connection, story_id: str, script: str = "original") -> dict[str, Any] | None:
    """The page text of a story with every span the explorer highlights (all offsets index ``text``)."""
    if script not in ("original", "simplified", "traditional"):
        raise QueryError("script", f"unknown script {script!r}; choose original, simplified or traditional")
    row = db.execute(
        "SELECT s.*, p.doc, p.published, p.outlet, p.url, p.title, p.source, p.text AS page_text,"
        " p.removed_json FROM stories s JOIN pages p ON p.id = s.page_id WHERE s.id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    text: str = row["page_text"]
    spans = _story_spans(db, row)
    if script != "original":
        text, spans = _convert_with_spans(text, spans, script)
    return {
        "id": row["id"], "page_id": row["page_id"], "seq": row["seq"], "kind": row["kind"],
        "script": script, "original_script": row["script"], "doc": row["doc"], "title": row["title"],
        "published": row["published"], "outlet": row["outlet"], "url": row["url"], "source": row["source"],
        "reference_date": row["reference_date"], "category": row["category"],
        "truncated": bool(row["truncated"]), "duplicate_of": row["duplicate_of"],
        "text": text, **spans,
    }


def _story_spans(db: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    story_id = row["id"]
    align = json.loads(row["align_json"] or "[]")
    body = [{"start": b[2], "end": b[3]} for b in align if b[3] > b[2]]
    parts = {k: ({"start": row[f"{k}_start"], "end": row[f"{k}_end"]} if row[f"{k}_start"] is not None else None)
             for k in ("headline", "dateline", "source_line")}
    entities = [
        {"start": m["start"], "end": m["end"], "entity_id": m["entity_id"], "type": m["type"],
         "method": m["method"], "name": m["name_zh"], "code": m["code"]}
        for m in db.execute(
            "SELECT m.*, n.name_zh, n.code FROM mentions m LEFT JOIN entities n ON n.id = m.entity_id"
            " WHERE m.story_id = ? ORDER BY m.start", (story_id,))]
    times = [{"start": t["start"], "end": t["end"], "date": t["date"], "end_date": t["end_date"],
              "precision": t["precision"], "inferred": bool(t["inferred"])}
             for t in db.execute("SELECT * FROM times WHERE story_id = ? ORDER BY start", (story_id,))]
    events = []
    for e in db.execute("SELECT id, event, start, \"end\", sentence_start, sentence_end, json FROM events"
                        " WHERE story_id = ? ORDER BY start", (story_id,)):
        ev = json.loads(e["json"])
        events.append({"id": e["id"], "event": e["event"], "start": e["start"], "end": e["end"],
                       "sentence_start": e["sentence_start"], "sentence_end": e["sentence_end"],
                       "attribution": ev.get("attribution", []), "actor": ev.get("actor", []),
                       "recipient": ev.get("recipient", []), "date": ev.get("date"),
                       "aux": ev.get("aux", []), "qualifier": ev.get("qualifier")})
    siblings = [{"id": s["id"], "kind": s["kind"], "spans": [[b[2], b[3]] for b in json.loads(s["align_json"])]}
                for s in db.execute("SELECT id, kind, align_json FROM stories WHERE page_id = ? AND id != ?"
                                    " ORDER BY seq", (row["page_id"], story_id))]
    return {
        "body": body, **parts,
        "captions": [{"start": c["start"], "end": c["end"]} for c in json.loads(row["captions_json"] or "[]")],
        "removed": [{"start": r["start"], "end": r["end"], "reason": r["reason"]}
                    for r in json.loads(row["removed_json"] or "[]")],
        "entities": entities, "times": times, "events": events, "other_stories": siblings,
    }


def _convert_with_spans(text: str, spans: dict[str, Any], script: str) -> tuple[str, dict[str, Any]]:
    """Convert ``text`` piece by piece between span edges, so every span still covers its text."""
    edges = {0, len(text)}
    _collect_edges(spans, edges)
    cuts = sorted(e for e in edges if 0 <= e <= len(text))
    moved: dict[int, int] = {0: 0}
    out: list[str] = []
    pos = 0
    for a, b in itertools.pairwise(cuts):
        piece = to_script(text[a:b], script)
        out.append(piece)
        pos += len(piece)
        moved[b] = pos
    return "".join(out), _shift_edges(spans, moved)


_EDGE_KEYS = ("start", "end", "sentence_start", "sentence_end")


def _collect_edges(node: Any, edges: set[int]) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in _EDGE_KEYS and isinstance(v, int):
                edges.add(v)
            elif k == "spans" and isinstance(v, list):
                edges.update(x for pair in v for x in pair)
            else:
                _collect_edges(v, edges)
    elif isinstance(node, list):
        for item in node:
            _collect_edges(item, edges)


def _shift_edges(node: Any, moved: dict[int, int]) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for k, v in node.items():
            if k in _EDGE_KEYS and isinstance(v, int):
                out[k] = moved.get(v, v)
            elif k == "spans" and isinstance(v, list):
                out[k] = [[moved.get(a, a), moved.get(b, b)] for a, b in v]
            else:
                out[k] = _shift_edges(v, moved)
        return out
    if isinstance(node, list):
        return [_shift_edges(item, moved) for item in node]
    return node


# -- entities -------------------------------------------------------------------------------------
ENTITY_TYPES = ("person", "org", "place", "state")


def list_entities(db: sqlite3.Connection, *, q: str | None = None, type: str | None = None,
                  limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Entities with mention counts, most mentioned first."""
    if type is not None and type not in ENTITY_TYPES:
        raise QueryError("type", f"unknown entity type {type!r}; one of {', '.join(ENTITY_TYPES)}")
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError("limit", f"{limit} is out of range 1..{MAX_LIMIT}")
    if offset < 0:
        raise QueryError("offset", f"{offset} is negative")
    q = _text("q", q)
    clauses: list[str] = ["1"]
    params: dict[str, int | str] = {"limit": limit, "offset": offset}
    if type:
        clauses.append("n.type = :type")
        params["type"] = type
    if q:
        variants = _variants(q)
        params.update({f"q{i}": v for i, v in enumerate(variants)})
        ors = " OR ".join(f"instr(n.name_zh, :q{i}) > 0" for i in range(len(variants)))
        clauses.append(f"({ors} OR instr(lower(COALESCE(n.name_en, '')), lower(:q0)) > 0 OR n.id = :q0"
                       " OR n.code = upper(:q0))")
    where = " AND ".join(clauses)
    rows = db.execute(
        f"SELECT n.*, (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = n.id) AS mentions FROM entities n"
        f" WHERE {where} ORDER BY mentions DESC, n.id LIMIT :limit OFFSET :offset", params).fetchall()
    total = db.execute(f"SELECT COUNT(*) FROM entities n WHERE {where}", params).fetchone()[0]
    return {"entities": [dict(r) for r in rows], "total": int(total)}


def entity_detail(db: sqlite3.Connection, entity_id: str, *, limit: int = 200) -> dict[str, Any] | None:
    """An entity, its mentions per story, and every event it is an actor or recipient of.

    The PLOVER JSON names actors by text, code and wikidata id: an event is the entity's when an
    actor's text is the entity's name (either script) or a name it was mentioned by, its wikidata id
    matches, or, for a state, its code matches (a state acts through its officials).
    """
    row = db.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    entity = dict(row)
    stories = [dict(r) for r in db.execute(
        "SELECT m.story_id, COUNT(*) AS mentions, MIN(m.text) AS text FROM mentions m WHERE m.entity_id = ?"
        " GROUP BY m.story_id ORDER BY m.story_id", (entity_id,))]
    surfaces = {entity["name_zh"], *(r[0] for r in db.execute(
        "SELECT DISTINCT text FROM mentions WHERE entity_id = ? LIMIT 50", (entity_id,)))}
    names = sorted({v for name in surfaces if name for v in _variants(name)})
    params: dict[str, Any] = {f"n{i}": n for i, n in enumerate(names)}
    params["wd"] = entity.get("wikidata_id") or "\x00"
    keys = ", ".join(f":n{i}" for i in range(len(names))) or "NULL"
    match = f"p.value ->> 'entity_text' IN ({keys}) OR p.value ->> 'wikidata_id' = :wd"
    if entity.get("type") == "state" and entity.get("code"):
        match += " OR p.value ->> 'code' = :code"
        params["code"] = entity["code"]
    sql = (f"SELECT e.id, e.json, r.role FROM events e JOIN (SELECT 'actor' AS role UNION ALL SELECT 'recipient')"
           f" r WHERE EXISTS (SELECT 1 FROM json_each(e.json, '$.' || r.role) p WHERE {match})"
           f" ORDER BY e.date, e.id LIMIT {int(limit) + 1}")
    rows = db.execute(sql, params).fetchall()
    events = [{"role": r["role"], **_event_json(r)} for r in rows[:limit]]
    return {"entity": entity, "stories": stories, "events": events, "truncated": len(rows) > limit}


# -- aggregates -----------------------------------------------------------------------------------
def timeline(db: sqlite3.Connection, f: EventFilter) -> dict[str, Any]:
    """Event counts by day and type, and how many events have no date or only a month or a year."""
    counted = _counts_table(db, f)
    codes = None if counted is not None else _codes_table(db, f)
    if counted is not None:
        sql = f"SELECT NULLIF(day, ''), event, n FROM event_day_counts WHERE {counted[0]}"
        params = counted[1]
    elif codes is not None:  # day 'd' || date back to the date; '' (no date) and 'd' (empty date) are undated
        sql = (f"SELECT NULLIF(substr(c.day, 2), ''), c.event, SUM(c.n) FROM event_code_counts c"
               f" WHERE {codes[0]} GROUP BY c.day, c.event HAVING SUM(c.n) > 0")
        params = codes[1]
    else:
        where, params = where_clause(f)
        sql = f"SELECT e.date, e.event, COUNT(*) FROM events e WHERE {where} GROUP BY e.date, e.event"
    days: dict[str, dict[str, int]] = {}
    undated = imprecise = 0
    by_type: dict[str, int] = {}
    cur = db.cursor()
    cur.row_factory = None  # plain tuples: this can be tens of thousands of rows
    for date, event, n in cur.execute(sql, params):
        by_type[event] = by_type.get(event, 0) + n
        if not date:
            undated += n
            continue
        if len(date) < 10:  # dated to a month or a year only: not on the day axis
            imprecise += n
            continue
        counts = days.setdefault(date[:10], {})
        counts[event] = counts.get(event, 0) + n
    series = [{"day": d, "counts": days[d], "total": sum(days[d].values())} for d in sorted(days)]
    types = sorted({t for d in days.values() for t in d})
    return {"days": series, "types": types, "undated": undated, "imprecise": imprecise, "by_type": by_type}


def places(db: sqlite3.Connection, f: EventFilter, *, limit: int = 500) -> dict[str, Any]:
    """Event counts per located place, most events first, with the commonest types."""
    where, params = where_clause(f)
    rows = db.execute(
        f"SELECT e.place_name AS name, round(e.lat, 4) AS lat, round(e.lon, 4) AS lon, e.event, COUNT(*) AS n"
        f" FROM events e WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL AND {where}"
        " GROUP BY name, round(e.lat, 4), round(e.lon, 4), e.event", params).fetchall()
    by_place: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    for r in rows:
        p = by_place.setdefault((r["name"], r["lat"], r["lon"]),
                                {"name": r["name"], "lat": r["lat"], "lon": r["lon"], "count": 0, "types": {}})
        p["count"] += r["n"]
        p["types"][r["event"]] = r["n"]
    out = sorted(by_place.values(), key=lambda p: (-p["count"], str(p["name"])))
    return {"places": out[:limit], "total": len(out)}


def stats(db: sqlite3.Connection) -> dict[str, Any]:
    q = db.execute
    line = timeline(db, EventFilter())
    days = line["days"]
    return {
        "pages": q("SELECT COUNT(*) FROM pages WHERE status = 'ok'").fetchone()[0],
        "rejected": q("SELECT COUNT(*) FROM pages WHERE status = 'rejected'").fetchone()[0],
        "stories": dict(q("SELECT kind, COUNT(*) FROM stories GROUP BY kind").fetchall()),
        "duplicates": q("SELECT COUNT(*) FROM story_duplicates").fetchone()[0],
        "entities": q("SELECT COUNT(*) FROM entities").fetchone()[0],
        "mentions": q("SELECT COUNT(*) FROM mentions").fetchone()[0],
        "events": sum(line["by_type"].values()),
        "event_types": dict(sorted((t, n) for t, n in line["by_type"].items() if n)),
        "outlets": [r[0] for r in q("SELECT DISTINCT outlet FROM pages WHERE outlet IS NOT NULL ORDER BY 1"
                                    " LIMIT 200")],
        "first_day": days[0]["day"] if days else None,
        "last_day": days[-1]["day"] if days else None,
        "plover_events": list(PLOVER_EVENTS),
    }


def list_claims(db: sqlite3.Connection, f: EventFilter | None = None, *, limit: int = 200) -> dict[str, Any]:
    """Contradicting claims, each with both reports' PLOVER JSON side by side."""
    f = f or EventFilter()
    rows = db.execute(
        "SELECT c.id, c.kind, c.day, c.parties, a.json AS a_json, b.json AS b_json FROM claims c"
        " JOIN events a ON a.id = c.event_a JOIN events b ON b.id = c.event_b"
        " WHERE (:since IS NULL OR c.day >= :since) AND (:until IS NULL OR c.day <= :until)"
        " AND (:event IS NULL OR a.event = :event) AND (:code IS NULL OR instr(' ' || c.parties || ' ', :code) > 0)"
        " ORDER BY c.day, c.id LIMIT :limit",
        {"since": f.since, "until": f.until, "event": f.event, "code": f" {f.code} " if f.code else None,
         "limit": limit}).fetchall()
    claims = [{"id": r["id"], "kind": r["kind"], "day": r["day"], "parties": r["parties"].split(),
               "a": json.loads(r["a_json"]), "b": json.loads(r["b_json"])} for r in rows]
    return {"claims": claims, "total": len(claims)}
