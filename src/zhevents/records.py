"""The plain records every pipeline stage reads and writes.

Data flows one way: ``Page`` (decoded input) → ``Story`` (one segment of the page: the
article, each teaser, each digest item) → annotations on the story (``Mention``,
``TimeExpr``, ``Quantity``) → ``Event``.

Offsets: every span a record carries (``start``/``end``) indexes ``Page.text`` — the
decoded text of the page in its original script — unless the field name says otherwise
(``norm_start`` indexes ``Story.norm``).  ``Alignment`` maps between the three texts:
``Story.norm`` → ``Story.text`` → ``Page.text``.  The invariant every test can check is
``page.text[start:end] == span text``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Literal

StoryKind = Literal["article", "teaser", "digest-item"]
Script = Literal["simplified", "traditional", "mixed", "none"]
Precision = Literal["day", "month", "year", "unknown"]
EntityType = Literal["person", "org", "place", "state"]
PageStatus = Literal["ok", "rejected"]


@dataclass(slots=True, frozen=True)
class Block:
    """One aligned block: ``src[src_start:src_end]`` became ``dst[dst_start:dst_end]``."""

    src_start: int
    src_end: int
    dst_start: int
    dst_end: int


@dataclass(slots=True)
class Alignment:
    """Maps positions of a derived text (``src``) back to the text it came from (``dst``).

    Blocks are sorted, contiguous and cover ``src`` completely.  Inside a block of equal
    length positions map one to one; a block whose lengths differ (a phrase conversion, an
    inserted separator) maps a span start to the block start and a span end to the block
    end, so a mapped span always covers at least what the source span came from.
    """

    blocks: list[Block] = field(default_factory=list)

    @classmethod
    def identity(cls, length: int, offset: int = 0) -> Alignment:
        return cls([Block(0, length, offset, offset + length)] if length else [])

    @property
    def src_length(self) -> int:
        return self.blocks[-1].src_end if self.blocks else 0

    def _block_at(self, pos: int) -> Block:
        starts = [b.src_start for b in self.blocks]
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        return self.blocks[i]

    def map_start(self, pos: int) -> int:
        if not self.blocks:
            return 0
        if pos >= self.src_length:
            return self.blocks[-1].dst_end
        b = self._block_at(pos)
        if b.src_end - b.src_start == b.dst_end - b.dst_start:
            return b.dst_start + (pos - b.src_start)
        return b.dst_start

    def map_end(self, pos: int) -> int:
        if not self.blocks:
            return 0
        if pos <= 0:
            return self.blocks[0].dst_start
        b = self._block_at(pos - 1)
        if b.src_end - b.src_start == b.dst_end - b.dst_start:
            return b.dst_start + (pos - b.src_start)
        return b.dst_end

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``src[start:end]`` to the span of ``dst`` it came from."""
        if end <= start:
            p = self.map_start(start)
            return p, p
        return self.map_start(start), self.map_end(end)

    def then(self, outer: Alignment) -> Alignment:
        """Compose: ``self`` maps a→b and ``outer`` maps b→c; the result maps a→c."""
        out: list[Block] = []
        for b in self.blocks:
            if b.src_end - b.src_start == b.dst_end - b.dst_start and b.src_end > b.src_start:
                out.extend(_split_equal_block(b, outer))
            else:
                ds, de = outer.map_span(b.dst_start, b.dst_end)
                out.append(Block(b.src_start, b.src_end, ds, de))
        return Alignment(out)

    def to_list(self) -> list[list[int]]:
        return [[b.src_start, b.src_end, b.dst_start, b.dst_end] for b in self.blocks]

    @classmethod
    def from_list(cls, rows: list[list[int]]) -> Alignment:
        return cls([Block(*row) for row in rows])


def _split_equal_block(b: Block, outer: Alignment) -> list[Block]:
    """Compose a one-to-one block with ``outer`` by cutting it at ``outer``'s block edges."""
    pieces: list[Block] = []
    pos = b.dst_start
    while pos < b.dst_end:
        ob = outer._block_at(pos) if outer.blocks else Block(pos, b.dst_end, pos, b.dst_end)
        cut = min(b.dst_end, ob.src_end) if ob.src_end > pos else b.dst_end
        s = b.src_start + (pos - b.dst_start)
        e = b.src_start + (cut - b.dst_start)
        ds, de = outer.map_span(pos, cut)
        pieces.append(Block(s, e, ds, de))
        pos = cut
    return pieces


