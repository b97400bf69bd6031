"""Scaling benchmark of batch mode: local process pool against Ray, 1 and 2 workers, growing corpora.

The corpus is built exactly as in bench/ingest.py (pages made only of real paragraphs from the
samples and the CCTV pages, in both scripts).  Each configuration runs `zhevents batch` in a fresh
process on a fresh output folder; we report wall time, pages/s, the peak RSS of the driver and of
its workers (max over processes), and the overhead of Ray against the local executor.

    python bench/scale.py --sizes 10000 100000 --stage-set full
    python bench/scale.py --sizes 2000 10000 --stage-set clean   # quicker
    python bench/scale.py --sizes 10000 20000 40000 --engines local --workers 2 \
        --out bench/results/scale_growth.md                      # how the reduce grows

Besides the run table, the report has the reduce's phases (wall and CPU seconds of the driver, which
runs the reduce alone), the reduce's cost per page and the load average before each run: the machine
is shared, so CPU seconds are the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import base_texts, build_corpus
from zhevents.scale import shard_costs

ROOT = Path(__file__).resolve().parents[1]


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total / 1024


def run_config(corpus: Path, out: Path, engine: str, workers: int, stage_set: str) -> dict[str, float]:
    code = (
        "from zhevents.scale import run_batch; from zhevents.records import PageMeta\n"
        f"r = run_batch([{str(corpus)!r}], {str(out)!r}, engine={engine!r}, workers={workers},"
        f" stage_set={stage_set!r}, defaults=PageMeta(published='2022-04-27'), files_per_shard=200)\n"
        "import json, resource\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'phases': r.reduce_phases, 'driver_rss_mb': rss,"
        " 'children_cpu_s': kids.ru_utime + kids.ru_stime}))\n"
        "print(r.shards, r.map_seconds, r.reduce_seconds, r.skipped)\n"
    )
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.5)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    if proc.returncode:
        raise RuntimeError(stderr[-3000:])
    wall = time.perf_counter() - start
    lines = stdout.strip().splitlines()
    shards, map_s, reduce_s, skipped = lines[-1].split()
    return {"seconds": wall, "peak_rss_mb": peak[0], "shards": int(shards), "map_s": float(map_s),
            "resumed_shards": int(skipped),
            "reduce_s": float(reduce_s), "load": load, "out_mb": _tree_bytes(out) / 2**20, **json.loads(lines[-2])}


def _corpus(texts: list[str], size: int, root: Path) -> Path:
    """The corpus of `size` pages under root, built once (a marker says it is complete)."""
    corpus = root / f"corpus{size}"
    if not (corpus / ".complete").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir(parents=True)
        build_corpus(texts, size, corpus)
        (corpus / ".complete").write_text("")
    return corpus


def _map_from_markers(out: Path, workers: int) -> dict[str, float]:
    """The map's cost read from every shard's completion marker: right even when the run was killed
    and resumed, where the last run's own map seconds cover only the shards it did."""
    costs = shard_costs(out)
    wall = sum(c["wall_s"] for c in costs)
    pages = sum(c["pages"] for c in costs)
    return {"shard_wall_s": wall, "shard_cpu_s": sum(c["cpu_s"] for c in costs),
            "map_pages_s": pages * workers / wall if wall else 0.0}


def _tree_bytes(root: Path) -> int:
    """Disk bytes of a finished output folder (the store, the Parquet datasets, the shard results)."""
    return sum(p.stat().st_blocks * 512 for p in root.rglob("*") if p.is_file())


