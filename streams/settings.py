"""Every setting, from ``WIREDESK_*`` environment variables, in one frozen object.

    >>> s = Settings.from_env({"WIREDESK_KAFKA_BROKER": "localhost:9092"})
    >>> s.kafka_url
    'kafka://localhost:9092'
    >>> Settings.from_env({"WIREDESK_REDIS_URL": "redis://:hunter2@r:6379/0"}).masked()["redis_url"]
    'redis://:****@r:6379/0'
"""
from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from typing import Any

PREFIX = "WIREDESK_"
SECURITY_PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
SECRET_FIELDS = frozenset({"kafka_sasl_password"})


class SettingsError(ValueError):
    """A WIREDESK_* variable has a value that cannot be used."""


def _field(env: str, default: Any, doc: str) -> Any:
    return dataclasses.field(default=default, metadata={"env": PREFIX + env, "doc": doc})


@dataclasses.dataclass(frozen=True)
class Settings:
    kafka_broker: str | None = _field(
        "KAFKA_BROKER", None,
        "Kafka bootstrap server, host:port or kafka://host:port (comma-separated for several). "
        "Unset: `wiredesk up` / the tests start an embedded tansu broker.")
    redis_url: str | None = _field(
        "REDIS_URL", None,
        "Redis URL (redis:// or rediss://). Unset: `wiredesk up` / `process` start an embedded redis-server.")
    profile: str = _field(
        "PROFILE", "production",
        "`local` applies the settings the embedded tansu broker needs (producer batch size 1, "
        "6 s session timeout, 50 ms fetch wait); `production` is for Apache Kafka.")
    app_id: str = _field("APP_ID", "wiredesk", "Faust application id = Kafka consumer group prefix.")
    topic_prefix: str = _field("TOPIC_PREFIX", "", "Prefix for every topic name (e.g. `staging.`).")
    topic_partitions: int = _field("TOPIC_PARTITIONS", 4, "Partitions of the topics wiredesk creates.")
    namespace: str = _field("NAMESPACE", "wiredesk", "Prefix of every Redis key.")
    state_ttl_days: float = _field("STATE_TTL_DAYS", 30.0, "Time to live of every Redis key, in days.")
    redelivery_ttl: int = _field(
        "REDELIVERY_TTL", 3600,
        "Seconds an article's full result (record and events) stays in Redis, so that a redelivered "
        "article returns it byte for byte; afterwards a compact receipt rebuilds it (see Reliability).")
    incident_window_days: int = _field(
        "INCIDENT_WINDOW_DAYS", 3, "Reports of the same type and place within this many days are one incident.")
    max_body_bytes: int = _field("MAX_BODY_BYTES", 1_000_000, "Larger article bodies are dead-lettered.")
    batch_size: int = _field("BATCH_SIZE", 32, "Articles per spaCy batch in the enrich agent.")
    batch_within: float = _field(
        "BATCH_WITHIN", 0.02, "Seconds the enrich agent waits to fill a batch: a backlog fills it at once, and "
        "a trickle is parsed as it comes instead of waiting (latency).")
    nlp_processes: int = _field(
        "NLP_PROCESSES", 1, "spaCy worker processes per Faust worker (0 = parse in a thread of the worker).")
    extract_processes: str = _field(
        "EXTRACT_PROCESSES", "auto",
        "Processes that extract entities, claims and facts from the spaCy processes' parses (0 = the spaCy "
        "processes extract too). `auto`: 1 when the spaCy processes leave a CPU core free, else 0.")
    web_host: str = _field("WEB_HOST", "127.0.0.1", "Address the worker's web server binds.")
    web_port: int = _field("WEB_PORT", 6066, "Port of the worker's web server.")
    log_level: str = _field("LOG_LEVEL", "info", "Log level of the worker.")
    dashboard_host: str = _field("DASHBOARD_HOST", "127.0.0.1", "Address `wiredesk dashboard` binds.")
    dashboard_port: int = _field("DASHBOARD_PORT", 8080, "Port of `wiredesk dashboard`.")
    dashboard_max_incidents: int = _field(
        "DASHBOARD_MAX_INCIDENTS", 500, "Incidents the dashboard keeps in memory (the most recently updated).")
    kafka_security_protocol: str = _field(
        "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
    kafka_sasl_mechanism: str = _field(
        "KAFKA_SASL_MECHANISM", "PLAIN", "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
    kafka_sasl_username: str | None = _field("KAFKA_SASL_USERNAME", None, "SASL user name.")
    kafka_sasl_password: str | None = _field("KAFKA_SASL_PASSWORD", None, "SASL password (never printed).")
    kafka_ssl_cafile: str | None = _field("KAFKA_SSL_CAFILE", None, "CA bundle that signs the brokers' certificates.")
    kafka_ssl_certfile: str | None = _field("KAFKA_SSL_CERTFILE", None, "Client certificate (mutual TLS).")
    kafka_ssl_keyfile: str | None = _field("KAFKA_SSL_KEYFILE", None, "Client private key (mutual TLS).")
    redis_ssl_cafile: str | None = _field(
        "REDIS_SSL_CAFILE", None, "CA bundle for a `rediss://` Redis (default: the system's).")
    broker_wait_seconds: float = _field(
        "BROKER_WAIT_SECONDS", 0.0,
        "How long a starting worker waits for an unreachable broker, saying so every 5 s (0 = forever).")

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.profile not in {"local", "production"}:
            raise SettingsError(f"{PREFIX}PROFILE must be `local` or `production`, not {self.profile!r}")
        for name in ("topic_partitions", "batch_size", "max_body_bytes", "incident_window_days"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{PREFIX}{name.upper()} must be >= 1")
        if self.nlp_processes < 0:
            raise SettingsError(f"{PREFIX}NLP_PROCESSES must be >= 0")
        if self.extract_processes != "auto" and not self.extract_processes.isdigit():
            raise SettingsError(f"{PREFIX}EXTRACT_PROCESSES must be `auto` or a number >= 0, "
                                f"not {self.extract_processes!r}")
        if self.kafka_security_protocol not in SECURITY_PROTOCOLS:
            raise SettingsError(f"{PREFIX}KAFKA_SECURITY_PROTOCOL must be one of {', '.join(SECURITY_PROTOCOLS)}")
        if self.kafka_security_protocol.startswith("SASL"):
            if self.kafka_sasl_mechanism not in SASL_MECHANISMS:
                raise SettingsError(f"{PREFIX}KAFKA_SASL_MECHANISM must be one of {', '.join(SASL_MECHANISMS)}")
            if not (self.kafka_sasl_username and self.kafka_sasl_password):
                raise SettingsError(f"{PREFIX}KAFKA_SASL_USERNAME and {PREFIX}KAFKA_SASL_PASSWORD are required "
                                    f"with {self.kafka_security_protocol}")
        if self.redis_url and not re.match(r"^(redis|rediss|unix)://", self.redis_url):
            raise SettingsError(f"{PREFIX}REDIS_URL must start with redis://, rediss:// or unix://")

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)

    # ------------------------------------------------------------------ derived values
    @property
    def kafka_url(self) -> str:
        """The broker list as Faust wants it: ``kafka://h1:p1;h2:p2``."""
        if not self.kafka_broker:
            raise SettingsError(f"{PREFIX}KAFKA_BROKER is not set")
        hosts = [h.strip().removeprefix("kafka://") for h in re.split(r"[,;]", self.kafka_broker) if h.strip()]
        return "kafka://" + ";".join(hosts)

    @property
    def bootstrap_servers(self) -> list[str]:
        """The broker list as kafka-python wants it."""
        return self.kafka_url.removeprefix("kafka://").split(";")

    @property
    def state_ttl_seconds(self) -> int:
        return int(self.state_ttl_days * 86400)

    def extract_workers(self, cores: int | None = None) -> int:
        """Extraction processes to start (``EXTRACT_PROCESSES``, with `auto` resolved for ``cores``
        CPU cores, default: those this process may run on). With parse processes on every core, a
        separate extraction only adds the cost of handing each parse over (3.7 ms an article).

        >>> [Settings(nlp_processes=n).extract_workers(cores=2) for n in (0, 1, 2)]
        [0, 1, 0]
        >>> Settings(nlp_processes=2, extract_processes="2").extract_workers(cores=2)
        2
        """
        if self.extract_processes != "auto":
            return int(self.extract_processes)
        if cores is None:
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return 1 if 0 < self.nlp_processes < cores else 0

    @property
    def is_local(self) -> bool:
        return self.profile == "local"

    def masked(self) -> dict[str, Any]:
        """The settings as a dict with passwords (fields and inside URLs) as ``****``: safe to log."""
        out = dataclasses.asdict(self)
        for key, value in out.items():
            if key in SECRET_FIELDS and value:
                out[key] = "****"
            elif isinstance(value, str):
                out[key] = re.sub(r"(//[^:/@]*:)[^@]*@", r"\1****@", value)
        return out

    @classmethod
    def describe(cls) -> list[tuple[str, str, str]]:
        """(variable, default, meaning) for every setting: the README table and `--help` use it."""
        return [(f.metadata["env"], repr(f.default), f.metadata["doc"]) for f in dataclasses.fields(cls)]


def _convert(field: dataclasses.Field, raw: str) -> Any:
    kind = field.type if isinstance(field.type, type) else str(field.type)
    try:
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
    except ValueError:
        raise SettingsError(f"{field.metadata['env']}={raw!r} is not a number") from None
    return raw
