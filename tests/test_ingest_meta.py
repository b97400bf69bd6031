"""HTML meta tags, dates, sidecar manifests and metadata precedence (zhevents.ingest.meta)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhevents.ingest import html_meta, load_manifest, merge_meta, meta_from_record, normalize_published
from zhevents.records import PageMeta

SHARED = Path(__file__).parents[1].parent / "shared"
CCTV = SHARED / "corpus" / "news" / "cctv"


def _cctv_manifest() -> dict[str, dict[str, str]]:
    lines = (CCTV / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {entry["path"]: entry for entry in map(json.loads, lines)}


@pytest.mark.parametrize("index", [0, 57, 150, 299])
def test_cctv_pages_give_their_title_and_date(index: int) -> None:
    entries = _cctv_manifest()
    name = sorted(entries)[index]
    meta = html_meta((CCTV / name).read_text(encoding="utf-8"))
    assert meta.title == entries[name]["title"]  # "[视频]" label dropped
    assert meta.published is not None and meta.published[:10] == entries[name]["published"]
    assert meta.extra["meta_charset"] == "utf-8"


def test_open_graph_and_portal_meta() -> None:
    html = """<!DOCTYPE html><html lang="zh-CN"><head>
    <meta charset="gbk">
    <title>外交部发言人答记者问_新闻中心_新浪网</title>
    <meta property="og:site_name" content="新浪网">
    <meta property="article:published_time" content="2022-03-01T10:20:30+08:00">
    <meta name="PubDate" content="2022-02-28 09:00">
    <link rel="canonical" href="https://news.sina.com.cn/c/2022-03-01/doc-1.shtml">
    </head><body><p>正文</p></body></html>"""
    meta = html_meta(html)
    assert meta.published == "2022-03-01T10:20:30+08:00"  # ranked above PubDate
    assert meta.site_name == "新浪网"
    assert meta.title == "外交部发言人答记者问"  # suffix naming the site dropped
    assert meta.url == "https://news.sina.com.cn/c/2022-03-01/doc-1.shtml"
    assert meta.language == "zh-CN"
    assert meta.extra["meta_charset"] == "gbk"


def test_time_element_and_portal_names_are_fallbacks() -> None:
    html = '<html><head><meta name="publishdate" content="2021年5月6日"></head><body>x</body></html>'
    assert html_meta(html).published == "2021-05-06"
    html = '<html><body><time datetime="2020-02-02T08:00:00Z">今天</time></body></html>'
    assert html_meta(html).published == "2020-02-02T08:00:00+00:00"


def test_broken_markup_does_not_raise() -> None:
    meta = html_meta("<html><head><title>半个标题<meta name=<<<'")
    assert isinstance(meta, PageMeta)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2022-01-04T19:11:02+0800", "2022-01-04T19:11:02+08:00"),
        ("20220104191102", "2022-01-04T19:11:02"),
        ("2022年01月04日 19:11", "2022-01-04T19:11:00"),
        ("2022/1/4", "2022-01-04"),
        ("2022.01.04", "2022-01-04"),
        ("2019-13-01", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_normalize_published(value: str, iso: str | None) -> None:
    assert normalize_published(value) == iso


def test_merge_meta_takes_each_field_from_the_highest_layer() -> None:
    manifest = PageMeta(published="2022-04-27", extra={"kind": "manifest"})
    page = PageMeta(published="2022-04-26", title="页内标题", published_inferred=True, extra={"kind": "page", "a": 1})
    flags = PageMeta(outlet="命令行", title="默认")
    merged = merge_meta(manifest, page, flags)
    assert merged.published == "2022-04-27" and merged.published_inferred is False
    assert merged.title == "页内标题"
    assert merged.outlet == "命令行"
    assert merged.extra == {"kind": "manifest", "a": 1}


def test_meta_from_record_sends_unknown_keys_to_extra() -> None:
    meta = meta_from_record(
        {"path": "a.txt", "published": "2022-3-6", "outlet": "楠木軒", "kind": "digest"}, skip=("path",)
    )
    assert meta.published == "2022-03-06"
    assert meta.outlet == "楠木軒"
    assert meta.extra == {"kind": "digest"}


def test_load_manifest_samples(tmp_path: Path) -> None:
    manifest = load_manifest(SHARED / "samples" / "manifest.jsonl")
    by_name = manifest.lookup("elsewhere/000_202d6752c14345d9.txt")
    assert by_name is not None and by_name.published == "2022-04-27"
    assert by_name.extra["kind"].startswith("article page")
    by_rel = manifest.lookup(SHARED / "samples" / "004_807478d756e0f648.txt")
    assert by_rel is not None and by_rel.language == "zh-Hant"
    assert manifest.lookup(SHARED / "samples" / "004_807478d756e0f648.txt.gz") is by_rel
    assert manifest.lookup("unknown.txt") is None


def test_manifest_relative_paths_ambiguous_names_urls_and_errors(tmp_path: Path) -> None:
    lines = [
        {"path": "a/page.html", "published": "2022-01-01"},
        {"path": "b/page.html", "published": "2022-02-02"},
        {"url": "https://example.com/x.html", "outlet": "例子"},
    ]
    text = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{broken\n{}\n"
    (tmp_path / "m.jsonl").write_text(text, encoding="utf-8")
    manifest = load_manifest(tmp_path / "m.jsonl")
    hit = manifest.lookup(tmp_path / "b" / "page.html")
    assert hit is not None and hit.published == "2022-02-02"
    assert manifest.lookup(tmp_path / "c" / "page.html") is None  # base name shared: ambiguous
    url_hit = manifest.lookup(url="https://example.com/x.html")
    assert url_hit is not None and url_hit.outlet == "例子"
    assert len(manifest.errors) == 2
    assert ":4: malformed JSON" in manifest.errors[0] and ":5:" in manifest.errors[1]
