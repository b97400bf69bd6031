"""`zhevents show STORY_ID`: one story with its entities and dates marked, captions and chrome apart."""

from __future__ import annotations

import argparse
import json
from typing import Any

from zhevents.cli import UserError
from zhevents.cli.common import add_db, open_store
from zhevents.records import Alignment

EXAMPLE = "example: zhevents show 202d6752c14345d9-0 --db zhevents.db"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("show", help="print one story with marks", epilog=EXAMPLE)
    p.add_argument("story_id", metavar="STORY_ID")
    add_db(p)
    p.set_defaults(run=run)


def marked_text(text: str, norm_align: Alignment, marks: list[tuple[int, int, str, str]]) -> str:
    """Insert ``[surface|label]`` marks; ``marks`` holds norm spans, mapped to ``text`` here."""
    spans = sorted({(*norm_align.map_span(s, e), kind, label) for s, e, kind, label in marks})
    out, pos = [], 0
    for start, end, kind, label in spans:
        if start < pos:  # overlapping marks: keep the first
            continue
        out.append(text[pos:start])
        out.append(f"[{text[start:end]}|{kind}:{label}]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _marks(store: Any, story_id: str) -> list[tuple[int, int, str, str]]:
    marks = [(r["norm_start"], r["norm_end"], r["type"], r["entity_id"]) for r in store.query(
        "SELECT norm_start, norm_end, type, entity_id FROM mentions WHERE story_id = ?", (story_id,))]
    marks += [(r["norm_start"], r["norm_end"], "date", r["date"] or "?") for r in store.query(
        "SELECT norm_start, norm_end, date FROM times WHERE story_id = ?", (story_id,))]
    return marks


def render(store: Any, story_id: str) -> str:
    row = store.story(story_id)
    if row is None:
        raise UserError(f"no story {story_id!r}; list ids with `zhevents stories`")
    lines = [f"story {row['id']}  ({row['kind']}, {row['doc']}, published {row['published']})"]
    for label in ("headline", "dateline", "category", "source_line", "reference_date", "duplicate_of"):
        if row[label]:
            lines.append(f"{label}: {row[label]}")
    if row["truncated"]:
        lines.append("truncated: lead cut off on the page")
    align = Alignment.from_list(json.loads(row["norm_align_json"]))
    lines += ["", marked_text(row["text"], align, _marks(store, story_id)), ""]
    lines += [f"[caption] {c['text']}" for c in json.loads(row["captions_json"])]
    lines += _removed_lines(row)
    for ev in store.query("SELECT event, date, event_text FROM events WHERE story_id = ?", (story_id,)):
        lines.append(f"[event {ev['event']} {ev['date'] or ''}] {ev['event_text']}")
    return "\n".join(lines)


def _removed_lines(row: dict[str, Any]) -> list[str]:
    page_text: str = row["page_text"]
    removed = json.loads(row["removed_json"])
    return [f"[removed: {r['reason']}] {page_text[r['start']:r['end']].strip()}" for r in removed
            if page_text[r["start"]:r["end"]].strip()]


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        print(render(store, args.story_id))
    return 0
