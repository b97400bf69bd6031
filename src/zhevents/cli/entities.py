"""`zhevents entities`: linked entities with codes, coordinates and the surface forms seen."""

from __future__ import annotations

import argparse

from zhevents.cli.common import add_db, open_store, write_jsonl, write_table

EXAMPLE = "example: zhevents entities --type person --format jsonl --db zhevents.db"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("entities", help="list linked entities", epilog=EXAMPLE)
    add_db(p)
    p.add_argument("--type", choices=["person", "org", "place", "state"])
    p.add_argument("--story", metavar="ID", help="only entities mentioned in this story")
    p.add_argument("--format", choices=["table", "jsonl"], default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        rows = store.entity_records(args.type, args.story)
    if args.format == "jsonl":
        write_jsonl(rows)
    else:
        for r in rows:
            r["aliases_seen"] = "/".join(r["aliases_seen"])
        write_table(rows, ["id", "type", "name_zh", "code", "sector", "mentions", "aliases_seen"],
                    [26, 7, 16, 5, 6, 8, 30])
    return 0
