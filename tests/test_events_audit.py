"""Constructions behind the most frequent errors of the precision audit (bench/results/audit.md),
each on the real CCTV sentence the audit judged (tests/fixtures/events/audit_sample.jsonl)."""

from __future__ import annotations

import opencc

from test_events_constructions import code, codes, find
from zhevents.entities import annotate_entities
from zhevents.events import code_events
from zhevents.records import Alignment, Event, Page, Story

T2S = opencc.OpenCC("t2s")


def code_linked(text: str, reference: str) -> list[Event]:
    """Code one sentence after the entity stage (places such as 哈尔科夫 come from the gazetteer)."""
    norm = T2S.convert(text)
    story = Story(id="p0-1", page_id="p0", seq=1, kind="article", text=text,
                  align=Alignment.identity(len(text)), norm=norm, norm_align=Alignment.identity(len(norm)),
                  reference_date=reference, reference_precision="day")
    page = Page(id="p0", source="test", doc="test.txt", text=text)
    annotate_entities(story, page)
    return code_events(story, page).events


def test_repelled_attack_is_the_attackers_act() -> None:
    # audit #5: 乌军…击退俄军进攻 — the attack is Russia's, against the Ukrainian forces (gold E03-01)
    events = code("乌方称，乌军打击了南部赫尔松州的一个俄军据点，并在斯拉维扬斯克、克拉马托尔斯克、巴赫穆特等方向"
                  "击退俄军进攻。", "2022-08-20")
    repel = [e for e in events if e.trigger == "击退"]
    assert len(repel) == 1 and codes(repel[0].actor) == {"RUS"} and codes(repel[0].recipient) == {"UKR"}
    assert not any(e.trigger == "进攻" for e in events)  # the noun 进攻 is the repel verb's object
    strike = next(e for e in events if e.trigger == "打击")
    assert codes(strike.actor) == {"UKR"} and codes(strike.recipient) == {"RUS"}


def test_repelled_attack_with_places_between() -> None:
    # 击退了俄军在卢甘斯克和顿涅茨克多地的攻击: the attacker precedes the places
    events = code("乌克兰方面20日称，乌军击退了俄军在卢甘斯克和顿涅茨克多地的攻击，并打击了俄军装备集中区和"
                  "防空导弹系统阵地等。", "2022-12-20")
    repel = next(e for e in events if e.trigger == "击退")
    assert codes(repel.actor) == {"RUS"} and codes(repel.recipient) == {"UKR"}


def test_request_word_after_preposition_is_a_noun() -> None:
    # audit #12 and #50: 按照俄方要求 / 应美方要求 name a request, they report none
    assert not [e for e in code("匈牙利总理办公室方面1日透露，已有包括匈牙利在内的10个欧盟国家开设银行账户，"
                                "将按照俄方要求使用卢布结算天然气费用。", "2022-05-01") if e.event == "REQUEST"]
    events = code("俄外交部29日说，应美方要求，俄外长拉夫罗夫当天与美国务卿布林肯通电话。", "2022-07-29")
    assert [e.event for e in events] == ["CONSULT"]


def test_request_noun_object_of_dui_before_light_verb() -> None:
    # audit #63: 对国际原子能机构的建议进行研究 — 进行 governs 研究, 建议 is the object of 对
    events = code("同一天，在联合国安理会会议上，俄方代表称，会对国际原子能机构的建议进行研究。", "2022-09-06")
    assert not [e for e in events if e.event == "REQUEST"]


def test_verb_with_place_before_de_modifies_the_object() -> None:
    # audit #9: 打击了部署在巴赫穆特…的乌军人员 — no deployment, and the Ukrainian forces are the target
    events = code("俄罗斯国防部28日称，俄空天军发射高精度武器打击了部署在巴赫穆特、赫尔松州等地的乌军人员和装备。",
                  "2022-07-28")
    assert [e.event for e in events] == ["ASSAULT"]
    assert codes(events[0].recipient) == {"UKR"}


def test_locative_phrase_closed_by_de_keeps_the_object() -> None:
    # audit #79: 打击了位于赫尔松州的一个俄军雷达站 → recipient Russia
    ev = find(code("有乌克兰媒体报道说，乌军打击了位于赫尔松州的一个俄军雷达站。", "2022-07-20"), "ASSAULT")
    assert codes(ev.actor) == {"UKR"} and codes(ev.recipient) == {"RUS"}


