"""The Faust application: settings -> app with its topics and agents.

``create_app`` is the only place a Faust app is configured; ``wiredesk worker`` calls it. For
Faust's own CLI there is a module-level app built from the environment on first access:
``faust -A streams.app:app worker --without-web``.
"""
from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from typing import Any

import faust

from streams.security import faust_credentials
from streams.settings import Settings
from streams.topics import names

log = logging.getLogger(__name__)


@dataclass
class Wiring:
    """What the agents need: the app, its topics by role, and the settings."""

    app: faust.App
    topics: dict[str, faust.TopicT]
    settings: Settings


def faust_config(settings: Settings) -> dict[str, Any]:
    """Faust settings for ``settings``; the `local` profile carries the tansu workarounds."""
    conf: dict[str, Any] = {
        "broker": settings.kafka_url,
        "topic_partitions": settings.topic_partitions,
        "topic_allow_declare": True,
        "topic_disable_leader": True,
        "web_host": settings.web_host,
        "web_bind": settings.web_host,
        "web_port": settings.web_port,
        "datadir": tempfile.gettempdir() + f"/wiredesk-{settings.app_id}",
        "consumer_auto_offset_reset": "earliest",
        "processing_guarantee": "at_least_once",
        "autodiscover": False,
        "store": "memory://",
    }
    credentials = faust_credentials(settings)
    if credentials is not None:
        conf["broker_credentials"] = credentials
    if settings.is_local:
        # tansu reports wrong end offsets for batched produce and makes group joins wait
        # session_timeout / 2: see ENVIRONMENT.md.
        conf.update(producer_max_batch_size=1, broker_session_timeout=6, broker_heartbeat_interval=1,
                    broker_rebalance_timeout=6)
    return conf


#: Fetch wait of the worker's consumers with the local profile. tansu holds a waiting fetch until
#: its wait ends, even when data arrives meanwhile (a consumer already waiting saw a new message
#: after 0.37 s at the median, 0.7 s at worst, with Faust's fixed 1.5 s wait; 8 ms with 50 ms), so
#: each Kafka hop of the pipeline added a third of a second. Real Kafka answers at once.
LOCAL_FETCH_MAX_WAIT_MS = 50


def _patch_fetch_wait() -> None:
    """Let an app choose its aiokafka consumers' fetch wait (Faust fixes 1.5 s): the consumer of an
    app with ``_wiredesk_fetch_wait_ms`` gets that wait, read by ``AIOKafkaConsumer.start()``.
    Installed once per process; inert for apps without the attribute. A local-profile workaround
    for a broker quirk, checked against the pinned faust-streaming and aiokafka by
    tests/streams/test_app.py."""
    from faust.transport.drivers import aiokafka as driver

    thread_cls = driver.AIOKafkaConsumerThread
    if getattr(thread_cls, "_wiredesk_patched", False):
        return
    original = thread_cls._create_worker_consumer

    def create(self, transport):
        consumer = original(self, transport)
        wait_ms = getattr(self.app, "_wiredesk_fetch_wait_ms", None)
        if wait_ms is not None:
            consumer._fetch_max_wait_ms = wait_ms
        return consumer

    thread_cls._create_worker_consumer = create
    thread_cls._wiredesk_patched = True


def create_app(settings: Settings | None = None) -> Wiring:
    """Build the app, declare its topics and register the agents."""
    from streams.agents import register_agents
    from streams.web.metrics import register_metrics_page

    settings = settings or Settings.from_env()
    app = faust.App(settings.app_id, **faust_config(settings))
    if settings.is_local:
        _patch_fetch_wait()
        app._wiredesk_fetch_wait_ms = LOCAL_FETCH_MAX_WAIT_MS
    topics = {
        role: app.topic(name, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw",
                        partitions=settings.topic_partitions)
        for role, name in names(settings.topic_prefix).items()
    }
    wiring = Wiring(app=app, topics=topics, settings=settings)
    register_agents(wiring)
    register_metrics_page(wiring)  # GET /metrics on the worker's web server
    return wiring


def __getattr__(name: str):  # `faust -A streams.app:app`
    if name == "app":
        return create_app().app
    raise AttributeError(name)
