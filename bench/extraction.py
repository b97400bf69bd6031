"""Main-text extraction on Chinese pages: trafilatura vs readability-lxml vs GNE vs clean_page.

``zhevents extract`` is the clean stage's extraction alone (trafilatura and readability run on
every page, one of the two chosen by ``zhevents.clean.choose``); ``zhevents clean_page`` adds
the text-level chrome rules and segmentation (the article and digest items, teasers left out).

Scores each extractor's text against the hand-made answers of the cwced pages
(``../shared/corpus/extraction/cwced``: original/*.html → cleaned/*.txt) with character-bigram
precision / recall / F1 (multisets of adjacent non-space characters), mean and median over
pages, and times every extractor over the cwced and GNE pages (pages/s, one core).  The GNE
test pages have no answers in the corpus, so on them only speed and a chrome proxy are given:
the share of pages whose output still holds a teaser marker, share widget or copyright footer.

readability-lxml is a core dependency; gne is bench-only (``pip install .[bench]``): it is
GPL-3.0 and never imported by the package.

Run:  PYTHONPATH=src .venv/bin/python bench/extraction.py [--limit N] [--out bench/results/extraction.md]
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus" / "extraction"
CWCED = SHARED / "cwced"
GNE_PAGES = SHARED / "gne" / "tests"

# Chrome that should never survive extraction (proxy score on pages without answers).
CHROME_PROXY = re.compile(
    r"阅读全文|閱讀全文|版权声明|版權聲明|转载请注明|轉載請註明|分享到|扫一扫|责任编辑|責任編輯|相关新闻|相關新聞|上一篇|下一篇"
)

Extractor = Callable[[str], str]


def read_html(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def bigrams(text: str) -> Counter[str]:
    chars = "".join(text.split())
    return Counter(chars[i : i + 2] for i in range(len(chars) - 1))


def prf(found: str, answer: str) -> tuple[float, float, float]:
    got, want = bigrams(found), bigrams(answer)
    overlap = sum((got & want).values())
    p = overlap / sum(got.values()) if got else 0.0
    r = overlap / sum(want.values()) if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------------------------ extractors


def trafilatura_default(html: str) -> str:
    return trafilatura.extract(html) or ""


def trafilatura_no_tables(html: str) -> str:
    return trafilatura.extract(html, include_tables=False) or ""


def trafilatura_recall(html: str) -> str:
    return trafilatura.extract(html, favor_recall=True) or ""


def readability_lxml(html: str) -> str:
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    except Exception:  # readability raises on pages it cannot score
        return ""


def gne_extractor(html: str) -> str:
    from gne import GeneralNewsExtractor  # GPL-3.0: bench only

    try:
        return str(GeneralNewsExtractor().extract(html).get("content", ""))
    except Exception:
        return ""


def zhevents_extract(html: str) -> str:
    """The clean stage's extraction alone: trafilatura or readability, chosen per page."""
    from zhevents.clean.html import ExtractionError, extract

    try:
        return extract(html).text
    except ExtractionError:
        return ""


def clean_page_main(html: str) -> str:
    """Our stage: the article and digest-item stories (teasers are separate stories)."""
    from zhevents.clean import clean_page
    from zhevents.records import Page

    page = clean_page(Page(id="0" * 16, source="bench", doc="bench", fmt="html", raw=html))
    return "\n".join(s.text for s in page.stories if s.kind != "teaser")


EXTRACTORS: dict[str, Extractor] = {
    "trafilatura": trafilatura_default,
    "trafilatura (no tables)": trafilatura_no_tables,
    "trafilatura (favor_recall)": trafilatura_recall,
    "readability-lxml": readability_lxml,
    "gne (GPL, bench only)": gne_extractor,
    "zhevents extract (choice, no text rules)": zhevents_extract,
    "zhevents clean_page": clean_page_main,
}


@dataclass
class Row:
    name: str
    p_mean: float
    r_mean: float
    f_mean: float
    f_median: float
    empty: int
    pages_per_s: float
    gne_chrome: float
    gne_pages_per_s: float


