"""Bytes → text: binary sniffing, encoding detection and decoding, HTML/text format sniffing.

Chinese news pages come as UTF-8 (with or without BOM), UTF-16, the GB family and Big5.
Declared charsets (HTML ``<meta charset>``, HTTP headers) are only hints: pages lie, so a
hint is used only when the bytes decode under it and charset-normalizer does not rule it out.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import charset_normalizer

# Binary formats people drop into a corpus folder by mistake, by their magic numbers.
# (offset, magic, description); checked before any decoding.
BINARY_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive (or .docx/.xlsx/.epub)"),
    (0, b"PK\x05\x06", "ZIP archive (empty)"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document (.doc/.xls)"),
    (0, b"BZh", "bzip2 archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"\x28\xb5\x2f\xfd", "zstd archive"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"PAR1", "Parquet file"),
    (8, b"WEBP", "WebP image"),
    (4, b"ftyp", "MP4/MOV video"),
    (0, b"ID3", "MP3 audio"),
    (0, b"\x00asm", "WebAssembly module"),
)

# Decoders for the families we accept: the superset of each family, so that a page declared
# gb2312 but using GBK or GB18030 characters still decodes.
_FAMILY = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "iso8859_1": "cp1252",  # browsers read ISO-8859-1 as windows-1252
    "ascii": "utf-8",
}
_ALIASES = {"x-gbk": "gbk", "x-gb18030": "gb18030", "big5-hkscs": "big5hkscs", "x-x-big5": "big5"}  # web names
_CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE_BYTES = 256 * 1024  # charset-normalizer looks at this much; the full text is then verified
_MAX_BAD_RATIO = 0.05  # more replaced characters than this: the text is garbage, not damaged
_MAX_CONTROL_RATIO = 0.05  # more C0 control characters than this: binary data
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.I)
_PLAUSIBLE_CHARS = 20_000  # the common-character test looks at this much text
_MIN_COMMON_HAN = 0.7
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


class DecodeError(ValueError):
    """The bytes are not a text document we can decode; the message says why."""


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data`` from its magic number, or None."""
    for offset, magic, name in BINARY_SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return name
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes (a hint, not a fact)."""
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def normalize_codec(name: str | None) -> str | None:
    """Python codec for a declared charset name, widened to its family superset; None if unknown."""
    if not name:
        return None
    try:
        canonical = codecs.lookup(_ALIASES.get(name.strip().lower(), name.strip().lower())).name
    except LookupError:
        return None
    return _FAMILY.get(canonical.replace("-", "_"), canonical)


def decode_bytes(data: bytes, hint: str | None = None) -> Decoded:
    """Decode ``data``; ``hint`` is a declared charset to verify.  Raises DecodeError."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_lenient(data[len(bom) :], codec, []))
    if b"\x00" in data:
        return _checked(_decode_nul_bearing(data))
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    damaged_utf8 = _damaged_utf8(data)
    if damaged_utf8 is not None:
        return _checked(damaged_utf8)
    chosen = _choose_codec(data, normalize_codec(hint))
    if chosen is not None:
        return _checked(_decode_lenient(data, chosen, [hint] if hint else []))
    return _checked(_least_damaged(data, normalize_codec(hint)))


def _checked(decoded: Decoded) -> Decoded:
    """Reject text that is mostly replacement or control characters."""
    text = decoded.text
    if not text:
        return decoded
    controls = len(_CONTROL.findall(text))
    if controls / len(text) > _MAX_CONTROL_RATIO:
        raise DecodeError(
            f"binary data, not text: {controls / len(text):.0%} of the characters are control "
            f"characters (decoded as {decoded.encoding})"
        )
    if decoded.encoding in ("gb18030", "big5hkscs"):
        _check_plausible(decoded)
    return decoded


def _check_plausible(decoded: Decoded) -> None:
    """GB18030 and Big5 accept most byte pairs, so garbage "decodes" into rare characters.

    In real Chinese text nearly every Han character (98.7% or more in the shared corpus) is
    among the common ones (GB2312 level 1 or Big5 level 1); in random bytes read as GB18030
    about 42% are.
    """
    han = [ch for ch in decoded.text[:_PLAUSIBLE_CHARS] if _is_han(ch)]
    if len(han) < 20:
        return
    common = _common_han()
    share = sum(1 for ch in han if ch in common) / len(han)
    if share < _MIN_COMMON_HAN:
        raise DecodeError(
            f"undecodable: read as {decoded.encoding} it gives mostly rare characters (only {share:.0%} "
            "common ones), so it is garbage or an unsupported encoding; convert it to UTF-8 first, "
            "e.g. iconv -f <encoding> -t UTF-8"
        )


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f"


