"""Throughput of the entity stage (gazetteer + title patterns + linking, no NER) on the CCTV pages.

    PYTHONPATH=src .venv/bin/python bench/bench_entities.py [--repeat 3]

Stories: the body of every CCTV page of ../shared/corpus/news/cctv (all paragraphs of the news item,
the unit the clean stage will hand on), converted with OpenCC t2s. One process, one core.
"""

from __future__ import annotations

import argparse
import html
import re
import time
from pathlib import Path

from zhevents.entities import find_entities, gazetteer, to_simplified

CCTV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / "cctv"
BODY = re.compile(r'<div class="(?:cnt_bd|content_area)"[^>]*>(.*?)</div>', re.S)


def stories() -> list[str]:
    out = []
    for path in sorted(CCTV.glob("*.shtml")):
        body = BODY.search(path.read_text(encoding="utf-8", errors="replace"))
        if body:
            text = html.unescape(re.sub(r"<[^>]+>", "\n", body.group(1)))
            out.append(to_simplified("\n".join(ln.strip() for ln in text.split("\n") if ln.strip())))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    gazetteer()
    load = time.perf_counter() - t0
    texts = stories()
    chars = sum(map(len, texts))
    best = float("inf")
    mentions = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        mentions = sum(len(find_entities(t, use_ner=False)) for t in texts)
        best = min(best, time.perf_counter() - t0)
    print(f"gazetteer load {load:.2f}s; {len(texts)} stories, {chars} chars, {mentions} mentions")
    print(f"best of {args.repeat}: {best:.3f}s = {len(texts) / best:.0f} stories/s, {chars / best / 1000:.0f}k chars/s")


if __name__ == "__main__":
    main()
