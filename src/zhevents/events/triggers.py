"""Trigger selection: which lexicon matches in a clause are event predicates."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from zhevents.events.lexicon import QUAD, Token, Trigger, lexicon, phrase_breaks, text_words

SPEECH_ACT_EVENTS = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT"}


def is_relative(tok: Token, text: str, end_of_object: int) -> bool:
    """``到访的古特雷斯`` / ``到访土耳其的拉夫罗夫``: the verb modifies a following noun."""
    return end_of_object < len(text) and text[end_of_object] == "的"


def candidates(tokens: list[Token]) -> list[tuple[int, Token]]:
    """Trigger tokens with their index, skipping those inside an absorbing trigger's complement."""
    out: list[tuple[int, Token]] = []
    absorbed = False
    for i, tok in enumerate(tokens):
        if tok.trigger is None:
            continue
        if not absorbed:
            out.append((i, tok))
        if "absorb" in tok.trigger.flags:
            absorbed = True
    return out


def is_noun_use(tokens: list[Token], idx: int, text: str, clause_start: int) -> bool:
    """A trigger word used as a noun (这一要求, 第三轮谈判, 会晤共识, 通过谈判解决, 应对制裁):
    not an event of its own unless a light verb (举行, 进行) makes it one."""
    tok = tokens[idx]
    after = text[tok.end:]
    if tok.trigger is not None and "harm" in tok.trigger.flags:
        return not _caused_harm(tok, text)  # 对全球经济造成了严重影响: the harm a party is blamed for
    if _alleged_conduct(tok, text):
        return False  # 美国持续拱火的意图非常明显 / 挑动冲突的做法: the allegation stands as a modifier
    if _object_of_preposition(tokens, idx, text):
        return True  # 按照俄方要求 / 应美方要求 / 对国际原子能机构的建议进行研究
    if is_relative_modifier(tokens, idx, text):
        return True  # 打击了部署在巴赫穆特的乌军: the verb describes the object's head noun
    if _so_called(tok, text):
        return True  # 所谓的“俄罗斯威胁”: a phrase the speaker quotes to dispute it, no act
    if _reaction_topic(tokens, idx, text):
        return True  # 对俄方捐赠化肥表示感谢: the act is what the reaction is about, not told here
    if _named_as_cause(tokens, idx, text):
        return True  # 核电站5号机组今天因炮击而关闭: a cause, with nobody named as its agent
    if _pledge_relative(tokens, idx, text):
        return True  # 美国承诺向乌克兰提供的90门M777…运抵: the pledge describes the howitzers
    if _content_relative(tokens, idx, text) or _purpose_relative(tokens, idx, text):
        return True  # 制定夺回南部沿海地区的计划 / 举行反对加入北约的抗议活动: a plan's or protest's content
    if _figurative_blow(tokens, idx, text):
        return True  # 对欧洲经济构成打击: a blow something constitutes is no use of force
    if _judged_topic(tok, text):
        return True  # 芬兰放弃军事中立政策是一个错误: the act judged is the judgment's topic
    if DURATION_RELATIVE.match(text, tok.end):
        return True  # 该市围困多天的亚速钢铁厂: a verb with a duration before 的 describes the noun after it
    if _pair_compound(tokens, idx, text):
        return True  # 中德合作务实开放: the relation of a pair of states, not an act
    if _relation_noun(tokens, idx, text):
        return True  # 彼此合作是互利共赢的 / 印尼和中国的良好合作体现了…: the relation, not an act
    if _after_light_verb(tokens, idx):
        return False
    if any("light" in t.kinds for t in tokens[idx + 1:]):
        # 对…集结点进行打击: a noun head right after the word makes it a noun whatever verb follows;
        # a time head (谈判时/会谈后…举行) keeps it a verb of its own clause
        return _noun_headed(after) and not _time_headed(after)
    talks = tok.trigger is not None and tok.trigger.frame == "meet"
    close = next((c for c in (("之后", "时", "后") if talks else ("时",)) if after.startswith(c)), None)
    if close and any(after[len(close):].startswith(w) for w in lexicon().cue_words("speech")):
        return False  # 与马克龙通电话时表示 / 与俄方代表磋商后宣布 (talks only): it happened, then the speech
    if _after_passive(tokens, idx):
        return False  # 受到来自这两地的火力袭击: the noun after a passive marker is the act suffered
    if after[:1] == "的" and (received_from(tokens, idx, text) >= 0 or _supplied_to_named(tokens, idx)):
        return False  # 乌方已收到了美国提供的… / 俄罗斯向白俄罗斯交付的S-400…: the delivery is told
    if text[tok.start - 1:tok.start] == "的" or after[:1] in ("的",) or _modified_head(tokens, idx, text):
        return True
    if _conjoined_noun(tokens, idx, text):
        return True  # 北约持续的污蔑和威胁: the second head of a noun phrase after 的 is a noun too
    # 务实合作, 战略协作: a trigger after a modifier noun is a noun (两国经贸合作稳步推进)
    left = text[max(0, tok.start - 3):tok.start]
    if any(left.endswith(m) for m in lexicon().cue_words("noun_modifier")):
        return True
    if _noun_headed(after):
        return True
    prev = tokens[idx - 1] if idx > 0 else None
    if prev is not None and tok.start - prev.end <= 2:
        counted = _count_adverb(prev, tok, tokens, idx, text)
        if prev.kinds & {"determiner", "governing"} and tok.start - prev.end == 0 and not counted:
            return True
        if "means" in prev.kinds or "governing" in prev.kinds:
            return True
    # 谈判不可能一帆风顺: a bare verbal noun opening the clause is its topic; but a verb
    # with its object right after it (…，批评乌克兰一方阻碍和谈) is a verb with a dropped subject
    verbal = tok.trigger is not None and "verbal" in tok.trigger.flags
    nxt = tokens[idx + 1] if idx + 1 < len(tokens) else None
    has_object = nxt is not None and nxt.start == tok.end and bool(nxt.kinds & {"actor", "sector"})
    return verbal and tok.start == clause_start and after[:1] not in "了过着" and not has_object


