"""Title-anchored names for people the gazetteer does not know."""

from __future__ import annotations

from zhevents.entities import find_entities, gazetteer
from zhevents.entities.patterns import name_at


def people(text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(text[h.start:h.end], h.code, h.sector, h.method) for h in find_entities(text, use_ner=False)
            if h.type == "person"]


def test_name_cut_at_the_first_stop() -> None:
    text = "发言人曼图今日在联合国说"
    assert name_at(text, 3) == (3, 5)
    text = "负责人米津采夫5日在莫斯科"
    assert name_at(text, 3) == (3, 7)
    text = "顾问波多利亚克当天证实"
    assert name_at(text, 2) == (2, 7)
    text = "助理尤里·乌沙科夫表示"
    assert name_at(text, 2) == (2, 9)
    assert name_at("总统表示，", 2) is None


def test_new_name_gets_state_and_sector_from_the_title_phrase() -> None:
    assert people("联合国难民署发言人曼图今日在联合国新闻发布会上说") == [("曼图", "UNO", None, "pattern")]
    assert people("立陶宛外长兰茨贝吉斯表示") == [("兰茨贝吉斯", "LTU", "GOV", "pattern")]
    assert people("乌克兰武装部队总司令部发言人什托皮拉表示")[0][:3] == ("什托皮拉", "UKR", "MIL")
    entity = gazetteer().entity("zhe:person:曼图")
    assert entity.code == "UNO" and entity.source == "pattern"


def test_known_names_keep_their_gazetteer_entry() -> None:
    assert people("俄罗斯国家防御指挥中心负责人米津采夫5日表示") == [("米津采夫", "RUS", "MIL", "gazetteer")]
    assert people("日本内阁官房长官松野博一在记者会上") == [("松野博一", "JPN", "GOV", "gazetteer")]


def test_no_name_after_a_title_without_an_anchor_and_a_verb() -> None:
    assert people("乌军方已经命令该地的部队指挥官保护乌方人员生命") == []
    assert people("通过有关俄乌冲突的首份主席声明，强调") == []
    assert people("印尼总统支持率下降") == []
