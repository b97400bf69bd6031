"""Fixes of session 5, each on a real CCTV sentence with a control: a headline speaker that names
several states before one head noun, 源于 + a charge noun, and a 向/对 phrase that belongs to the verb
after the object (反对德国政府向乌克兰提供…)."""

from __future__ import annotations

from pathlib import Path

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


def test_protests_in_a_place_are_its_peoples() -> None:
    assert coded("9日，斯里兰卡首都科伦坡爆发大规模抗议活动。", "2022-07-10") == [("PROTEST", {"LKA"}, set(), {"CVL"})]
    # several cities of one state: one protesting people
    assert coded("美国华盛顿、芝加哥等多个大城市9日再次爆发大规模抗议。", "2022-07-10") == [
        ("PROTEST", {"USA"}, set(), {"CVL"})]


def test_a_meeting_of_several_states_has_them_all_as_actors() -> None:
    sentence = "来自法国、德国、俄罗斯和乌克兰的代表26日在巴黎举行了“诺曼底模式”四方会谈。"
    assert coded(sentence, "2022-01-27") == [("CONSULT", {"FRA", "DEU", "RUS", "UKR"}, set(), {None})]
    # control: two parties, the first meets the second; 举行 after a title is no name
    assert [c[:3] for c in coded("普京和土耳其总统埃尔多安举行会谈。")] == [("CONSULT", {"RUS"}, {"TUR"})]
    assert [c[:3] for c in coded("中国、俄罗斯和印度领导人举行会晤。")] == [("CONSULT", {"CHN", "RUS", "IND"}, set())]


def test_declaring_an_order_void_rejects_it() -> None:
    assert [c[:3] for c in coded("乌克兰外交部称，俄方命令无效。", "2022-10-20")] == [("REJECT", {"UKR"}, {"RUS"})]
    assert coded("习近平说，江泽民同志昨天因病抢救无效在上海逝世。", "2022-12-01") == []  # no party's act is void


def test_not_yielding_and_not_accepting_refuse() -> None:
    found = coded("美国和北约均未在回复中就事关原则的议题让步。", "2022-01-27")
    assert [c[:2] for c in found] == [("REJECT", {"USA", "IGO"})]
    assert [c[:3] for c in coded("美方的回复毫无意义，俄方不会接受。", "2022-01-27")] == [("REJECT", {"RUS"}, {"USA"})]


def test_answering_a_proposal_makes_no_request() -> None:
    sentence = "美国和北约组织26日分别向俄罗斯递交书面答复，正式回应俄方一个多月前提出的安全保障建议。"
    assert all(event != "REQUEST" for event, *_ in coded(sentence, "2022-01-27"))


def test_a_charge_about_this_act_accuses_the_doer_of_the_act_the_sentence_opens_with() -> None:
    sentence = "对于美国向乌克兰提供“爱国者”反导系统，俄罗斯总统普京22日在克里姆林宫表示，这种做法只会延长俄乌冲突。"
    assert [c[:3] for c in coded(sentence, "2022-12-23")] == [("ACCUSE", {"RUS"}, {"USA"})]


def test_two_verbs_before_one_object_share_it() -> None:
    sentence = "其中一项修正案授权美国政府没收并出售遭制裁的俄罗斯实体和个人在美国的资产。"
    assert [c[:3] for c in coded(sentence, "2022-12-23")] == [("COERCE", {"USA"}, {"RUS"})]


def test_a_lead_that_dates_the_claim_takes_the_bodys_day_of_the_act(tmp_path: Path) -> None:
    from zhevents.pipeline import extract
    from zhevents.records import PageMeta

    page = tmp_path / "page.txt"
    page.write_text("俄军称击退乌军进攻\n\n央视网消息（新闻联播）：俄罗斯军方21日称击退了乌军对蛇岛的进攻。\n\n"
                    "俄罗斯国防部表示，俄军20日击退乌军对蛇岛的进攻。\n", encoding="utf-8")
    found, _ = extract([page], defaults=PageMeta(published="2022-06-22"))
    assert [(e["event"], e["date"]) for e in found] == [("ASSAULT", "2022-06-20")]  # one act, told twice


def test_a_receipt_names_the_supplier_as_actor_and_the_receiver_as_recipient() -> None:
    found = coded("乌克兰国防部长列兹尼科夫7日称，乌方已收到了美国等国家提供的“地空导弹系统”。", "2022-11-08")
    assert [c[:3] for c in found] == [("AID", {"USA"}, {"UKR"})]
    # control: weapons a supplier gave, with nobody receiving in the sentence, tell no delivery
    assert coded("美国提供的武器已经抵达乌克兰。") == []


def test_a_delivery_told_as_the_subject_is_coded_but_not_weapons_an_attack_hit() -> None:
    sentence = "卢卡申科表示，俄罗斯向白俄罗斯交付的S-400防空导弹和“伊斯坎德尔”导弹系统已在白俄罗斯投入战备值班。"
    assert [c[:3] for c in coded(sentence, "2022-12-20")] == [("AID", {"RUS"}, {"BLR"})]
    struck = coded("此外，俄军方称，使用精确制导武器摧毁了顿涅茨克地区的两套美国向乌方提供的“海马斯”火箭炮。",
                   "2022-07-07")
    assert all(event != "AID" for event, *_ in struck)


def test_a_governing_verb_in_a_relative_clause_keeps_the_subject() -> None:
    # 结束的 describes the meeting, which is the subject that decides to aid
    found = coded("13日结束的北约防长会议决定继续向乌克兰提供军事支持。", "2022-10-14")
    assert [c[:3] for c in found] == [("AID", {"IGO"}, {"UKR"})]
