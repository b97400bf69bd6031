"""Script normalisation: every story becomes simplified, uniformly punctuated text.

``to_simplified`` converts once with OpenCC (a chain of OpenCC's own dictionaries: HK
variants → TW variants → traditional→simplified, chosen by measurement in bench/convert.py),
maps characters one to one (full-width letters, spaces, name dots), converts ASCII
punctuation in Chinese context to the full-width forms, applies the repair table and
collapses whitespace.  OpenCC's character and phrase tables for these configs keep the
length of every entry, so the conversion itself is aligned character by character; only
repairs, deleted zero-width characters, ``\\r\\n`` and whitespace runs change length, and
those few places get their own ``Block`` in the ``Alignment`` (norm → original).

``convert`` renders text for display (simplified, OpenCC-standard traditional, HK, TW) with
repair tables for the artefacts OpenCC's simplified→traditional configs create.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import opencc

from zhevents.records import Alignment, Block, Script, Story

Target = Literal["simplified", "traditional", "hk", "tw"]

_DATA = "data/normalize"
# How many distinguishing characters of the other script a text may hold and still count as
# one script (a traditional name quoted in a simplified story): share of the minority.
MIXED_MINORITY_SHARE = 0.05
_TARGET_CONFIGS: dict[str, str] = {"traditional": "s2t", "hk": "s2hk", "tw": "s2tw"}
# Characters that make ASCII punctuation "Chinese": Han (BMP, ext. A, compatibility, ext. B+),
# CJK symbols and punctuation, full-width forms, curly quotes as used in Chinese text.
_CJK = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    "\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019"
)
_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for cp in range(lo, hi + 1)}
_CJK_CHAR = re.compile(f"[{_CJK}]")
_NOT_WORD = re.compile(r"[\W_]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PAIR = re.compile(r"\(([^()\n]*)\)")  # innermost pair on one line
_LONE_PAREN = re.compile(f"(?<=[{_CJK}])[()]|[()](?=[{_CJK}])")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_OPEN_MARK, _CLOSE_MARK = "\ue000", "\ue001"  # private use: a pair that stays ASCII


# ---------------------------------------------------------------- data loading


def _data_path(name: str) -> Path:
    return Path(str(resources.files("zhevents").joinpath(f"{_DATA}/{name}")))


def _read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a package TSV; lines starting with ``#`` are the file's notes."""
    with _data_path(name).open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _codepoint(field: str) -> str:
    return "".join(chr(int(part[2:], 16)) for part in field.split()) if field else ""


