"""PLOVER-shaped JSON for one event (the `zhevents extract` line format).

Besides the PLOVER names the object carries the field names the gold files and
``score_events.py`` read (``evidence``, actor ``text``, ``location``), so a line can be scored as is.
"""

from __future__ import annotations

from typing import Any

from zhevents.records import Actor, Event


def _actor(a: Actor) -> dict[str, Any]:
    return {"entity_text": a.entity_text, "identifier_text": a.identifier_text, "wikidata_id": a.wikidata_id,
            "code": a.code, "sector": a.sector, "text": a.entity_text}


def event_to_plover(event: Event) -> dict[str, Any]:
    loc = event.event_loc
    return {
        "id": event.id,
        "doc": event.doc,
        "event": event.event,
        "mode": event.mode,
        "quad_code": event.quad_code,
        "cameo": event.cameo,
        "context": list(event.context),
        "actor": [_actor(a) for a in event.actor],
        "recipient": [_actor(a) for a in event.recipient],
        "date": event.date,
        "date_precision": event.date_precision,
        "event_loc": None if loc is None else {"text": loc.text, "name": loc.name, "lat": loc.lat,
                                               "lon": loc.lon, "country": loc.country},
        "location": loc.text if loc else None,
        "attribution": [{"text": s.text, "role": s.role, "code": s.code} for s in event.attribution],
        "aux": list(event.aux),
        "qualifier": event.qualifier,
        "teaser": event.teaser,
        "event_text": event.event_text,
        "evidence": event.event_text,
        "trigger": event.trigger,
        "text_info": {"doc": event.doc, "story": event.story_id, "start": event.start, "end": event.end,
                      "sentence_start": event.sentence_start, "sentence_end": event.sentence_end},
        "confidence": event.confidence,
        "coder": event.coder,
    }
