"""`zhevents stories`: list stored stories."""

from __future__ import annotations

import argparse
from typing import Any

from zhevents.cli.common import add_db, open_store, write_jsonl, write_table

EXAMPLE = "example: zhevents stories --db zhevents.db --kind article --format jsonl"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("stories", help="list stories", epilog=EXAMPLE)
    add_db(p)
    p.add_argument("--kind", choices=["article", "teaser", "digest-item"])
    p.add_argument("--format", choices=["table", "jsonl"], default="table")
    p.set_defaults(run=run)


def story_record(row: dict[str, Any]) -> dict[str, Any]:
    """The public JSON shape of a story."""
    return {
        "id": row["id"], "doc": row["doc"], "kind": row["kind"], "headline": row["headline"],
        "dateline": row["dateline"], "category": row["category"], "truncated": bool(row["truncated"]),
        "source_line": row["source_line"], "published": row["published"], "outlet": row["outlet"],
        "reference_date": row["reference_date"], "script": row["script"],
        "duplicate_of": row["duplicate_of"], "text": row["text"],
    }


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        rows = [story_record(r) for r in store.stories(kind=args.kind)]
    if args.format == "jsonl":
        write_jsonl(rows)
    else:
        write_table(rows, ["id", "doc", "kind", "headline", "text"], [20, 24, 11, 30, 50])
    return 0