def _count_adverb(prev: Token, tok: Token, tokens: list[Token], idx: int, text: str) -> bool:
    """俄方再次炮击了…, 乌军多次击退俄军进攻: 次 closing 再次/多次 says how often the verb's act happened;
    多次/数次 before a word with no aspect and no object count a noun (击退了俄军的数次进攻)."""
    if any(text.endswith(w, 0, prev.end) for w in text_words("count_adverb")):
        return True
    if not any(text.endswith(w, 0, prev.end) for w in text_words("count_either")):
        return False
    nxt = tokens[idx + 1] if idx + 1 < len(tokens) else None
    return text[tok.end:tok.end + 1] in ("了", "过") or (nxt is not None and nxt.start == tok.end
                                                        and "actor" in nxt.kinds)


# a duration right after the verb and closed by 的 (围困多天的, 持续了三个月的)
DURATION_RELATIVE = re.compile(r"了?[0-9一二两三四五六七八九十百多数几]+个?(?:天|日|周|星期|月|年|小时)的")
# relations of two states named by a compound of their short forms (中德合作, 美中合作)
PAIR_RELATION_EVENTS = frozenset({"COOPERATE"})
COPULA = "是"


def _pair_compound(tokens: list[Token], idx: int, text: str) -> bool:
    """中德合作 / 美中合作不仅有利于两国人民: two state short forms written together right before
    the word make it the head of a compound noun (the pair's cooperation), the topic of a comment."""
    tok = tokens[idx]
    if tok.trigger is None or tok.trigger.event not in PAIR_RELATION_EVENTS or idx < 2:
        return False
    first, second = tokens[idx - 2], tokens[idx - 1]
    return (first.end == second.start and second.end == tok.start
            and all(t.actor is not None and t.actor.type in SHORT_FORMS for t in (first, second)))


MODIFIER_SPAN = 4  # characters of adjectives between 的 and a head noun (的庄严政治承诺)


