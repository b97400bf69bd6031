"""Page metadata: HTML meta tags, sidecar manifests, record fields, and their precedence.

Precedence (highest first): sidecar manifest entry > fields of the input record (a JSON
Lines line) > the page's own meta tags > defaults from command-line flags.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

from zhevents.records import PageMeta

_META_FIELDS = ("published", "outlet", "url", "title", "language", "site_name")
_HTML_PARSE_CHARS = 512 * 1024  # meta tags live near the top; bound the work on huge pages

# --- published dates -----------------------------------------------------------------------

_DATE_TIME = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:T|\s+|日)?\s*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?\s*$")


def normalize_published(value: str | None) -> str | None:
    """ISO ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[±HH:MM]`` from the date formats pages use."""
    if not value:
        return None
    m = _COMPACT.match(value) or _DATE_TIME.search(value)
    if not m:
        return None
    parts = list(m.groups()) + [None] * (7 - len(m.groups()))
    year, month, day, hour, minute, second, tz = parts
    try:
        stamp = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except (TypeError, ValueError):
        return None
    if not 1900 <= stamp.year <= 2100:
        return None
    if hour is None:
        return stamp.date().isoformat()
    return stamp.isoformat() + _iso_tz(tz)


def _iso_tz(tz: str | None) -> str:
    if not tz:
        return ""
    if tz == "Z":
        return "+00:00"
    return tz if ":" in tz else f"{tz[:3]}:{tz[3:]}"


# --- precedence ------------------------------------------------------------------------------


def merge_meta(*layers: PageMeta | None) -> PageMeta:
    """Combine metadata layers, highest precedence first: each field from the first layer that has it."""
    present = [layer for layer in layers if layer is not None]
    merged = PageMeta()
    for name in _META_FIELDS:
        for layer in present:
            value = getattr(layer, name)
            if value is not None:
                setattr(merged, name, value)
                if name == "published":
                    merged.published_inferred = layer.published_inferred
                break
    for layer in reversed(present):
        merged.extra.update(layer.extra)
    return merged


def meta_from_record(record: Mapping[str, Any], skip: Iterable[str] = ()) -> PageMeta:
    """PageMeta from a manifest entry or a JSON Lines record; unknown keys go to ``extra``."""
    meta = PageMeta()
    known = {f.name for f in fields(PageMeta)} - {"extra"}
    skipped = set(skip)
    for key, value in record.items():
        if key in skipped or value is None:
            continue
        if key == "published":
            _set_published(meta, value)
        elif key == "published_inferred":
            meta.published_inferred = bool(value)
        elif key in known and isinstance(value, str):
            setattr(meta, key, value)
        else:
            meta.extra[key] = value
    return meta


def _set_published(meta: PageMeta, value: Any) -> None:
    iso = normalize_published(str(value))
    if iso is None:
        meta.extra["published_raw"] = value
    else:
        meta.published = iso


# --- sidecar manifest --------------------------------------------------------------------------


class ManifestError(ValueError):
    """The manifest file cannot be read at all."""


@dataclass(slots=True)
class Manifest:
    """Sidecar metadata, looked up by relative path, by base name or by URL.

    Relative paths are relative to the manifest's directory.  A base name that two
    entries share is ambiguous and only matches by relative path.
    """

    root: Path = field(default_factory=Path)
    by_path: dict[str, PageMeta] = field(default_factory=dict)
    by_name: dict[str, PageMeta | None] = field(default_factory=dict)
    by_url: dict[str, PageMeta] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.by_path) + len(self.by_url)

    def add(self, path: str | None, meta: PageMeta) -> None:
        if path:
            rel = Path(path).as_posix()
            self.by_path[rel] = meta
            name = Path(path).name
            self.by_name[name] = None if name in self.by_name else meta
        if meta.url:
            self.by_url[meta.url] = meta

    def lookup(self, source: str | Path | None = None, url: str | None = None) -> PageMeta | None:
        """The entry for a file (by path relative to the manifest, then base name) or a URL."""
        if source is not None:
            found = self._lookup_path(Path(source))
            if found is not None:
                return found
        return self.by_url.get(url) if url else None

    def _lookup_path(self, path: Path) -> PageMeta | None:
        for candidate in _without_gz(path):
            rel = self._relative(candidate)
            if rel is not None and rel in self.by_path:
                return self.by_path[rel]
            if candidate.as_posix() in self.by_path:
                return self.by_path[candidate.as_posix()]
        for candidate in _without_gz(path):
            meta = self.by_name.get(candidate.name)
            if meta is not None:
                return meta
        return None

    def _relative(self, path: Path) -> str | None:
        try:
            return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))).as_posix()
        except ValueError:  # different drives on Windows
            return None


def _without_gz(path: Path) -> list[Path]:
    return [path, path.with_suffix("")] if path.suffix.lower() == ".gz" else [path]


def load_manifest(path: str | Path) -> Manifest:
    """Read a sidecar JSON Lines manifest; malformed lines are listed in ``Manifest.errors``."""
    path = Path(path)
    manifest = Manifest(root=path.parent)
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
            for lineno, line in enumerate(handle, start=1):
                _add_manifest_line(manifest, line, lineno, path)
    except OSError as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    return manifest


def _add_manifest_line(manifest: Manifest, line: str, lineno: int, path: Path) -> None:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        manifest.errors.append(f"{path}:{lineno}: malformed JSON ({exc.msg} at column {exc.colno})")
        return
    if not isinstance(record, dict) or not (record.get("path") or record.get("url")):
        manifest.errors.append(f'{path}:{lineno}: an entry needs a "path" or a "url"')
        return
    manifest.add(record.get("path"), meta_from_record(record, skip=("path",)))


# --- HTML meta tags ------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _FieldRule:
    kind: str  # "meta" or "js"
    key: str
    field: str
    rank: int


@cache
def meta_rules() -> tuple[_FieldRule, ...]:
    """The meta keys and script variables that carry metadata (data/meta_fields.tsv)."""
    text = resources.files("zhevents.ingest").joinpath("data/meta_fields.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return tuple(_FieldRule(r["kind"], r["key"], r["field"], int(r["rank"])) for r in rows)


def _meta_key(value: str) -> str:
    return re.sub(r"\s+", "", value).lower()


class _HeadParser(HTMLParser):
    """Collects meta tags, <title>, <html lang>, canonical link and the first <time datetime>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.metas: list[tuple[str, str]] = []
        self.charset: str | None = None
        self.title: str | None = None
        self.lang: str | None = None
        self.canonical: str | None = None
        self.time: str | None = None
        self._in_title = False
        self._title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "meta":
            self._meta(attr)
        elif tag == "html" and attr.get("lang") and self.lang is None:
            self.lang = attr["lang"]
        elif tag == "link" and "canonical" in attr.get("rel", "").lower().split() and attr.get("href"):
            self.canonical = self.canonical or attr["href"]
        elif tag == "time" and attr.get("datetime") and self.time is None:
            self.time = attr["datetime"]
        elif tag == "title" and self.title is None:
            self._in_title = True

    def _meta(self, attr: dict[str, str]) -> None:
        if attr.get("charset"):
            self.charset = self.charset or attr["charset"].lower()
        key = attr.get("property") or attr.get("name") or attr.get("itemprop") or attr.get("http-equiv")
        content = attr.get("content") if "content" in attr else attr.get("datetime")
        if not key or not content:
            return
        if key.lower() == "content-type" and "charset=" in content.lower():
            self.charset = self.charset or content.lower().split("charset=")[-1].strip(" ;\"'")
        self.metas.append((_meta_key(key), content))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = " ".join("".join(self._title_parts).split()) or None


