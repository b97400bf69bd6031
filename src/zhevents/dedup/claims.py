"""Conflicting claims: reports of opposed sources that contradict each other about one day's action.

Two kinds are linked:
- ``reversed-roles``: the same kind of act on the same day with actor and recipient swapped
  (Russia's defence ministry: Ukrainian forces fired on Russian positions; Ukraine's foreign
  ministry: Russian forces kept shelling Ukrainian towns);
- ``affirmed-denied``: the same act by the same parties on the same day, asserted by one source
  and negated by another.
A claim needs the two reports to come from different sources (attribution codes), or from
sources we could not place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ClaimSig:
    event_id: str
    cluster_id: str
    event: str
    date: str
    actors: frozenset[str]  # codes
    recipients: frozenset[str]
    negated: bool
    sources: frozenset[str]  # codes of the attribution chain (speaker, agency)


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    event_a: str
    event_b: str
    kind: str
    day: str
    parties: str


def _opposed_sources(a: ClaimSig, b: ClaimSig) -> bool:
    return not (a.sources and b.sources) or not (a.sources & b.sources)


# Acts whose direction is the claim: "A shelled B" against "B shelled A".  Meetings, calls and
# agreements are symmetric, so swapped roles there are the same event told from the other side.
DIRECTED = frozenset({"ASSAULT", "COERCE", "ACCUSE", "THREATEN", "SANCTION", "PROTEST", "REJECT", "MOBILIZE"})


def _reversed(a: ClaimSig, b: ClaimSig) -> bool:
    return (a.event in DIRECTED and bool(a.actors & b.recipients) and bool(a.recipients & b.actors)
            and a.actors != b.actors)


def _denied(a: ClaimSig, b: ClaimSig) -> bool:
    return a.negated != b.negated and bool(a.actors & b.actors) and (
        not (a.recipients or b.recipients) or bool(a.recipients & b.recipients))


def find_claims(events: Iterable[ClaimSig]) -> Iterator[Claim]:
    """Every contradicting pair of reports, one claim per pair of event clusters.

    Each pair of clusters is told by its earliest contradicting pair of reports (by event id).
    Reports alike in all a claim reads are taken once (the earliest), and only reports that could
    contradict are paired (swapped parties, or one actor asserted and denied), so a crawl's crowded
    day costs about linear time.
    """
    groups: dict[tuple[str, str], dict[tuple[Any, ...], ClaimSig]] = defaultdict(dict)
    for e in events:
        if e.date and e.actors:
            reports = groups[(e.event, e.date[:10])]
            key = (e.cluster_id, e.actors, e.recipients, e.negated, e.sources)
            if key not in reports or e.event_id < reports[key].event_id:
                reports[key] = e
    seen: set[tuple[str, str]] = set()
    for (_, day), reports in sorted(groups.items()):
        group = sorted(reports.values(), key=lambda e: e.event_id)
        for i, j in _contradiction_candidates(group):
            a, b = group[i], group[j]
            pair = (min(a.cluster_id, b.cluster_id), max(a.cluster_id, b.cluster_id))
            if a.cluster_id == b.cluster_id or pair in seen or not _opposed_sources(a, b):
                continue
            kind = "reversed-roles" if _reversed(a, b) else "affirmed-denied" if _denied(a, b) else None
            if kind:
                seen.add(pair)
                parties = " ".join(sorted(a.actors | a.recipients | b.actors | b.recipients))
                yield Claim(f"{pair[0]}~{pair[1]}", a.event_id, b.event_id, kind, day, parties)


def _contradiction_candidates(group: list[ClaimSig]) -> list[tuple[int, int]]:
    """Index pairs (i < j, in order) that may contradict: one's actor is the other's recipient and back,
    or one actor is asserted by one report and denied by the other."""
    directed: dict[tuple[str, str], list[int]] = defaultdict(list)
    said: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, e in enumerate(group):
        for x in e.actors:
            said[(x, e.negated)].append(i)
            for y in e.recipients:
                directed[(x, y)].append(i)
    pairs = {(min(i, j), max(i, j)) for (x, y), members in directed.items() if x <= y
             for i in members for j in directed.get((y, x), ()) if i != j}
    pairs |= {(min(i, j), max(i, j)) for (x, negated), members in said.items() if not negated
              for i in members for j in said.get((x, True), ())}
    return sorted(pairs)


def claim_signature(event_id: str, cluster_id: str, ev: dict[str, Any]) -> ClaimSig:
    """Build a claim signature from a PLOVER-shaped event."""
    sources = frozenset(str(a["code"]) for a in ev.get("attribution") or []
                        if isinstance(a, dict) and a.get("code"))
    return ClaimSig(
        event_id=event_id, cluster_id=cluster_id, event=ev["event"], date=ev.get("date") or "",
        actors=frozenset(a["code"] for a in ev.get("actor") or [] if a.get("code")),
        recipients=frozenset(a["code"] for a in ev.get("recipient") or [] if a.get("code")),
        negated="negation" in (ev.get("aux") or []), sources=sources,
    )
