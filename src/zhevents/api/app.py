"""The HTTP API and the web explorer over one zhevents store.

Read-only by default: every request reads through a per-thread SQLite connection with
``PRAGMA query_only``.  The one write endpoint, ``POST /api/pages`` (ingest a posted page), is
registered only when the app is created with a token, and then requires
``Authorization: Bearer <token>``.

``/docs`` serves Swagger UI from vendored assets (``web/static/vendor/swagger-ui``), not from a
CDN, so the API documentation works with no network; ``/openapi.json`` is the schema; ReDoc is off.
Every response carries a strict Content-Security-Policy (scripts from this origin only).
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhevents.store import queries
from zhevents.store.queries import EventFilter, QueryError

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
EXPORT_FORMATS = ("plover-jsonl", "csv", "gdelt-tsv")
MAX_PAGE_BYTES = 5_000_000
CACHE = os.environ.get("ZHEVENTS_API_CACHE", "1") != "0"  # timeline responses, until the store changes
CACHE_SIZE = 64

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Pure ASGI middleware adding the CSP and friends to every HTTP response (streaming included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Connections:
    """One read-only SQLite connection per worker thread (sqlite3 connections are not thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, Any], tuple[tuple[int | bytes, ...], bytes]] = {}
        self._making: dict[tuple[str, Any], threading.Lock] = {}

    def open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA query_only = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA cache_size = -65536")  # 64 MiB page cache per thread
        db.execute("PRAGMA mmap_size = 1073741824")
        return db

    def get(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self.open()
        return db

    def cached(self, kind: str, key: Any, make: Callable[[], Response]) -> Response:
        """A response made before (by any thread) while the store has not changed since: a commit grows or
        touches the WAL file, a checkpoint the database file.  ``ZHEVENTS_API_CACHE=0`` turns it off."""
        if not CACHE:
            return make()
        version = self._version()
        with self._lock:
            hit = self._cache.get((kind, key))
            if hit is not None and hit[0] == version:
                return Response(hit[1], media_type="application/json")
            making = self._making.setdefault((kind, key), threading.Lock())
        try:
            with making:  # one thread makes it; the others asking meanwhile wait and take its result
                with self._lock:
                    hit = self._cache.get((kind, key))
                if hit is not None and hit[0] == version:
                    return Response(hit[1], media_type="application/json")
                response = make()
                with self._lock:
                    if len(self._cache) >= CACHE_SIZE:
                        self._cache.pop(next(iter(self._cache)))
                    self._cache[(kind, key)] = (version, bytes(response.body))
                return response
        finally:
            with self._lock:  # at worst a later request makes it again; the table never grows past the misses
                if self._making.get((kind, key)) is making and not making.locked():
                    del self._making[(kind, key)]

    def _version(self) -> tuple[int | bytes, ...]:
        """What changes with every commit: the database and WAL files' size, mtime and inode, and the
        headers SQLite rewrites per transaction (timestamps can be too coarse to tell two quick commits
        apart): the database header (change counter in rollback mode), the WAL header (salts, new at
        every WAL reset) and the wal-index header at the start of ``-shm`` (change counter and last
        frame of every WAL commit).  Not the ``-shm`` file's mtime: readers write their marks there."""
        out: list[int | bytes] = []
        for suffix, head, stat in (("", 100, True), ("-wal", 32, True), ("-shm", 48, False)):
            try:
                with open(self.path.with_name(self.path.name + suffix), "rb") as fh:
                    if stat:
                        st = os.fstat(fh.fileno())
                        out += [st.st_mtime_ns, st.st_size, st.st_ino]
                    out.append(fh.read(head))
            except FileNotFoundError:
                continue
        return tuple(out)


class PostedPage(BaseModel):
    """A page to ingest: its content as text (HTML or plain) and what is known about it."""

    content: str = Field(..., min_length=1, description="page content: HTML or plain text")
    name: str = Field("posted.txt", max_length=200, description="file name; .html/.htm marks HTML")
    source: str | None = Field(None, max_length=2000, description="where the page came from (URL or path)")
    published: str | None = Field(None, max_length=40)
    outlet: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=2000)
    language: str | None = Field(None, max_length=20)


