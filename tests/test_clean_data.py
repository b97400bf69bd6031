"""The clean stage's data files: every rule has a source, compiles, and covers both scripts."""

from __future__ import annotations

import re

import opencc
import pytest

from zhevents.clean.chrome import chrome_rules, load_yaml
from zhevents.clean.segment import structure

CHROME = load_yaml("chrome.yaml")
STRUCTURE = load_yaml("structure.yaml")
TO_TRADITIONAL = opencc.OpenCC("s2t")
TO_SIMPLIFIED = opencc.OpenCC("t2s")


def test_every_rule_names_its_source() -> None:
    for rule in CHROME["rules"]:
        assert rule.get("source"), rule["id"]
    for section in ("datelines", "source_lines", "captions"):
        for entry in STRUCTURE[section]:
            assert entry.get("source"), entry
            re.compile(entry["pattern"])
    assert STRUCTURE["categories"]["source"] and STRUCTURE["headline"]["source"]


@pytest.mark.parametrize(
    "rule", [r for r in CHROME["rules"] if r["match"] in ("line", "prefix")], ids=lambda r: r["id"]
)
def test_phrases_are_listed_in_both_scripts(rule: dict[str, object]) -> None:
    phrases = {str(p) for p in rule["phrases"]}  # type: ignore[attr-defined]
    rules = chrome_rules()
    for phrase in phrases:
        for converted in (TO_TRADITIONAL.convert(phrase), TO_SIMPLIFIED.convert(phrase)):
            assert rules.classify_line(converted) is not None, (rule["id"], phrase, converted)


def test_categories_in_both_scripts() -> None:
    names = structure().categories
    for name in names:
        assert TO_TRADITIONAL.convert(name) in names and TO_SIMPLIFIED.convert(name) in names, name


@pytest.mark.parametrize(
    "line",
    [
        "(莫斯科27日讯)俄罗斯总统",
        "（新华社北京3月5日电）国务院",
        "新华社北京3月5日电（记者张三）",
        "中新网3月5日电 据报道",
        "本报讯（记者 李四）昨天",
        "央视网消息（新闻联播）：22日",
        "當地時間3月5日,烏方",
        "(新加坡26日訊)新加坡",
    ],
)
def test_datelines_in_both_scripts(line: str) -> None:
    st = structure()
    for form in (line, TO_TRADITIONAL.convert(line), TO_SIMPLIFIED.convert(line)):
        assert st.dateline_at(form, 0) is not None, form


@pytest.mark.parametrize(
    "line",
    [
        "俄罗斯总统普京(左)会晤古特雷斯。(图取自俄罗斯卫星通讯社/法新社)",
        "在圣彼得堡的商业中心。(图取自路透社档案照)",
        "图取自中央社",
        "档案照。(图取自《联合早报》)",
        "印尼总统佐科近来支持率大幅下降。(路透社档案照)",
    ],
)
def test_captions_in_both_scripts(line: str) -> None:
    st = structure()
    for form in (line, TO_TRADITIONAL.convert(line)):
        assert st.is_caption(form), form


@pytest.mark.parametrize("line", ["(來源:新華社、央視新聞等)", "来源：新华社", "（来源：央视新闻）"])
def test_source_lines(line: str) -> None:
    assert structure().source_re.fullmatch(line)


@pytest.mark.parametrize(
    "line",
    [
        "普京表示，虽然特别军事行动仍在进行当中，但仍希望能通过外交轨道达成共识。",
        "清楚布查镇挑衅是谁谋划的",
        "王毅應約同美國國務卿布林肯通電話",
        "国际",
    ],
)
def test_story_lines_are_not_chrome(line: str) -> None:
    assert chrome_rules().classify_line(line) is None
    assert not structure().is_caption(line)


def test_title_span_cuts_tags_and_site_names() -> None:
    rules = chrome_rules()
    for title, headline in [
        ("[视频]俄乌就外运农产品签署协议", "俄乌就外运农产品签署协议"),
        ("陈同佳刑满出狱 向潘晓颖家人鞠躬致歉|香港_新浪新闻", "陈同佳刑满出狱 向潘晓颖家人鞠躬致歉"),
        ("工商部门初定SKII广告属于虚假宣传-搜狐财经", "工商部门初定SKII广告属于虚假宣传-搜狐财经"),
        ("娱乐圈受黑社会控制？ 明星挨打事件回顾(图)", "娱乐圈受黑社会控制？ 明星挨打事件回顾"),
    ]:
        start, end = rules.title_span(title)
        assert title[start:end] == headline
