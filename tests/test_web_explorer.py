"""The explorer in headless Chromium (Debian's, driven by Playwright) over a live server.

Every test blocks requests that leave the server's origin and fails if any was attempted, so the
page is shown to work with no network.  Screenshots go to artifacts/ (gitignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.register_assert_rewrite("api_fixtures")
from api_fixtures import ARTIFACTS, HOSTILE_PAGE, MOSCOW_PAGE, ApiStore, LiveServer  # noqa: E402

pytest_plugins = ["api_fixtures"]  # the api_store and live fixtures

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists() and shutil.which("chromium") is None,
                       reason="Debian chromium not installed (make test installs it)"),
]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: dialogs, errors, requests off the server's origin."""

    def __init__(self, page: Any, origin: str) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)
        page.route("**/*", lambda route: self._route(route, origin))

    def _console(self, msg: Any) -> None:
        # a 404 is expected once: /api/claims, until the claims endpoint exists
        if msg.type == "error" and "status of 404" not in msg.text:
            self.errors.append(msg.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any, origin: str) -> None:
        url = route.request.url
        if url.startswith(origin + "/"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture()
def page(browser: Any, live: LiveServer) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
    pg = context.new_page()
    pg.add_init_script("window.__pwned = 0;")
    watch = Watch(pg, live.url)
    yield pg, watch
    context.close()


def _open(pg: Any, live: LiveServer, fragment: str = "") -> None:
    pg.goto(live.url + "/" + fragment)
    pg.wait_for_selector("body[data-ready='1']", timeout=20000)


def _api(live: LiveServer, path: str, **params: Any) -> Any:
    r = httpx.get(live.url + path, params=params, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def _shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _row_types(pg: Any) -> list[str]:
    return pg.locator("#events tbody tr td:nth-child(2)").all_inner_texts()


def _row_dates(pg: Any) -> list[str]:
    return pg.locator("#events tbody tr td:nth-child(1)").all_inner_texts()


def _wait_count(pg: Any, total: int) -> None:
    """Wait until the list shows `total` and every panel has finished drawing the same filters."""
    pg.wait_for_function("n => document.getElementById('count').textContent === n + ' matching'"
                         " && document.body.dataset.pending === '0'", arg=total)


def test_page_loads_offline_with_timeline_list_and_map(page: tuple[Any, Watch], live: LiveServer) -> None:
    pg, watch = page
    _open(pg, live)
    total = _api(live, "/api/events")["total"]
    assert pg.locator("#count").inner_text() == f"{total} matching"
    assert pg.locator("#events tbody tr").count() == min(total, 25)
    assert pg.locator("#timeline svg rect.bar").count() > 0
    assert pg.locator("#map svg path.country").count() > 100  # the bundled world basemap
    assert pg.locator("#map svg circle").count() == _api(live, "/api/places")["total"]
    assert "events" in pg.locator("#stats").inner_text()
    _shot(pg, "explorer.png")
    assert watch.outside == [], "the page reached outside its own server"
    assert watch.errors == [] and watch.dialogs == []


def test_filter_by_type(page: tuple[Any, Watch], live: LiveServer) -> None:
    pg, watch = page
    _open(pg, live)
    pg.select_option("#f-event", "CONSULT")
    pg.click("#apply")
    total = _api(live, "/api/events", event="CONSULT")["total"]
    _wait_count(pg, total)
    assert total >= 2
    assert set(_row_types(pg)) == {"CONSULT"}
    legend = pg.locator("#legend button").all_inner_texts()
    assert legend == ["CONSULT"]  # the timeline follows the type filter
    assert watch.outside == [] and watch.errors == []


def test_filter_by_date_range_inputs(page: tuple[Any, Watch], live: LiveServer) -> None:
    pg, _ = page
    _open(pg, live)
    pg.fill("#f-since", "2022-04-01")
    pg.fill("#f-until", "2022-04-30")
    pg.click("#apply")
    total = _api(live, "/api/events", since="2022-04-01", until="2022-04-30")["total"]
    _wait_count(pg, total)
    dates = _row_dates(pg)
    assert dates and all("2022-04-01" <= d <= "2022-04-30" for d in dates)


def test_brushing_the_timeline_filters_the_list(page: tuple[Any, Watch], live: LiveServer) -> None:
    pg, watch = page
    _open(pg, live)
    box = pg.locator("#timeline svg .brush .overlay").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    pg.mouse.move(box["x"] + 2, y)
    pg.mouse.down()
    pg.mouse.move(box["x"] + box["width"] * 0.4, y, steps=8)
    pg.mouse.up()
    pg.wait_for_function("() => document.getElementById('f-since').value !== ''")
    since, until = pg.input_value("#f-since"), pg.input_value("#f-until")
    assert since <= until
    total = _api(live, "/api/events", since=since, until=until)["total"]
    _wait_count(pg, total)
    assert all(since <= d <= until for d in _row_dates(pg))
    assert _api(live, "/api/events")["total"] > total  # the brush really narrowed the list
    _shot(pg, "explorer-brushed.png")
    assert watch.errors == []


def _open_moscow_consult(pg: Any, live: LiveServer, api_store: ApiStore) -> str:
    moscow = api_store.pages[0]
    event_id = moscow.stories[0].events[0].id
    _open(pg, live)
    pg.fill("#f-q", "古特雷斯")
    pg.select_option("#f-event", "CONSULT")
    pg.click("#apply")
    pg.locator(f"#events tbody tr[data-id='{event_id}']").click()
    pg.wait_for_selector(".story-text .ev.focus")
    return event_id


def test_story_view_highlights_entities_dates_evidence_captions_chrome(
        page: tuple[Any, Watch], live: LiveServer, api_store: ApiStore) -> None:
    pg, watch = page
    _open_moscow_consult(pg, live, api_store)
    text = pg.locator(".story-text")
    focus = "".join(text.locator(".ev.focus").all_inner_texts())
    assert focus == MOSCOW_PAGE.events[0].evidence
    persons = text.locator(".ent-person").all_inner_texts()
    assert any("普京" in p for p in persons) and any("古特雷斯" in p for p in persons)
    assert "".join(text.locator(".time").all_inner_texts()).count("周二") == 1
    assert "图取自法新社" in "".join(text.locator(".caption").all_inner_texts())
    assert "热门新闻 东方头条" in "".join(text.locator(".removed").all_inner_texts())
    chains = pg.locator(".story-events li").all_inner_texts()
    assert any("ACCUSE" in c and "路透社" in c and "示例日报" in c for c in chains)  # agency ← outlet
    _shot(pg, "story.png")
    assert watch.errors == [] and watch.outside == []


def test_script_switch_keeps_highlights_aligned(page: tuple[Any, Watch], live: LiveServer,
                                                api_store: ApiStore) -> None:
    pg, _ = page
    _open_moscow_consult(pg, live, api_store)
    pg.select_option("#script", "traditional")
    pg.wait_for_function("() => document.querySelector('.story-text').lang === 'zh-Hant'")
    focus = "".join(pg.locator(".story-text .ev.focus").all_inner_texts())
    evidence = MOSCOW_PAGE.events[0].evidence
    assert len(focus) == len(evidence) and focus != evidence
    assert focus.startswith("普京當地時間週二") and focus.endswith("古特雷斯會面")
    assert "會晤" in pg.locator(".story-text").inner_text()
    _shot(pg, "story-traditional.png")


def test_entity_page_lists_its_events(page: tuple[Any, Watch], live: LiveServer, api_store: ApiStore) -> None:
    pg, _ = page
    _open_moscow_consult(pg, live, api_store)
    pg.locator(".story-text .ent-person", has_text="普京").first.click()
    pg.wait_for_function("() => document.getElementById('detail-title').textContent === 'Entity'")
    body = pg.locator("#detail-body").inner_text()
    assert "普京" in body and "Vladimir Putin" in body
    assert "CONSULT" in body and "ACCUSE" in body


def test_claims_panel(page: tuple[Any, Watch], live: LiveServer) -> None:
    pg, _ = page
    _open(pg, live)
    has_endpoint = httpx.get(live.url + "/api/claims").status_code == 200
    text = pg.locator("#claims").inner_text()
    if has_endpoint:
        assert text != "no claims data"
    else:
        assert text == "no claims data"


def test_hostile_page_stays_inert(page: tuple[Any, Watch], live: LiveServer, api_store: ApiStore) -> None:
    pg, watch = page
    story_id = api_store.hostile.stories[0].id
    event_id = api_store.hostile.stories[0].events[0].id
    _open(pg, live, f"#story={story_id}&event={event_id}")
    pg.wait_for_selector(".story-text")
    pg.fill("#f-q", "古特雷斯")
    pg.click("#apply")
    pg.wait_for_selector(f"#events tbody tr[data-id='{event_id}']")
    pg.locator(".story-text span[title^='person']").first.click()  # the hostile entity's page
    pg.wait_for_function("() => document.getElementById('detail-title').textContent === 'Entity'")
    pg.mouse.move(10, 10)
    for circle in pg.locator("#map circle").all():
        circle.hover(force=True)
    pg.goto(live.url + f"/#story={story_id}&event={event_id}")
    pg.wait_for_selector(".story-text .ev.focus")
    _shot(pg, "hostile.png")
    assert pg.evaluate("window.__pwned") == 0
    assert watch.dialogs == []
    assert pg.locator("script").count() == 3  # d3, topojson, app.js: nothing injected
    assert pg.locator("#detail-body img, #events img, #detail-body svg, #detail-body b").count() == 0
    assert pg.locator("a[href^='javascript']").count() == 0
    story_text = pg.locator(".story-text").inner_text()
    assert "<script>window.__pwned=1;alert(1)</script>" in story_text  # shown as text, verbatim
    assert HOSTILE_PAGE.url is not None and HOSTILE_PAGE.url in pg.locator(".story-meta").inner_text()
    assert watch.outside == [], watch.outside  # <img src=x> never became a request


def test_api_docs_work_offline(page: tuple[Any, Watch], live: LiveServer) -> None:
    pg, watch = page
    pg.goto(live.url + "/docs")
    pg.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert pg.locator(".opblock-summary-path", has_text="/api/events").count() >= 1
    _shot(pg, "docs.png")
    assert watch.outside == []
