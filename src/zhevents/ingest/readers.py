"""Files, directories and containers (JSON Lines, WARC, gzip) → one ``Page`` per document.

Everything streams: a directory is walked one sorted listing at a time, containers are read
one line or record at a time, and no document is held in memory beyond ``max_bytes``.
A document that cannot be read becomes ``Page(status="rejected", error=...)``; nothing here
raises for bad input, so one broken file never stops a batch.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import stat
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from zhevents.ingest.decode import DecodeError, declared_charset, decode_bytes, detect_format, sniff_binary
from zhevents.ingest.meta import (
    Manifest,
    ManifestError,
    html_meta,
    load_manifest,
    merge_meta,
    meta_from_record,
)
from zhevents.records import Page, PageMeta

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
MANIFEST_NAME = "manifest.jsonl"  # in a walked directory: sidecar metadata, not an input

_HTML_EXT = {".html", ".htm", ".shtml", ".xhtml", ".xht"}
_TEXT_EXT = {".txt", ".text"}
_JSONL_EXT = {".jsonl", ".ndjson"}
_WARC_EXT = {".warc", ".arc"}
_PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_WARC_DOC_TYPES = {"response", "resource", "conversion"}
_COUNT_CAP = 1 << 30  # stop counting an oversized compressed page's length here
_CHUNK = 1 << 20
_DAMAGE = (EOFError, zlib.error, OSError, ValueError, ArchiveLoadFailed, StatusAndHeadersParserException)


@dataclass(slots=True, frozen=True)
class _Options:
    manifest: Manifest | None
    defaults: PageMeta | None
    max_bytes: int
    auto_manifest: bool  # no explicit manifest: a walked directory's manifest.jsonl applies


@dataclass(slots=True, frozen=True)
class _Doc:
    """Identity and metadata of one document before its bytes are decoded."""

    source: str
    doc: str
    upper: PageMeta | None = None  # manifest entry merged over record fields
    fmt_hint: str | None = None
    charset_hint: str | None = None


# --- public API ------------------------------------------------------------------------------


def read_inputs(
    paths: Sequence[str | Path],
    *,
    manifest: Manifest | None = None,
    defaults: PageMeta | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Page]:
    """One ``Page`` per document under ``paths`` (files, directories walked sorted, containers)."""
    opts = _Options(manifest, defaults, max_bytes, auto_manifest=manifest is None)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, opts)
        else:
            yield from _guarded(_read_file(path, opts), str(path))


def read_page(
    path: str | Path,
    *,
    manifest: Manifest | None = None,
    defaults: PageMeta | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Page:
    """The page in one file (for a container: its first document)."""
    pages = read_inputs([path], manifest=manifest, defaults=defaults, max_bytes=max_bytes)
    first = next(pages, None)
    if first is None:
        return _rejected(_Doc(str(path), _doc_name(str(path))), f"no page found in {path}")
    return first


def page_from_bytes(
    data: bytes,
    source: str,
    *,
    meta: PageMeta | None = None,
    fmt_hint: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Page:
    """The page in ``data`` (gzip, WARC and JSON Lines give their first document).

    ``meta`` ranks above the page's own meta tags; ``fmt_hint`` is ``"html"``, ``"text"``,
    ``"jsonl"``, ``"warc"`` or a file name/extension.
    """
    opts = _Options(None, None, max_bytes, auto_manifest=False)
    name = _hint_name(fmt_hint, source)
    doc = _Doc(source, _doc_name(source), upper=meta)
    if len(data) > max_bytes:
        return _too_large(doc, len(data), max_bytes, data[: max_bytes + 1])
    stream = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
    pages = _guarded(_read_stream(stream, name, doc, opts, depth=0), source)
    first = next(pages, None)
    return first if first is not None else _rejected(doc, "no page found (container without documents)")


# --- files and directories --------------------------------------------------------------------


def _walk(directory: Path, opts: _Options) -> Iterator[Page]:
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield _rejected(_Doc(str(directory), directory.name), f"cannot list directory: {_os_reason(exc)}")
        return
    if opts.auto_manifest and any(e.name == MANIFEST_NAME for e in entries):
        opts = replace(opts, manifest=_auto_manifest(directory / MANIFEST_NAME, opts.manifest))
    for entry in entries:
        if entry.name.startswith(".") or entry.name == MANIFEST_NAME:
            continue  # hidden files (.DS_Store, editor swap files) are never pages
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, opts)
        else:
            yield from _guarded(_read_file(path, opts), str(path))


def _auto_manifest(path: Path, current: Manifest | None) -> Manifest | None:
    try:
        return load_manifest(path)
    except ManifestError:
        return current


def _read_file(path: Path, opts: _Options) -> Iterator[Page]:
    doc = _Doc(str(path), _doc_name(path.name), upper=_manifest_meta(opts, path=path))
    try:
        info = path.stat()
    except OSError as exc:
        yield _rejected(doc, f"cannot read file: {_os_reason(exc)}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield _rejected(doc, "not a regular file (a device, pipe or socket); give a file or a directory")
        return
    try:
        with path.open("rb") as handle:
            yield from _read_stream(handle, path.name, doc, opts, depth=0, size=info.st_size)
    except OSError as exc:
        yield _rejected(doc, f"cannot read file: {_os_reason(exc)}")


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied (check the file's permissions, e.g. chmod a+r)"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory (check the path)"
    return exc.strerror or str(exc)


# --- format dispatch -------------------------------------------------------------------------------


def _read_stream(
    stream: IO[bytes], name: str, doc: _Doc, opts: _Options, depth: int, size: int | None = None
) -> Iterator[Page]:
    """Dispatch on magic bytes first, then on the file name."""
    head = _peek(stream)
    suffix = PurePosixPath(name.lower()).suffix
    if head.startswith(b"\x1f\x8b"):
        yield from _read_gzip(stream, name, doc, opts, depth)
    elif head.startswith((b"WARC/", b"filedesc://")) or suffix in _WARC_EXT:
        yield from _read_warc(stream, doc, opts)
    elif suffix in _JSONL_EXT or (suffix not in _HTML_EXT | _TEXT_EXT and _looks_like_jsonl(head)):
        yield from _read_jsonl(stream, doc, opts)
    elif size is not None and size > opts.max_bytes:
        yield _too_large(doc, size, opts.max_bytes, b"")
    else:
        yield _read_single(stream, replace(doc, fmt_hint=_ext_format(suffix)), opts)


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    return bytes(peek(4096)[:4096]) if peek is not None else b""


def _ext_format(suffix: str) -> str | None:
    if suffix in _HTML_EXT:
        return "html"
    return "text" if suffix in _TEXT_EXT else None


def _looks_like_jsonl(head: bytes) -> bool:
    """An unnamed file whose first line is a JSON object with a page in it."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return len(first) >= 4000 and (b'"text"' in first or b'"html"' in first)  # a long line cut by the peek
    return isinstance(record, dict) and ("text" in record or "html" in record)


