"""Shared fixtures: paths to the bundled samples and to ../shared, a store built from the samples."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
CCTV = SHARED / "corpus" / "news" / "cctv"


def dump_store(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: two stores are the same iff their dumps are equal."""
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    dump = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    db.close()
    return dump


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from zhevents.pipeline import ingest

    db = tmp_path_factory.mktemp("store") / "samples.db"
    ingest([SAMPLES], db, manifest=SAMPLES / "manifest.jsonl")
    return db


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CCTV.exists(), reason="../shared corpus not beside the project")
