"""Script conversion: speed of each OpenCC config, artefacts on sample 004, round-trip fidelity.

Corpus: CCTV 新闻联播 pages (paragraphs taken out of ../shared/corpus/news/cctv with a regex on
<p> tags, simplified) and the two samples.  Inputs in traditional script are made here with
OpenCC s2t / s2hk / s2tw (machine conversions, like sample 004).

1. speed: each config over the pages replicated to about --mb MB, converted page by page (MB/s of
   UTF-8 input); our full ``to_simplified`` (conversion + alignment + punctuation) and
   ``normalize_story`` in pages/s.  zhconv-rs (GPL, optional, ``pip install zhconv-rs``) is
   measured when installed; it is never a dependency of the package.
2. artefacts of sample 004 (OpenCC s2hk output): each known artefact, how many of its
   occurrences come out as the right simplified form, per config; traditional-only characters
   left in the output.
3. fidelity: CCTV text (simplified) → s2t / s2hk / s2tw → back; characters that differ from
   the original (and changes to the simplified text itself, "idem").

    PYTHONPATH=src .venv/bin/python bench/convert.py            # writes bench/results/convert.md
    PYTHONPATH=src .venv/bin/python bench/convert.py --mb 2
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import opencc

from zhevents.normalize import _simplifier, convert, normalize_story, script_counts, to_simplified
from zhevents.records import Alignment, Story

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "bench" / "results" / "convert.md"
SAMPLE_004 = SHARED / "samples" / "004_807478d756e0f648.txt"
SAMPLE_000 = SHARED / "samples" / "000_202d6752c14345d9.txt"
BACK = ["t2s", "hk2s", "tw2s", "tw2sp"]
FORWARD = ["s2t", "s2hk", "s2tw"]
# (as written in 004 by OpenCC s2hk, right simplified form)
ARTEFACTS_004 = [
    ("一箇中國", "一个中国"), ("馬裏烏波爾", "马里乌波尔"), ("迴歸", "回归"), ("説", "说"),
    ("防衞", "防卫"), ("衞生", "卫生"), ("着眼", "着眼"), ("發佈", "发布"), ("宣佈", "宣布"),
    ("關係", "关系"), ("註明", "注明"), ("儘早", "尽早"),
]


def cctv_pages() -> list[str]:
    pages = []
    for path in sorted((SHARED / "corpus" / "news" / "cctv").glob("*.shtml")):
        html = path.read_text(encoding="utf-8")
        paragraphs = (re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", html, re.S))
        pages.append("\n".join(p for p in paragraphs if len(p) > 20))
    return pages


@cache
def converters() -> dict[str, Callable[[str], str]]:
    out: dict[str, Callable[[str], str]] = {c: opencc.OpenCC(c).convert for c in BACK + FORWARD}
    out["ours (chain+repairs)"] = lambda t: to_simplified(t)[0]
    out["ours chain only"] = _simplifier().convert
    out["ours convert(simplified)"] = lambda t: convert(t, "simplified")
    try:
        import zhconv_rs  # GPL-2.0: optional comparison only

        out["zhconv-rs zh-hans"] = lambda t: zhconv_rs.zhconv(t, "zh-hans")
        out["zhconv-rs zh-hans+wiki"] = lambda t: zhconv_rs.zhconv(t, "zh-hans", True)
    except ImportError:
        print("zhconv-rs not installed: skipped")
    return out


def speed(pages: list[str], target_mb: float) -> list[tuple[str, float, float]]:
    size = sum(len(p.encode("utf-8")) for p in pages)
    reps = max(1, round(target_mb * 1e6 / size))
    batch = pages * reps
    mb = size * reps / 1e6
    rows = []
    for name, conv in converters().items():
        t0 = time.perf_counter()
        for page in batch:
            conv(page)
        dt = time.perf_counter() - t0
        rows.append((name, mb / dt, len(batch) / dt))
    stories = [Story(id=str(i), page_id="p", seq=0, kind="article", text=p, align=Alignment.identity(len(p)))
               for i, p in enumerate(batch)]
    t0 = time.perf_counter()
    for story in stories:
        normalize_story(story)
    dt = time.perf_counter() - t0
    rows.append(("normalize_story (all steps)", mb / dt, len(batch) / dt))
    return rows


def artefacts(text: str) -> tuple[list[str], list[list[str]], list[int]]:
    names = [n for n in converters() if n not in FORWARD]
    table = []
    for wrong, right in ARTEFACTS_004:
        starts = [m.start() for m in re.finditer(re.escape(wrong), text)]
        row = [f"{wrong}→{right} ({len(starts)}×)"]
        for name in names:
            out = converters()[name](text) if name != "ours (chain+repairs)" else None
            if name == "ours (chain+repairs)":
                norm, align = to_simplified(text)
                ok = 0
                for s in starts:
                    ns = next(i for i in range(len(norm)) if align.map_start(i) == s)
                    ok += norm[ns : ns + len(right)] == right
            else:
                assert out is not None
                ok = sum(out[s : s + len(right)] == right for s in starts) if len(out) == len(text) else -1
            row.append(f"{ok}/{len(starts)}")
        table.append(row)
    left = []
    for name in names:
        out = to_simplified(text)[0] if name == "ours (chain+repairs)" else converters()[name](text)
        left.append(script_counts(out)[1])
    return names, table, left


def fidelity(simplified: str) -> tuple[list[str], list[list[str]]]:
    names = [n for n in converters() if n not in FORWARD and not n.startswith("ours (")]
    fwd = {c: opencc.OpenCC(c).convert(simplified) for c in FORWARD}
    rows = []
    for name in names:
        conv = converters()[name]
        row = [name]
        for src in [simplified, *fwd.values()]:
            back = conv(src)
            if len(back) != len(simplified):
                row.append(f"len {len(back) - len(simplified):+d}")
                continue
            diff = Counter((a, b) for a, b in zip(simplified, back, strict=True) if a != b)
            top = ", ".join(f"{a}→{b}×{n}" for (a, b), n in diff.most_common(3))
            row.append(f"{sum(diff.values())}" + (f" ({top})" if top else ""))
        rows.append(row)
    return ["config", "idem (simplified in)", *[f"{c} → back" for c in FORWARD]], rows


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="MB of page text to convert per config")
    args = parser.parse_args()
    cctv = cctv_pages()
    sample_000 = SAMPLE_000.read_text(encoding="utf-8")
    sample_004 = SAMPLE_004.read_text(encoding="utf-8")
    hk = opencc.OpenCC("s2hk")
    pages = [*cctv, sample_000, sample_004, *(hk.convert(p) for p in cctv[:50])]
    avg_kb = sum(len(p.encode("utf-8")) for p in pages) / len(pages) / 1e3

    speed_rows = speed(pages, args.mb)
    names, art_rows, left = artefacts(sample_004)
    fid_header, fid_rows = fidelity("\n".join([*cctv, sample_000]))

    out = [
        "# Script conversion benchmark",
        "",
        f"Command: `PYTHONPATH=src .venv/bin/python bench/convert.py --mb {args.mb:g}`  ",
        f"opencc {opencc.__version__}; {len(pages)} pages (316 CCTV simplified, samples 000 and 004, "
        f"50 CCTV pages through s2hk), mean {avg_kb:.1f} kB UTF-8, replicated to ~{args.mb:g} MB; one core.",
        "",
        "## Speed (page by page)",
        "",
        table(["converter", "MB/s", "pages/s"], [[n, f"{mbps:.2f}", f"{pps:.0f}"] for n, mbps, pps in speed_rows]),
        "",
        "## Artefacts of sample 004 (OpenCC s2hk output): occurrences converted right",
        "",
        table(["artefact", *names], art_rows),
        "",
        table(["", *names], [["traditional-only chars left in output", *[str(n) for n in left]]]),
        "",
        "## Fidelity: CCTV + sample 000 (simplified) → forward config → back; characters that differ",
        "",
        table(fid_header, fid_rows),
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(out), encoding="utf-8")
    print("\n".join(out))


if __name__ == "__main__":
    main()
