"""Who did it to whom: noun phrases, grammatical roles and pronouns from Chinese syntax.

A clause is read left to right.  Actor words (entity mentions, fallback lexicon) and sector
heads (军, 外交部, 总统…) make noun phrases; conjunctions (和, 、, 及) split phrases into
lists; role markers switch the role the next phrase gets: 与/同/跟 (the other party of a
meeting), 向/给/为/对/针对 (recipient), 被/遭到/受到 (passive: the agent follows, the subject
is the patient), 由 (agent), 在/于/从 (place).  Pronouns (他, 该国, 双方, 我们) resolve against
what the story said before.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from zhevents.events.lexicon import Token, lexicon, phrase_breaks, text_words
from zhevents.events.triggers import RELATIVE_CLAUSE_STOP, phrase_stop, relative_on_party, supplied_to_relative
from zhevents.records import Actor

# characters after a bound single-character abbreviation (美, 中, 日…) that make it a state name
BOUND_NEXT = set("方军国境籍俄乌美中日英法德欧")
# a numeral or quantifier before a bound character makes it a classifier (多台装备, 两台)
CLASSIFIER_BEFORE = set("一二两三四五六七八九十百千万几多数每各")
BOUND_MARKERS = frozenset({"to", "with", "conj", "at", "agent", "passive"})
RECIPIENT_MARKERS = {"to"}
NP_KINDS = {"actor", "sector", "pronoun_person", "pronoun_plural", "pronoun_state", "pronoun_pair",
            "pronoun_self", "pronoun_place"}
PRONOUN_KINDS = {"pronoun_person", "pronoun_plural", "pronoun_state", "pronoun_pair", "pronoun_self"}
TITLE_SECTORS = {"GOV", "LEG", "MIL", "JUD"}
# sectors whose bare heads (平民, 居民, 人士, 媒体) belong to no state unless one is named with them
UNAFFILIATED_SECTORS = frozenset({"CVL", "JRN", "BUS"})


POSTED_AT = "驻"  # 常驻/驻: the place or body after it is where an envoy serves, not whom they serve


@dataclass(slots=True)
class NP:
    """A noun phrase naming one or more parties (after pronoun resolution)."""

    start: int
    end: int
    text: str
    actors: list[Actor] = field(default_factory=list)
    is_person: bool = False
    is_place: bool = False
    needs_code: bool = False  # a bare sector head (部队, 军方): its state comes from context
    places: list[Actor] = field(default_factory=list)  # a place phrase: its places, coded by country


@dataclass(slots=True)
class Memory:
    """What the story said before: antecedents for pronouns and dropped subjects."""

    last_subject: list[Actor] = field(default_factory=list)
    last_person: list[Actor] = field(default_factory=list)
    last_state: list[Actor] = field(default_factory=list)
    last_pair: list[Actor] = field(default_factory=list)
    speaker: list[Actor] = field(default_factory=list)
    last_places: list[Actor] = field(default_factory=list)  # 这两地: the places the last sentence named

    def remember(self, np_actors: list[Actor], person: bool) -> None:
        if not np_actors:
            return
        self.last_subject = np_actors
        if person:
            self.last_person = np_actors
        states = [a for a in np_actors if a.code and len(a.code) == 3 and a.code.isalpha()]
        if states:
            self.last_state = states[:1]
        codes = {a.code for a in np_actors}
        if len(codes) >= 2:
            self.last_pair = np_actors


FUNCTION_CHARS = set("的个了在对与和同向从赴是被由将已")


def bound_ok(tok: Token, text: str, tokens: list[Token], i: int) -> bool:
    """A single-character abbreviation of a state counts only where the syntax makes it a name:
    马里乌波尔 holds 乌 inside an unknown word; 对乌援助, 俄乌, 乌军, 一个乌军 do not."""
    if tok.actor is None or tok.actor.type not in ("bound", "abbr"):
        return True
    before = text[tok.start - 1] if tok.start > 0 else ""
    after = text[tok.end] if tok.end < len(text) else ""
    if before.isdigit() or after.isdigit() or (tok.actor.type == "bound" and before in CLASSIFIER_BEFORE):
        return False
    if after in BOUND_NEXT:
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    prv = tokens[i - 1] if i > 0 else None
    if tok.actor.type == "bound":
        return _bound_in_composite(tok, nxt, prv)
    if nxt and nxt.start == tok.end and ({"actor", "sector"} & nxt.kinds):
        return True
    if prv and prv.end == tok.start and (prv.kinds & {"actor", "to", "with", "conj", "at", "agent", "passive"}):
        return True
    covered = prv is not None and prv.end == tok.start
    return not ("\u4e00" <= before <= "\u9fff") or before in FUNCTION_CHARS or covered


def _bound_in_composite(tok: Token, nxt: Token | None, prv: Token | None) -> bool:
    """美, 台, 港, 以…: a state only in a composite.  The neighbour must be a sector head (美军, 以军)
    or another short form (中美, 美以); a full name next to it is not enough (敖德萨港 is a port,
    北约以控制 and 以美国为首 hold the preposition 以), and after a numeral it is a classifier (多台)."""
    if nxt and nxt.start == tok.end and ("sector" in nxt.kinds or _is_short_form(nxt)):
        return True
    if prv and prv.end == tok.start:
        return _is_short_form(prv) or (prv.actor is None and bool(prv.kinds & BOUND_MARKERS))
    return False


def _is_short_form(tok: Token) -> bool:
    return tok.actor is not None and tok.actor.type in ("bound", "abbr")


# 以美英等为首的七国集团 / 以美国为首的北约国家: the parties inside 以…为首的 modify the head noun
# after 的, which is the party that acts (and 以 there is a preposition, not Israel)
LEADER_PHRASE = re.compile(r"以[^，。；：,;:]{1,15}?为首的")


def drop_leader_modifiers(tokens: list[Token], text: str) -> list[Token]:
    """Tokens without those of 以…为首的 phrases (their 为 is no recipient marker either)."""
    spans = [m.span() for m in LEADER_PHRASE.finditer(text)]
    if not spans:
        return tokens
    return [t for t in tokens if not any(s <= t.start and t.end <= e for s, e in spans)]


QUOTED_NAME_SPAN = 12  # characters of a short quoted name (“西方-2023”, “北溪-2”)


def drop_quoted_names(tokens: list[Token], text: str) -> list[Token]:
    """Tokens without the party words inside a short quoted name that modifies the noun right after
    the closing quote (“西方-2023”军事演习, “欧洲捍卫者-2022”): the quote names an exercise, not the
    party.  A quote that is exactly a party's name (“叙利亚民主军”武装人员) is that party, and quoted
    speech (“…”，他说) is followed by punctuation: both stay."""
    return [t for t in tokens if t.actor is None or not _in_quoted_name(t, tokens, text)]


def _in_quoted_name(tok: Token, tokens: list[Token], text: str) -> bool:
    opened = text.rfind("“", 0, tok.start)
    if opened < 0 or text.rfind("”", opened, tok.start) >= 0:
        return False
    closed = text.find("”", tok.end)
    if closed < 0 or closed - opened > QUOTED_NAME_SPAN or closed + 1 >= len(text):
        return False
    inside = [t for t in tokens if opened < t.start < closed]
    if any(t.end == closed and t.actor is not None for t in inside):
        return False  # the quote ends in a party word (“叙利亚民主军”): it names that party
    if not "\u4e00" <= text[closed + 1] <= "\u9fff":
        return False
    return not any(t.trigger is not None for t in inside)


def issue_compound(tok: Token, text: str) -> bool:
    """乌克兰问题 / 乌克兰局势: a state name right before an issue noun names the topic, not a party
    (乌克兰问题必须通过对话解决 demands nothing of Ukraine)."""
    return tok.actor is not None and tok.actor.type in ("state", "abbr") and any(
        text.startswith(w, tok.end) for w in text_words("issue_noun"))


def actor_from(tok: Token) -> Actor:
    a = tok.actor
    assert a is not None
    return Actor(entity_text=tok.text, identifier_text=a.name, entity_id=tok.entity_id,
                 wikidata_id=tok.meta.get("wikidata_id"), code=a.code, sector=a.sector)


def build_np(tokens: list[Token], text: str, memory: Memory) -> NP | None:
    """One noun phrase from consecutive actor/sector/pronoun tokens: the rightmost coded word
    gives the code (俄罗斯总统普京 → RUS), the rightmost sector head the sector."""
    if not tokens:
        return None
    start, end = tokens[0].start, tokens[-1].end
    code: str | None = None
    sector: str | None = None
    entity: Token | None = None
    person = False
    place = False
    places: list[Actor] = []
    has_actor = any(t.actor is not None and t.actor.code for t in tokens)
    for tok in tokens:
        if "pronoun_place" in tok.kinds:
            place = True
            places += memory.last_places
            continue
        kinds = tok.kinds & PRONOUN_KINDS
        if kinds and has_actor:
            continue
        if kinds:
            resolved = resolve_pronoun(next(iter(kinds)), memory)
            if resolved:
                return NP(start, end, text[start:end], resolved, is_person="pronoun_person" in kinds)
            continue
        a = tok.actor
        if a is None:
            continue
        if a.type == "place":
            place = True
            if a.code:
                places.append(actor_from(tok))
            continue
        if a.code and code is not None and text[tok.start - 1:tok.start] == POSTED_AT:
            continue  # 俄罗斯常驻联合国代表 / 美国驻乌克兰大使馆: the envoy is the sending state's
        if a.code:
            code, entity = a.code, tok
            if a.sector:
                sector = a.sector
            person = person or a.type == "person"
        elif a.sector:
            sector = a.sector
            person = person or (a.sector in TITLE_SECTORS and tok.text in ("总统", "总理", "首相", "外长"))
    if place and (code is None or _place_head(tokens, text)):
        return NP(start, end, text[start:end], [], is_place=True, places=places)
    if code is None and sector is None:
        return None
    actor = Actor(entity_text=text[start:end], identifier_text=entity.actor.name if entity and entity.actor
                  else None, entity_id=entity.entity_id if entity else None,
                  wikidata_id=entity.meta.get("wikidata_id") if entity else None, code=code, sector=sector)
    return NP(start, end, actor.entity_text, [actor], is_person=person, needs_code=code is None)


def _place_head(tokens: list[Token], text: str) -> bool:
    """乌克兰西部城市利沃夫 / 俄罗斯首都莫斯科: a place named after its state, with nothing but
    locative words (西部, 城市, 首都) between, is a place, not the state."""
    named = [t for t in tokens if t.actor is not None]
    if len(named) < 2 or named[-1].actor is None or named[-1].actor.type != "place":
        return False
    gap = text[named[-2].end:named[-1].start]
    if len(gap) > 8:
        return False
    for word in _place_gap_words():
        gap = gap.replace(word, "")
    return not gap


@lru_cache(maxsize=1)
def _place_gap_words() -> tuple[str, ...]:
    return tuple(sorted(lexicon().cue_words("place_gap"), key=len, reverse=True))


def resolve_pronoun(kind: str, memory: Memory) -> list[Actor]:
    if kind == "pronoun_self":
        return list(memory.speaker)
    if kind == "pronoun_person":
        return list(memory.last_person or memory.last_subject[:1])
    if kind == "pronoun_state":
        return list(memory.last_state)
    if kind == "pronoun_pair":
        if len({a.code for a in memory.speaker}) > 1:
            return list(memory.speaker)
        return list(memory.last_pair)
    return list(memory.last_subject)


@dataclass(slots=True)
class Roles:
    """Phrases of one clause (or clause prefix) by grammatical role."""

    subj: list[NP] = field(default_factory=list)
    rec: list[NP] = field(default_factory=list)  # 与/同 (meet) or 向/给/对 (recipient)
    agent: list[NP] = field(default_factory=list)  # after 被/遭到 or 由
    loc: list[NP] = field(default_factory=list)
    target_places: list[NP] = field(default_factory=list)  # places after 对/向: the target of force
    subj_places: list[NP] = field(default_factory=list)  # places as the subject (…等地遭到炮击)
    passive: bool = False
    by_agent: bool = False
    pivot: bool = False  # the subject is a compelled party (迫使俄军后撤): not the clause's topic
    compeller: list[NP] = field(default_factory=list)  # the subject before 迫使, still the clause's topic

    def topic(self) -> list[NP]:
        """The phrases that stay the clause's topic: the compeller, not the compelled party."""
        return self.compeller if self.pivot else self.subj


