"""The dashboard server over HTTP (aiohttp test server, no Kafka: the test feeds the hub)."""
from __future__ import annotations

import asyncio
import json
import re

from aiohttp.test_utils import TestClient, TestServer

from streams.settings import Settings
from streams.web.server import STATIC, Hub, make_app
from tests.conftest import run_async
from tests.web.test_store import event

XSS = "<img src=x onerror=alert(1)>"


def run(coro_fn):
    async def main():
        hub = Hub()
        client = TestClient(TestServer(make_app(Settings(), hub, consume=False)))
        await client.start_server()
        try:
            return await coro_fn(client, hub)
        finally:
            await client.close()

    return run_async(main())


async def read_events(resp, n: int, timeout: float = 5.0) -> list[tuple[str, dict]]:
    """The next ``n`` server-sent events of ``resp``."""
    out, name = [], None
    while len(out) < n:
        line = (await asyncio.wait_for(resp.content.readline(), timeout)).decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            out.append((name, json.loads(line[6:])))
    return out


def test_a_late_page_gets_the_snapshot_then_live_updates():
    async def scenario(client, hub):
        hub.publish(event("i1", 1, title=XSS))
        resp = await client.get("/events")
        assert resp.headers["Content-Type"].startswith("text/event-stream")
        [(name, data)] = await read_events(resp, 1)
        assert name == "snapshot" and [i["title"] for i in data["incidents"]] == [XSS]
        hub.publish(event("i1", 2, "a2", killed=4))
        hub.publish(event("i1", 2, "a2", killed=4))  # redelivered: not pushed again
        hub.publish(event("i2", 1))
        got = await read_events(resp, 2)
        assert [(n, d["incident"]["incident_id"], d["incident"]["version"]) for n, d in got] == \
            [("incident", "i1", 2), ("incident", "i2", 1)]
        assert [t["version"] for t in got[0][1]["incident"]["timeline"]] == [1, 2]
        resp.close()

    run(scenario)


def test_api_and_page_headers():
    async def scenario(client, hub):
        hub.publish(event("i1", 1))
        listing = await (await client.get("/api/incidents")).json()
        assert [i["incident_id"] for i in listing] == ["i1"]
        one = await client.get("/api/incidents/i1")
        assert (await one.json())["timeline"][0]["version"] == 1
        assert (await client.get("/api/incidents/nope")).status == 404
        page = await client.get("/")
        csp = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert (await client.get("/static/app.js")).status == 200
        health = await (await client.get("/healthz")).json()
        assert health["incidents"] == 1

    run(scenario)


def test_page_script_never_builds_markup_from_strings():
    """Article text reaches the DOM through textContent only: no HTML parsing sinks in the script."""
    js = (STATIC / "app.js").read_text()
    code = "\n".join(line for line in js.splitlines() if not line.strip().startswith("//"))
    sinks = re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", code)
    assert not sinks, sinks
    html = (STATIC / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script in index.html"
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the page loads something from elsewhere"
