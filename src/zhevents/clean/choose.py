"""Pick one of two extractions (trafilatura, readability) of the same page, per page.

Measured on the 69 cwced pages (``bench/extraction.py``): readability is the more precise
extractor (it leaves out the navigation tables and link lists trafilatura keeps) but on some
pages it picks the wrong block altogether — a forum signature, a side table — and misses the
article; trafilatura then holds it.  Both extractors almost always return nested texts (one is
inside the other), so the rule is: take the *shorter* text when it holds most of the longer
text's prose, else the longer one.  Prose is counted in sentence punctuation marks, line by line:
the article's paragraphs are punctuated prose, link lists, menus and tables are not, so a single
disclaimer paragraph weighs less than an interview.  A line of the longer text counts as held
when most of its character bigrams (spaces ignored) are in the shorter text, so line breaks and
spacing that differ between the extractors do not matter.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

# Sentence-internal and sentence-final punctuation of Chinese prose (both widths).
PROSE_MARKS = frozenset("。，、；！？：,;!?")
# Share of a line's bigrams the shorter text must have for the line to count as held.
LINE_HELD = 0.5
# Share of the longer text's prose (punctuation marks) the shorter text must hold to be chosen.
PROSE_HELD = 0.5


@dataclass(frozen=True, slots=True)
class Choice:
    """The text chosen, which extractor produced it and why."""

    text: str
    extractor: str
    reason: str


def bigrams(text: str) -> Counter[str]:
    """Multiset of adjacent non-space characters."""
    chars = "".join(text.split())
    return Counter(chars[i : i + 2] for i in range(len(chars) - 1))


def held_share(part: Counter[str], whole: Counter[str]) -> float:
    """Share of ``part``'s bigrams (with multiplicity) that ``whole`` also has."""
    total = sum(part.values())
    return sum((part & whole).values()) / total if total else 0.0


def prose_marks(line: str) -> int:
    """How much a line reads as prose: its sentence punctuation marks."""
    return sum(1 for ch in line if ch in PROSE_MARKS)


def prose_held(long: str, short: str) -> float:
    """Share of ``long``'s prose (punctuation marks, by line) that ``short`` holds; 1.0 without prose."""
    short_bigrams = bigrams(short)
    total = held = 0
    for line in long.split("\n"):
        marks = prose_marks(line)
        if not marks:
            continue
        total += marks
        if held_share(bigrams(line), short_bigrams) >= LINE_HELD:
            held += marks
    return held / total if total else 1.0


def non_space_len(text: str) -> int:
    return len(text) - sum(1 for ch in text if ch.isspace())


def choose_text(candidates: dict[str, str]) -> Choice:
    """The better of two named extractions (empty strings for an extractor that found nothing)."""
    found = [(name, text) for name, text in candidates.items() if text.strip()]
    if not found:
        return Choice("", "", "no extractor found text")
    if len(found) == 1:
        return Choice(found[0][1], found[0][0], "the only extractor that found text")
    (short_name, short), (long_name, long) = sorted(found[:2], key=lambda item: non_space_len(item[1]))
    if prose_held(long, short) >= PROSE_HELD:
        return Choice(short, short_name, "the shorter text holds most of the longer text's prose")
    return Choice(long, long_name, "the shorter text misses most of the longer text's prose")
