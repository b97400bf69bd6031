"""The clean stage: page text, chrome removal and segmentation into stories.

``clean_page(page)`` sets ``page.text`` (the text every offset indexes), ``page.stories``
(article / teaser / digest-item, each with an ``Alignment`` back to ``page.text``) and
``page.removed`` (every chunk of page text no story took, with the reason).  Bad content never
raises: the page comes back ``status="rejected"`` with ``error`` saying why.
"""

from __future__ import annotations

from zhevents.clean.html import ExtractionError, extract
from zhevents.clean.segment import offset_problems, segment
from zhevents.records import Page

__all__ = ["clean_page", "clean_text", "offset_problems"]

_HTML_SNIFF = ("<html", "<!doctype", "<body", "<div", "<p>", "<head", "<meta", "<?xml")


def clean_page(page: Page) -> Page:
    """Fill ``page.text``, ``page.stories`` and ``page.removed`` from ``page.raw``."""
    if page.status != "ok":
        return page
    fmt = page.fmt if page.fmt in ("text", "html") else _sniff(page.raw)
    forced_title: tuple[int, int] | None = None
    if fmt == "html":
        try:
            extracted = extract(page.raw)
        except ExtractionError as exc:
            return _reject(page, str(exc))
        page.text, forced_title = _html_page_text(extracted.title, extracted.text)
        if extracted.title and not page.meta.title:
            page.meta.title = page.text[forced_title[0] : forced_title[1]] if forced_title else extracted.title
    else:
        page.text = page.raw.replace("\r\n", "\n")
    page.stories, page.removed = segment(page.text, page.id, forced_title)
    if not page.stories:
        return _reject(page, "no story text left after removing page chrome")
    return page


def clean_text(text: str, page_id: str = "0" * 16) -> Page:
    """Clean a plain-text page given as a string (tests, benches, the CLI's ``--text``)."""
    return clean_page(Page(id=page_id, source="<text>", doc="<text>", fmt="text", raw=text))


def _html_page_text(title: str, body: str) -> tuple[str, tuple[int, int] | None]:
    """Page text = title line + body; the span of the headline proper inside the title line."""
    from zhevents.clean.chrome import chrome_rules

    if not title:
        return body, None
    first_line = body.split("\n", 1)[0]
    start, end = chrome_rules().title_span(title)
    headline = title[start:end]
    if first_line in (headline, title):
        # The extractor kept the <h1>: it is the title line already.
        return body, (0, len(first_line)) if first_line == headline else (start, end)
    return f"{title}\n{body}", (start, end)


def _sniff(raw: str) -> str:
    head = raw[:2048].lstrip().lower()
    return "html" if head.startswith("<") and any(tag in head for tag in _HTML_SNIFF) else "text"


def _reject(page: Page, why: str) -> Page:
    page.status = "rejected"
    page.error = f"clean: {why}"
    page.stories, page.removed = [], []
    return page
