"""Statistical NER: a character CRF (python-crfsuite) trained on the MSRA corpus.

``find_names(norm)`` returns ``(start, end, type)`` spans over a story's normalised,
simplified text with ``type`` in ``person`` | ``org`` | ``place``.  The model file
(``models/msra.crfsuite``) is built by ``scripts/train_ner.py``; see ``models/README.md``
for provenance and measured F1.

Feature extraction lives here and is shared with the training script so that training and
tagging can never drift apart.  Characters are first mapped to a canonical form (half-width
letters and digits, full-width punctuation, digits collapsed) because the MSRA training split
uses half-width digits, its test split full-width ones, and our normalised text follows its
own convention: the model should not care.
"""

from __future__ import annotations

import csv
import re
import threading
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

import pycrfsuite

NameType = Literal["person", "org", "place"]
Span = tuple[int, int, NameType]

MODELS_DIR = Path(__file__).parent / "models"
MODEL_PATH = MODELS_DIR / "msra.crfsuite"
MARKERS_PATH = MODELS_DIR / "ner_markers.tsv"

# MSRA tag suffixes → our entity types.
TAG_TYPES: dict[str, NameType] = {"PER": "person", "ORG": "org", "LOC": "place"}

# Sentence ends: long texts are tagged one sentence at a time (the CRF was trained on
# sentences, and it keeps every sequence short).  ASCII forms too, for text not yet normalised.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_NON_SPACE_RUN = re.compile(r"\S+")
# Padding symbols for the context window beyond a sentence's edges.
_BOS, _EOS = "<s>", "</s>"

# ASCII punctuation → its full-width form (the convention of MSRA and of our normalised text).
_ASCII_PUNCT_TO_FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if not chr(c).isalnum()}


# ---------------------------------------------------------------- canonical characters


