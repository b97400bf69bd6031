"""Run the real stages on a page for the event tests: ``zhevents.pipeline.process_page`` once every
stage has landed, else the stage functions in pipeline order (normalize replaced by OpenCC t2s
per character while ``zhevents.normalize`` is missing).  Also used to regenerate the goldens:
``PYTHONPATH=src .venv/bin/python tests/events_pipeline.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zhevents.events import code_events
from zhevents.records import Alignment, Page, Story

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"
SAMPLES = ["000_202d6752c14345d9.txt", "004_807478d756e0f648.txt"]


def _normalize(story: Story) -> Story:
    try:
        from zhevents.normalize import normalize_story
    except ImportError:
        import opencc

        conv = opencc.OpenCC("t2s")
        story.norm = "".join(conv.convert(ch) for ch in story.text)
        story.norm_align = Alignment.identity(len(story.norm))
        return story
    return normalize_story(story)


def run_sample(doc: str) -> Page:
    from zhevents.ingest import load_manifest, read_page

    page = read_page(SHARED / "samples" / doc, manifest=load_manifest(SHARED / "samples" / "manifest.jsonl"))
    try:
        from zhevents.pipeline import process_page
    except ImportError:
        process_page = None
    if process_page is not None:
        return process_page(page)
    from zhevents.clean import clean_page
    from zhevents.dates import annotate_dates
    from zhevents.entities import annotate_entities

    page = clean_page(page)
    page.stories = [code_events(annotate_dates(annotate_entities(_normalize(s)), page), page) for s in page.stories]
    return page


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