def read_roles(tokens: list[Token], text: str, memory: Memory, meet: bool) -> Roles:
    """Assign the phrases of ``tokens`` (a clause prefix, before the trigger) to roles."""
    roles = Roles()
    role = "subj"
    run: list[Token] = []

    def flush() -> None:
        np = build_np(run, text, memory)
        run.clear()
        if np is None:
            return
        if np.is_place and role == "agent_from" and np.places:
            roles.agent.append(_forces_at(np))
        elif np.is_place:
            roles.loc.append(np)
            if role == "rec":
                roles.target_places.append(np)  # 对哈尔科夫展开了打击: the place is what is hit
            elif role == "subj":
                roles.subj_places.append(np)
        elif role == "subj":
            roles.subj.append(np)
        elif role == "rec":
            roles.rec.append(np)
        elif role in ("agent", "agent_from"):
            roles.agent.append(np)  # 遭到了来自乌克兰方面的炮击: fire from a party is that party's
        elif role == "loc" and any(text.startswith(w, np.end) for w in text_words("holder")):
            roles.rec.append(np)  # 从俄军手中夺回: the party a place is taken from loses it
        elif role == "loc":
            roles.loc.append(np)

    for i, tok in enumerate(tokens):
        kinds = tok.kinds
        if kinds & NP_KINDS and not tok.trigger:
            if "actor" in kinds and (not bound_ok(tok, text, tokens, i) or issue_compound(tok, text)):
                continue
            run_end = run[-1].end if run else tok.start
            if run and (_gap_breaks(text[run[-1].end:tok.start]) or _adjacent_abbrs(run[-1], tok)):
                flush()
                if _predicate_in_gap(text[run_end:tok.start]):
                    role = "skip"  # 俄军还突破了乌克兰的防线: the phrase after the verb is its object
            run.append(tok)
            continue
        if "time" in kinds or "lead" in kinds:
            flush()
            continue
        if "cause" in kinds and _np_follows(tokens, i):
            # 俄军离开蛇岛是因为乌军发动了袭击: a causal conjunction opens a clause with a subject of its
            # own (欧洲因制裁俄罗斯…, 丹麦因天然气价格…: a causal phrase inside the subject's clause)
            flush()
            roles.subj, role = [], "subj"
            continue
        if "compel" in kinds and _pivot_governs_trigger(tokens, i, text):
            # 迫使俄军向内陆后撤, 美国强迫欧洲国家放弃…: the compelled party is the subject of the next verb
            # (a pivot), not the one who compels
            flush()
            roles.compeller, roles.subj, role, roles.pivot = roles.subj, [], "subj", True
            continue
        if "passive" in kinds:
            flush()
            roles.passive = True
            # 扎波罗热、文尼察等地遭到俄军攻击: the places suffering the act are its target
            roles.target_places.extend(roles.subj_places)
            role = "agent"
        elif "agent" in kinds:
            flush()
            roles.by_agent = True
            role = "agent"
        elif "ba" in kinds and (roles.subj or run) and _np_follows(tokens, i):
            flush()  # 北约将俄罗斯列为威胁: the phrase after 将/把 is the object, not a co-subject
            role = "skip"
        elif "with" in kinds and (meet or tok.text != "和") and (roles.subj or run) \
                and not _ends_enumeration(tokens, i):
            flush()  # 与/同/跟 mark the other party; 和 does only for a meeting (我和土耳其总统通了电话)
            role = "rec"
        elif "conj" in kinds:
            flush()
        elif kinds & RECIPIENT_MARKERS:
            flush()
            role = "rec"
        elif "source_from" in kinds and role == "subj" and not run and not roles.subj \
                and _origin_of_subject(tokens, i, text):
            continue  # 来自法国、德国…的代表举行会谈: the states the subject comes from are its parties
        elif "source_from" in kinds and role == "agent":
            flush()  # 受到来自这两地的火力袭击: fire from a place is fire by those holding it
            role = "agent_from"
        elif "at" in kinds:
            flush()
            role = "loc"
        elif (tok.trigger or "governing" in kinds) and text[tok.end:tok.end + 1] == "的":
            continue  # 到访的古特雷斯 / 13日结束的北约防长会议: a verb modifying the next noun keeps the role
        elif tok.trigger and role == "rec" and not run and relative_on_party(tokens, i, text):
            continue  # 向控制伊久姆市的俄军发起了反攻: the clause describes the party it is directed at
        elif kinds & {"report", "prep"} and (roles.subj or run):
            flush()  # 俄方根据乌克兰方面相关请求…: the phrase after the preposition is no subject
            role = "skip"
        elif "means" in kinds and not _leader_phrase(text, tok.end):
            flush()  # 美国通过北约操控…, 以乌克兰为工具遏制…: the party after 通过/以 is a means, no subject
            role = "skip"
        elif "causee" in kinds or tok.trigger or "speech" in kinds or "governing" in kinds:
            # 美国持续推动乌克兰冲突: what a non-event verb governs is no party of the event
            flush()
            role = "skip"
    flush()
    return roles


