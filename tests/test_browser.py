"""The explorer in a real browser: Playwright drives Debian's Chromium against `eventwire serve`.

Nothing is downloaded: Chromium comes from apt (`make test` installs it where it
is missing) and Playwright only drives it. Each page is opened, a filter used,
an event followed to its article's highlighted evidence, and a screenshot of
each page saved (into docs/screenshots/ for the README with `make screenshots`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.test_web import HOSTILE_ID, sample_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
# `make screenshots` refreshes the README's pictures; an ordinary run writes them aside so
# that testing leaves the work tree as it found it.
SHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("EVENTWIRE_SCREENSHOTS")
         else Path(tempfile.gettempdir()) / "eventwire-screenshots")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """`eventwire serve` over `db` on a free loopback port, as a subprocess; yields its base URL."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/index.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read() if proc.stdout and proc.poll() is not None else ""
                pytest.fail(f"eventwire serve did not start: {out[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _need_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: `apt-get install -y chromium` (make test does it as root)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The samples store alone: what the screenshots show."""
    _need_chromium()
    with serving(sample_store(tmp_path_factory, hostile=False)) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, server: str) -> Iterator[str]:
    """The samples plus the hostile article."""
    with serving(sample_store(tmp_path_factory, hostile=True)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as exc:  # a Chromium that cannot start here is a skip, not a failure of ours
            pytest.skip(f"Chromium at {CHROMIUM} could not be launched: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page that records console errors (a CSP violation shows there) and fails on any dialog."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=server)
    p = context.new_page()
    p.errors = []  # type: ignore[attr-defined]
    p.on("console", lambda m: m.type == "error" and p.errors.append(m.text))
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    p.on("dialog", lambda d: (p.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield p
    context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 1000, f"screenshot {target} is empty"


@pytest.mark.parametrize(("name", "path", "selector"), [
    ("home", "/", "dl.counts"),
    ("events", "/events", "table.events tr.event"),
    ("timeline", "/timeline?by=week", "svg#timeline rect"),
    ("network", "/network", "svg#network circle"),
    ("map", "/map", "svg#map .point circle"),
    ("articles", "/articles", "table.articles a"),
    ("entities", "/entities", "table.entities a"),
    ("actor", "/actor?name=Barack%20Obama", "#actor-events tr.event"),
    ("quotes", "/quotes", "blockquote.quote"),
    ("places", "/places", "table.places a"),
    ("relations", "/relations", "h1"),
    ("search", "/search?q=police", "mark"),
    ("docs", "/docs", "section.op"),
])
def test_each_page_opens_and_draws(page: Any, name: str, path: str, selector: str) -> None:
    response = page.goto(path)
    assert response.status == 200
    page.wait_for_selector(selector)
    assert page.locator(selector).count() > 0
    assert page.locator("a.twin").get_attribute("href").split("?")[0].endswith(".json")
    _shot(page, name)
    assert page.errors == []


def test_map_draws_country_outlines(page: Any) -> None:
    page.goto("/map?fit=world")
    assert page.locator("svg#map path.land").count() > 150
    assert page.locator("svg#map path.shade-4").count() >= 1  # the busiest country is shaded


def test_filter_events_by_type(page: Any) -> None:
    page.goto("/events")
    everything = page.locator("table.events tr.event").count()
    page.select_option("form.filters select[name=type]", "ASSAULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*type=ASSAULT*")
    rows = page.locator("table.events tr.event")
    assert 0 < rows.count() < everything
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.type)")) == {"ASSAULT"}
    assert page.locator("select[name=type]").input_value() == "ASSAULT"
    _shot(page, "events-filtered")
    assert page.errors == []


def test_timeline_bar_leads_to_its_events(page: Any) -> None:
    page.goto("/timeline")
    page.locator("svg#timeline a").first.click()
    page.wait_for_url("**/events?*")
    assert page.locator("table.events tr.event").count() > 0


def test_follow_an_event_to_its_highlighted_evidence(page: Any) -> None:
    page.goto("/events?type=ASSAULT")
    link = page.locator("table.events a.evidence").first
    trigger = link.inner_text()
    link.click()
    page.wait_for_url("**/articles/*#txt-ev-*")
    anchor = page.url.split("#", 1)[1]
    # The trigger is marked in the text right at the anchor, and links to its record.
    marked = page.locator(f"[id='{anchor}'] + a.hl")
    assert marked.is_visible()
    assert trigger.startswith(marked.inner_text()) or marked.inner_text() in trigger
    assert "hl-event" in (marked.get_attribute("class") or "")
    background = marked.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(page, "article")
    marked.click()
    record = page.locator(f"[id='rec-{anchor.removeprefix('txt-')}']")
    assert record.is_visible()
    assert page.locator("#text .hl-entity").count() > 0 and page.locator("#text .hl-place").count() > 0
    assert page.errors == []


def test_network_node_leads_to_the_actor(page: Any) -> None:
    page.goto("/network")
    page.locator("svg#network a.node").first.click()
    page.wait_for_url("**/actor?name=*")
    assert page.locator("#actor-events tr.event").count() > 0


def test_quick_search(page: Any) -> None:
    page.goto("/")
    page.fill("header form.quick input[name=q]", "sanctions")
    page.press("header form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=sanctions")
    assert page.locator("#article-hits .hit").count() > 0


def test_hostile_article_runs_nothing(page: Any, hostile_server: str) -> None:
    page.goto(f"{hostile_server}/articles/{HOSTILE_ID}")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert "<script>alert(1)</script>" in page.locator("#text").inner_text()
    assert page.locator("#text img, h1 img, script").count() == 0
    page.goto(f"{hostile_server}/search?q=%3Cscript%3E")
    assert page.locator("#article-hits .hit").count() == 1
    page.goto(f"{hostile_server}/network")
    assert page.locator("svg#network img, script").count() == 0
    assert page.errors == []
