"""Property tests of the clean stage: it never raises, offsets always hold, re-cleaning is stable."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhevents.clean import clean_page, clean_text, offset_problems
from zhevents.records import Page

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SAMPLE_LINES = sorted(
    {ln.strip() for p in SAMPLES.glob("*.txt") for ln in p.read_text(encoding="utf-8").split("\n") if ln.strip()}
)
CHROME_LINES = [
    "阅读全文",
    "閱讀全文",
    "热门新闻",
    "熱門新聞",
    "相关新闻",
    "版權聲明:本文源自 網絡, 於,由 楠木軒 整理發佈,共 2319 字。",
    "转载请注明：来源",
    "责任编辑：刘亮",
    "编辑：常悦",
    "分享到：微信 微博",
    "扫一扫 手机看新闻",
    "上一篇：标题",
    "《今日说法》",
    "《走遍中国》",
    "- 体育",
    "- 财经",
    "(图取自路透社)",
    "图取自中央社",
    "国际",
    "(來源:新華社、央視新聞等)",
    "央视网消息（新闻联播）：",
    "（新华社北京3月5日电）",
    "首页 > 新闻 > 国际",
    "|  |",
    "3",
    "标题…阅读全文",
    "生命之河 【东方头条】 2024-7-4",
    "当地时间3月5日，俄方表示",
    "",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
PUNCT = st.sampled_from(list("，。、：（）()…!？“”《》【】 .-|0123456789"))
random_line = st.text(st.one_of(CJK, CJK, CJK, PUNCT), min_size=0, max_size=80)
line = st.one_of(st.sampled_from(SAMPLE_LINES), st.sampled_from(CHROME_LINES), random_line)
separator = st.sampled_from(["\n", "\n\n", "\r\n", " \n", "\n\u3000"])


@st.composite
def page_texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(line, min_size=0, max_size=30))
    return "".join(ln + draw(separator) for ln in lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts())
def test_cleaning_never_raises_and_offsets_hold(text: str) -> None:
    page = clean_text(text)
    assert page.status in ("ok", "rejected")
    if page.status == "ok":
        assert page.text == text.replace("\r\n", "\n")
        assert offset_problems(page.text, page.stories, page.removed) == []
        assert [s.seq for s in page.stories] == list(range(len(page.stories)))
        assert all(s.text.strip() for s in page.stories)
    else:
        assert page.error and not page.stories


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts())
def test_cleaning_a_clean_story_again_changes_nothing(text: str) -> None:
    page = clean_text(text)
    for story in page.stories:
        if story.kind == "teaser":
            continue
        again = clean_text(story.text)
        assert [s.text for s in again.stories] == [story.text]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text_or_html_is_handled(text: str) -> None:
    for fmt in ("text", "html", "unknown"):
        page = clean_page(Page(id="f" * 20, source="t", doc="t", fmt=fmt, raw=text))  # type: ignore[arg-type]
        if page.status == "ok":
            assert offset_problems(page.text, page.stories, page.removed) == []