def plot(results: list[dict[str, object]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    for label in sorted({str(r["config"]) for r in results}):
        rows = [r for r in results if r["config"] == label]
        ax[0].plot([r["pages"] for r in rows], [r["pages_s"] for r in rows], marker="o", label=label)
        ax[1].plot([r["pages"] for r in rows], [r["peak_rss_mb"] for r in rows], marker="o", label=label)
    for a, title in zip(ax, ("throughput (pages/s)", "peak RSS, driver + workers (MB)"), strict=True):
        a.set_xscale("log")
        a.set_xlabel("pages")
        a.set_title(title)
        a.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


PHASES = ("read", "load", "indexes", "clusters", "parquet")


def reduce_table(results: list[dict[str, Any]]) -> list[str]:
    """The reduce by phase: wall / CPU seconds, CPU ms per page, the driver's peak RSS, the load average."""
    lines = ["", "Reduce by phase, wall / CPU seconds (the driver process); ms/page is reduce CPU per page;"
             " load = 1-minute load average before the run.", "",
             f"| config | pages | {' | '.join(PHASES)} | reduce wall / CPU s | CPU ms/page | driver peak RSS MB"
             " | load |",
             "|---|---|" + "---|" * (len(PHASES) + 4)]
    for r in results:
        phases = r["phases"]
        cpu = sum(c for _, c in phases.values())
        cells = " | ".join(f"{phases[p][0]:.1f} / {phases[p][1]:.1f}" if p in phases else "" for p in PHASES)
        lines.append(f"| {r['config']} | {r['pages']} | {cells} | {r['reduce_s']:.1f} / {cpu:.1f} | "
                     f"{1000 * cpu / int(r['pages']):.2f} | {r['driver_rss_mb']:.0f} | {r['load']:.2f} |")
    return lines


def _workers_cpu(r: dict[str, Any]) -> str:
    """CPU seconds of the local pool's workers (reaped children); Ray's workers are not our children."""
    return f"{r['children_cpu_s']:.0f}" if str(r["config"]).startswith("local") and r["children_cpu_s"] else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--stage-set", default="full", choices=["clean", "entities", "full"])
    ap.add_argument("--engines", nargs="+", default=["local", "ray"])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "scale.md"))
    ap.add_argument("--workdir", help="keep corpora and outputs here: a killed run resumes its finished shards")
    args = ap.parse_args()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(args.workdir or tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        texts = base_texts(tmp / "base.json")
        for size in args.sizes:
            corpus = _corpus(texts, size, tmp)
            for engine in args.engines:
                for workers in args.workers:
                    out = tmp / f"out-{size}-{engine}-{workers}"
                    if not args.workdir:
                        shutil.rmtree(out, ignore_errors=True)
                    r = run_config(corpus, out, engine, workers, args.stage_set)
                    results.append({"config": f"{engine} ×{workers}", "pages": size,
                                    "pages_s": size / r["seconds"], **r, **_map_from_markers(out, workers)})
                    print(json.dumps(results[-1]), flush=True)
    lines = ["# Scaling benchmark", "",
             f"Command: `python bench/scale.py --sizes {' '.join(map(str, args.sizes))} --stage-set {args.stage_set}"
             f" --engines {' '.join(args.engines)} --workers {' '.join(map(str, args.workers))}"
             f"{' --workdir ' + args.workdir if args.workdir else ''}`"
             f" on {os.cpu_count()} cores.", "",
             "| config | pages | wall s | map s | reduce s | pages/s | peak RSS MB | shards | map workers CPU s"
             " | output MB | map pages/s, from shard markers | shards resumed |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['config']} | {r['pages']} | {r['seconds']:.1f} | {r['map_s']:.1f} | {r['reduce_s']:.1f} | "
              f"{r['pages_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['shards']} | {_workers_cpu(r)} | {r['out_mb']:.0f} | "
              f"{r['map_pages_s']:.1f} | {r['resumed_shards']} |"
              for r in results]
    lines += ["", "A resumed run (shards resumed > 0, with --workdir) times only its own shards in wall/map s and"
              " pages/s; the markers' column covers every shard: pages × workers / Σ shard wall seconds."]
    lines += reduce_table(results)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    plot(results, out.with_suffix(".png"))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
