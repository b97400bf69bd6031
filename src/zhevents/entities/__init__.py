"""zhevents.entities: people, organisations, states and places in a story, linked to stable ids.

Sources, strongest first: the gazetteer (data/*.tsv, one Aho–Corasick pass), title-anchored patterns
(patterns.py), and the statistical NER model (ner.py, when present).  Longest match wins and mentions do
not overlap, except the two "coref" mentions a 双方/两国 span carries (one per party).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from zhevents.entities.gazetteer import UNKNOWN_CODE, Gazetteer, Hit, gazetteer, read_table
from zhevents.entities.link import link_hits, resolve_code, to_simplified
from zhevents.entities.patterns import find_titled_names
from zhevents.records import Entity, EntityType, Mention, Page, Story

__all__ = ["Gazetteer", "annotate_entities", "entity_for", "find_entities", "gazetteer", "resolve_code",
           "to_simplified"]

NER_CONFIDENCE = 0.5
NER_TYPES: dict[str, EntityType] = {"person": "person", "org": "org", "place": "place"}


def _load_ner() -> Callable[[str], Sequence[tuple[int, int, str]]] | None:
    try:
        from zhevents.entities.ner import find_names  # owned by the NER engineer; optional here
    except ImportError:
        return None
    return find_names


def find_entities(norm: str, use_ner: bool = True) -> list[Hit]:
    """Entity hits in normalised text: gazetteer, then title patterns, then NER, then in-story linking."""
    gaz = gazetteer()
    hits = find_titled_names(norm, gaz.match(norm), gaz)
    if use_ner:
        hits = _add_ner(norm, hits, gaz)
    return link_hits(norm, hits, gaz)


def _add_ner(norm: str, hits: list[Hit], gaz: Gazetteer) -> list[Hit]:
    find_names = _load_ner()
    if find_names is None:
        return hits
    try:
        names = find_names(norm)
    except OSError:
        return hits  # the model file is not built yet: the gazetteer and patterns still run
    taken = [(h.start, h.end) for h in hits]
    out = list(hits)
    for start, raw_end, label in names:
        end = _before_verb(norm, start, raw_end)
        etype = NER_TYPES.get(label)
        if etype is None or end - start < 2 or any(s < end and start < e for s, e in taken):
            continue
        name = norm[start:end]
        entity = gaz.register(Entity(id=f"zhe:{etype}:{name}", type=etype, name_zh=name, code=UNKNOWN_CODE,
                                     aliases=[name], source="ner"))
        out.append(Hit(start, end, "entity", entity.id, etype, entity.code, entity.sector, method="ner",
                       confidence=NER_CONFIDENCE))
        taken.append((start, end))
    out.sort(key=lambda h: h.start)
    return out


@lru_cache(maxsize=1)
def _name_end_verbs() -> frozenset[str]:
    return frozenset(row["word"] for row in read_table("name_end_verbs.tsv"))


def _before_verb(norm: str, start: int, end: int) -> int:
    """阿夫杰耶夫卡击|退俄军: a name that swallowed a verb's first character ends before the verb."""
    for verb in _name_end_verbs():
        cut = end - 1
        if cut - start >= 2 and norm.startswith(verb, cut):
            return cut
    return end


def annotate_entities(story: Story, page: Page | None = None, use_ner: bool = True) -> Story:
    """Fill ``story.mentions`` from ``story.norm``; offsets index the page text (``story.page_span``) and
    ``text`` is the surface form in the original script.  ``page`` is optional (offsets come from the
    story's alignments); when given, every mention is checked against ``page.text``."""
    mentions = []
    for hit in find_entities(story.norm, use_ner):
        if hit.entity_id is None or hit.type is None:
            continue
        start, end = story.page_span(hit.start, hit.end)
        ts, te = story.norm_align.map_span(hit.start, hit.end)
        text = story.text[ts:te]
        if page is not None and page.text[start:end] != text:
            text = page.text[start:end]  # the page is the evidence when the two disagree
        mentions.append(Mention(
            story_id=story.id, entity_id=hit.entity_id, type=hit.type, text=text, start=start, end=end,
            norm_start=hit.start, norm_end=hit.end, method=hit.method, confidence=hit.confidence,
        ))
    story.mentions = mentions
    # every linked entity travels with the story, so a store in another process can record it
    story.entities = {m.entity_id: gazetteer().entity(m.entity_id) for m in mentions}
    return story


def entity_for(mention: Mention) -> Entity:
    """The entity a mention links to (gazetteer, composite body, or a name found in this process)."""
    return gazetteer().entity(mention.entity_id)