def timed(fn: Extractor, pages: list[str], repeats: int = 2) -> tuple[list[str], float]:
    """Outputs and total seconds, each page's time the best of ``repeats`` (the machine is shared)."""
    outputs: list[str] = []
    total = 0.0
    for html in pages:
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            out = fn(html)
            best = min(best, time.perf_counter() - t0)
        outputs.append(out)
        total += best
    return outputs, total


def run(limit: int | None) -> list[Row]:
    answered = sorted(CWCED.glob("original/*.html"))[:limit]
    answers = {p: (CWCED / "cleaned" / f"{p.stem}.txt").read_text(encoding="utf-8", errors="replace") for p in answered}
    pages = {p: read_html(p) for p in answered}
    gne_pages = [read_html(p) for p in sorted(GNE_PAGES.glob("*/*.html"))[:limit]]
    rows: list[Row] = []
    for name, fn in EXTRACTORS.items():
        outputs, seconds = timed(fn, list(pages.values()))
        speed = len(pages) / seconds
        scores = [prf(out, answers[p]) for p, out in zip(answered, outputs, strict=True)]
        gne_out, seconds = timed(fn, gne_pages)
        gne_speed = len(gne_pages) / seconds
        rows.append(
            Row(
                name,
                statistics.mean(s[0] for s in scores),
                statistics.mean(s[1] for s in scores),
                statistics.mean(s[2] for s in scores),
                statistics.median(s[2] for s in scores),
                sum(1 for o in outputs if not o.strip()),
                speed,
                sum(1 for o in gne_out if CHROME_PROXY.search(o)) / max(1, len(gne_out)),
                gne_speed,
            )
        )
        print(f"  {name}: done", file=sys.stderr)
    return rows


def choice_counts(pages: list[str]) -> Counter[str]:
    """Which extractor the clean stage chose on each page ("none" when neither found text)."""
    from zhevents.clean.html import ExtractionError, extract

    counts: Counter[str] = Counter()
    for html in pages:
        try:
            counts[extract(html).extractor] += 1
        except ExtractionError:
            counts["none"] += 1
    return counts


def choice_note() -> str:
    cwced = choice_counts([read_html(p) for p in sorted(CWCED.glob("original/*.html"))])
    gne = choice_counts([read_html(p) for p in sorted(GNE_PAGES.glob("*/*.html"))])

    def fmt(counts: Counter[str]) -> str:
        return ", ".join(f"{name} {n}" for name, n in counts.most_common())

    return f"\nExtractor chosen by the clean stage: cwced {fmt(cwced)}; GNE {fmt(gne)}.\n"


def table(rows: list[Row], n_cwced: int, n_gne: int) -> str:
    head = (
        "| extractor | P mean | R mean | F1 mean | F1 median | empty | pages/s "
        "| GNE: pages with chrome | GNE pages/s |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    body = "".join(
        f"| {r.name} | {r.p_mean:.3f} | {r.r_mean:.3f} | {r.f_mean:.3f} | {r.f_median:.3f} | {r.empty}/{n_cwced} "
        f"| {r.pages_per_s:.1f} | {r.gne_chrome:.0%} | {r.gne_pages_per_s:.1f} |\n"
        for r in rows
    )
    note = (
        f"\nScores: character-bigram precision/recall/F1 against the hand-made answers of {n_cwced} cwced pages; "
        "speed on one core (each page timed twice, best kept). "
        f"GNE: {n_gne} pages without answers; 'pages with chrome' counts outputs that still "
        "contain 阅读全文/版权声明/转载请注明/分享到/扫一扫/责任编辑/相关新闻/上一篇/下一篇 (lower is better).\n"
    )
    return head + body + note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N pages of each set")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "extraction.md")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    if not CWCED.exists():
        sys.exit(f"corpus not found: {CWCED}")
    rows = run(args.limit)
    n_cwced = len(sorted(CWCED.glob("original/*.html"))[: args.limit])
    n_gne = len(sorted(GNE_PAGES.glob("*/*.html"))[: args.limit])
    text = (
        "# Main-text extraction on Chinese pages\n\nCommand: `PYTHONPATH=src .venv/bin/python bench/extraction.py`\n\n"
    )
    text += table(rows, n_cwced, n_gne)
    text += choice_note()
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
