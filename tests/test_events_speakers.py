"""Words are the act of who says them: two named speakers' accusations on one day are two events, the state
speaking through its minister is one (real sentences of the two sample pages)."""

from __future__ import annotations

from test_events_audit import code_linked

PUTIN = "普京又在会面中,批评乌克兰一方阻碍和谈,但指谈判会持续以线上形式进行,他希望会取得正面成果。"
MINISTRY = "俄罗斯国防部表示,基辅政权公布的所有照片和视频都是挑衅,强调在俄军控制布查镇期间没有当地居民因暴力伤亡。"
WANG_YI = ("王毅表示,當前中美關係最重要的仍然是推進和落實兩國元首視頻會晤共識。"
           "美方近期一些言行與上述目標背道而馳,中方表示嚴重關切。")


def accusers(text: str, published: str) -> list[list[str]]:
    return [[a.entity_text for a in e.actor] for e in code_linked(text, published) if e.event == "ACCUSE"]


def test_two_named_speakers_accusing_one_state_are_two_accusations() -> None:
    assert accusers(PUTIN + MINISTRY, "2022-04-26") == [["普京"], ["俄罗斯国防部"]]


def test_a_minister_and_his_state_are_one_speaker() -> None:
    assert len(accusers(WANG_YI, "2022-03-05")) == 1


def test_a_party_before_a_colon_speaks_what_follows() -> None:
    # a CCTV summary line (dev4 page VIDEvq0KVNEtW3xrH4QZddvX220515): the speech verb is dropped
    events = code_linked("（3）普京：芬兰放弃军事中立是个错误。", "2022-05-15")
    assert [(e.event, [a.entity_text for a in e.actor]) for e in events] == [("ACCUSE", ["普京"])]


def test_a_colon_after_a_phrase_with_no_party_names_no_speaker() -> None:
    events = code_linked("原因有二：俄军打击了哈尔科夫。", "2022-05-15")
    assert all(not e.attribution for e in events)


def test_talks_closed_by_hou_before_the_speech_verb_happened() -> None:
    # dev_cctv page VIDEX1e3QV…: the consultation happened, then the UN spoke
    events = code_linked("联合国方面11日在与俄方代表磋商后宣布，一艘装有2万吨俄罗斯化肥的船只被放行。", "2022-11-12")
    assert ("CONSULT", ["联合国"]) in [(e.event, [a.entity_text for a in e.actor]) for e in events]


def test_a_strike_closed_by_hou_before_the_speech_verb_is_not_the_speakers() -> None:
    # constructed control: only talks are read this way; the strike is not the speaker's act
    events = code_linked("俄方在乌军炮击后表示，将作出回应。", "2022-11-12")
    assert not [e for e in events if e.event == "ASSAULT" and "俄方" in [a.entity_text for a in e.actor]]
