"""Golden output of the event coder on both samples (regenerate with tests/events_pipeline.py and
check by eye against ../shared/gold/dev.jsonl), plus the page-level guarantees: no event from
caption or footer text, and teaser events flagged."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_pipeline import FIXTURES, SAMPLES, SHARED, run_sample, summary

pytestmark = pytest.mark.skipif(not (SHARED / "samples").is_dir(), reason="needs ../shared/samples")


@pytest.mark.parametrize("doc", SAMPLES)
def test_golden(doc: str) -> None:
    expected = json.loads((FIXTURES / f"{doc}.events.json").read_text(encoding="utf-8"))
    assert summary(run_sample(doc)) == expected


@pytest.mark.parametrize("doc", SAMPLES)
def test_evidence_is_page_text_and_never_caption_or_footer(doc: str) -> None:
    page = run_sample(doc)
    events = [e for s in page.stories for e in s.events]
    assert events
    for story in page.stories:
        spans = [(c.start, c.end) for c in story.captions]
        for ev in story.events:
            assert 0 <= ev.start < ev.end <= len(page.text)
            assert ev.sentence_start <= ev.start and ev.end <= ev.sentence_end
            assert not any(s < ev.end and ev.start < e for s, e in spans), "event drawn from a caption"
            assert not any(r.start < ev.end and ev.start < r.end for r in page.removed), \
                f"event drawn from removed text ({ev.event_text})"
    assert not any("图取自" in e.event_text or "版權聲明" in e.event_text for e in events)


def test_teaser_events_are_flagged() -> None:
    page = run_sample(SAMPLES[0])
    kinds = {s.kind for s in page.stories}
    assert "teaser" in kinds
    for story in page.stories:
        for ev in story.events:
            assert ev.teaser == (story.kind == "teaser")
    own = [e for s in page.stories if s.kind != "teaser" for e in s.events]
    assert own and not any("猎豹" in e.event_text for e in own)  # the German tanks are a sidebar teaser


@pytest.mark.parametrize("doc", SAMPLES)
def test_text_info_offsets_are_the_evidence(doc: str) -> None:
    """PLOVER lines point into the page text: text[start:end] holds the trigger (in the page's own
    script) and lies inside the event sentence; teaser stories' events say so."""
    import opencc

    from zhevents.events import event_to_plover

    t2s = opencc.OpenCC("t2s")
    page = run_sample(doc)
    for story in page.stories:
        for ev in story.events:
            line = event_to_plover(ev)
            info = line["text_info"]
            assert isinstance(info, dict) and info["start"] == ev.start and info["end"] == ev.end
            evidence = page.text[ev.start:ev.end]
            assert ev.trigger and ev.trigger in "".join(t2s.convert(ch) for ch in evidence)
            assert evidence in line["event_text"]
            assert line["teaser"] is (story.kind == "teaser")
