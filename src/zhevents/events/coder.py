"""The event coder: stories → PLOVER events with attribution, modality, date, place, evidence.

Per story: split ``norm`` into sentences and clauses, scan each sentence with the lexicon
(entity mentions and time expressions from earlier stages take precedence), read speech
frames (attribution), then code every trigger of the clause with its arguments, modality,
date and place.  Nothing here needs the entity or date stages: without mentions the
fallback actor lexicon names the parties, without times the reference day dates events.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from zhevents.events.arguments import (
    NP,
    NP_KINDS,
    Memory,
    Roles,
    actor_from,
    bound_ok,
    build_np,
    coordinated,
    drop_leader_modifiers,
    drop_quoted_names,
    fill_codes,
    holding_relative_end,
    object_nps,
    object_places,
    read_roles,
    states_of_places,
)
from zhevents.events.attribution import Frame, find_frame
from zhevents.events.lexicon import QUAD, ActorEntry, Token, Trigger, lexicon, scan, text_words
from zhevents.events.modality import is_historical, read_modality
from zhevents.events.retold import merge_lead_retold
from zhevents.events.triggers import (
    SPEECH_ACT_EVENTS,
    cameo_context,
    is_noun_use,
    is_relative,
    is_relative_modifier,
    is_speech_act,
    received_from,
)
from zhevents.records import Actor, Event, Page, Place, Source, Story

CODER_VERSION = "0.1.0"
CODER = f"zhevents-coder {CODER_VERSION}"
SENTENCE_END = set("。！？；!?;\n")
CLAUSE_END = set("，,：:")
CLOSERS = set("”’」』）)")


@dataclass(slots=True)
class Sentence:
    start: int  # offsets in story.norm
    end: int
    text: str


@dataclass(slots=True)
class Context:
    """Per-story state carried from sentence to sentence."""

    story: Story
    page: Page
    memory: Memory = field(default_factory=Memory)
    frame_date: tuple[str, str] | None = None  # (date, precision) of the latest explicit day
    quote_chain: list[Source] | None = None
    quote_speaker: list[Actor] = field(default_factory=list)
    para_chain: list[Source] = field(default_factory=list)  # reported speech goes on to the paragraph end
    para_speaker: list[Actor] = field(default_factory=list)
    para_report: list[Source] = field(default_factory=list)  # 据X报道 / X报道: sources the whole paragraph
    sent_topic: list[Actor] = field(default_factory=list)  # 对于X…，: X, for the reaction that follows
    events: list[Event] = field(default_factory=list)
    undated: set[int] = field(default_factory=set)  # id() of events whose sentence names no time
    lead: set[int] = field(default_factory=set)  # id() of events coded in the story's first paragraph
    agentless: list[Event] = field(default_factory=list)  # an act told without its perpetrator (发生爆炸)


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    i = 0
    while i < len(text):
        if text[i] in SENTENCE_END:
            end = i + 1
            while end < len(text) and text[end] in CLOSERS:
                end += 1
            if text[start:end].strip():
                out.append(Sentence(start, end, text[start:end]))
            start = i = end
            continue
        i += 1
    if text[start:].strip():
        out.append(Sentence(start, len(text), text[start:]))
    return out


def split_clauses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    depth = 0
    for i, ch in enumerate(text):
        if ch in "“「":
            depth += 1
        elif ch in "”」":
            depth = max(0, depth - 1)
        elif ch in CLAUSE_END and not (ch in "：:" and depth):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


# ---------------------------------------------------------------- fixed tokens from earlier stages

def _mention_tokens(story: Story, sent: Sentence) -> list[Token]:
    out: list[Token] = []
    spans = Counter((m.norm_start, m.norm_end) for m in story.mentions
                    if sent.start <= m.norm_start and m.norm_end <= sent.end)
    for m in story.mentions:
        if m.norm_start < sent.start or m.norm_end > sent.end:
            continue
        if spans[(m.norm_start, m.norm_end)] > 1:
            continue  # 双方/两国 carry one mention per party: the coder's pair pronoun keeps both
        entry = _entry_for(m.entity_id, m.type, m.text)
        if entry is None:
            continue
        kinds = frozenset({"actor"})
        out.append(Token(m.norm_start - sent.start, m.norm_end - sent.start,
                         sent.text[m.norm_start - sent.start:m.norm_end - sent.start], kinds,
                         actor=entry, entity_id=m.entity_id, meta={"wikidata_id": _wikidata(m.entity_id)}))
    for t in story.times:
        if t.norm_start < sent.start or t.norm_end > sent.end:
            continue
        out.append(Token(t.norm_start - sent.start, t.norm_end - sent.start, t.text, frozenset({"time"}),
                         value=t.date, meta={"precision": t.precision}))
    return out


def _gazetteer_entity(entity_id: str) -> object | None:
    try:
        from zhevents.entities import gazetteer  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        return gazetteer().entity(entity_id)
    except Exception:  # an id the gazetteer does not know: fall back to the lexicon
        return None


def _entry_for(entity_id: str, etype: str, text: str) -> ActorEntry | None:
    from zhevents.events.lexicon import lexicon
    curated = lexicon().actors.get(text)
    if curated is not None and curated.code:
        return curated  # the coder's own curated row wins for the exact name
    ent = _gazetteer_entity(entity_id)
    if ent is not None:
        code = getattr(ent, "code", None) or getattr(ent, "country", None)
        if code == "UNK":
            code = None
        typ = "place" if etype == "place" else etype
        return ActorEntry(getattr(ent, "name_zh", text), code, typ, getattr(ent, "sector", None))
    if curated is not None:
        return curated
    if etype == "place":
        return ActorEntry(text, None, "place", None)
    return None


def _wikidata(entity_id: str) -> str | None:
    ent = _gazetteer_entity(entity_id)
    return getattr(ent, "wikidata_id", None) if ent is not None else None


def _place_for(np_text: str, tokens: list[Token]) -> Place | None:
    for tok in tokens:
        if tok.entity_id and tok.actor and tok.actor.type in ("place", "state"):
            ent = _gazetteer_entity(tok.entity_id)
            return Place(text=tok.text, name=getattr(ent, "name_zh", tok.text), lat=getattr(ent, "lat", None),
                         lon=getattr(ent, "lon", None), country=getattr(ent, "country", None) or
                         getattr(ent, "code", None), entity_id=tok.entity_id)
    return Place(text=np_text, name=np_text) if np_text else None


# ---------------------------------------------------------------- the coder

# Auxiliary modes of things that did not happen in the story's time frame.  PLOVER codes events,
# and our gold convention codes none of these (a negated act, a conditional, background years
# old): they are read so that they are NOT output as events, unless a caller asks for them.
UNREAL_AUX = frozenset({"negation", "hypothetical", "historical"})


def code_events(story: Story, page: Page, keep_unreal: bool = False) -> Story:
    """Code the PLOVER events of one story (sets ``story.events``).

    Negated, hypothetical and historical (background) events are dropped unless ``keep_unreal``;
    future events (将, 计划) are kept with ``aux=["future"]``.
    """
    ctx = Context(story, page)
    text = story.norm or story.text
    paragraph = -1
    for sent in split_sentences(text):
        if sent.start == 0 or text[sent.start - 1] == "\n":
            # a new paragraph: the speaker and the report of the last one frame nothing here
            ctx.para_chain, ctx.para_speaker, ctx.para_report = [], [], []
            ctx.agentless = []  # an allegation names the perpetrator of an act of its own paragraph
            paragraph += 1
        coded = len(ctx.events)
        _code_sentence(ctx, sent)
        if paragraph == 0:
            ctx.lead.update(id(e) for e in ctx.events[coded:])
    events = ctx.events if keep_unreal else [e for e in ctx.events if not UNREAL_AUX & set(e.aux)]
    events = _merge_retold(_merge(_one_allegation_per_sentence(events), ctx.lead), ctx.undated)
    story.events = merge_lead_retold(events, ctx.lead, page.text)
    for n, ev in enumerate(story.events, 1):
        ev.id = f"{story.id}-e{n}"
    return story


def is_heading(text: str) -> bool:
    """A short line without sentence punctuation is a heading or a subhead, not story prose; so is
    a headline-style line whose clauses are parted by spaces, not commas (（2）美英称将再向乌提供军事
    支持 美拱火牟利遭批。, a video summary retelling the story's subheads)."""
    body = text.strip()
    if "，" in body:
        return False
    if not body.endswith(("。", "！", "？", "；", "”", ".", "!", "?")) and len(body) < 40:
        return True
    return any(_is_cjk(a) and b in " \u3000" and _is_cjk(c) for a, b, c in zip(body, body[1:], body[2:], strict=False))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _code_sentence(ctx: Context, sent: Sentence) -> None:
    if is_heading(sent.text):
        return
    tokens = drop_leader_modifiers(scan(sent.text, _mention_tokens(ctx.story, sent)), sent.text)
    tokens = drop_quoted_names(tokens, sent.text)
    in_quote = ctx.quote_chain is not None
    chain: list[Source] = list(ctx.quote_chain or []) if in_quote else list(ctx.para_chain)
    speaker: list[Actor] = list(ctx.quote_speaker if ctx.quote_chain else ctx.para_speaker)
    if speaker:
        ctx.memory.speaker = speaker
    topic: list[Actor] = []
    # framed: a speech frame of this sentence (or an open quote) makes the speaker the one who
    # speaks in it; in a sentence only carried on from an earlier frame, the sentence's own subject acts
    state = {"absorbing": False, "framed": in_quote}
    ctx.sent_topic = []
    clauses = split_clauses(sent.text)
    for n, (cs, ce) in enumerate(clauses):
        ctoks = [t for t in tokens if t.start >= cs and t.end <= ce]
        frame = find_frame(ctoks, sent.text, ctx.memory)
        body = ctoks
        if frame is None and n + 1 < len(clauses) and _is_topic_clause(ctoks, sent.text, cs):
            # 对于欧盟委员会提议…，欧尔班表示，不能接受: a topic phrase, not an assertion; its first
            # party is what the reaction in the rest of the sentence is directed at
            ctx.sent_topic = coordinated(object_nps(ctoks[1:], sent.text, ctx.memory)[:1])
            continue
        if frame is not None:
            _code_frame_prefix(ctx, sent, ctoks, tokens, chain, speaker, frame, cs)
            chain = _frame_chain(ctx, frame, chain, in_quote)
            speaker = fill_codes(frame.speaker, speaker) if frame.speaker else speaker
            ctx.memory.speaker = speaker
            if frame.person:  # 施罗德表示，他支持…: the pronoun in the content is the speaker
                ctx.memory.last_person = list(frame.speaker)
            ctx.para_chain, ctx.para_speaker = list(chain), list(speaker)
            topic = speaker
            state["absorbing"] = False
            state["framed"] = True
            state["framed_here"] = True  # the speaker is named in this sentence
            body = [t for t in ctoks if t.start >= frame.content_start]
            if frame.report_only and not body:
                continue
            _update_quote(ctx, sent.text[frame.content_start:], chain, speaker)
        if state["absorbing"] and _restarts(body):
            state["absorbing"] = False  # 俄方支持…，反对…，愿同中方…: a new predicate of the same subject
        if state["absorbing"]:
            continue  # the complement of 要求/呼吁/同意 goes on to the sentence end
        topic = _code_clause(ctx, sent, body, tokens, chain, speaker, topic, frame, cs, state)
    _close_quote(ctx, sent.text)
    places = [actor_from(t) for t in tokens if t.actor is not None and t.actor.type == "place" and t.actor.code]
    if places:
        ctx.memory.last_places = places
    times = [t for t in _dating_times(tokens, sent.text) if t.meta.get("precision") == "day"]
    if times:
        ctx.frame_date = (_range_start(times, sent.text).value or "", "day")


def _restarts(body: list[Token]) -> bool:
    first = next((t for t in body if "time" not in t.kinds), None)
    return first is not None and first.trigger is not None and "restart" in first.trigger.flags


def _self_inclusive(trig: Trigger, before: list[Token], addressees: list[Actor], speaker: list[Actor]) -> bool:
    """中法双方应该…, 中欧应该…, 各方应该…: an exhortation whose addressees include the speaker, or
    nobody in particular, states a shared intent or a principle; it demands nothing of another
    party (CAMEO 02 appeal, no PLOVER event)."""
    if trig.event != "REQUEST" or trig.frame != "content":
        return False
    own = {a.code for a in speaker if a.code}
    if any(a.code in own for a in addressees):
        return True
    generic = lexicon().cue_words("generic_party")
    return any(t.text in generic or "pronoun_pair" in t.kinds for t in before) and not addressees


def _frame_chain(ctx: Context, frame: Frame, carried: list[Source], in_quote: bool) -> list[Source]:
    """The chain a new frame gives its content, innermost first.

    据X报道 / X报道 sets the paragraph's report (另据Y报道 replaces it); a speaker frame inside an
    open quote is nested speech (the quoted person quotes someone); any other speaker frame
    replaces the speaker carried from earlier sentences and keeps only the paragraph's report.
    """
    if frame.report_only or (frame.chain and frame.chain[0].role == "agency"):
        ctx.para_report = list(frame.chain)
        return list(frame.chain)
    if in_quote:
        return frame.chain + carried
    return frame.chain + ctx.para_report


def _code_frame_prefix(ctx: Context, sent: Sentence, ctoks: list[Token], tokens: list[Token],
                       chain: list[Source], speaker: list[Actor], frame: Frame, clause_start: int) -> None:
    """到访土耳其的俄罗斯外长拉夫罗夫表示: the visit in the speaker's relative clause is an event
    told by the page itself; so is the call or meeting of a 在…时 adverbial before the speech verb
    (普京14日在与芬兰总统尼尼斯托通电话时说: the call happened, the words were said during it)."""
    prefix = [t for t in ctoks if t.end <= frame.content_start]
    if any(t.trigger and ("visit_rel" in t.kinds or (t.trigger.frame == "meet" and t.trigger.event == "CONSULT"))
           for t in prefix):
        _code_clause(ctx, sent, prefix, tokens, list(chain), list(speaker), [], None, clause_start,
                     {"absorbing": False})


def _is_topic_clause(ctoks: list[Token], text: str, clause_start: int) -> bool:
    """A clause opened by 对于/针对/关于 (after leading time words) and closed by a comma."""
    first = next((t for t in ctoks if "time" not in t.kinds), None)
    return first is not None and "topic" in first.kinds and not text[clause_start:first.start].strip(" 　")


def _update_quote(ctx: Context, content: str, chain: list[Source], speaker: list[Actor]) -> None:
    if content.count("“") > content.count("”"):
        ctx.quote_chain = list(chain)
        ctx.quote_speaker = list(speaker)


def _close_quote(ctx: Context, text: str) -> None:
    if ctx.quote_chain is not None and "”" in text and text.rfind("”") > text.rfind("“"):
        ctx.quote_chain = None
        ctx.quote_speaker = []


def _code_clause(ctx: Context, sent: Sentence, body: list[Token], sent_tokens: list[Token],
                 chain: list[Source], speaker: list[Actor], topic: list[Actor],
                 frame: Frame | None, clause_start: int, state: dict[str, bool]) -> list[Actor]:
    """Code the triggers of one clause; returns the clause's subject (the topic of the next one)."""
    start = body[0].start if frame is not None and body else clause_start
    cands = []
    repelled = -1  # 击退俄军进攻: the attack noun after a repel verb is that verb's object
    for i, t in enumerate(body):
        if t.trigger is None or is_noun_use(body, i, sent.text, start) or _in_time_clause(body, i, sent.text):
            continue
        if i == repelled or _agrees_to_suspend(body, i):
            continue
        if "munition" in t.trigger.flags and not _fires_at(body, i, sent.text):
            continue  # 发射 is force only when fired at someone (向…发射了50多枚火箭弹), not a launch
        if "intransitive" in t.trigger.flags and not _no_object(sent.text, t.end):
            continue  # 俄军向…推进 is an advance; 推进军队的现代化 / 推进丝绸之路经济带 is not
        if "np_object" in t.trigger.flags and (_clause_in_object(body, i, sent.text, start)
                                               or sent.text[t.end:t.end + 1] in "，,：:"):
            continue  # 承认(，)美国向乌克兰输送了导弹 admits an act (coded itself); 承认…共和国独立 recognises
        if i == 0 and t.trigger.event == "ACCUSE" and _after_protest(ctx, sent):
            state["absorbing"] = True  # 瑞典爆发抗议活动，反对瑞典加入北约: what the protest is against
            break
        if "repel" in t.trigger.flags:
            repelled = _repelled_attack(body, i)
            if repelled < 0 and "needattack" in t.trigger.flags:
                continue  # 阻止/抵御 are acts of force only against an attack (阻止俄军进攻)
        cands.append((i, t))
        if "absorb" in t.trigger.flags:
            state["absorbing"] = True
            break
    if not cands:
        roles = read_roles(body, sent.text, ctx.memory, meet=False)
        subj = coordinated(roles.topic())
        if subj:
            ctx.memory.remember(subj, any(np.is_person for np in roles.topic()))
            return subj
        return topic
    clause_topic = topic
    governed = False  # a content trigger after a speech act (批评乌克兰一方阻碍和谈) is its content
    alleged = False
    for n, (idx, tok) in enumerate(cands):
        trig = tok.trigger
        assert trig is not None
        if trig.frame == "content" and governed:
            continue
        if alleged:
            continue  # 互相指责对方袭击核电站: the attack is what each side alleges, not an act coded here
        governed = governed or trig.event in SPEECH_ACT_EVENTS
        alleged = trig.event == "ACCUSE" and _accuses_counterpart(body, idx)
        before = body[:idx]
        after = _after(body, idx, sent.text)
        meet = trig.frame == "meet"
        roles = read_roles(before, sent.text, ctx.memory, meet)
        explicit = coordinated(roles.agent if roles.passive or roles.by_agent else roles.subj)
        inherited = False
        if trig.frame == "content":
            if not speaker:
                continue
            actors = list(speaker)
            owner = _owner(before, tok, sent.text, ctx.memory) if trig.event == "ACCUSE" else []
            if "blame" in trig.flags:
                owner = _blamed(before, tok, sent.text, ctx.memory)
                if not owner:
                    continue  # 冲突造成的损失: a noun phrase, nobody blamed
            target = owner or roles.subj or roles.rec
            if not target and _refers_to_act(before, sent.text):
                target = _opening_act_subject(sent_tokens, sent.text, ctx.memory)
            if _self_inclusive(trig, before, coordinated(target), speaker):
                continue
            accused = coordinated(owner or roles.subj)
            if trig.event == "ACCUSE" and not roles.passive and _own_side_told(accused, speaker):
                continue
            critic = _domestic_critic(speaker, trig)
            carried = [a for a in clause_topic if a.code and (critic or a.code not in {s.code for s in speaker})]
            if "harm" in trig.flags:  # 美西方…，对欧洲经济构成打击: the cause is blamed, not the harmed (对…)
                target = roles.subj
            # 美国操控乌克兰局势: the object of a wrong done to someone is the wronged, never the accused
            objects = [] if "victim" in trig.flags else object_nps(after, sent.text, ctx.memory)
            recipients = coordinated(target) if target else carried or coordinated(objects)
            if trig.event == "ACCUSE" and not owner and _unnamed_accused(sent.text, tok):
                recipients = []  # 一些国家…才是危机根源: a veiled reproach, its target left unnamed
            if not recipients and trig.event == "ACCUSE" and not state.get("framed_here"):
                # 国际人士表示，美国…。为维持自身霸权，挑动冲突的做法…: the speech goes on in a new
                # sentence whose dropped subject is the last one named, the party the speaker accuses
                recipients = _carried_target(ctx.memory.last_subject, speaker)
            if roles.topic() and not roles.passive:
                clause_topic = coordinated(roles.topic())
        else:
            previous_verb = cands[n - 1][0] if n else -1
            actors = _pivot_subject(body, previous_verb, idx, sent.text, ctx.memory) or explicit
            if not actors and trig.event == "PROTEST" and roles.subj_places:
                # 斯里兰卡首都科伦坡爆发大规模抗议活动: the people of the place protest
                by_state = {a.code: a for np in roles.subj_places for a in states_of_places(np, "CVL")}
                actors = list(by_state.values())
            if roles.passive and not roles.agent:
                continue  # 已被全面封锁: no agent named, nobody to code
            if not actors:
                inherited = True
                # a speech act with a dropped subject inside reported speech is the speaker's; after a
                # subject of its own in a sentence without a frame (15日，乌克兰最高拉达通过决议，呼吁联合国…)
                # it is that subject's, not the speaker's of the sentence before
                own = clause_topic if not state.get("framed") else []
                actors = list(own or speaker) if is_speech_act(trig) and speaker else list(clause_topic or speaker)
            recipients = _recipients(roles, after, sent.text, ctx, meet, trig, tok)
            receipt = received_from(body, idx, sent.text)
            if receipt >= 0:  # 乌方已收到了美国提供的…: the supplier gives, the receiver is given to
                actors = coordinated(read_roles(body[receipt + 1:idx], sent.text, ctx.memory, meet=False).subj)
                receiver = read_roles(body[:receipt], sent.text, ctx.memory, meet=False).subj
                recipients, inherited = coordinated(receiver) or list(clause_topic), False
            if not recipients and trig.mode == "visit":
                recipients = _host_of_place(after)
            if not any(r.code for r in recipients) and trig.event in PLACE_TARGET_EVENTS:
                recipients = _state_of_target_place(roles, after, sent.text, explicit or actors)
            if roles.topic() and not roles.passive:
                clause_topic = coordinated(roles.topic())
            if "causative" in trig.flags:
                # 爆炸 is intransitive: its subject is what blew up or where; only the subject of a
                # causing verb (乌克兰政府军制造了…爆炸) did it.  With none named, the act waits for an
                # allegation that names one (这一事件是乌克兰所为); else nobody is coded
                actors = _causer(before, sent.text, ctx.memory)
                if not actors:
                    pending = _make_event(ctx, sent, sent_tokens, body, idx, tok, trig, [], [], chain, roles,
                                          False, frame)
                    ctx.agentless = [pending] if pending is not None else []
                    continue
                inherited = False
            if "repel" in trig.flags:
                # 乌军击退俄军进攻: the attack is the attacker's act against the side repelling it
                actors, recipients = recipients, actors
                if roles.passive and not actors:
                    # 乌军特种部队…试图登陆，被俄军击退: the repelled subject attacked the repeller
                    actors = coordinated(roles.subj) or list(clause_topic)
                inherited = inherited and not actors
            visit = _relative_visit(body, idx, tok, sent.text, ctx)
            if visit is not None:
                actors, recipients = visit
                inherited = False
            if not recipients and trig.event in REACTION_EVENTS and ctx.sent_topic:
                recipients = list(ctx.sent_topic)
            if not recipients and trig.event in TOPIC_REACTIONS:
                # 美方…背道而驰，中方表示严重关切: disapproval of what the previous clause's subject did
                recipients = [a for a in topic if a.code and a.code not in {x.code for x in actors}]
            if not recipients and _anaphoric_object(before, after, tok, sent.text):
                recipients = _perpetrators(ctx.events, actors)
            threat = _conditional_threat(sent_tokens, body, idx, trig, actors, speaker, sent.text, ctx.memory)
            if threat is not None:
                trig, actors, recipients = threat
            elif "consequent" in trig.flags:
                continue  # 采取措施 threatens only as the consequence of a condition
        actors = fill_codes(actors, speaker)
        multilateral = meet and not recipients and len({a.code for a in actors if a.code}) >= MULTILATERAL_PARTIES
        if meet and not recipients and len({a.code for a in actors}) > 1 and not multilateral:
            actors, recipients = actors[:1], actors[1:]  # 普京和埃尔多安举行会谈: the first meets the second
        actor_codes = {a.code for a in actors if a.code}
        if not _domestic_critic(actors, trig):
            recipients = _distinct_recipients(actors, recipients, trig.frame == "content" or meet)
            recipients = _foreign_recipients(actors, recipients, trig.event)
        if alleged and not recipients and len({a.code for a in actors if a.code}) > 1:
            recipients = list(actors)  # 俄乌双方互相指责对方: each side accuses the other
        if not actor_codes and (inherited or not recipients or not actors):
            continue  # nobody to code: an unnamed actor is kept only with a named recipient
        if meet and not recipients and not multilateral and not _body_meeting(trig, actor_codes, roles, tok,
                                                                             sent.text):
            continue  # a meeting needs a counterpart, unless it is a multilateral body's own (独联体…会晤)

        ev = _make_event(ctx, sent, sent_tokens, body, idx, tok, trig, actors, recipients, chain, roles,
                         inherited, frame)
        if ev is None or _follow_up_force(ctx.events, ev, ctx.page.text) or _package_measure(ctx.events, ev):
            continue
        if "deny" in trig.flags and _denies_claim(sent.text, tok):
            # 否认俄方指控: a denial of responsibility is no event (gold convention); its subject
            # is still the topic of what follows (…，并称是俄方实施了相关炮击)
            ctx.memory.remember(explicit, any(np.is_person for np in roles.subj))
            continue
        for one in _one_per_counterpart(ev, sent.text, body, tok) if meet else [ev]:
            ctx.events.append(one)
            _assign_perpetrator(ctx, one, body[:idx])
            if not any("time" in t.kinds and t.value for t in sent_tokens):
                ctx.undated.add(id(one))
        if meet and recipients:
            ctx.memory.last_pair = actors + recipients
        if roles.topic() and not roles.passive:
            remembered = coordinated(roles.compeller) if roles.pivot else explicit
            ctx.memory.remember(remembered, any(np.is_person for np in roles.topic()))
    return clause_topic


PHRASE_END_CHARS = frozenset("，,。；;！？!?”")
# what a speaker's side says it will do if a condition is met: the statement is a threat (CAMEO 138)
RETALIATION_EVENTS = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION"})
CONDITIONAL_THREAT = "conditional_threat"


SUSPEND_LEAD = 4  # adverbs between an agreement verb and the suspending verb (全面, 无限期)


def _agrees_to_suspend(body: list[Token], idx: int) -> bool:
    """欧盟成员国外长同意全面中止欧盟与俄罗斯签证便利化协议: agreeing among themselves to suspend an
    accord is no agreement with anyone; the suspension right after it is the act (SANCTION, 160)."""
    tok = body[idx]
    if tok.trigger is None or tok.trigger.event != "AGREE" or idx + 1 >= len(body):
        return False
    nxt = body[idx + 1]
    return (nxt.trigger is not None and "accord" in nxt.trigger.flags
            and nxt.start - tok.end <= SUSPEND_LEAD)


def _conditional_threat(sent_tokens: list[Token], body: list[Token], idx: int, trig: Trigger,
                        actors: list[Actor], speaker: list[Actor], text: str,
                        memory: Memory) -> tuple[Trigger, list[Actor], list[Actor]] | None:
    """普京表示，如果西方国家向乌克兰提供…武器，俄将打击…目标: force or countermeasures the speaker's
    own side will take if another party acts are not a hypothetical act but a threat made now,
    by the speaker, against the party of the condition (gold dev2 E06-12).  Returns the THREATEN
    trigger, the speaker and the threatened party."""
    if trig.event not in RETALIATION_EVENTS or not speaker or not body:
        return None
    own = {a.code for a in speaker if a.code}
    if not own or any(a.code not in own for a in actors):
        return None
    if not any("future" in t.kinds for t in body[:idx]):
        return None
    cond = next((t for t in sent_tokens if "conditional" in t.kinds and t.end <= body[0].start), None)
    if cond is None:
        return None
    clause = [t for t in sent_tokens if cond.end <= t.start and t.end <= body[0].start]
    first_verb = next((k for k, t in enumerate(clause) if t.trigger is not None), len(clause))
    target = [a for a in coordinated(read_roles(clause[:first_verb], text, memory, meet=False).subj)
              if a.code and a.code not in own]
    if not target:
        return None
    threat = replace(trig, event="THREATEN", mode="violence", cameo="138",
                     flags=trig.flags | {CONDITIONAL_THREAT})
    return threat, list(speaker), target


# sectors of a speaker who speaks for their state: its own forces' conduct is a report, no allegation
OFFICIAL_SECTORS = frozenset({"GOV", "MIL"})


# who may blame their own state in public: citizens, scholars, the press (美国国内人士/美国专家/《纽约时报》指出…)
CRITIC_SECTORS = frozenset({"CVL", "EDU", "JRN", "OPP"})


def _domestic_critic(actors: list[Actor], trig: Trigger) -> bool:
    """美国国内人士指出，美国…拱火: a citizen, scholar or newspaper blaming its own state accuses it; a
    government or army speaking of its own side does not (that is _own_side_told's report)."""
    return (trig.frame == "content" and trig.event == "ACCUSE" and bool(actors)
            and all(a.sector in CRITIC_SECTORS for a in actors))


def _unnamed_accused(text: str, tok: Token) -> bool:
    """一些国家应尽快抛弃冷战思维: a reproach of 一些国家/个别国家 names nobody it accuses."""
    clause = text[:tok.start]
    clause = clause[max(clause.rfind(c) for c in "，。；：") + 1:]
    return any(w in clause for w in text_words("unnamed_party"))


def _own_side_told(subjects: list[Actor], speaker: list[Actor]) -> bool:
    """俄罗斯国防部称，俄军利用高精度武器打击…: what a government or military speaker says its own
    side does is a report of that side's acts, not an allegation against it (an American legislator
    saying 美国试图利用俄乌冲突 still accuses the USA)."""
    own = {a.code for a in speaker if a.code and a.sector in OFFICIAL_SECTORS}
    return bool(subjects) and bool(own) and all(a.code in own for a in subjects)


def _blamed(before: list[Token], tok: Token, text: str, memory: Memory) -> list[NP]:
    """能源危机是西方制裁造成的: in 是…造成的 closing its phrase, the party after the copula is blamed."""
    if text[tok.end:tok.end + 1] not in PHRASE_END_CHARS:
        return []
    cop = text.rfind("是", 0, tok.start)
    if cop < 0:
        return []
    return read_roles([t for t in before if t.start > cop], text, memory, meet=False).subj[:1]


def _after_protest(ctx: Context, sent: Sentence) -> bool:
    """The last event coded is a protest of this sentence: a clause opening on 反对 with no subject of
    its own states the protest's cause, and what it opposes is no act of the protesters."""
    if not ctx.events or ctx.events[-1].event != "PROTEST":
        return False
    return ctx.events[-1].sentence_start == ctx.story.page_span(sent.start, sent.start + 1)[0]


def _fires_at(body: list[Token], idx: int, text: str) -> bool:
    """向顿涅茨克的沃罗什洛夫区发射了50多枚火箭弹: a direction marker (向/对) before the verb and a
    munition named in the rest of its phrase."""
    if not any(t.kinds & {"to"} or t.text == "对" for t in body[:idx]):
        return False
    rest = re.split(r"[，,。；;]", text[body[idx].end:], maxsplit=1)[0]
    return any(w in rest for w in text_words("munition"))


def _carried_target(last_subject: list[Actor], speaker: list[Actor]) -> list[Actor]:
    """The last subject named, when it is a party other than the speaker."""
    own = {a.code for a in speaker}
    return [a for a in last_subject if a.code and a.code not in own]


def _owner(before: list[Token], tok: Token, text: str, memory: Memory) -> list[NP]:
    """西方霸权主义 / 美国霸权: a party written right against an allegation noun owns it; it is the
    target however the rest of the clause parses (俄乌冲突是西方霸权主义肆意扩张的产物)."""
    prev = before[-1] if before else None
    if prev is None or prev.end != tok.start or "actor" not in prev.kinds:
        return []
    if not bound_ok(prev, text, before, len(before) - 1):
        return []  # 在冲突中拱火: 中 is the locative, not China
    marker = before[-2] if len(before) > 1 and before[-2].end == prev.start else None
    if marker is not None and marker.kinds & {"means", "at", "to"} and not _verb_suffix(marker, text):
        return []  # 美国通过北约操控…, 在乌克兰挑起冲突, 对俄罗斯构成威胁: a means, a place, a target
    np = build_np([prev], text, memory)
    return [np] if np is not None and np.actors and not np.is_place else []


def _pivot_subject(body: list[Token], prev: int, idx: int, text: str, memory: Memory) -> list[Actor]:
    """反对德国政府向乌克兰提供重型武器 / 呼吁美国向乌克兰停止提供武器: between an earlier verb and this
    one, a party followed by a 向/对 phrase is the subject of this verb (the object of the earlier one
    opens a clause of its own)."""
    if prev < 0:
        return []
    between = body[prev + 1:idx]
    to = next((k for k, t in enumerate(between) if "to" in t.kinds), -1)
    if to <= 0 or not all(t.kinds & NP_KINDS and not t.trigger for t in between[:to]):
        return []
    if text[between[to - 1].end:between[to].start].strip():
        return []  # 要求欧洲维持对俄罗斯的制裁: a verb stands between the party and 对
    return coordinated(read_roles(between[:to], text, memory, meet=False).subj)


# 这种做法 / 这一举动 / 此举: the act just named, whose doer a charge about it accuses
ACT_ANAPHORS = ("这种", "这一", "这个", "此种", "该")
TOPIC_OPENERS = ("对于", "针对", "关于")


def _refers_to_act(before: list[Token], text: str) -> bool:
    if not before:
        return False
    return any("event_noun" in t.kinds and text[:t.start].endswith(ACT_ANAPHORS) for t in before) \
        or "此举" in text[before[0].start:before[-1].end]


def _opening_act_subject(sent_tokens: list[Token], text: str, memory: Memory) -> list[NP]:
    """对于美国向乌克兰提供“爱国者”…，普京表示，这种做法只会延长俄乌冲突: the sentence opens on an act
    (对于 + clause); the party doing it is what 这种做法 points back to."""
    if not text.lstrip().startswith(TOPIC_OPENERS):
        return []
    comma = next((i for i, ch in enumerate(text) if ch in "，,"), len(text))
    opening = [t for t in sent_tokens if t.end <= comma]
    verb = next((k for k, t in enumerate(opening) if t.trigger is not None), -1)
    if verb <= 1:
        return []
    return read_roles(opening[1:verb], text, memory, meet=False).subj


def _verb_suffix(marker: Token, text: str) -> bool:
    """源于美霸权, 在于北约扩张: 于 closing a verb introduces its object, not a place."""
    return marker.text == "于" and marker.start > 0 and "\u4e00" <= text[marker.start - 1] <= "\u9fff"


ALLEGE_MODE = "allege"


def _assign_perpetrator(ctx: Context, ev: Event, before: list[Token]) -> None:
    """别尔哥罗德市发生爆炸。…表示，这一事件是乌克兰所为: an allegation about "this event" names the
    perpetrator of the agentless act told just before; that act is coded with the accused as its
    actor, attributed to the accuser (gold convention: X表示，Y炮击了Z is Y's act, told by X)."""
    if not ctx.agentless or ev.event != "ACCUSE" or ev.mode != ALLEGE_MODE or not ev.recipient:
        return
    if not any(t.kinds & {"determiner", "anaphor_det", "anaphor_event"} for t in before):
        return
    act = ctx.agentless.pop()
    act.actor = list(ev.recipient)
    accuser = [Source(text=a.entity_text, role="speaker", entity_id=a.entity_id, code=a.code) for a in ev.actor]
    act.attribution = accuser + [s for s in ev.attribution if s.text not in {a.text for a in accuser}]
    ctx.events.insert(len(ctx.events) - 1, act)  # told before the allegation


def _causer(before: list[Token], text: str, memory: Memory) -> list[Actor]:
    """The subject of the causing verb (制造/策划/实施) that governs an intransitive act: the phrase
    between that verb and the verb or speech word before it (民间武装指责|乌克兰政府军|制造了)."""
    for j in range(len(before) - 1, -1, -1):
        tok = before[j]
        if "causer" in tok.kinds:
            start = next((k + 1 for k in range(j - 1, -1, -1)
                          if before[k].trigger is not None or "speech" in before[k].kinds), 0)
            return coordinated(read_roles(before[start:j], text, memory, meet=False).subj)
        if tok.trigger is not None or "speech" in tok.kinds:
            return []
    return []


def _denies_claim(text: str, tok: Token) -> bool:
    """否认俄方指控 / 否认参与袭击: what is denied is a claim or one's own part in an act; 对此予以否认
    (nothing after the verb) denies the claim just told."""
    rest = _clause_object(text, tok.end)
    return not rest.strip(" 　”’") or any(w in rest for w in lexicon().cue_words("claim_noun"))


def _accuses_counterpart(body: list[Token], idx: int) -> bool:
    """指责对方发动袭击: the accused is the other side (a reciprocal pronoun right after the verb)."""
    nxt = body[idx + 1] if idx + 1 < len(body) else None
    return nxt is not None and nxt.start == body[idx].end and "reciprocal" in nxt.kinds


# what may follow a verb of movement that takes no object: the clause end, an aspect, a goal or a distance
INTRANSITIVE_NEXT = re.compile(r"[，,。；;、）)]|$|了|到|至|过|着|[0-9一二两三四五六七八九十数几百约近]")


def _clause_in_object(body: list[Token], idx: int, text: str, start: int) -> bool:
    """承认美国向乌克兰输送了导弹: the object holds a verb of its own (not one modifying a noun, as in
    承认乌克兰东部民间武装控制的两个地区独立)."""
    return any(body[j].trigger is not None and not is_noun_use(body, j, text, start) for j in range(idx + 1, len(body)))


def _no_object(text: str, end: int) -> bool:
    return INTRANSITIVE_NEXT.match(text, end) is not None


def _repelled_attack(body: list[Token], idx: int) -> int:
    """Index of the attack noun a repel verb governs (击退了俄军在卢甘斯克的攻击), or -1."""
    for j in range(idx + 1, len(body)):
        tok = body[j]
        if "attack_noun" in tok.kinds:
            return j
        if tok.trigger is not None or "speech" in tok.kinds:
            return -1
    return -1


TIME_FRAME_OPEN = frozenset({"在", "于"})
DISAPPROVAL_EVENTS = frozenset({"ACCUSE", "REJECT"})
# reactions to what the previous clause's subject did (美方…背道而驰，中方表示严重关切 /
# 中国取得卓越发展成就，俄方表示衷心祝贺)
TOPIC_REACTIONS = DISAPPROVAL_EVENTS | {"SUPPORT"}
# verbal reactions whose target may be the sentence's 对于/针对 topic
REACTION_EVENTS = frozenset({"REJECT", "ACCUSE", "SUPPORT", "AGREE", "REQUEST", "THREATEN"})
# conflict quads: the events an anaphor (这些攻击活动, 对此) of a later reaction points back to
CONFLICT_QUADS = frozenset({3, 4})


OUTCOME_MODE = "destroy"  # 摧毁/击毁: the result of a strike, not a strike of its own


def _follow_up_force(events: list[Event], ev: Event, text: str) -> bool:
    """俄军继续打击乌军目标，摧毁了部分“海马斯”火箭炮系统 / 俄军…打击乌军人员，摧毁…的乌方弹药库:
    a further act of the same type by the same actor in the same sentence, at no place of its own,
    is the outcome of the act already coded when it names no target, or when it destroys what a
    plain strike (打击) of the same side hit.  A new place (并在赫尔松州和顿涅茨克等地，摧毁…) makes a
    new act; 击落乌军战机 after 打击乌军 is a further act of the report (gold leaves it optional)."""
    if QUAD.get(ev.event) != 4:
        return False
    codes = {a.code for a in ev.actor if a.code}
    targets = {r.code for r in ev.recipient if r.code}
    if not codes or (targets and ev.mode != OUTCOME_MODE):
        return False
    place = ev.event_loc.name if ev.event_loc is not None else None
    return any(
        e.sentence_start == ev.sentence_start and e.event == ev.event and e.aux == ev.aux
        and codes <= {a.code for a in e.actor} and place in (None, _place_name(e))
        and (not targets or (e.mode is None and targets <= {r.code for r in e.recipient}))
        and not _new_place_between(text, e.end, ev.start) for e in events)


def _package_measure(events: list[Event], ev: Event) -> bool:
    """欧盟通过对俄新制裁提案，禁止进口俄黄金: a sanction measure named without a target after the
    same actor's sanction in the same sentence is a measure of that package, not a second act."""
    if ev.event != "SANCTION" or ev.recipient:
        return False
    codes = {a.code for a in ev.actor if a.code}
    return bool(codes) and any(
        e.sentence_start == ev.sentence_start and e.event == ev.event and e.recipient
        and codes <= {a.code for a in e.actor} for e in events)


# a clause that opens with a locative preposition (，并在赫尔松州和顿涅茨克等地，): a place of its own for
# what follows; 位于 inside a noun phrase (打击了位于哈尔科夫的…工厂) opens none
NEW_PLACE_CLAUSE = re.compile(r"[，,；;](?:并|还|又|同时|此外)*[在于]")


def _new_place_between(text: str, start: int, end: int) -> bool:
    return NEW_PLACE_CLAUSE.search(text, start, max(start, end)) is not None


def _place_name(ev: Event) -> str | None:
    return ev.event_loc.name if ev.event_loc is not None else None


def _distinct_recipients(actors: list[Actor], recipients: list[Actor], exclusive: bool) -> list[Actor]:
    """Recipients that are not the actor itself.  Two bodies of one state may act on each other
    (安理会支持秘书长, 乌军方命令部队), but an allegation never targets the speaker's own side and a
    meeting needs another party (``exclusive``)."""
    same = {a.entity_id for a in actors if a.entity_id} | {a.identifier_text or a.entity_text for a in actors}
    codes = {a.code for a in actors}
    return [r for r in recipients if r.code and r.entity_id not in same
            and (r.identifier_text or r.entity_text) not in same and not (exclusive and r.code in codes)]


# PLOVER codes what a state does to others: a cooperative or verbal act of a state towards its
# own people or firms (芬兰政府向该国电力公司提供贷款, 为时代之问提供中国答案) is domestic policy
NON_STATE_CODES = frozenset({"UNO", "IGO", "EUR", "NGO", "MNC", "IMG", "ISM", "UNK"})


def _foreign_recipients(actors: list[Actor], recipients: list[Actor], event: str) -> list[Actor]:
    if QUAD.get(event) == 4:
        return recipients  # force and protest inside a state are events (乌军方命令部队, 逮捕)
    states = {a.code for a in actors if a.code and a.code not in NON_STATE_CODES}
    return [r for r in recipients if r.code not in states]


def _relative_visit(body: list[Token], idx: int, tok: Token, text: str,
                    ctx: Context) -> tuple[list[Actor], list[Actor]] | None:
    """到访土耳其的俄罗斯外长拉夫罗夫: a visit verb in a relative clause; the head noun after 的
    is the visitor, the verb's object the host."""
    if "visit_rel" not in tok.kinds:
        return None
    de = text.find("的", tok.end)
    stop = min((text.find(p, tok.end) for p in "，,。；" if text.find(p, tok.end) >= 0), default=len(text))
    if de < 0 or de > stop:
        return None
    rest = body[idx + 1:]
    objs = object_nps([t for t in rest if t.end <= de], text, ctx.memory)
    head = object_nps([t for t in rest if t.start > de], text, ctx.memory)
    if not objs or not head:
        return None
    return coordinated(head[:1]), coordinated(objs[:1])


# force against a place named as its target hits the state the place lies in
PLACE_TARGET_EVENTS = frozenset({"ASSAULT"})


def _state_of_target_place(roles: Roles, after: list[Token], text: str, actors: list[Actor]) -> list[Actor]:
    """俄军对哈尔科夫展开了打击 / 打击了乌克兰哈尔科夫州多个…仓库: the target is named only through a
    place; the recipient is the state it lies in, unless that is the actor's own (乌军向扎波罗热核电站
    开火: fire on a place one's own state claims names no party).  A place of the act (在…) is no target."""
    places = [a for np in roles.target_places for a in np.places] or object_places(after, text)
    own = {a.code for a in actors if a.code}
    for place in places:
        if place.code and place.code not in own:
            return [Actor(entity_text=place.entity_text, identifier_text=place.identifier_text,
                          entity_id=place.entity_id, wikidata_id=place.wikidata_id, code=place.code, sector=None)]
    return []


def _host_of_place(after: list[Token]) -> list[Actor]:
    """访问俄罗斯首都莫斯科: a visit to a place is a visit to the state it lies in."""
    for tok in after:
        if tok.actor is not None and tok.actor.type == "place" and tok.actor.code:
            return [actor_from(tok)]
    return []


def _anaphoric_object(before: list[Token], after: list[Token], tok: Token, text: str) -> bool:
    """谴责这些攻击活动 / 对此作出回应: the act refers back to an event already told (这些议题
    refers back to no event)."""
    if after and "anaphor_det" in after[0].kinds and after[0].start - tok.end <= 1:
        head = text[after[0].end:after[0].end + 6]
        return any(head.startswith(w, i) for i in range(3) for w in _event_nouns())
    return any("anaphor_event" in t.kinds for t in before)


@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    lex = lexicon()
    return frozenset(lex.cue_words("event_noun") | {w for w, t in lex.triggers.items() if t.frame != "content"})


def _perpetrators(events: list[Event], actors: list[Actor]) -> list[Actor]:
    """Who did the latest conflict event (for an allegation, whom it blames), other than ``actors``."""
    own = {a.code for a in actors}
    for ev in reversed(events):
        if QUAD.get(ev.event) not in CONFLICT_QUADS:
            continue
        parties = ev.recipient if ev.event == "ACCUSE" else ev.actor
        found = [a for a in parties if a.code and a.code not in own]
        if found:
            return found
    return []


def _in_time_clause(body: list[Token], idx: int, text: str) -> bool:
    """在俄军控制布查镇期间: an act inside a 在…期间/之际 adverbial is the time frame, not news."""
    tok = body[idx]
    if not any(t.text in TIME_FRAME_OPEN for t in body[:idx]):
        return False
    rest = text[tok.end:].split("，", 1)[0].split(",", 1)[0]
    return any(w in rest for w in lexicon().cue_words("time_frame_close"))


SHARED_OBJECT_JOINS = ("并", "和", "与", "、", "及")


def _after(body: list[Token], idx: int, text: str) -> list[Token]:
    out = []
    contents_end = holding_relative_end(body[idx + 1:], text)  # 存放有…发射系统的乌军修理点: one object
    for j in range(idx + 1, len(body)):
        tok = body[j]
        if tok.start < contents_end:
            out.append(tok)
            continue
        if j == idx + 1 and tok.trigger and text[body[idx].end:tok.start] in SHARED_OBJECT_JOINS:
            continue  # 没收并出售…资产: two verbs joined before one object share it
        if tok.trigger and "passive" in body[j - 1].kinds and text.startswith("的", tok.end):
            out.append(tok)
            continue  # 没收遭制裁的俄罗斯实体的资产: a passive relative describes the object
        if (tok.trigger and not is_relative_modifier(body, j, text)) or "speech" in tok.kinds:
            break  # 打击了部署在巴赫穆特的乌军: a verb modifying the object does not end it
        out.append(tok)
    return out


def _recipients(roles: Roles, after: list[Token], text: str, ctx: Context, meet: bool, trig: Trigger,
                tok: Token) -> list[Actor]:
    if roles.passive:
        return coordinated(roles.subj)
    if roles.rec:
        return coordinated(roles.rec)
    objs = object_nps(after, text, ctx.memory)
    if not objs or (is_relative(tok, text, objs[-1].end) and not roles.subj):
        return []
    # an accord's parties are named together (中止欧盟与俄罗斯签证便利化协议): all are kept, and the
    # actor's own name among them is dropped later as no recipient
    whole = "absorb" in trig.flags or "accord" in trig.flags
    return coordinated(objs if whole else objs[:1])


def _make_event(ctx: Context, sent: Sentence, sent_tokens: list[Token], body: list[Token], idx: int,
                tok: Token, trig: Trigger, actors: list[Actor], recipients: list[Actor],
                chain: list[Source], roles: Roles, inherited: bool, frame: Frame | None) -> Event | None:
    before = body[:idx]
    sentence_before = [t for t in sent_tokens if t.end <= tok.start]
    mod = read_modality(before, sentence_before, trig.event, sent.text)
    if "future" in trig.flags and "future" not in mod.aux:
        return None
    if "needrec" in trig.flags and not recipients:
        return None
    if "mil" in trig.flags and not any(a.sector == "MIL" or "军" in a.entity_text for a in actors) \
            and not _takes_place(body, idx):
        return None
    event, mode, cameo = trig.event, trig.mode, trig.cameo
    if mod.refuse and "wish" in trig.flags:
        return None  # 美国人民不希望与俄罗斯发生冲突: a wish not to do something refuses nobody
    if mod.refuse:
        event, mode, cameo = "REJECT", None, "12"
    if event == "CONSULT" and mode is None and any(t.text in ("到访", "访问", "来访") for t in body):
        mode = "visit"
    if event == "AGREE" and _clause_object_ends(sent.text, tok.end, "decree"):
        return None  # 普京签署部分动员法令 / 拜登签署“新租借法案”: a state's own law binds no counterpart
    if "accord" in trig.flags and not _clause_object_ends(sent.text, tok.end, "accord"):
        return None  # 中止 reduces relations only when what it halts is an accord (中止…签证便利化协议)
    if event == "AGREE" and _application(sent.text, tok.end):
        event, mode, cameo = "REQUEST", None, "10"  # 签署了乌克兰加入北约的申请: an application asks
    if event == "REQUEST" and recipients and _ordered_out(sent.text, tok.end):
        event, mode, cameo = "SANCTION", "expel", "166"  # 要求…副馆长离境: a demand to leave expels
    if event == "SUPPORT" and _material(sent.text, tok.start):
        event, cameo = "AID", "070"  # 军事支持/资金支持: material support is aid (PLOVER manual)
    if event == "AID" and mode is None:
        mode, cameo = _aid_kind(sent.text, tok.end) or (mode, cameo)  # 提供重型武器: military aid
    date, precision = _date_for(ctx, sentence_before, before, body, idx, mod.aux, sent.text)
    aux = list(mod.aux)
    if "future" not in aux and _due_by_deadline(before, sent.text, ctx.story.reference_date):
        aux.append("future")  # 今年年底前全面禁止进口: the ban is due, not done
    if CONDITIONAL_THREAT in trig.flags:
        aux = [a for a in aux if a not in ("hypothetical", "future")]  # the threat itself is made now
    if is_historical(date, ctx.story.reference_date) and "historical" not in aux:
        aux.append("historical")
    if "hypothetical" not in aux and any("premature" in t.kinds for t in body[idx + 1:]):
        aux.append("hypothetical")  # 现在谈论俄军从赫尔松撤离为时尚早: what it is too early to discuss
    story = ctx.story
    c_start = body[0].start if body else tok.start
    c_end = max(t.end for t in body) if body else tok.end
    ev_start, ev_end = story.page_span(sent.start + min(c_start, tok.start), sent.start + max(c_end, tok.end))
    s_start, s_end = story.page_span(sent.start, sent.start + len(sent.text.rstrip()))
    # a charge's content (操控北约以控制欧洲) names places of the alleged conduct, not of the accusation
    place = _place(roles, body, sent.text, anywhere=trig.frame != "content")
    confidence = 0.75 - (0.2 if inherited else 0) - (0.15 if {"negation", "hypothetical"} & set(aux) else 0)
    confidence += 0.1 if recipients else 0
    return Event(
        id="", doc=ctx.page.doc, page_id=ctx.page.id, story_id=story.id, event=event,
        start=ev_start, end=ev_end, event_text=ctx.page.text[s_start:s_end], mode=mode,
        quad_code=QUAD.get(event), cameo=cameo, context=cameo_context(trig), actor=actors,
        recipient=recipients, date=date, date_precision=precision,  # type: ignore[arg-type]
        event_loc=place, attribution=_attribution(chain, actors, trig), aux=aux, qualifier=mod.qualifier,
        teaser=story.kind == "teaser", trigger=tok.text, sentence_start=s_start, sentence_end=s_end,
        confidence=round(max(0.05, min(0.95, confidence)), 2), coder=CODER,
    )


def _application(text: str, end: int) -> bool:
    """签署了乌克兰加入北约的申请: what is signed (the object, up to the clause end) is an application."""
    return _clause_object_ends(text, end, "application")


def _clause_object(text: str, end: int) -> str:
    """What follows the verb ending at ``end`` up to the clause end: its object."""
    return re.split(r"[，,。；;：:]", text[end:], maxsplit=1)[0]


def _clause_object_ends(text: str, end: int, kind: str) -> bool:
    """The verb's object (closing quotes aside) ends in a text_cues word of ``kind``."""
    rest = _clause_object(text, end).rstrip("”’」")
    return any(rest.endswith(w) for w in text_words(kind))


def _ordered_out(text: str, end: int) -> bool:
    """要求美国驻俄大使馆副馆长巴特·戈尔曼离境: the demand's clause ends in a departure word, so the
    one asked is being ordered out of the country (CAMEO 166, expel)."""
    return _clause_object_ends(text, end, "departure")


def _material(text: str, start: int) -> bool:
    """军事支持 / 对乌克兰军事支持: a material word right before the support word makes the support
    material."""
    left = text[max(0, start - 8):start]
    return any(left.endswith(w) for w in text_words("material"))


# What an aid word gives, read from its object: (PLOVER mode, CAMEO code), the first kind found winning,
# so that 价值4亿美元的武器 is military aid and 15亿欧元资金 monetary.
_AID_KINDS = (("aid_military", "military", "072"), ("aid_humanitarian", "humanitarian", "073"),
              ("aid_monetary", "monetary", "071"))


def _aid_kind(text: str, end: int) -> tuple[str, str] | None:
    """向乌克兰提供重型武器: the object of an aid verb (up to the clause end) says what kind of aid it is."""
    rest = _clause_object(text, end)
    for kind, mode, cameo in _AID_KINDS:
        if any(w in rest for w in text_words(kind)):
            return mode, cameo
    return None


def _one_per_counterpart(ev: Event, text: str, body: list[Token], tok: Token) -> list[Event]:
    """普京将分别与土伊两国总统举行双边会谈: 分别 before talks with several counterparts makes one
    meeting with each, not one meeting of all."""
    if ev.event != "CONSULT" or len(ev.recipient) < 2 or not body:
        return [ev]  # 俄乌分别与土耳其和联合国签署协议: the grain deal's mirror texts are one agreement
    before = text[body[0].start:tok.start]
    if not any(w in before for w in text_words("distributive")):
        return [ev]
    return [replace(ev, recipient=[r]) for r in ev.recipient]


def _takes_place(body: list[Token], idx: int) -> bool:
    """控制了…赫尔松州: a military verb whose object is a place is military whoever the subject is."""
    for tok in body[idx + 1:]:
        if tok.trigger is not None or "speech" in tok.kinds:
            return False
        if tok.actor is not None and tok.actor.type == "place":
            return True
    return False


def _attribution(chain: list[Source], actors: list[Actor], trig: Trigger) -> list[Source]:
    """The chain, minus the speaker when the speech act itself is the event (X批评Y)."""
    if trig.frame == "content":
        return chain[1:] if chain else []
    out = list(chain)
    if out and is_speech_act(trig):
        codes = {a.code for a in actors}
        if out[0].code in codes and out[0].role == "speaker":
            out = out[1:]
    return out


# what joins the two ends of a span of days (本月5日—17日, 4日至5日)
RANGE_LINKS = frozenset({"—", "－", "-", "–", "~", "～", "至", "到", "——"})


def _range_start(times: list[Token], text: str) -> Token:
    """本月5日—17日，…将举行军演: an event over a span of days starts on its first day; the last time
    of the clause is the span's end (and, written without its month, may resolve to another month)."""
    last = times[-1]
    if len(times) >= 2 and text[times[-2].end:last.start].strip() in RANGE_LINKS:
        return times[-2]
    return last


# A day or a year's end closed by 前 (5月1日前, 今年年底前; not 两天前 "ago") is a deadline: when the act is
# due, not when it was decided or reported (欧盟委员会4日提交…提案，其中包括今年年底前全面禁止进口…: the 4th).
_DEADLINE_AFTER_DAY = re.compile(r"(?:以)?前")
_DEADLINE_AFTER_TIME = re.compile(r"(?:年底|年内|月底|底)(?:以)?前")


def _deadline(t: Token, text: str) -> bool:
    if not text:
        return False
    if t.text.endswith(("日", "号")) and _DEADLINE_AFTER_DAY.match(text, t.end):
        return True
    return bool(_DEADLINE_AFTER_TIME.match(text, t.end))


def _dating_times(tokens: list[Token], text: str) -> list[Token]:
    """The resolved time expressions that may date an act: all but deadlines."""
    return [t for t in tokens if "time" in t.kinds and t.value and not _deadline(t, text)]


def _due_by_deadline(before: list[Token], text: str, reference: str | None) -> bool:
    """A deadline before the verb that has not passed on the story's day: the act is still to come."""
    for t in before:
        if "time" in t.kinds and t.value and _deadline(t, text):
            return reference is None or t.value >= reference[:len(t.value)]
    return False


def _date_for(ctx: Context, sentence_before: list[Token], before: list[Token], body: list[Token], idx: int,
              aux: list[str], text: str = "") -> tuple[str | None, str]:
    times = (_dating_times(before, text) or _dating_times(sentence_before, text)
             or _dating_times(body[idx + 1:], text))
    if times:
        t = _range_start(times, text)
        return t.value, str(t.meta.get("precision") or "day")
    if ctx.frame_date:
        return ctx.frame_date
    if ctx.story.reference_date:
        return ctx.story.reference_date, ctx.story.reference_precision
    return None, "unknown"


def _place(roles: Roles, body: list[Token], text: str, anywhere: bool = True) -> Place | None:
    """The clause's 在/于 place, else (``anywhere``) the first place it names."""
    for np in roles.loc:
        toks = [t for t in body if np.start <= t.start and t.end <= np.end]
        return _place_for(np.text, toks)
    places = [t for t in body if t.actor and t.actor.type == "place"] if anywhere else []
    if places:
        return _place_for(places[0].text, places[:1])
    return None


def _merge(events: list[Event], lead: set[int] | None = None) -> list[Event]:
    """One event per action: same type, parties and day in one story are one event.

    A lead event joined here with its body telling has been paired: it is no longer a lead event for
    ``merge_lead_retold`` (which pairs each lead event with one body event), so a second body strike
    of that day (俄军还打击了顿涅茨克6个弹药库 joined the lead; 俄军…打击了乌克兰的指挥所 stays) is kept."""
    out: list[Event] = []
    index: dict[tuple[object, ...], list[Event]] = {}
    for ev in events:
        key = (ev.event, frozenset(a.code for a in ev.actor), frozenset(r.code for r in ev.recipient), ev.date,
               tuple(ev.aux), _strike_site(ev))
        first = next((e for e in index.get(key, []) if not _other_sides_report(e, ev)
                      and not _two_speakers(e, ev)), None)
        if first is None:
            index.setdefault(key, []).append(ev)
            out.append(ev)
            continue
        if lead is not None and id(first) in lead and id(ev) not in lead:
            lead.discard(id(first))
        seen = {s.text for s in first.attribution}
        first.attribution += [s for s in ev.attribution if s.text not in seen]
        first.confidence = max(first.confidence, ev.confidence)
    return out


# 法国、德国、俄罗斯和乌克兰的代表举行四方会谈: three parties or more meet together, all of them actors
MULTILATERAL_PARTIES = 3
# bodies whose meetings are among their members: 独联体国家领导人非正式会晤…举行 names no counterpart
MULTILATERAL_CODES = frozenset({"IGO", "UNO", "EUR"})


def _body_meeting(trig: Trigger, actor_codes: set[str], roles: Roles, tok: Token, text: str) -> bool:
    """欧盟特别峰会…举行 / 独联体国家领导人非正式会晤: a multilateral body named right before the meeting
    word meets among its members."""
    if trig.event != "CONSULT" or not actor_codes & MULTILATERAL_CODES or not roles.subj:
        return False
    gap = text[roles.subj[-1].end:tok.start]
    return len(gap) <= BODY_MEETING_GAP and not any(ch in PHRASE_END_CHARS for ch in gap)


BODY_MEETING_GAP = 4  # modifiers between the body and its meeting word (特别, 非正式)


def _one_allegation_per_sentence(events: list[Event]) -> list[Event]:
    """国际人士指出，美西方制裁…，对欧洲经济构成打击，而美国则坐收渔翁之利: the charges one speaker
    strings together in one sentence are one accusation, of everyone they name."""
    out: list[Event] = []
    first_of: dict[tuple[object, ...], Event] = {}
    triggers = lexicon().triggers
    for ev in events:
        trig = triggers.get(ev.trigger or "")
        if ev.event != "ACCUSE" or trig is None or trig.frame != "content":
            out.append(ev)
            continue
        key = (ev.sentence_start, frozenset(a.code or a.entity_text for a in ev.actor), ev.date, tuple(ev.aux))
        first = first_of.setdefault(key, ev)
        if first is ev:
            out.append(ev)
            continue
        named = {r.code for r in first.recipient}
        first.recipient += [r for r in ev.recipient if r.code not in named]
        first.start, first.end = min(first.start, ev.start), max(first.end, ev.end)  # evidence: every charge
        first.confidence = max(first.confidence, ev.confidence)
    return out


def _other_sides_report(first: Event, ev: Event) -> bool:
    """Force told with different verbs by the two sides' sources (俄罗斯国防部称，俄军…打击了乌克兰的指挥所 /
    乌克兰武装部队总参谋部表示，俄军继续进攻乌克兰东部) is two reports of two acts; the same verb from
    both sides, or a source naming no side, still merges."""
    if QUAD.get(ev.event) != 4 or first.trigger == ev.trigger:
        return False
    a = {s.code for s in first.attribution if s.code}
    b = {s.code for s in ev.attribution if s.code}
    return bool(a) and bool(b) and not a & b


def _two_speakers(first: Event, ev: Event) -> bool:
    """Words are the act of who says them: 普京批评乌克兰阻碍和谈 and 俄罗斯国防部表示，基辅政权…都是挑衅
    are two accusations of one state against another on one day.  Only named speakers (a person or a
    body, not the state itself: 俄方 may be either) with no name in common are told apart."""
    if QUAD.get(ev.event) not in (1, 3):
        return False
    a, b = _speaker_ids(first), _speaker_ids(ev)
    return bool(a) and bool(b) and not a & b


def _speaker_ids(ev: Event) -> frozenset[str]:
    """Identities of the event's actors when every one is a named person or body, else none."""
    from zhevents.entities.gazetteer import gazetteer

    state_id = gazetteer().state_id
    ids = [a.wikidata_id or a.identifier_text if a.sector and a.entity_id != state_id(a.code or "") else None
           for a in ev.actor]  # 中方 (the state's own entity, sector GOV) is the state speaking
    return frozenset(i for i in ids if i) if ids and all(ids) else frozenset()


def _strike_site(ev: Event) -> str | None:
    """Force used at different places on one day is several acts (俄军打击了利沃夫州…仓库 /
    俄军还打击了尼古拉耶夫卡…): material conflict merges only at the same place."""
    if QUAD.get(ev.event) != 4:
        return None
    return ev.event_loc.name if ev.event_loc is not None else None


# talks between the same parties told again later in the story without a time of their own
# (目前俄方正就这些问题与乌方进行谈判 after 第二轮谈判3日举行) are the same talks
RETOLD_EVENTS = frozenset({"CONSULT"})


def _merge_retold(events: list[Event], undated: set[int]) -> list[Event]:
    out: list[Event] = []
    for ev in events:
        parties = frozenset(a.code for a in ev.actor + ev.recipient)
        first = None
        if ev.event in RETOLD_EVENTS and id(ev) in undated and not ev.aux:
            first = next((e for e in out if e.event == ev.event and not e.aux and e.teaser == ev.teaser
                          and frozenset(a.code for a in e.actor + e.recipient) == parties), None)
        if first is None:
            out.append(ev)
            continue
        seen = {s.text for s in first.attribution}
        first.attribution += [s for s in ev.attribution if s.text not in seen]
    return out
