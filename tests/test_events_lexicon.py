"""The event lexicon's data files: every row traceable, every trigger typed and flagged from the known
vocabulary, all sixteen PLOVER types covered."""

from __future__ import annotations

import pytest

from zhevents.events import lexicon as lex

PLOVER_TYPES = set(lex.QUAD)


def rows(name: str) -> list[dict[str, str]]:
    return lex._rows(name)


@pytest.mark.parametrize("name", ["triggers.tsv", "cues.tsv", "text_cues.tsv", "phrase_breaks.tsv", "actors.tsv"])
def test_every_row_has_a_source(name: str) -> None:
    table = rows(name)
    assert table
    assert [r for r in table if not r.get("source")] == []


def test_triggers_are_typed_framed_and_flagged_from_the_vocabulary() -> None:
    for r in rows("triggers.tsv"):
        assert r["event"] in PLOVER_TYPES, r["trigger"]
        assert r["frame"] in {"act", "meet", "speech", "content"}, r["trigger"]
        assert set(filter(None, r["flags"].split(","))) <= lex.TRIGGER_FLAGS.keys(), r["trigger"]
        assert r["example"], r["trigger"]


def test_all_sixteen_plover_types_have_triggers() -> None:
    assert {t.event for t in lex.lexicon().triggers.values()} == PLOVER_TYPES
    assert len(PLOVER_TYPES) == 16


def test_an_unknown_flag_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    good = rows("triggers.tsv")
    bad = dict(good[0], flags="absorb,typo")
    monkeypatch.setattr(lex, "_rows", lambda name: [bad] if name == "triggers.tsv" else good)
    with pytest.raises(ValueError, match="typo"):
        lex._load_triggers()

