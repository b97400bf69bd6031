"""Split page text into stories: the article, sidebar teasers, digest items.

Works on lines of ``Page.text``.  Each non-blank line is classified once (chrome, teaser
marker, section header, caption, source line, content); teaser markers and section headers
cut the page into blocks; the first block (and any long block) is main content — one
article, or digest items when the page title is followed directly by sub-headlines — and the
other blocks are teasers (caption, headline, category, lead).  Every story keeps an
``Alignment`` to ``Page.text`` and every left-out line is listed in ``Removed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from zhevents.clean.chrome import ChromeRules, chrome_rules, load_yaml
from zhevents.records import Alignment, Block, Removed, Span, Story, StoryKind

CONTENT = "content"
CHROME = "chrome"
MARKER = "marker"
SECTION = "section"
NAV_RUN = "nav_run"
CAPTION = "caption"
SOURCE = "source"


@dataclass(slots=True)
class Line:
    """One non-blank line of page text; ``start``/``end`` exclude surrounding spaces."""

    index: int
    start: int
    end: int
    text: str
    kind: str = CONTENT
    reason: str = ""
    ends_block: bool = False  # a teaser marker closed this line ("…阅读全文")
    headline_like: bool = False
    truncated: bool = False


@dataclass(slots=True)
class _Draft:
    """A story being built: which lines are its headline, body and category."""

    kind: StoryKind
    body: list[Line] = field(default_factory=list)
    headline: Line | None = None
    category: Line | None = None
    dateline_from: Line | None = None  # a dateline line shared by a digest
    first: int = 0  # line index range the story covers (for caption placement)
    last: int = 0
    captions: list[Line] = field(default_factory=list)
    source: Line | None = None
    block: int = 0


@dataclass(slots=True)
class _Block:
    lines: list[Line]
    ended_by_marker: bool
    after_boundary: bool


class Structure:
    """The compiled patterns of ``data/structure.yaml``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.dateline_re = re.compile("|".join(f"(?:{d['pattern']})" for d in data["datelines"]))
        self.source_re = re.compile("|".join(f"(?:{d['pattern']})" for d in data["source_lines"]))
        ends = [c["pattern"] for c in data["captions"] if c["where"] == "end"]
        whole = [c["pattern"] for c in data["captions"] if c["where"] == "line"]
        self.caption_end_re = re.compile("|".join(f"(?:{p})" for p in ends))
        self.caption_line_re = re.compile("|".join(f"(?:{p})" for p in whole))
        self.categories = frozenset(str(n) for n in data["categories"]["names"])
        head = data["headline"]
        self.headline_max = int(head["max_chars"])
        self.forbidden_inside = str(head["forbidden_inside"])
        self.forbidden_end = frozenset(str(head["forbidden_end"]))
        self.truncation_end = tuple(str(t) for t in head["truncation_end"])

    def is_caption(self, line: str) -> bool:
        if line[-1] in ")）":
            # The credit is the last bracket group: match from its opening bracket.
            cut = max(line.rfind("("), line.rfind("（"))
            if cut >= 0 and self.caption_end_re.fullmatch(line, cut):
                return True
        return self.caption_line_re.fullmatch(line) is not None

    def is_truncated(self, line: str) -> bool:
        return line.endswith(self.truncation_end)

    def is_headline_like(self, line: str) -> bool:
        if len(line) > self.headline_max or line[-1] in self.forbidden_end or self.is_truncated(line):
            return False
        return not any(ch in line for ch in self.forbidden_inside)

    def dateline_at(self, text: str, pos: int) -> re.Match[str] | None:
        m = self.dateline_re.match(text, pos)
        return m if m and m.end() > pos else None


@lru_cache(maxsize=1)
def structure() -> Structure:
    """The package's structure patterns, compiled once per process."""
    return Structure(load_yaml("structure.yaml"))


