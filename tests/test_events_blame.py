"""Harm a party is blamed for (X…，对Y造成了严重影响 / 构成打击): the speaker accuses the cause X, not the harmed Y
(real CCTV sentences)."""

from __future__ import annotations

from test_events_audit import code_linked
from test_events_constructions import codes


def accused(sentence: str, published: str) -> list[set[str]]:
    return [codes(e.recipient) for e in code_linked(sentence, published) if e.event == "ACCUSE"]


def test_a_blow_to_europe_blames_the_sanctioners() -> None:
    sentence = "国际人士指出，美西方制裁俄罗斯能源，对欧洲经济构成打击，而美国则坐收渔翁之利。"
    blamed = accused(sentence, "2022-06-05")
    assert len(blamed) == 1 and "IGO" in blamed[0]  # 美西方: the West (美 is not split off yet)
    assert not blamed[0] & {"RUS", "EUR"}  # neither the sanctioned nor the harmed


def test_serious_effects_blame_the_subject_of_the_clause_before() -> None:
    sentence = "国际人士表示，美西方国家对俄罗斯滥施制裁，对全球经济和社会民生造成了严重影响。"
    blamed = accused(sentence, "2022-06-05")
    assert len(blamed) == 1 and "RUS" not in blamed[0] and blamed[0]


def test_an_expected_effect_blames_the_union_named_as_subject() -> None:
    sentence = ("21日，到访塞尔维亚的匈牙利总理欧尔班表示，欧盟正在酝酿的第六轮对俄制裁将对匈牙利经济造成严重影响，"
                "匈牙利不会接受。")
    assert {"EUR"} in accused(sentence, "2022-05-22")


def test_harm_without_a_party_as_cause_blames_nobody() -> None:
    sentence = "欧洲央行副行长德金多斯15日表示，欧元区通胀在今明两年都会维持高位，高通胀严重影响消费和生产。"
    assert accused(sentence, "2022-09-16") == []