def _canonical_char(ch: str) -> str:
    """One canonical symbol per character: width-folded, digits collapsed to ``0``."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII block → half-width
        ch = chr(code - 0xFEE0)
    if ch.isdigit() and ch.isascii():
        return "0"
    if ch.isascii() and ch.isalpha():
        return ch.lower()
    if ch == "\u3000" or ch.isspace():
        return "_"
    return _ASCII_PUNCT_TO_FULL.get(ch, ch)


def _char_type(ch: str) -> str:
    """Coarse class: C(JK) D(igit) N(umeral, Chinese) L(atin) S(pace) P(unct) O(ther)."""
    if ch == "0":
        return "D"
    if ch in "零〇一二三四五六七八九十百千万亿两":
        return "N"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "C"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch == "_":
        return "S"
    if ch.isalnum():
        return "O"
    return "P"


# ---------------------------------------------------------------- marker lexicon


@cache
def markers() -> dict[str, str]:
    """Marker word → its classes joined by ``|`` (from ``models/ner_markers.tsv``)."""
    classes: dict[str, set[str]] = {}
    with MARKERS_PATH.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            classes.setdefault(row["marker"], set()).add(row["class"])
    return {word: "|".join(sorted(cls)) for word, cls in classes.items()}


@cache
def _longest_marker() -> int:
    return max(map(len, markers()))


def _marker_classes(chars: Sequence[str]) -> tuple[list[str], list[str]]:
    """For each position: marker classes of words ending there, and of words starting there."""
    lexicon = markers()
    longest = _longest_marker()
    n = len(chars)
    text = "".join(chars)
    ends = [""] * n
    starts = [""] * n
    for i in range(n):
        for length in range(1, min(longest, n - i) + 1):
            found = lexicon.get(text[i : i + length])
            if found:
                end = i + length - 1
                ends[end] = f"{ends[end]},{found}" if ends[end] else found
                starts[i] = f"{starts[i]},{found}" if starts[i] else found
    return ends, starts


# ---------------------------------------------------------------- features


def sentence_features(sentence: str) -> list[list[str]]:
    """CRF attributes for every character of one sentence (shared by training and tagging).

    Window ±2 character unigrams, bigrams and the centred trigram, character types, and
    marker classes (org/place endings, surnames, transliteration characters, titles) of the
    words that end before, end at, or start after the character.
    """
    chars = [_canonical_char(ch) for ch in sentence]
    n = len(chars)
    if n == 0:
        return []
    padded = [_BOS, _BOS, *chars, _EOS, _EOS]
    types = ["B", "B", *(_char_type(ch) for ch in chars), "E", "E"]
    ends, starts = _marker_classes(chars)
    items: list[list[str]] = []
    for i in range(n):
        p = i + 2  # index into the padded lists
        c_2, c_1, c0, c1, c2 = padded[p - 2 : p + 3]
        feats = [
            "b",
            "u-2=" + c_2,
            "u-1=" + c_1,
            "u0=" + c0,
            "u1=" + c1,
            "u2=" + c2,
            "b-2=" + c_2 + c_1,
            "b-1=" + c_1 + c0,
            "b0=" + c0 + c1,
            "b1=" + c1 + c2,
            "t-2=" + c_2 + c_1 + c0,
            "t-1=" + c_1 + c0 + c1,
            "t0=" + c0 + c1 + c2,
            "ty=" + "".join(types[p - 2 : p + 3]),
        ]
        if ends[i]:
            feats.append("me=" + ends[i])
        if i > 0 and ends[i - 1]:
            feats.append("mp=" + ends[i - 1])
        if i + 1 < n and starts[i + 1]:
            feats.append("mn=" + starts[i + 1])
        items.append(feats)
    return items


# ---------------------------------------------------------------- decoding


def spans_from_tags(tags: Sequence[str]) -> list[Span]:
    """BIO tags → ``(start, end, type)`` spans (an ``I-X`` after another type starts a span,
    as conlleval does)."""
    spans: list[Span] = []
    start = -1
    current = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == current
        if current and not continues:
            spans.append((start, i, TAG_TYPES[current]))
            current = ""
        if prefix in ("B", "I") and not continues and label in TAG_TYPES:
            start, current = i, label
    return spans


def sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence, the terminator kept with its sentence."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, match.end()
        start = match.end()
    if start < len(text):
        yield start, len(text)


# ---------------------------------------------------------------- tagging


_local = threading.local()


def _tagger() -> pycrfsuite.Tagger:
    """The model, opened once per thread (a crfsuite tagger is not thread-safe)."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        if not MODEL_PATH.exists():
            raise FileNotFoundError(f"NER model missing: {MODEL_PATH} (run scripts/train_ner.py)")
        tagger = open_tagger(MODEL_PATH)
        _local.tagger = tagger
    return tagger


def open_tagger(path: Path) -> pycrfsuite.Tagger:
    """A tagger over a model file (the training script evaluates a fresh model with it)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def _has_cjk(text: str) -> bool:
    """Only text with a CJK character can hold a name the model knows (MSRA is all Chinese)."""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def find_names(norm: str) -> list[Span]:
    """Person, organisation and place names in normalised simplified text.

    Returns ``(start, end, type)`` offsets into ``norm``, sorted, non-overlapping.
    """
    if not _has_cjk(norm):
        return []
    return names_with(_tagger(), norm)


def names_with(tagger: pycrfsuite.Tagger, norm: str) -> list[Span]:
    """``find_names`` with an explicit tagger, sentence by sentence."""
    spans: list[Span] = []
    for start, end in sentence_bounds(norm):
        sentence = norm[start:end]
        if not _has_cjk(sentence):
            continue
        tags = tagger.tag(sentence_features(sentence))
        for s, e, kind in spans_from_tags(tags):
            spans.extend((start + ps, start + pe, kind) for ps, pe in _name_pieces(sentence, s, e))
    return spans


def _name_pieces(sentence: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A tagged span cut at whitespace, keeping only pieces with a CJK character.

    MSRA has no spaces, so the model lets a name run across the space between a headline and
    the next item ("乌克兰 德国"), and it has almost no Latin names ("Recep Tayyip E").
    """
    for match in _NON_SPACE_RUN.finditer(sentence, start, end):
        if _has_cjk(match.group()):
            yield match.start(), match.end()