def html_meta(html: str) -> PageMeta:
    """Metadata an HTML page states about itself (published, site name, title, URL, language, charset)."""
    window = html[:_HTML_PARSE_CHARS]
    head = _head_part(window)
    parser = _HeadParser()
    try:
        parser.feed(head)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: keep what was collected so far
        pass
    found = _ranked_fields(parser.metas, window)
    time = parser.time or _body_time(window)
    meta = PageMeta(
        published=_first_date(found.get("published", []) + ([time] if time else [])),
        site_name=_first(found.get("site_name")),
        url=parser.canonical or _first(found.get("url")),
        language=_language(parser.lang, _first(found.get("language"))),
    )
    meta.title = _clean_title(_first(found.get("title")) or parser.title, meta.site_name)
    meta.extra = _extras(found, parser.charset)
    return meta


_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.I)
_TIME_TAG = re.compile(r"""<time\b[^>]*?\bdatetime\s*=\s*["']?([^"'>\s]+)""", re.I)
_HEADLESS_CHARS = 64 * 1024


def _head_part(window: str) -> str:
    """The markup up to the end of <head> (the tag parser is slow; the body has no meta tags)."""
    m = _HEAD_END.search(window)
    return window[: m.end()] if m else window[:_HEADLESS_CHARS]


def _body_time(window: str) -> str | None:
    m = _TIME_TAG.search(window)
    return m.group(1) if m else None


