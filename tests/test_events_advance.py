"""A military advance (取得进展) is force; a relative clause inside a 向-phrase names whom force is directed at;
opposition right after a protest is its cause (real CCTV sentences)."""

from __future__ import annotations

from test_events_audit import code_linked
from test_events_constructions import codes


def test_troops_making_progress_is_force() -> None:
    events = code_linked("俄军继续在利西昌斯克取得进展。", "2022-06-25")
    assert [(e.event, codes(e.actor)) for e in events] == [("ASSAULT", {"RUS"})]


def test_talks_making_progress_are_no_force() -> None:
    assert code_linked("希望欧中投资协定批准生效取得进展。", "2022-06-25") == []


def test_a_relative_clause_after_xiang_names_the_target_and_is_no_act() -> None:
    events = code_linked("乌克兰方面称，乌军向控制伊久姆市的俄军发起了反攻。", "2022-05-14")
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in events] == [("ASSAULT", {"UKR"}, {"RUS"})]


def test_opposition_after_a_protest_is_its_cause_not_an_accusation() -> None:
    events = code_linked("数万意大利民众举行示威，反对西方向乌克兰提供武器。", "2022-06-05")
    assert [(e.event, codes(e.actor)) for e in events] == [("PROTEST", {"ITA"})]


def test_opposition_with_its_own_subject_stays_an_accusation() -> None:
    events = code_linked("俄方反对北约东扩。", "2022-06-05")
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in events] == [("ACCUSE", {"RUS"}, {"IGO"})]
