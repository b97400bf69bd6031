"""Event accuracy on the development pages, and coder speed.

Runs the pipeline (ingest → clean → normalize → entities → dates → events) on
../shared/samples (with its manifest) and on the CCTV pages the gold file names, writes
the PLOVER lines, scores them with ../shared/tools/score_events.py against
../shared/gold/dev.jsonl and dev_cctv.jsonl, and writes bench/results/accuracy.md.

A stage whose module is not in the tree yet is replaced by a stand-in (normalize: OpenCC
t2s per character; entities, quantities: nothing), and the report says which.

usage: PYTHONPATH=src .venv/bin/python bench/accuracy.py [--details] [--no-speed]
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from zhevents.events import code_events, event_to_plover
from zhevents.records import Alignment, Page, Story

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "bench" / "results"
SETS = [
    ("samples", SHARED / "samples", SHARED / "samples" / "manifest.jsonl", SHARED / "gold" / "dev.jsonl"),
    ("cctv", SHARED / "corpus" / "news" / "cctv", SHARED / "corpus" / "news" / "cctv" / "manifest.jsonl",
     SHARED / "gold" / "dev_cctv.jsonl"),
    # held out: CCTV pages annotated by us before tuning; never tune on their misses
    ("heldout", SHARED / "corpus" / "news" / "cctv", SHARED / "corpus" / "news" / "cctv" / "manifest.jsonl",
     ROOT / "tests" / "fixtures" / "events" / "heldout.jsonl"),
]


def _optional(module: str, name: str) -> Callable[..., object] | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _standin_normalize(story: Story) -> Story:
    import opencc

    conv = opencc.OpenCC("t2s")
    norm = conv.convert(story.text)
    if len(norm) != len(story.text):  # phrase conversions changed the length: convert per character
        norm = "".join(conv.convert(ch) for ch in story.text)
    story.norm, story.norm_align = norm, Alignment.identity(len(norm))
    return story


class Stages:
    """The stage functions in pipeline order; stand-ins where a module has not landed."""

    def __init__(self) -> None:
        self.standins: list[str] = []
        self.read_page = _optional("zhevents.ingest", "read_page")
        self.load_manifest = _optional("zhevents.ingest", "load_manifest")
        self.clean = _optional("zhevents.clean", "clean_page")
        self.normalize = _optional("zhevents.normalize", "normalize_story")
        self.entities = _optional("zhevents.entities", "annotate_entities")
        self.dates = _optional("zhevents.dates", "annotate_dates")
        if self.read_page is None or self.clean is None:
            raise SystemExit("bench/accuracy.py needs zhevents.ingest and zhevents.clean")
        if self.normalize is None:
            self.standins.append("normalize (OpenCC t2s per character)")
        if self.entities is None:
            self.standins.append("entities (none: the coder's fallback actor lexicon)")
        if self.dates is None:
            self.standins.append("dates (none: no time expressions)")

    def page(self, path: Path, manifest: object) -> Page:
        page = self.read_page(path, manifest=manifest)  # type: ignore[misc]
        return self.clean(page)  # type: ignore[misc,no-any-return]

    def story(self, story: Story, page: Page) -> Story:
        story = self.normalize(story) if self.normalize else _standin_normalize(story)  # type: ignore[assignment]
        if self.entities:
            story = self.entities(story)  # type: ignore[assignment]
        if self.dates:
            story = self.dates(story, page)  # type: ignore[assignment]
        return story


def gold_docs(gold: Path) -> list[str]:
    docs: list[str] = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)["doc"]
            if doc not in docs:
                docs.append(doc)
    return docs


def run_set(stages: Stages, folder: Path, manifest_path: Path, gold: Path) -> tuple[list[dict[str, object]],
                                                                                    list[tuple[Story, Page]]]:
    manifest = stages.load_manifest(manifest_path) if stages.load_manifest else None  # type: ignore[misc]
    lines: list[dict[str, object]] = []
    prepared: list[tuple[Story, Page]] = []
    for doc in gold_docs(gold):
        page = stages.page(folder / doc, manifest)
        for story in page.stories:
            story = stages.story(story, page)
            prepared.append((story, page))
            code_events(story, page)
            lines += [event_to_plover(e) for e in story.events]
    return lines, prepared


def score(gold: Path, system: Path, details: bool) -> tuple[dict[str, dict[str, float]], str]:
    tool = [sys.executable, str(SHARED / "tools" / "score_events.py"), str(gold), str(system)]
    result = json.loads(subprocess.run([*tool, "--json"], capture_output=True, text=True, check=True).stdout)
    text = subprocess.run([*tool, "--details"] if details else tool, capture_output=True, text=True,
                          check=True).stdout
    return result, text


def speed(stages: Stages, prepared: list[tuple[Story, Page]], rounds: int = 3) -> tuple[float, float]:
    """Stories per second for the coder alone and for entities + dates + coder."""
    t0 = time.perf_counter()
    for _ in range(rounds):
        for story, page in prepared:
            code_events(story, page)
    coder = rounds * len(prepared) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(rounds):
        for story, page in prepared:
            if stages.entities:
                stages.entities(story)
            if stages.dates:
                stages.dates(story, page)
            code_events(story, page)
    full = rounds * len(prepared) / (time.perf_counter() - t0)
    return coder, full


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    stages = Stages()
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = ["# Event accuracy (bench/accuracy.py)", "",
              "Command: `PYTHONPATH=src .venv/bin/python bench/accuracy.py`", ""]
    if stages.standins:
        report += ["Stand-ins for stages not yet in the tree: " + "; ".join(stages.standins), ""]
    report += ["| set | level | P | R | F1 | system | required gold | matched |", "|---|---|---|---|---|---|---|---|"]
    all_prepared: list[tuple[Story, Page]] = []
    for name, folder, manifest, gold in SETS:
        lines, prepared = run_set(stages, folder, manifest, gold)
        all_prepared += prepared
        out = RESULTS / f"events_{name}.jsonl"
        out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
        result, text = score(gold, out, args.details)
        print(f"== {name} ({gold.name})\n{text}")
        for level in ("strict", "lenient"):
            r = result[level]
            report.append(f"| {name} | {level} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
                          f"{r['system_events']} | {r['required_gold']} | {r['matched_required']} |")
    if not args.no_speed:
        coder, full = speed(stages, all_prepared)
        line = (f"Speed on {len(all_prepared)} stories (one core): coder {coder:.0f} stories/s; "
                f"entities + dates + coder {full:.0f} stories/s")
        print(line)
        report += ["", line]
    (RESULTS / "accuracy.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
