"""`zhevents extract FILE...`: code events straight from files, without a store."""

from __future__ import annotations

import argparse
import sys

from zhevents.cli import UserError
from zhevents.records import PageMeta

EXAMPLE = "example: zhevents extract samples/*.txt --meta samples/manifest.jsonl > events.jsonl"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("extract", help="print PLOVER events of files as JSON Lines", epilog=EXAMPLE)
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--meta", help="sidecar JSON Lines with path, published, outlet, url")
    p.add_argument("--published", help="publication date for pages that give none (YYYY-MM-DD)")
    p.add_argument("--outlet", help="outlet for pages that give none")
    p.add_argument("--format", choices=["jsonl", "csv", "gdelt-tsv"], default="jsonl")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from zhevents.export import write_events
    from zhevents.pipeline import extract

    try:
        events, rejected = extract(
            args.paths, manifest=args.meta, defaults=PageMeta(published=args.published, outlet=args.outlet))
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    fmt = "plover-jsonl" if args.format == "jsonl" else args.format
    write_events(events, fmt, sys.stdout)
    for source, error in rejected:
        print(f"rejected {source}: {error}", file=sys.stderr)
    return 0
