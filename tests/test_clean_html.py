"""The clean stage on HTML: real CCTV pages, broken and deeply nested markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhevents.clean import clean_page, offset_problems
from zhevents.records import Page

SHARED = Path(__file__).parents[1].parent / "shared"
CCTV = SHARED / "corpus" / "news" / "cctv"
needs_cctv = pytest.mark.skipif(not CCTV.exists(), reason="../shared corpus not beside the project")
# Pages: a plain article, an article with 国际人士 subheadings, a 国际联播快讯 digest, a page with menus.
# Key words of each page's title, as the body words them.
KEY_WORDS = {
    "VIDEAJEO6LdekYG3bsguVh6M220723.shtml": ["农产品", "土耳其", "联合国", "签署"],
    "VIDE08ZwW2YgsF1rtUuPieYt220803.shtml": ["雇佣兵", "营地", "击退"],
    "VIDE57px2hfGGD5Ck65cHA1V220506.shtml": ["签证", "通胀"],
    "VIDE5flOEBcFhJklZd6ilaqG220130.shtml": ["乌克兰总统", "夸大", "威胁"],
}
CCTV_PAGES = list(KEY_WORDS)
NAV_TEXT = (
    "央视网消息（新闻联播）：\n",
    "主要内容",
    "登录",
    "CCTV节目官网",
    "《今日说法》",
    "责任编辑",
    "编辑：",
    "视频简介",
    "更新时间",
)


def html_page(raw: str, doc: str = "t.html") -> Page:
    return clean_page(Page(id="a" * 40, source=doc, doc=doc, fmt="html", raw=raw))


def cctv_titles() -> dict[str, str]:
    rows = (json.loads(ln) for ln in (CCTV / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if ln)
    return {r["path"]: r["title"] for r in rows}


@needs_cctv
@pytest.mark.parametrize("doc", CCTV_PAGES)
def test_cctv_page_main_text(doc: str) -> None:
    page = html_page((CCTV / doc).read_text(encoding="utf-8"), doc)
    assert page.status == "ok", page.error
    assert offset_problems(page.text, page.stories, page.removed) == []
    main = [s for s in page.stories if s.kind != "teaser"]
    assert main
    title = cctv_titles()[doc]
    if main[0].kind == "article":
        assert main[0].headline is not None and main[0].headline.text == title
    else:
        assert len(main) >= 2 and all(s.headline for s in main)
    main_text = "\n".join(s.text for s in main)
    for word in KEY_WORDS[doc]:
        assert word in main_text
    for story in page.stories:
        assert story.text.strip()
        for nav in NAV_TEXT:
            assert nav not in story.text, (story.id, nav)


@needs_cctv
def test_cctv_digest_items_share_dateline_and_source() -> None:
    page = html_page((CCTV / CCTV_PAGES[2]).read_text(encoding="utf-8"))
    items = page.stories
    assert [s.kind for s in items] == ["digest-item", "digest-item"]
    assert items[0].headline is not None and items[0].headline.text == "俄指美拒绝给俄代表发签证是升级对抗"
    assert all(s.dateline is not None and s.dateline.text.startswith("央视网消息") for s in items)
    assert all(s.source_line is not None and s.source_line.text == "来源：央视网" for s in items)


def test_sidebar_teasers_and_footer_inside_html_body_are_removed() -> None:
    body = "".join(f"<p>{'乌克兰局势发生变化，各方表示关切并呼吁停火。' * 3}</p>" for _ in range(4))
    sidebar = "<div><p>俄方宣布新一轮撤军…阅读全文</p><p>欧盟公布制裁清单…阅读全文</p></div>"
    footer = "<p>版權聲明:本文源自 網絡, 於,由 楠木軒 整理發佈,共 2319 字。</p>"
    head = "<html><head><title>俄乌局势最新消息_楠木軒</title></head>"
    raw = f"{head}<body><article><h1>俄乌局势最新消息</h1>{body}{footer}</article>{sidebar}</body></html>"
    page = html_page(raw)
    assert page.status == "ok", page.error
    assert offset_problems(page.text, page.stories, page.removed) == []
    article = page.stories[0]
    assert article.kind == "article"
    assert article.headline is not None and article.headline.text == "俄乌局势最新消息"
    for story in page.stories:
        assert "阅读全文" not in story.text and "版權聲明" not in story.text


def test_ten_thousand_nested_divs_are_rejected_not_raised() -> None:
    raw = "<html><body>" + "<div>" * 10_000 + "<p>深层嵌套的页面正文。</p>" + "</div>" * 10_000 + "</body></html>"
    page = html_page(raw)
    assert page.status == "rejected"
    assert page.error is not None and "nested too deeply" in page.error


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "<html>",
        "<<<>>>",
        "<html><body><div><p>未闭合",
        "\x00\x01\x02<p>",
        "<html><body></body></html>",
        "<?xml version='1.0'?><html><body><p>" + "测试" * 5 + "</p>",
        "<p>" * 3000,
    ],
)
def test_malformed_html_never_raises(raw: str) -> None:
    page = html_page(raw)
    assert page.status in ("ok", "rejected")
    if page.status == "rejected":
        assert page.error and page.error.startswith("clean:")
    else:
        assert offset_problems(page.text, page.stories, page.removed) == []


def test_already_rejected_page_is_left_alone() -> None:
    page = Page(id="b" * 40, source="x", doc="x", fmt="html", raw="<p>x</p>", status="rejected", error="ingest: bad")
    assert clean_page(page).error == "ingest: bad"
