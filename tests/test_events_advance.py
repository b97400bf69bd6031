"""A military advance (取得进展) is force; a relative clause inside a 向-phrase names whom force is directed at
(real CCTV sentences)."""

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