@cache
def _simplifier() -> opencc.OpenCC:
    """OpenCC with our chain config; dictionary names resolved inside the opencc package."""
    config = json.loads(_data_path("to_simplified.json").read_text(encoding="utf-8"))
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"

    def absolute(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                node["file"] = str(share / node["file"])
            for value in node.values():
                absolute(value)
        elif isinstance(node, list):
            for value in node:
                absolute(value)

    absolute(config)
    config = {k: v for k, v in config.items() if not k.startswith("_")}  # our notes, not OpenCC's
    with tempfile.TemporaryDirectory() as tmp:  # OpenCC reads its config from a file path
        path = Path(tmp) / "to_simplified.json"
        path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        return opencc.OpenCC(str(path))


@cache
def _target_converter(target: str) -> opencc.OpenCC:
    return opencc.OpenCC(_TARGET_CONFIGS[target])


@cache
def _script_classes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Classes of simplified-only and traditional-only characters (script_chars.tsv).

    BMP and astral characters go into separate classes: one astral character in a class
    stops ``re`` from compiling it to a bitmap and makes every scan ~100× slower.
    """
    chars: dict[str, list[str]] = {"simplified": [], "traditional": []}
    for row in _read_tsv("script_chars.tsv"):
        chars[row["script"]].append(row["char"])

    def cls(members: list[str]) -> re.Pattern[str]:
        return re.compile("[" + "".join(re.escape(c) for c in members) + "]" if members else "(?!)")

    bmp = [cls([c for c in chars[s] if ord(c) <= 0xFFFF]) for s in ("simplified", "traditional")]
    astral = [cls([c for c in chars[s] if ord(c) > 0xFFFF]) for s in ("simplified", "traditional")]
    return bmp[0], bmp[1], astral[0], astral[1]


@cache
def _needs_conversion() -> re.Pattern[str]:
    """Anything OpenCC would change that matters: traditional-only or compatibility ideographs.

    One character class (no alternation), so ``re`` scans with a bitmap; astral traditional
    characters are checked separately, only in texts that have astral characters.
    """
    trad = _script_classes()[1].pattern
    return re.compile(trad[:-1] + "\uf900-\ufaff]" if trad.endswith("]") else "[\uf900-\ufaff]")


@cache
def _char_maps() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(one-to-one map, deletions, ASCII → full-width in Chinese context) from width.tsv."""
    one_to_one: dict[str, str] = {chr(k): chr(v) for k, v in _FULLWIDTH_ALNUM.items()}
    deletions: dict[str, str] = {}
    in_cjk: dict[str, str] = {}
    for row in _read_tsv("width.tsv"):
        src, dst = _codepoint(row["from"]), _codepoint(row["to"])
        if row["context"] == "cjk":
            in_cjk[src] = dst
        elif dst:
            one_to_one[src] = dst
        else:
            deletions[src] = ""
    return one_to_one, deletions, in_cjk


@cache
def _one_to_one_pattern() -> re.Pattern[str]:
    # a regex over the (rare) characters to map: str.translate looks up every character
    return re.compile("[" + "".join(re.escape(c) for c in _char_maps()[0]) + "]")


def _map_one_to_one(text: str) -> str:
    table = _char_maps()[0]
    return _one_to_one_pattern().sub(lambda m: table[m.group()], text)


@cache
def _simplified_repairs() -> dict[str, str]:
    return {row["wrong"]: row["right"] for row in _read_tsv("repairs_simplified.tsv") if row["right"]}


@cache
def _target_repairs(target: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("repairs_traditional.tsv", "repairs_traditional_cgroups.tsv"):
        for row in _read_tsv(name):
            if row["target"] in (target, "all") and row["right"]:
                out.setdefault(row["wrong"], row["right"])
    return out


def _alternation(words: dict[str, str] | set[str]) -> str:
    """Regex alternation, longest first so a longer repair wins over its prefix."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@cache
def _repair_pattern(target: str) -> re.Pattern[str] | None:
    table = _simplified_repairs() if target == "simplified" else _target_repairs(target)
    return re.compile(_alternation(table)) if table else None


@cache
def _edit_pattern() -> re.Pattern[str]:
    """One pass over the converted text: repairs, deletions, line ends, spaces, punctuation.

    Named groups tell the callback what matched; everything here is sparse in news text.
    """
    _, deletions, in_cjk = _char_maps()
    punct = "".join(re.escape(c) for c in in_cjk if c not in "()")
    parts = []
    repairs = _simplified_repairs()
    if repairs:
        parts.append(f"(?P<repair>{_alternation(repairs)})")
    if deletions:
        parts.append("(?P<delete>[" + "".join(re.escape(c) for c in deletions) + "]+)")
    parts.append(r"(?P<crlf>\r\n?)")
    parts.append(r"(?P<spaces>  +)")
    parts.append(f"(?P<punct>[{punct}])")  # context checked in ``_edit``: a lookbehind here is slow
    # a lookahead on the possible first characters lets ``re`` skip quickly (4× faster scan)
    first = {w[0] for w in repairs} | set(deletions) | {"\r", " "} | {c for c in in_cjk if c not in "()"}
    prefix = "[" + "".join(re.escape(c) for c in sorted(first)) + "]"
    return re.compile(f"(?={prefix})(?:{'|'.join(parts)})")


# ---------------------------------------------------------------- script detection


def script_counts(text: str) -> tuple[int, int]:
    """(simplified-only, traditional-only) character counts, from OpenCC's own tables."""
    simp, trad, simp_astral, trad_astral = _script_classes()
    n_simp, n_trad = len(simp.findall(text)), len(trad.findall(text))
    if _ASTRAL.search(text):
        n_simp += len(simp_astral.findall(text))
        n_trad += len(trad_astral.findall(text))
    return n_simp, n_trad


def detect_script(text: str) -> Script:
    """``simplified``, ``traditional``, ``mixed`` or ``none`` (no character tells them apart).

    Counts characters found on one side only of OpenCC's conversion tables (国 vs 國, 说 vs
    説); a few of the other script (≤5 %) do not make a text mixed.
    """
    n_simp, n_trad = script_counts(text)
    total = n_simp + n_trad
    if total == 0:
        return "none"
    if n_trad <= MIXED_MINORITY_SHARE * total:
        return "simplified"
    if n_simp <= MIXED_MINORITY_SHARE * total:
        return "traditional"
    return "mixed"


# ---------------------------------------------------------------- to simplified


def _opencc_safe(text: str) -> str:
    """Lone surrogates cannot be encoded for OpenCC: replace them one to one with U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def _needs_conversion_by_opencc(text: str) -> bool:
    """False for text without traditional characters: it skips OpenCC (faster, and simplified
    著 in 显著/土著 cannot turn into 着 through the TW variant table)."""
    if _needs_conversion().search(text):
        return True
    return bool(_ASTRAL.search(text) and _script_classes()[3].search(text))


def _simplify_chars(text: str, converter: opencc.OpenCC | None = None) -> tuple[str, Alignment | None]:
    """OpenCC over the whole text; ``None`` alignment when it kept every position.

    OpenCC's tables used here keep the length of every entry, so the fallback (line by line,
    a changed-length line as one block) only guards against future dictionaries.
    """
    converter = converter or _simplifier()
    out = converter.convert(text)
    if len(out) == len(text):
        return out, None
    pieces: list[str] = []
    blocks: list[Block] = []
    src = dst = 0
    for line in text.splitlines(keepends=True):
        conv = converter.convert(line)
        blocks.append(Block(src, src + len(conv), dst, dst + len(line)))
        pieces.append(conv)
        src += len(conv)
        dst += len(line)
    return "".join(pieces), Alignment(blocks)


def _fullwidth_parens(text: str) -> str:
    """ASCII parentheses in Chinese context → （）, a pair always together (never （…) ).

    A pair converts when its content or a neighbour outside it is Chinese; innermost pairs
    first, the pairs around them in later rounds.  A parenthesis left without a partner
    converts when a neighbour is Chinese.  One to one: positions do not move.
    """
    if "(" not in text and ")" not in text:
        return text
    if _OPEN_MARK in text or _CLOSE_MARK in text:  # cannot use the marks: leave ASCII alone
        return text

    def pair(m: re.Match[str]) -> str:
        s, a, b = m.string, m.start(), m.end()
        around = (s[a - 1] if a else "") + (s[b] if b < len(s) else "")
        if _CJK_CHAR.search(m.group(1)) or _CJK_CHAR.search(around):
            return f"（{m.group(1)}）"
        return f"{_OPEN_MARK}{m.group(1)}{_CLOSE_MARK}"  # kept ASCII; hidden from the next round

    out, previous = text, ""
    while out != previous:
        previous, out = out, _PAIR.sub(pair, out)
    out = _LONE_PAREN.sub(lambda m: "（" if m.group() == "(" else "）", out)
    return out.replace(_OPEN_MARK, "(").replace(_CLOSE_MARK, ")")


def _edit(text: str) -> tuple[str, list[Block]]:
    """Apply the edit pattern; return the new text and blocks (new → ``text``)."""
    _, _, in_cjk = _char_maps()
    repairs = _simplified_repairs()
    pieces: list[str] = []
    blocks: list[Block] = []
    last = 0  # end of the last match in ``text``
    run_src = run_dst = 0  # start of the current one-to-one stretch (new, text)
    out_len = 0
    for m in _edit_pattern().finditer(text):
        kind = m.lastgroup
        a, b = m.span()
        if kind == "repair":
            rep = repairs[m.group()]
        elif kind == "delete":
            rep = ""
        elif kind == "crlf":
            rep = "\n"
        elif kind == "spaces":
            rep = " "
        elif (a and _CJK_CHAR.match(text, a - 1)) or _CJK_CHAR.match(text, b):
            rep = in_cjk[m.group()]
        else:
            continue
        if rep == m.group():
            continue
        pieces.append(text[last:a])
        out_len += a - last
        if len(rep) != b - a:
            if a > run_dst:
                blocks.append(Block(run_src, out_len, run_dst, a))
            blocks.append(Block(out_len, out_len + len(rep), a, b))
            run_src, run_dst = out_len + len(rep), b
        pieces.append(rep)
        out_len += len(rep)
        last = b
    if not pieces:
        return text, []
    pieces.append(text[last:])
    out_len += len(text) - last
    if len(text) > run_dst or not blocks:
        blocks.append(Block(run_src, out_len, run_dst, len(text)))
    return "".join(pieces), blocks


def to_simplified(text: str) -> tuple[str, Alignment]:
    """Simplified, normalised text and its ``Alignment`` (result → ``text``).

    Steps: OpenCC chain (HK/TW variants, traditional → simplified), full-width letters and
    digits → ASCII, spaces → U+0020, ASCII punctuation next to Chinese → full-width, repairs
    (repairs_simplified.tsv), zero-width characters deleted, ``\\r\\n`` → ``\\n``, runs of spaces
    → one space.  Positions map one to one except inside the few changed-length edits.
    """
    if not text:
        return "", Alignment()
    opencc_align: Alignment | None = None
    converted = text
    if _needs_conversion_by_opencc(text):
        converted, opencc_align = _simplify_chars(_opencc_safe(text))
    converted = _fullwidth_parens(_map_one_to_one(converted))
    out, blocks = _edit(converted)
    align = Alignment(blocks) if blocks else Alignment.identity(len(out))
    if opencc_align is not None:
        align = align.then(opencc_align)
    return out, align


# ---------------------------------------------------------------- stories


def content_key(norm: str) -> str:
    """``norm`` without whitespace, punctuation and symbols, lower-cased: what copies share."""
    return _NOT_WORD.sub("", norm).lower()


def content_hash(norm: str) -> str:
    return hashlib.sha256(content_key(norm).encode("utf-8")).hexdigest()


def normalize_story(story: Story) -> Story:
    """A copy of ``story`` with ``script``, ``norm``, ``norm_align`` and ``content_hash`` set."""
    norm, align = to_simplified(story.text)
    return replace(story, script=detect_script(story.text), norm=norm, norm_align=align,
                   content_hash=content_hash(norm))


# ---------------------------------------------------------------- display conversion


def _apply_repairs(text: str, target: str) -> str:
    pattern = _repair_pattern(target)
    if pattern is None:
        return text
    table = _simplified_repairs() if target == "simplified" else _target_repairs(target)
    return pattern.sub(lambda m: table[m.group()], text)


def convert(text: str, target: Target) -> str:
    """``text`` (any script) rendered in ``target`` for display and the digest.

    Goes through simplified (our chain + repairs), then OpenCC s2t / s2hk / s2tw and the
    repair tables for what those create (一箇中國 → 一個中國, 馬裏烏波爾 → 馬里烏波爾).
    Punctuation and spacing are left as they are.
    """
    if _needs_conversion_by_opencc(text):
        text = _simplifier().convert(_opencc_safe(text))
    simplified = _apply_repairs(text, "simplified")
    if target == "simplified":
        return simplified
    if target not in _TARGET_CONFIGS:
        raise ValueError(f"unknown target script {target!r}")
    return _apply_repairs(_target_converter(target).convert(simplified), target)


__all__: list[str] = [
    "MIXED_MINORITY_SHARE",
    "Target",
    "content_hash",
    "content_key",
    "convert",
    "detect_script",
    "normalize_story",
    "script_counts",
    "to_simplified",
]
