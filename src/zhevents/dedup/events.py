"""One event, many reports: decide which coded events are the same action.

Two reports are compared only when they agree on the PLOVER type, negation, date (within its
precision) and place (equal, unknown, or one named inside the other, 印度尼西亚巴厘岛).  Then they are
the same event when any of these holds:

1. their evidence sentences (normalised script) are near copies, parties compatible;
2. their linked parties are identical and the sentences loosely similar (same day);
3. their arguments match: same day, same action (trigger or mode), the same linked actor and
   recipient identities (or, for cooperative acts, the same set of participants, so that "Russia and
   Ukraine signed with Turkey and the UN" meets "Turkey, Russia, Ukraine and the UN signed");
4. one story reports the action twice (a lead and its paragraph, a summary line and the report):
   same story, same day, same action (or a plain attack verb and a specific one at one named
   place: 攻击 / 导弹袭击), parties compatible, and shared salient words (character bigrams weighted
   by their rarity among the block's sentences);
5. one sentence coded twice as the same type with overlapping parties.

Clusters are the connected components of that relation inside a block (type, month), joined across
the seam of two consecutive months by the same relation over the reports near the seam (30 April and
1 May); the rarity weights come from the block's (or seam's) own events, so the result depends only on
the set of events, never on the order pages arrived in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from zhevents.dedup.evidence import DateSpan, date_span, place_only_in_names, shared_clause, spans_relation

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

# Thresholds measured on the tuning half of bench/dedup.py (see bench/results/dedup.md): the first
# for reports whose parties we could not fully link, the second when actor and recipient identities
# match exactly, the third for two reports of one story (share of the rarer side's salient weight).
SIMILAR = 0.55
SIMILAR_SAME_PARTIES = 0.2
STORY_SALIENT = 0.15
OTHER_STORY_SALIENT = 0.2
# A clause repeated verbatim around the trigger, in characters: 16 for the one restatement of the
# tuning half, at most 6 (a shared "支持印尼", "向乌克兰提供") for its same-story pairs of two acts.
RESTATED_CLAUSE_CHARS = 10
# PLOVER quad classes 1-2 (verbal and material cooperation) are acts done together: the participants
# count, not who is named first.  Conflict acts (3-4) are directed: A attacks B ≠ B attacks A.
_COOPERATIVE_QUADS = frozenset({1, 2})
# ... but only for acts of three or more parties: "China supports Russia" and "Russia supports China"
# in one joint statement are two commitments.
_MIN_JOINT_PARTIES = 3


@dataclass(frozen=True, slots=True)
class Party:
    """One actor or recipient: its code, its identity (Wikidata id, else linked name) and whether it
    is broad — a state or union as a whole (俄罗斯, 俄方, 欧盟), or unlinked — rather than a person
    or body inside it (普京, 俄罗斯国防部, 俄军)."""

    code: str | None
    identity: str | None
    broad: bool


@dataclass(frozen=True, slots=True)
class EventSig:
    """What dedup needs to know about one coded event."""

    id: str
    story_id: str
    event: str
    date: str | None
    precision: str
    actors: frozenset[str]
    recipients: frozenset[str]
    place: str | None
    text: str  # evidence sentence, normalised simplified script
    negated: bool = False
    grams: frozenset[str] = field(default=frozenset(), compare=False)
    trigger: str | None = None
    mode: str | None = None
    quad: int | None = None
    sentence: str = ""  # story id + sentence start: two events of one sentence share it
    actor_parties: tuple[Party, ...] = ()
    recipient_parties: tuple[Party, ...] = ()
    span: DateSpan | None = field(default=None, compare=False)  # the days the sentence allows
    cameo: str | None = None
    place_country: str | None = None
    clause: tuple[int, int] | None = None  # the coder's clause, page offsets
    sources: frozenset[str] = frozenset()  # codes of the speakers or agencies the report is attributed to


def party_ids(parties: Sequence[dict[str, Any]]) -> frozenset[str]:
    """Identity of each party: its linked canonical name, else its code and sector."""
    ids = set()
    for p in parties:
        ident = p.get("identifier_text") or p.get("entity_text")
        ids.add(f"{p.get('code') or '?'}:{ident}" if ident else f"{p.get('code')}:{p.get('sector')}")
    return frozenset(ids)


def codes(ids: frozenset[str]) -> frozenset[str]:
    return frozenset(i.split(":", 1)[0] for i in ids if not i.startswith("?"))


@lru_cache(maxsize=1)
def _state_ids() -> frozenset[str]:
    """Wikidata ids and codes of states (the entities gazetteer's states table)."""
    from zhevents.entities.gazetteer import read_table

    rows = read_table("states.tsv")
    return frozenset(x for r in rows for x in (r.get("wikidata_id"), r.get("code")) if x)


def _government_as_state(name: str | None) -> str | None:
    """德国政府 (a state's government, unnamed) acts as the state 德国 does: the state's identity."""
    if name and name.endswith("政府"):
        return _state_qids().get(name[:-2], name)
    return name


def parties(raw: Sequence[dict[str, Any]]) -> tuple[Party, ...]:
    """Parties of an event side, sorted; a party with no linked name has no identity."""
    states = _state_ids()
    out = set()
    for p in raw:
        identity = p.get("wikidata_id") or _government_as_state(p.get("identifier_text"))
        broad = identity is None or identity in states or identity == p.get("code") or not p.get("sector")
        out.add(Party(p.get("code"), identity, broad))
    return tuple(sorted(out, key=lambda x: (x.code or "", x.identity or "", x.broad)))


def signature(ev: dict[str, Any], norm_text: str) -> EventSig:
    """Build the dedup signature of a PLOVER-shaped event; ``norm_text`` is its sentence, simplified."""
    loc = ev.get("event_loc") or {}
    info = ev.get("text_info") or {}
    text = _PUNCT.sub("", norm_text)
    trigger = ev.get("trigger")
    place = loc.get("name") or loc.get("text")
    if place and place_only_in_names(place, norm_text):  # 阿斯塔纳进程: a process, not where it happened
        place, loc = None, {}
    precision = ev.get("date_precision") or "unknown"
    return EventSig(
        id=ev["id"], story_id=info.get("story", ""), event=ev["event"],
        date=ev.get("date"), precision=precision,
        actors=party_ids(ev.get("actor") or []), recipients=party_ids(ev.get("recipient") or []),
        place=place, text=text,
        negated="negation" in (ev.get("aux") or []), grams=_bigrams(text),
        trigger=norm_sentence(trigger) if trigger else None, mode=ev.get("mode"), quad=ev.get("quad_code"),
        sentence=f"{info.get('story', '')}@{info['sentence_start']}" if "sentence_start" in info else "",
        actor_parties=parties(ev.get("actor") or []), recipient_parties=parties(ev.get("recipient") or []),
        span=date_span(ev.get("date"), precision, norm_text), cameo=ev.get("cameo"),
        place_country=loc.get("country"),
        clause=(info["start"], info["end"]) if "start" in info and "end" in info else None,
        sources=frozenset(s["code"] for s in ev.get("attribution") or [] if s.get("code")),
    )


@lru_cache(maxsize=1 << 16)  # reprints of one sentence share one set (memory of a crowded block)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def similarity(a: EventSig, b: EventSig) -> float:
    """Jaccard similarity of the evidence sentences' character bigrams."""
    if not a.grams or not b.grams:
        return 0.0
    return len(a.grams & b.grams) / len(a.grams | b.grams)


def rarity(events: Iterable[EventSig]) -> dict[str, float]:
    """Bigram → inverse document frequency over the distinct sentences given (a block's events).

    Words every report of the block uses (央视网消息, 俄罗斯, 表示) weigh little; the words that name
    this action (军火库, 联合协调中心, 黑海) weigh much.  Identical sentences count once, so copies of
    one report do not make its words look common.
    """
    texts = {e.text: e.grams for e in events}
    df: Counter[str] = Counter(g for grams in texts.values() for g in grams)
    n = len(texts)
    return {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}


def salient_overlap(a: EventSig, b: EventSig, weights: Mapping[str, float]) -> float:
    """Weight of the shared bigrams over the weight of the lighter sentence (0..1).

    Normalised by the lighter side so that a short summary line fully restated in a long report
    scores high.
    """
    def weight(grams: Iterable[str]) -> float:
        return sum(weights.get(g, 0.0) for g in grams)

    lighter = min(weight(a.grams), weight(b.grams))
    return weight(a.grams & b.grams) / lighter if lighter > 0 else 0.0


def dates_agree(a: EventSig, b: EventSig) -> bool:
    """Same day at day precision; a coarser date agrees with every day inside it; unknown never conflicts."""
    if not a.date or not b.date:
        return True
    n = min(_digits(a.precision), _digits(b.precision))
    return a.date[:n] == b.date[:n]


def same_day(a: EventSig, b: EventSig) -> bool:
    return a.precision == b.precision == "day" and a.date == b.date and a.date is not None


def near_days(a: EventSig, b: EventSig) -> bool:
    """Two different coded days that may be one: a sentence naming no day is dated by its broadcast
    (the act may be the day before), so may one naming the day a source spoke (within its story), "日前"
    reaches a week back, a day may fall inside a stated period.
    Only the rules with evidence beyond the date accept this (see ``decide``)."""
    if not (a.span and b.span and a.date != b.date and spans_relation(a.span, b.span) == "near"):
        return False
    # A statement's day (国防部5月1日表示…打击了) lets the act be a day older only within one story: the
    # ministry's daily reports (19日称…打击了, 20日称…打击了) tell a new day's strikes each time.
    same_story = bool(a.story_id) and a.story_id == b.story_id
    return same_story or spans_relation(a.span.without_said_slack(), b.span.without_said_slack()) == "near"


def _digits(precision: str) -> int:
    return {"day": 10, "month": 7, "year": 4}.get(precision, 0)


def parties_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Compatible when either side is unknown or they share a party or, failing that, a code."""
    if not a or not b:
        return True
    return bool(a & b) or bool(codes(a) & codes(b))


def places_agree(a: EventSig, b: EventSig) -> bool:
    """Unknown, equal, one a state and the other in it (伊朗, 德黑兰), or one place named inside the
    other in either sentence (印度尼西亚巴厘岛, 马里乌波尔亚速钢铁厂): two towns the same day are two
    events."""
    if not a.place or not b.place or a.place == b.place:
        return True
    if _inside_state(a, b) or _inside_state(b, a):
        return True
    p, q = a.place, b.place
    return any(f"{x}{sep}{y}" in t for x, y in ((p, q), (q, p)) for sep in ("", "的") for t in (a.text, b.text))


def _inside_state(outer: EventSig, inner: EventSig) -> bool:
    """``outer`` names a state (by any of its gazetteer names) and ``inner``'s place lies in it."""
    code = _state_names().get(outer.place or "")
    return code is not None and code == inner.place_country and code == outer.place_country


def _state_names() -> dict[str, str]:
    """State name or alias → state code."""
    return _states_by_name("code")


def _state_qids() -> dict[str, str]:
    """State name or alias → Wikidata id."""
    return _states_by_name("wikidata_id")


@lru_cache(maxsize=2)
def _states_by_name(column: str) -> dict[str, str]:
    """State name or alias → one column of the entities gazetteer's states table."""
    from zhevents.entities.gazetteer import read_table, row_names

    out: dict[str, str] = {}
    for r in read_table("states.tsv"):
        for name in row_names(r) if r.get(column) else ():
            out.setdefault(name, r[column])
    return out


def same_action(a: EventSig, b: EventSig) -> bool:
    """Same trigger word, or the same coded mode, or two words for one meeting (会谈, 会晤)."""
    return (bool(a.trigger and a.trigger == b.trigger) or bool(a.mode and a.mode == b.mode)
            or _one_meeting(a, b))


# The plain verbs of an attack: they say that force was used, not how (no mode in the lexicon).
_PLAIN_ATTACK = frozenset({"攻击", "打击", "袭击", "进攻"})


def _plain_and_specific(a: EventSig, b: EventSig) -> bool:
    """One report names the act with a plain verb (营地遭到俄军攻击) and the other says how
    (营地遭到了俄军导弹袭击), and both name the place: within one story that is one act told twice.
    击退, 反攻 and the like are acts of their own (of the other side), never plain."""
    plain, specific = (a, b) if a.mode is None else (b, a)
    return (plain.mode is None and specific.mode is not None and plain.trigger in _PLAIN_ATTACK
            and bool(a.place and b.place) and places_agree(a, b))


def _story_action(a: EventSig, b: EventSig) -> bool:
    """Same action, or (two reports of one story) a plain verb and a specific one at one named place."""
    return same_action(a, b) or (bool(a.story_id) and a.story_id == b.story_id and _plain_and_specific(a, b))


def _one_meeting(a: EventSig, b: EventSig) -> bool:
    """Both triggers are meeting words (the coder's "meet" frame: the act is the meeting itself) of one
    CAMEO code: 会谈/会晤/会见 (040) name the same act; a call (041) or a visit (042) is another."""
    if not (a.trigger and b.trigger and a.cameo and a.cameo == b.cameo):
        return False
    frames = _trigger_frames()
    return frames.get(a.trigger) == frames.get(b.trigger) == "meet"


@lru_cache(maxsize=1)
def _trigger_frames() -> dict[str, str]:
    from zhevents.events.lexicon import lexicon

    return {w: t.frame for w, t in lexicon().triggers.items()}


def identities(side: Sequence[Party]) -> frozenset[str] | None:
    """The side's identities, or None when a party has none (we cannot tell who it is)."""
    if any(p.identity is None for p in side):
        return None
    return frozenset(p.identity for p in side if p.identity)


def same_participants(a: EventSig, b: EventSig) -> bool:
    """Linked identities match: actors and recipients, or all participants of a cooperative act."""
    aa, ab = identities(a.actor_parties), identities(b.actor_parties)
    ra, rb = identities(a.recipient_parties), identities(b.recipient_parties)
    if aa is None or ab is None or ra is None or rb is None or not aa or not ab:
        return False
    if aa == ab and _specific(a, b) and ((ra and ra == rb) or (not (ra and rb) and a.place and a.place == b.place)):
        return True
    # 土耳其、俄罗斯、乌克兰和联合国签署协议 / 俄罗斯乌克兰分别与土耳其和联合国签署协议: the coder
    # splits a joint act's parties into actors and recipients, or names them all as actors
    cooperative = a.quad in _COOPERATIVE_QUADS and b.quad in _COOPERATIVE_QUADS
    return cooperative and bool(ra or rb) and aa | ra == ab | rb and len(aa | ra) >= _MIN_JOINT_PARTIES


def _specific(a: EventSig, b: EventSig) -> bool:
    """A person or body named (not only whole states or unions), or the same known place: "the US and
    the EU sanction Russia" twice in a day may be a threat and a measure, "Xi met Biden" is one act."""
    return (bool(a.place) and a.place == b.place) or any(
        not p.broad for p in a.actor_parties + a.recipient_parties)


def sides_compatible(a: Sequence[Party], b: Sequence[Party]) -> bool:
    """Every party of one side is found on the other, as itself or as (or inside) a state of its code.

    朔尔茨 ~ 德国 and 俄罗斯国防部 ~ 俄方 agree; two ministers of one state do not.  An empty side
    is unknown and agrees with anything.
    """
    if not a or not b:
        return True
    return all(_party_found(p, b) for p in a) and all(_party_found(q, a) for q in b)


def _party_found(p: Party, side: Sequence[Party]) -> bool:
    """Same identity; or one of the two unlinked (人士, 平民: the coder guessed its code); or the same
    code where one of the two is broad."""
    return any(p.identity is None or q.identity is None or p.identity == q.identity
               or (p.code and p.code == q.code and (p.broad or q.broad)) for q in side)


def _shared_identity(a: EventSig, b: EventSig) -> bool:
    ids_a = {p.identity for p in a.actor_parties + a.recipient_parties if p.identity}
    return any(p.identity in ids_a for p in b.actor_parties + b.recipient_parties)


def comparable(a: EventSig, b: EventSig) -> bool:
    """The hard constraints: nothing merges two events that break one of them."""
    return a.event == b.event and a.negated == b.negated and dates_agree(a, b) and places_agree(a, b)


def same_event(a: EventSig, b: EventSig, weights: Mapping[str, float] | None = None) -> bool:
    return decide(a, b, weights)[0]


def decide(a: EventSig, b: EventSig, weights: Mapping[str, float] | None = None) -> tuple[bool, str]:
    """Whether two reports are one event, and the rule that said so (or the last one that refused)."""
    near = near_days(a, b)
    for name, ok in (("type", a.event == b.event), ("negation", a.negated == b.negated),
                     ("date", near or dates_agree(a, b)), ("place", places_agree(a, b))):
        if not ok:
            return False, f"constraint:{name}"
    if near:
        return _decide_near(a, b, weights or {})
    # Two events of one sentence share its text, so its similarity says nothing: the same-sentence
    # rule below decides them ("控制了两个要地，从南部封锁了利西昌斯克" is two acts).
    one_sentence = bool(a.sentence) and a.sentence == b.sentence
    if one_sentence:  # conflict verbs of one sentence are acts of their own (击退…，还打击…)
        cooperative = a.quad in _COOPERATIVE_QUADS and b.quad in _COOPERATIVE_QUADS  # 签署协议，同意…
        ok = _shared_identity(a, b) and (cooperative or same_action(a, b) or _clauses_overlap(a, b))
        return ok, "same-sentence" if ok else "same-sentence:two-acts"
    if parties_agree(a.actors, b.actors) and parties_agree(a.recipients, b.recipients):
        sim = similarity(a, b)
        exact_parties = bool(a.actors) and a.actors == b.actors and a.recipients == b.recipients
        if sim >= SIMILAR or (exact_parties and sim >= SIMILAR_SAME_PARTIES and a.date == b.date
                              and not opposed_sources(a, b)):
            return True, "similar"
    if same_day(a, b) and same_action(a, b) and same_participants(a, b):
        return True, "arguments"
    if _restated_clause(a, b):
        return True, "restated-clause"
    if opposed_sources(a, b):
        return False, "opposed-sources"
    for name, ok in (("same-day", same_day(a, b)), ("action", _story_action(a, b)),
                     ("actors", sides_compatible(a.actor_parties, b.actor_parties)),
                     ("recipients", sides_compatible(a.recipient_parties, b.recipient_parties))):
        if not ok:
            return False, f"salient:{name}"
    salient = salient_overlap(a, b, weights or {})
    if a.story_id == b.story_id and a.story_id:
        return salient >= STORY_SALIENT, f"story-salient {salient:.2f}"
    same_actors = identities(a.actor_parties) == identities(b.actor_parties) and bool(a.actor_parties)
    if not same_actors:
        return False, "salient:actor-identity"
    return salient >= OTHER_STORY_SALIENT, f"other-story-salient {salient:.2f}"


def _clauses_overlap(a: EventSig, b: EventSig) -> bool:
    """The coder's clauses of two events of one sentence overlap: one clause coded twice."""
    return bool(a.clause and b.clause and a.clause[0] < b.clause[1] and b.clause[0] < a.clause[1])


def opposed_sources(a: EventSig, b: EventSig) -> bool:
    """Both reports attributed, to speakers of no common state (俄罗斯国防部表示 / 乌克兰国防部表示): each
    side's claim is its own report, and shared words alone do not make the two claims one act."""
    states = _state_ids()
    sa, sb = a.sources & states, b.sources & states  # outlets and unions are no side
    return bool(sa and sb) and not sa & sb


def _restated_clause(a: EventSig, b: EventSig) -> bool:
    """One story, one day, one trigger, recipients that agree, and a clause around the trigger repeated
    verbatim: one statement told twice, even when the coder took each actor from a different clause
    (美欧 in "对于美欧等发起的制裁", 乌克兰 where the repeat says 他们)."""
    return (bool(a.story_id) and a.story_id == b.story_id and same_day(a, b) and bool(a.trigger)
            and a.trigger == b.trigger and sides_compatible(a.recipient_parties, b.recipient_parties)
            and shared_clause(a.text, b.text, a.trigger or "") >= RESTATED_CLAUSE_CHARS)


def _decide_near(a: EventSig, b: EventSig, weights: Mapping[str, float]) -> tuple[bool, str]:
    """Reports whose coded days differ but may meet: the salient-words rules, same action and parties."""
    for name, ok in (("sources", not opposed_sources(a, b)), ("action", _story_action(a, b)),
                     ("actors", sides_compatible(a.actor_parties, b.actor_parties)),
                     ("recipients", sides_compatible(a.recipient_parties, b.recipient_parties))):
        if not ok:
            return False, f"near:{name}"
    if a.story_id == b.story_id and a.story_id:
        salient = salient_overlap(a, b, weights)
        return salient >= STORY_SALIENT, f"near-story {salient:.2f}"
    if not (identities(a.actor_parties) == identities(b.actor_parties) and a.actor_parties):
        return False, "near:actor-identity"
    if _continuing(a) or _continuing(b):
        return False, "near:continuing"
    return _place_in_both(a, b), "near-place"


# "继续炮击", "再次打击": the act repeats, so a day's difference is another act.
_CONTINUING = ("继续", "持续", "再次", "再度", "仍在", "又")


def _continuing(e: EventSig) -> bool:
    if not e.trigger:
        return False
    i = e.text.find(e.trigger)
    return i >= 0 and any(w in e.text[max(0, i - 6):i] for w in _CONTINUING)


def _place_in_both(a: EventSig, b: EventSig) -> bool:
    """A coded place of either report that both sentences name (利西昌斯克 in the retreat of 3 July and
    in "一部分乌军从利西昌斯克撤退" of 4 July)."""
    return any(p and p in a.text and p in b.text for p in (a.place, b.place))


def cluster(events: Iterable[EventSig]) -> dict[str, str]:
    """Event id → cluster id (the smallest member id): connected components of ``same_event``.

    Copies of one report (a wire story reprinted by many outlets: the same sentence coded the same
    way) are compared once, through representatives (see ``_collapse_copies``), so a crawl's
    syndication costs linear time; the components are those of comparing every pair.
    """
    items = sorted(events, key=lambda e: e.id)
    weights = rarity(items)
    components = Components(e.id for e in items)

    def join(a: EventSig, b: EventSig) -> None:
        components.union(a.id, b.id)

    reps, extra_pairs = _collapse_copies(items, weights, join)
    for a, b in itertools.chain(candidate_pairs(reps, weights), extra_pairs):
        if same_event(a, b, weights):
            join(a, b)
    return components.mapping()


class Components:
    """Connected components of ids (union-find), each named by its smallest member, so that the names
    depend only on the links, never on the order they came in."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self._parent = {i: i for i in ids}

    def __contains__(self, x: str) -> bool:
        return x in self._parent

    def find(self, x: str) -> str:
        parent = self._parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def mapping(self) -> dict[str, str]:
        """Every id → its component's name."""
        return {x: self.find(x) for x in sorted(self._parent)}


def _copy_key(e: EventSig) -> EventSig:
    """The signature without where the report sits (id, story, sentence, clause): every other field a
    merge decision reads (``grams`` and ``span`` derive from the compared text, date and precision)."""
    return dataclasses.replace(e, id="", story_id="", sentence="", clause=None)


def _collapse_copies(items: Sequence[EventSig], weights: Mapping[str, float],
                     join: Callable[[EventSig, EventSig], None],
                     ) -> tuple[list[EventSig], list[tuple[EventSig, EventSig]]]:
    """Representatives of copy groups, and the pairs comparing them alone would miss.

    Two copies in different stories are decided alike against any third report of a third story,
    so when such copies merge with each other, the group needs only two representatives from two
    stories (a third report in one of their stories still meets the other one across stories).
    Pairs inside one story read the story's own rules, so every pair of a story that involves a
    non-representative is returned for comparison.  Groups whose copies do not merge stay whole.
    """
    groups: dict[EventSig, list[EventSig]] = defaultdict(list)
    for e in items:
        groups[_copy_key(e)].append(e)
    reps: list[EventSig] = []
    hidden: set[str] = set()
    for members in groups.values():
        first = members[0]
        second = next((m for m in members if m.story_id != first.story_id), None)
        if second is None or not same_event(first, second, weights):
            reps += members
            continue
        reps += [first, second]
        for m in members[1:]:
            if m is not second:
                join(m, second if m.story_id == first.story_id else first)
                hidden.add(m.id)
    by_story: dict[str, list[EventSig]] = defaultdict(list)
    for e in items:
        by_story[e.story_id].append(e)
    extra = [(a, b) for story in by_story.values() for a, b in itertools.combinations(story, 2)
             if a.id in hidden or b.id in hidden]
    return reps, extra


# Above this many events on one day of one type, pairs are drawn from shared keys instead of all
# pairs (a crawl of one day's news holds thousands of ASSAULT reports: all pairs would be quadratic).
EXHAUSTIVE_GROUP = 300
RARE_KEYS = 6


def candidate_pairs(items: Sequence[EventSig], weights: Mapping[str, float] | None = None,
                    ) -> Iterator[tuple[EventSig, EventSig]]:
    """Pairs worth comparing: events whose days may meet (each day-precision event is filed under every
    day its sentence allows, see ``DateSpan``); coarse or undated events against all."""
    by_day: dict[str, list[EventSig]] = defaultdict(list)
    coarse: list[EventSig] = []
    for e in items:
        if e.date and e.precision == "day":
            for day in _days(e):
                by_day[day].append(e)
        else:
            coarse.append(e)
    seen: set[tuple[str, str]] = set()
    for day in sorted(by_day):
        group = by_day[day]
        pairs = itertools.combinations(group, 2) if len(group) <= EXHAUSTIVE_GROUP else _keyed_pairs(
            group, weights or {})
        for a, b in pairs:
            if (a.id, b.id) not in seen:
                seen.add((a.id, b.id))
                yield a, b
    by_day = {day: [e for e in group if e.date == day] for day, group in by_day.items()}
    for i, c in enumerate(coarse):
        yield from ((c, other) for other in coarse[i + 1:])
        yield from ((c, other) for group in by_day.values() for other in group)


def _days(e: EventSig) -> list[str]:
    """The days an event is filed under: its own, and the earlier ones its sentence allows."""
    assert e.date
    if e.span is None:
        return [e.date]
    n = (e.span.last - e.span.earliest).days
    return [(e.span.earliest + dt.timedelta(days=k)).isoformat() for k in range(n + 1)]


def blocking_keys(e: EventSig, weights: Mapping[str, float]) -> set[str]:
    """Keys two reports of one action share: a party code, the sentence, or one of the rarest bigrams.

    Every merge rule needs compatible parties (so a shared code), the same sentence, or similar
    sentences (which share their rarest bigrams), so pairs sharing no key are never merged.
    """
    keys = {f"c:{code}" for code in codes(e.actors | e.recipients)} | {f"p:{p}" for p in e.actors | e.recipients}
    if e.sentence:
        keys.add(f"s:{e.sentence}")
    rare = sorted(e.grams, key=lambda g: (-weights.get(g, 0.0), g))[:RARE_KEYS]
    return keys | {f"g:{g}" for g in rare}


def _keyed_pairs(group: list[EventSig], weights: Mapping[str, float]) -> Iterator[tuple[EventSig, EventSig]]:
    index: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(group):
        for key in blocking_keys(e, weights):
            index[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) <= EXHAUSTIVE_GROUP:  # a key half the day shares (a common code) does not block
            pairs.update(itertools.combinations(members, 2))
    for i, j in sorted(pairs):
        yield group[i], group[j]


def event_block(event: str, date: str | None) -> str:
    """The dedup block of an event: its type and month.  Events of two blocks meet only across the
    seam of two consecutive months (see ``seam_links``)."""
    return f"{event}|{(date or '')[:7]}"


# How far from a month's edge a day-precision report may lie and still be the act of a report on the
# other side: the widest date span (``_VAGUE_SLACK`` "日前": a week) plus the undated day before.
SEAM_DAYS = 8


@dataclass(frozen=True, slots=True)
class Seam:
    """The edge between two consecutive month blocks of one type: the last ``SEAM_DAYS`` days of
    ``before`` (dates >= ``since``) meet the first days of ``after`` (dates < ``until``)."""

    key: str  # the later block's key: a seam is named by the month it opens
    before: str
    after: str
    since: str
    until: str


def seam(block: str) -> Seam | None:
    """The seam that opens the month block ``block`` (None for year, month-less or undated blocks)."""
    event, _, month = block.partition("|")
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        return None
    last_before = first - dt.timedelta(days=1)
    return Seam(block, f"{event}|{last_before.isoformat()[:7]}", block,
                (first - dt.timedelta(days=SEAM_DAYS)).isoformat(), (first + dt.timedelta(days=SEAM_DAYS)).isoformat())


def seams_of(block: str) -> list[Seam]:
    """The two seams of a month block: the one opening it and the one closing it."""
    opening = seam(block)
    if opening is None:
        return []
    event, _, month = block.partition("|")
    following = (dt.date.fromisoformat(f"{month}-28") + dt.timedelta(days=4)).isoformat()[:7]
    closing = seam(f"{event}|{following}")
    return [opening] if closing is None else [opening, closing]


def seam_links(before: Iterable[EventSig], after: Iterable[EventSig]) -> list[tuple[str, str]]:
    """Pairs (earlier-month event id, later-month event id) of one act told on both sides of a seam.

    The reports near the seam are clustered together, as a block of their own (its rarity weights
    come from these reports alone), and each component holding reports of both months links them.
    """
    left, right = list(before), list(after)
    if not left or not right:
        return []
    side = {e.id: 0 for e in left} | {e.id: 1 for e in right}
    members: dict[str, list[str]] = defaultdict(list)
    for event_id, cluster_id in cluster(left + right).items():
        members[cluster_id].append(event_id)
    links = []
    for ids in members.values():
        earlier = sorted(i for i in ids if side[i] == 0)
        later = sorted(i for i in ids if side[i] == 1)
        if earlier and later:
            links.append((earlier[0], later[0]))
    return sorted(links)


def norm_sentence(text: str) -> str:
    """The evidence sentence in simplified script, as dedup compares it."""
    from zhevents.normalize import to_simplified

    return to_simplified(text)[0]


def story_clusters(
    stories: Iterable[str], shared_events: Iterable[tuple[str, str]], duplicates: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Story id → cluster id: stories joined by a shared event cluster or a duplicate link.

    ``shared_events`` pairs a story with an event cluster id it reports; ``duplicates`` pairs a story
    with the earlier story it copies.  The cluster id is the smallest story id of the component.
    """
    components = Components(stories)

    def union(a: str, b: str) -> None:
        if a in components and b in components:  # teasers and stories gone since are no members
            components.union(a, b)

    first_story: dict[str, str] = {}
    for story, event_cluster in sorted(shared_events):
        union(first_story.setdefault(event_cluster, story), story)
    for story, original in duplicates:
        union(story, original)
    return components.mapping()
