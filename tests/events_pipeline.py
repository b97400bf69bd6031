"""Run the real pipeline (``zhevents.pipeline.process_page``, the stages ``zhevents extract`` runs) on a
sample page for the event tests.  Also used to regenerate the goldens:
``.venv/bin/python tests/events_pipeline.py``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from zhevents.ingest import load_manifest, read_page
from zhevents.pipeline import process_page
from zhevents.records import Page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"
SAMPLES = ["000_202d6752c14345d9.txt", "004_807478d756e0f648.txt"]


@lru_cache(maxsize=1)
def _manifest() -> object:
    return load_manifest(SHARED / "samples" / "manifest.jsonl")


def run_sample(doc: str) -> Page:
    return process_page(read_page(SHARED / "samples" / doc, manifest=_manifest()))


def summary(page: Page) -> list[dict[str, Any]]:
    """What the golden files pin: type, parties' codes, date, aux, teaser and evidence."""
    return [{"event": e.event, "actor": sorted(a.code or "" for a in e.actor),
             "recipient": sorted(a.code or "" for a in e.recipient), "date": e.date, "aux": e.aux,
             "qualifier": e.qualifier, "teaser": e.teaser, "evidence": page.text[e.start:e.end]}
            for s in page.stories for e in s.events]


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name in SAMPLES:
        out = FIXTURES / f"{name}.events.json"
        out.write_text(json.dumps(summary(run_sample(name)), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(out)