def _ends_enumeration(tokens: list[Token], i: int) -> bool:
    """法国、德国、俄罗斯和乌克兰的代表: 和 after a list joined by 、 closes the list; it marks no
    counterpart, even of a meeting."""
    return tokens[i].text == "和" and i >= 2 and tokens[i - 2].text == "、" and "conj" in tokens[i - 2].kinds


def _origin_of_subject(tokens: list[Token], i: int, text: str) -> bool:
    """来自 at ``i`` opens a list of parties closed by 的 and a noun (来自法国、德国和乌克兰的代表)."""
    k = i + 1
    while k < len(tokens) and (tokens[k].kinds & NP_KINDS or "conj" in tokens[k].kinds) and not tokens[k].trigger:
        k += 1
    if k == i + 1 or not text.startswith("的", tokens[k - 1].end):
        return False
    head = tokens[k] if k < len(tokens) else None
    return head is not None and bool(head.kinds & {"noun_head", "sector"}) and head.start == tokens[k - 1].end + 1


def _leader_phrase(text: str, start: int) -> bool:
    """以美国为首的北约: 以 opens a coalition's name, not a means (为首 before the clause ends)."""
    rest = text[start:start + 16]
    return "为首" in rest.split("，")[0]


def _pivot_governs_trigger(tokens: list[Token], i: int, text: str) -> bool:
    """迫使 at ``i`` is followed by a party and then only by the trigger: no other verb and no clause break
    after it (迫使俄军撤退，还在…击退俄军进攻: the later verb is the compeller's again)."""
    rest = tokens[i + 1:]
    if not rest or not any(t.kinds & NP_KINDS and not t.trigger for t in rest):
        return False
    if any(t.trigger or "speech" in t.kinds for t in rest):
        return False
    return not any(ch in text[tokens[i].end:rest[-1].end] for ch in "，。；：")


