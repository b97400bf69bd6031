"""Files, directories, JSON Lines, WARC, gzip and bad input (zhevents.ingest.readers)."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from zhevents.ingest import load_manifest, page_from_bytes, read_inputs, read_page
from zhevents.records import Page, PageMeta

SHARED = Path(__file__).parents[1].parent / "shared"
SAMPLES = SHARED / "samples"
SAMPLE = SAMPLES / "000_202d6752c14345d9.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")
CCTV_PAGE = sorted((SHARED / "corpus" / "news" / "cctv").glob("*.shtml"))[0]
MIB = 1024 * 1024


def _html(title: str, body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body><p>{body}</p></body></html>"


def _only(pages: list[Page]) -> Page:
    assert len(pages) == 1, [(p.source, p.error) for p in pages]
    return pages[0]


# --- plain files and directories ------------------------------------------------------------------


def test_samples_directory_reads_text_pages_with_their_manifest() -> None:
    pages = list(read_inputs([SAMPLES]))
    assert [p.doc for p in pages] == ["000_202d6752c14345d9.txt", "004_807478d756e0f648.txt"]  # no manifest page
    first = pages[0]
    assert first.status == "ok" and first.fmt == "text" and first.encoding == "utf-8"
    assert first.raw == TEXT and first.text == ""
    assert first.id == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert first.size == SAMPLE.stat().st_size
    assert first.meta.published == "2022-04-27"  # from the directory's manifest.jsonl
    assert pages[1].meta.language == "zh-Hant"


def test_walk_is_recursive_sorted_and_skips_hidden_files(tmp_path: Path) -> None:
    for rel in ["b/2.txt", "a/z.txt", "a/c/1.txt", "0.txt", ".hidden.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"{rel} 内容", encoding="utf-8")
    sources = [Path(p.source).relative_to(tmp_path).as_posix() for p in read_inputs([tmp_path])]
    assert sources == ["0.txt", "a/c/1.txt", "a/z.txt", "b/2.txt"]


def test_precedence_manifest_over_page_meta_over_defaults(tmp_path: Path) -> None:
    head = '<meta property="article:published_time" content="2022-05-01"><meta property="og:site_name" content="站">'
    (tmp_path / "p.html").write_text(_html("页内标题", "正文内容", head), encoding="utf-8")
    (tmp_path / "q.html").write_text(_html("另一页", "正文内容"), encoding="utf-8")
    (tmp_path / "m.jsonl").write_text(json.dumps({"path": "p.html", "published": "2022-05-02"}) + "\n")
    defaults = PageMeta(published="2000-01-01", outlet="命令行", title="默认")
    pages = list(
        read_inputs(
            [tmp_path / "p.html", tmp_path / "q.html"], manifest=load_manifest(tmp_path / "m.jsonl"), defaults=defaults
        )
    )
    p, q = pages
    assert (p.meta.published, p.meta.title) == ("2022-05-02", "页内标题")
    assert (p.meta.outlet, p.meta.site_name) == ("命令行", "站")
    assert (q.meta.published, q.meta.title) == ("2000-01-01", "另一页")


def test_cctv_page_is_html_with_meta() -> None:
    page = read_page(CCTV_PAGE)
    assert page.status == "ok" and page.fmt == "html" and page.encoding == "utf-8"
    assert page.meta.published is not None and page.meta.title


@pytest.mark.parametrize(
    ("codec", "expected"),
    [("gb18030", "gb18030"), ("gbk", "gb18030"), ("big5", "big5hkscs"), ("utf-16", "utf-16-le")],
)
def test_encoded_files(tmp_path: Path, codec: str, expected: str) -> None:
    source = TEXT if codec != "big5" else (SAMPLES / "004_807478d756e0f648.txt").read_text(encoding="utf-8")
    text = "".join(ch for ch in source if _encodable(ch, codec))
    path = tmp_path / f"page.{codec}.txt"
    path.write_bytes(text.encode(codec))  # Python's utf-16 writes a BOM
    page = read_page(path)
    assert (page.status, page.encoding) == ("ok", expected)
    assert page.raw == text


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def test_gb2312_html_page_with_meta_charset(tmp_path: Path) -> None:
    html = _html("标题", TEXT[:400], '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    html = "".join(ch for ch in html if _encodable(ch, "gb2312"))
    (tmp_path / "a.htm").write_bytes(html.encode("gb2312"))
    page = read_page(tmp_path / "a.htm")
    assert (page.fmt, page.encoding, page.raw) == ("html", "gb18030", html)
    assert page.meta.extra["meta_charset"] == "gb2312"


def test_utf8_bom_is_stripped_and_id_hashes_the_raw_bytes(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + TEXT.encode("utf-8")
    (tmp_path / "bom.txt").write_bytes(data)
    page = read_page(tmp_path / "bom.txt")
    assert page.raw == TEXT
    assert page.id == hashlib.sha256(data).hexdigest()


def test_gzip_of_a_page(tmp_path: Path) -> None:
    (tmp_path / "x.html.gz").write_bytes(gzip.compress(_html("标题", "内容").encode("utf-8")))
    page = read_page(tmp_path / "x.html.gz")
    assert (page.status, page.fmt, page.doc) == ("ok", "html", "x.html")


# --- JSON Lines ---------------------------------------------------------------------------------------


def _jsonl_lines() -> list[str]:
    return [
        json.dumps({"text": TEXT[:300], "published": "2022-04-27", "outlet": "报", "source_id": 7}, ensure_ascii=False),
        json.dumps({"html": _html("网页", "内容"), "url": "https://example.com/news/a1.html"}, ensure_ascii=False),
        '{"text": "坏行", ',
        json.dumps({"title": "没有正文"}, ensure_ascii=False),
        "",
        json.dumps({"text": "有路径", "path": "dir/named.txt"}, ensure_ascii=False),
    ]


def test_jsonl_lines_become_pages_and_a_bad_line_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(_jsonl_lines()) + "\n", encoding="utf-8")
    pages = list(read_inputs([path], defaults=PageMeta(outlet="默认")))
    assert [p.doc for p in pages] == ["batch.jsonl#L1", "a1.html", "batch.jsonl#L3", "batch.jsonl#L4", "named.txt"]
    first, web, broken, no_body, named = pages
    assert (first.status, first.fmt, first.meta.published, first.meta.outlet) == ("ok", "text", "2022-04-27", "报")
    assert first.meta.extra["source_id"] == 7
    assert first.id == hashlib.sha256(TEXT[:300].encode("utf-8")).hexdigest()
    assert (web.fmt, web.meta.url, web.meta.title, web.meta.outlet) == (
        "html",
        "https://example.com/news/a1.html",
        "网页",
        "默认",
    )
    assert broken.status == "rejected" and broken.error is not None
    assert broken.error.startswith("line 3: malformed JSON")
    assert no_body.error is not None and 'no "text" or "html"' in no_body.error
    assert named.status == "ok" and named.source.endswith("batch.jsonl#L6")


def test_jsonl_line_over_the_limit_is_rejected_and_the_next_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "长" * 5000}) + "\n" + json.dumps({"text": "短"}) + "\n")
    pages = list(read_inputs([path], max_bytes=1000))
    assert pages[0].status == "rejected" and pages[0].error is not None
    assert pages[0].error.startswith("line 1: page too large")
    assert (pages[1].status, pages[1].raw) == ("ok", "短")


def test_truncated_jsonl_gz_keeps_the_lines_before_the_damage(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"第{i}条 " + TEXT[i * 50 : i * 50 + 2000]}) + "\n" for i in range(40))
    data = gzip.compress(lines.encode("utf-8"))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    pages = list(read_inputs([tmp_path / "cut.jsonl.gz"]))
    assert pages[0].status == "ok"
    assert all(p.status == "ok" for p in pages[:-1])
    assert pages[-1].status == "rejected" and pages[-1].error is not None
    assert "damaged gzip" in pages[-1].error and f"after {len(pages) - 1} complete" in pages[-1].error


# --- WARC -------------------------------------------------------------------------------------------------


def _warc(gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    bodies = [
        ("https://example.com/news/a.html", "text/html; charset=gbk", _html("甲", TEXT[:800]).encode("gbk", "replace")),
        ("https://example.com/img/x.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
        ("https://example.com/news/b.txt", "text/plain", TEXT[:500].encode("utf-8")),
    ]
    for uri, content_type, body in bodies:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    redirect = StatusAndHeaders("301 Moved", [("Location", "/x")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record("https://example.com/r", "response", payload=io.BytesIO(b""), http_headers=redirect)
    )
    writer.write_record(
        writer.create_warc_record(
            "https://example.com/res.html",
            "resource",
            payload=io.BytesIO(_html("丙", "资源").encode("utf-8")),
            warc_content_type="text/html",
        )
    )
    return buffer.getvalue()


@pytest.mark.parametrize("gz", [True, False])
def test_warc_round_trip(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_warc(gz))
    pages = list(read_inputs([path]))
    assert [p.doc for p in pages] == ["a.html", "b.txt", "res.html"]  # no warcinfo, image or redirect
    a, b, res = pages
    assert (a.status, a.fmt, a.encoding, a.meta.url) == ("ok", "html", "gb18030", "https://example.com/news/a.html")
    assert a.meta.title == "甲" and a.source.startswith(f"{path}#urn:uuid:")
    assert (b.fmt, b.raw) == ("text", TEXT[:500])
    assert res.meta.title == "丙"


def test_truncated_warc_gz_gives_the_complete_records_then_one_rejection(tmp_path: Path) -> None:
    data = _warc(True)
    full = list(read_inputs([_write(tmp_path / "full.warc.gz", data)]))
    cut_at = len(data) - 60  # inside the last record's gzip member
    pages = list(read_inputs([_write(tmp_path / "cut.warc.gz", data[:cut_at])]))
    assert [p.doc for p in pages[:-1]] == [p.doc for p in full[:-1]]
    last = pages[-1]
    assert last.status == "rejected" and last.error is not None
    assert last.error.startswith("damaged WARC: broke in record") and "truncated" in last.error


def test_truncated_plain_warc_is_reported(tmp_path: Path) -> None:
    data = _warc(False)
    pages = list(read_inputs([_write(tmp_path / "cut.warc", data[: len(data) // 2])]))
    assert pages[-1].status == "rejected" and pages[-1].error is not None
    assert "damaged WARC" in pages[-1].error


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(range(256)), "JPEG image"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00" + bytes(range(256)), "ZIP archive"),
        (b"abc\x00\x00\x01\x02" * 100, "NUL bytes"),
        (b"", "empty file (0 bytes)"),
        (b" \n\t\r\n  \n", "only whitespace"),
        (bytes((i * 193 + 71) % 128 + 128 for i in range(4000)), "undecodable"),
    ],
)
def test_bad_files_are_rejected_with_a_clear_reason(tmp_path: Path, data: bytes, words: str) -> None:
    path = _write(tmp_path / "bad.txt", data)
    good = _write(tmp_path / "good.txt", TEXT.encode("utf-8"))
    bad, ok = list(read_inputs([path, good]))
    assert bad.status == "rejected" and bad.error is not None and words in bad.error
    assert bad.doc == "bad.txt" and bad.source == str(path)
    expected_id = hashlib.sha256(data if data else str(path).encode()).hexdigest()
    assert bad.id == expected_id
    assert ok.status == "ok"


def test_page_of_50_mib_is_rejected_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(50 * MIB)  # sparse: nothing to write, nothing should be read
    tracemalloc.start()
    page = read_page(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert page.status == "rejected"
    assert page.error == "page too large (52.4 MB > 16.8 MB limit; raise --max-bytes)"
    assert page.size == 50 * MIB
    assert page.id == hashlib.sha256(str(path).encode()).hexdigest()
    assert peak < 2 * MIB


def test_compressed_page_over_the_limit_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt.gz", gzip.compress(TEXT.encode("utf-8") * 300))
    page = read_page(path, max_bytes=MIB)
    assert page.status == "rejected" and page.error is not None
    assert page.error.startswith("page too large (2.1 MB > 1.0 MB limit")


def test_small_damage_is_kept_with_a_warning(tmp_path: Path) -> None:
    data = bytearray(TEXT.encode("utf-8"))
    data[120:121] = b"\xff"
    page = read_page(_write(tmp_path / "damaged.txt", bytes(data)))
    assert page.status == "ok" and page.encoding == "utf-8"
    assert "replaced with U+FFFD" in page.meta.extra["decode_warnings"][0]


def test_truncated_gzip_page(tmp_path: Path) -> None:
    data = gzip.compress(TEXT.encode("utf-8"))
    page = read_page(_write(tmp_path / "cut.txt.gz", data[: len(data) // 2]))
    assert page.status == "rejected" and page.error is not None and "damaged gzip" in page.error


def test_missing_file_and_unreadable_file(tmp_path: Path) -> None:
    missing = read_page(tmp_path / "nope.txt")
    assert missing.error is not None and "no such file" in missing.error
    proc_mem = Path("/proc/self/mem")  # a regular file whose read fails with EIO
    if proc_mem.exists():
        page = read_page(proc_mem)
        assert page.status == "rejected" and page.error is not None and page.error.startswith("cannot read file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(tmp_path: Path) -> None:
    path = _write(tmp_path / "secret.txt", TEXT.encode("utf-8"))
    path.chmod(0)
    try:
        page = read_page(path)
    finally:
        path.chmod(0o644)
    assert page.error is not None and "permission denied" in page.error


# --- page_from_bytes --------------------------------------------------------------------------------------


def test_page_from_bytes_formats() -> None:
    assert page_from_bytes(TEXT.encode("utf-8"), "x.txt").fmt == "text"
    html = page_from_bytes(_html("题", "文").encode("utf-8"), "https://example.com/a/b.html")
    assert (html.fmt, html.doc, html.meta.title) == ("html", "b.html", "题")
    gz = page_from_bytes(gzip.compress(TEXT.encode("gb18030")), "x.txt.gz")
    assert (gz.encoding, gz.raw) == ("gb18030", TEXT)
    meta = page_from_bytes(_html("题", "文").encode(), "a.html", meta=PageMeta(title="外部"))
    assert meta.meta.title == "外部"
    line = page_from_bytes(json.dumps({"text": "行"}).encode(), "feed", fmt_hint="jsonl")
    assert (line.raw, line.doc) == ("行", "feed#L1")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([None, "html", "text", "jsonl", "warc", "x.gz"]))
def test_any_bytes_give_a_page_never_an_exception(data: bytes, hint: str | None) -> None:
    page = page_from_bytes(data, "fuzz.bin", fmt_hint=hint)
    assert page.status in ("ok", "rejected")
    if page.status == "rejected":
        assert page.error and not page.error.startswith("internal error")
    else:
        assert page.error is None and page.fmt in ("html", "text")
