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


def create_app(settings: Settings | None = None) -> Wiring:
    """Build the app, declare its topics and register the agents."""
    from streams.agents import register_agents
    from streams.web.metrics import register_metrics_page

    settings = settings or Settings.from_env()
    app = faust.App(settings.app_id, **faust_config(settings))
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
