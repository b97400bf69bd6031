"""Merge rules of event dedup, and conflicting claims, on real sentences."""

from __future__ import annotations

from typing import Any

import pytest

from zhevents.dedup.claims import claim_signature, find_claims
from zhevents.dedup.events import (
    cluster,
    norm_sentence,
    parties,
    rarity,
    salient_overlap,
    seam_links,
    seams_of,
    signature,
    story_clusters,
)


def _event(eid: str, event: str, text: str, actor: str, recipient: str | None, date: str | None,
           place: str | None = None, aux: list[str] | None = None, source: str | None = None,
           story: str = "s") -> dict[str, Any]:
    def party(code: str) -> list[dict[str, Any]]:
        return [{"entity_text": code, "identifier_text": code, "code": code, "sector": "GOV"}]

    return {
        "id": eid, "event": event, "date": date, "date_precision": "day" if date else "unknown",
        "actor": party(actor), "recipient": party(recipient) if recipient else [],
        "event_loc": {"text": place, "name": place} if place else None, "aux": aux or [],
        "attribution": [{"text": source, "code": source}] if source else [],
        "text_info": {"story": story}, "event_text": text,
    }


def _linked(name: str, qid: str | None, code: str, sector: str | None) -> dict[str, Any]:
    """A party as the entity linker writes it: linked name, Wikidata id, code, sector."""
    return {"entity_text": name, "identifier_text": name, "wikidata_id": qid, "code": code, "sector": sector}


def _coded(eid: str, event: str, text: str, actors: list[dict[str, Any]], recipients: list[dict[str, Any]],
           date: str, trigger: str, story: str, place: str | None = None, quad: int = 1,
           sentence_start: int = 0) -> dict[str, Any]:
    """An event with linked parties, trigger and quad class, as the coder serialises it."""
    ev = _event(eid, event, text, "X", None, date, place=place, story=story)
    ev.update(actor=actors, recipient=recipients, trigger=trigger, quad_code=quad)
    ev["text_info"]["sentence_start"] = sentence_start
    return ev


XI = _linked("习近平", "Q15031", "CHN", "GOV")
BIDEN = _linked("拜登", "Q6279", "USA", "GOV")
RUS, UKR = _linked("俄罗斯", "Q159", "RUS", None), _linked("乌克兰", "Q212", "UKR", None)
RUS_SHORT, UKR_SHORT = _linked("俄", "Q159", "RUS", None), _linked("乌", "Q212", "UKR", None)
TUR, UN = _linked("土耳其", "Q43", "TUR", None), _linked("联合国", "Q1065", "UNO", None)


def _clusters(events: list[dict[str, Any]]) -> dict[str, str]:
    return cluster(signature(e, norm_sentence(e["event_text"])) for e in events)


def test_same_call_reported_by_two_sources_is_one_event() -> None:
    a = _event("a", "CONSULT", "国务委员兼外长王毅应约同美国国务卿布林肯通电话。", "CHN", "USA",
               "2022-03-05", source="新华社", story="s1")
    b = _event("b", "CONSULT", "中国外长王毅5日应约与美国国务卿布林肯通电话。", "CHN", "USA",
               "2022-03-05", source="央视新闻", story="s2")
    groups = _clusters([a, b])
    assert groups["a"] == groups["b"]


def test_simplified_and_traditional_copies_merge() -> None:
    simp = "俄罗斯国防部5日宣布，为顿巴斯地区城市马里乌波尔和沃尔诺瓦哈的民众开通人道主义走廊。"
    trad = "俄羅斯國防部5日宣佈，為頓巴斯地區城市馬裏烏波爾和沃爾諾瓦哈的民眾開通人道主義走廊。"
    a = _event("a", "RETREAT", simp, "RUS", "UKR", "2022-03-05", story="s1")
    b = _event("b", "RETREAT", trad, "RUS", "UKR", "2022-03-05", story="s2")
    assert _clusters([a, b])["b"] == "a"


def test_two_towns_the_same_day_are_two_events() -> None:
    a = _event("a", "ASSAULT", "俄军当天继续炮击马里乌波尔。", "RUS", "UKR", "2022-03-05", place="马里乌波尔")
    b = _event("b", "ASSAULT", "俄军当天继续炮击沃尔诺瓦哈。", "RUS", "UKR", "2022-03-05", place="沃尔诺瓦哈")
    groups = _clusters([a, b])
    assert groups["a"] != groups["b"]


