"""The worker's Prometheus metrics, served on ``/metrics`` by the Faust web server.

Names follow Prometheus and kafka_exporter conventions; the agents call the small helpers below
(one line each), and ``register_metrics_page`` adds the page to a Faust app.

| metric | labels | meaning |
|---|---|---|
| ``kafka_consumergroup_lag`` | consumergroup, topic, partition | end offset - committed offset (``streams.lag``) |
| ``kafka_consumergroup_lag_sum`` | consumergroup, topic | the lag summed over partitions |
| ``wiredesk_articles_processed_total`` | | articles resolved (annotated record sent) |
| ``wiredesk_articles_deadlettered_total`` | stage, reason | messages sent to wire.deadletter |
| ``wiredesk_duplicates_total`` | | articles marked ``duplicate_of`` another |
| ``wiredesk_stage_seconds`` | stage = enrich, resolve, end_to_end | latency histogram per article |
| ``wiredesk_redis_errors_total`` | | failed Redis calls (each is retried) |

Every worker of a group reports the same group lag: aggregate with ``max by (consumergroup,
topic)``, not ``sum``.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator, Mapping
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.registry import Collector

from streams.lag import LagReader, lag_sums, worker_topics
from streams.settings import Settings

log = logging.getLogger(__name__)

STAGES = ("enrich", "resolve", "end_to_end")
# The header enrich puts on wire.enriched: when the article reached wire.articles (epoch ms).
SOURCE_TS_HEADER = "wiredesk-source-ts"

ARTICLES_PROCESSED = Counter("wiredesk_articles_processed_total", "Articles resolved: an annotated record was sent.")
DEADLETTERED = Counter("wiredesk_articles_deadlettered_total", "Messages sent to the dead-letter topic.",
                       ["stage", "reason"])
DUPLICATES = Counter("wiredesk_duplicates_total", "Articles marked as a republished copy of another.")
REDIS_ERRORS = Counter("wiredesk_redis_errors_total", "Redis calls that failed (connection or timeout); retried.")
STAGE_SECONDS = Histogram(
    "wiredesk_stage_seconds",
    "Seconds per article: enrich (its NLP batch), resolve (Redis), end_to_end (from its timestamp on "
    "wire.articles to its outputs sent).",
    ["stage"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300))
for _stage in STAGES:  # every stage shows from the first scrape, before its first observation
    STAGE_SECONDS.labels(_stage)


# ----------------------------------------------------------------------------- helpers for the agents
def observe_stage(stage: str, seconds: float, articles: int = 1) -> None:
    """Record ``seconds`` of ``stage`` for each of ``articles`` articles (a batch counts for each)."""
    hist = STAGE_SECONDS.labels(stage)
    for _ in range(articles):
        hist.observe(seconds)


def source_ts_headers(event: Any) -> dict[str, bytes]:
    """Headers carrying the input message's timestamp on to wire.enriched (for end_to_end)."""
    ts = getattr(event.message, "timestamp", None)
    return {SOURCE_TS_HEADER: str(int(ts * 1000)).encode()} if ts else {}


def article_resolved(event: Any, record: Mapping[str, Any]) -> None:
    """Count a resolved article; observe its end-to-end latency when its source time is known."""
    ARTICLES_PROCESSED.inc()
    if record.get("duplicate_of"):
        DUPLICATES.inc()
    headers = dict(_header_items(getattr(event.message, "headers", None)))
    raw = headers.get(SOURCE_TS_HEADER)
    if raw:
        try:
            STAGE_SECONDS.labels("end_to_end").observe(max(time.time() - int(raw) / 1000, 0.0))
        except ValueError:
            pass


def _header_items(headers: Any) -> Iterator[tuple[str, bytes]]:
    if not headers:
        return
    items = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in items:
        yield (key.decode() if isinstance(key, bytes) else key), value


# ----------------------------------------------------------------------------- consumer lag
class LagCollector(Collector):
    """kafka_exporter's lag gauges for the workers' group, read from the broker at each scrape."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.reader = LagReader(settings, request_timeout_ms=5_000)

    def describe(self):
        """The two families, without samples (no broker round trip)."""
        return self._families([])

    def collect(self):
        try:
            rows = self.reader.read({self.settings.app_id: worker_topics(self.settings)})
        except Exception as exc:  # noqa: BLE001 - a scrape must answer even when the broker does not
            log.warning("consumer lag unavailable: %s", exc)
            rows = []
        return self._families(rows)

    @staticmethod
    def _families(rows):
        lag = GaugeMetricFamily("kafka_consumergroup_lag", "Current approximate lag of a consumer group "
                                "at topic/partition", labels=["consumergroup", "topic", "partition"])
        lag_sum = GaugeMetricFamily("kafka_consumergroup_lag_sum", "Current approximate lag of a consumer "
                                    "group at topic for all partitions", labels=["consumergroup", "topic"])
        for r in rows:
            lag.add_metric([r.group, r.topic, str(r.partition)], r.lag)
        for (group, topic), total in lag_sums(rows).items():
            lag_sum.add_metric([group, topic], total)
        return [lag, lag_sum]


def series_names(families) -> set[str]:
    """Every series name ``families`` expose or may expose once they have samples.

    >>> sorted(series_names([STAGE_SECONDS.describe()[0]]))
    ['wiredesk_stage_seconds_bucket', 'wiredesk_stage_seconds_count', 'wiredesk_stage_seconds_sum']
    """
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count")}
    names = set()
    for fam in families:
        names |= {fam.name + suffix for suffix in suffixes.get(fam.type, ("",))}
        names |= {sample.name for sample in fam.samples if not sample.name.endswith("_created")}
    return names


def declared_series(settings: Settings) -> set[str]:
    """The series names of a worker's /metrics, without asking the broker."""
    families = [f for c in (_Forward(REGISTRY), LagCollector(settings)) for f in c.describe()]
    return series_names(families)


def worker_registry(settings: Settings) -> CollectorRegistry:
    """The default registry (wiredesk counters, process metrics) plus this worker's lag."""
    registry = CollectorRegistry()
    registry.register(_Forward(REGISTRY))
    registry.register(LagCollector(settings))
    return registry


class _Forward(Collector):
    def __init__(self, registry: CollectorRegistry):
        self.registry = registry

    def collect(self):
        return self.registry.collect()

    def describe(self):
        return list(self.registry.collect())


def register_metrics_page(wiring) -> None:
    """Add ``GET /metrics`` (Prometheus text format) to the worker's Faust web server."""
    registry = worker_registry(wiring.settings)

    @wiring.app.page("/metrics")
    async def metrics(self, request):  # noqa: ARG001 - Faust view signature
        body = await asyncio.to_thread(generate_latest, registry)  # lag needs broker round trips
        # text format 0.0.4: what every Prometheus (2.x and 3.x) and KEDA's scrapers read
        return self.bytes(body, headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})