def _hint_name(fmt_hint: str | None, source: str) -> str:
    """A file name whose extension carries ``fmt_hint`` (``"html"`` → ``x.html``)."""
    if not fmt_hint:
        return _doc_name(source) if "://" not in source else "page"
    hint = fmt_hint.lower().lstrip(".")
    aliases = {"text": "txt", "ndjson": "jsonl", "warc.gz": "warc"}
    return hint if "." in hint else f"page.{aliases.get(hint, hint)}"


# --- single documents ---------------------------------------------------------------------------


def _read_single(stream: IO[bytes], doc: _Doc, opts: _Options) -> Page:
    data = stream.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        return _too_large(doc, _count_rest(stream, len(data)), opts.max_bytes, data)
    return _page_from_data(data, doc, opts)


def _count_rest(stream: IO[bytes], already: int) -> int:
    """Length of a stream whose size is unknown (compressed), read in chunks and dropped."""
    total = already
    while total < _COUNT_CAP:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
    return total


def _page_from_data(data: bytes, doc: _Doc, opts: _Options) -> Page:
    if not data:
        return _rejected(doc, "empty file (0 bytes)", data, opts)
    binary = sniff_binary(data)
    if binary is not None:
        return _rejected(doc, f"binary file: {binary}, not a text or HTML page", data, opts)
    try:
        decoded = decode_bytes(data, doc.charset_hint or declared_charset(data))
    except DecodeError as exc:
        return _rejected(doc, str(exc), data, opts)
    return _page_from_text(decoded.text, data, doc, opts, decoded.encoding, decoded.warnings)


def _page_from_text(text: str, data: bytes, doc: _Doc, opts: _Options, encoding: str, warnings: list[str]) -> Page:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return _rejected(doc, f"empty page: only whitespace ({len(data)} bytes)", data, opts)
    fmt = detect_format(text, doc.fmt_hint)
    own = html_meta(text) if fmt == "html" else None
    meta = merge_meta(doc.upper, own, opts.defaults)
    if warnings:
        meta.extra["decode_warnings"] = warnings
    return Page(
        id=_sha256(data),
        source=doc.source,
        doc=doc.doc,
        fmt=fmt,
        encoding=encoding,
        raw=text,
        meta=meta,
        size=len(data),
    )


# --- gzip ----------------------------------------------------------------------------------------


