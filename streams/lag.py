"""Consumer lag per group, topic and partition, read from the broker (as kafka_exporter does).

lag = end offset (highwater) - committed offset of the group. A partition the group has not
committed yet counts from the partition's first offset, because wiredesk consumers start from
the earliest offset. Workers export it on ``/metrics`` (``streams.web.metrics``) and
``wiredesk lag`` prints it; both use ``LagReader`` below.

    >>> compute_lag("g", {("t", 0): 5, ("t", 1): None}, {("t", 0): 0, ("t", 1): 2}, {("t", 0): 9, ("t", 1): 4})
    [PartitionLag(group='g', topic='t', partition=0, committed=5, end=9, lag=4), \
PartitionLag(group='g', topic='t', partition=1, committed=None, end=4, lag=2)]
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import click

from streams.settings import Settings
from streams.topics import names

log = logging.getLogger(__name__)

TP = tuple[str, int]


@dataclass(frozen=True)
class PartitionLag:
    group: str
    topic: str
    partition: int
    committed: int | None  # None: the group has not committed on this partition yet
    end: int
    lag: int


def compute_lag(group: str, committed: Mapping[TP, int | None], beginning: Mapping[TP, int],
                end: Mapping[TP, int]) -> list[PartitionLag]:
    """The lag of ``group`` on every partition of ``committed``, sorted by topic and partition.

    Never negative: a broker may briefly report an end offset below a fresh commit.
    """
    out = []
    for tp in sorted(committed):
        high = end.get(tp, 0)
        start = committed[tp] if committed[tp] is not None else beginning.get(tp, 0)
        out.append(PartitionLag(group, tp[0], tp[1], committed[tp], high, max(high - start, 0)))
    return out


def lag_sums(rows: Iterable[PartitionLag]) -> dict[tuple[str, str], int]:
    """Total lag per (group, topic): kafka_exporter's ``kafka_consumergroup_lag_sum``."""
    sums: dict[tuple[str, str], int] = {}
    for r in rows:
        sums[(r.group, r.topic)] = sums.get((r.group, r.topic), 0) + r.lag
    return sums


def worker_topics(settings: Settings) -> list[str]:
    """The topics the workers' consumer group (the app id) reads: the agents' inputs."""
    topics = names(settings.topic_prefix)
    return [topics["articles"], topics["enriched"]]


class LagReader:
    """Reads committed and end offsets with one kafka-python admin client and one consumer.

    The clients are created on first use and kept; a failed read drops them so that the next one
    reconnects. Safe to call from several threads (calls are serialised).
    """

    def __init__(self, settings: Settings, request_timeout_ms: int = 10_000):
        self.settings = settings
        self.request_timeout_ms = request_timeout_ms
        self._lock = threading.Lock()
        self._admin = None
        self._consumer = None

    def read(self, groups: Mapping[str, Iterable[str]]) -> list[PartitionLag]:
        """Lag of each group on the partitions it committed plus every partition of its topics."""
        with self._lock:
            try:
                return self._read(groups)
            except Exception:
                self.close()
                raise

    def _clients(self):
        from kafka import KafkaAdminClient, KafkaConsumer

        if self._admin is None:
            conf = {"bootstrap_servers": self.settings.bootstrap_servers, "client_id": "wiredesk-lag",
                    "request_timeout_ms": self.request_timeout_ms}
            self._admin = KafkaAdminClient(**conf)
            self._consumer = KafkaConsumer(group_id=None, enable_auto_commit=False, **conf)
        return self._admin, self._consumer

    def _read(self, groups: Mapping[str, Iterable[str]]) -> list[PartitionLag]:
        from kafka import TopicPartition

        admin, cons = self._clients()
        known = cons.topics()  # also refreshes the metadata partitions_for_topic reads
        rows: list[PartitionLag] = []
        for group, topics in groups.items():
            committed: dict[TP, int | None] = {}
            for tp, meta in admin.list_group_offsets(group).get(group, {}).items():
                committed[(tp.topic, tp.partition)] = meta.offset if meta.offset >= 0 else None
            for topic in (t for t in topics if t in known):
                for p in cons.partitions_for_topic(topic) or ():
                    committed.setdefault((topic, p), None)
            if not committed:
                continue
            tps = [TopicPartition(t, p) for t, p in committed]
            end = {(tp.topic, tp.partition): o for tp, o in cons.end_offsets(tps).items()}
            beginning = {(tp.topic, tp.partition): o for tp, o in cons.beginning_offsets(tps).items()}
            rows += compute_lag(group, committed, beginning, end)
        return rows

    def close(self) -> None:
        for client in (self._consumer, self._admin):
            if client is not None:
                try:
                    client.close()
                except Exception:  # noqa: BLE001 - closing a broken client must not hide the error
                    pass
        self._admin = self._consumer = None


def format_table(rows: list[PartitionLag]) -> str:
    """The lag as a fixed-width table, one line per partition and a total per group and topic.

    >>> print(format_table([PartitionLag("g", "t", 0, 5, 9, 4)]))
    GROUP  TOPIC  PARTITION  COMMITTED  END  LAG
    g      t      0          5          9    4
    g      t      (total)                    4
    """
    table = [("GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG")]
    sums = lag_sums(rows)
    last = None
    for r in rows:
        if last is not None and last != (r.group, r.topic):
            table.append((*last, "(total)", "", "", str(sums[last])))
        table.append((r.group, r.topic, str(r.partition), "-" if r.committed is None else str(r.committed),
                      str(r.end), str(r.lag)))
        last = (r.group, r.topic)
    if last is not None:
        table.append((*last, "(total)", "", "", str(sums[last])))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table)


@click.command("lag")
@click.option("--group", "groups", multiple=True,
              help="Consumer group (repeatable; default: the workers' group, WIREDESK_APP_ID).")
@click.option("--watch", is_flag=True, help="Print again every --interval seconds until Ctrl-C.")
@click.option("--interval", type=float, default=5.0, show_default=True, help="Seconds between prints with --watch.")
def lag_command(groups: tuple[str, ...], watch: bool, interval: float) -> None:
    """Print consumer lag per group, topic and partition, from the broker's committed offsets.

    For the workers' group every partition of wire.articles and wire.enriched is shown, also
    before the first commit (lag counted from the partition's start).
    """
    from streams.cli import _need_broker, _settings

    settings = _settings()
    _need_broker(settings)
    wanted = {g: (worker_topics(settings) if g == settings.app_id else []) for g in (groups or (settings.app_id,))}
    reader = LagReader(settings)
    try:
        while True:
            try:
                rows = reader.read(wanted)
            except Exception as exc:  # noqa: BLE001 - kafka-python raises many kinds
                raise click.ClickException(f"cannot read offsets from {settings.kafka_broker}: {exc}") from None
            if watch:
                click.echo(time.strftime("%H:%M:%S"))
            click.echo(format_table(rows) if rows else "no committed offsets and no partitions for " + ", ".join(wanted))
            if not watch:
                return
            click.echo()
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    finally:
        reader.close()
