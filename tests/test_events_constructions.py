"""One test per construction the event coder reads, each on a real sentence from the samples or
the CCTV corpus.  Stories are built directly (no upstream stage): the coder's fallback lexicon
names the parties, and time expressions are given where the construction needs one."""

from __future__ import annotations

import opencc
import pytest

from zhevents.events import code_events, event_to_plover
from zhevents.records import Alignment, Event, Page, Story, TimeExpr

T2S = opencc.OpenCC("t2s")


def code(text: str, reference: str = "2022-04-27", times: list[tuple[str, str]] = (),
         keep_unreal: bool = True) -> list[Event]:
    norm = "".join(T2S.convert(ch) for ch in text)
    story = Story(id="p0-1", page_id="p0", seq=1, kind="article", text=text,
                  align=Alignment.identity(len(text)), norm=norm, norm_align=Alignment.identity(len(norm)),
                  reference_date=reference, reference_precision="day")
    for expr, date in times:
        i = norm.index(T2S.convert(expr))
        story.times.append(TimeExpr("p0-1", expr, i, i + len(expr), i, i + len(expr), date, precision="day"))
    page = Page(id="p0", source="test", doc="test.txt", text=text)
    code_events(story, page, keep_unreal=keep_unreal)
    for ev in story.events:  # evidence invariant: offsets index the page text
        assert page.text[ev.start:ev.end] and ev.start < ev.end <= len(page.text)
    return story.events


def find(events: list[Event], kind: str) -> Event:
    hits = [e for e in events if e.event == kind]
    assert hits, f"no {kind} in {[(e.event, e.trigger) for e in events]}"
    return hits[0]


def codes(actors: list) -> set[str | None]:
    return {a.code for a in actors}


def test_passive_inverts_roles() -> None:
    # sample 000: 街区遭到乌军队炮击 → the Ukrainian forces are the actor
    ev = find(code("俄国防部还称，部队早在3月30日就完全撤出布查，该镇北部方向出口未被封锁，"
                   "而南郊包括居民区在内的街区昼夜遭到乌军队炮击。"), "ASSAULT")
    assert codes(ev.actor) == {"UKR"} and ev.actor[0].sector == "MIL"
    assert ev.mode == "heavy-weapons"


def test_coordination_gives_actor_list() -> None:
    # sample 004 (traditional script): 美國和其他西方國家對俄實施制裁
    ev = find(code("普京説，美國和其他西方國家對俄實施制裁類似於宣戰。", "2022-03-06"), "SANCTION")
    assert codes(ev.actor) == {"USA", "IGO"}
    assert codes(ev.recipient) == {"RUS"}


def test_reported_speech_codes_speech_act_with_speaker_as_actor() -> None:
    # sample 000: 布林肯 via 法新社 accuses 普京
    events = code("另據法新社報導，美國國務卿布林肯當地時間週二表示，普京談及與烏克蘭談判以結束衝突時沒有表現出誠意。")
    ev = find(events, "ACCUSE")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"RUS"}
    assert [s.text for s in ev.attribution] == ["法新社"]
    assert event_to_plover(ev)["attribution"][0]["role"] == "agency"


def test_nested_attribution_innermost_first() -> None:
    # sample 000: 普京 (speaker) via 俄罗斯卫星通讯社 (agency), inside a quotation
    events = code("俄罗斯卫星通讯社报导，普京告诉古特雷斯：“我今天和土耳其总统通了电话，他说那里仍有军事行动。”")
    ev = find(events, "CONSULT")
    assert ev.mode == "phone"
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"TUR"}
    assert [s.text for s in ev.attribution] == ["普京", "俄罗斯卫星通讯社"]


def test_negation_aux_and_refusal() -> None:
    # CCTV: 俄军控制了…，但并没有控制整个城市 → the second control is negated
    events = code("乌克兰当地官员透露，俄军控制了北顿涅茨克的主要地区，但并没有控制整个城市。", "2022-06-01")
    assert any(e.event == "COERCE" and "negation" in e.aux for e in events)
    assert any(e.event == "COERCE" and not e.aux for e in events)
    # CCTV: 乌军表示不会投降 → negated intent to surrender is a REJECT, not a negated RETREAT
    ev = find(code("乌军表示不会投降。", "2022-06-09"), "REJECT")
    assert codes(ev.actor) == {"UKR"} and "negation" not in ev.aux
    # by default a negated act is not output as an event (the gold convention codes none)
    kept = code("乌克兰当地官员透露，俄军控制了北顿涅茨克的主要地区，但并没有控制整个城市。", "2022-06-01",
                keep_unreal=False)
    assert [e.aux for e in kept if e.event == "COERCE"] == [[]]