def test_supplier_of_destroyed_weapons_is_no_target() -> None:
    # audit #37: 摧毁了上百枚美国提供的“海马斯”火箭弹 — the USA is not attacked
    events = code("俄罗斯国防部27日称，俄军继续打击第聂伯罗彼得罗夫斯克、尼古拉耶夫等地的乌军武器弹药库、指挥所等"
                  "军事目标，摧毁了上百枚美国提供的“海马斯”火箭弹。", "2022-07-27")
    assert all("USA" not in codes(e.recipient) for e in events)
    assert codes(find(events, "ASSAULT").recipient) == {"UKR"}


def test_party_supplied_keeps_the_weapons() -> None:
    # audit #6: 打击了西方国家向乌克兰提供的武器 — the weapons are Ukraine's, Ukraine is the target
    ev = find(code("俄罗斯国防部15日表示，俄军在乌克兰境内多地打击了西方国家向乌克兰提供的武器。", "2022-06-15"),
              "ASSAULT")
    assert codes(ev.recipient) == {"UKR"}


def test_proposer_of_supported_initiative_stays_recipient() -> None:
    # the supplier rule is for supply verbs only: 支持中方提出的全球安全倡议 is support for China
    ev = find(code("俄方支持中方提出的全球安全倡议。", "2022-06-15"), "SUPPORT")
    assert codes(ev.recipient) == {"CHN"}


def test_outcome_of_a_strike_in_the_same_sentence_is_one_act() -> None:
    # audit #34: 继续对…乌军目标进行打击，摧毁了部分“海马斯”火箭炮系统 — one ASSAULT
    events = code("俄罗斯国防部6日表示，俄军继续对顿涅茨克等地的乌军目标进行打击，摧毁了部分“海马斯”火箭炮系统。",
                  "2022-07-06")
    assert [e.event for e in events] == ["ASSAULT"]
    assert codes(events[0].recipient) == {"UKR"}


def test_strike_at_a_new_place_stays_a_new_act() -> None:
    # 并在哈尔科夫打击了乌军工企业: another place in the same sentence is another act
    events = code_linked("俄罗斯国防部表示，俄军使用高精度导弹摧毁了乌克兰第聂伯罗一座军用机场的航空设备，"
                         "并在哈尔科夫打击了乌军工企业的生产设施。", "2022-06-10")
    assert len([e for e in events if e.event == "ASSAULT"]) == 2


def test_following_verb_ends_the_subject_phrase() -> None:
    # audit #70: 欧洲追随美国对俄施加制裁 — Europe sanctions Russia
    ev = find(code("国际人士指出，欧洲追随美国对俄施加制裁，自身却受到能源危机加剧的影响。", "2022-12-02"), "SANCTION")
    assert codes(ev.actor) == {"EUR"} and codes(ev.recipient) == {"RUS"}


def test_controlling_verb_ends_the_accused_phrase() -> None:
    # audit #2: 是美国企图操控北约以控制欧洲、维持其世界霸权 — the allegation targets the USA
    ev = find(code("分析人士指出，乌克兰危机一步步走到今天，追根溯源，是美国企图操控北约以控制欧洲、维持其世界霸权。",
                   "2022-04-30"), "ACCUSE")
    assert codes(ev.recipient) == {"USA"}


def test_cooperation_pattern_noun_is_no_event() -> None:
    # audit #28: 合作格局不断深化 describes relations
    events = code("双方战略互信日益巩固，政治、经济、人文、海上合作“四轮驱动”合作格局不断深化。", "2022-07-26")
    assert not [e for e in events if e.event == "COOPERATE"]


def test_noun_head_wins_over_a_later_light_verb() -> None:
    # audit 20240602 #21: 对…武器装备集结点进行了打击 — 集结点 is the object of 打击, no MOBILIZE
    events = code("乌克兰方面称，乌军对多个俄军指挥所、人员和武器装备集结点进行了打击。", "2022-11-27")
    assert [e.event for e in events] == ["ASSAULT"]
    assert codes(events[0].actor) == {"UKR"} and codes(events[0].recipient) == {"RUS"}