def _read_gzip(stream: IO[bytes], name: str, doc: _Doc, opts: _Options, depth: int) -> Iterator[Page]:
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    if depth >= 2:
        yield _rejected(doc, "gzip inside gzip inside gzip: decompress it first", b"", opts)
        return
    unzipped = gzip.GzipFile(fileobj=stream, mode="rb")
    pages = _read_stream(unzipped, inner_name, doc, opts, depth + 1)  # type: ignore[arg-type]
    done = 0
    try:
        for page in pages:
            done += 1
            yield page
    except _DAMAGE as exc:
        where = f"after {done} complete document(s)" if done else "before the first complete document"
        yield _rejected(
            replace(doc, source=f"{doc.source}#damaged"),
            f"damaged gzip ({_damage_reason(exc)}), {where}; the file is probably truncated: re-download it "
            "(gzip -t checks a file)",
            b"",
            opts,
        )


def _damage_reason(exc: BaseException) -> str:
    if isinstance(exc, _Truncated):
        return str(exc)
    if isinstance(exc, EOFError):
        return "compressed data ends early"
    return f"{type(exc).__name__}: {exc}"


# --- JSON Lines ------------------------------------------------------------------------------------


def _read_jsonl(stream: IO[bytes], doc: _Doc, opts: _Options) -> Iterator[Page]:
    lineno = 0
    while True:
        line = stream.readline(opts.max_bytes + 1)
        if not line:
            return
        lineno += 1
        line_doc = _Doc(f"{doc.source}#L{lineno}", f"{doc.doc}#L{lineno}")
        if len(line) > opts.max_bytes and not line.endswith(b"\n"):
            size = _skip_line(stream, len(line))
            yield _too_large(line_doc, size, opts.max_bytes, line, what=f"line {lineno}: page")
            continue
        if line.strip():
            yield _jsonl_page(line, lineno, line_doc, doc, opts)


def _skip_line(stream: IO[bytes], already: int) -> int:
    total = already
    while True:
        chunk = stream.readline(_CHUNK)
        total += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return total