def test_a_second_meeting_a_week_later_is_another_event() -> None:
    a = _event("a", "CONSULT", "俄乌第二轮谈判3日在白俄罗斯境内的别洛韦日森林举行。", "RUS", "UKR", "2022-03-03")
    b = _event("b", "CONSULT", "俄乌第三轮谈判7日在白俄罗斯境内的别洛韦日森林举行。", "RUS", "UKR", "2022-03-10")
    groups = _clusters([a, b])
    assert groups["a"] != groups["b"]


def test_clusters_do_not_depend_on_order() -> None:
    evs = [
        _event("a", "CONSULT", "王毅应约同布林肯通电话。", "CHN", "USA", "2022-03-05"),
        _event("b", "CONSULT", "王毅同布林肯通电话，双方就乌克兰问题交换了意见。", "CHN", "USA", "2022-03-05"),
        _event("c", "CONSULT", "岸田文雄4日与泽连斯基通电话。", "JPN", "UKR", "2022-03-04"),
    ]
    forward = _clusters(evs)
    assert forward == _clusters(list(reversed(evs)))
    assert forward["a"] == forward["b"] != forward["c"]


def test_opposed_sources_with_reversed_roles_make_a_claim() -> None:
    ru = _event("ru", "ASSAULT", "俄武装力量阵地曾受到来自这两地的火力袭击。", "UKR", "RUS", "2022-03-05",
                source="RUS")
    ua = _event("ua", "ASSAULT", "俄军当天继续炮击马里乌波尔、沃尔诺瓦哈等城市。", "RUS", "UKR", "2022-03-05",
                source="UKR")
    same = _event("x", "ASSAULT", "俄军炮击哈尔科夫。", "RUS", "UKR", "2022-03-05", source="UKR")
    claims = list(find_claims([claim_signature(e["id"], e["id"], e) for e in (ru, ua, same)]))
    kinds = {(c.event_a, c.event_b): c.kind for c in claims}
    assert kinds[("ru", "ua")] == "reversed-roles"
    assert ("ua", "x") not in kinds  # same side, same direction: no contradiction


def test_a_denial_contradicts_an_assertion() -> None:
    said = _event("a", "ASSAULT", "乌军炮击了布查镇南郊的居民区。", "UKR", "UKR", "2022-03-30", source="RUS")
    denied = _event("b", "ASSAULT", "乌军并未炮击布查镇。", "UKR", "UKR", "2022-03-30", aux=["negation"],
                    source="UKR")
    claims = list(find_claims([claim_signature(e["id"], e["id"], e) for e in (said, denied)]))
    assert [c.kind for c in claims] == ["affirmed-denied"]


def test_story_clusters_join_stories_sharing_an_event_or_copying_each_other() -> None:
    mapping = story_clusters(["s1", "s2", "s3", "s4"], [("s1", "e1"), ("s3", "e1")], [("s4", "s2")])
    assert mapping == {"s1": "s1", "s2": "s2", "s3": "s1", "s4": "s2"}


def test_a_meeting_restated_in_other_words_with_a_nested_place_is_one_event() -> None:
    lead = _coded("a", "CONSULT", "当地时间11月14日下午，国家主席习近平在印度尼西亚巴厘岛同美国总统拜登举行会晤。",
                  [XI], [BIDEN], "2022-11-14", "会晤", "s1", place="印度尼西亚")
    recap = _coded("b", "CONSULT", "习近平主席同美国总统拜登在巴厘岛举行面对面会晤，是三年多来中美元首的首次会晤。",
                   [XI], [BIDEN], "2022-11-14", "会晤", "s2", place="巴厘岛")
    assert _clusters([lead, recap])["b"] == "a"


def test_a_meeting_in_another_town_the_same_day_stays_apart() -> None:
    a = _coded("a", "CONSULT", "国家主席习近平在巴厘岛同美国总统拜登举行会晤。", [XI], [BIDEN], "2022-11-14", "会晤",
               "s1", place="巴厘岛")
    b = _coded("b", "CONSULT", "国家主席习近平在曼谷同美国总统拜登举行会晤。", [XI], [BIDEN], "2022-11-14", "会晤",
               "s2", place="曼谷")
    groups = _clusters([a, b])
    assert groups["a"] != groups["b"]


