"""Merge rules of event dedup, and conflicting claims, on real sentences."""

from __future__ import annotations

from typing import Any

from zhevents.dedup.claims import claim_signature, find_claims
from zhevents.dedup.events import cluster, norm_sentence, signature, story_clusters


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
