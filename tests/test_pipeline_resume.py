"""Idempotent, resumable ingest: kill -9 at any moment, re-run, same store as an uninterrupted run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import CCTV, SAMPLES, dump_store, needs_shared

pytestmark = [needs_shared(), pytest.mark.slow]


def _corpus(tmp: Path) -> Path:
    """The two samples, 40 CCTV pages, a duplicate page under another name and a bad file."""
    root = tmp / "corpus"
    root.mkdir()
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, root / p.name)
    for p in sorted(CCTV.glob("*.shtml"))[:40]:
        shutil.copy(p, root / p.name)
    shutil.copy(SAMPLES / "000_202d6752c14345d9.txt", root / "copy_of_000.txt")
    (root / "broken.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    return root


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "zhevents", "ingest", str(corpus), "--db", str(db), "--quiet",
            "--meta", str(SAMPLES / "manifest.jsonl")]


def _run(corpus: Path, db: Path) -> float:
    start = time.monotonic()
    subprocess.run(_ingest_cmd(corpus, db), check=True, capture_output=True, env=_env())
    return time.monotonic() - start


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    return env


def test_kill_and_resume_gives_the_same_store(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    reference = tmp_path / "reference.db"
    full = _run(corpus, reference)
    resumed = tmp_path / "resumed.db"
    # kill the ingest at several moments spread over the run, then let it finish
    for fraction in (0.35, 0.6, 0.85):
        proc = subprocess.Popen(_ingest_cmd(corpus, resumed), env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    _run(corpus, resumed)
    assert dump_store(resumed) == dump_store(reference)


def test_second_ingest_adds_nothing(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    db = tmp_path / "twice.db"
    _run(corpus, db)
    first = dump_store(db)
    out = subprocess.run(_ingest_cmd(corpus, db), check=True, capture_output=True, text=True, env=_env())
    assert dump_store(db) == first
    assert "already in store 43" in out.stderr
