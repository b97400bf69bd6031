"""Encodings, binary sniffing and HTML/text detection (zhevents.ingest.decode)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from zhevents.ingest import DecodeError, declared_charset, decode_bytes, detect_format, sniff_binary
from zhevents.ingest.decode import normalize_codec

SHARED = Path(__file__).parents[1].parent / "shared"
SIMPLIFIED = (SHARED / "samples" / "000_202d6752c14345d9.txt").read_text(encoding="utf-8")
TRADITIONAL = (SHARED / "samples" / "004_807478d756e0f648.txt").read_text(encoding="utf-8")


def _encodable(text: str, codec: str) -> str:
    """The part of ``text`` the codec can write (drop characters outside a legacy charset)."""
    return "".join(ch for ch in text if _fits(ch, codec))


def _fits(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("codec", ["gb2312", "gbk", "gb18030"])
def test_gb_family_decodes_as_gb18030(codec: str) -> None:
    text = _encodable(SIMPLIFIED, codec)
    decoded = decode_bytes(text.encode(codec))
    assert decoded.encoding == "gb18030"
    assert decoded.text == text
    assert decoded.warnings == []


def test_big5_decodes_as_big5hkscs() -> None:
    text = _encodable(TRADITIONAL, "big5")
    decoded = decode_bytes(text.encode("big5"))
    assert decoded.encoding == "big5hkscs"
    assert decoded.text == text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks_are_used_and_stripped(bom: bytes, codec: str) -> None:
    decoded = decode_bytes(bom + SIMPLIFIED.encode(codec))
    assert decoded.encoding == codec
    assert decoded.text == SIMPLIFIED


def test_utf16_without_bom_is_recognised_from_its_nul_pattern() -> None:
    html = "<html><body><p>" + SIMPLIFIED[:200] + "</p></body></html>"
    decoded = decode_bytes(html.encode("utf-16-le"))
    assert decoded.encoding == "utf-16-le"
    assert decoded.text == html


def test_plain_utf8_and_ascii() -> None:
    assert decode_bytes(SIMPLIFIED.encode("utf-8")).encoding == "utf-8"
    assert decode_bytes(b"plain ascii page\n").text == "plain ascii page\n"


def test_declared_charset_that_lies_is_overruled() -> None:
    # declared gb2312, written in Big5: the hint decodes without error as GB18030 (the byte
    # ranges overlap) but the result is nonsense, which charset-normalizer rules out
    text = _encodable(TRADITIONAL, "big5")
    decoded = decode_bytes(text.encode("big5"), hint="gb2312")
    assert decoded.encoding == "big5hkscs"
    assert decoded.text == text


def test_declared_charset_that_fits_is_kept() -> None:
    text = _encodable(SIMPLIFIED, "gbk")
    assert decode_bytes(text.encode("gbk"), hint="GBK").encoding == "gb18030"


def test_utf8_page_declaring_gb2312_is_read_as_utf8() -> None:
    html = '<html><head><meta charset="gb2312"></head><body>' + SIMPLIFIED[:300] + "</body></html>"
    data = html.encode("utf-8")
    assert declared_charset(data) == "gb2312"
    assert decode_bytes(data, hint="gb2312").text == html


def test_small_damage_is_replaced_with_a_warning() -> None:
    data = bytearray(SIMPLIFIED.encode("utf-8"))
    data[100:101] = b"\xff"
    data[3000:3001] = b"\xfe"
    decoded = decode_bytes(bytes(data))
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") >= 2
    assert decoded.warnings and "replaced with U+FFFD" in decoded.warnings[0]


def test_small_damage_in_gbk_is_replaced_with_a_warning() -> None:
    text = _encodable(SIMPLIFIED, "gbk")
    data = text.encode("gbk")
    damaged = data[:501] + b"\xff" + data[501:]
    decoded = decode_bytes(damaged)
    assert decoded.encoding == "gb18030"
    assert decoded.warnings
    assert 1 <= decoded.text.count("\ufffd") <= 4  # the decoder resynchronises within two characters


def test_garbage_is_rejected_as_undecodable() -> None:
    garbage = bytes((i * 193 + 71) % 128 + 128 for i in range(4000))  # high bytes only, no valid pairs
    with pytest.raises(DecodeError, match=r"undecodable|binary"):
        decode_bytes(garbage)


def test_nul_bytes_without_a_text_pattern_are_binary() -> None:
    with pytest.raises(DecodeError, match="NUL bytes"):
        decode_bytes(b"abc\x00\x01\x02\x03" * 200 + b"\x00\x00\x00xyz" * 100)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "JPEG"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04" + b"\x00" * 20, "ZIP"),
    ],
)
def test_magic_numbers_name_the_format(data: bytes, name: str) -> None:
    found = sniff_binary(data)
    assert found is not None and name in found


def test_text_is_not_sniffed_as_binary() -> None:
    assert sniff_binary(SIMPLIFIED.encode("utf-8")) is None


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("big5", "big5hkscs"),
        ("utf8", "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("no-such-charset", None),
    ],
)
def test_declared_names_widen_to_the_family_superset(name: str, codec: str | None) -> None:
    assert normalize_codec(name) == codec


def test_detect_format_on_samples_and_cctv_pages() -> None:
    assert detect_format(SIMPLIFIED) == "text"
    assert detect_format(TRADITIONAL, "text") == "text"
    cctv = sorted((SHARED / "corpus" / "news" / "cctv").glob("*.shtml"))[0]
    assert detect_format(cctv.read_text(encoding="utf-8")) == "html"


def test_detect_format_dense_tags_without_doctype() -> None:
    fragment = "".join(f"<div class='x'><p>第{i}段</p><a href='/n{i}'>链接</a></div>\n" for i in range(20))
    assert detect_format(fragment) == "html"
    assert detect_format("正文里提到 <br> 一次。" + SIMPLIFIED[:500]) == "text"
    assert detect_format("<p>短</p>" + SIMPLIFIED[:500], "html") == "html"
