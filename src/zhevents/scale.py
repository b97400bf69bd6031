"""How to run at scale: the same stage list over shards, on a local process pool or on Ray.

The stages are not forked: ``run_shard`` applies ``pipeline.process_page`` (the stage list) to
every page of one shard and writes that shard's rows as Parquet, once, with a completion marker;
a re-run skips finished shards and redoes unfinished ones.  The reduce step (``reduce_shards``)
merges the shards in a fixed order into a store — deduplicating stories and events across
shards, not per shard only — and writes the final Parquet datasets, partitioned by publication
month, with the same columns as the SQLite store.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhevents.ingest import load_manifest, read_inputs
from zhevents.pipeline import default_stages, process_page
from zhevents.records import PageMeta
from zhevents.store.rows import PAGE_TABLES, page_rows, table_columns, table_types

CONTAINER_SUFFIXES = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".arc.gz")
MONTH_TABLES = ("pages", "stories", "mentions", "times", "quantities", "events")
SHARDS_DIR = "_shards"
DONE = "_SUCCESS"
# Arrow bytes per batch written to Parquet.  A row count alone does not bound memory: 20,000 rows of
# `pages` (the raw page and its text) or `events` (the PLOVER JSON) held 300 MB, and a small corpus
# whose tables fit in one batch looked cheaper than a large one.
BATCH_BYTES = 8 << 20
Timings = dict[str, tuple[float, float]]  # phase -> (wall seconds, CPU seconds of this process)


class ScaleError(Exception):
    """Batch mode cannot run as asked (missing extra, bad output folder)."""


@dataclass(frozen=True, slots=True)
class Shard:
    id: str
    paths: tuple[str, ...]


def _files(inputs: Sequence[str | Path]) -> Iterator[Path]:
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def plan_shards(inputs: Sequence[str | Path], files_per_shard: int = 64) -> list[Shard]:
    """Container files (JSONL, WARC) are one shard each; other files are grouped in fixed chunks.

    A shard's id hashes its member paths and sizes, so changed input makes a new shard.
    """
    singles: list[tuple[Path, ...]] = []
    loose: list[Path] = []
    for f in _files(inputs):
        (singles.append((f,)) if f.name.endswith(CONTAINER_SUFFIXES) else loose.append(f))
    groups = singles + [tuple(loose[i:i + files_per_shard]) for i in range(0, len(loose), files_per_shard)]
    return [Shard(_shard_id(g), tuple(str(p) for p in g)) for g in groups]


def _shard_id(paths: tuple[Path, ...]) -> str:
    h = hashlib.sha256()
    for p in paths:
        size = p.stat().st_size if p.exists() else -1
        h.update(f"{p.resolve()}\0{size}\n".encode())
    return h.hexdigest()[:20]


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    types = table_types()[table]
    mapping = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    return pa.schema([(c, mapping.get(types[c], pa.string())) for c in table_columns()[table]])


def run_shard(shard: Shard, out_dir: str | Path, stage_set: str = "full", manifest: str | None = None,
              defaults: PageMeta | None = None) -> str:
    """Process one shard and write its rows once; returns 'done' or 'skipped'."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    final = Path(out_dir) / SHARDS_DIR / shard.id
    if (final / DONE).exists():
        return "skipped"
    wall, cpu = time.perf_counter(), time.process_time()
    tmp = final.with_name(f"{shard.id}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in PAGE_TABLES}
    stages = default_stages(stage_set)
    index = load_manifest(manifest) if manifest else None
    for seq, page in enumerate(read_inputs(shard.paths, manifest=index, defaults=defaults), start=1):
        for table, rows in page_rows(process_page(page, stages), seq).items():
            tables[table] += rows
    for table, rows in tables.items():
        pq.write_table(pa.Table.from_pylist(rows, schema=_arrow_schema(table)), tmp / f"{table}.parquet")
    # the marker says what the shard cost, so throughput can be read back even from a run that was
    # killed and resumed (bench/scale.py --workdir)
    pages = len(tables["pages"])
    (tmp / DONE).write_text(json.dumps({"shard": shard.id, "pages": pages, "wall_s": time.perf_counter() - wall,
                                        "cpu_s": time.process_time() - cpu}))
    shutil.rmtree(final, ignore_errors=True)  # an unfinished earlier attempt
    os.replace(tmp, final)
    return "done"


def shard_costs(out_dir: str | Path) -> list[dict[str, Any]]:
    """What each finished shard cost (pages, wall and CPU seconds), read from its completion marker."""
    costs = []
    for marker in sorted((Path(out_dir) / SHARDS_DIR).glob(f"*/{DONE}")):
        try:
            costs.append(json.loads(marker.read_text()))
        except json.JSONDecodeError:  # a marker written before markers carried costs
            continue
    return costs


@dataclass(slots=True)
class BatchResult:
    shards: int
    done: int
    skipped: int
    out: Path
    map_seconds: float = 0.0  # the stages over every shard (parallel)
    reduce_seconds: float = 0.0  # cross-shard dedup and the final datasets (one process)
    reduce_phases: Timings = field(default_factory=dict)  # where the reduce went (see ``reduce_shards``)


def run_batch(inputs: Sequence[str | Path], out_dir: str | Path, *, engine: str = "local", workers: int = 1,
              ray_address: str | None = None, manifest: str | None = None, defaults: PageMeta | None = None,
              stage_set: str = "full", files_per_shard: int = 64) -> BatchResult:
    """Map the stage list over every shard with the chosen engine, then reduce."""
    shards = plan_shards(inputs, files_per_shard)
    args = (str(out_dir), stage_set, manifest, defaults)
    start = time.perf_counter()
    if engine == "local":
        statuses = _run_local(shards, args, workers)
    elif engine == "ray":
        statuses = _run_ray(shards, args, workers, ray_address)
    else:
        raise ScaleError(f"unknown engine {engine!r}; use local or ray")
    mapped = time.perf_counter()
    phases: Timings = {}
    reduce_shards(out_dir, [s.id for s in shards], phases)
    return BatchResult(len(shards), statuses.count("done"), statuses.count("skipped"), Path(out_dir),
                       mapped - start, time.perf_counter() - mapped, phases)


def _shard_task(item: tuple[Shard, tuple[Any, ...]]) -> str:
    shard, args = item
    return run_shard(shard, *args)


def _run_local(shards: list[Shard], args: tuple[Any, ...], workers: int) -> list[str]:
    items = [(s, args) for s in shards]
    if workers <= 1:
        return [_shard_task(i) for i in items]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return pool.map(_shard_task, items, chunksize=1)


def _run_ray(shards: list[Shard], args: tuple[Any, ...], workers: int, address: str | None) -> list[str]:
    try:
        import ray
    except ImportError as exc:
        raise ScaleError("the ray engine needs Ray: pip install 'zhevents[ray]'") from exc
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 num_cpus=None if address else max(1, workers))
    items = [{"shard_id": s.id, "paths": list(s.paths)} for s in shards]
    if not items:
        return []

    def map_shard(row: dict[str, Any]) -> dict[str, Any]:
        shard = Shard(row["shard_id"], tuple(row["paths"]))
        return {"shard_id": shard.id, "status": run_shard(shard, *args)}

    ds = ray.data.from_items(items, override_num_blocks=len(items))
    results = ds.map(map_shard, num_cpus=1, concurrency=max(1, workers), max_retries=3).take_all()
    by_id = {r["shard_id"]: r["status"] for r in results}
    return [by_id[s.id] for s in shards]


