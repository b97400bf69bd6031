"""`zhevents load PARQUET_DIR`: merge batch output into the SQLite store for the explorer."""

from __future__ import annotations

import argparse
import sys

from zhevents.cli import UserError
from zhevents.cli.common import add_db

EXAMPLE = "example: zhevents load out/ --db zhevents.db"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("load", help="merge Parquet batch output into the store", epilog=EXAMPLE)
    p.add_argument("parquet_dir", metavar="PARQUET_DIR")
    add_db(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from zhevents.scale import ScaleError, load_datasets

    try:
        n = load_datasets(args.parquet_dir, args.db)
    except ScaleError as exc:
        raise UserError(str(exc)) from exc
    print(f"merged {n} pages into {args.db}", file=sys.stderr)
    return 0