def _np_follows(tokens: list[Token], i: int) -> bool:
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.start == tokens[i].end and bool(nxt.kinds & NP_KINDS)


def _forces_at(np: NP) -> NP:
    """The unnamed side firing from the places of ``np``: the state the places lie in."""
    return NP(np.start, np.end, np.text, states_of_places(np))


def states_of_places(np: NP, sector: str | None = None) -> list[Actor]:
    """The states a place phrase's places lie in, one actor each, named by the phrase."""
    codes = list(dict.fromkeys(a.code for a in np.places if a.code))
    return [Actor(entity_text=np.text, identifier_text=None, entity_id=None, wikidata_id=None, code=c,
                  sector=sector) for c in codes]


def _adjacent_abbrs(left: Token, right: Token) -> bool:
    """俄乌, 中美: two state abbreviations side by side are two parties."""
    types = ("abbr", "bound")
    return (left.end == right.start and left.actor is not None and right.actor is not None
            and left.actor.type in types and right.actor.type in types)


NUMERALS = "0-9数几一二三四五六七八九十百千万两"


def _gap_breaks(gap: str) -> bool:
    """Text between two actor words that ends a phrase (a verb, punctuation, a long run)."""
    return len(gap) > 10 or any(ch in gap for ch in "，。；：“”（）、") or _predicate_in_gap(gap)