def _relation_noun(tokens: list[Token], idx: int, text: str) -> bool:
    """彼此合作是互利共赢的 / 美英澳核潜艇合作是…行径 / 印尼和中国的良好合作体现了…: a cooperation word
    before the copula is its topic, and one after 的 and a few adjectives (no party, no verb between)
    is a noun head; both describe a relation, not an act."""
    tok = tokens[idx]
    if tok.trigger is None or tok.trigger.event not in PAIR_RELATION_EVENTS:
        return False
    if text.startswith(COPULA, tok.end):
        return True
    de = text.rfind("的", max(0, tok.start - MODIFIER_SPAN - 1), tok.start)
    if de < 0 or not all("\u4e00" <= ch <= "\u9fff" for ch in text[de + 1:tok.start]):
        return False
    return not any(t.start > de and (t.actor is not None or t.trigger is not None) for t in tokens[:idx])
PHRASE_END = set("，,。；;！？!?、”")


def _modified_head(tokens: list[Token], idx: int, text: str) -> bool:
    """这是中国共产党的庄严政治承诺，: after the copula, a word after 的 and a few modifier words that
    ends its phrase is the head of a predicate noun (what something is), not an act.  The modifiers
    name no party and hold no verb; 作出…的最严厉回应 (no copula) stays an act."""
    tok = tokens[idx]
    if text[tok.end:tok.end + 1] not in PHRASE_END and tok.end < len(text):
        return False
    de = text.rfind("的", max(0, tok.start - MODIFIER_SPAN - 1), tok.start)
    if de < 0 or not all("\u4e00" <= ch <= "\u9fff" for ch in text[de + 1:tok.start]):
        return False
    if any((t.actor is not None and t.actor.code) or t.trigger is not None for t in tokens[:idx] if t.start > de):
        return False
    clause = max(text.rfind(p, 0, de) for p in PHRASE_END)
    return any(w in text[clause + 1:de] for w in phrase_breaks().get("copula", ()))


def _pledge_relative(tokens: list[Token], idx: int, text: str) -> bool:
    """承诺向乌克兰提供的90门M777榴弹炮 / 承诺提供的援助: a verb whose complement is a supply verb closed
    by 的 (with at most a 向/给/为 phrase between) is inside a relative clause on the supplied noun.
    支持联合国提供的援助 keeps its own object: a party right after the verb is the supplier."""
    tok = tokens[idx]
    if tok.trigger is None or "absorb" not in tok.trigger.flags:
        return False
    stop = phrase_stop(text, tok.end)
    pos = min((p for v in lexicon().cue_words("supplier_verb") if (p := text.find(v + "的", tok.end, stop)) >= 0),
              default=-1)
    if pos < 0:
        return False
    between = [t for t in tokens[idx + 1:] if t.end <= pos]
    return not between or "to" in between[0].kinds


CONTENT_SPAN = 15  # characters from the verb to the 的 of its relative clause


# verbs that take a plan or proposal as their object rather than naming its content
PLAN_TAKING_EVENTS = frozenset({"AGREE", "SUPPORT", "REJECT"})


def _alleged_conduct(tok: Token, text: str) -> bool:
    """An allegation word (content frame, ACCUSE) in a relative clause on a conduct head (意图, 做法, 工具)
    still alleges: 持续拱火的意图非常明显 says the target stokes the conflict, and 是美国编造出来用以谋求
    自身利益的工具 that the USA made it up."""
    trig = tok.trigger
    if trig is None or trig.frame != "content" or trig.event != "ACCUSE":
        return False
    de = _de_after(tok, text)
    return de >= 0 and any(text.startswith(h, de + 1) for h in text_words("conduct_head"))


def _relative_de(tokens: list[Token], idx: int, text: str) -> int:
    """The 的 closing the verb's relative clause (within the clause, no other verb or speech word
    before it), or -1."""
    tok = tokens[idx]
    de = _de_after(tok, text)
    if de < 0:
        return -1
    if any(t.trigger is not None or "speech" in t.kinds for t in tokens[idx + 1:] if t.start < de):
        return -1
    return de