def _ranked_fields(metas: list[tuple[str, str]], window: str) -> dict[str, list[str]]:
    """field → candidate values, best rank first (document order breaks ties)."""
    ranked: list[tuple[int, int, str, str]] = []
    rules = meta_rules()
    by_key = {r.key: r for r in rules if r.kind == "meta"}
    for order, (key, content) in enumerate(metas):
        rule = by_key.get(key)
        if rule is not None:
            ranked.append((rule.rank, order, rule.field, content))
    js_rules = {r.key: r for r in rules if r.kind == "js"}
    for m in _script_vars().finditer(window):
        rule = js_rules[m.group(1)]
        ranked.append((rule.rank, len(metas) + m.start(), rule.field, m.group(2)))
    found: dict[str, list[str]] = {}
    for _, _, name, content in sorted(ranked, key=lambda r: (r[0], r[1])):
        found.setdefault(name, []).append(content.strip())
    return found


@cache
def _script_vars() -> re.Pattern[str]:
    """One pattern for every script variable of the rules: ``name = "value"``."""
    names = "|".join(re.escape(r.key) for r in meta_rules() if r.kind == "js")
    return re.compile(rf"\b({names})\s*=\s*[\"']([^\"'\n]{{6,40}})[\"']")


def _first(values: list[str] | None) -> str | None:
    return next((v for v in values or [] if v), None)


def _first_date(values: list[str]) -> str | None:
    return next((iso for iso in map(normalize_published, values) if iso), None)


def _language(lang: str | None, declared: str | None) -> str | None:
    value = lang or declared
    if not value:
        return None
    return value.split(",")[0].strip().replace("_", "-") or None


_LEADING_LABEL = re.compile(r"^\s*[\[【]([^\]】]{1,4})[\]】]\s*")
_TITLE_SEPARATORS = ("_", " - ", " | ", "｜", "|", " — ", "——")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+\.(?:com|cn|net|org|hk|tw|sg|my)\b", re.I)


def _clean_title(title: str | None, site_name: str | None) -> str | None:
    """Drop a leading media label (``[视频]``) and a trailing site-name/domain suffix."""
    if not title:
        return None
    title = _LEADING_LABEL.sub("", title, count=1)
    for sep in _TITLE_SEPARATORS:
        head, found, tail = title.partition(sep)
        if found and head.strip() and (_DOMAIN.search(tail) or (site_name and site_name in tail)):
            return head.strip()
    return title.strip() or None


def _extras(found: dict[str, list[str]], charset: str | None) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for name in ("author", "source", "description"):
        value = _first(found.get(name))
        if value:
            extra["meta_source" if name == "source" else name] = value
    if charset:
        extra["meta_charset"] = charset
    return extra
