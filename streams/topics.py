"""Every topic wiredesk reads or writes: names, roles and creation, in one place.

    >>> names(prefix="staging.")["articles"]
    'staging.wire.articles'
"""
from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)

#: role -> base name. The roles are what code refers to; names are what Kafka sees.
TOPICS: dict[str, str] = {
    "articles": "wire.articles",      # input (contract): raw JSON wire articles, key = article id
    "enriched": "wire.enriched",      # enrich -> resolve: per-article NLP output
    "annotated": "wire.annotated",    # output (contract): per-article record
    "incidents": "incidents.events",  # output: incident created/updated events
    "claims": "claims.events",        # output: one event per claim contributed by an article
    "deadletter": "wire.deadletter",  # output: bad input, raw bytes + stage + reason + error
}


def names(prefix: str = "") -> dict[str, str]:
    """Role -> full topic name with ``prefix`` applied."""
    return {role: prefix + base for role, base in TOPICS.items()}


class BrokerUnavailable(RuntimeError):
    """No Kafka broker answered at the configured address."""


def admin_client(bootstrap_servers: list[str], **client_config):
    """A kafka-python admin client, or :class:`BrokerUnavailable` with the address in the message."""
    from kafka.admin import KafkaAdminClient
    from kafka.errors import KafkaTimeoutError

    try:
        return KafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="wiredesk-admin", **client_config)
    except KafkaTimeoutError:
        raise BrokerUnavailable(
            f"no Kafka broker answers at {','.join(bootstrap_servers)} (WIREDESK_KAFKA_BROKER)") from None


def wait_for_broker(bootstrap_servers: list[str], timeout: float | None = None, every: float = 5.0,
                    say=log.warning) -> None:
    """Block until one bootstrap address accepts TCP connections, saying so every ``every`` seconds.

    Raises :class:`BrokerUnavailable` after ``timeout`` seconds (None: wait forever). A worker
    started before its broker waits with a clear message instead of a stack trace.
    """
    import socket

    started = time.monotonic()
    last_said = -every
    while True:
        for address in bootstrap_servers:
            host, _, port = address.rpartition(":")
            try:
                with socket.create_connection((host.strip("[]"), int(port)), timeout=2):
                    return
            except OSError:
                continue
        waited = time.monotonic() - started
        if timeout is not None and waited >= timeout:
            raise BrokerUnavailable(f"no Kafka broker answers at {','.join(bootstrap_servers)} "
                                    f"(WIREDESK_KAFKA_BROKER) after {waited:.0f} s")
        if waited - last_said >= every:
            say("waiting for the Kafka broker at %s (WIREDESK_KAFKA_BROKER)… %.0f s", ",".join(bootstrap_servers),
                waited)
            last_said = waited
        time.sleep(0.5)


def ensure_topics_for(settings) -> list[str]:
    """:func:`ensure_topics` with everything taken from ``settings`` (address, prefix, security)."""
    from streams.security import kafka_python_config

    return ensure_topics(settings.bootstrap_servers, settings.topic_prefix, settings.topic_partitions,
                         **kafka_python_config(settings))


def ensure_topics(bootstrap_servers: list[str], prefix: str = "", partitions: int = 4,
                  **client_config) -> list[str]:
    """Create the topics that do not exist yet (idempotent); return the names created.

    Faust would create them on start too, but a producer that comes first (``wiredesk replay``)
    must not race it into an auto-created one-partition topic.
    """
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = admin_client(bootstrap_servers, **client_config)
    try:
        existing = set(admin.list_topics())
        wanted = [n for n in names(prefix).values() if n not in existing]
        if wanted:
            try:
                admin.create_topics([NewTopic(n, partitions, 1) for n in wanted])
            except TopicAlreadyExistsError:  # another process won the race: fine
                pass
            log.info("created topics %s", wanted)
        return wanted
    finally:
        admin.close()
