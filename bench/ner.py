"""Throughput of the CRF NER (``zhevents.entities.ner.find_names``) on CCTV news paragraphs.

    PYTHONPATH=src .venv/bin/python bench/ner.py [--pages 316] [--story-chars 300]

Reads the paragraphs (``<p>`` text) of the CCTV pages in ``../shared/corpus/news/cctv``, packs
them into stories of about ``--story-chars`` characters (the size of a typical story), and
times feature extraction alone and the whole ``find_names`` call on one core.  The model is
loaded before timing starts.  Target (issue 3): ≥ 100 stories/s per core with the model.
"""

from __future__ import annotations

import argparse
import html
import re
import time
from collections.abc import Callable
from pathlib import Path

from zhevents.entities import ner

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CCTV = SHARED / "corpus" / "news" / "cctv"
_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)(?=</p>|<p[ >]|</div>)", re.S)
_TAG = re.compile(r"<[^>]+>")


def paragraphs(page: Path) -> list[str]:
    """Plain text of the page's ``<p>`` elements that contain Chinese text."""
    raw = page.read_text(encoding="utf-8", errors="replace")
    texts = (html.unescape(_TAG.sub("", m.group(1))).strip() for m in _PARAGRAPH.finditer(raw))
    return [t for t in texts if len(t) >= 10 and any("\u4e00" <= ch <= "\u9fff" for ch in t)]


def stories(pages: int, story_chars: int) -> list[str]:
    """Paragraphs packed into stories of about ``story_chars`` characters."""
    out: list[str] = []
    current = ""
    for page in sorted(CCTV.glob("*.shtml"))[:pages]:
        for para in paragraphs(page):
            current = f"{current}\n{para}" if current else para
            if len(current) >= story_chars:
                out.append(current)
                current = ""
    if current:
        out.append(current)
    return out


def timed(label: str, func: Callable[[str], object], texts: list[str], repeat: int) -> None:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for text in texts:
            func(text)
        best = min(best, time.perf_counter() - began)
    chars = sum(map(len, texts))
    print(
        f"{label:<22} {len(texts) / best:8.0f} stories/s  {chars / best / 1000:8.1f} k chars/s"
        f"  ({len(texts)} stories, {chars} chars, best of {repeat})"
    )


def features_only(text: str) -> None:
    for start, end in ner.sentence_bounds(text):
        ner.sentence_features(text[start:end])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=316)
    parser.add_argument("--story-chars", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = stories(args.pages, args.story_chars)
    ner.find_names("俄罗斯总统普京在莫斯科会见联合国秘书长古特雷斯。")  # load the model outside timing
    timed("features only", features_only, texts, args.repeat)
    timed("find_names (CRF)", ner.find_names, texts, args.repeat)
    names = sum(len(ner.find_names(t)) for t in texts)
    print(f"names found: {names} ({names / len(texts):.1f} per story)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