@cache
def _common_han() -> frozenset[str]:
    """GB2312 level 1 (3,755 characters) and Big5 level 1 (5,401), read from the codec tables."""
    gb = _codec_range("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    big5 = _codec_range("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return frozenset(gb | big5)


def _codec_range(codec: str, leads: range, trails: list[int] | range) -> set[str]:
    chars: set[str] = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue
    return chars


def _decode_nul_bearing(data: bytes) -> Decoded:
    """NUL bytes: UTF-16 without a BOM, or binary data."""
    sample = data[:4096]
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    # UTF-16 puts NUL only in the high byte of ASCII characters: all on one side
    if odd_nul > 0.02 and even_nul == 0:
        return _decode_lenient(data, "utf-16-le", [])
    if even_nul > 0.02 and odd_nul == 0:
        return _decode_lenient(data, "utf-16-be", [])
    first = data.index(b"\x00")
    raise DecodeError(
        f"binary file: contains NUL bytes (first at byte {first}), not a text or HTML page; "
        "if it is UTF-16 text, save it with a byte-order mark"
    )


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes: many valid multi-byte sequences and few errors.

    Valid multi-byte UTF-8 sequences hardly ever occur by chance in GB or Big5 text, so a
    text where they far outnumber the errors is UTF-8 that was damaged (cut, mixed), not
    another encoding.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if multibyte >= 10 * bad and multibyte > 0:
        return _with_damage_warning(text, "utf-8", bad)
    return None


def _choose_codec(data: bytes, hint: str | None) -> str | None:
    """Pick an encoding with charset-normalizer, keeping the declared one when it fits."""
    sample = _sample(data)
    isolation = list(dict.fromkeys([c for c in (hint, *_CANDIDATES) if c]))
    try:
        results = charset_normalizer.from_bytes(sample, cp_isolation=isolation)
    except (LookupError, ValueError):  # a hint charset-normalizer does not know
        results = charset_normalizer.from_bytes(sample, cp_isolation=list(_CANDIDATES))
    found = [normalize_codec(m.encoding) for m in results]
    if hint and hint in found:
        return hint
    best = results.best()
    return normalize_codec(best.encoding) if best is not None else None


def _sample(data: bytes) -> bytes:
    """A prefix of ``data`` cut where no multi-byte character can be split (newline or '>')."""
    if len(data) <= _SAMPLE_BYTES:
        return data
    head = data[:_SAMPLE_BYTES]
    cut = max(head.rfind(b"\n"), head.rfind(b">"))
    return head[: cut + 1] if cut > 0 else head


def _least_damaged(data: bytes, hint: str | None) -> Decoded:
    """No encoding decodes cleanly: take the one with the fewest replaced characters."""
    best: tuple[int, str, str] | None = None
    for codec in dict.fromkeys([c for c in (hint, *_CANDIDATES) if c]):
        text = _safe_decode(data, codec)
        if text is None:
            continue
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, codec, text)
    if best is None:
        raise DecodeError("undecodable: no supported encoding applies")
    bad, codec, text = best
    return _with_damage_warning(text, codec, bad)


def _decode_lenient(data: bytes, codec: str, hints: list[str]) -> Decoded:
    text = _safe_decode(data, codec)
    if text is None:
        raise DecodeError(f"undecodable: codec {codec} failed")
    decoded = _with_damage_warning(text, codec, text.count("\ufffd"))
    for hint in hints:
        if normalize_codec(hint) != codec:
            decoded.warnings.append(f"declared charset {hint!r} does not fit the bytes; decoded as {codec}")
    return decoded


def _safe_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec, errors="replace")
    except (LookupError, UnicodeError):
        return None


def _with_damage_warning(text: str, codec: str, bad: int) -> Decoded:
    """Accept a few replaced characters with a warning; reject a text that is mostly garbage."""
    if not bad:
        return Decoded(text, codec)
    ratio = bad / max(1, len(text))
    if ratio > _MAX_BAD_RATIO:
        raise DecodeError(
            f"undecodable: {ratio:.0%} of the text is invalid in every supported encoding "
            f"(best: {codec}; tried {', '.join(_CANDIDATES)}); convert it to UTF-8 first, "
            "e.g. iconv -f <encoding> -t UTF-8"
        )
    first = text.index("\ufffd")
    return Decoded(
        text, codec, [f"{bad} invalid byte sequence(s) replaced with U+FFFD ({codec}; first at char {first})"]
    )


# --- HTML or text ------------------------------------------------------------------------

_STRONG_HTML = re.compile(r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S)
_BODY_TAG = re.compile(r"<body[\s>]", re.I)
_KNOWN_TAG = re.compile(
    r"</?(?:p|div|span|a|br|table|tr|td|li|ul|ol|img|script|style|meta|link|h[1-6]|strong|em|b|i|font"
    r"|section|article|header|footer|nav|iframe|form|input)\b[^<>]{0,2000}>",
    re.I,
)
_SNIFF_CHARS = 64 * 1024


def detect_format(text: str, hint: str | None = None) -> Literal["html", "text"]:
    """``"html"`` or ``"text"``: doctype/<html>/<body> or dense markup make HTML.

    ``hint`` (``"html"``/``"text"``, from a file extension or a content type) decides only
    when the content itself is ambiguous: a ``.html`` file with a few tags is HTML, a ``.txt``
    file quoting a stray ``<br>`` is text.
    """
    head = text[:_SNIFF_CHARS]
    if _STRONG_HTML.match(head) or _BODY_TAG.search(head):
        return "html"
    tags = _KNOWN_TAG.findall(head)
    markup = sum(len(t) for t in tags)
    if len(tags) >= 10 and markup >= 0.05 * len(head.strip()):
        return "html"
    if hint == "html" and tags:
        return "html"
    return "text"
