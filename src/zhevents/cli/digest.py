"""`zhevents digest`: a cited round-up of the stored stories, one item per story cluster."""

from __future__ import annotations

import argparse
import datetime as dt

from zhevents.cli import UserError
from zhevents.cli.common import add_db, open_store

EXAMPLE = "example: zhevents digest --since 2022-03-01 --script traditional --format md"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("digest", help="write a cited round-up", epilog=EXAMPLE)
    add_db(p)
    p.add_argument("--since", required=True, help="first day (YYYY-MM-DD)")
    p.add_argument("--until", help="last day (YYYY-MM-DD)")
    p.add_argument("--script", choices=["original", "simplified", "traditional", "hk", "tw"], default="original")
    p.add_argument("--format", choices=["md", "html"], default="md")
    p.add_argument("--sentences", type=int, default=3, help="sentences per item (1-3)")
    p.set_defaults(run=run)


def _day(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise UserError(f"{flag} {value!r} is not a date; use YYYY-MM-DD") from exc


def run(args: argparse.Namespace) -> int:
    from zhevents.digest import build_digest, render

    if not 1 <= args.sentences <= 3:
        raise UserError("--sentences must be 1, 2 or 3")
    with open_store(args.db) as store:
        items = build_digest(store, _day(args.since, "--since") or "", _day(args.until, "--until"),
                             args.sentences)
    print(render(items, args.format, args.script))
    return 0