def _de_after(tok: Token, text: str) -> int:
    """The first 的 after the verb within its clause (at most ``CONTENT_SPAN`` characters), or -1."""
    return text.find("的", tok.end, phrase_stop(text, tok.end, span=CONTENT_SPAN))


def phrase_stop(text: str, start: int, stops: Collection[str] | None = None, span: int | None = None) -> int:
    """Where the phrase from ``start`` ends: its first stop character (``PLACE_GAP_STOP`` by default), else
    ``span`` characters on (when given) or the text's end."""
    stops = PLACE_GAP_STOP if stops is None else stops
    limit = len(text) if span is None else min(len(text), start + span)
    return next((i for i in range(start, limit) if text[i] in stops), limit)


def _content_relative(tokens: list[Token], idx: int, text: str) -> bool:
    """夺回南部沿海地区的计划 / 向乌克兰提供武器的可能: the verb and its object, closed by 的 before
    a head such as 计划/方案/企图/可能, name the content of that noun; nothing is done.  The 的 must
    follow within the clause with no other verb or speech word between."""
    tok = tokens[idx]
    if tok.trigger is not None and tok.trigger.event in PLAN_TAKING_EVENTS:
        return False  # 不准备同意…的计划: accepting or backing a plan takes the plan as object
    de = _relative_de(tokens, idx, text)
    return de >= 0 and any(text.startswith(h, de + 1) for h in text_words("content_head"))


def _purpose_relative(tokens: list[Token], idx: int, text: str) -> bool:
    """举行反对加入北约的抗议活动: a verb closed by 的 before a protest noun states what the protest is
    for; the protest is the event, the opposing is no act of its own (whatever the verb's type)."""
    de = _relative_de(tokens, idx, text)
    return de >= 0 and any(text.startswith(h, de + 1) for h in text_words("purpose_head"))


FIGURATIVE_EVENTS = frozenset({"ASSAULT"})
EFFECT_GAP = 2  # characters between an effect verb and the blow (构成了, 造成沉重)


def _figurative_blow(tokens: list[Token], idx: int, text: str) -> bool:
    """对欧洲经济构成打击 / 造成沉重打击: a force word as the object of an effect verb (构成, 造成, 带来)
    names a harm done to something, not an attack by anyone."""
    tok = tokens[idx]
    if tok.trigger is None or tok.trigger.event not in FIGURATIVE_EVENTS:
        return False
    left = text[max(0, tok.start - EFFECT_GAP - 2):tok.start]
    return any(v in left and not any(ch in PLACE_GAP_STOP for ch in left[left.rfind(v):])
               for v in text_words("effect_verb"))


def _caused_harm(tok: Token, text: str) -> bool:
    """A harm word right after an effect verb (造成了严重影响, 带来严重冲击), or one holding its own
    (构成打击): the harm something did, which the speaker blames on its cause."""
    if tok.text.startswith(tuple(text_words("effect_verb"))):
        return True
    left = text[max(0, tok.start - EFFECT_GAP - 2):tok.start].rstrip("了")
    return left.endswith(tuple(text_words("effect_verb")))


JUDGMENT_COPULA = re.compile(r"是(?:一个|一种|个)?")


def _judged_topic(tok: Token, text: str) -> bool:
    """芬兰放弃军事中立政策是一个错误: a verb whose clause goes on to 是 + a judgment noun is the topic
    the speaker judges (the judgment word codes the disapproval), not an act reported."""
    for m in JUDGMENT_COPULA.finditer(text, tok.end, phrase_stop(text, tok.end)):
        if any(text.startswith(w, m.end()) for w in text_words("judgment")):
            return True
    return False


CONJUNCTS = "和与及、"
CONJUNCT_SPAN = 4  # characters of the first head between 的 and the conjunction (污蔑, 威胁利诱)


