"""HTML → page text: trafilatura and readability-lxml, one of the two chosen per page.

``bench/extraction.py`` measured both on the cwced pages: readability is the more precise,
trafilatura finds the article on the pages where readability picks the wrong block.  Both run
on every page and ``choose.choose_text`` keeps one (the shorter when it holds the page's main
prose block).  The page text of an HTML page is the headline line (from the title: og:title,
<title> or <h1>) followed by the chosen text, one paragraph per line with the spaces around each
line trimmed.  Text-level chrome rules and segmentation run on it afterwards, because both
extractors keep sidebar teasers and aggregator footers that sit inside the body.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from readability import Document

from zhevents.clean.choose import choose_text

# Both extractors log every page they find too short; the clean stage reports that itself.
for _name in ("trafilatura", "readability", "readability.readability"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# libxml2 stops building the tree past this depth, so deeper pages lose their content.
MAX_DEPTH = 255
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_OG_TITLE = re.compile(
    r"""<meta\s[^>]*?(?:property|name)\s*=\s*["']og:title["'][^>]*?content\s*=\s*["']([^"']*)["']""", re.I
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]*>")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
# Elements that start a new line in readability's output (cells only get a space between them).
# fmt: off
_BLOCK = frozenset([
    "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "thead", "tfoot", "tr", "ul",
])
# fmt: on
_CELL = frozenset(["td", "th"])


@dataclass(frozen=True, slots=True)
class Extracted:
    """What the extractors found: the title (may be empty), the main text and who found it."""

    title: str
    text: str
    extractor: str = "trafilatura"


class ExtractionError(ValueError):
    """The page has no extractable main text; the message says why."""


def extract(html: str) -> Extracted:
    """Title and main text of an HTML page; ``ExtractionError`` when there is none."""
    if not html.strip():
        raise ExtractionError("empty HTML page")
    parse_error = ""
    try:
        traf = trafilatura_text(html)
    except ExtractionError as exc:
        traf, parse_error = "", str(exc)
    choice = choose_text({"trafilatura": traf, "readability": readability_text(html)})
    if not choice.text:
        raise ExtractionError(parse_error or _why_empty(html))
    return Extracted(page_title(html), choice.text, choice.extractor)


def trafilatura_text(html: str) -> str:
    """trafilatura's main text, one paragraph per line ("" when it finds none)."""
    try:
        # Metadata extraction (dates, authors) would triple the cost; the title is read apart.
        doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True)
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise ExtractionError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from exc
    raw_text = doc.get("text") if isinstance(doc, dict) else (doc.text if doc is not None else None)
    return normalise_lines(str(raw_text or ""))


def readability_text(html: str) -> str:
    """readability-lxml's main text, one paragraph per line ("" when it finds none or fails)."""
    try:
        summary = Document(html).summary(html_partial=True)
        if not summary.strip():
            return ""
        root = lxml.html.fromstring(summary)
    except Exception:  # readability and lxml raise assorted errors on pages they cannot score
        return ""
    parts: list[str] = []
    _flatten(root, parts)
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n") if line.strip())


def _flatten(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    """Text of ``element`` with a line break around every block element."""
    tag = element.tag if isinstance(element.tag, str) else ""  # comments have a function as tag
    is_block = tag in _BLOCK
    parts.append("\n" if is_block else " " if tag in _CELL else "")
    if tag and element.text:
        parts.append(element.text)
    for child in element:
        _flatten(child, parts)
    if is_block:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail)


def page_title(html: str) -> str:
    """The headline: the <h1> when the <title>/og:title contains it (no site name), else the title."""
    head = html[:200_000]
    m = _OG_TITLE.search(head) or _TITLE.search(head)
    title = _text_of(m.group(1)) if m else ""
    for h1 in _H1.finditer(head):
        heading = _text_of(h1.group(1))
        if len(heading) >= 4 and (not title or heading in title):
            return heading
    return title


def _text_of(fragment: str) -> str:
    return " ".join(html_lib.unescape(_ANY_TAG.sub("", fragment)).split())


def normalise_lines(text: str) -> str:
    """One paragraph per line: CRLF to LF, spaces around lines trimmed, blank lines dropped."""
    lines = (ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _why_empty(html: str) -> str:
    depth = nesting_depth(html, stop_at=MAX_DEPTH + 1)
    if depth > MAX_DEPTH:
        return f"HTML nested too deeply to parse (more than {MAX_DEPTH} open elements)"
    return "no main text found in the HTML page"


def nesting_depth(html: str, stop_at: int) -> int:
    """Greatest element nesting depth (a rough tag count, stopping early at ``stop_at``)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest >= stop_at:
                break
    return deepest
