"""Batch mode: shards, idempotent re-runs, Parquet output, local pool against ingest, and a real Ray cluster."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import CCTV, SAMPLES, needs_shared

from zhevents.scale import DONE, SHARDS_DIR, load_datasets, plan_shards, run_batch, shard_costs

pytestmark = [needs_shared(), pytest.mark.slow]
VENV_BIN = Path(sys.executable).parent


def _corpus(tmp: Path, cctv_pages: int = 12) -> Path:
    root = tmp / "in"
    root.mkdir()
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, root / p.name)
    for p in sorted(CCTV.glob("*.shtml"))[:cctv_pages]:
        shutil.copy(p, root / p.name)
    return root


def _manifest(tmp: Path) -> str:
    """Sample and CCTV manifests in one sidecar file."""
    path = tmp / "manifest.jsonl"
    lines = (SAMPLES / "manifest.jsonl").read_text().splitlines() + (CCTV / "manifest.jsonl").read_text().splitlines()
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _events(db: Path) -> list[tuple[str, str]]:
    import sqlite3

    con = sqlite3.connect(db)
    rows = sorted(con.execute("SELECT id, json FROM events").fetchall())
    con.close()
    return rows


def test_shards_group_loose_files_and_keep_containers_apart(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text("x")
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    shards = plan_shards([tmp_path], files_per_shard=2)
    assert [len(s.paths) for s in shards] == [1, 2, 2, 1]
    assert shards[0].paths[0].endswith("crawl.warc.gz")
    assert len({s.id for s in shards}) == 4
    assert plan_shards([tmp_path], files_per_shard=2) == shards  # stable ids


def test_local_batch_equals_ingest_and_reruns_skip_finished_shards(tmp_path: Path) -> None:
    from zhevents.pipeline import ingest

    corpus, manifest = _corpus(tmp_path), _manifest(tmp_path)
    ingest([corpus], tmp_path / "ingest.db", manifest=manifest)
    out = tmp_path / "out"
    first = run_batch([corpus], out, engine="local", workers=2, manifest=manifest, files_per_shard=4)
    assert first.done == first.shards == 4
    again = run_batch([corpus], out, engine="local", workers=2, manifest=manifest, files_per_shard=4)
    assert again.skipped == 4 and again.done == 0
    assert _events(out / "store.db") == _events(tmp_path / "ingest.db")
    # partitioned by publication month, readable by DuckDB as is
    import duckdb

    months = {p.name for p in (out / "events").iterdir()}
    assert "month=2022-04" in months and "month=2022-03" in months
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/events/*/*.parquet', hive_partitioning=1)").fetchall()
    assert n[0][0] == len(_events(tmp_path / "ingest.db"))
    # load merges into a store: same events again, and loading twice adds nothing
    load_datasets(out, tmp_path / "loaded.db")
    load_datasets(out, tmp_path / "loaded.db")
    assert _events(tmp_path / "loaded.db") == _events(tmp_path / "ingest.db")


def test_unfinished_shard_is_redone(tmp_path: Path) -> None:
    corpus, manifest = _corpus(tmp_path, 4), _manifest(tmp_path)
    out = tmp_path / "out"
    first = run_batch([corpus], out, manifest=manifest, files_per_shard=2)
    victim = sorted((out / SHARDS_DIR).iterdir())[0]
    (victim / DONE).unlink()  # as if the worker died before finishing
    assert len(shard_costs(out)) == first.shards - 1  # the victim's cost is gone with its marker
    again = run_batch([corpus], out, manifest=manifest, files_per_shard=2)
    assert again.done == 1 and again.skipped == again.shards - 1
    costs = shard_costs(out)
    pages = len(list(corpus.iterdir()))
    assert sum(c["pages"] for c in costs) == pages and len(costs) == first.shards  # what each shard cost
    assert all(c["wall_s"] > 0 and c["cpu_s"] > 0 for c in costs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# A loopback test cluster without token auth: a ~/.ray/auth_token left by another Ray run on this
# machine would otherwise switch the head to token mode and lock the worker out.
RAY_ENV = {**os.environ, "RAY_AUTH_MODE": "disabled"}


def _ray(*args: str) -> None:
    subprocess.run([str(VENV_BIN / "ray"), *args], check=True, capture_output=True, timeout=180, env=RAY_ENV)


@pytest.fixture()
def ray_cluster() -> Iterator[tuple[str, int]]:
    pytest.importorskip("ray")
    port, worker_port = _free_port(), _free_port()
    env_flags = ["--disable-usage-stats", "--node-ip-address=127.0.0.1"]
    try:
        _ray("start", "--head", f"--port={port}", "--num-cpus=1", "--include-dashboard=false", *env_flags)
        _ray("start", f"--address=127.0.0.1:{port}", "--num-cpus=1", f"--node-manager-port={worker_port}",
             *env_flags)
        yield f"127.0.0.1:{port}", worker_port
    finally:
        subprocess.run([str(VENV_BIN / "ray"), "stop", "--force"], capture_output=True, timeout=120, env=RAY_ENV)


def _batch_cmd(corpus: Path, out: Path, manifest: str, address: str) -> list[str]:
    return [sys.executable, "-m", "zhevents", "batch", str(corpus), "--engine", "ray", "--ray-address", address,
            "--workers", "2", "--out", str(out), "--meta", manifest, "--files-per-shard", "2"]


@pytest.mark.ray
def test_ray_cluster_with_a_killed_worker_gives_the_local_result(tmp_path: Path, ray_cluster: tuple[str, int]) -> None:
    address, worker_port = ray_cluster
    corpus, manifest = _corpus(tmp_path, 10), _manifest(tmp_path)
    local = tmp_path / "local"
    run_batch([corpus], local, engine="local", manifest=manifest, files_per_shard=2)
    out = tmp_path / "ray"
    proc = subprocess.Popen(_batch_cmd(corpus, out, manifest, address), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=RAY_ENV)
    _wait_for_first_shard(out, proc)
    subprocess.run(["pkill", "-9", "-f", f"node_manager_port={worker_port}"], check=False)
    proc.wait(timeout=600)  # it may finish on the head node or fail; either way the re-run completes
    rerun = subprocess.run(_batch_cmd(corpus, out, manifest, address), capture_output=True, text=True, timeout=600,
                           env=RAY_ENV)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _events(out / "store.db") == _events(local / "store.db")
    plover = [json.loads(j) for _, j in _events(out / "store.db")]
    assert plover and all(e["event"] for e in plover)


def _wait_for_first_shard(out: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if any((out / SHARDS_DIR).glob(f"*/{DONE}")):
            return
        time.sleep(0.2)


def test_a_page_failing_inside_a_bulk_write_leaves_no_rows_and_keeps_the_others(tmp_path: Path) -> None:
    """The reduce writes a shard's pages in one transaction; a page that fails mid-way is rolled
    back to its savepoint and the pages before it are committed."""
    import contextlib
    import copy
    import sqlite3

    from zhevents.ingest.readers import read_inputs
    from zhevents.pipeline import default_stages, process_page
    from zhevents.records import PageMeta
    from zhevents.store import Store
    from zhevents.store.rows import page_rows

    pages = list(read_inputs(sorted(str(p) for p in SAMPLES.glob("*.txt")), defaults=PageMeta(published="2022-04-27")))
    rows = [page_rows(process_page(p, default_stages("full")), i) for i, p in enumerate(pages, start=1)]
    broken = copy.deepcopy(rows[1])
    broken["events"].append({"id": "broken"})  # missing columns: fails after the stories were written
    with Store(tmp_path / "s.db", scratch=True) as store:
        with pytest.raises(sqlite3.Error), store.bulk():
            store.write_rows(copy.deepcopy(rows[0]))
            store.write_rows(broken)
        assert store.page_status(rows[0]["pages"][0]["id"]) is None  # the bulk transaction was rolled back
        with store.bulk():
            store.write_rows(copy.deepcopy(rows[0]))
            with contextlib.suppress(sqlite3.Error):  # the page alone is undone
                store.write_rows(broken)
        assert store.page_status(rows[0]["pages"][0]["id"]) == "ok"
        assert store.page_status(rows[1]["pages"][0]["id"]) is None
        assert store.db.execute("SELECT COUNT(*) FROM stories WHERE page_id = ?",
                                (rows[1]["pages"][0]["id"],)).fetchone()[0] == 0