def _conjoined_noun(tokens: list[Token], idx: int, text: str) -> bool:
    """北约持续的污蔑和威胁令人厌倦: a word right after 的 + a short head + 和/与/及 is the second head
    of that noun phrase (X's smears and threats), a noun like the first, not X's act."""
    tok = tokens[idx]
    if text[tok.start - 1:tok.start] not in CONJUNCTS:
        return False
    de = text.rfind("的", max(0, tok.start - CONJUNCT_SPAN - 2), tok.start - 1)
    if de < 0 or not all("\u4e00" <= ch <= "\u9fff" for ch in text[de + 1:tok.start - 1]):
        return False
    return not any(t.actor is not None for t in tokens[:idx] if t.start > de)


def _named_as_cause(tokens: list[Token], idx: int, text: str) -> bool:
    """因炮击而关闭 / 由于袭击: the trigger right after a causal preposition names the cause of what
    the clause reports; 因乌军炮击而… names an agent between them, and 欧洲因制裁俄罗斯深陷能源危机
    gives the verb an object: both stay acts."""
    tok = tokens[idx]
    left = text[max(0, tok.start - 2):tok.start]
    if not any(left.endswith(w) for w in lexicon().cue_words("cause")):
        return False
    nxt = tokens[idx + 1] if idx + 1 < len(tokens) else None
    return nxt is None or nxt.start != tok.end or "actor" not in nxt.kinds


@lru_cache(maxsize=1)
def _noun_heads() -> frozenset[str]:
    return lexicon().cue_words("noun_head") | text_words("noun_head")


def _noun_headed(after: str) -> bool:
    heads = _noun_heads()
    return any(after.startswith(h) for h in heads) and not after.startswith(("中方", "中国"))


def _time_headed(after: str) -> bool:
    return any(after.startswith(h) for h in lexicon().cue_words("time_head"))


PREPOSITIONS = frozenset({"prep", "report"})
SHORT_FORMS = frozenset({"abbr", "bound"})
RELATIVE_AT = ("在", "于")
PLACE_GAP_STOP = set("，,。；;：:、")
# a relative clause runs on through a list (存储美欧、…的仓库): 、 does not close it
RELATIVE_CLAUSE_STOP = PLACE_GAP_STOP - {"、"}


def _object_of_preposition(tokens: list[Token], idx: int, text: str) -> bool:
    """A request word inside a prepositional phrase, or governed by a verb that answers it, names a
    request, it does not report one: 按照俄方要求 / 应美方要求 / 根据西门子公司的技术文件要求 (prep…noun),
    回应俄方提出的建议, and 对X的建议进行研究
    (the light verb governs 研究; 建议 is the object of 对)."""
    tok = tokens[idx]
    if "request_noun" not in tok.kinds:
        return False
    for prev in reversed(tokens[:idx]):
        if prev.trigger is not None or "speech" in prev.kinds:
            return False
        if prev.kinds & PREPOSITIONS or "governing" in prev.kinds:
            # 回应俄方…提出的安全保障建议 / 满足乌方的要求: a verb that governs the request answers it
            return not any(ch in PLACE_GAP_STOP for ch in text[prev.end:tok.start])
        if "to" in prev.kinds and text[tok.start - 1:tok.start] == "的":
            return True
    return False


def _so_called(tok: Token, text: str) -> bool:
    """所谓的“俄罗斯威胁” disputes a claim of conflict; 所谓的“安全援助” mocks aid that was still given."""
    if tok.trigger is None or QUAD.get(tok.trigger.event, 0) < 3:
        return False
    opening = text.rfind("“", 0, tok.start)
    return opening >= 0 and "”" not in text[opening:tok.start] and text[:opening].endswith(("所谓", "所谓的"))


REACTION_OPENERS = frozenset({"对", "对于"})


def _reaction_topic(tokens: list[Token], idx: int, text: str) -> bool:
    """对俄方捐赠化肥表示感谢 / 对美国和北约大规模武装乌克兰表示不满: a verb between 对 and 表示 in one
    clause names the act a reaction is about; its subject is not the reacting party."""
    tok = tokens[idx]
    if "表示" not in text[tok.end:phrase_stop(text, tok.end)]:
        return False
    for prev in reversed(tokens[:idx]):
        if prev.trigger is not None or "speech" in prev.kinds:
            return False
        if prev.text in REACTION_OPENERS:
            return not any(ch in PLACE_GAP_STOP for ch in text[prev.end:tok.start])
    return False