# ---------------------------------------------------------------------------------------- lines


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with the offsets of their stripped content."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(Line(len(lines), start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def classify_lines(lines: list[Line], removed: list[Removed], rules: ChromeRules, st: Structure) -> None:
    """Set each line's kind; trailing chrome is cut off content lines and listed in ``removed``."""
    for line in lines:
        # Cutting a marker or portal tag can leave a caption or chrome line: classify again.
        for _ in range(4):
            if _classify_whole(line, rules, st) or not _cut_suffix(line, removed, rules):
                break
        if line.kind == CONTENT:
            line.truncated = st.is_truncated(line.text)
            line.headline_like = st.is_headline_like(line.text)
    _resolve_nav_runs(lines, rules.nav_run_min, st)


def _classify_whole(line: Line, rules: ChromeRules, st: Structure) -> bool:
    """Give the line a non-content kind if the whole line is chrome, a caption or a source line."""
    verdict = rules.classify_line(line.text)
    if verdict is not None:
        line.kind = verdict.role if verdict.role in (MARKER, SECTION, NAV_RUN) else CHROME
        line.reason = verdict.reason
    elif st.is_caption(line.text):
        line.kind = CAPTION
    elif st.source_re.fullmatch(line.text):
        line.kind = SOURCE
    return line.kind != CONTENT


def _cut_suffix(line: Line, removed: list[Removed], rules: ChromeRules) -> bool:
    """Cut one teaser marker or portal tag off the end of a line; False when there is none."""
    verdict = rules.strip_suffix(line.text)
    if verdict is None:
        return False
    kept = line.text[: verdict.cut].rstrip()
    new_end = line.start + len(kept)
    removed.append(Removed(verdict.reason, new_end, line.end))
    line.text, line.end = kept, new_end
    if verdict.role == MARKER:
        line.ends_block = True
    if not kept:
        line.kind, line.reason = (MARKER if line.ends_block else CHROME), verdict.reason
        return False
    return True


def _resolve_nav_runs(lines: list[Line], min_run: int, st: Structure) -> None:
    """A 《节目》 line is navigation only inside a run of such lines; alone it is content.

    Only content lines break a run (a caption between menu items does not), so the verdict is
    the same when a story's text, which has no captions, is cleaned again.
    """
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and line.kind == NAV_RUN:
            run.append(line)
            continue
        if line is not None and line.kind not in (CONTENT, MARKER, SECTION):
            continue
        for item in run:
            if len(run) >= min_run:
                item.kind = CHROME
            else:
                item.kind = CONTENT
                item.truncated = st.is_truncated(item.text)
                item.headline_like = st.is_headline_like(item.text)
        run = []


def split_blocks(lines: list[Line], removed: list[Removed]) -> list[_Block]:
    """Cut the page at teaser markers and section headers; chrome lines go to ``removed``."""
    blocks: list[_Block] = []
    current: list[Line] = []
    after_boundary = False
    for line in lines:
        if line.kind in (CHROME, MARKER, SECTION):
            removed.append(Removed(line.reason, line.start, line.end))
        if line.kind in (MARKER, SECTION):
            blocks.append(_Block(current, line.kind == MARKER, after_boundary))
            current, after_boundary = [], True
            continue
        if line.kind == CHROME:
            continue
        current.append(line)
        if line.ends_block:
            blocks.append(_Block(current, True, after_boundary))
            current, after_boundary = [], True
    blocks.append(_Block(current, False, after_boundary))
    return blocks


# --------------------------------------------------------------------------------------- blocks


def _content(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if ln.kind == CONTENT]


def _is_paragraph(line: Line) -> bool:
    return not line.headline_like


def _looks_like_teasers(block: _Block) -> bool:
    """Sidebar teasers: a headline or two and at most a short (often cut-off) lead."""
    paragraphs = [ln for ln in _content(block.lines) if _is_paragraph(ln)]
    if any(ln.truncated for ln in paragraphs):
        return True
    return len(paragraphs) <= 2 and sum(len(ln.text) for ln in paragraphs) <= 400


def _split_trailing_teaser(block: _Block, st: Structure) -> tuple[list[Line], list[Line]]:
    """Main content followed by one teaser closed by a marker: where the teaser begins."""
    content = _content(block.lines)
    if not content:
        return block.lines, []
    j = len(content) - 1
    if _is_paragraph(content[j]):
        has_category = j >= 1 and content[j - 1].text in st.categories
        if not (content[j].truncated or has_category or len(content) <= 2):
            return block.lines, []  # a normal last paragraph: the marker was stray chrome
        j -= 1
    if j >= 0 and content[j].text in st.categories:
        j -= 1
    if j >= 0 and content[j].headline_like:
        j -= 1
    split_at = content[j + 1].index
    main = [ln for ln in block.lines if ln.index < split_at]
    teaser = [ln for ln in block.lines if ln.index >= split_at]
    return main, teaser