def test_noun_head_before_shishi_light_verb() -> None:
    # audit 20240602 #40: …集结点等实施打击 (实施 as the light verb, after a repel clause)
    events = code("乌方同一天称，乌军在顿涅茨克地区索列达尔等地击退了俄军的进攻，并对俄军人员和军事装备集结点等"
                  "实施打击。", "2022-09-26")
    assert not [e for e in events if e.event == "MOBILIZE"]
    assert [e.trigger for e in events] == ["击退", "打击"]


def test_mutual_accusation_is_no_attack() -> None:
    # audit 20240602 #68: 互相指责对方袭击 — the attack is what each side alleges
    events = code("俄罗斯和乌克兰8日继续互相指责对方袭击扎波罗热核电站。", "2022-08-09")
    assert [e.event for e in events] == ["ACCUSE"]
    assert codes(events[0].actor) == {"RUS", "UKR"}


def test_accusation_of_the_other_side_after_statements() -> None:
    # audit 20240602 #17: 均发表声明，再次指责对方发动袭击
    events = code("针对扎波罗热核电站5日遭炮击一事，俄罗斯国防部与乌克兰国家核能公司6日均发表声明，"
                  "再次指责对方发动袭击。", "2022-08-07")
    assert not [e for e in events if e.event == "ASSAULT"]


def test_named_accused_keeps_its_content() -> None:
    # without a reciprocal object the rule does not apply: a named party's act stays as coded before
    events = code("俄方指责乌军炮击扎波罗热核电站。", "2022-08-07")
    assert "ACCUSE" in [e.event for e in events]


def test_denial_of_a_claim_is_no_event() -> None:
    # audit 20240602 #27: 否认俄方指控 is a denial of responsibility; the counter-claim stays
    events = code("乌克兰方面否认俄方指控，并称是俄方实施了相关炮击。", "2022-08-16")
    assert not [e for e in events if e.event == "REJECT"]
    strike = find(events, "ASSAULT")
    assert codes(strike.actor) == {"RUS"}


def test_negation_scopes_over_a_prepositional_phrase() -> None:
    # audit 20240602 #34: 尚未与土耳其和俄罗斯就…达成协议 (尚未 is more than three tokens before)
    events = code("乌克兰外交部7日表示，乌克兰尚未与土耳其和俄罗斯就解除乌港口封锁达成协议，"
                  "乌方拒绝任何忽视乌方利益的协议。", "2022-06-08")
    agree = find(events, "AGREE")
    assert "negation" in agree.aux
    assert "AGREE" not in [e.event for e in code_linked(
        "乌克兰外交部7日表示，乌克兰尚未与土耳其和俄罗斯就解除乌港口封锁达成协议。", "2022-06-08")]


def test_subject_phrase_ends_at_an_adverb_and_aspect() -> None:
    # audit 20240602 #13/#48: 俄军还突破了乌克兰的防线，控制了两个要地 — the actor is Russia alone
    events = code("在卢甘斯克地区，俄军还突破了乌克兰的防线，控制了两个要地，从南部封锁了利西昌斯克。", "2022-06-25")
    assert events and all(codes(e.actor) == {"RUS"} for e in events)


def test_subject_phrase_ends_before_a_counted_object() -> None:
    # audit 20240602 #43: 乌军拦截数十枚俄方导弹，并打击俄军… — 俄方 belongs to the object of 拦截
    events = code("乌方称，乌军拦截数十枚俄方导弹，并打击俄军武器装备集结点、防空阵地等。", "2022-11-01")
    strike = find(events, "ASSAULT")
    assert codes(strike.actor) == {"UKR"} and codes(strike.recipient) == {"RUS"}


def test_generic_anyone_warning_is_conditional() -> None:
    # audit 20240602 #59/#76: 任何人想…，都违背…，中国人民都绝不会答应 — a conditional warning, no event
    events = code("任何人想把台湾从中国分裂出去，都违背中国的民族大义，中国人民都绝不会答应！", "2022-11-15")
    assert events and all("hypothetical" in e.aux for e in events)
    assert not code_linked("任何人想把台湾从中国分裂出去，都违背中国的民族大义，中国人民都绝不会答应！", "2022-11-15")
