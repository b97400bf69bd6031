"""The clean stage on the two bundled samples: golden stories and the chrome they must lose.

Golden files (tests/fixtures/golden/<doc>.stories.json) were generated from clean_page's output
after every story was checked by eye against the sample; regenerate only after such a check:
``ZHEVENTS_REGEN_GOLDEN=1 PYTHONPATH=src .venv/bin/pytest tests/test_clean_samples.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from zhevents.clean import clean_page, offset_problems
from zhevents.records import Page, Story

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
DOC_000 = "000_202d6752c14345d9.txt"
DOC_004 = "004_807478d756e0f648.txt"
CHROME_IN_TEXT = ("阅读全文", "閱讀全文", "版權聲明", "版权声明", "转载", "轉載請註明", "(图取自", "热门新闻", "楠木軒")


def clean_sample(doc: str) -> Page:
    raw = (SAMPLES / doc).read_text(encoding="utf-8")
    return clean_page(Page(id="0123456789abcdef0123", source=str(SAMPLES / doc), doc=doc, fmt="text", raw=raw))


def sample_line(doc: str, number: int) -> str:
    """Line ``number`` (1-based, as ``cat -n`` shows it) of a sample."""
    return (SAMPLES / doc).read_text(encoding="utf-8").split("\n")[number - 1].strip()


def golden_row(story: Story) -> dict[str, Any]:
    return {
        "kind": story.kind,
        "headline": story.headline.text if story.headline else None,
        "dateline": story.dateline.text if story.dateline else None,
        "source_line": story.source_line.text if story.source_line else None,
        "category": story.category,
        "truncated": story.truncated,
        "captions": [c.text for c in story.captions],
        "text_head": story.text[:20],
        "text_tail": story.text[-20:],
    }


@pytest.mark.parametrize("doc", [DOC_000, DOC_004])
def test_stories_match_golden(doc: str) -> None:
    rows = [golden_row(s) for s in clean_sample(doc).stories]
    path = GOLDEN / f"{Path(doc).stem}.stories.json"
    if os.environ.get("ZHEVENTS_REGEN_GOLDEN"):
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert rows == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc", [DOC_000, DOC_004])
def test_no_chrome_in_story_text(doc: str) -> None:
    page = clean_sample(doc)
    assert page.status == "ok"
    for story in page.stories:
        for phrase in CHROME_IN_TEXT:
            assert phrase not in story.text, (story.id, phrase)


@pytest.mark.parametrize("doc", [DOC_000, DOC_004])
def test_offsets_point_back_into_page_text(doc: str) -> None:
    page = clean_sample(doc)
    assert page.text == (SAMPLES / doc).read_text(encoding="utf-8").replace("\r\n", "\n")
    assert offset_problems(page.text, page.stories, page.removed) == []
    for story in page.stories:
        assert story.id == f"{page.id[:16]}-{story.seq}"
        assert story.page_id == page.id
        assert story.norm == "" and not story.events


def test_000_one_article_with_dateline_caption_and_subheading() -> None:
    page = clean_sample(DOC_000)
    articles = [s for s in page.stories if s.kind == "article"]
    assert len(articles) == 1
    article = articles[0]
    assert article.dateline is not None and article.dateline.text == "(莫斯科27日讯)"
    assert article.text.startswith(sample_line(DOC_000, 3))
    assert article.text.endswith(sample_line(DOC_000, 31))
    assert sample_line(DOC_000, 17) in article.text  # the inner subheading stays
    assert [c.text for c in article.captions] == [sample_line(DOC_000, 1)]
    for teaser_line in (37, 62, 66):
        assert sample_line(DOC_000, teaser_line)[:10] not in article.text


def test_000_teasers() -> None:
    page = clean_sample(DOC_000)
    teasers = [s for s in page.stories if s.kind == "teaser"]
    headlines = [t.headline.text for t in teasers if t.headline]
    for n in (37, 41, 45, 49, 53):
        assert sample_line(DOC_000, n) in headlines
    assert "生命之河问题一箩筐 39亿投资付之东流" in headlines  # portal tag and date cut off
    assert not any("东方头条" in h for h in headlines)
    harris = next(t for t in teasers if t.headline and "哈里斯确诊" in t.headline.text)
    assert harris.category == "国际" and harris.truncated
    assert [c.text for c in harris.captions] == ["(图取自面子书@KamalaHarris)"]
    tanks = next(t for t in teasers if t.headline and "德国提供50辆坦克" in t.headline.text)
    assert tanks.dateline is not None and tanks.dateline.text == "(柏林27日讯)"
    assert tanks.text.startswith("(柏林27日讯)德国国防部长")
    assert sum(1 for t in teasers if t.truncated) == 10


def test_004_digest_items_share_the_source_line() -> None:
    page = clean_sample(DOC_004)
    items = page.stories
    assert [s.kind for s in items] == ["digest-item"] * 5
    assert [s.headline.text if s.headline else None for s in items] == [
        sample_line(DOC_004, n) for n in (3, 9, 23, 37, 51)
    ]
    assert all(s.source_line is not None and s.source_line.text == "(來源:新華社、央視新聞等)" for s in items)
    assert items[0].dateline is not None and items[0].dateline.text == "當地時間3月5日"
    title = sample_line(DOC_004, 1)
    assert all(title not in s.text for s in items)
    reasons = {page.text[r.start : r.end]: r.reason for r in page.removed}
    assert reasons[title] == "page_title"
    assert reasons[sample_line(DOC_004, 63)] == "footer"
    assert reasons[sample_line(DOC_004, 65)] == "footer"
    assert items[-1].text.endswith(sample_line(DOC_004, 59))


def test_000_removed_chrome_reasons() -> None:
    page = clean_sample(DOC_000)
    reasons = [(page.text[r.start : r.end].strip(), r.reason) for r in page.removed]
    assert ("热门新闻", "section_header") in reasons
    assert ("阅读全文", "teaser_marker") in reasons
    assert ("【东方头条】 2024-7-4", "portal_tag") in reasons
    assert ("国际", "category") in reasons