def _parse_teasers(lines: list[Line], st: Structure, block_no: int) -> list[_Draft]:
    """Teaser block: [caption] headline [category] [lead …], possibly several in a row."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for line in _content(lines):
        is_category = (
            current is not None
            and current.headline is not None
            and current.category is None
            and not current.body
            and line.text in st.categories
        )
        if is_category and current is not None:
            current.category = line
        elif line.headline_like:
            current = _Draft("teaser", headline=line, block=block_no)
            drafts.append(current)
        else:
            if current is None:
                current = _Draft("teaser", block=block_no)
                drafts.append(current)
            current.body.append(line)
    return drafts


def _parse_main(lines: list[Line], st: Structure, block_no: int, forced_title: Line | None) -> list[_Draft]:
    """Main content: one article (headline, dateline, body) or a digest of items."""
    content = _content(lines)
    if not content:
        return []
    title: Line | None = None
    rest = content
    if (forced_title is not None and content[0] is forced_title) or (content[0].headline_like and len(content) > 1):
        title, rest = content[0], content[1:]
    if not any(_is_paragraph(ln) for ln in rest):
        # Nothing but headline-like lines: keep them all as the text (idempotent on re-cleaning).
        only = [title, *rest] if title is not None else rest
        return [_Draft("article", body=only, headline=title if rest else only[0], block=block_no)]
    digest = _digest_items(title, rest, st, block_no)
    if digest:
        return digest
    draft = _Draft("article", headline=title, block=block_no)
    body_started = False
    for line in rest:
        if not body_started and not _is_paragraph(line):
            # Lines between the title and the first paragraph: a category label or a subtitle.
            if line.text in st.categories and draft.category is None:
                draft.category = line
            continue
        body_started = True
        draft.body.append(line)
    return [draft]


def _digest_items(title: Line | None, rest: list[Line], st: Structure, block_no: int) -> list[_Draft]:
    """Digest: the page title followed directly by sub-headlines, each over its paragraphs."""
    if title is None:
        return []
    start = 0
    shared_dateline: Line | None = None
    m = st.dateline_at(rest[0].text, 0)
    if m is not None and m.end() == len(rest[0].text):
        shared_dateline, start = rest[0], 1
    items = rest[start:]

    def is_sub(k: int) -> bool:
        return items[k].headline_like and k + 1 < len(items) and _is_paragraph(items[k + 1])

    subs = [k for k in range(len(items)) if is_sub(k)]
    if len(subs) < 2 or subs[0] != 0:
        return []
    drafts: list[_Draft] = []
    for n, k in enumerate(subs):
        end = subs[n + 1] if n + 1 < len(subs) else len(items)
        drafts.append(
            _Draft(
                "digest-item", body=items[k + 1 : end], headline=items[k], dateline_from=shared_dateline, block=block_no
            )
        )
    return drafts


# -------------------------------------------------------------------------------------- stories


def segment(text: str, page_id: str, forced_title: tuple[int, int] | None = None) -> tuple[list[Story], list[Removed]]:
    """Stories and removed chunks of ``text``; ``forced_title`` is the span of an HTML title line."""
    rules, st = chrome_rules(), structure()
    removed: list[Removed] = []
    lines = split_lines(text)
    classify_lines(lines, removed, rules, st)
    title_line = _force_title(lines, forced_title, removed) if forced_title is not None else None
    drafts: list[_Draft] = []
    for block_no, block in enumerate(split_blocks(lines, removed)):
        drafts.extend(_block_drafts(block, block_no, st, title_line if block_no == 0 else None))
    _place_lines(drafts, lines, removed)
    stories = [_build_story(d, seq, text, page_id, st, removed) for seq, d in enumerate(drafts)]
    removed.sort(key=lambda r: (r.start, r.end))
    return stories, removed


def _force_title(lines: list[Line], span: tuple[int, int], removed: list[Removed]) -> Line | None:
    """The HTML title line is the headline whatever it looks like; tags around it are removed."""
    if not lines or not (lines[0].start <= span[0] < span[1] <= lines[0].end):
        return None
    line = lines[0]
    if span[0] > line.start:
        removed.append(Removed("title_tag", line.start, span[0]))
    if span[1] < line.end:
        removed.append(Removed("title_tag", span[1], line.end))
    line.text = line.text[span[0] - line.start : span[1] - line.start]
    line.start, line.end = span
    line.kind, line.headline_like, line.ends_block, line.truncated = CONTENT, True, False, False
    return line


def _block_drafts(block: _Block, block_no: int, st: Structure, title: Line | None) -> list[_Draft]:
    if not block.after_boundary:
        if block.ended_by_marker:
            main, teaser = _split_trailing_teaser(block, st)
            return _parse_main(main, st, block_no, title) + _parse_teasers(teaser, st, block_no)
        return _parse_main(block.lines, st, block_no, title)
    if _looks_like_teasers(block):
        return _parse_teasers(block.lines, st, block_no)
    return _parse_main(block.lines, st, block_no, None)


def _story_lines(d: _Draft) -> list[Line]:
    own = [d.headline, d.category, *d.body]
    return [ln for ln in own if ln is not None]


def _place_lines(drafts: list[_Draft], lines: list[Line], removed: list[Removed]) -> None:
    """Give captions and source lines to stories; list every left-out content line as removed."""
    for d in drafts:
        own = _story_lines(d)
        d.first, d.last = min(ln.index for ln in own), max(ln.index for ln in own)
    used = {ln.index for d in drafts for ln in _story_lines(d)}
    for d in drafts:
        if d.dateline_from is not None:
            used.add(d.dateline_from.index)
    for line in lines:
        if line.kind == CAPTION:
            removed.append(Removed("caption", line.start, line.end))
            owner = _caption_owner(drafts, line.index)
            if owner is not None:
                owner.captions.append(line)
        elif line.kind == SOURCE:
            removed.append(Removed("source_line", line.start, line.end))
            for owner in _source_owners(drafts, line.index):
                if owner.source is None:
                    owner.source = line
        elif line.kind == CONTENT and line.index not in used:
            removed.append(Removed(_left_out_reason(line, lines), line.start, line.end))
    shared = {d.dateline_from.index: d.dateline_from for d in drafts if d.dateline_from is not None}
    for line in shared.values():
        removed.append(Removed("dateline", line.start, line.end))


def _left_out_reason(line: Line, lines: list[Line]) -> str:
    """A content line no story took: the page title over a digest, or a subtitle."""
    first_content = next((ln for ln in lines if ln.kind == CONTENT), None)
    if line is first_content:
        return "page_title"
    return "subtitle" if line.headline_like else "left_out"


def _caption_owner(drafts: list[_Draft], index: int) -> _Draft | None:
    """The story a caption sits in, else the next story, else the story before it."""
    for d in drafts:
        if d.first <= index <= d.last:
            return d
    following = [d for d in drafts if d.first > index]
    if following:
        return min(following, key=lambda d: d.first)
    return max(drafts, key=lambda d: d.last) if drafts else None


def _source_owners(drafts: list[_Draft], index: int) -> list[_Draft]:
    """A source line belongs to the story around or before it; closing a digest, to every item."""
    for d in drafts:
        if d.first <= index <= d.last:
            return [d]
    before = [d for d in drafts if d.last < index]
    if before:
        last = max(before, key=lambda d: d.last)
        if last.kind == "digest-item":
            return [d for d in drafts if d.block == last.block and d.kind == "digest-item"]
        return [last]
    following = [d for d in drafts if d.first > index]
    return [min(following, key=lambda d: d.first)] if following else []


def _span(text: str, line: Line | None) -> Span | None:
    return None if line is None else Span(text[line.start : line.end], line.start, line.end)


def _assemble(text: str, pieces: list[tuple[int, int]]) -> tuple[str, Alignment]:
    """Join page-text pieces into a story text; pieces separated only by blanks stay one slice."""
    merged: list[list[int]] = []
    for start, end in pieces:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = end
        else:
            merged.append([start, end])
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for n, (start, end) in enumerate(merged):
        if n:
            # An inserted line break stands for the left-out text between two pieces.
            prev_end = merged[n - 1][1]
            blocks.append(Block(pos, pos + 1, prev_end, start))
            parts.append("\n")
            pos += 1
        parts.append(text[start:end])
        blocks.append(Block(pos, pos + end - start, start, end))
        pos += end - start
    return "".join(parts), Alignment(blocks)


def _build_story(d: _Draft, seq: int, text: str, page_id: str, st: Structure, removed: list[Removed]) -> Story:
    body = d.body or ([d.headline] if d.headline is not None else [])
    story_text, align = _assemble(text, [(ln.start, ln.end) for ln in body])
    if d.headline is not None and d.body and d.headline not in d.body:
        removed.append(Removed("headline", d.headline.start, d.headline.end))
    if d.category is not None:
        removed.append(Removed("category", d.category.start, d.category.end))
    dateline: Span | None = None
    if d.body:
        m = st.dateline_at(text, d.body[0].start)
        if m is not None and m.end() <= d.body[0].end:
            end = m.end()
            while end > m.start() and (text[end - 1].isspace() or text[end - 1] in "，,：:"):
                end -= 1
            dateline = Span(text[m.start() : end], m.start(), end)
    if dateline is None and d.dateline_from is not None:
        dateline = _span(text, d.dateline_from)
    truncated = bool(d.body) and d.body[-1].truncated
    return Story(
        id=f"{page_id[:16]}-{seq}",
        page_id=page_id,
        seq=seq,
        kind=d.kind,
        text=story_text,
        align=align,
        headline=_span(text, d.headline),
        dateline=dateline,
        source_line=_span(text, d.source),
        category=d.category.text if d.category is not None else None,
        truncated=truncated,
        captions=[s for s in (_span(text, c) for c in d.captions) if s is not None],
    )


# ------------------------------------------------------------------------------------- checking


def offset_problems(page_text: str, stories: list[Story], removed: list[Removed]) -> list[str]:
    """Every way the stories and removed chunks fail to point back into the page text (empty: none).

    Spans must quote ``page_text`` exactly; one-to-one alignment blocks must copy it; an inserted
    block may only be a line break; story text and removed chunks must not overlap, and together
    they must cover every non-blank character of the page.
    """
    problems: list[str] = []
    covered = bytearray(len(page_text) + 1)
    for story in stories:
        spans = [story.headline, story.dateline, story.source_line, *story.captions]
        for span in spans:
            if span is not None and page_text[span.start : span.end] != span.text:
                problems.append(f"{story.id}: span {span} does not quote the page text")
        pos = 0
        for b in story.align.blocks:
            if b.src_start != pos:
                problems.append(f"{story.id}: alignment not contiguous at {pos}")
            pos = b.src_end
            piece = story.text[b.src_start : b.src_end]
            if b.src_end - b.src_start == b.dst_end - b.dst_start:
                if piece != page_text[b.dst_start : b.dst_end]:
                    problems.append(f"{story.id}: block {b} does not copy the page text")
                for i in range(b.dst_start, b.dst_end):
                    covered[i] |= 1
            elif piece != "\n":
                problems.append(f"{story.id}: inserted block {b} is {piece!r}, not a line break")
        if pos != len(story.text):
            problems.append(f"{story.id}: alignment covers {pos} of {len(story.text)} characters")
    for r in removed:
        if not 0 <= r.start < r.end <= len(page_text):
            problems.append(f"removed {r} out of bounds")
        for i in range(r.start, r.end):
            if covered[i] & 2:
                problems.append(f"removed {r} overlaps another removed chunk at {i}")
                break
            covered[i] |= 2
    for i, ch in enumerate(page_text):
        if covered[i] == 3 and not ch.isspace():
            problems.append(f"offset {i} ({ch!r}) is both story text and removed")
            break
        if covered[i] == 0 and not ch.isspace():
            problems.append(f"offset {i} ({ch!r}) is neither story text nor removed")
            break
    return problems