def _predicate_in_gap(gap: str) -> bool:
    """俄军还突破了乌克兰…: an adverb or an aspect particle in the gap marks a predicate; 美国的目的是削弱
    俄罗斯: so does the copula; 乌军拦截数十枚俄方导弹: a verb before a counted object (text, then a
    numeral and a classifier) does too.  A few verbs that are no event triggers (波方高度重视中国…,
    穆里略联名致函习近平主席) end the subject phrase on their own."""
    words = phrase_breaks()
    if any(w in gap for kind in ("adverb", "copula", "verb") for w in words.get(kind, ())):
        return True
    if any(w in gap[1:] for w in words.get("aspect", ())):
        return True
    counted = re.search(f"[{NUMERALS}]+[{''.join(words.get('classifier', ()))}]", gap)
    return counted is not None and counted.start() > 0


def object_places(tokens: list[Token], text: str) -> list[Actor]:
    """打击了乌克兰哈尔科夫州多个…的仓库 / 打击敖德萨等地的军事目标: the coded places the object phrase
    names before its head (up to the next verb, speech word or punctuation)."""
    out: list[Actor] = []
    for i, tok in enumerate(tokens):
        if tok.trigger is not None or "speech" in tok.kinds or text[tok.start - 1:tok.start] in ("，", "。", "；"):
            break
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.start == tok.end and nxt.actor is not None and nxt.actor.type == "place":
            continue  # 乌克兰哈尔科夫州: the state names where the place lies
        if tok.actor is not None and tok.actor.code and tok.actor.type == "place":
            out.append(actor_from(tok))
        elif tok.kinds & NP_KINDS and tok.actor is not None and tok.actor.type != "place":
            break  # a party of its own (乌军, 美国提供的): the object phrase names a party, not a place
    return out


