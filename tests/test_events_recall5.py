"""Fixes of session 5, each on a real CCTV sentence with a control: a headline speaker that names
several states before one head noun, 源于 + a charge noun, and a 向/对 phrase that belongs to the verb
after the object (反对德国政府向乌克兰提供…)."""

from __future__ import annotations

from test_events_audit import code_linked
from test_events_constructions import codes


def coded(sentence: str, published: str = "2022-04-30") -> list[tuple[str, set[str], set[str], set[str | None]]]:
    return [(e.event, codes(e.actor), codes(e.recipient), {a.sector for a in e.actor})
            for e in code_linked(sentence, published)]


def test_states_run_together_before_one_head_noun_speak_together() -> None:
    # 法美学者: French and American scholars; both are scholars, the charge is against the US
    assert coded("（3）法美学者：乌克兰危机源于美霸权思维。") == [("ACCUSE", {"FRA", "USA"}, {"USA"}, {"EDU"})]
    # control: one speaker before the colon, as before
    assert coded("（4）美国专家：北约扩张是危机根源。") == [("ACCUSE", {"USA"}, {"IGO"}, {"EDU"})]


def test_a_phrase_before_the_colon_that_is_two_parties_apart_is_no_speaker() -> None:
    # 俄罗斯 … 乌克兰 with words between: not one party list, so no colon frame
    assert all(actors != {"RUS", "UKR"} for _, actors, _, _ in coded("俄罗斯国防部有关乌克兰：乌军炮击顿涅茨克。"))


def test_a_to_phrase_before_a_verb_belongs_to_that_verb() -> None:
    # the opposed party is the government that supplies, not the country supplied
    found = coded("据俄罗斯媒体报道，截至当天，超过7万多德国人请愿签名反对德国政府向乌克兰提供重型武器。")
    assert ("AID", {"DEU"}, {"UKR"}, {"GOV"}) in found
    assert all(recipients != {"UKR"} for event, _, recipients, _ in found if event == "ACCUSE")
    assert ("ACCUSE", {"CHN"}, {"USA"}, {"GOV"}) in coded("中方反对美国对俄罗斯实施单边制裁。")
    assert ("REQUEST", {"RUS"}, {"USA"}, {"GOV"}) in coded("俄方呼吁美国向乌克兰停止提供武器。")
    # control: an object that ends at the 对 phrase's 的 keeps its own target
    assert ("ACCUSE", {"USA"}, {"RUS"}, {None}) in coded("美国谴责俄罗斯对乌克兰的入侵。") or \
        ("ACCUSE", {"USA"}, {"RUS"}, {"GOV"}) in coded("美国谴责俄罗斯对乌克兰的入侵。")
