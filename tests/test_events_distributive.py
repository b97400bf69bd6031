"""分别 before a meeting or call with several counterparts: one act with each (a real CCTV sentence)."""

from __future__ import annotations

from test_events_audit import code_linked
from test_events_constructions import codes


def counterparts(sentence: str, published: str, event: str = "CONSULT") -> list[set[str]]:
    return sorted((codes(e.recipient) for e in code_linked(sentence, published) if e.event == event), key=sorted)


def test_separate_bilateral_talks_are_one_meeting_each() -> None:
    sentence = "按计划，俄罗斯总统普京也将分别与土伊两国总统举行双边会谈。"
    assert counterparts(sentence, "2022-07-19") == [{"IRN"}, {"TUR"}]


def test_talks_with_two_counterparts_without_fenbie_stay_one_meeting() -> None:
    # the same real sentence without 分别: one meeting of the three
    sentence = "按计划，俄罗斯总统普京也将与土伊两国总统举行会谈。"
    assert counterparts(sentence, "2022-07-19") == [{"IRN", "TUR"}]


def test_an_agreement_signed_separately_stays_one_agreement() -> None:
    # the grain deal: mirror texts signed by each side with Turkey and the UN are one agreement (dedup gold)
    sentence = "俄罗斯、乌克兰22日分别与土耳其和联合国签署协议，同意在伊斯坦布尔建立联合协调中心。"
    assert {"TUR", "UNO"} in counterparts(sentence, "2022-07-23", "AGREE")
