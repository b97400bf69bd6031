"""`zhevents export`: write stored events as PLOVER JSON Lines, GDELT TSV, CSV or Parquet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zhevents.cli import UserError
from zhevents.cli.common import add_db, open_store
from zhevents.export import FORMATS, stored_events, write_events

EXAMPLE = "example: zhevents export --format parquet --out events.parquet --db zhevents.db"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="write all stored events to a file", epilog=EXAMPLE)
    add_db(p)
    p.add_argument("--format", choices=FORMATS, default="plover-jsonl")
    p.add_argument("--out", help="output file (default: standard output; required for parquet)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "parquet" and not args.out:
        raise UserError("parquet is binary: give --out FILE.parquet")
    with open_store(args.db) as store:
        urls = {r["doc"]: r["url"] for r in store.query("SELECT doc, url FROM pages WHERE url IS NOT NULL")}
        out = Path(args.out) if args.out else sys.stdout
        n = write_events(stored_events(store), args.format, out, urls)
    print(f"{n} events written", file=sys.stderr)
    return 0
