"""Every regional spelling resolves to one entity, in simplified and in traditional input."""

from __future__ import annotations

import opencc
import pytest

from zhevents.entities import find_entities, to_simplified

VARIANTS = {
    "zhe:person:putin": ["普京", "普丁", "蒲亭", "弗拉迪米爾·普丁"],
    "zhe:person:zelensky": ["泽连斯基", "澤倫斯基", "澤連斯基", "泽伦斯基"],
    "zhe:place:mariupol": ["马里乌波尔", "馬立波", "馬里烏波爾", "馬裏烏波爾"],
    "zhe:person:guterres": ["古特雷斯", "古特瑞斯", "古德禮"],
    "zhe:person:erdogan": ["埃尔多安", "艾爾段", "厄多安", "埃爾多安"],
    "zhe:person:lavrov": ["拉夫罗夫", "拉夫羅夫"],
    "zhe:person:biden": ["拜登", "喬·拜登", "祖·拜登"],
    "zhe:person:blinken": ["布林肯"],
    "zhe:person:scholz": ["朔尔茨", "蕭茲", "肖尔茨"],
    "zhe:person:macron": ["马克龙", "馬克宏", "艾曼紐·馬克宏"],
    "zhe:person:stoltenberg": ["斯托尔滕贝格", "史托騰柏格"],
    "zhe:person:harris": ["哈里斯", "賀錦麗"],
    "zhe:person:boris-johnson": ["约翰逊", "庄汉生", "強森"],
    "zhe:place:kharkiv": ["哈尔科夫", "哈爾科夫", "卡爾可夫"],
    "zhe:place:kherson": ["赫尔松", "赫爾松", "刻松"],
    "zhe:place:sevastopol": ["塞瓦斯托波尔", "塞凡堡"],
    "zhe:place:bucha": ["布查", "布恰"],
    "zhe:place:chernihiv": ["切尔尼戈夫", "車尼哥夫"],
    "zhe:state:UKR": ["乌克兰", "烏克蘭"],
    "zhe:state:GEO": ["格鲁吉亚", "喬治亞"],
    "zhe:state:ITA": ["意大利", "義大利"],
    "zhe:state:SAU": ["沙特阿拉伯", "沙烏地阿拉伯", "沙地阿拉伯"],
    "zhe:org:nato": ["北约", "北約", "北大西洋公約組織"],
}
CONVERTERS = {name: opencc.OpenCC(name) for name in ("s2t", "s2tw", "s2hk")}


def linked(text: str) -> list[str | None]:
    norm = to_simplified(text)
    return [h.entity_id for h in find_entities(norm, use_ner=False)]


@pytest.mark.parametrize(("entity_id", "spelling"), [(e, s) for e, forms in VARIANTS.items() for s in forms])
def test_spelling_links_to_one_entity(entity_id: str, spelling: str) -> None:
    assert linked(spelling) == [entity_id]
    # The same spelling written in each traditional standard, through the normalize stage's conversion.
    for converter in CONVERTERS.values():
        assert linked(converter.convert(spelling)) == [entity_id], converter


def test_variants_in_running_text() -> None:
    for text in ("烏克蘭總統澤倫斯基5日表示", "乌克兰总统泽连斯基5日表示", "烏克蘭總統澤連斯基5日表示"):
        assert "zhe:person:zelensky" in linked(text)