def test_relative_clause_visit() -> None:
    # CCTV: 到访土耳其的俄罗斯外长拉夫罗夫表示… → Lavrov (RUS) visits Turkey, and he is the speaker
    events = code("8日，到访土耳其的俄罗斯外长拉夫罗夫表示，对于俄乌总统会晤的可能性，"
                  "前提是必须恢复双方谈判团队的工作。", "2022-06-09", [("8日", "2022-06-08")])
    ev = find(events, "CONSULT")
    assert ev.mode == "visit" and codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"TUR"}
    assert ev.date == "2022-06-08"


def test_event_anaphora_points_back() -> None:
    # CCTV: 俄方谴责这些攻击活动 → the attacks of the previous clause were by the US
    events = code("俄罗斯外交部曾发表声明说，美国及其盟友组建的所谓“网络部队”对俄罗斯进行了每天上万次的网络攻击，"
                  "俄方谴责这些攻击活动相当于“公开的恐怖主义”。", "2022-06-02")
    assert codes(find(events, "COERCE").actor) >= {"USA"}
    assert codes(find(events, "ACCUSE").recipient) >= {"USA"}


def test_topic_phrase_gives_reaction_target() -> None:
    # CCTV: 对于欧盟委员会提议…，匈牙利总理欧尔班6日表示，不能接受 → REJECT HUN → EU
    ev = find(code("对于欧盟委员会提议今年年底前全面禁止进口俄罗斯石油，匈牙利总理欧尔班6日表示，不能接受。",
                   "2022-05-07", [("6日", "2022-05-06")]), "REJECT")
    assert codes(ev.actor) == {"HUN"} and codes(ev.recipient) == {"EUR"}


def test_future_aux() -> None:
    # CCTV: 美国政府方面称，将继续向乌克兰提供武器装备
    ev = find(code("6日，美国政府方面称，将继续向乌克兰提供武器装备。", "2022-05-07", [("6日", "2022-05-06")]), "AID")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"UKR"}
    assert ev.aux == ["future"]
    assert ev.date == "2022-05-06"


def test_hypothetical_aux() -> None:
    # sample 004: 一旦安全條件到位，烏方將…準備撤離平民
    ev = find(code("烏外交部強調，一旦安全條件到位，烏方將同人道主義組織一起準備撤離平民。", "2022-03-06"), "RETREAT")
    assert "hypothetical" in ev.aux and codes(ev.actor) == {"UKR"}


def test_in_principle_qualifier() -> None:
    # sample 000: 联合国指普京原则上同意由联合国协助撤走…平民
    ev = find(code("联合国指普京原则上同意由联合国协助撤走在乌克兰南部港口城市马里乌波尔亚速钢铁厂内的平民。"), "AGREE")
    assert ev.qualifier == "in principle"
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"UNO"}
    assert [s.text for s in ev.attribution] == ["联合国"]
    assert not [e for e in code("联合国指普京原则上同意由联合国协助撤走平民。") if e.event == "RETREAT"]


def test_relative_date_from_own_time_expression() -> None:
    # sample 000: in a story of 27 April, 部队早在3月30日就完全撤出布查 happened on 30 March
    ev = find(code("俄国防部还称，部队早在3月30日就完全撤出布查。", times=[("3月30日", "2022-03-30")]), "RETREAT")
    assert ev.date == "2022-03-30" and ev.date_precision == "day"
    assert codes(ev.actor) == {"RUS"} and ev.actor[0].sector == "MIL"  # 部队 of the speaking ministry
    assert "historical" not in ev.aux
    old = find(code("日本政府2014年4月通过新规，大幅放宽了对外输出军事装备和技术的限制。", "2022-03-06",
                    [("2014年4月", "2014-04-01")]), "CONCEDE")
    assert "historical" in old.aux


