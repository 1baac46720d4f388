"""kafka-python producers and consumers for the CLI (replay, tail, up), configured from Settings."""
from __future__ import annotations

import json
from typing import Any

from streams.security import kafka_python_config
from streams.settings import Settings


def producer(settings: Settings, **overrides: Any):
    from kafka import KafkaProducer

    conf: dict[str, Any] = {"bootstrap_servers": settings.bootstrap_servers, "acks": "all", "linger_ms": 5,
                            "client_id": "wiredesk-cli", **kafka_python_config(settings)}
    if settings.is_local:  # tansu misreports end offsets of batched produce (ENVIRONMENT.md)
        conf.update(batch_size=1, linger_ms=0)
    conf.update(overrides)
    return KafkaProducer(**conf)


def consumer(settings: Settings, *topics: str, group: str | None = None, from_beginning: bool = True,
             **overrides: Any):
    """A consumer of every partition of ``topics``.

    With ``group`` it joins that consumer group and commits. Without, it reads the partitions
    directly (no group, no rebalance wait, nothing committed): what tail, up and tests want.
    """
    from kafka import KafkaConsumer, TopicPartition

    conf: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "group_id": group,
        "enable_auto_commit": group is not None,
        "auto_offset_reset": "earliest" if from_beginning else "latest",
        "client_id": "wiredesk-cli",
        **kafka_python_config(settings),
    }
    if settings.is_local:
        conf.update(session_timeout_ms=6000, heartbeat_interval_ms=1000)
    conf.update(overrides)
    if group is not None:
        return KafkaConsumer(*topics, **conf)
    cons = KafkaConsumer(**conf)
    partitions = []
    for topic in topics:
        ids = _partitions(cons, topic)
        partitions += [TopicPartition(topic, p) for p in sorted(ids)]
    cons.assign(partitions)
    if from_beginning:
        cons.seek_to_beginning(*partitions)
    else:
        cons.seek_to_end(*partitions)
    return cons


def _partitions(cons, topic: str, timeout: float = 30.0) -> set[int]:
    """Partition ids of ``topic`` (waits for metadata; the topic must exist)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        ids = cons.partitions_for_topic(topic)
        if ids:
            return ids
        if time.monotonic() > deadline:
            raise LookupError(f"topic {topic!r} does not exist")
        cons.topics()  # refresh metadata
        time.sleep(0.2)


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