def object_nps(tokens: list[Token], text: str, memory: Memory) -> list[NP]:
    """Coordinated phrases after the verb (提议联合国、红十字国际委员会以及乌克兰和俄罗斯军队…)."""
    out: list[NP] = []
    rest = tokens
    while rest:
        np = object_np(rest, text, memory)
        if np is None:
            break
        out.append(np)
        nxt = [t for t in rest if t.start >= np.end]
        if not nxt or "conj" not in nxt[0].kinds:
            break
        rest = nxt[1:]
    return out


def holding_relative_end(tokens: list[Token], text: str) -> int:
    """存放有美制“海马斯”…的乌军武器修理点 / 敖德萨州存储美欧援乌武器弹药的仓库: an object opening (after its
    places) with a relative clause of holding names the store after 的; the parties inside are its
    contents, not the target.  Returns where the head begins, or -1."""
    first = next((t for t in tokens if not (t.actor is not None and t.actor.type == "place")), None)
    if first is None:
        return -1
    lead = text[:first.start].removesuffix("有")
    if not any(lead.endswith(verb) for verb in text_words("holding_verb")):
        return -1
    de = text.find("的", first.start, phrase_stop(text, first.start, RELATIVE_CLAUSE_STOP))
    return de + 1 if de >= 0 else -1


