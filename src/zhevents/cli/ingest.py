"""`zhevents ingest PATH...`: read pages, process them, store everything."""

from __future__ import annotations

import argparse
import sys

from zhevents.cli.common import add_db
from zhevents.records import PageMeta

EXAMPLE = "example: zhevents ingest samples --meta samples/manifest.jsonl --db zhevents.db"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ingest", help="read pages into the store", epilog=EXAMPLE)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or directories: text, HTML, JSON Lines, WARC(.gz), .gz")
    add_db(p)
    p.add_argument("--meta", help="sidecar JSON Lines with path, published, outlet, url, language")
    p.add_argument("--published", help="publication date for pages that give none (YYYY-MM-DD)")
    p.add_argument("--outlet", help="outlet name for pages that give none")
    p.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    p.add_argument("--max-bytes", type=int, default=None, help="reject pages larger than this (default 16 MiB)")
    p.add_argument("--strict", action="store_true", help="exit non-zero when any page is rejected")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from zhevents.pipeline import ingest

    defaults = PageMeta(published=args.published, outlet=args.outlet)
    summary = ingest(args.paths, args.db, manifest=args.meta, defaults=defaults,
                     workers=args.workers, progress=not args.quiet, max_bytes=args.max_bytes)
    print(summary.format(), file=sys.stderr)
    return 1 if args.strict and summary.rejected else 0