def test_all_participants_of_a_joint_act_decide_not_who_is_named_first() -> None:
    signed = _coded("a", "AGREE", "土耳其、俄罗斯、乌克兰和联合国代表在伊斯坦布尔就黑海港口农产品外运问题签署协议。",
                    [TUR, RUS, UKR], [UN], "2022-07-22", "签署协议", "s1")
    both = _coded("b", "AGREE", "俄罗斯、乌克兰22日分别与土耳其和联合国签署协议，同意建立联合协调中心。",
                  [RUS, UKR], [TUR, UN], "2022-07-22", "签署协议", "s2")
    memo = _coded("c", "AGREE", "俄罗斯与联合国当天签署关于俄罗斯农产品和化肥进入世界市场的备忘录。",
                  [RUS], [UN], "2022-07-22", "签署协议", "s3")
    groups = _clusters([signed, both, memo])
    assert groups["b"] == groups["a"] != groups["c"]  # the memorandum of the same day is another act
    # the coder now names every party of a joint act as an actor: still the same act
    signed["actor"], signed["recipient"] = [TUR, RUS, UKR, UN], []
    groups = _clusters([signed, both, memo])
    assert groups["b"] == groups["a"] != groups["c"]


def test_mutual_commitments_of_two_parties_stay_two_events() -> None:
    cn, ru = _linked("中方", "Q148", "CHN", "GOV"), _linked("俄方", "Q159", "RUS", "GOV")
    a = _coded("a", "SUPPORT", "中方愿同俄方继续在涉及主权、安全等核心利益问题上相互支持。", [cn], [ru],
               "2022-06-15", "支持", "s1")
    b = _coded("b", "SUPPORT", "俄方支持中方提出的全球安全倡议。", [ru], [cn], "2022-06-15", "支持", "s2")
    groups = _clusters([a, b])
    assert groups["a"] != groups["b"]


def test_a_summary_line_and_its_report_in_one_story_are_one_event() -> None:
    scholz, germany = _linked("朔尔茨", "Q61053", "DEU", "GOV"), _linked("德国", "Q183", "DEU", None)
    report = _coded("a", "AID", "德国总理朔尔茨1日在“五一”劳动节集会上声称，将向乌克兰输送坦克等重型武器，遭到抗议。",
                    [scholz], [UKR], "2022-05-01", "输送", "s1", quad=2, sentence_start=10)
    summary = _coded("b", "AID", "（2）德国总理宣布向乌输送武器 遭民众抗议；", [germany], [UKR_SHORT], "2022-05-01",
                     "输送", "s1", quad=2, sentence_start=200)
    assert _clusters([report, summary])["b"] == "a"
    # in two stories the same pair needs the same actor identity (德国 is not 朔尔茨) to merge
    other_story = dict(summary, text_info={"story": "s2", "sentence_start": 0})
    groups = _clusters([report, other_story])
    assert groups["a"] != groups["b"]


def test_two_ministers_of_one_state_in_one_story_are_two_events() -> None:
    orban, szijjarto = _linked("欧尔班", "Q57641", "HUN", "GOV"), _linked("西雅尔多", "Q1064962", "HUN", "GOV")
    eu = _linked("欧盟", "Q458", "EUR", None)
    a = _coded("a", "DISAPPROVE", "匈牙利总理欧尔班21日批评欧盟对俄制裁令欧洲遭遇能源危机、通货膨胀。", [orban], [eu],
               "2022-06-21", "批评", "s1", quad=3)
    b = _coded("b", "DISAPPROVE", "匈牙利外长西雅尔多当天也批评欧盟对俄制裁，称取消制裁将降低通胀。",
               [szijjarto], [eu], "2022-06-21", "批评", "s1", quad=3, sentence_start=80)
    groups = _clusters([a, b])
    assert groups["a"] != groups["b"]


def test_rare_shared_words_weigh_more_than_common_ones() -> None:
    common = [_coded(f"n{i}", "ASSAULT", f"俄罗斯国防部{i}日表示俄军打击了乌克兰军事目标。", [RUS], [UKR], "2022-05-01",
                     "打击", f"s{i}", quad=4) for i in range(6)]
    a = _coded("a", "ASSAULT", "俄罗斯方面称摧毁了敖德萨的一个军火库。", [RUS], [], "2022-04-30", "摧毁", "s1", quad=4)
    b = _coded("b", "ASSAULT", "俄称摧毁敖德萨一军火库。", [RUS_SHORT], [], "2022-04-30", "摧毁", "s1", quad=4)
    sigs = [signature(e, norm_sentence(e["event_text"])) for e in [*common, a, b]]
    weights = rarity(sigs)
    assert weights["军火"] > weights["俄罗"]
    # the Odessa pair shares 敖德萨/军火库; the first Odessa sentence and a template shares 俄罗斯 only
    assert salient_overlap(sigs[-2], sigs[-1], weights) > 2 * salient_overlap(sigs[-2], sigs[0], weights)
    assert rarity(list(reversed(sigs))) == weights  # a function of the set, not of the order


