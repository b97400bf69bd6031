"""In-story linking: bare bodies, repeated new names, 双方/两国."""

from __future__ import annotations

from zhevents.entities import find_entities


def hits(text: str) -> list[tuple[str, str | None, str]]:
    return [(text[h.start:h.end], h.entity_id, h.method) for h in find_entities(text, use_ner=False)]


def test_bare_body_takes_the_state_named_before() -> None:
    found = hits("俄罗斯国防部表示，国防部还称。")
    assert found[1] == ("国防部", "zhe:org:RUS:defence-ministry", "coref")
    found = hits("乌克兰方面称，外交部已抗议。")
    assert found[-1] == ("外交部", "zhe:org:UKR:foreign-ministry", "coref")
    assert hits("国防部表示")[0][1] == "zhe:org:UNK:defence-ministry"


def test_new_name_repeated_alone_links_to_the_same_entity() -> None:
    found = hits("联合国难民署发言人曼图说，难民人数还会增加。曼图还说")
    assert [f for f in found if f[0] == "曼图"] == [
        ("曼图", "zhe:person:曼图", "pattern"), ("曼图", "zhe:person:曼图", "coref")]


def test_short_reference_to_a_known_person() -> None:
    found = hits("俄罗斯总统普京表示。普京说")
    assert [f[1] for f in found if f[0] == "普京"] == ["zhe:person:putin", "zhe:person:putin"]


def test_two_parties() -> None:
    text = ("国务委员兼外长王毅应约同美国国务卿布林肯通电话。台湾是中国领土不可分割的一部分。"
            "双方就乌克兰问题交换了意见。")
    parties = sorted(f[1] or "" for f in hits(text) if f[0] == "双方")
    assert parties == ["zhe:state:CHN", "zhe:state:USA"]
    parties = sorted(f[1] or "" for f in hits("俄乌双方围绕马里乌波尔展开战斗") if f[0] == "双方")
    assert parties == ["zhe:state:RUS", "zhe:state:UKR"]
    parties = sorted(f[1] or "" for f in hits("中美关系的关键是落实两国元首共识") if f[0] == "两国")
    assert parties == ["zhe:state:CHN", "zhe:state:USA"]


def test_two_parties_unresolved_when_ambiguous() -> None:
    assert [f for f in hits("美国、欧盟与俄罗斯开展对话。双方") if f[0] == "双方"] == []
    assert [f for f in hits("双方交换了意见") if f[0] == "双方"] == []
