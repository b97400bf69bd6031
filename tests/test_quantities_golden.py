"""Quantities in both samples and the shapes the module promises."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from zhevents.dates import annotate_dates
from zhevents.quantities import LEXICON_PATH, annotate_quantities
from zhevents.records import Alignment, Page, PageMeta, Story

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
_T2S = opencc.OpenCC("hk2s")


def story_of(text: str, offset: int = 0) -> Story:
    norm = _T2S.convert(text)
    assert len(norm) == len(text)
    return Story(id="p-0", page_id="p", seq=0, kind="article", text=text,
                 align=Alignment.identity(len(text), offset=offset), norm=norm,
                 norm_align=Alignment.identity(len(norm)))


def quantities(text: str) -> list[tuple[str, float, str | None, str | None, bool]]:
    story = annotate_quantities(story_of(text))
    return [(q.text, q.value, q.unit, q.counts, q.ordinal) for q in story.quantities]


def test_004_military_figures() -> None:
    page = (SAMPLES / "004_807478d756e0f648.txt").read_text(encoding="utf-8")
    s = page.index("俄羅斯國防部發言人科納申科夫5日説")
    body = page[s:page.index("68個雷達站。", s) + len("68個雷達站。")]
    story = annotate_quantities(story_of(body, offset=s))
    assert [(q.text, q.value, q.unit, q.counts) for q in story.quantities] == [
        ("2119處", 2119, "处", "目标"),
        ("74個", 74, "个", "指挥所"),
        ("108套", 108, "套", "防空导弹系统"),  # past S-300、“山毛榉-M1”和“黄蜂” to the head noun
        ("68個", 68, "个", "雷达站"),
    ]
    for q in story.quantities:  # offsets index the page, in its original script
        assert page[q.start:q.end] == q.text


def test_004_people_and_ordinals() -> None:
    assert quantities("居民分別為20萬人和1.5萬人") == [
        ("20萬人", 200_000, "人", "人", False), ("1.5萬人", 15_000, "人", "人", False)]
    assert quantities("將於7日舉行第三輪俄烏談判") == [("第三輪", 3, "轮", "谈判", True)]


def test_000_counted_things() -> None:
    assert quantities("德国提供50辆坦克") == [("50辆", 50, "辆", "坦克", False)]
    assert quantities("今年将有约830万难民逃离乌克兰") == [("830万", 8_300_000, None, "难民", False)]
    assert quantities("新加坡今日新增3688宗新冠肺炎确诊病例") == [("3688宗", 3688, "宗", "确诊病例", False)]
    assert quantities("狮城增3688确诊") == [("3688", 3688, None, "确诊", False)]
    assert quantities("39亿投资付之东流") == [("39亿", 3.9e9, None, "投资", False)]


def test_percent_money_and_durations() -> None:
    assert quantities("支持率为71%") == [("71%", 71, "%", None, False)]
    assert quantities("支持率为百分之七十") == [("百分之七十", 70, "%", None, False)]
    assert quantities("援助39亿美元") == [("39亿美元", 3.9e9, "美元", None, False)]
    assert quantities("考虑解除52年禁酒令") == [("52年", 52, "年", None, False)]
    assert quantities("为期3个月") == [("3个月", 3, "个月", None, False)]
    assert quantities("建交30周年") == [("30周年", 30, "周年", None, False)]


def test_chinese_numerals() -> None:
    assert quantities("三千人参加") == [("三千人", 3000, "人", "人", False)]
    assert quantities("两百万难民") == [("两百万", 2_000_000, None, "难民", False)]
    assert quantities("一艘观光船上周六失联") == [("一艘", 1, "艘", "船", False)]
    assert quantities("20多万人撤离") == [("20多万人", 200_000, "人", "人", False)]
    assert quantities("共3,688宗") == [("3,688宗", 3688, "宗", None, False)]


def test_unlisted_noun_read_by_position() -> None:
    assert quantities("一个商业中心的标志") == [("一个", 1, "个", "商业中心", False)]
    assert quantities("七名市长当天致信") == [("七名", 7, "名", "市长", False)]  # cut before 当天


@pytest.mark.parametrize("text", [
    "一个中国原则", "十分重要", "一起袭击", "红十字国际委员会", "2022年3月5日", "1990年", "S-300导弹",
    "低于3000。", "双方一致同意", "万一失败",
])
def test_not_quantities(text: str) -> None:
    assert quantities(text) == []


def test_dates_and_quantities_side_by_side() -> None:
    text = "俄国防部5日宣布，7日将开通2条走廊"
    page = Page(id="p", source="t", doc="t", text=text, meta=PageMeta(published="2022-03-06"))
    story = annotate_dates(story_of(text), page)
    annotate_quantities(story)
    assert [(q.text, q.counts) for q in story.quantities] == [("2条", "走廊")]
    assert [t.text for t in story.times] == ["5日", "7日"]


def test_every_lexicon_row_has_a_source() -> None:
    rows = [line.split("\t") for line in LEXICON_PATH.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows[0] == ["kind", "form", "category", "source"]
    assert all(len(r) == 4 and r[3] for r in rows[1:])
