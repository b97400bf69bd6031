"""Helpers shared by the command modules: the --db option, output formats."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from zhevents.store import DEFAULT_DB, Store, StoreError


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, help=f"SQLite store (default: {DEFAULT_DB})")


def open_store(path: str) -> Store:
    from zhevents.cli import UserError

    try:
        return Store(path, readonly=True)
    except StoreError as exc:
        raise UserError(str(exc)) from exc


def write_jsonl(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], widths: Sequence[int]) -> None:
    """A plain fixed-width table; long cells are cut with an ellipsis."""
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        cells = [_cut(row.get(c), w) for c, w in zip(columns, widths, strict=True)]
        print("  ".join(cells))


def _cut(value: Any, width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    out, used = "", 0
    for ch in text:
        w = 2 if ord(ch) > 0x2E7F else 1  # CJK takes two columns
        if used + w > width - 1 and len(text) > len(out) + 1:
            return out + "…" + " " * max(0, width - used - 1)
        out += ch
        used += w
    return out + " " * max(0, width - used)
