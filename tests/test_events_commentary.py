"""Commentary paragraphs (国际人士/美国国内人士指出…): what a commentator blames a party for is an ACCUSE
of that party, however the charge is worded (real CCTV sentences; each with a control that must not change)."""

from __future__ import annotations

from test_events_audit import code_linked
from test_events_constructions import codes

UNNAMED = {None}  # 国际人士: a commentator of no state


def accusations(sentence: str, published: str = "2022-08-01") -> list[tuple[set[str], set[str]]]:
    return [(codes(e.actor), codes(e.recipient)) for e in code_linked(sentence, published) if e.event == "ACCUSE"]


def test_charges_in_commentary_wording_accuse_the_named_party() -> None:
    # 火上浇油, 煽风点火, 裹挟, 延长冲突, 削弱: the wording of commentary, not of a speech verb
    assert accusations("国际人士指出，美国输送武器的做法是在给冲突火上浇油。") == [(UNNAMED, {"USA"})]
    assert accusations("多国人士指出，美国为了遏制俄罗斯，不断煽风点火，加深危机。") == [(UNNAMED, {"USA"})]
    assert accusations("国际人士指出，美国裹挟欧洲国家施加对俄制裁，伤害的是本国民众的利益。") == [(UNNAMED, {"USA"})]
    assert accusations("国际人士表示，美国的目的是削弱俄罗斯，以维持自身霸权。") == [(UNNAMED, {"USA"})]


def test_the_wronged_party_after_the_verb_is_not_the_accused() -> None:
    # 操控乌克兰局势, 不顾乌克兰人民的利益: the object is who is wronged; with no subject, nobody is blamed
    found = accusations("国际人士指出，美国通过北约操控乌克兰局势，延长冲突，借此攫取财富。")
    assert found == [(UNNAMED, {"USA"})]  # 北约 after 通过 is the means, not the accused


def test_a_place_before_the_verb_is_no_accused() -> None:
    found = accusations("国际人士指出，美国在乌克兰挑起冲突并不断拱火使冲突持续。")
    assert found == [(UNNAMED, {"USA"})]


def test_an_american_commentator_may_accuse_the_usa() -> None:
    found = accusations("美国媒体人士表示，美国持续挑动俄乌冲突，目的是为实现自身利益最大化。")
    assert found == [({"USA"}, {"USA"})]
    # a government telling of its own side's acts accuses nobody (the control of _own_side_told)
    assert accusations("俄罗斯国防部称，俄军无视乌方的挑衅。") == []


def test_charges_strung_in_one_sentence_are_one_accusation() -> None:
    found = accusations("国际人士指出，美西方制裁俄罗斯能源，对欧洲经济构成打击，而美国则坐收渔翁之利。", "2022-06-05")
    assert len(found) == 1 and {"IGO", "USA"} <= found[0][1]


def test_a_veiled_reproach_has_no_recipient() -> None:
    # 一些国家…: the speaker names nobody; the clause topic of the sentence (俄乌冲突) is not the accused
    found = accusations("国际人士指出，俄乌冲突是西方霸权主义肆意扩张的产物，一些国家应尽快抛弃冷战思维。")
    assert found == [(UNNAMED, {"IGO"})]
