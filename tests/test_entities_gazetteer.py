"""Gazetteer tables, the automaton pass and resolve_code()."""

from __future__ import annotations

from importlib import resources

import pytest

from zhevents.entities import gazetteer, resolve_code
from zhevents.entities.gazetteer import read_table


def spans(text: str) -> list[tuple[str, str | None]]:
    return [(text[h.start:h.end], h.entity_id) for h in gazetteer().match(text) if h.kind == "entity"]


def test_every_table_has_a_source_column() -> None:
    names = [p.name for p in resources.files("zhevents.entities.data").iterdir() if p.name.endswith(".tsv")]
    assert len(names) >= 10
    for name in names:
        rows = read_table(name)
        assert rows, name
        assert all(row["source"] for row in rows), name


def test_entities_carry_codes_and_coordinates() -> None:
    gaz = gazetteer()
    putin = gaz.entity("zhe:person:putin")
    assert (putin.code, putin.sector, putin.wikidata_id, putin.name_en) == ("RUS", "GOV", "Q7747", "Vladimir Putin")
    mariupol = gaz.entity("zhe:place:mariupol")
    assert mariupol.country == "UKR" and 46.9 < (mariupol.lat or 0) < 47.2 and 37.3 < (mariupol.lon or 0) < 37.7
    assert gaz.entity("zhe:state:RUS").wikidata_id == "Q159"
    assert gaz.entity("zhe:org:reuters").sector == "JRN"
    assert sum(1 for e in gaz.entities() if e.type == "place" and e.lat is not None) > 5000


def test_composite_body_entity() -> None:
    entity = gazetteer().entity("zhe:org:RUS:defence-ministry")
    assert (entity.type, entity.code, entity.sector, entity.name_zh) == ("org", "RUS", "GOV", "俄罗斯国防部")
    with pytest.raises(KeyError):
        gazetteer().entity("zhe:org:RUS:no-such-body")


def test_longest_match_and_bodies_attach_to_their_state() -> None:
    assert spans("俄罗斯国防部表示") == [("俄罗斯国防部", "zhe:org:RUS:defence-ministry")]
    duma = "俄罗斯国家杜马国际事务委员会"
    assert spans(duma + "主席") == [(duma, "zhe:org:duma-intl-committee")]
    assert spans("联合国难民署说") == [("联合国难民署", "zhe:org:unhcr")]
    assert spans("基辅当局") == [("基辅当局", "zhe:org:UKR:government")]
    assert spans("美国联邦参院外交委员会") == [("美国联邦参院外交委员会", "zhe:org:USA:senate-foreign-relations")]


def test_single_character_stems_only_in_safe_contexts() -> None:
    assert spans("俄乌冲突") == [("俄", "zhe:state:RUS"), ("乌", "zhe:state:UKR")]
    assert spans("中美关系") == [("中", "zhe:state:CHN"), ("美", "zhe:state:USA")]
    assert spans("俄军和乌军") == [("俄军", "zhe:org:RUS:armed-forces"), ("乌军", "zhe:org:UKR:armed-forces")]
    assert spans("美方表示") == [("美方", "zhe:state:USA")]
    assert spans("美国务卿布林肯")[0] == ("美", "zhe:state:USA")
    assert spans("风景美丽") == []
    assert spans("中美洲国家") == []
    assert spans("美中不足") == []
    assert spans("完美方案") == []
    assert spans("5日中方表示") == [("中方", "zhe:state:CHN")]
    assert spans("27日俄军") == [("俄军", "zhe:org:RUS:armed-forces")]
    assert spans("日本") == [("日本", "zhe:state:JPN")]
    assert spans("乌云密布") == []
    assert spans("赴乌参战") == [("乌", "zhe:state:UKR")]
    assert spans("发展中国家") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("俄军", ("RUS", "MIL")),
    ("乌方", ("UKR", "GOV")),
    ("中方", ("CHN", "GOV")),
    ("基辅政权", ("UKR", "GOV")),
    ("基辅当局", ("UKR", "GOV")),
    ("俄罗斯国防部", ("RUS", "GOV")),
    ("顿涅茨克人民共和国", ("UKR", "PRE")),
    ("乌方谈判代表", ("UKR", "GOV")),
    ("投降的乌克兰武装人员", ("UKR", "MIL")),
    ("俄國防部", ("RUS", "GOV")),
    ("烏外交部", ("UKR", "GOV")),
    ("米津採夫", ("RUS", "MIL")),
    ("古特雷斯", ("UNO", None)),
    ("联合国人道事务协调厅", ("UNO", None)),
    ("俄罗斯天然气工业公司", ("RUS", "BUS")),
    ("今日俄罗斯网站", ("RUS", "JRN")),
    ("美国网络司令部", ("USA", "MIL")),
    ("其他西方國家", ("IGO", None)),
    ("北约国家", ("IGO", None)),
    ("欧盟委员会", ("EUR", "GOV")),
    ("俄罗斯对外情报局", ("RUS", "SPY")),
    ("马里乌波尔", ("UKR", None)),
])
def test_resolve_code(text: str, expected: tuple[str, str | None]) -> None:
    assert resolve_code(text) == expected


def test_resolve_code_unknown() -> None:
    assert resolve_code("一些人") is None