@contextmanager
def _timed(timings: Timings, phase: str) -> Iterator[None]:
    """Add the wall and CPU seconds of a block to ``timings[phase]`` (CPU time holds on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        w, c = timings.get(phase, (0.0, 0.0))
        timings[phase] = (w + time.perf_counter() - wall, c + time.process_time() - cpu)


def reduce_shards(out_dir: str | Path, shard_ids: Sequence[str], timings: Timings | None = None) -> Path:
    """Merge finished shards in plan order into ``out/store.db`` (cross-shard dedup), then write
    the final datasets under ``out/<table>/`` partitioned by publication month.

    ``timings`` receives the phases: read (shard Parquet), load (rows, story dedup), indexes (the
    deferred read-side indexes), clusters (event and story clusters, claims), parquet (datasets).
    """
    from zhevents.store import Store

    out = Path(out_dir)
    missing = [s for s in shard_ids if not (out / SHARDS_DIR / s / DONE).exists()]
    if missing:
        raise ScaleError(f"{len(missing)} shards unfinished (e.g. {missing[0]}); re-run the batch to finish them")
    db = out / "store.db.tmp"
    db.unlink(missing_ok=True)
    spent: Timings = {} if timings is None else timings
    with Store(db, scratch=True) as store:  # a temporary file: a crash here just reruns the reduce
        deferred = store.drop_deferrable_indexes()  # read-side indexes: built once, after the last shard
        for shard_id in shard_ids:
            with _timed(spent, "read"):
                tables = {t: _read_files([out / SHARDS_DIR / shard_id / f"{t}.parquet"]) for t in PAGE_TABLES}
            with _timed(spent, "load"), store.bulk():  # one commit per shard
                load_tables(store, tables)
        with _timed(spent, "indexes"):
            store.create_indexes(deferred)
        with _timed(spent, "clusters"):
            store.refresh_clusters()
        with _timed(spent, "parquet"):
            write_datasets(store, out)
    os.replace(db, out / "store.db")
    return out


def load_tables(store: Any, tables: dict[str, list[dict[str, Any]]]) -> int:
    """Merge one batch of rows (pages and what derives from them) into a store, page by page."""
    page_of_story = {r["id"]: r["page_id"] for r in tables.get("stories", [])}
    by_page: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in PAGE_TABLES:
        if table == "entities":
            continue
        for row in tables.get(table, []):
            page_id = row["id"] if table == "pages" else row.get("page_id") or page_of_story[row["story_id"]]
            by_page.setdefault(str(page_id), {t: [] for t in PAGE_TABLES})[table].append(row)
    pages = sorted((p for p in by_page.values() if p["pages"]), key=lambda t: t["pages"][0]["seq"])
    if pages:
        pages[0]["entities"] = tables.get("entities", [])
    for page in pages:
        page_id = page["pages"][0]["id"]
        if store.page_status(page_id) == "ok":  # the same bytes seen before: one more source only
            for src in page["page_sources"]:
                store.add_source(src["source"], page_id)
            continue
        store.write_rows(page)
    return len(pages)


def write_datasets(store: Any, out: Path, batch_rows: int = 20_000) -> None:
    """Every table of the store as Parquet; page-derived tables partitioned by publication month.

    Rows stream from SQLite in batches of at most ``batch_rows`` rows and about ``BATCH_BYTES``,
    so memory stays flat whatever the size of the store.
    """
    import pyarrow.dataset as pds

    for table in table_columns():
        dest = out / table
        shutil.rmtree(dest, ignore_errors=True)
        schema = _month_schema(table)
        partitioning = ["month"] if table in MONTH_TABLES else None
        pds.write_dataset(_record_batches(store, table, schema, batch_rows), dest, schema=schema, format="parquet",
                          partitioning=partitioning, partitioning_flavor="hive" if partitioning else None,
                          existing_data_behavior="overwrite_or_ignore")


def _record_batches(store: Any, table: str, schema: Any, batch_rows: int) -> Iterator[Any]:
    import pyarrow as pa

    cursor = store.db.execute(_select_with_month(table))
    names = [d[0] for d in cursor.description]
    types = [schema.field(n).type for n in names]
    size = min(batch_rows, 256)  # a first small batch measures how wide the rows are
    while rows := cursor.fetchmany(size):
        # column by column from the row tuples: a dict per row held several times the batch's bytes
        columns = [pa.array(values, type=t) for values, t in zip(zip(*rows, strict=True), types, strict=True)]
        batch = pa.RecordBatch.from_arrays(columns, names=names).select(schema.names)
        yield batch
        size = max(64, min(batch_rows, BATCH_BYTES * len(rows) // max(1, batch.nbytes)))


def _select_with_month(table: str) -> str:
    if table not in MONTH_TABLES:
        return f"SELECT * FROM {table} ORDER BY 1"
    key = {"pages": "t.id", "stories": "t.page_id", "mentions": "t.page_id", "events": "t.page_id"}.get(
        table, "(SELECT page_id FROM stories WHERE id = t.story_id)")
    return (f"SELECT t.*, COALESCE(substr(p.published, 1, 7), 'unknown') AS month FROM {table} t"
            f" LEFT JOIN pages p ON p.id = {key} ORDER BY t.rowid")


def _month_schema(table: str) -> Any:
    import pyarrow as pa

    schema = _arrow_schema(table)
    return schema.append(pa.field("month", pa.string())) if table in MONTH_TABLES else schema


def load_datasets(parquet_dir: str | Path, db: str | Path) -> int:
    """`zhevents load`: merge a batch output folder into a SQLite store (dedup against what is there).

    Page-derived tables are partitioned by the page's publication month, so one month at a time
    holds a page with everything derived from it: memory is bounded by the largest month.
    """
    from zhevents.store import Store

    root = Path(parquet_dir)
    if not (root / "pages").exists():
        raise ScaleError(f"{root} holds no batch output (no pages/ dataset); run `zhevents batch` first")
    months = sorted(p.name for p in (root / "pages").iterdir() if p.name.startswith("month="))
    n = 0
    with Store(db) as store:
        entities = _read_dir(root / "entities") if (root / "entities").exists() else []
        for month in months:
            tables = {t: _read_dir(root / t / month) for t in PAGE_TABLES if t != "entities"}
            for r in tables["stories"]:  # re-decided against the target store
                r["duplicate_of"] = None
            tables["entities"], entities = entities, []  # once, with the first month
            n += load_tables(store, tables)
        store.refresh_clusters()
    return n


def _read_dir(path: Path) -> list[dict[str, Any]]:
    """Rows of every Parquet file in one folder (a partition or an unpartitioned table)."""
    return _read_files(sorted(path.glob("*.parquet"))) if path.exists() else []


def _read_files(files: list[Path]) -> list[dict[str, Any]]:
    """Rows of Parquet files, without the partition column."""
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for f in files:
        rows += pq.read_table(f).to_pylist()
    return [{k: v for k, v in r.items() if k != "month"} for r in rows]
