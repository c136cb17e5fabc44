"""The web UI in a real browser: Playwright driving Debian's chromium against `marsad serve`'s app
on a free local port. Skipped only when /usr/bin/chromium is absent (.ci/run installs it)."""

from __future__ import annotations

import csv
import io
import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does it)", allow_module_level=True)

import uvicorn  # noqa: E402
from playwright import sync_api  # noqa: E402

from marsad.api import create_app  # noqa: E402
from tests.test_api import STORIES, XSS_TITLE, build_store  # noqa: E402

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(os.environ.get("MARSAD_TEST_ARTIFACTS", "/tmp/marsad-test-artifacts"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "web.db"
    build_store(db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, base_url, request):
    """A fresh page; every request it makes must go to marsad, and no script may open a dialog.
    The page's screenshot is saved under ARTIFACTS at the end of each test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    outside: list[str] = []
    dialogs: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith((base_url, "data:")) else outside.append(r.url))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(10_000)
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()
    assert not outside, f"the page loaded resources from elsewhere: {outside}"
    assert not dialogs, f"a script ran and opened a dialog: {dialogs}"


def test_search_in_arabic_open_story_and_click_an_event(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.fill("#q", "الامم المتحدة")  # no hamza, no diacritics: still finds الأُمَم المتّحدة
    page.press("#q", "Enter")
    page.wait_for_selector("#results .hit")
    first = page.locator("#results .hit h2 a").first
    assert first.inner_text() == STORIES[2][0]
    assert page.locator("#results .hit mark").count() >= 2
    # open the Russia–Iran story through a second search and click its event
    page.fill("#q", "موسكو")
    page.press("#q", "Enter")
    page.click(f"#results .hit h2 a:has-text('{STORIES[0][0]}')")
    page.wait_for_selector("#event-list .ev")
    assert "/stories/" in page.url
    item = page.locator("#event-list .ev").first
    start, end = int(item.get_attribute("data-sent-start")), int(item.get_attribute("data-sent-end"))
    item.click()
    highlighted = page.locator(".story-text .sent.hl")
    highlighted.first.wait_for()
    assert highlighted.count() >= 1
    s, e = int(highlighted.first.get_attribute("data-start")), int(highlighted.first.get_attribute("data-end"))
    assert s < end and e > start  # the highlighted sentence is the event's sentence
    trigger = page.locator('.story-text .trigger.active')
    assert trigger.count() >= 1 and trigger.first.inner_text() in highlighted.first.inner_text()
    assert "selected" in (item.get_attribute("class") or "")
    page.wait_for_timeout(600)  # smooth scrolling
    assert page.evaluate("""() => { const r = document.querySelector('.sent.hl').getBoundingClientRect();
                                     return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    page.screenshot(path="/tmp/marsad-story.png", full_page=False)


def test_switch_to_english_and_back(page, base_url):
    page.goto(base_url + "/events")
    assert page.locator("nav.main-nav a.active").inner_text() == "الأحداث"
    page.click("#lang-switch")
    page.wait_for_selector("html[lang=en][dir=ltr]")
    assert page.locator("nav.main-nav a.active").inner_text() == "Events"
    page.goto(base_url + "/timeline")  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Timeline")
    page.click("#lang-switch")
    page.wait_for_selector("html[lang=ar][dir=rtl]")


def test_events_table_filter_and_csv_export(page, base_url):
    page.goto(base_url + "/events")
    assert page.locator("#events-table tbody tr").count() > 10
    page.select_option("select[name=quad]", "material_conflict")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**quad=material_conflict**")
    types = page.locator("#events-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.eventType)")
    assert types and set(types) <= {"PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"}
    with page.expect_download() as info:
        page.click("#export-csv")
    path = info.value.path()
    rows = list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["id", "story_id", "doc", "event"]
    assert len(rows) - 1 == len(types) and {r[3] for r in rows[1:]} == set(types)


def test_actor_page(page, base_url):
    page.goto(base_url + "/actors")
    page.click("table.actors-table a.code:text-is('RUS')")
    page.wait_for_url("**/actors/RUS")
    assert page.locator("h1").inner_text().startswith("روسيا")
    partners = page.locator("#counterparts tbody").inner_text()
    assert "أوكرانيا" in partners and "إيران" in partners
    assert page.locator("#timeline-svg rect.bar").count() >= 1
    assert "موسكو" in page.locator("ul.quotes").inner_text()


def test_timeline_has_stacked_bars(page, base_url):
    page.goto(base_url + "/timeline?by=day")
    bars = page.locator("#timeline-svg rect.bar")
    assert bars.count() >= 10
    classes = set(bars.evaluate_all("bs => bs.map(b => b.getAttribute('class'))"))
    assert {"bar q-verbal_cooperation", "bar q-material_conflict"} <= classes
    heights = bars.evaluate_all("bs => bs.map(b => b.getBBox().height)")
    assert all(h > 0 for h in heights)
    page.screenshot(path="/tmp/marsad-timeline.png", full_page=True)
    page.goto(base_url + "/timeline?by=week&dyad=RUS-UKR")
    dyad = page.locator("#timeline-svg rect.bar")
    assert dyad.count() >= 1
    assert set(dyad.evaluate_all("bs => bs.map(b => b.getAttribute('class'))")) <= {
        "bar q-verbal_conflict", "bar q-material_conflict"}


def test_relations_graph(page, base_url):
    page.goto(base_url + "/graph")
    assert page.locator("#graph-svg circle.node").count() >= 4
    assert page.locator("#graph-svg line.edge").count() >= 3
    assert page.locator("#graph-svg line.edge.e-conflict").count() >= 1
    assert page.locator("#graph-svg line.edge.e-coop").count() >= 1
    page.click("#graph-svg circle[data-code=UKR]")
    page.wait_for_url("**/actors/UKR")


def test_script_in_a_story_title_shows_as_text(page, base_url):
    page.goto(base_url + "/?q=خبيث")
    link = page.locator("#results .hit h2 a").first
    assert link.inner_text() == XSS_TITLE
    link.click()
    page.wait_for_selector("h1.story-title")
    assert page.locator("h1.story-title").inner_text() == XSS_TITLE
    assert "<script>alert(2)</script>" in page.locator("#story-text").inner_text()
    assert page.locator("#story-text script, #story-text img").count() == 0
    assert page.title().startswith(XSS_TITLE)
    assert page.locator("#provenance a[href^='javascript']").count() == 0


def test_agreements_register(page, base_url):
    page.goto(base_url + "/agreements")
    table = page.locator("#agreements-table tbody").inner_text()
    assert "RUS" in table and "IRN" in table
