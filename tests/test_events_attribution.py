"""Attribution scoping and the roles of reported battlefield claims, on the samples' real sentences
run through the real pipeline (``tests/events_pipeline.py``)."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_pipeline import SHARED, run_sample
from zhevents.records import Event, Page

pytestmark = pytest.mark.skipif(not (SHARED / "samples").is_dir(), reason="needs ../shared/samples")

S000 = "000_202d6752c14345d9.txt"
S004 = "004_807478d756e0f648.txt"


@lru_cache(maxsize=2)
def _page(doc: str) -> Page:
    return run_sample(doc)


def _events_in(doc: str, sentence_part: str) -> list[Event]:
    page = _page(doc)
    return [e for s in page.stories for e in s.events if sentence_part in e.event_text]


def _sources(ev: Event) -> list[str]:
    return [s.text for s in ev.attribution]


def test_speaker_frame_replaces_earlier_paragraphs_chains() -> None:
    # 在古特雷斯与普京会晤后,联合国发言人杜贾里奇表示,… : only the spokesman frames the clause; the
    # quotes of 普京 and the reports of 路透社 / 俄罗斯卫星通讯社 in earlier paragraphs do not
    ev = next(e for e in _events_in(S000, "联合国人道事务协调厅将与俄罗斯国防部") if e.event == "CONSULT")
    assert _sources(ev) == ["联合国发言人杜贾里奇"]


def test_unframed_paragraph_has_no_attribution() -> None:
    # 普京又在会面中,批评乌克兰一方阻碍和谈: the page itself tells it; no carried speaker
    ev = next(e for e in _events_in(S000, "批评乌克兰一方阻碍和谈") if e.event == "ACCUSE")
    assert _sources(ev) == []


def test_report_frame_and_speaker_nest_in_one_sentence() -> None:
    # 另据法新社报导,美国国务卿布林肯…表示: speaker then agency, innermost first
    ev = next(e for e in _events_in(S000, "另据法新社报导") if e.event == "CONSULT")
    assert _sources(ev) == ["美国国务卿布林肯", "法新社"]


def test_quote_inside_report_keeps_speaker_and_agency() -> None:
    # 俄罗斯卫星通讯社报导,普京告诉古特雷斯:“…我今天和土耳其总统通了电话…”
    ev = next(e for e in _events_in(S000, "我今天和土耳其总统通了电话") if e.event == "CONSULT")
    assert _sources(ev) == ["普京", "俄罗斯卫星通讯社"]


def test_shelling_claimed_by_ministry_has_the_shelling_army_as_actor() -> None:
    # 烏外交部…發表聲明説,俄軍當天…繼續炮擊馬裏烏波爾: the actor is 俄军, the ministry the source
    ev = next(e for e in _events_in(S004, "繼續炮擊馬裏烏波爾") if e.event == "ASSAULT")
    assert [(a.code, a.sector) for a in ev.actor] == [("RUS", "MIL")]
    assert _sources(ev) == ["乌外交部"]


def test_passive_with_place_pronoun_agent() -> None:
    # 俄武裝力量陣地曾受到來自這兩地的火力襲擊: 这两地 = 马里乌波尔 and 沃尔诺瓦哈 (Ukraine) of the
    # sentence before; the Russian positions are the recipient; 他 (米津採夫) is the source
    ev = next(e for e in _events_in(S004, "受到來自這兩地的火力襲擊") if e.event == "ASSAULT")
    assert {a.code for a in ev.actor} == {"UKR"}
    assert {a.code for a in ev.recipient} == {"RUS"}
    assert ev.date == "2022-03-05"
    assert _sources(ev) == ["米津采夫"]
