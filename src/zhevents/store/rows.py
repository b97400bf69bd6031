"""Records → table rows, shared by the SQLite store and the Parquet datasets of batch mode.

The column lists come from the schema itself (the migrations applied to an in-memory database),
so a Parquet dataset and the SQLite store always have the same columns.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import asdict
from typing import Any

from zhevents.records import Event, Mention, Page, Quantity, Span, Story, TimeExpr
from zhevents.store.schema import MIGRATIONS

Row = dict[str, Any]
PAGE_TABLES = ("pages", "page_sources", "stories", "entities", "mentions", "times", "quantities", "events")


@functools.cache
def table_types() -> dict[str, dict[str, str]]:
    """Declared type of every column of every table, in schema order (migrations applied once)."""
    db = sqlite3.connect(":memory:")
    for script in MIGRATIONS:
        db.executescript(script)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: {c[1]: c[2] for c in db.execute(f"PRAGMA table_info({t})")} for t in tables}


@functools.cache
def table_columns() -> dict[str, list[str]]:
    """Column names of every table, in schema order."""
    return {t: list(cols) for t, cols in table_types().items()}


def insert_sql(table: str, verb: str = "INSERT OR REPLACE") -> str:
    cols = table_columns()[table]
    return f"{verb} INTO {table} ({', '.join(_quote(c) for c in cols)}) VALUES ({', '.join(':' + c for c in cols)})"


def _quote(col: str) -> str:
    return f'"{col}"'


def page_rows(page: Page, seq: int) -> dict[str, list[Row]]:
    """Every row a processed page contributes, by table (stories not yet deduplicated)."""
    rows: dict[str, list[Row]] = {t: [] for t in PAGE_TABLES}
    rows["pages"].append(_page_row(page, seq))
    rows["page_sources"].append({"source": page.source, "page_id": page.id})
    for story in page.stories:
        rows["stories"].append(story_row(story))
        rows["entities"] += [asdict_entity(e) for e in story.entities.values()]
        rows["mentions"] += [_mention_row(m, page.id) for m in story.mentions]
        rows["times"] += [_time_row(t) for t in story.times]
        rows["quantities"] += [_quantity_row(q) for q in story.quantities]
        rows["events"] += [event_row(e, page) for e in story.events]
    return rows


def _page_row(page: Page, seq: int) -> Row:
    m = page.meta
    return {
        "id": page.id, "seq": seq, "source": page.source, "doc": page.doc, "fmt": page.fmt,
        "encoding": page.encoding, "size": page.size, "status": page.status, "error": page.error,
        "published": m.published, "published_inferred": int(m.published_inferred), "outlet": m.outlet,
        "url": m.url, "title": m.title, "language": m.language, "site_name": m.site_name,
        "meta_json": json.dumps(m.extra, ensure_ascii=False, default=str), "raw": page.raw, "text": page.text,
        "removed_json": json.dumps([asdict(r) for r in page.removed], ensure_ascii=False),
    }


def _span(prefix: str, span: Span | None) -> Row:
    return {prefix: span.text if span else None, f"{prefix}_start": span.start if span else None,
            f"{prefix}_end": span.end if span else None}


def story_row(story: Story) -> Row:
    return {
        "id": story.id, "page_id": story.page_id, "seq": story.seq, "kind": story.kind,
        **_span("headline", story.headline), **_span("dateline", story.dateline),
        **_span("source_line", story.source_line), "category": story.category,
        "truncated": int(story.truncated),
        "captions_json": json.dumps([asdict(c) for c in story.captions], ensure_ascii=False),
        "script": story.script, "text": story.text, "align_json": json.dumps(story.align.to_list()),
        "norm": story.norm, "norm_align_json": json.dumps(story.norm_align.to_list()),
        "reference_date": story.reference_date, "reference_precision": story.reference_precision,
        "content_hash": story.content_hash, "duplicate_of": story.duplicate_of,
    }


def asdict_entity(e: Any) -> Row:
    d = asdict(e)
    return {c: d.get(c) for c in table_columns()["entities"]}


def _mention_row(m: Mention, page_id: str) -> Row:
    return {"id": f"{m.story_id}:{m.start}-{m.end}", "story_id": m.story_id, "page_id": page_id,
            "entity_id": m.entity_id, "type": m.type, "text": m.text, "start": m.start, "end": m.end,
            "norm_start": m.norm_start, "norm_end": m.norm_end, "method": m.method, "confidence": m.confidence}


def _time_row(t: TimeExpr) -> Row:
    return {"id": f"{t.story_id}:{t.start}-{t.end}", "story_id": t.story_id, "text": t.text, "start": t.start,
            "end": t.end, "norm_start": t.norm_start, "norm_end": t.norm_end, "date": t.date,
            "end_date": t.end_date, "precision": t.precision, "inferred": int(t.inferred)}


def _quantity_row(q: Quantity) -> Row:
    return {"id": f"{q.story_id}:{q.start}-{q.end}", "story_id": q.story_id, "text": q.text, "start": q.start,
            "end": q.end, "norm_start": q.norm_start, "norm_end": q.norm_end, "value": q.value,
            "unit": q.unit, "counts": q.counts, "ordinal": int(q.ordinal)}


def event_row(e: Event, page: Page) -> Row:
    from zhevents.dedup.events import event_block, norm_sentence
    from zhevents.events import event_to_plover  # the serialised shape is the coder's contract

    loc = e.event_loc
    return {
        "id": e.id, "doc": e.doc, "page_id": e.page_id, "story_id": e.story_id, "event": e.event,
        "mode": e.mode, "quad_code": e.quad_code, "cameo": e.cameo, "date": e.date,
        "date_precision": e.date_precision, "teaser": int(e.teaser), "qualifier": e.qualifier,
        "confidence": e.confidence, "coder": e.coder, "start": e.start, "end": e.end,
        "sentence_start": e.sentence_start, "sentence_end": e.sentence_end, "event_text": e.event_text,
        "trigger": e.trigger, "actor_codes": " ".join(a.code for a in e.actor if a.code),
        "recipient_codes": " ".join(a.code for a in e.recipient if a.code),
        "place_name": (loc.name or loc.text) if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None, "outlet": page.meta.outlet, "published": page.meta.published,
        "norm_text": norm_sentence(e.event_text), "block": event_block(e.event, e.date),
        "json": json.dumps(event_to_plover(e), ensure_ascii=False),
    }
