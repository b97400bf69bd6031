"""Wrong-type and not-an-event kinds left open by the fifth precision audit (bench/results/audit.md,
round 5, "Still open"), each on a real CCTV sentence, with a real sentence that must stay as it was."""

from __future__ import annotations

from test_events_audit import code_linked
from test_events_constructions import codes


def by_trigger(events: list, trigger: str) -> list:
    return [e for e in events if e.trigger == trigger]


def test_second_head_of_a_noun_phrase_after_de_is_no_act() -> None:
    # 北约持续的污蔑和威胁: the smears and threats Russia complains of are a noun, not NATO's THREATEN
    events = code_linked("俄罗斯方面表示，北约持续的污蔑和威胁令人厌倦。", "2022-02-17")
    assert not [e for e in events if e.event == "THREATEN"]


def test_threat_as_a_verb_stays() -> None:
    events = code_linked("俄罗斯称西方反复威胁令人厌倦；俄指责美试图遏制俄罗斯及争夺能源市场。", "2022-02-17")
    assert by_trigger(events, "威胁")


def test_suspending_an_accord_is_a_sanction() -> None:
    events = code_linked("欧盟理事会9日宣布，欧盟将从本月12日起全面中止与俄罗斯的签证便利化协议。", "2022-09-09")
    assert [(e.event, e.cameo, codes(e.actor), codes(e.recipient)) for e in events] == [
        ("SANCTION", "160", {"EUR"}, {"RUS"})]
    # ministers agreeing among themselves to suspend it: the suspension, not an AGREE
    events = code_linked("欧盟8月31日宣布，欧盟成员国外长同意全面中止欧盟与俄罗斯签证便利化协议。", "2022-09-01")
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in events] == [("SANCTION", {"EUR"}, {"RUS"})]


def test_withdrawal_from_talks_stays() -> None:
    events = code_linked("基辅方面已退出谈判进程。", "2022-05-17")
    assert [(e.event, e.mode) for e in events] == [("SANCTION", "withdraw")]


def test_signing_domestic_legislation_is_no_agreement() -> None:
    events = code_linked("美国总统拜登9日签署了涉及乌克兰的所谓“新租借法案”，"
                         "该法案将大大简化向乌克兰提供军事等支持的程序。", "2022-05-10")
    assert not [e for e in events if e.event == "AGREE"]
    events = code_linked("俄总统普京当天签署命令，授权俄联邦安全局对克里米亚大桥等设施加强保护。", "2022-10-09")
    assert not [e for e in events if e.event == "AGREE"]


def test_signing_with_a_counterpart_stays_an_agreement() -> None:
    events = code_linked("与此同时，俄罗斯与联合国22日签署了有关俄罗斯农产品出口的谅解备忘录。", "2022-07-23")
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in by_trigger(events, "签署")] == [
        ("AGREE", {"RUS"}, {"UNO"})]


def test_what_a_protest_opposes_is_no_accusation() -> None:
    events = code_linked("当天，部分民众在瑞典议会外举行反对加入北约的抗议活动。", "2022-05-17")
    assert not [e for e in events if e.event == "ACCUSE"]


def test_protest_stays_a_protest() -> None:
    events = code_linked("16日，比利时上万民众在布鲁塞尔举行示威活动，抗议高通胀。", "2022-12-17")
    assert [(e.event, codes(e.actor)) for e in events] == [("PROTEST", {"BEL"})]


def test_act_judged_a_mistake_is_the_judgments_topic() -> None:
    # 芬兰放弃军事中立政策是一个错误: Putin disapproves of Finland; Finland rejects nobody
    events = code_linked("对于芬兰有意加入北约一事，俄罗斯总统普京14日在与芬兰总统尼尼斯托通电话时说，"
                         "芬兰放弃军事中立政策是一个错误，可能对多年来本着睦邻合作精神建立的俄芬关系产生负面影响。",
                         "2022-05-15")
    assert not [e for e in events if e.event == "REJECT"]
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in by_trigger(events, "错误")] == [
        ("ACCUSE", {"RUS"}, {"FIN"})]


def test_figurative_blow_is_no_force() -> None:
    events = code_linked("国际人士指出，美西方制裁俄罗斯能源，对欧洲经济构成打击，而美国则坐收渔翁之利。", "2022-12-10")
    assert not [e for e in events if e.event == "ASSAULT"]
    assert [e.event for e in events] == ["SANCTION", "ACCUSE"]  # the blow is blamed on the sanctioners


def test_strike_stays_force() -> None:
    events = code_linked("俄军继续重点打击乌军武器库。", "2022-12-10")
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in events] == [("ASSAULT", {"RUS"}, {"UKR"})]
