"""Fixtures for the API and browser tests: hand-built pages with known answers, a live server.

The API store is the store the real pipeline builds from the bundled samples, plus the hand-built
pages below written through ``Store.write_page`` (their events, places and spans are known, so the
tests can assert exact answers), plus a hostile page whose text and metadata carry markup and
``javascript:`` URLs.  The server is a real uvicorn on a free loopback port, in a thread.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from zhevents.records import (
    Actor,
    Alignment,
    Entity,
    Event,
    Mention,
    Page,
    PageMeta,
    Place,
    Removed,
    Source,
    Span,
    Story,
    TimeExpr,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ARTIFACTS = ROOT / "artifacts"
TOKEN = "test-token-0123456789"


# -- building pages by hand -----------------------------------------------------------------------
@dataclass
class EventSpec:
    event: str
    evidence: str
    actor: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # text, code, entity id
    recipient: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    date: str | None = None
    place: tuple[str, float, float, str] | None = None  # name, lat, lon, country
    attribution: list[tuple[str, str]] = field(default_factory=list)  # text, role
    aux: list[str] = field(default_factory=list)
    mode: str | None = None
    qualifier: str | None = None


@dataclass
class PageSpec:
    text: str
    doc: str
    published: str
    outlet: str
    url: str | None = None
    title: str | None = None
    script: str = "simplified"
    entities: list[tuple[str, Entity]] = field(default_factory=list)  # surface, entity
    times: list[tuple[str, str]] = field(default_factory=list)  # surface, ISO day
    events: list[EventSpec] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # surface, reason
    headline: str | None = None


def _find(text: str, surface: str) -> tuple[int, int]:
    start = text.find(surface)
    assert start >= 0, f"{surface!r} not in page text"
    return start, start + len(surface)


def _simplified(text: str) -> str:
    import opencc

    out = str(opencc.OpenCC("t2s").convert(text))
    assert len(out) == len(text), "fixture text must convert one character to one"
    return out


def build_page(spec: PageSpec) -> Page:
    """A processed page whose only story is the page text minus captions and removed chrome."""
    raw = spec.text
    page_id = hashlib.sha256(raw.encode()).hexdigest()
    page = Page(id=page_id, source=f"fixture:{spec.doc}", doc=spec.doc, fmt="text", encoding="utf-8", raw=raw,
                text=raw, size=len(raw.encode()),
                meta=PageMeta(published=spec.published, outlet=spec.outlet, url=spec.url, title=spec.title,
                              language="zh"))
    page.removed = [Removed(reason, *_find(raw, s)) for s, reason in spec.removed]
    story_id = f"{page_id[:16]}-0"
    norm = _simplified(raw)
    story = Story(id=story_id, page_id=page_id, seq=0, kind="article", text=raw, align=Alignment.identity(len(raw)),
                  script=spec.script, norm=norm, norm_align=Alignment.identity(len(norm)),  # type: ignore[arg-type]
                  reference_date=spec.published, reference_precision="day",
                  content_hash=hashlib.sha256(norm.encode()).hexdigest())
    story.captions = [Span(c, *_find(raw, c)) for c in spec.captions]
    if spec.headline:
        story.headline = Span(spec.headline, *_find(raw, spec.headline))
    for surface, ent in spec.entities:
        s, e = _find(raw, surface)
        story.mentions.append(Mention(story_id, ent.id, ent.type, surface, s, e, s, e))
        story.entities[ent.id] = ent
    for surface, day in spec.times:
        s, e = _find(raw, surface)
        story.times.append(TimeExpr(story_id, surface, s, e, s, e, day, precision="day"))
    story.events = [_event(spec, ev, page, story_id, n) for n, ev in enumerate(spec.events)]
    page.stories = [story]
    return page


def _event(spec: PageSpec, ev: EventSpec, page: Page, story_id: str, n: int) -> Event:
    s, e = _find(spec.text, ev.evidence)
    loc = Place(ev.place[0], ev.place[0], ev.place[1], ev.place[2], ev.place[3]) if ev.place else None
    return Event(
        id=f"{story_id}:e{n}", doc=spec.doc, page_id=page.id, story_id=story_id, event=ev.event, start=s, end=e,
        event_text=ev.evidence, mode=ev.mode, qualifier=ev.qualifier, aux=ev.aux,
        actor=[Actor(t, entity_id=i, code=c) for t, c, i in ev.actor],
        recipient=[Actor(t, entity_id=i, code=c) for t, c, i in ev.recipient],
        date=ev.date, date_precision="day" if ev.date else "unknown", event_loc=loc,
        attribution=[Source(t, role) for t, role in ev.attribution],  # type: ignore[arg-type]
        sentence_start=s, sentence_end=e, confidence=0.9, coder="fixture",
    )


PUTIN = Entity("zhe:person:普京", "person", "普京", "Vladimir Putin", code="RUS", sector="GOV")
GUTERRES = Entity("zhe:person:古特雷斯", "person", "古特雷斯", "António Guterres", code="UNO")
UKRAINE = Entity("zhe:state:UKR", "state", "乌克兰", "Ukraine", code="UKR")
MOSCOW = Entity("zhe:place:莫斯科", "place", "莫斯科", "Moscow", lat=55.7558, lon=37.6173, country="RUS")
ZELENSKY = Entity("zhe:person:泽连斯基", "person", "泽连斯基", "Volodymyr Zelensky", code="UKR", sector="GOV")
MARIUPOL = Entity("zhe:place:马里乌波尔", "place", "马里乌波尔", "Mariupol", lat=47.0951, lon=37.5413,
                  country="UKR")
BEIJING = Entity("zhe:place:北京", "place", "北京", "Beijing", lat=39.9042, lon=116.4074, country="CHN")

MOSCOW_PAGE = PageSpec(
    doc="fixture_moscow.txt", published="2022-04-27", outlet="示例日报", url="https://example.org/moscow",
    title="普京会晤古特雷斯",
    text=("普京(左)会晤古特雷斯。(图取自法新社)\n(莫斯科27日讯)俄罗斯总统普京当地时间周二与到访的联合国秘书长"
          "古特雷斯会面。路透社报导，普京批评乌克兰阻碍和谈。\n热门新闻 东方头条"),
    captions=["普京(左)会晤古特雷斯。(图取自法新社)"],
    removed=[("热门新闻 东方头条", "navigation")],
    entities=[("莫斯科", MOSCOW), ("俄罗斯总统普京", PUTIN), ("联合国秘书长古特雷斯", GUTERRES), ("乌克兰", UKRAINE)],
    times=[("27日", "2022-04-27"), ("周二", "2022-04-26")],
    events=[
        EventSpec("CONSULT", "普京当地时间周二与到访的联合国秘书长古特雷斯会面", mode="visit",
                  actor=[("普京", "RUS", PUTIN.id)], recipient=[("古特雷斯", "UNO", GUTERRES.id)],
                  date="2022-04-26", place=("莫斯科", 55.7558, 37.6173, "RUS")),
        EventSpec("ACCUSE", "普京批评乌克兰阻碍和谈", mode="disapprove",
                  actor=[("普京", "RUS", PUTIN.id)], recipient=[("乌克兰", "UKR", UKRAINE.id)],
                  date="2022-04-26", attribution=[("路透社", "agency")]),
    ],
)

DIGEST_PAGE = PageSpec(
    doc="fixture_digest.txt", published="2022-03-06", outlet="楠木軒", script="traditional",
    text="（新華社）烏克蘭總統澤連斯基5日呼籲西方國家提供更多武器。俄羅斯國防部5日表示，俄軍將在馬里烏波爾停火。",
    entities=[("澤連斯基", ZELENSKY), ("馬里烏波爾", MARIUPOL)],
    times=[("5日", "2022-03-05")],
    events=[
        EventSpec("REQUEST", "澤連斯基5日呼籲西方國家提供更多武器", actor=[("澤連斯基", "UKR", ZELENSKY.id)],
                  date="2022-03-05", attribution=[("新華社", "agency")]),
        EventSpec("RETREAT", "俄軍將在馬里烏波爾停火", mode="ceasefire", actor=[("俄軍", "RUS", None)],
                  date="2022-03-05", place=("马里乌波尔", 47.0951, 37.5413, "UKR"), aux=["future"],
                  attribution=[("俄羅斯國防部", "speaker"), ("新華社", "agency")]),
    ],
)

BEIJING_PAGE = PageSpec(
    doc="fixture_beijing.txt", published="2022-05-10", outlet="央视新闻",
    text="新华社北京5月10日电 外交部发言人10日表示，中方支持俄乌双方通过谈判解决争端。美国宣布对俄罗斯实施新一轮制裁。",
    entities=[("北京", BEIJING)],
    times=[("5月10日", "2022-05-10")],
    events=[
        EventSpec("SUPPORT", "中方支持俄乌双方通过谈判解决争端", actor=[("中方", "CHN", None)],
                  recipient=[("俄", "RUS", None), ("乌", "UKR", None)], date="2022-05-10",
                  place=("北京", 39.9042, 116.4074, "CHN"), attribution=[("外交部发言人", "speaker")]),
        EventSpec("SANCTION", "美国宣布对俄罗斯实施新一轮制裁", actor=[("美国", "USA", None)],
                  recipient=[("俄罗斯", "RUS", None)], date="2022-05-10"),
    ],
)

# Markup and script URLs in text, metadata, entity names, actor names and place names.
XSS_TEXT = ("<script>window.__pwned=1;alert(1)</script>普京在莫斯科会见<img src=x onerror=\"window.__pwned=2\">"
            "古特雷斯。详见 javascript:window.__pwned=3 与 <a href=\"javascript:alert(9)\">链接</a>。")
HOSTILE_ENTITY = Entity("zhe:person:<script>alert(6)</script>", "person", "<script>alert(6)</script>",
                        "<img src=x onerror=alert(7)>", code="RUS")
HOSTILE_PAGE = PageSpec(
    doc="hostile<script>.txt", published="2022-04-28", outlet="<script>alert(3)</script>",
    url="javascript:window.__pwned=4", title="<img src=x onerror=alert(2)>", text=XSS_TEXT,
    captions=["<img src=x onerror=\"window.__pwned=2\">"],
    entities=[("<script>window.__pwned=1;alert(1)</script>", HOSTILE_ENTITY)],
    events=[EventSpec("CONSULT", "普京在莫斯科会见<img src=x onerror=\"window.__pwned=2\">古特雷斯",
                      actor=[("<b onmouseover=alert(4)>普京</b>", "RUS", HOSTILE_ENTITY.id)],
                      recipient=[("javascript:alert(8)", "UNO", None)], date="2022-04-28",
                      place=("<svg onload=alert(5)>", 55.7558, 37.6173, "RUS"),
                      attribution=[("<script>alert(10)</script>", "agency")])],
)

FIXTURE_PAGES = [MOSCOW_PAGE, DIGEST_PAGE, BEIJING_PAGE]


def write_pages(db: Path, specs: list[PageSpec]) -> list[Page]:
    from zhevents.store import Store

    pages = [build_page(s) for s in specs]
    with Store(db) as store:
        for page in pages:
            store.write_page(page)
        store.refresh_clusters()  # event clusters and claims, as `zhevents ingest` does
    return pages


def pipeline_store(db: Path) -> bool:
    """Ingest the bundled samples with the real pipeline; False if the pipeline cannot run yet."""
    try:
        from zhevents.pipeline import ingest
    except ImportError:
        return False
    ingest([SAMPLES], db, manifest=SAMPLES / "manifest.jsonl")
    return True


# -- a live server --------------------------------------------------------------------------------
class LiveServer:
    """uvicorn serving ``create_app(db, token=...)`` on a free loopback port, in a thread."""

    def __init__(self, db: Path, token: str | None = None) -> None:
        from zhevents.api.app import create_app

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(db, token=token), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@dataclass
class ApiStore:
    path: Path
    pages: list[Page]
    hostile: Page
    from_pipeline: bool


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory) -> ApiStore:
    base = tmp_path_factory.mktemp("api") / "base.db"
    from_pipeline = pipeline_store(base)
    db = base.with_name("api.db")
    if from_pipeline:
        shutil.copyfile(base, db)
    pages = write_pages(db, FIXTURE_PAGES)
    hostile = write_pages(db, [HOSTILE_PAGE])[0]
    return ApiStore(db, pages, hostile, from_pipeline)


@pytest.fixture(scope="session")
def live(api_store: ApiStore) -> Iterator[LiveServer]:
    with LiveServer(api_store.path) as server:
        yield server


@pytest.fixture()
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


def get_json(client: httpx.Client, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()
