"""Error kinds of the sixth precision audit (bench/results/audit.md, round 6, seed 20240609), each on a real
CCTV sentence, with a real sentence that must stay as it was."""

from __future__ import annotations

from test_events_audit import code_linked
from test_events_constructions import codes


def parties(events: list, trigger: str) -> list[tuple[str, set[str], set[str]]]:
    return [(e.event, codes(e.actor), codes(e.recipient)) for e in events if e.trigger == trigger]


def test_verb_inside_the_subject_phrase_ends_it() -> None:
    # audit #8: 波方高度重视中国…，愿同中方一道 — Poland pledges to China; 高度重视 ends the subject phrase
    events = code_linked("波方高度重视中国的国际地位和作用，高度重视发展对华关系，愿同中方一道，推动双边经贸、物流、"
                         "互联互通等领域合作取得更多成果，欢迎更多中国企业赴波兰开展投资合作。", "2022-07-29")
    assert parties(events, "愿同") == [("AGREE", {"POL"}, {"CHN"})]
    # audit #29: 联名致函习近平主席，赞赏中国 — the addressee of the letter is no sender
    events = code_linked("尼加拉瓜总统奥尔特加和副总统穆里略联名致函习近平主席，赞赏中国"
                         "为人类文明作出的卓越贡献和发挥的"
                         "重要作用。", "2022-10-06")
    assert parties(events, "赞赏") == [("SUPPORT", {"NIC"}, {"CHN"})]


def test_coordinated_subject_without_a_verb_stays_one_phrase() -> None:
    events = code_linked("俄罗斯总统普京当天在与法国总统马克龙通话时表示，俄罗斯专家为确保"
                         "扎波罗热核电站的安全采取了一系列"
                         "措施。", "2022-09-12")
    assert parties(events, "通话") == [("CONSULT", {"RUS"}, {"FRA"})]


def test_compelled_party_is_the_subject_of_the_next_verb() -> None:
    # audit #43: 迫使第聂伯河左岸的俄军向内陆后撤 — the Russian forces retreat, compelled by the Ukrainian army
    events = code_linked("乌方称，乌军打击了俄军S-300和“道尔”防空导弹系统等目标，并迫使第聂伯河左岸的俄军向内陆后撤。",
                         "2022-11-15")
    assert parties(events, "后撤") == [("RETREAT", {"RUS"}, set())]
    assert parties(events, "打击") == [("ASSAULT", {"UKR"}, {"RUS"})]
    # 美国强迫欧洲放弃使用俄罗斯能源: Europe gives up Russian energy (the phrase ran across 强迫)
    events = code_linked("俄罗斯国家杜马主席沃洛金近日曾表示，美国强迫欧洲放弃使用俄罗斯"
                         "能源，自己却持续进口俄罗斯石油，"
                         "极其虚伪和双标。", "2022-06-08")
    assert [e.actor[0].entity_text for e in events if e.trigger == "放弃"] == ["欧洲"]


def test_compeller_stays_the_topic_after_the_pivot() -> None:
    # the clause after 迫使俄军撤退 is the compeller's again: what it repels stays as before the rule
    events = code_linked("乌克兰武装部队总参谋部28日称，乌军在哈尔科夫、斯拉维扬斯克、阿夫杰耶夫卡方向迫使俄军撤退，"
                         "还在巴赫穆特方向多次击退俄军进攻。", "2022-08-28")
    assert parties(events, "撤退") == [("RETREAT", {"RUS"}, set())]
    # the next sentence's dropped subject is the compeller (美国), not the compelled (其他国家)
    events = code_linked("文章指出，西方世界以外的很多国家在俄乌问题上的立场与美国并不一致，"
                         "不少国家认为国际社会应着眼于和谈，"
                         "而不是以冲突为契机来孤立和削弱俄罗斯。面对这样的情况，美国甚至采"
                         "用威胁的手段来迫使其他国家站队，"
                         "然而此举并未得到国际社会的响应，甚至遭到一些国家愤怒的回应。文章指出，美国应该回归现实，"
                         "否则将注定走向失败。", "2022-06-26")
    assert not [e for e in events if e.event == "REQUEST"]


def test_retreat_without_compulsion_stays() -> None:
    events = code_linked("此外一部分乌军从利西昌斯克撤退至顿涅茨克地区的谢韦尔斯克，并在该地点及其周边加强防守。",
                         "2022-07-04")
    assert parties(events, "撤退") == [("RETREAT", {"UKR"}, set())]


def test_counted_noun_with_a_relative_clause_is_no_act() -> None:
    # audit #14: 摧毁了…的一处为乌军提供燃料的储油库 — the depot that fuels the Ukrainian army; no aid
    events = code_linked("俄军还摧毁了第聂伯罗彼得罗夫斯克州的一处为乌军提供燃料的储油库。", "2022-08-28")
    assert [(e.event, codes(e.actor), codes(e.recipient)) for e in events] == [("ASSAULT", {"RUS"}, {"UKR"})]


def test_counted_subject_keeps_its_verb() -> None:
    # 八个党派中有六个同意: the counted parties agree themselves (no verb before the count)
    events = code_linked("瑞典议会八个党派中有六个同意报告的内容。", "2022-06-30")
    assert [e.trigger for e in events] == ["同意"]
    events = code_linked("美国国防部28日宣布，向乌克兰提供新一批价值约11亿美元的武器和物"
                         "资，包括“海马斯”多管火箭炮系统、"
                         "雷达等。", "2022-09-29")
    assert parties(events, "提供") == [("AID", {"USA"}, {"UKR"})]


def test_weapons_supplied_to_a_party_are_that_partys() -> None:
    # 摧毁了美国提供给乌克兰的“鱼叉”: Ukraine's weapons are hit (was: the USA), no AID by the Russian army
    events = code_linked("俄罗斯国防部20日称，俄军在敖德萨摧毁了美国提供给乌克兰的“鱼叉”反舰导弹系统，"
                         "打击了乌克兰多个指挥所和弹药库。", "2022-07-20")
    assert parties(events, "摧毁") == [("ASSAULT", {"RUS"}, {"UKR"})]
    assert not [e for e in events if e.event == "AID"]


def test_supply_to_a_party_as_a_verb_stays() -> None:
    events = code_linked("美国国防部部长奥斯汀20日说，美国计划再向乌克兰提供4套“海马斯”多管火箭炮系统。", "2022-07-21")
    assert parties(events, "提供") == [("AID", {"USA"}, {"UKR"})]