def test_a_meeting_told_from_both_sides_is_no_claim() -> None:
    host = _event("a", "CONSULT", "普京与到访的古特雷斯会面。", "RUS", "UNO", "2022-04-26", source="RUS")
    guest = _event("b", "CONSULT", "古特雷斯与普京会晤。", "UNO", "RUS", "2022-04-26", source="UNO")
    assert list(find_claims([claim_signature(e["id"], e["id"], e) for e in (host, guest)])) == []


def test_a_crowded_day_is_blocked_by_keys_with_the_same_clusters(monkeypatch: pytest.MonkeyPatch) -> None:
    import zhevents.dedup.events as dedup

    towns = ["马里乌波尔", "沃尔诺瓦哈", "哈尔科夫", "赫尔松", "顿涅茨克", "卢甘斯克", "扎波罗热", "尼古拉耶夫"]
    events = []
    for i in range(360):  # more than EXHAUSTIVE_GROUP reports of one day
        town = towns[i % len(towns)]
        actor, target = ("RUS", "UKR") if i % 3 else ("UKR", "RUS")
        text = f"{'俄军' if actor == 'RUS' else '乌军'}当天炮击{town}，造成{i % 5 + 1}人受伤。"
        events.append(_event(f"e{i:03d}", "ASSAULT", text, actor, target, "2022-03-05", place=town,
                             story=f"s{i}"))
    sigs = [signature(e, norm_sentence(e["event_text"])) for e in events]
    keyed = cluster(sigs)
    monkeypatch.setattr(dedup, "EXHAUSTIVE_GROUP", 10_000)
    assert keyed == cluster(sigs)
    assert len(set(keyed.values())) < len(events)  # reports of one shelling did merge


def _components(sigs: list[Any]) -> dict[str, str]:
    """Reference clustering: connected components of same_event over every pair."""
    import itertools

    from zhevents.dedup.events import same_event

    weights = rarity(sigs)
    parent = {s.id: s.id for s in sigs}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in itertools.combinations(sigs, 2):
        if same_event(a, b, weights):
            ra, rb = root(a.id), root(b.id)
            parent[max(ra, rb)] = min(ra, rb)
    return {s.id: root(s.id) for s in sigs}


def test_reprinted_reports_cluster_as_comparing_every_pair() -> None:
    """Wire copies (the same coded sentence in other stories, some twice in one story) are compared
    through representatives; the clusters must equal those of comparing every pair."""
    import copy
    import json
    import random
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "bench" / "results" / "events_cctv.jsonl"
    originals = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(7)
    events = list(originals)
    for ev in originals:
        for k in range(rng.choice([0, 1, 2, 4])):
            dup = copy.deepcopy(ev)
            story = f"copy{k // 2}-{ev['text_info']['story']}"  # two copies share each reprint story
            dup["id"], dup["text_info"]["story"] = f"{ev['id']}-c{k}", story
            dup["text_info"]["sentence_start"] = dup["text_info"].get("sentence_start", 0) + 1000 * (k % 2)
            events.append(dup)
    rng.shuffle(events)
    sigs = [signature(e, norm_sentence(e["event_text"])) for e in events]
    got = cluster(sigs)
    assert got == _components(sigs)
    # every copy joined its original (the comparison means something); whether two originals merge
    # depends on the coder's output in events_cctv.jsonl, so it is not asserted
    copies = [s for s in sigs if "-c" in s.id]
    assert copies and all(got[s.id] == got[s.id.rsplit("-c", 1)[0]] for s in copies)


