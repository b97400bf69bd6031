"""One event, many reports: decide which coded events are the same action.

Two reports are the same event when they agree on the PLOVER type, their linked actors and
recipients are compatible, their dates agree within their precision, their places do not
contradict, and their evidence sentences (normalised script) are similar enough — or their
parties are identical and the sentences are at least loosely similar.  Clusters are the connected
components of that relation inside a block (type, month), so the result depends only on the set
of events, never on the order pages arrived in.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

# Thresholds measured on bench/dedup.py (see README): the first for reports whose parties we could
# not fully link, the second when actor and recipient identities match exactly.
SIMILAR = 0.55
SIMILAR_SAME_PARTIES = 0.2


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


def party_ids(parties: Sequence[dict[str, Any]]) -> frozenset[str]:
    """Identity of each party: its linked canonical name, else its code and sector."""
    ids = set()
    for p in parties:
        ident = p.get("identifier_text") or p.get("entity_text")
        ids.add(f"{p.get('code') or '?'}:{ident}" if ident else f"{p.get('code')}:{p.get('sector')}")
    return frozenset(ids)


def codes(ids: frozenset[str]) -> frozenset[str]:
    return frozenset(i.split(":", 1)[0] for i in ids if not i.startswith("?"))


def signature(ev: dict[str, Any], norm_text: str) -> EventSig:
    """Build the dedup signature of a PLOVER-shaped event; ``norm_text`` is its sentence, simplified."""
    loc = ev.get("event_loc") or {}
    text = _PUNCT.sub("", norm_text)
    return EventSig(
        id=ev["id"], story_id=(ev.get("text_info") or {}).get("story", ""), event=ev["event"],
        date=ev.get("date"), precision=ev.get("date_precision") or "unknown",
        actors=party_ids(ev.get("actor") or []), recipients=party_ids(ev.get("recipient") or []),
        place=loc.get("name") or loc.get("text"), text=text,
        negated="negation" in (ev.get("aux") or []), grams=_bigrams(text),
    )


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def similarity(a: EventSig, b: EventSig) -> float:
    """Jaccard similarity of the evidence sentences' character bigrams."""
    if not a.grams or not b.grams:
        return 0.0
    return len(a.grams & b.grams) / len(a.grams | b.grams)


def dates_agree(a: EventSig, b: EventSig) -> bool:
    """Same day at day precision; a coarser date agrees with every day inside it; unknown never conflicts."""
    if not a.date or not b.date:
        return True
    n = min(_digits(a.precision), _digits(b.precision))
    return a.date[:n] == b.date[:n]


def _digits(precision: str) -> int:
    return {"day": 10, "month": 7, "year": 4}.get(precision, 0)


def parties_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Compatible when either side is unknown or they share a party or, failing that, a code."""
    if not a or not b:
        return True
    return bool(a & b) or bool(codes(a) & codes(b))


def same_event(a: EventSig, b: EventSig) -> bool:
    if a.event != b.event or a.negated != b.negated or not dates_agree(a, b):
        return False
    if a.place and b.place and a.place != b.place:
        return False  # two towns the same day are two events
    if not (parties_agree(a.actors, b.actors) and parties_agree(a.recipients, b.recipients)):
        return False
    sim = similarity(a, b)
    exact_parties = bool(a.actors) and a.actors == b.actors and a.recipients == b.recipients
    return sim >= SIMILAR or (exact_parties and sim >= SIMILAR_SAME_PARTIES and a.date == b.date)


def cluster(events: Iterable[EventSig]) -> dict[str, str]:
    """Event id → cluster id (the smallest member id): connected components of ``same_event``."""
    items = sorted(events, key=lambda e: e.id)
    parent = {e.id: e.id for e in items}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in candidate_pairs(items):
        if same_event(a, b):
            ra, rb = root(a.id), root(b.id)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {e.id: root(e.id) for e in items}


def candidate_pairs(items: Sequence[EventSig]) -> Iterator[tuple[EventSig, EventSig]]:
    """Pairs worth comparing: same day at day precision; coarse or undated events against all."""
    by_day: dict[str, list[EventSig]] = defaultdict(list)
    coarse: list[EventSig] = []
    for e in items:
        (by_day[e.date] if e.date and e.precision == "day" else coarse).append(e)
    for group in by_day.values():
        yield from itertools.combinations(group, 2)
    for i, c in enumerate(coarse):
        yield from ((c, other) for other in coarse[i + 1:])
        yield from ((c, other) for group in by_day.values() for other in group)


def event_block(event: str, date: str | None) -> str:
    """The dedup block of an event: its type and month (events of other blocks never merge)."""
    return f"{event}|{(date or '')[:7]}"


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
    parent = {s: s for s in stories}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)

    first_story: dict[str, str] = {}
    for story, event_cluster in sorted(shared_events):
        union(first_story.setdefault(event_cluster, story), story)
    for story, original in duplicates:
        union(story, original)
    return {s: root(s) for s in sorted(parent)}
