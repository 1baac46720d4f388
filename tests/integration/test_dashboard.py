"""The dashboard in headless Chromium against a real worker: replay, live update, inert XSS.

Needs Debian's `chromium` (tests/run.sh installs it) and the `playwright` package; it never
downloads a browser. Screenshots go to each test's tmp_path.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from streams.cli import sample_feed_path
from streams.local import free_port
from tests.integration.conftest import start_pipeline

pytestmark = pytest.mark.integration
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (tests/run.sh installs it as root)", allow_module_level=True)
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, headless; never a browser downloaded by `playwright install`."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="module")
def deployment(broker, redis_server, tmp_path_factory):
    """A worker and `wiredesk dashboard` on fresh topics; yields (pipeline, dashboard URL)."""
    p = start_pipeline(broker, redis_server, tmp_path_factory.mktemp("workers"), partitions=2)
    port = free_port()
    log = open(p.log_dir / "dashboard.log", "wb")
    dash = subprocess.Popen([sys.executable, "-m", "streams.cli", "dashboard", "--port", str(port)], env=p.env,
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=1) as resp:
                if json.load(resp)["consumer"] == "reading":
                    break
        except OSError:
            pass
        assert dash.poll() is None and time.monotonic() < deadline, f"dashboard did not start: {p.log_dir}"
        time.sleep(0.3)
    yield p, url
    dash.terminate()
    dash.wait(10)
    p.stop()


@pytest.fixture
def dialogs(page) -> list[str]:
    """Every JavaScript dialog (alert, confirm…) the page opens; none is expected."""
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen


def cards(page):
    return page.locator(".incident-card")


def test_page_loads_then_incidents_appear_after_a_replay(deployment, page, dialogs, tmp_path):
    p, url = deployment
    page.goto(url)
    expect(page.locator("#status")).to_have_text("live")
    expect(page.locator("#incidents .empty")).to_contain_text("No incidents yet")
    page.screenshot(path=tmp_path / "01-empty.png", full_page=True)

    p.produce([ln for ln in sample_feed_path().read_bytes().splitlines() if ln.strip()])
    expect(cards(page)).to_have_count(4, timeout=240_000)  # without a reload (3 incidents, 1 story)
    dayton = cards(page).filter(has_text="Dayton, Ohio, United States")
    expect(dayton).to_have_count(1)
    expect(dayton).to_contain_text("fire")
    expect(dayton).to_contain_text("killed")
    expect(dayton).to_contain_text("apnews.com")
    expect(page.locator("#type-chart .bar")).to_have_count(4)  # fire, protest, shooting, other
    page.screenshot(path=tmp_path / "02-after-replay.png", full_page=True)

    dayton.click()  # the incident view: sources with links, claims by speaker, entities, timeline
    detail = page.locator("#detail")
    expect(detail.locator('.sources a[href="https://example.org/ap/dayton-warehouse-fire"]')).to_have_count(1)
    expect(detail.locator(".speaker h4").first).to_be_visible()
    expect(detail.locator(".entities li").first).to_be_visible()
    expect(detail.locator(".timeline li")).to_have_count(int(dayton.locator(".version").inner_text()[1:]))

    page.select_option("#filter-type", "shooting")  # filters
    expect(cards(page)).to_have_count(1)
    expect(cards(page)).to_contain_text("Lubbock")
    page.select_option("#filter-type", "")
    page.fill("#filter-place", "nairobi")
    expect(cards(page)).to_have_count(1)
    page.fill("#filter-place", "montgomery county")  # Dayton's county, not shown on the card
    expect(cards(page)).to_have_count(1)
    expect(cards(page)).to_contain_text("Dayton")
    page.fill("#filter-place", "")
    page.fill("#filter-text", "Reyes")  # a speaker's name, only in the shooting's claims
    expect(cards(page)).to_have_count(1)
    expect(cards(page)).to_contain_text("Lubbock")
    page.fill("#filter-text", "")
    page.screenshot(path=tmp_path / "03-incident-view.png", full_page=True)
    assert dialogs == []


def test_an_update_arrives_live(deployment, page, dialogs, tmp_path):
    p, url = deployment
    page.goto(url)  # a late-joining page: the snapshot brings the current incidents
    expect(cards(page)).to_have_count(4, timeout=60_000)
    dayton = cards(page).filter(has_text="Dayton, Ohio, United States")
    dayton.click()
    before = int(dayton.locator(".version").inner_text()[1:])
    n_sources = len(page.locator("#detail .sources li").all())
    page.evaluate("window.__sameDocument = true")

    # A republished copy under another id joins the Dayton incident: a new version, one more source.
    original = json.loads(sample_feed_path().read_text().splitlines()[0])
    copy = {**original, "id": "dashboard-copy-1", "source": "copydesk.example", "url": "https://example.org/copy/1"}
    p.produce([json.dumps(copy).encode()])

    expect(dayton.locator(".version")).to_have_text(f"v{before + 1}", timeout=120_000)
    expect(page.locator("#detail .sources li")).to_have_count(n_sources + 1)
    expect(page.locator("#detail .timeline li")).to_have_count(before + 1)
    expect(page.locator("#detail")).to_contain_text("copydesk.example")
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    page.screenshot(path=tmp_path / "04-live-update.png", full_page=True)
    assert dialogs == []


def test_a_script_headline_shows_as_text(deployment, page, dialogs, tmp_path):
    p, url = deployment
    page.goto(url)
    expect(cards(page)).to_have_count(4, timeout=60_000)
    article = {"id": "xss-1", "headline": XSS, "source": "<b>evil</b>.example", "url": "javascript:alert(3)",
               "published_at": "2026-04-06T09:00:00Z",
               "body": "BOISE, Idaho (AP) — A gunman opened fire at a shopping mall in Boise, Idaho, on Monday, "
                       "killing two people and wounding three others, police said.\n\n\"<script>alert(2)</script> "
                       "We heard shots and everyone ran,\" witness Dana Miller said."}
    p.produce([json.dumps(article).encode()])
    card = cards(page).filter(has_text=XSS)
    expect(card).to_have_count(1, timeout=120_000)
    expect(card.locator("h2")).to_have_text(XSS)
    card.click()
    detail = page.locator("#detail")
    expect(detail.locator("h2.title")).to_have_text(XSS)
    expect(detail).to_contain_text("<b>evil</b>.example")
    assert page.locator("img").count() == 0 and page.locator("b").count() == 0
    assert page.locator("script:not([src])").count() == 0
    assert detail.locator("a[href^='javascript']").count() == 0  # the javascript: URL is plain text
    page.wait_for_timeout(500)  # an onerror handler would have fired by now
    page.screenshot(path=tmp_path / "05-xss-inert.png", full_page=True)
    assert dialogs == []
