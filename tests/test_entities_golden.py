"""Golden entity annotations: both samples and three CCTV pages, hand-checked (tests/fixtures/entities)."""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
from pathlib import Path

import pytest

from zhevents.entities import annotate_entities, to_simplified
from zhevents.normalize import normalize_story
from zhevents.records import Alignment, Story

REPO = Path(__file__).parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = sorted((REPO / "tests" / "fixtures" / "entities").glob("*.json"))
CCTV_BODY = re.compile(r'<div class="(?:cnt_bd|content_area)"[^>]*>(.*?)</div>', re.S)

# The entities the brief names for sample 000: each must be found at least once.
REQUIRED_000 = {
    "普京": "zhe:person:putin", "古特雷斯": "zhe:person:guterres", "联合国": "zhe:org:un",
    "马里乌波尔": "zhe:place:mariupol", "亚速钢铁厂": "zhe:place:azovstal",
    "俄罗斯卫星通讯社": "zhe:org:sputnik", "路透社": "zhe:org:reuters", "法新社": "zhe:org:afp",
    "红十字国际委员会": "zhe:org:icrc", "杜贾里奇": "zhe:person:dujarric",
    "联合国人道事务协调厅": "zhe:org:ocha", "俄罗斯国防部": "zhe:org:RUS:defence-ministry",
    "布查镇": "zhe:place:bucha", "基辅州": "zhe:place:kyiv-oblast", "克里米亚": "zhe:place:crimea",
    "塞瓦斯托波尔": "zhe:place:sevastopol", "顿巴斯": "zhe:place:donbas", "布林肯": "zhe:person:blinken",
    "美国联邦参院外交委员会": "zhe:org:USA:senate-foreign-relations", "曼图": "zhe:person:曼图",
}


def page_text(fixture: dict) -> str:
    path = SHARED / fixture["source"]
    if not path.exists():
        pytest.skip(f"{path} not available")
    if fixture["text_from"] == "file":
        return path.read_text(encoding="utf-8")
    body = CCTV_BODY.search(path.read_text(encoding="utf-8", errors="replace"))
    assert body is not None
    lines = [ln.strip() for ln in html.unescape(re.sub(r"<[^>]+>", "\n", body.group(1))).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def line_stories(text: str) -> list[Story]:
    """One story per non-empty line, normalised by the real normalize stage."""
    stories = []
    for seq, m in enumerate(re.finditer(r"[^\n]+", text)):
        body = m.group()
        stories.append(normalize_story(Story(
            id=f"golden-{seq}", page_id="golden", seq=seq, kind="article", text=body,
            align=Alignment.identity(len(body), m.start()),
        )))
    return stories


def annotate(text: str) -> list[tuple[int, int, str, str]]:
    found = []
    for story in line_stories(text):
        for m in annotate_entities(story, use_ner=False).mentions:
            assert text[m.start:m.end] == m.text  # offsets index the page text, original script
            assert story.norm[m.norm_start:m.norm_end] == to_simplified(m.text).strip()
            found.append((m.start, m.end, m.entity_id, m.type))
    return found


@pytest.fixture(params=FIXTURES, ids=[p.stem for p in FIXTURES])
def golden(request: pytest.FixtureRequest) -> dict:
    return json.loads(Path(request.param).read_text(encoding="utf-8"))


def test_fixture_matches_page(golden: dict) -> None:
    text = page_text(golden)
    assert hashlib.sha1(text.encode()).hexdigest() == golden["text_sha1"]
    for m in golden["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]


def test_annotations_match_golden(golden: dict) -> None:
    text = page_text(golden)
    expected = {(m["start"], m["end"], m["entity_id"], m["type"]) for m in golden["mentions"]}
    found = set(annotate(text))
    missed = sorted(expected - found)
    spurious = sorted(found - expected)
    recall = 1 - len(missed) / len(expected)
    precision = 1 - len(spurious) / max(1, len(found))
    assert recall >= 0.95, [(text[s:e], eid) for s, e, eid, _ in missed]
    assert precision >= 0.95, [(text[s:e], eid) for s, e, eid, _ in spurious]


def test_brief_entities_in_sample_000() -> None:
    fixture = json.loads((REPO / "tests/fixtures/entities/000_202d6752c14345d9.json").read_text(encoding="utf-8"))
    text = page_text(fixture)
    found = {(text[s:e], eid) for s, e, eid, _ in annotate(text)}
    for surface, entity_id in REQUIRED_000.items():
        assert (surface, entity_id) in found, surface


def test_no_overlaps_except_party_pairs(golden: dict) -> None:
    text = page_text(golden)
    spans = sorted({(s, e) for s, e, _, _ in annotate(text)})
    for (s1, e1), (s2, e2) in itertools.pairwise(spans):
        assert e1 <= s2, (text[s1:e1], text[s2:e2])
