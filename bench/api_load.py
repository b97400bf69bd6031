"""Load benchmark of the HTTP API over a store of one million events.

1. Base store: the real pipeline over the bundled samples and the CCTV pages of ../shared
   (``--cctv N`` of them).  If the pipeline cannot run, the hand-built pages of
   tests/api_fixtures.py are used instead, and the report says so.
2. Replication: the base store is copied and its events are replicated in SQL until the events
   table holds ``--events`` rows.  Replica ``r`` of an event gets the id ``<id>~r<r>`` and its date
   (column and JSON) shifted by ``(r * 7) mod 1095`` days, so the copies spread over three years;
   everything else (type, actors, codes, place, outlet, JSON) is the real extracted event, and the
   replicas point at the original stories (stories and pages are not replicated).
3. Load: ``zhevents serve``'s app in its own uvicorn process on loopback; an asyncio httpx client
   with ``--concurrency`` requests in flight sends a fixed, seeded list of filtered ``/api/events``
   and ``/api/timeline`` requests (``--requests`` of each), stopping early after ``--duration`` s.
   Latency is measured per request at the client; p50/p95/p99 per endpoint and per query shape.

    python bench/api_load.py                       # 1,000,000 events, writes bench/results/api_load.md
    python bench/api_load.py --events 100000 --requests 200 --keep /tmp/api1m.db
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CCTV = SHARED / "corpus" / "news" / "cctv"
RESULTS = ROOT / "bench" / "results" / "api_load.md"
SPREAD_DAYS = 1095


# -- building the store ---------------------------------------------------------------------------
def build_base(db: Path, cctv_pages: int) -> str:
    """A store of real extracted events; returns how it was built."""
    try:
        from zhevents.pipeline import ingest
    except ImportError as exc:
        return _fixture_base(db, f"pipeline unavailable ({exc})")
    samples = ROOT / "samples"
    ingest([samples], db, manifest=samples / "manifest.jsonl")
    built = "pipeline over samples/ (2 pages)"
    if CCTV.exists() and cctv_pages:
        pages = sorted(p for p in CCTV.iterdir() if p.suffix in (".shtml", ".html"))[:cctv_pages]
        ingest(pages, db, manifest=CCTV / "manifest.jsonl")
        built += f" + {len(pages)} CCTV pages of ../shared/corpus/news/cctv"
    return built


def _fixture_base(db: Path, why: str) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    from api_fixtures import FIXTURE_PAGES, write_pages

    write_pages(db, FIXTURE_PAGES)
    return f"hand-built pages of tests/api_fixtures.py ({why})"


def replicate(base: Path, target: Path, n_events: int) -> dict[str, Any]:
    """Copy ``base`` to ``target`` and replicate its events to ``n_events`` rows (shifted dates, new ids)."""
    shutil.copyfile(base, target)
    db = sqlite3.connect(target)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    cols = [r[1] for r in db.execute("PRAGMA table_info(events)")]
    have = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    if have == 0:
        raise SystemExit("the base store has no events to replicate")
    replicas = math.ceil(max(0, n_events - have) / have)
    # day-precision dates shift; month- and year-precision dates ("2022-05", "2022") are kept as they are
    new_date = (f"CASE WHEN length(b.date) >= 10 THEN date(substr(b.date, 1, 10), '+' || ((r.n * 7) % {SPREAD_DAYS})"
                " || ' days') ELSE b.date END")
    new_id = "b.id || '~r' || r.n"
    exprs = {"id": new_id, "date": new_date,
             "json": f"json_set(b.json, '$.id', {new_id}, '$.date', {new_date})"}
    select = ", ".join(exprs.get(c, f"b.\"{c}\"") for c in cols)
    start = time.perf_counter()
    with db:
        db.execute(
            f"INSERT INTO events ({', '.join(chr(34) + c + chr(34) for c in cols)})"
            f" WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < {replicas})"
            f" SELECT {select} FROM r, (SELECT * FROM events ORDER BY rowid) b LIMIT {n_events - have}")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    total = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    info = {
        "base_events": have, "events": total, "build_s": time.perf_counter() - start,
        "types": dict(db.execute("SELECT event, COUNT(*) FROM events GROUP BY event ORDER BY 2 DESC")),
        "first": db.execute("SELECT MIN(date) FROM events WHERE length(date) >= 10").fetchone()[0],
        "last": db.execute("SELECT MAX(date) FROM events WHERE length(date) >= 10").fetchone()[0],
        "codes": [r[0] for r in db.execute(
            "SELECT code, COUNT(*) n FROM (SELECT substr(actor_codes, 1, 3) code FROM events WHERE actor_codes != ''"
            " LIMIT 200000) GROUP BY code ORDER BY n DESC LIMIT 6")],
        "size_mb": target.stat().st_size / 2**20,
    }
    db.close()
    return info


def migrate(db: Path) -> None:
    """Apply the store's migrations (the API's indexes) as `zhevents ingest` would."""
    from zhevents.store import Store

    Store(db).close()


# -- the load -------------------------------------------------------------------------------------
@dataclass
class Result:
    name: str
    path: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


def _window(rng: random.Random, first: str, last: str, days: int) -> dict[str, str]:
    import datetime as dt

    a, b = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    span = max(0, (b - a).days - days)
    since = a + dt.timedelta(days=rng.randint(0, span))
    return {"since": since.isoformat(), "until": (since + dt.timedelta(days=days - 1)).isoformat()}


def request_plan(info: dict[str, Any], n: int, seed: int) -> list[tuple[str, str, dict[str, Any]]]:
    """(shape name, path, params): ``n`` /api/events and ``n`` /api/timeline requests, shuffled."""
    rng = random.Random(seed)
    types = list(info["types"])
    codes = info["codes"] or ["RUS"]
    first, last = info["first"], info["last"]
    event_shapes = {
        "events type": lambda: {"event": rng.choice(types)},
        "events type+30d": lambda: {"event": rng.choice(types), **_window(rng, first, last, 30)},
        "events code+30d": lambda: {"code": rng.choice(codes), **_window(rng, first, last, 30)},
        "events actor+type": lambda: {"actor": rng.choice(codes), "event": rng.choice(types)},
        "events 7d": lambda: _window(rng, first, last, 7),
        "events all, page 5": lambda: {"offset": 200},
    }
    timeline_shapes = {
        "timeline all": lambda: {},
        "timeline type": lambda: {"event": rng.choice(types)},
        "timeline code+90d": lambda: {"code": rng.choice(codes), **_window(rng, first, last, 90)},
        "timeline 90d": lambda: _window(rng, first, last, 90),
    }
    plan: list[tuple[str, str, dict[str, Any]]] = []
    for i in range(n):
        name = list(event_shapes)[i % len(event_shapes)]
        plan.append((name, "/api/events", {"limit": 50, **event_shapes[name]()}))
        name = list(timeline_shapes)[i % len(timeline_shapes)]
        plan.append((name, "/api/timeline", timeline_shapes[name]()))
    rng.shuffle(plan)
    return plan


async def run_load(url: str, plan: list[tuple[str, str, dict[str, Any]]], concurrency: int,
                   duration: float) -> tuple[dict[str, Result], float]:
    results: dict[str, Result] = {}
    queue: asyncio.Queue[tuple[str, str, dict[str, Any]]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        async def worker() -> None:
            while not queue.empty() and time.perf_counter() < deadline:
                name, path, params = queue.get_nowait()
                res = results.setdefault(name, Result(name, path))
                t0 = time.perf_counter()
                r = await client.get(path, params=params)
                elapsed = time.perf_counter() - t0
                if r.status_code != 200:
                    res.errors += 1
                else:
                    res.latencies.append(elapsed)

        for _name, path, params in plan[:20]:  # warm-up, not recorded
            await client.get(path, params=params)
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - start
    return results, wall


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))] * 1000


def start_server(db: Path, cache: bool) -> tuple[subprocess.Popen[str], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = ("import uvicorn\nfrom zhevents.api.app import create_app\n"
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, log_level='warning')\n")
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "ZHEVENTS_API_CACHE": "1" if cache else "0", "PYTHONPATH": path}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/openapi.json", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


# -- report ---------------------------------------------------------------------------------------
def report(args: argparse.Namespace, built: str, info: dict[str, Any], results: dict[str, Result],
           wall: float) -> str:
    lines = [
        "# API load benchmark (bench/api_load.py)",
        "",
        f"Command: `python bench/api_load.py --events {args.events} --requests {args.requests}"
        f" --concurrency {args.concurrency} --duration {args.duration:g} --cctv {args.cctv}"
        + (" --no-cache" if args.no_cache else "") + "`",
        "",
        f"- Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared with other work),"
        f" Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; server and client on the same host.",
        f"- Base store: {built}: {info['base_events']} real extracted events.",
        f"- Store: {info['events']:,} events ({info['size_mb']:.0f} MiB) by replicating the base events: replica r"
        f" has id `<id>~r<r>` and a day-precision date + (7·r mod {SPREAD_DAYS}) days"
        f" ({info['first']} – {info['last']});"
        " types, actors, codes, places, outlets and JSON are the real events'; replicas point at the original"
        " stories. Built in {:.0f} s.".format(info["build_s"]),
        f"- Load: one uvicorn process (1 worker), {args.concurrency} concurrent asyncio httpx clients on loopback,"
        f" a fixed seeded plan of {args.requests} `/api/events` (limit 50, sort -date, with exact `total`) +"
        f" {args.requests} `/api/timeline` requests, 20 warm-up requests not counted; wall {wall:.1f} s.",
        "- Timeline response cache (shared by the server threads, dropped when the store file changes): "
        + ("off (`--no-cache`)." if args.no_cache else "on (default; `--no-cache` turns it off)."),
        "",
        "| endpoint / query shape | n | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    by_path: dict[str, list[float]] = {}
    for res in sorted(results.values(), key=lambda r: (r.path, r.name)):
        by_path.setdefault(res.path, []).extend(res.latencies)
        lines.append(f"| {res.name} | {len(res.latencies)} | {res.errors} | {_pct(res.latencies, .5):.1f} |"
                     f" {_pct(res.latencies, .95):.1f} | {_pct(res.latencies, .99):.1f} |")
    for path, lat in sorted(by_path.items()):
        lines.append(f"| **{path} (all)** | {len(lat)} | | **{_pct(lat, .5):.1f}** | **{_pct(lat, .95):.1f}** |"
                     f" **{_pct(lat, .99):.1f}** |")
    every = [x for lat in by_path.values() for x in lat]
    if every:
        lines += ["", f"Throughput: {len(every) / wall:.0f} requests/s; mean {statistics.mean(every) * 1000:.1f} ms."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=180.0, help="stop sending after this many seconds")
    parser.add_argument("--cctv", type=int, default=60, help="CCTV pages in the base store")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the replicated store at this path")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-cache", action="store_true", help="serve with ZHEVENTS_API_CACHE=0")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="zhevents-api-load-") as tmp:
        target = args.keep or Path(tmp) / "load.db"
        info_path = target.with_suffix(".info.json")
        if args.keep and target.exists() and info_path.exists():
            import json

            saved = json.loads(info_path.read_text())
            built, info = saved["built"], saved["info"]
        else:
            base = Path(tmp) / "base.db"
            built = build_base(base, args.cctv)
            migrate(base)
            info = replicate(base, target, args.events)
            if args.keep:
                import json

                info_path.write_text(json.dumps({"built": built, "info": info}, ensure_ascii=False))
        migrate(target)
        print(f"store: {info['events']:,} events from {info['base_events']} ({built})", file=sys.stderr)
        proc, url = start_server(target, not args.no_cache)
        try:
            plan = request_plan(info, args.requests, args.seed)
            results, wall = asyncio.run(run_load(url, plan, args.concurrency, args.duration))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    text = report(args, built, info, results, wall)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