PAIR = "俄羅斯與烏克蘭的第二輪談判3日在白俄羅斯境內的別洛韋日森林舉行，雙方就建立人道主義通道達成諒解。"


@pytest.mark.parametrize("text", [PAIR])
def test_pronoun_resolves_within_story(text: str) -> None:
    # sample 004: 雙方 → Russia and Ukraine from the talks just mentioned
    events = code(text, "2022-03-06", [("3日", "2022-03-03")])
    consult = find(events, "CONSULT")
    assert codes(consult.actor) == {"RUS"} and codes(consult.recipient) == {"UKR"}
    agree = find(events, "AGREE")
    assert codes(agree.actor) | codes(agree.recipient) == {"RUS", "UKR"}
    assert agree.date == "2022-03-03"


def test_plover_shape() -> None:
    ev = find(code("俄罗斯总统普京当地时间周二与到访的联合国秘书长古特雷斯会面。"), "CONSULT")
    out = event_to_plover(ev)
    for key in ("id", "doc", "event", "mode", "quad_code", "cameo", "actor", "recipient", "date", "date_precision",
                "event_loc", "attribution", "aux", "qualifier", "teaser", "event_text", "text_info",
                "confidence", "coder", "context"):
        assert key in out
    assert out["id"] == "p0-1-e1" and out["quad_code"] == 1 and out["mode"] == "visit"
    assert set(out["actor"][0]) >= {"entity_text", "identifier_text", "wikidata_id", "code", "sector"}
    assert out["coder"].startswith("zhevents-coder ")


def test_empty_story_and_no_mentions_do_not_crash() -> None:
    assert code("") == []
    assert code("热门新闻") == []


def test_intent_to_cooperate_is_agree_with_the_partner() -> None:
    # CCTV 2022-06-15 readout: 中方愿同俄方推动双边务实合作行稳致远 (CAMEO 030, PLOVER AGREE)
    events = code("习近平指出，中方愿同俄方推动双边务实合作行稳致远。", "2022-06-15")
    ev = find(events, "AGREE")
    assert codes(ev.actor) == {"CHN"} and codes(ev.recipient) == {"RUS"}
    assert not [e for e in events if e.event == "COOPERATE"]  # 务实合作 is a noun inside the intent


def test_coordinated_predicates_restart_after_support() -> None:
    # same readout: 俄方支持…倡议，反对…，愿同中方加强多边协作 — three predicates of one subject
    events = code("普京表示，俄方支持中方提出的全球安全倡议，反对任何势力干涉中国内政，愿同中方加强多边协作。",
                  "2022-06-15")
    assert codes(find(events, "SUPPORT").recipient) == {"CHN"}
    assert codes(find(events, "AGREE").recipient) == {"CHN"}


def test_self_inclusive_exhortation_is_no_request() -> None:
    # CCTV 2022-02-17 readout: 中欧双方应该共同努力 / 各方应该… demand nothing of another party
    assert not [e for e in code("习近平指出，中欧双方应该共同努力，凝聚最大公约数。", "2022-02-16")
                if e.event == "REQUEST"]
    assert not [e for e in code("习近平强调，各方应该以负责任方式推动乌克兰危机得到妥善解决。", "2022-06-15")
                if e.event == "REQUEST"]
    # sample 004: 美方應當… is a demand on the other party
    assert codes(find(code("王毅表示，美方應當迴歸一箇中國原則的本義。", "2022-03-06"), "REQUEST").recipient) == {"USA"}


def test_call_during_which_a_statement_was_made_is_an_event() -> None:
    # CCTV 2022-05-04: 普京3日与法国总统马克龙通电话时表示，…
    ev = find(code("俄罗斯总统普京3日与法国总统马克龙通电话时表示，俄方仍对俄乌对话持开放态度。", "2022-05-04",
                   [("3日", "2022-05-03")]), "CONSULT")
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"FRA"} and ev.mode == "phone"


def test_headline_style_summary_line_is_not_prose() -> None:
    # CCTV 2022-05-04 video summary: clauses parted by a space, not a comma
    assert code("（2）美英称将再向乌提供军事支持 美拱火牟利遭批。", "2022-05-04") == []
