"""Kafka SASL/SSL and Redis TLS from Settings, for each client library wiredesk uses.

One mapping per library, so every producer, consumer, admin client and the Faust app connect
the same way. Secrets go from the settings into the clients and nowhere else (``Settings.masked``
is what gets printed).
"""
from __future__ import annotations

import ssl
from typing import Any

from streams.settings import Settings


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """Client TLS context for Kafka, or None for PLAINTEXT / SASL_PLAINTEXT."""
    if not settings.kafka_security_protocol.endswith("SSL"):
        return None
    context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile)
    if settings.kafka_ssl_certfile:
        context.load_cert_chain(settings.kafka_ssl_certfile, settings.kafka_ssl_keyfile)
    return context


def kafka_python_config(settings: Settings) -> dict[str, Any]:
    """kafka-python keyword arguments (KafkaProducer, KafkaConsumer, KafkaAdminClient).

    >>> kafka_python_config(Settings())
    {'security_protocol': 'PLAINTEXT'}
    """
    conf: dict[str, Any] = {"security_protocol": settings.kafka_security_protocol}
    if settings.kafka_security_protocol.startswith("SASL"):
        conf.update(sasl_mechanism=settings.kafka_sasl_mechanism, sasl_plain_username=settings.kafka_sasl_username,
                    sasl_plain_password=settings.kafka_sasl_password)
    if settings.kafka_security_protocol.endswith("SSL"):
        conf.update(ssl_cafile=settings.kafka_ssl_cafile, ssl_certfile=settings.kafka_ssl_certfile,
                    ssl_keyfile=settings.kafka_ssl_keyfile, ssl_check_hostname=True)
    return conf


def faust_credentials(settings: Settings):
    """Faust's ``broker_credentials`` (None for PLAINTEXT)."""
    import faust

    protocol = settings.kafka_security_protocol
    if protocol.startswith("SASL"):
        return faust.SASLCredentials(username=settings.kafka_sasl_username, password=settings.kafka_sasl_password,
                                     mechanism=settings.kafka_sasl_mechanism, ssl_context=ssl_context(settings))
    if protocol == "SSL":
        return faust.SSLCredentials(ssl_context(settings))
    return None


def redis_options(settings: Settings) -> dict[str, Any]:
    """Extra redis-py options: the CA for ``rediss://`` (AUTH comes from the URL itself).

    >>> redis_options(Settings(redis_url="rediss://:pw@r:6380/0", redis_ssl_cafile="/ca.pem"))
    {'ssl_ca_certs': '/ca.pem'}
    """
    if settings.redis_url and settings.redis_url.startswith("rediss://") and settings.redis_ssl_cafile:
        return {"ssl_ca_certs": settings.redis_ssl_cafile}
    return {}