# -- filters as query parameters -----------------------------------------------------------------
async def event_filter(
    since: Annotated[str | None, Query(description="first day, ISO YYYY-MM-DD (inclusive)")] = None,
    until: Annotated[str | None, Query(description="last day, ISO YYYY-MM-DD (inclusive)")] = None,
    event: Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT")] = None,
    actor: Annotated[str | None, Query(description="actor code, entity id or name (either script)")] = None,
    recipient: Annotated[str | None, Query(description="recipient code, entity id or name")] = None,
    code: Annotated[str | None, Query(description="state (ISO alpha-3) or PLOVER code, either side")] = None,
    place: Annotated[str | None, Query(description="place name (either script)")] = None,
    outlet: Annotated[str | None, Query(description="outlet, exactly as stored")] = None,
    attribution: Annotated[str | None, Query(description="a source in the attribution chain")] = None,
    aux: Annotated[str | None, Query(description="future | hypothetical | negation | historical")] = None,
    q: Annotated[str | None, Query(description="free text in the story, either script")] = None,
) -> EventFilter:
    return queries.parse_filter(since=since, until=until, event=event, actor=actor, recipient=recipient,
                                code=code, place=place, outlet=outlet, attribution=attribution, aux=aux, q=q)


Filter = Annotated[EventFilter, Depends(event_filter)]


def create_app(db_path: str | Path, *, token: str | None = None) -> FastAPI:
    """The API + explorer over the store at ``db_path``; ``token`` enables ``POST /api/pages``."""
    path = Path(db_path)
    if not path.exists() and token is None:
        raise FileNotFoundError(f"no store at {path}: run `zhevents ingest PATH --db {path}` first")
    if token is not None and len(token) < 8:
        raise ValueError("the write token must be at least 8 characters")
    if token is not None:
        _open_writer(path).close()  # creates and migrates the store before readers open it
    conns = Connections(path)
    app = FastAPI(title="zhevents", version="1", docs_url=None, redoc_url=None,
                  description="Read-only JSON API over a zhevents store of PLOVER events.")
    app.state.connections = conns
    _add_error_handlers(app)
    _add_read_routes(app, conns)
    if token is not None:
        _add_write_routes(app, path, token)
    _add_pages(app)
    app.add_middleware(SecurityHeaders)
    return app