def test_claims_equal_those_of_comparing_every_pair_of_reports() -> None:
    """Claims come from candidate pairs of distinct reports; they must equal the claims of checking
    every pair of reports in id order (the first contradicting pair of two clusters tells them)."""
    import itertools
    import random

    from zhevents.dedup import claims as mod

    def every_pair(sigs: list[mod.ClaimSig]) -> list[mod.Claim]:
        groups: dict[tuple[str, str], list[mod.ClaimSig]] = {}
        for e in sigs:
            if e.date and e.actors:
                groups.setdefault((e.event, e.date[:10]), []).append(e)
        seen, out = set(), []
        for (_, day), group in sorted(groups.items()):
            for a, b in itertools.combinations(sorted(group, key=lambda e: e.event_id), 2):
                pair = (min(a.cluster_id, b.cluster_id), max(a.cluster_id, b.cluster_id))
                if a.cluster_id == b.cluster_id or pair in seen or not mod._opposed_sources(a, b):
                    continue
                kind = "reversed-roles" if mod._reversed(a, b) else "affirmed-denied" if mod._denied(a, b) else None
                if kind:
                    seen.add(pair)
                    parties = " ".join(sorted(a.actors | a.recipients | b.actors | b.recipients))
                    out.append(mod.Claim(f"{pair[0]}~{pair[1]}", a.event_id, b.event_id, kind, day, parties))
        return out

    rng = random.Random(11)
    codes = ["RUS", "UKR", "USA", "NLD"]
    sigs = []
    for i in range(400):
        sigs.append(mod.ClaimSig(
            event_id=f"e{i:03d}", cluster_id=f"c{rng.randrange(60):02d}", event=rng.choice(["ASSAULT", "ACCUSE"]),
            date=rng.choice(["2022-03-05", "2022-03-06"]),
            actors=frozenset(rng.sample(codes, rng.choice([1, 1, 2]))),
            recipients=frozenset(rng.sample(codes, rng.choice([0, 1, 1, 2]))),
            negated=rng.random() < 0.15, sources=frozenset(rng.sample(codes, rng.choice([0, 1])))))
    expected = every_pair(sigs)
    assert list(find_claims(sigs)) == expected
    assert {c.kind for c in expected} == {"reversed-roles", "affirmed-denied"}


def test_a_month_block_has_the_seams_that_open_and_close_it() -> None:
    opening, closing = seams_of("ASSAULT|2022-05")
    assert (opening.key, opening.before, opening.after) == ("ASSAULT|2022-05", "ASSAULT|2022-04", "ASSAULT|2022-05")
    assert (opening.since, opening.until) == ("2022-04-23", "2022-05-09")
    assert (closing.key, closing.before) == ("ASSAULT|2022-06", "ASSAULT|2022-05")
    assert seams_of("ASSAULT|2022-12")[1].key == "ASSAULT|2023-01"
    assert seams_of("SANCTION|2022") == [] and seams_of("SANCTION|") == []


def test_one_strike_told_on_30_april_and_1_may_links_across_the_seam() -> None:
    odesa = _linked("敖德萨", "Q1874", "UKR", None)
    lead = _coded("a", "ASSAULT", "俄罗斯方面4月30日称，俄军使用导弹打击了敖德萨附近的军用机场。", [RUS], [odesa],
                  "2022-04-30", "打击", "s1", place="敖德萨", quad=4, sentence_start=0)
    report = _coded("b", "ASSAULT", "俄罗斯国防部5月1日表示，俄军使用高精度导弹打击了敖德萨附近的军用机场。", [RUS],
                    [odesa], "2022-05-01", "打击", "s1", place="敖德萨", quad=4, sentence_start=90)
    sig = {e["id"]: signature(e, norm_sentence(e["event_text"])) for e in (lead, report)}
    assert seam_links([sig["a"]], [sig["b"]]) == [("a", "b")]


def test_daily_reports_on_both_sides_of_the_seam_stay_apart() -> None:
    """The ministry's report of the 30th and that of the 1st tell two days of strikes on one town."""
    town = _linked("库皮扬斯克", None, "UKR", None)
    day1 = _coded("a", "ASSAULT", "俄罗斯国防部4月30日称，俄军打击了库皮扬斯克的乌军人员和装备。", [RUS], [town],
                  "2022-04-30", "打击", "s1", place="库皮扬斯克", quad=4)
    day2 = _coded("b", "ASSAULT", "俄罗斯国防部5月1日称，俄军打击了库皮扬斯克的乌军人员和装备。", [RUS], [town],
                  "2022-05-01", "打击", "s2", place="库皮扬斯克", quad=4)
    sig = {e["id"]: signature(e, norm_sentence(e["event_text"])) for e in (day1, day2)}
    assert seam_links([sig["a"]], [sig["b"]]) == []


def test_a_states_government_unnamed_is_the_state() -> None:
    government = _linked("德国政府", None, "DEU", "GOV")
    germany = _linked("德国", "Q183", "DEU", None)
    assert parties([government]) == parties([germany])
    named = _linked("德国联邦议院", None, "DEU", "LEG")
    assert parties([named]) != parties([germany])
