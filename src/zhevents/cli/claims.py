"""`zhevents claims`: contradicting claims about one day's action, side by side."""

from __future__ import annotations

import argparse
from typing import Any

from zhevents.cli.common import add_db, open_store, write_jsonl

EXAMPLE = "example: zhevents claims --db zhevents.db --format jsonl"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("claims", help="list conflicting claims", epilog=EXAMPLE)
    add_db(p)
    p.add_argument("--format", choices=["text", "jsonl"], default="text")
    p.set_defaults(run=run)


def _side(ev: dict[str, Any]) -> str:
    chain = " ← ".join(str(a.get("text")) for a in ev.get("attribution") or [])
    return f"{ev['event_text']}  [{chain or 'unattributed'}]"


def run(args: argparse.Namespace) -> int:
    from zhevents.store.queries import list_claims

    with open_store(args.db) as store:
        records = list_claims(store.db, limit=100_000)["claims"]
    if args.format == "jsonl":
        write_jsonl(records)
        return 0
    for r in records:
        print(f"{r['day']} {r['kind']} ({' '.join(r['parties'])})")  # type: ignore[arg-type]
        print(f"  A: {_side(r['a'])}")  # type: ignore[arg-type]
        print(f"  B: {_side(r['b'])}")  # type: ignore[arg-type]
    return 0
