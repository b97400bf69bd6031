"""Dedup rules that read the evidence sentence: soft dates, places inside names, restated clauses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhevents.dedup.events import cluster, norm_sentence, places_agree, same_action, signature
from zhevents.dedup.evidence import date_span, place_only_in_names, shared_clause, spans_relation


def _linked(name: str, qid: str | None, code: str, sector: str | None) -> dict[str, Any]:
    return {"entity_text": name, "identifier_text": name, "wikidata_id": qid, "code": code, "sector": sector}


def _ev(eid: str, event: str, text: str, actors: list[dict[str, Any]], recipients: list[dict[str, Any]],
        date: str, trigger: str, story: str, *, place: str | None = None, country: str | None = None,
        quad: int = 1, cameo: str | None = None, start: int = 0, clause: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    return {
        "id": eid, "event": event, "date": date, "date_precision": "day", "actor": actors,
        "recipient": recipients, "trigger": trigger, "quad_code": quad, "cameo": cameo, "aux": [],
        "event_loc": {"name": place, "text": place, "country": country} if place else None,
        "text_info": {"story": story, "sentence_start": start, "start": clause[0], "end": clause[1]},
        "event_text": text,
    }


def _clusters(events: list[dict[str, Any]]) -> dict[str, str]:
    return cluster(signature(e, norm_sentence(e["event_text"])) for e in events)


PUTIN, RUS = _linked("普京", "Q7747", "RUS", "GOV"), _linked("俄", "Q159", "RUS", None)
RAISI, ERDOGAN = _linked("莱希", "Q1163547", "IRN", "GOV"), _linked("埃尔多安", "Q39723", "TUR", "GOV")
MILITIA = _linked("民间武装", None, "UKR", "REB")
UA_ARMY = _linked("乌克兰军队", "Q1191541", "UKR", "MIL")
OSCE = _linked("欧安组织特别监察团", None, "IGO", "IGO")
TEHRAN = ("央视网消息（新闻联播）：19日，伊朗总统莱希、俄罗斯总统普京和土耳其总统埃尔"
    "多安在伊朗首都德黑兰举行会谈，就在阿斯塔纳进程框架下解决叙利亚问题交换意见。")


def test_date_span_reads_periods_vague_words_and_undated_sentences() -> None:
    period = date_span("2022-05-16", "day", "根据俄方公布的消息，从16日到20日，亚速钢铁厂一共有2439名乌方人员投降。")
    assert period and (period.first, period.last, period.slack) == (dt.date(2022, 5, 16), dt.date(2022, 5, 20), 0)
    vague = date_span("2022-04-30", "day", "德国政府日前宣布向乌克兰提供重型武器。")
    assert vague and vague.earliest == dt.date(2022, 4, 23)
    undated = date_span("2022-02-22", "day", "视频简介：俄总统宣布承认乌东部民间武装控制地区独立")
    explicit = date_span("2022-02-21", "day", "俄罗斯总统普京21日签署命令，承认乌克兰东部民间武装控制的两个地区独立。")
    assert undated and explicit and spans_relation(undated, explicit) == "near"
    assert date_span("2022", "year", "今年年底前全面禁止进口俄罗斯石油") is None


def test_two_different_periods_are_apart_a_day_inside_one_is_near() -> None:
    a = date_span("2022-05-01", "day", "1日至2日，俄军继续打击乌方军事目标。")
    b = date_span("2022-05-02", "day", "2日至3日，俄罗斯继续打击乌方军事目标。")
    day = date_span("2022-05-18", "day", "俄罗斯国防部18日称，过去24小时内共有694名乌方人员投降。")
    period = date_span("2022-05-16", "day", "从16日到20日，亚速钢铁厂一共有2439名乌方人员投降。")
    assert a and b and day and period
    assert spans_relation(a, b) == "apart"
    assert spans_relation(day, period) == "near"


def test_a_summary_line_dated_by_its_broadcast_meets_the_report_of_the_day_before() -> None:
    report = _ev("a", "SUPPORT", ("央视网消息（新闻联播）：俄罗斯总统普京21日签署"
        "命令，承认乌克兰东部民间武装控制的两个地区独立。"),
                 [PUTIN], [MILITIA], "2022-02-21", "承认", "s1", start=0)
    summary = _ev("b", "SUPPORT", "视频简介：俄总统宣布承认乌东部民间武装控制地区独立： （1）乌总统称坚持外交解决途径",
                  [RUS], [MILITIA], "2022-02-22", "承认", "s1", start=400)
    # other reports of the month make the block's common words (俄罗斯, 表示, 支持) light
    others = [_ev(f"o{i}", "SUPPORT", f"{who}表示支持俄罗斯在乌克兰问题上的立场。",
                  [_linked(who, None, "XXX", None)], [RUS], f"2022-02-1{i}", "支持", f"s{i + 2}")
              for i, who in enumerate(["白俄罗斯", "叙利亚", "古巴", "委内瑞拉"])]
    assert _clusters([report, summary, *others])["b"] == "a"
    assert _clusters([*others, summary, report])["b"] == "a"  # order-independent


def test_explicit_reports_of_consecutive_days_stay_apart() -> None:
    d18 = _ev("a", "ACCUSE", ("派驻乌克兰的欧安组织特别监察团表示，18日共记录到"
        "乌克兰东部顿巴斯地区发生了870起违反停火协议事件。"),
              [OSCE], [], "2022-02-18", "违反", "s1", place="乌克兰", country="UKR", quad=3)
    d19 = _ev("b", "ACCUSE", ("派驻乌克兰的欧安组织特别监察团称，乌克兰东部顿巴斯地"
        "区19日一天之内发生违反停火协议的事件近2000起。"),
              [OSCE], [], "2022-02-19", "违反", "s2", place="乌克兰", country="UKR", quad=3)
    groups = _clusters([d18, d19])
    assert groups["a"] != groups["b"]


def test_a_retreat_told_on_two_days_naming_the_same_town_is_one_event() -> None:
    told = _ev("a", "RETREAT", "乌克兰方面当天称，利西昌斯克的战斗已经结束，乌军进行了战术性撤退。", [UA_ARMY], [],
               "2022-07-03", "撤退", "s1", quad=2)
    later = _ev("b", "RETREAT", ("此外一部分乌军从利西昌斯克撤退至顿涅茨克地"
        "区的谢韦尔斯克，并在该地点及其周边加强防守。"),
                [UA_ARMY], [], "2022-07-04", "撤退", "s2", place="利西昌斯克", country="UKR", quad=2)
    assert _clusters([told, later])["b"] == "a"
    # "继续撤退" the next day is another stage of the retreat, not a retelling
    again = dict(later, event_text="此外乌军继续撤退，从利西昌斯克撤至谢韦尔斯克。")
    groups = _clusters([told, again])
    assert groups["a"] != groups["b"]


def test_a_place_inside_a_named_process_is_no_place() -> None:
    assert place_only_in_names("阿斯塔纳", norm_sentence(TEHRAN))
    assert not place_only_in_names("德黑兰", norm_sentence(TEHRAN))
    talks = _ev("a", "CONSULT", TEHRAN, [RAISI, PUTIN], [ERDOGAN], "2022-07-19", "会谈", "s1", place="伊朗",
                country="IRN", cameo="040", clause=(30, 40))
    views = _ev("b", "CONSULT", TEHRAN, [RAISI], [PUTIN], "2022-07-19", "交换意见", "s1", place="阿斯塔纳",
                country="KAZ", cameo="040", clause=(60, 70))
    assert _clusters([talks, views])["b"] == "a"


def test_a_state_contains_its_capital_and_meeting_words_of_one_code_name_one_act() -> None:
    iran = signature(_ev("a", "CONSULT", TEHRAN, [PUTIN], [ERDOGAN], "2022-07-19", "会谈", "s1", place="伊朗",
                         country="IRN", cameo="040"), norm_sentence(TEHRAN))
    tehran = signature(_ev("b", "CONSULT", "19日，俄土两国总统也在德黑兰举行会晤。", [PUTIN], [ERDOGAN], "2022-07-19",
                           "会晤", "s2", place="德黑兰", country="IRN", cameo="040"), ("19日，俄土两国总统"
                               "也在德黑兰举行会晤。"))
    assert places_agree(iran, tehran)
    assert same_action(iran, tehran)
    call = signature(_ev("c", "CONSULT", "普京同埃尔多安通电话。", [PUTIN], [ERDOGAN], "2022-07-19", "通电话", "s3",
                         cameo="041"), "普京同埃尔多安通电话。")
    assert not same_action(iran, call)  # a call is not a meeting


def test_a_clause_repeated_verbatim_in_one_story_is_one_statement() -> None:
    west = [_linked("美", "Q30", "USA", None), _linked("欧", "Q458", "EUR", None)]
    rus = [_linked("俄罗斯方面", "Q159", "RUS", None)]
    first = _ev("a", "SANCTION", ("对于美欧等发起的制裁，俄罗斯方面表示，"
        "美欧在制裁俄罗斯方面永远不会感到满足。"), west, rus,
                "2022-02-22", "制裁", "s1", quad=4, start=100)
    repeat = _ev("b", "SANCTION", "俄罗斯外长拉夫罗夫当天表示，美欧企图把新明斯克协议遭破坏的所有责任都"
                 "归咎于俄罗斯，他们在制裁俄罗斯方面永远不会感到满足。",
                 [_linked("乌克兰", "Q212", "UKR", None)], rus, "2022-02-22", "制裁", "s1", quad=4, start=300)
    assert shared_clause(norm_sentence(first["event_text"]), norm_sentence(repeat["event_text"]), "制裁") >= 16
    assert _clusters([first, repeat])["b"] == "a"


def test_two_conflict_acts_of_one_sentence_stay_apart() -> None:
    text = ("俄罗斯国防部10日称，俄军在库皮扬斯克、红利曼等地击退乌军"
        "进攻，俄军还打击多处乌方反炮兵雷达、弹药库和燃料储存库等。")
    ru_army = _linked("俄军", "Q1354706", "RUS", "MIL")
    repel = _ev("a", "ASSAULT", text, [ru_army], [UA_ARMY], "2022-11-10", "击退", "s1", quad=4, cameo="190",
                clause=(20, 40))
    strike = _ev("b", "ASSAULT", text, [ru_army], [UA_ARMY], "2022-11-10", "打击", "s1", quad=4, cameo="190",
                 clause=(42, 60))
    groups = _clusters([repel, strike])
    assert groups["a"] != groups["b"]


def test_claims_of_two_opposed_sources_do_not_merge_on_shared_words() -> None:
    ru_army = _linked("俄军", "Q1354706", "RUS", "MIL")
    ru = _ev("a", "COERCE", ("在卢甘斯克地区，俄军还突破了乌克兰的防线"
        "，控制了两个要地，从南部封锁了利西昌斯克。"), [ru_army], [],
             "2022-06-24", "控制", "s1", quad=4, start=100)
    ua = _ev("b", "COERCE", ("乌克兰国防部表示，在卢甘斯克地区，俄军试图完全控制"
        "北顿涅茨克市，同时正在包围利西昌斯克附近的乌军部队。"),
             [ru_army], [], "2022-06-24", "控制", "s1", quad=4, start=200)
    ru["attribution"] = [{"text": "俄罗斯国防部", "code": "RUS"}]
    ua["attribution"] = [{"text": "乌克兰国防部", "code": "UKR"}]
    groups = _clusters([ru, ua])
    assert groups["a"] != groups["b"]


def test_two_days_joined_by_zhi_are_a_period_whichever_end_is_coded() -> None:
    night = "据乌克兰利沃夫政府消息，16日晚至17日凌晨，利沃夫市以西的亚沃罗夫训练场内营地遭到俄军攻击。"
    ended = date_span("2022-05-17", "day", night)  # coded on the day the period ends
    assert ended and (ended.first, ended.last) == (dt.date(2022, 5, 16), dt.date(2022, 5, 17))
    started = date_span("2022-05-20", "day", "根据俄方公布的消息，从16日到20日，亚速钢铁厂一共有2439名乌方人员投降。")
    assert started and (started.first, started.last) == (dt.date(2022, 5, 16), dt.date(2022, 5, 20))
    across = date_span("2022-05-02", "day", "4月30日至2日，俄军继续打击乌方军事目标。")
    assert across and (across.first, across.last) == (dt.date(2022, 4, 30), dt.date(2022, 5, 2))
    two_days = date_span("2022-05-17", "day", "16日和17日，俄军打击了乌方军事目标。")  # two days, no period
    assert two_days and (two_days.first, two_days.last) == (dt.date(2022, 5, 17), dt.date(2022, 5, 17))


RU_ARMY = _linked("俄罗斯军队", None, "RUS", "MIL")
# VIDECNYrYbOAhz6S (新闻联播 17 May 2022): the Yavoriv camp strike told twice in one story, first with
# its means (导弹袭击) and the day before the broadcast, then plainly (攻击) over the night of 16-17 May.
YAVORIV_SUMMARY = "乌克兰方面则表示，利沃夫附近的营地遭到了俄军导弹袭击。"
YAVORIV_REPORT = "据乌克兰利沃夫政府消息，16日晚至17日凌晨，利沃夫市以西的亚沃罗夫训练场内营地遭到俄军攻击。"


def _strike(eid: str, text: str, date: str, trigger: str, mode: str | None, place: str | None,
            story: str = "s1", start: int = 0) -> dict[str, Any]:
    ev = _ev(eid, "ASSAULT", text, [RU_ARMY], [], date, trigger, story, place=place, country="UKR" if place else None,
             quad=4, cameo="194" if mode else "190", start=start)
    ev["mode"] = mode
    ev["attribution"] = [{"text": "乌克兰方面", "code": "UKR"}]
    return ev


def test_a_strike_told_plainly_and_with_its_means_at_one_place_in_one_story_is_one_act() -> None:
    summary = _strike("a", YAVORIV_SUMMARY, "2022-05-16", "导弹袭击", "heavy-weapons", "利沃夫", start=100)
    report = _strike("b", YAVORIV_REPORT, "2022-05-17", "攻击", None, "利沃夫", start=300)
    # other strikes of the month make the block's common words (俄军, 遭到, 乌克兰) light
    others = [_strike(f"o{i}", f"{town}的军事设施遭到俄军导弹袭击。", f"2022-05-0{i + 1}", "导弹袭击", "heavy-weapons",
                      town, story=f"s{i + 2}") for i, town in enumerate(["敖德萨", "哈尔科夫", "第聂伯罗", "扎波罗热"])]
    assert _clusters([summary, report, *others])["b"] == "a"
    assert _clusters([*others, report, summary])["b"] == "a"  # order-independent
    # without a place both name, a plain verb and a specific one are not known to be one act
    unplaced = _strike("b", YAVORIV_REPORT, "2022-05-17", "攻击", None, None, start=300)
    groups = _clusters([summary, unplaced, *others])
    assert groups["b"] != groups["a"]
    # nor in two stories (each story's own rules only)
    elsewhere = _strike("b", YAVORIV_REPORT, "2022-05-17", "攻击", None, "利沃夫", story="s9")
    groups = _clusters([summary, elsewhere, *others])
    assert groups["b"] != groups["a"]
    # 击退 is no plain attack: repelling is an act of the other side
    repel = _strike("b", "乌军在利沃夫附近击退了俄军进攻。", "2022-05-16", "击退", None, "利沃夫", start=300)
    groups = _clusters([summary, repel, *others])
    assert groups["b"] != groups["a"]


def test_a_day_dating_the_statement_lets_the_act_be_a_day_older() -> None:
    said = date_span("2022-05-01", "day", "俄罗斯国防部5月1日表示，俄军使用高精度导弹打击了敖德萨附近的军用机场。")
    assert said is not None and said.slack == 1 and said.said
    assert said.without_said_slack().slack == 0
    evening = date_span("2022-05-01", "day", "俄罗斯国防部1日晚发表声明称，俄军打击了敖德萨的军用机场。")
    assert evening is not None and evening.said
    acted = date_span("2022-05-01", "day", "俄军5月1日使用高精度导弹打击了敖德萨附近的军用机场。")
    assert acted is not None and acted.slack == 0 and not acted.said