def _jsonl_page(line: bytes, lineno: int, line_doc: _Doc, file_doc: _Doc, opts: _Options) -> Page:
    try:
        record = json.loads(line.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        return _rejected(line_doc, f"line {lineno}: not UTF-8 (JSON Lines must be UTF-8)", line, opts)
    except json.JSONDecodeError as exc:
        return _rejected(
            line_doc,
            f"line {lineno}: malformed JSON ({exc.msg} at column {exc.colno}); the other lines are read",
            line,
            opts,
        )
    body = record.get("html") or record.get("text") if isinstance(record, dict) else None
    if not isinstance(body, str):
        return _rejected(
            line_doc,
            f'line {lineno}: no "text" or "html" string field (is this a manifest? pass it with --meta)',
            line,
            opts,
        )
    return _page_from_text(body, body.encode("utf-8"), _record_doc(record, lineno, file_doc, opts), opts, "utf-8", [])


def _record_doc(record: dict[str, Any], lineno: int, file_doc: _Doc, opts: _Options) -> _Doc:
    url = record.get("url") if isinstance(record.get("url"), str) else None
    path = record.get("path") if isinstance(record.get("path"), str) else None
    name = _doc_name(url) if url else Path(path).name if path else f"{file_doc.doc}#L{lineno}"
    own = meta_from_record(record, skip=("text", "html", "path"))
    entry = opts.manifest.lookup(path, url=url) if opts.manifest else None
    return _Doc(
        f"{file_doc.source}#L{lineno}",
        name or f"{file_doc.doc}#L{lineno}",
        upper=merge_meta(entry, own, file_doc.upper),
        fmt_hint="html" if record.get("html") else "text",
    )


# --- WARC ------------------------------------------------------------------------------------------


def _read_warc(stream: IO[bytes], doc: _Doc, opts: _Options) -> Iterator[Page]:
    # warcio reads an EOFError while parsing record headers as the end of the archive, so a
    # truncated file would end silently: the watch remembers that the bytes ran out early.
    watched = _WatchedStream(stream)
    records = ArchiveIterator(watched, arc2warc=True)
    complete = 0
    damage: BaseException | None = None
    try:
        for record in records:
            page = _warc_page(record, doc, opts)
            complete += 1
            if page is not None:
                yield page
    except _DAMAGE as exc:
        damage = exc
    damage = damage or watched.damage or watched.cut_short()
    if damage is not None:
        yield _rejected(
            replace(doc, source=f"{doc.source}#damaged"),
            f"damaged WARC: broke in record {complete + 1} (after {complete} complete record(s), near byte "
            f"{watched.position} of the uncompressed WARC): {_damage_reason(damage)}; the file is probably "
            "truncated: re-download it",
            b"",
            opts,
        )


class _WatchedStream(io.RawIOBase):
    """A read-only stream that remembers where, and why, reading from ``inner`` failed."""

    def __init__(self, inner: IO[bytes]) -> None:
        super().__init__()
        self.inner = inner
        self.position = 0
        self.damage: BaseException | None = None
        self.head = b""
        self.tail = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        # read1: a compressed stream hands over each gzip member before it meets a damaged one
        read = getattr(self.inner, "read1", self.inner.read)
        try:
            data = read(len(buffer))
        except _DAMAGE as exc:
            self.damage = exc
            raise
        buffer[: len(data)] = data
        self.head = self.head or data[:5]
        self.tail = (self.tail + data)[-4:]
        self.position += len(data)
        return len(data)

    def cut_short(self) -> _Truncated | None:
        """A WARC ends with a blank line after its last record; a cut file does not."""
        if self.head.startswith(b"WARC/") and not self.tail.endswith(b"\r\n\r\n"):
            return _Truncated("the file ends in the middle of a record")
        return None


class _Truncated(EOFError):
    """A record whose content ends before its declared length."""


def _warc_page(record: ArcWarcRecord, file_doc: _Doc, opts: _Options) -> Page | None:
    """The page in a response/resource record, or None for records that hold no page."""
    kind = _warc_page_kind(record)
    if kind is None:
        return None
    fmt_hint, charset = kind
    doc = _warc_doc(record, file_doc, opts, fmt_hint, charset)
    data = record.content_stream().read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        return _too_large(doc, _count_rest(record.content_stream(), len(data)), opts.max_bytes, data)
    if getattr(record.raw_stream, "limit", 0) > 0 and not record.content_stream().read(1):
        raise _Truncated(f"record {doc.doc!r} ends before its declared Content-Length")
    return _page_from_data(data, doc, opts)


def _warc_page_kind(record: ArcWarcRecord) -> tuple[str | None, str | None] | None:
    """(format hint, charset) for a record holding a text/HTML document, else None."""
    if record.rec_type not in _WARC_DOC_TYPES:
        return None
    headers = record.http_headers
    if headers is not None:
        status = headers.get_statuscode()
        if record.rec_type == "response" and status and not status.startswith("2"):
            return None  # redirects and error pages are not documents
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    identified = record.rec_headers.get_header("WARC-Identified-Payload-Type") or ""
    mime = (content_type.split(";")[0].strip() or identified).lower()
    if mime and mime not in _PAGE_TYPES:
        return None
    charset = content_type.lower().partition("charset=")[2].strip(" \"';") or None
    return _PAGE_TYPES.get(mime), charset


def _warc_doc(record: ArcWarcRecord, file_doc: _Doc, opts: _Options, fmt_hint: str | None, charset: str | None) -> _Doc:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    extra = {
        k: v for k, v in (("warc_record_id", record_id), ("warc_date", record.rec_headers.get_header("WARC-Date"))) if v
    }
    own = PageMeta(url=uri, extra=extra)
    entry = opts.manifest.lookup(None, url=uri) if opts.manifest and uri else None
    name = (_doc_name(uri) if uri else "") or record_id.removeprefix("urn:uuid:") or file_doc.doc
    return _Doc(
        f"{file_doc.source}#{record_id or uri}", name, merge_meta(entry, own, file_doc.upper), fmt_hint, charset
    )


# --- helpers ---------------------------------------------------------------------------------------


def _manifest_meta(opts: _Options, path: Path) -> PageMeta | None:
    return opts.manifest.lookup(path) if opts.manifest else None


def _doc_name(source: str) -> str:
    """Base name of a file (``.gz`` dropped) or last path segment of a URL."""
    if "://" in source:
        segment = unquote(urlsplit(source).path.rstrip("/").rpartition("/")[2])
        return segment
    name = PurePosixPath(source.replace("\\", "/")).name
    return name[:-3] if name.lower().endswith(".gz") and len(name) > 3 else name


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rejected(doc: _Doc, error: str, data: bytes = b"", opts: _Options | None = None) -> Page:
    """A page that could not be read, with as much identity as is known."""
    meta = merge_meta(doc.upper, opts.defaults if opts else None)
    return Page(
        id=_sha256(data if data else doc.source.encode("utf-8")),
        source=doc.source,
        doc=doc.doc,
        meta=meta,
        status="rejected",
        error=error,
        size=len(data),
    )


def _too_large(doc: _Doc, size: int, limit: int, data: bytes, what: str = "page") -> Page:
    more = "more than " if size >= _COUNT_CAP else ""
    page = _rejected(doc, f"{what} too large ({more}{_mb(size)} > {_mb(limit)} limit; raise --max-bytes)", data)
    page.size = size
    return page


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _guarded(pages: Iterator[Page], source: str) -> Iterator[Page]:
    """Turn an unexpected error into a rejected page so the batch goes on."""
    try:
        yield from pages
    except Exception as exc:  # a reader bug must not stop a batch of millions of pages
        yield _rejected(
            _Doc(f"{source}#error", _doc_name(source)),
            f"internal error while reading: {type(exc).__name__}: {exc} (please report this file)",
        )
