"""Ingest throughput: pages/s and MB/s of the pipeline into a SQLite store, with reference points.

Corpus (built from the real pages available, nothing invented):
  base texts = the two sample pages + the 316 CCTV pages of ../shared/corpus/news/cctv reduced to
  text with trafilatura + a traditional-script copy of each (OpenCC s2hk) — 636 real texts;
  N pages = for page i, the first paragraph of base text i mod 636 followed by paragraphs drawn
  (seeded) from two other base texts, so pages are distinct but made only of real paragraphs.

Measured, each in a fresh process (peak RSS is per run):
  core   = clean + normalise + story dedup + store (stage set "clean"), 1 process and all cores;
  full   = every stage (entities, dates, quantities, events) on a subset, 1 process;
  trafilatura alone on the CCTV HTML pages (replicated), OpenCC t2s alone on the text pages.

    python bench/ingest.py                 # 10,000 pages (default)
    python bench/ingest.py --pages 2000    # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CCTV = SHARED / "corpus" / "news" / "cctv"


def base_texts(cache: Path) -> list[str]:
    """Real texts: samples, CCTV pages through trafilatura, and s2hk copies of all of them."""
    if cache.exists():
        return list(json.loads(cache.read_text()))
    import opencc
    import trafilatura

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    for page in sorted(CCTV.glob("*.shtml")):
        extracted = trafilatura.extract(page.read_text(encoding="utf-8", errors="replace"))
        if extracted:
            texts.append(extracted)
    s2hk = opencc.OpenCC("s2hk")
    texts += [s2hk.convert(t) for t in texts]
    cache.write_text(json.dumps(texts, ensure_ascii=False))
    return texts


def build_corpus(texts: list[str], n: int, root: Path) -> int:
    """Write n pages of real paragraphs; returns total bytes."""
    rng = random.Random(20221123)
    paras = [[p for p in re.split(r"\n\s*\n|\n", t) if p.strip()] for t in texts]
    total = 0
    for i in range(n):
        own = paras[i % len(paras)]
        others = rng.sample(range(len(paras)), 2)
        body = own[:1] + [rng.choice(paras[j]) for j in others for _ in range(3) if paras[j]]
        data = "\n\n".join(body).encode("utf-8")
        (root / f"page_{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def run_ingest(corpus: Path, db: Path, stage_set: str, workers: int, limit: int | None) -> dict[str, float]:
    """One ingest in a child process; wall time and the child's peak RSS."""
    code = (
        "import glob, resource; from zhevents.pipeline import ingest; from zhevents.records import PageMeta\n"
        f"files = sorted(glob.glob({str(corpus / '*.txt')!r}))[:{limit or 10**9}]\n"
        f"s = ingest(files, {str(db)!r}, stage_set={stage_set!r}, workers={workers},"
        " defaults=PageMeta(published='2022-04-27'))\n"
        "rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(s.read, sum(s.stories.values()), s.duplicates, s.events, len(s.rejected), rss)\n"
    )
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    wall = time.perf_counter() - start
    read, stories, dups, events, rejected, rss_kb = (int(x) for x in out.stdout.split())
    peak = rss_kb / 1024
    return {"pages": read, "stories": stories, "duplicates": dups, "events": events, "rejected": rejected,
            "seconds": wall, "pages_s": read / wall, "peak_rss_mb": peak}


def trafilatura_alone(n: int) -> float:
    import trafilatura

    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CCTV.glob("*.shtml"))]
    start = time.perf_counter()
    for i in range(n):
        trafilatura.extract(pages[i % len(pages)])
    return n / (time.perf_counter() - start)


def opencc_alone(texts: list[str], n: int) -> tuple[float, float]:
    import opencc

    conv = opencc.OpenCC("t2s")
    start = time.perf_counter()
    size = 0
    for i in range(n):
        t = texts[i % len(texts)]
        conv.convert(t)
        size += len(t.encode("utf-8"))
    wall = time.perf_counter() - start
    return n / wall, size / wall / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--full-pages", type=int, default=1_000, help="pages for the all-stages run")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "ingest.md"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        texts = base_texts(tmp / "base.json")
        corpus = tmp / "corpus"
        corpus.mkdir()
        size = build_corpus(texts, args.pages, corpus)
        runs = {
            "core, 1 process, quarter corpus": run_ingest(corpus, tmp / "q.db", "clean", 1, args.pages // 4),
            "core, 1 process": run_ingest(corpus, tmp / "a.db", "clean", 1, None),
            f"core, {os.cpu_count()} processes": run_ingest(corpus, tmp / "b.db", "clean", os.cpu_count() or 1, None),
            f"all stages, 1 process ({args.full_pages} pages)": run_ingest(corpus, tmp / "c.db", "full", 1,
                                                                            args.full_pages),
        }
        traf = trafilatura_alone(min(args.pages, 2000))
        occ_pages, occ_mb = opencc_alone(texts, args.pages)
    mb = size / 1e6
    lines = [
        "# Ingest benchmark", "",
        f"Command: `python bench/ingest.py --pages {args.pages} --full-pages {args.full_pages}`; "
        f"{args.pages} text pages, {mb:.1f} MB, built from 636 real texts (see the script's docstring). "
        f"Machine: {os.cpu_count()} cores.", "",
        "| run | pages | s | pages/s | MB/s | stories | duplicates | events | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in runs.items():
        mbs = mb * r["pages"] / args.pages / r["seconds"]
        lines.append(f"| {name} | {r['pages']} | {r['seconds']:.1f} | {r['pages_s']:.0f} | {mbs:.2f} | "
                     f"{r['stories']} | {r['duplicates']} | {r['events']} | {r['peak_rss_mb']:.0f} |")
    lines += ["", f"Reference points: trafilatura alone on CCTV HTML pages {traf:.0f} pages/s; "
              f"OpenCC t2s alone on the text pages {occ_pages:.0f} pages/s ({occ_mb:.1f} MB/s).", ""]
    report = "\n".join(lines)
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
