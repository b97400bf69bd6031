"""Short aliases and pronouns that gave wrong parties in CCTV output, each on a real sentence, run
through the real normalize, entities and dates stages before the coder."""

from __future__ import annotations

from zhevents.dates import annotate_dates
from zhevents.entities import annotate_entities
from zhevents.events import code_events
from zhevents.normalize import normalize_story
from zhevents.records import Alignment, Event, Page, PageMeta, Story


def run(text: str) -> list[Event]:
    page = Page(id="p0", source="test", doc="test.txt", text=text, meta=PageMeta(published="2022-08-04"))
    story = Story(id="p0-1", page_id="p0", seq=1, kind="article", text=text, align=Alignment.identity(len(text)))
    story = annotate_dates(annotate_entities(normalize_story(story), page), page)
    code_events(story, page)
    for ev in story.events:
        assert page.text[ev.start:ev.end] and ev.start < ev.end <= len(page.text)
    return story.events


def all_codes(events: list[Event]) -> set[str | None]:
    return {a.code for e in events for a in e.actor + e.recipient}


def test_he_in_a_speech_frame_is_the_speaker() -> None:
    text = ("黎巴嫩的黎波里港口发生爆炸。面对天然气短缺问题，德国前总理施罗德3日表示，"
            "他支持启用“北溪-2”天然气管道。")
    support = [e for e in run(text) if e.event == "SUPPORT"]
    assert support and {a.code for a in support[0].actor} == {"DEU"}


def test_port_after_a_place_name_is_not_hong_kong() -> None:
    text = "俄外交部发言人扎哈罗娃24日回应称，“口径”巡航导弹摧毁了敖德萨港的一处军事基础设施。"
    assert "HKG" not in all_codes(run(text))


def test_classifier_tai_is_not_taiwan() -> None:
    text = "俄罗斯国防部16日称，俄军在哈尔科夫地区摧毁了乌军多台军事装备。"
    events = run(text)
    assert "TWN" not in all_codes(events)
    assert any(e.event == "ASSAULT" and {"RUS"} <= {a.code for a in e.actor} for e in events)


def test_preposition_yi_is_not_israel() -> None:
    text = "分析人士指出，乌克兰危机是美国企图操控北约以控制欧洲、维持其世界霸权。"
    assert "ISR" not in all_codes(run(text))


def test_coastal_region_is_not_haiti() -> None:
    text = "据乌克兰媒体10日报道，乌国防部长列兹尼科夫表示，乌军方正在制定夺回南部沿海地区的计划。"
    assert "HTI" not in all_codes(run(text))


def test_civilians_in_a_ministry_statement_are_not_the_ministry() -> None:
    text = "俄罗斯国防部6日说，50名平民当天从马里乌波尔市亚速钢铁厂撤离。"
    assert not any(e.event == "RETREAT" and "RUS" in {a.code for a in e.actor} for e in run(text))


def test_athletes_are_no_mobilisation() -> None:
    assert not any(e.event == "MOBILIZE" for e in run("习近平祝贺法国运动员取得佳绩。"))


def test_a_state_helping_its_own_firms_is_domestic() -> None:
    text = "由于能源价格快速上涨，芬兰政府4日宣布，将向芬兰电力公司提供100亿欧元的贷款和信贷担保。"
    assert not any(e.event == "AID" and {"FIN"} == {a.code for a in e.recipient} for e in run(text))


def test_talks_told_again_without_a_time_are_one_event() -> None:
    text = ("俄罗斯与乌克兰的第二轮谈判3日在白俄罗斯境内的别洛韦日森林举行。"
            "俄方代表表示，目前俄方正就这些问题与乌方进行谈判。")
    consult = [e for e in run(text) if e.event == "CONSULT"]
    assert len(consult) == 1 and consult[0].date == "2022-08-03"