def is_relative_modifier(tokens: list[Token], idx: int, text: str) -> bool:
    """部署在巴赫穆特、赫尔松州等地的乌军人员: a verb followed by 在/于 + places + 的 modifies the
    noun after 的 (only place words in between); so does a verb in the object of another verb whose
    relative clause ends in 的 before a party (击落一架试图袭击核电站的乌军无人机)."""
    tok = tokens[idx]
    if _party_relative(tokens, idx, text) or _counted_relative(tokens, idx, text):
        return True
    if supplied_to_relative(tokens, idx, text):
        return True
    if text[tok.end:tok.end + 1] not in RELATIVE_AT:
        return False
    de = text.find("的", tok.end, phrase_stop(text, tok.end, RELATIVE_CLAUSE_STOP))
    if de < 0:
        return False
    between = [t for t in tokens[idx + 1:] if t.end <= de]
    return bool(between) and all((t.actor is not None and t.actor.type == "place") or t.kinds & {"at", "conj"}
                                 for t in between)


RELATIVE_LEAD = 5  # characters between a verb and the relative clause in its object (一架试图)
DIRECTION_MARKERS = frozenset("向对朝")  # a preposition whose object may hold the relative clause instead
# words in that gap that join two predicates instead (打击并控制了…): the second verb is an act
PREDICATE_JOINERS = set("并和及与而又再后")


def _party_relative(tokens: list[Token], idx: int, text: str) -> bool:
    """打击了控制伊久姆市的俄军 / 击落一架试图袭击核电站的乌军无人机: right after another verb (a
    numeral, measure word or 试图 between at most), a verb whose object is closed by 的 before a
    party is a relative clause on that party, the outer verb's object; it reports no act.
    俄军摧毁了哈尔科夫的乌军弹药库 has no verb before its own verb and stays an act; after 向/对/朝
    (向控制伊久姆市的俄军发起了反攻) the clause is inside the preposition's object."""
    tok = tokens[idx]
    if text[tok.start - 1:tok.start] in DIRECTION_MARKERS:
        gap = ""  # 乌军向控制伊久姆市的俄军发起了反攻: the clause names whom the act is directed at
    elif idx == 0 or tokens[idx - 1].trigger is None:
        return False
    else:
        gap = text[tokens[idx - 1].end:tok.start]
    if len(gap) > RELATIVE_LEAD or any(ch in PLACE_GAP_STOP or ch in PREDICATE_JOINERS for ch in gap):
        return False
    return relative_on_party(tokens, idx, text)


def relative_on_party(tokens: list[Token], idx: int, text: str) -> bool:
    """The verb at ``idx`` opens a relative clause closed by 的 right before a coded party (not a place):
    控制伊久姆市的|俄军."""
    de = _relative_de(tokens, idx, text)
    if de < 0:
        return False
    head = next((t for t in tokens[idx + 1:] if t.start == de + 1), None)
    return head is not None and head.actor is not None and bool(head.actor.code) and head.actor.type != "place"


SUPPLIER_PHRASE_KINDS = frozenset({"actor", "sector", "noun_head", "conj", "determiner"})


def received_from(tokens: list[Token], idx: int, text: str) -> int:
    """乌方已收到了美国等国家提供的“地空导弹系统”: a supply verb in a relative clause on what a party
    received; the index of the receipt verb (收到), or -1.  The supplier stands between the two."""
    if tokens[idx].text not in lexicon().cue_words("supplier_verb"):
        return -1
    for k in range(idx - 1, -1, -1):
        prev = tokens[k]
        if "receipt" in prev.kinds:
            supplier = tokens[k + 1:idx]
            no_break = not any(ch in PLACE_GAP_STOP for ch in text[prev.end:tokens[idx].start])
            return k if supplier and no_break and any("actor" in t.kinds for t in supplier) else -1
        if prev.trigger is not None or not prev.kinds & SUPPLIER_PHRASE_KINDS:
            return -1
    return -1


