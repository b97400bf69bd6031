"""Command-line interface: one module per command, each a thin shell over library calls.

Every command module exposes ``add_parser(subparsers)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from zhevents import __version__

COMMANDS = [
    "ingest", "stories", "show", "entities", "extract", "events", "export", "claims", "digest", "batch", "load",
    "serve",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhevents",
        description="Chinese-language news pages → attributed, deduplicated PLOVER events.",
    )
    parser.add_argument("--version", action="version", version=f"zhevents {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"zhevents.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"zhevents.cli.{name}":
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:  # `zhevents stories | head`
        return 0
    except UserError as exc:
        print(f"zhevents {args.command}: {exc}", file=sys.stderr)
        return 2


class UserError(Exception):
    """An error the user can fix; printed as one line without a traceback."""


if __name__ == "__main__":
    sys.exit(main())
