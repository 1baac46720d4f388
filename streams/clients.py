"""kafka-python producers and consumers for the CLI (replay, tail, up), configured from Settings."""
from __future__ import annotations

import json
import uuid
from typing import Any

from streams.settings import Settings


def producer(settings: Settings, **overrides: Any):
    from kafka import KafkaProducer

    conf: dict[str, Any] = {"bootstrap_servers": settings.bootstrap_servers, "acks": "all", "linger_ms": 5,
                            "client_id": "wiredesk-cli"}
    if settings.is_local:  # tansu misreports end offsets of batched produce (ENVIRONMENT.md)
        conf.update(batch_size=1, linger_ms=0)
    conf.update(overrides)
    return KafkaProducer(**conf)


def consumer(settings: Settings, *topics: str, group: str | None = None, from_beginning: bool = True,
             **overrides: Any):
    """A consumer of ``topics``; without ``group`` it joins a throwaway group and commits nothing."""
    from kafka import KafkaConsumer

    conf: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "group_id": group or f"wiredesk-cli-{uuid.uuid4().hex[:8]}",
        "enable_auto_commit": group is not None,
        "auto_offset_reset": "earliest" if from_beginning else "latest",
        "client_id": "wiredesk-cli",
    }
    if settings.is_local:
        conf.update(session_timeout_ms=6000, heartbeat_interval_ms=1000)
    conf.update(overrides)
    return KafkaConsumer(*topics, **conf)


def article_key(line: bytes) -> bytes | None:
    """The message key for a raw feed line: its ``id`` when it is a JSON object with one.

    >>> article_key(b'{"id": "a1", "body": "x"}'), article_key(b'not json')
    (b'a1', None)
    """
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse
        return None
    key = data.get("id") if isinstance(data, dict) else None
    return key.encode("utf-8") if isinstance(key, str) else None
