"""`zhevents batch`: the same pipeline over shards on a local process pool or a Ray cluster."""

from __future__ import annotations

import argparse
import sys

from zhevents.cli import UserError
from zhevents.records import PageMeta

EXAMPLE = "example: zhevents batch crawl/ --engine ray --workers 2 --out out/ --db zhevents.db"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("batch", help="process many pages in shards (local pool or Ray)", epilog=EXAMPLE)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="directories, JSON Lines or WARC shards")
    p.add_argument("--engine", choices=["local", "ray"], default="local")
    p.add_argument("--ray-address", help="address of a running Ray cluster (default: start a local one)")
    p.add_argument("--out", required=True, help="output folder: Parquet datasets and shard markers")
    p.add_argument("--db", help="also merge the result into this SQLite store")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--meta", help="sidecar JSON Lines with path, published, outlet, url")
    p.add_argument("--published", help="publication date for pages that give none")
    p.add_argument("--outlet", help="outlet for pages that give none")
    p.add_argument("--files-per-shard", type=int, default=64)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from zhevents.scale import ScaleError, load_datasets, run_batch

    try:
        result = run_batch(args.inputs, args.out, engine=args.engine, workers=args.workers,
                           ray_address=args.ray_address, manifest=args.meta,
                           defaults=PageMeta(published=args.published, outlet=args.outlet),
                           files_per_shard=args.files_per_shard)
        print(f"shards: {result.shards} (processed {result.done}, already done {result.skipped}); "
              f"datasets in {result.out}", file=sys.stderr)
        if args.db:
            n = load_datasets(args.out, args.db)
            print(f"merged {n} pages into {args.db}", file=sys.stderr)
    except ScaleError as exc:
        raise UserError(str(exc)) from exc
    return 0