def object_np(tokens: list[Token], text: str, memory: Memory) -> NP | None:
    """The first non-place phrase after the verb, up to the next verb or marker."""
    run: list[Token] = []
    skip_to = holding_relative_end(tokens, text)
    for i, tok in enumerate(tokens):
        if tok.start < skip_to:
            continue
        if "ba" in tok.kinds and tok.text in BA_MARKERS:
            # 呼吁有关各方将俄方人员…驱离: the phrase after 将/把 is what the asked act handles, not
            # the one asked; with nobody named before it the verb has no coded object
            if run:
                break
            return None
        if run and tok.trigger and supplied_to_relative(tokens, i, text):
            run = []  # 摧毁了美国提供给乌克兰的“鱼叉”: the party supplied holds the weapons, not the supplier
            continue
        if tok.trigger or "speech" in tok.kinds or tok.kinds & {"at", "passive", "agent"}:
            if run:
                break
            if "at" in tok.kinds:
                skip_to = _locative_modifier_end(tok, text)
                if skip_to < 0:
                    return None
            continue
        if tok.kinds & NP_KINDS:
            if "actor" in tok.kinds and (not bound_ok(tok, text, tokens, i) or issue_compound(tok, text)):
                continue
            if run and _modifier_before(run, tok, text):
                run = []  # 哈尔科夫和尼古拉耶夫的乌军指挥所 / 美国制造的雷达站: the head follows 的
            if run and _gap_breaks(text[run[-1].end:tok.start]):
                break
            run.append(tok)
        elif run and "conj" in tok.kinds and not _places_only(run):
            break
        elif run and "to" in tok.kinds and (tok.start > run[-1].end or _opens_next_predicate(tokens, i, text)) \
                and not _places_only(run) and not _supplier_relative_after(tok, text):
            # 要求欧洲维持对俄罗斯的制裁: a verb between the phrase and 对/向 is the next predicate; the
            # object ends before it (美欧国家向乌方提供的武器: the 向 phrase of a supplier relative stays).
            # 反对德国政府向乌克兰提供武器: a 向 phrase right before a verb is that verb's; the object
            # is the phrase before it, the subject of the clause it opposes
            break
    if run and _relative_source(run[-1], text) and not _supply_addressee(run, text):
        return None  # 摧毁了上百枚美国提供的“海马斯”火箭弹: the supplier is not the target
    np = build_np(run, text, memory)
    if np is None or np.is_place:
        return None
    return np


def _opens_next_predicate(tokens: list[Token], i: int, text: str) -> bool:
    """The 向/对 at ``i`` heads a phrase that a verb follows (向乌克兰提供): the phrase is that verb's.
    The verb itself is past the tokens (the object's tokens end at the next trigger), so it is the
    text after the phrase, before any punctuation."""
    phrase = list(itertools.takewhile(lambda t: bool(t.kinds & NP_KINDS) and not t.trigger, tokens[i + 1:]))
    if not phrase:
        return False
    after = tokens[i + 1 + len(phrase):]
    if after:  # 对俄罗斯实施制裁: a light verb carries the act
        return after[0].trigger is not None or bool(after[0].kinds & {"light", "causer", "cessation"})
    return text[phrase[-1].end:phrase[-1].end + 1] not in ("", *OBJECT_STOP)


OBJECT_STOP = "，,。；;：:“”"
BA_MARKERS = frozenset({"将", "把"})


