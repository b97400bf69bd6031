"""Throughput of the dates + quantities stage, and publication-date inference on the CCTV pages.

Stories are the <p> paragraphs of ../shared/corpus/news/cctv/*.shtml (regex extraction, no clean
stage), replicated to at least ``--stories``; each is annotated with ``annotate_dates`` and
``annotate_quantities`` in one process.  Inference: every page's text with its URL and file name
withheld, compared with the manifest's date.

    PYTHONPATH=src .venv/bin/python bench/dates.py [--stories 10000] [--out bench/results/dates.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import platform
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from zhevents.dates import annotate_dates, infer_published
from zhevents.quantities import annotate_quantities
from zhevents.records import Alignment, Page, PageMeta, Story

ROOT = Path(__file__).resolve().parents[1]
CCTV = ROOT.parent / "shared" / "corpus" / "news" / "cctv"
PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")
CHROME = ("查看更多评论", "版权所有")


@dataclass(slots=True)
class Doc:
    page: Page
    stories: list[Story]
    published: str


def paragraphs(raw: str) -> list[str]:
    out = []
    for p in PARAGRAPH.findall(raw):
        text = html.unescape(TAG.sub("", p)).strip()
        if len(text) >= 10 and not any(c in text for c in CHROME):
            out.append(text)
    return out


def load_docs() -> list[Doc]:
    manifest = {}
    for line in (CCTV / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        manifest[row["path"]] = row["published"]
    docs = []
    for path in sorted(CCTV.glob("*.shtml")):
        paras = paragraphs(path.read_text(encoding="utf-8", errors="replace"))
        if not paras or path.name not in manifest:
            continue
        text = "\n\n".join(paras)
        page = Page(id=path.stem, source=str(path), doc=path.name, fmt="html", text=text,
                    meta=PageMeta(published=manifest[path.name]))
        stories, offset = [], 0
        for seq, para in enumerate(paras):
            stories.append(Story(id=f"{path.stem}-{seq}", page_id=path.stem, seq=seq, kind="article",
                                 text=para, align=Alignment.identity(len(para), offset=offset),
                                 norm=para, norm_align=Alignment.identity(len(para))))
            offset += len(para) + 2
        page.stories = stories
        docs.append(Doc(page, stories, manifest[path.name]))
    return docs


def throughput(docs: list[Doc], n: int, repeat: int) -> dict[str, float]:
    """Stories per second for each step, best of ``repeat`` passes (the box is shared)."""
    pairs = [(s, d.page) for d in docs for s in d.stories]
    work = [pairs[i % len(pairs)] for i in range(max(n, len(pairs)))]
    rates = {}
    for name, fn in (
        ("dates", lambda s, p: annotate_dates(s, p)),
        ("quantities", lambda s, p: annotate_quantities(s)),
        ("dates + quantities", lambda s, p: annotate_quantities(annotate_dates(s, p))),
    ):
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            for story, page in work:
                fn(story, page)
            best = min(best, time.perf_counter() - t0)
        rates[name] = len(work) / best
    rates["stories"] = len(work)
    return rates


def counts(docs: list[Doc]) -> Counter[str]:
    c: Counter[str] = Counter()
    for d in docs:
        for s in d.stories:
            annotate_quantities(annotate_dates(s, d.page))
            c["stories"] += 1
            c["times"] += len(s.times)
            c["times resolved"] += sum(t.date is not None for t in s.times)
            c["quantities"] += len(s.quantities)
            c["quantities with counts"] += sum(q.counts is not None for q in s.quantities)
    return c


def inference(docs: list[Doc]) -> tuple[Counter[str], float]:
    """Infer each page's date from its text alone (URL and file name withheld)."""
    c: Counter[str] = Counter()
    t0 = time.perf_counter()
    for d in docs:
        blind = Page(id=d.page.id, source="", doc="", text=d.page.text, meta=PageMeta())
        got, _ = infer_published(blind)
        c["pages"] += 1
        if got is None:
            c["no estimate"] += 1
        elif got == d.published:
            c["exact"] += 1
        elif abs((_day(got) - _day(d.published)).days) <= 1:
            c["within 1 day"] += 1
        else:
            c["wrong"] += 1
    return c, (time.perf_counter() - t0) / max(1, c["pages"])


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def report(rates: dict[str, float], found: Counter[str], inferred: Counter[str], per_page: float,
           docs: int) -> str:
    lines = [
        "# dates + quantities stage",
        "",
        f"Command: `PYTHONPATH=src .venv/bin/python bench/dates.py --stories {int(rates['stories'])}`",
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        "one process, best of 3 passes (shared 2-core box under load from other work: a floor).",
        "",
        f"Corpus: {docs} CCTV pages (`../shared/corpus/news/cctv`), <p> paragraphs as stories, "
        f"{found['stories']} distinct, replicated to {int(rates['stories'])}.",
        "",
        "| step | stories/s (one core) |",
        "|---|---|",
        *(f"| {k} | {v:,.0f} |" for k, v in rates.items() if k != "stories"),
        "",
        "| found in the distinct stories | count |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in found.items()),
        "",
        "Publication date inferred from page text alone (URL and file name withheld), against the manifest:",
        "",
        "| outcome | pages |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in inferred.items()),
        "",
        f"Inference time: {per_page * 1000:.1f} ms per page.  With the URL (CCTV's …YYMMDD.shtml) "
        "the date is read from the address instead.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="passes per step; the best is reported")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "dates.md")
    args = ap.parse_args(argv)
    if not CCTV.exists():
        print(f"corpus not found: {CCTV}", file=sys.stderr)
        return 2
    docs = load_docs()
    found = counts(docs)
    rates = throughput(docs, args.stories, args.repeat)
    inferred, per_page = inference(docs)
    text = report(rates, found, inferred, per_page, len(docs))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