def _supplied_to_named(tokens: list[Token], idx: int) -> bool:
    """俄罗斯向白俄罗斯交付的S-400…: a supply relative naming both the supplier and, with 向/给, the
    party supplied tells a delivery that happened (美国提供的武器, with no party supplied, does not)."""
    if idx < 3 or tokens[idx].text not in lexicon().cue_words("supplier_verb"):
        return False
    supplier, to, supplied = tokens[idx - 3], tokens[idx - 2], tokens[idx - 1]
    if any(t.trigger is not None for t in tokens[:idx - 3]):
        return False  # 摧毁了…美国向乌方提供的“海马斯”: weapons that a verb acts on are told as such, no act
    return ("actor" in supplier.kinds and "to" in to.kinds and to.text in ("向", "给") and "actor" in supplied.kinds
            and supplier.end == to.start and to.end == supplied.start and supplied.end == tokens[idx].start)


def supplied_to_relative(tokens: list[Token], idx: int, text: str) -> bool:
    """美国提供给乌克兰的“鱼叉”: a supply verb + 给 + the party supplied + 的 is a relative clause on the
    weapons (as 美国提供的 is), no act of the sentence's subject."""
    tok = tokens[idx]
    if tok.text not in lexicon().cue_words("supplier_verb") or text[tok.end:tok.end + 1] != "给":
        return False
    nxt = next((t for t in tokens[idx + 1:] if t.start > tok.end), None)  # past the 给 token
    return (nxt is not None and nxt.start == tok.end + 1 and bool(nxt.kinds & {"actor", "sector"})
            and text[nxt.end:nxt.end + 1] == "的")


COUNTED = re.compile(r"(?:[0-9一二两三四五六七八九十几多数]+|每)(.)$")
BENEFACTIVE = frozenset("为给向")


def _counted_relative(tokens: list[Token], idx: int, text: str) -> bool:
    """摧毁了…的一处为乌军提供燃料的储油库: a numeral and a measure word count the noun after 的, so the verb
    between them (after an optional 为/给/向 + party) sits in a relative clause on that noun: no act."""
    tok = tokens[idx]
    start = tok.start
    prev = tokens[idx - 1] if idx > 0 else None
    if prev is not None and prev.end == start and prev.kinds & {"actor", "sector"}:
        start = prev.start  # 为乌军提供: skip the party the clause's verb is directed at
        if text[start - 1:start] not in BENEFACTIVE:
            return False
        start -= 1
    counted = COUNTED.search(text[max(0, start - 4):start])
    if counted is None or counted.group(1) not in text_words("measure_word"):
        return False
    # the counted phrase must be another verb's object (摧毁了…的一处…): 八个党派中有六个同意报告的内容
    # counts the agreeing parties themselves
    first = start - len(counted.group(0))
    clause = max(text.rfind(ch, 0, first) for ch in PLACE_GAP_STOP)
    if not any(t.trigger is not None and clause < t.start and t.end <= first for t in tokens[:idx]):
        return False
    return _de_after(tok, text) >= 0


def _after_light_verb(tokens: list[Token], idx: int) -> bool:
    """进行了每天上万次的网络攻击 / 发动新一轮进攻: the noun is the object of a light verb."""
    for tok in reversed(tokens[:idx]):
        if "light" in tok.kinds:
            return True
        if tok.trigger is not None or "speech" in tok.kinds:
            return False
    return False


def _after_passive(tokens: list[Token], idx: int) -> bool:
    """遭到…的炮击 / 受到…袭击: a passive marker governs the trigger (no other verb between)."""
    for tok in reversed(tokens[:idx]):
        if "passive" in tok.kinds:
            return True
        if tok.trigger is not None or "speech" in tok.kinds:
            return False
    return False


def is_speech_act(trigger: Trigger) -> bool:
    return trigger.event in SPEECH_ACT_EVENTS and "absorb" in trigger.flags


def cameo_context(trigger: Trigger) -> list[str]:
    lex = lexicon()
    code = trigger.cameo or ""
    while code:
        if code in lex.cameo:
            return list(lex.cameo[code][2])
        code = code[:-1]
    return []
