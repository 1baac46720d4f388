"""The dashboard server: incidents.events -> memory -> browsers, over server-sent events.

A kafka-python consumer thread reads ``incidents.events`` from the beginning (every partition,
no consumer group, nothing committed) and hands each message to the event loop. The ``Hub``
keeps the latest state per incident (``IncidentStore``) and pushes each change to every open
page. A page that connects gets a ``snapshot`` event with all current incidents first, then one
``incident`` event per change.

Routes: ``/`` (the page), ``/static/*``, ``/events`` (SSE), ``/api/incidents``,
``/api/incidents/{id}`` (with its timeline), ``/healthz``.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import web

from streams.settings import Settings
from streams.topics import names
from streams.web.store import IncidentStore

log = logging.getLogger(__name__)

STATIC = Path(str(resources.files("streams.web").joinpath("static")))
KEEPALIVE_SECONDS = 15.0
CLIENT_QUEUE = 1000  # events buffered per page; a page that falls further behind is dropped
# Nothing on the page may come from elsewhere, and no script may be inline: article text that
# slipped into markup could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Page:
    """One open event stream: its queue, and whether the hub has dropped it."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue = asyncio.Queue(CLIENT_QUEUE)
        self.closed = False

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(("bye", {}))  # wakes the handler up


class Hub:
    """The incident store plus the open pages. Runs on the event loop only."""

    def __init__(self, limit: int = 500):
        self.store = IncidentStore(limit)
        self.clients: set[Page] = set()
        self.events_read = 0
        self.consumer_state = "starting"

    def publish(self, event: dict[str, Any]) -> None:
        self.events_read += 1
        view = self.store.apply(event)
        if view is None:
            return
        message = ("incident", {"kind": event.get("kind"), "incident": view})
        for page in list(self.clients):
            try:
                page.queue.put_nowait(message)
            except asyncio.QueueFull:  # a stalled page: drop it; it reconnects and gets a snapshot
                self.unsubscribe(page)
                page.closed = True

    def subscribe(self) -> Page:
        page = Page()
        self.clients.add(page)
        return page

    def unsubscribe(self, page: Page) -> None:
        self.clients.discard(page)


class IncidentFeed(threading.Thread):
    """Reads incidents.events from the beginning and calls ``deliver(event)`` on the loop."""

    def __init__(self, settings: Settings, hub: Hub, loop: asyncio.AbstractEventLoop):
        super().__init__(name="incident-feed", daemon=True)
        self.settings, self.hub, self.loop = settings, hub, loop
        self.topic = names(settings.topic_prefix)["incidents"]
        self.stopping = threading.Event()

    def _state(self, state: str) -> None:
        self.loop.call_soon_threadsafe(setattr, self.hub, "consumer_state", state)

    def run(self) -> None:
        from streams.clients import consumer

        delay = 1.0
        while not self.stopping.is_set():
            cons = None
            try:
                cons = consumer(self.settings, self.topic, client_id="wiredesk-dashboard")
                self._state("reading")
                delay = 1.0
                while not self.stopping.is_set():
                    for batch in cons.poll(timeout_ms=500).values():
                        for msg in batch:
                            try:
                                event = json.loads(msg.value)
                            except ValueError:
                                log.warning("not JSON at %s[%s]@%s", msg.topic, msg.partition, msg.offset)
                                continue
                            self.loop.call_soon_threadsafe(self.hub.publish, event)
            except Exception as exc:  # noqa: BLE001 - broker away, topic missing: wait and start over
                log.warning("reading %s failed (%s); retrying in %.0f s", self.topic, exc, delay)
                self._state(f"retrying: {exc}")
                # the store drops what it already has, so reading from the beginning again is safe
                self.stopping.wait(delay)
                delay = min(delay * 2, 30.0)
            finally:
                if cons is not None:
                    cons.close()


SETTINGS = web.AppKey("settings", Settings)
HUB = web.AppKey("hub", Hub)
FEED = web.AppKey("feed", IncidentFeed)


# ----------------------------------------------------------------------------- handlers
async def index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": CSP,
                                                             "Cache-Control": "no-cache"})


async def incidents(request: web.Request) -> web.Response:
    return web.json_response(request.app[HUB].store.snapshot(), dumps=_json)


async def incident(request: web.Request) -> web.Response:
    view = request.app[HUB].store.view(request.match_info["incident_id"])
    if view is None:
        raise web.HTTPNotFound(text="no such incident")
    return web.json_response(view, dumps=_json)


async def healthz(request: web.Request) -> web.Response:
    hub: Hub = request.app[HUB]
    return web.json_response({"consumer": hub.consumer_state, "events_read": hub.events_read,
                              "incidents": len(hub.store), "pages": len(hub.clients),
                              "topic": names(request.app[SETTINGS].topic_prefix)["incidents"]})


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: ``snapshot`` (all incidents) first, then ``incident`` per change."""
    hub: Hub = request.app[HUB]
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                                       "X-Accel-Buffering": "no"})
    await resp.prepare(request)
    page = hub.subscribe()
    try:
        await _send(resp, "snapshot", {"incidents": hub.store.snapshot()})
        while not page.closed:
            try:
                name, data = await asyncio.wait_for(page.queue.get(), KEEPALIVE_SECONDS)
            except asyncio.TimeoutError:
                await resp.write(b": keep-alive\n\n")
                continue
            if not page.closed:
                await _send(resp, name, data)
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    finally:
        hub.unsubscribe(page)
    return resp


async def _send(resp: web.StreamResponse, name: str, data: Any) -> None:
    # JSON has no raw newlines, so one `data:` line carries the whole event
    await resp.write(f"event: {name}\ndata: {_json(data)}\n\n".encode("utf-8"))


@web.middleware
async def security_headers(request: web.Request, handler):
    resp = await handler(request)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "no-referrer")
    return resp


def make_app(settings: Settings, hub: Hub | None = None, consume: bool = True) -> web.Application:
    """The aiohttp application. ``consume=False`` leaves feeding the hub to the caller (tests)."""
    app = web.Application(middlewares=[security_headers])
    app[SETTINGS] = settings
    app[HUB] = hub or Hub(settings.dashboard_max_incidents)
    app.router.add_get("/", index)
    app.router.add_get("/events", events)
    app.router.add_get("/api/incidents", incidents)
    app.router.add_get("/api/incidents/{incident_id}", incident)
    app.router.add_get("/healthz", healthz)
    app.router.add_static("/static/", STATIC, append_version=False)
    if consume:
        app.on_startup.append(_start_feed)
        app.on_shutdown.append(_stop_feed)
    return app


async def _start_feed(app: web.Application) -> None:
    feed = IncidentFeed(app[SETTINGS], app[HUB], asyncio.get_running_loop())
    app[FEED] = feed
    feed.start()


async def _stop_feed(app: web.Application) -> None:
    feed: IncidentFeed = app[FEED]
    feed.stopping.set()
    await asyncio.to_thread(feed.join, 5)
    for page in list(app[HUB].clients):  # end the open event streams
        page.close()


def serve(settings: Settings, host: str, port: int) -> None:
    """Run the dashboard until interrupted."""
    started = time.monotonic()
    log.info("dashboard on http://%s:%s/ reading %s", host, port, names(settings.topic_prefix)["incidents"])
    web.run_app(make_app(settings), host=host, port=port, print=None, shutdown_timeout=3)
    log.info("dashboard stopped after %.0f s", time.monotonic() - started)
