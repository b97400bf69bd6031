"""Short state forms inside other words, found by reviewing CCTV output: each real phrase must not
yield the state, and the real name next to it still must."""

from __future__ import annotations

import pytest

from zhevents.entities import find_entities


def codes(text: str) -> set[str | None]:
    return {h.code for h in find_entities(text)}


@pytest.mark.parametrize(("text", "wrong"), [
    ("乌军方正在制定夺回南部沿海地区的计划", "HTI"),
    ("里海地区局势", "HTI"),
    ("美国发布新国家安全战略", "SGP"),
    ("保护本土国家安全", "TUR"),
    ("十九届中央委员会候补委员马国强", "MYS"),
])
def test_short_form_inside_another_word(text: str, wrong: str) -> None:
    assert wrong not in codes(text)


def test_the_real_names_still_match() -> None:
    assert "HTI" in codes("海地总统")
    assert "SGP" in codes("新国总理李显龙")
    assert "MYS" in codes("大马首相")


def test_allies_are_a_group() -> None:
    assert codes("美国及其盟友") == {"USA", "IGO"}


def test_whole_army_is_no_party() -> None:
    assert not find_entities("团结带领全党全军全国各族人民")
