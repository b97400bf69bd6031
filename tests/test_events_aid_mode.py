"""What an aid word gives, read from its object: PLOVER mode and CAMEO code (071/072/073), each on a real
CCTV sentence.  Reports of one act told with different verbs (提供重型武器 / 交付猎豹坦克) share the mode
dedup compares."""

from __future__ import annotations

from test_events_audit import code_linked


def aid(sentence: str, published: str) -> list[tuple[str | None, str | None]]:
    return [(e.mode, e.cameo) for e in code_linked(sentence, published) if e.event == "AID"]


def test_weapons_make_military_aid() -> None:
    assert aid("德国政府日前宣布向乌克兰提供重型武器。", "2022-04-30") == [("military", "072")]


def test_a_price_tag_does_not_make_weapons_monetary() -> None:
    assert aid("美国国防部10日宣布再向乌克兰提供4亿美元武器装备。", "2022-05-11") == [("military", "072")]


def test_military_support_with_a_sum_is_military_aid() -> None:
    assert aid("美国政府19日宣布将再向乌克兰提供7.75亿美元军事支持。", "2022-08-20") == [("military", "072")]


def test_military_and_financial_support_is_military_aid() -> None:
    assert aid("当天举行的七国集团会议称，将继续向乌克兰提供军事和财政支持。", "2022-06-28") == [("military", "072")]


def test_loans_make_monetary_aid() -> None:
    # adapted from a real CCTV sentence (芬兰政府…将向该国电力公司提供100亿欧元的贷款和信贷担保, domestic, so no
    # aid event): the corpus has no foreign loan told alone
    assert aid("芬兰政府4日宣布，将向乌克兰提供100亿欧元的贷款和信贷担保。", "2022-09-05") == [("monetary", "071")]


def test_food_and_vaccines_make_humanitarian_aid() -> None:
    sentence = "中国政府去年9月宣布，向阿富汗提供价值2亿元人民币的粮食、越冬物资、疫苗等紧急人道主义援助。"
    assert aid(sentence, "2022-03-31") == [("humanitarian", "073")]


def test_aid_with_an_unnamed_object_keeps_no_mode() -> None:
    assert aid("日本会尽早向乌克兰送出必要的物资。", "2022-03-10") == [(None, "070")]
