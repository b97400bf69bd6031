"""`zhevents events`: stored events, filtered like the API's /api/events."""

from __future__ import annotations

import argparse
import sys

from zhevents.cli import UserError
from zhevents.cli.common import add_db, open_store, write_table
from zhevents.export import flat_row, write_events

EXAMPLE = "example: zhevents events --event ASSAULT --since 2022-03-01 --format jsonl"
FILTERS = ("since", "until", "event", "actor", "recipient", "code", "place", "outlet", "attribution", "aux", "q")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("events", help="list stored events", epilog=EXAMPLE)
    add_db(p)
    for name in FILTERS:
        p.add_argument(f"--{name}", help=f"filter: {name}")
    p.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from zhevents.store.queries import QueryError, iter_events, parse_filter

    try:
        flt = parse_filter(**{k: getattr(args, k) for k in FILTERS})
    except QueryError as exc:
        raise UserError(str(exc)) from exc
    with open_store(args.db) as store:
        events = list(iter_events(store.db, flt))
    if args.format == "table":
        write_table([flat_row(e) for e in events], ["date", "event", "actor_code", "recipient_code", "event_text"],
                    [10, 9, 10, 14, 60])
    else:
        write_events(events, "plover-jsonl" if args.format == "jsonl" else "csv", sys.stdout)
    return 0