@dataclass(slots=True)
class Span:
    """A piece of page text: ``page.text[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class PageMeta:
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    published_inferred: bool = False
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None
    site_name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Page:
    """One input document, decoded.

    ``raw`` is the decoded input as read (HTML or plain text); ``text`` is the page text
    all offsets index: the decoded text itself for plain-text pages, the extracted text
    for HTML pages.  A page that cannot be read has ``status == "rejected"`` and ``error``.
    """

    id: str  # content hash of the raw bytes (hex)
    source: str  # path, path#member, or URL
    doc: str  # base name of the source file (what gold data and users call the document)
    fmt: Literal["text", "html", "unknown"] = "unknown"
    encoding: str | None = None
    raw: str = ""
    text: str = ""
    meta: PageMeta = field(default_factory=PageMeta)
    status: PageStatus = "ok"
    error: str | None = None
    size: int = 0
    stories: list[Story] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


@dataclass(slots=True)
class Removed:
    """Page text left out of every story, and why (navigation, teaser marker, footer, …)."""

    reason: str
    start: int
    end: int


@dataclass(slots=True)
class Story:
    id: str  # f"{page_id[:16]}-{seq}"
    page_id: str
    seq: int
    kind: StoryKind
    text: str  # story body in the original script (captions, headline, chrome left out)
    align: Alignment  # Story.text → Page.text
    headline: Span | None = None
    dateline: Span | None = None
    source_line: Span | None = None
    category: str | None = None
    truncated: bool = False  # a teaser lead cut off with "..."
    captions: list[Span] = field(default_factory=list)
    script: Script = "none"
    norm: str = ""  # normalised simplified text used by every later stage
    norm_align: Alignment = field(default_factory=Alignment)  # Story.norm → Story.text
    reference_date: str | None = None  # the day the story reports from (dateline + published)
    reference_precision: Precision = "unknown"
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)  # every entity a mention links to
    content_hash: str = ""  # hash of ``norm`` (exact-duplicate key)
    duplicate_of: str | None = None  # id of the first story with the same content

    def page_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Map a span of ``norm`` to page-text offsets."""
        s, e = self.norm_align.map_span(norm_start, norm_end)
        return self.align.map_span(s, e)


@dataclass(slots=True)
class Entity:
    id: str  # stable id, e.g. "Q7747" style wikidata id or "zhe:person:普京"
    type: EntityType
    name_zh: str
    name_en: str | None = None
    code: str | None = None  # ISO alpha-3 or PLOVER non-state code (UNO, IGO, EUR, NGO, MNC…)
    sector: str | None = None  # PLOVER sector (GOV, MIL, BUS, …)
    wikidata_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO alpha-3 of a place's country, a person's state
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    source: str | None = None


@dataclass(slots=True)
class Mention:
    """One mention of an entity in a story; ``start``/``end`` index ``Page.text``."""

    story_id: str
    entity_id: str
    type: EntityType
    text: str  # surface form as written in the original script
    start: int
    end: int
    norm_start: int
    norm_end: int
    method: str = "gazetteer"  # gazetteer | pattern | ner | coref
    confidence: float = 1.0


@dataclass(slots=True)
class TimeExpr:
    story_id: str
    text: str  # raw expression as written
    start: int
    end: int
    norm_start: int
    norm_end: int
    date: str | None  # ISO start day
    end_date: str | None = None  # for ranges
    precision: Precision = "unknown"
    inferred: bool = False


@dataclass(slots=True)
class Quantity:
    story_id: str
    text: str
    start: int
    end: int
    norm_start: int
    norm_end: int
    value: float
    unit: str | None = None
    counts: str | None = None  # what is counted: 目标, 坦克, 难民…
    ordinal: bool = False  # 第三轮: the third round, not three rounds


@dataclass(slots=True)
class Actor:
    """PLOVER actor/recipient entry."""

    entity_text: str
    identifier_text: str | None = None
    entity_id: str | None = None
    wikidata_id: str | None = None
    code: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class Place:
    text: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    entity_id: str | None = None


@dataclass(slots=True)
class Source:
    """One link of an attribution chain: a speaker, an agency or an outlet."""

    text: str
    role: Literal["speaker", "agency", "outlet", "document"] = "speaker"
    entity_id: str | None = None
    code: str | None = None


@dataclass(slots=True)
class Event:
    id: str
    doc: str
    page_id: str
    story_id: str
    event: str  # PLOVER type
    start: int  # evidence span in Page.text
    end: int
    event_text: str  # the sentence
    mode: str | None = None
    quad_code: int | None = None
    cameo: str | None = None
    context: list[str] = field(default_factory=list)
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    date: str | None = None
    date_precision: Precision = "unknown"
    event_loc: Place | None = None
    attribution: list[Source] = field(default_factory=list)  # innermost first
    aux: list[str] = field(default_factory=list)
    qualifier: str | None = None
    teaser: bool = False
    trigger: str | None = None
    sentence_start: int = 0  # sentence span in Page.text
    sentence_end: int = 0
    confidence: float = 0.5
    coder: str = ""