def _locative_modifier_end(tok: Token, text: str) -> int:
    """打击了位于赫尔松州的一个俄军雷达站: a locative phrase closed by 的 before the next
    punctuation modifies the object; its end (after 的), or -1 where the 在/于 phrase is the
    verb's own place."""
    stop = next((i for i in range(tok.end, len(text)) if text[i] in OBJECT_STOP), len(text))
    de = text.find("的", tok.end, stop)
    return de + 1 if de >= 0 else -1


def _relative_source(last: Token, text: str) -> bool:
    """The phrase is the supplier in a relative clause (美国提供的, 西方援助的火箭弹) that modifies
    a head noun with no party in it.  Only supply verbs: the proposer of 中方提出的倡议 is the
    party a SUPPORT is addressed to."""
    gap = text[last.end:last.end + 5]
    de = gap.find("的")
    return (de >= 2 and gap[:de] in lexicon().cue_words("supplier_verb")) or _coordinated_supplier(last, text)


# 美国和欧洲国家提供的武器: more suppliers joined to the phrase before the supply verb and its 的
_COORDINATED_SUPPLIER = re.compile(r"(?:和|与|及|以及|、)[^，,。；;：:“”的和与及、]{1,8}?(?:和|与|及|以及|、)?"
                                   r"[^，,。；;：:“”的]{0,8}?的")


def _coordinated_supplier(last: Token, text: str) -> bool:
    m = _COORDINATED_SUPPLIER.match(text, last.end)
    if not m or "向" in m.group(0) or "给" in m.group(0):
        return False  # …向乌克兰提供的: the party supplied is left to the addressee rule
    return m.group(0)[:-1].endswith(tuple(lexicon().cue_words("supplier_verb")))


def _supplier_relative_after(tok: Token, text: str) -> bool:
    """向乌方提供的 / 为乌军提供燃料的: the 向/为 phrase belongs to a supplier verb closed by 的."""
    stop = next((i for i in range(tok.end, len(text)) if text[i] in OBJECT_STOP), len(text))
    span = text[tok.end:stop]
    return any(v in span and "的" in span[span.find(v):] for v in lexicon().cue_words("supplier_verb"))


def _supply_addressee(run: list[Token], text: str) -> bool:
    """西方国家向乌克兰提供的武器: the party supplied (after 向/给) holds the weapons and stays the
    target; the phrase's rightmost code is that party."""
    return len(run) > 1 and any(m in text[run[-2].end:run[-1].start] for m in ("向", "给"))


def _places_only(run: list[Token]) -> bool:
    return all(t.actor is not None and t.actor.type == "place" for t in run)


def _modifier_before(run: list[Token], tok: Token, text: str) -> bool:
    """The phrase so far modifies what follows 的: places (哈尔科夫和尼古拉耶夫的乌军指挥所) or a
    relative clause with its own verb (美国制造的反炮兵雷达站)."""
    gap = text[run[-1].end:tok.start]
    de = gap.find("的")
    if de < 0 or any(ch in gap for ch in "，。；：、"):
        return False
    if _places_only(run):
        return True
    return de > 0 and de < 4 and not any(ch in gap[:de] for ch in "和与及")


def coordinated(nps: list[NP]) -> list[Actor]:
    """The parties of coordinated phrases, one per distinct code (X和Y, 俄乌双方)."""
    out: list[Actor] = []
    seen: set[tuple[str | None, str | None]] = set()
    for np in nps:
        for a in np.actors:
            key = (a.code, a.sector)
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out


def fill_codes(actors: list[Actor], context: list[Actor]) -> list[Actor]:
    """A bare sector head (部队, 军方) belongs to the state named with it (美国及其部队), else to
    the state of the speaker/context."""
    own = next((a.code for a in actors if a.code), None)
    code = own or next((a.code for a in context if a.code), None)
    out = []
    for a in actors:
        # 50名平民撤离 in a ministry's statement: civilians and bystanders are not the speaker's state
        if not a.code and code and (own or a.sector not in UNAFFILIATED_SECTORS):
            a = Actor(a.entity_text, a.identifier_text, a.entity_id, a.wikidata_id, code, a.sector)
        out.append(a)
    return out