def _open_writer(path: Path) -> Any:
    from zhevents.store import Store

    return Store(path)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def bad_parameter(_request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"error": str(exc), "param": exc.param}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        parts = [f"{'.'.join(str(x) for x in e.get('loc', [])[1:]) or 'request'}: {e.get('msg')}" for e in errors]
        return JSONResponse({"error": "; ".join(parts), "detail": json.loads(json.dumps(errors, default=str))},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def _add_read_routes(app: FastAPI, conns: Connections) -> None:
    db = conns.get

    @app.get("/api/events", summary="Events matching the filters (PLOVER JSON) and their total")
    def events(f: Filter, limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0,
               sort: Annotated[str, Query(description=", ".join(queries.SORTS))] = queries.DEFAULT_SORT,
               ) -> Response:
        body = queries.list_events_json(db(), f, limit=limit, offset=offset, sort=sort)
        return Response(body.encode("utf-8"), media_type="application/json")

    @app.get("/api/events/{event_id:path}", summary="One event with its evidence, sentence and mentions")
    def event(event_id: str) -> Response:
        return _json(_found(queries.event_detail(db(), event_id), "event", event_id))

    @app.get("/api/stories/{story_id:path}", summary="A story's page text with entity, date and event spans")
    def story(story_id: str, script: Annotated[str, Query(description="original | simplified | traditional")]
              = "original") -> Response:
        return _json(_found(queries.story_detail(db(), story_id, script), "story", story_id))

    @app.get("/api/entities", summary="Entities with mention counts")
    def entities(q: str | None = None, type: str | None = None,
                 limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50,
                 offset: Annotated[int, Query(ge=0)] = 0) -> Response:
        return _json(queries.list_entities(db(), q=q, type=type, limit=limit, offset=offset))

    @app.get("/api/entities/{entity_id:path}", summary="An entity and every event it is actor or recipient of")
    def entity(entity_id: str) -> Response:
        return _json(_found(queries.entity_detail(db(), entity_id), "entity", entity_id))

    @app.get("/api/timeline", summary="Event counts by day and type (same filters as /api/events)")
    def timeline(f: Filter) -> Response:
        return conns.cached("timeline", f, lambda: _json(queries.timeline(db(), f)))

    @app.get("/api/places", summary="Located events counted per place, for the map")
    def places(f: Filter) -> Response:
        return _json(queries.places(db(), f))

    @app.get("/api/claims", summary="Contradicting claims by opposed sources, side by side")
    def claims(f: Filter) -> Response:
        return _json(queries.list_claims(db(), f))

    @app.get("/api/stats", summary="Store totals")
    def stats() -> Response:
        return _json(queries.stats(db()))

    @app.get("/api/convert", summary="Text in simplified or traditional script (OpenCC)")
    def convert(text: Annotated[str, Query(max_length=20000)],
                to: Annotated[str, Query(description="simplified | traditional")]) -> dict[str, str]:
        if to not in ("simplified", "traditional"):
            raise QueryError("to", f"unknown script {to!r}; choose simplified or traditional")
        return {"text": queries.to_script(text, to), "script": to}

    @app.get("/api/export", summary="Every matching event as a file (streamed)")
    def export(f: Filter, format: Annotated[str, Query(description=" | ".join(EXPORT_FORMATS))] = "plover-jsonl",
               ) -> StreamingResponse:
        if format not in EXPORT_FORMATS:
            raise QueryError("format", f"unknown export format {format!r}; one of {', '.join(EXPORT_FORMATS)}"
                             " (parquet: use `zhevents export`)")
        media = {"plover-jsonl": "application/x-ndjson", "csv": "text/csv", "gdelt-tsv": "text/tab-separated-values"}
        ext = {"plover-jsonl": "jsonl", "csv": "csv", "gdelt-tsv": "tsv"}[format]
        return StreamingResponse(_export_chunks(conns, f, format), media_type=media[format] + "; charset=utf-8",
                                 headers={"content-disposition": f'attachment; filename="events.{ext}"'})


def _json(data: Any) -> Response:
    """Serialise with the json module directly: FastAPI's encoder is several times slower on big lists."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body.encode("utf-8"), media_type="application/json")


def _found(value: dict[str, Any] | None, kind: str, key: str) -> dict[str, Any]:
    if value is None:
        raise HTTPException(404, f"no {kind} {key!r}")
    return value


def _export_chunks(conns: Connections, f: EventFilter, fmt: str) -> Iterator[str]:
    """Stream an export in chunks from a connection of its own (the generator hops threads)."""
    from zhevents import export

    db = conns.open()
    try:
        buf = io.StringIO()
        if fmt == "csv":
            writer: Any = csv.DictWriter(buf, fieldnames=export.FLAT_COLUMNS)
            writer.writeheader()
        elif fmt == "gdelt-tsv":
            writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
            writer.writerow(export.GDELT_COLUMNS)
        for n, ev in enumerate(queries.iter_events(db, f), start=1):
            if fmt == "plover-jsonl":
                buf.write(json.dumps(ev, ensure_ascii=False) + "\n")
            elif fmt == "csv":
                writer.writerow(export.flat_row(ev))
            else:
                writer.writerow([c.replace("\t", " ").replace("\n", " ") for c in export.gdelt_row(ev, n, None)])
            if buf.tell() > 64_000:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()
    finally:
        db.close()


def _add_write_routes(app: FastAPI, path: Path, token: str) -> None:
    lock = threading.Lock()  # one writer at a time

    def authorised(request: Request) -> None:
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise HTTPException(401, "write endpoints need 'Authorization: Bearer <token>'",
                                headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(403, "wrong token")

    @app.post("/api/pages", status_code=201, dependencies=[Depends(authorised)],
              summary="Ingest one posted page (needs the server's token)")
    def post_page(page: PostedPage) -> dict[str, Any]:
        if len(page.content.encode()) > MAX_PAGE_BYTES:
            raise HTTPException(413, f"page larger than {MAX_PAGE_BYTES} bytes")
        with lock:
            return _ingest_posted(path, page)


def _ingest_posted(path: Path, posted: PostedPage) -> dict[str, Any]:
    """Run the posted page through the same reader and pipeline as `zhevents ingest`."""
    from zhevents.ingest import read_inputs
    from zhevents.pipeline import process_page
    from zhevents.records import PageMeta
    from zhevents.store import Store

    name = Path(posted.name).name or "posted.txt"
    meta = PageMeta(published=posted.published, outlet=posted.outlet, url=posted.url, title=posted.title,
                    language=posted.language)
    with tempfile.TemporaryDirectory(prefix="zhevents-post-") as tmp:
        file = Path(tmp) / name
        file.write_text(posted.content, encoding="utf-8")
        pages = list(read_inputs([file], manifest=None, defaults=meta))
    results = []
    with Store(path) as store:
        for page in pages:
            page.source = posted.source or posted.url or f"api:{name}"
            page.doc = name
            page = process_page(page)
            written = store.write_page(page)
            results.append({"page_id": written.page_id, "status": written.status, "error": page.error,
                            "stories": [s.id for s in page.stories], "events": written.events})
    return {"pages": results}


def _add_pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)


# Swagger UI from vendored files; its start-up script is a static file too (CSP forbids inline scripts).
DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>zhevents API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>
"""
