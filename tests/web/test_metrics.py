"""Worker metrics and lag arithmetic (no broker: the lag reader's maths and the exposition)."""
from __future__ import annotations

from types import SimpleNamespace

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from streams.lag import PartitionLag, compute_lag, format_table, lag_sums
from streams.settings import Settings
from streams.web import metrics


def test_lag_counts_from_the_commit_or_the_partition_start():
    rows = compute_lag("g", {("t", 0): 7, ("t", 1): None, ("u", 0): 12},
                       {("t", 0): 0, ("t", 1): 3, ("u", 0): 0}, {("t", 0): 10, ("t", 1): 8, ("u", 0): 11})
    assert [(r.topic, r.partition, r.lag) for r in rows] == [("t", 0, 3), ("t", 1, 5), ("u", 0, 0)]
    assert lag_sums(rows) == {("g", "t"): 8, ("g", "u"): 0}


def test_table_lists_partitions_and_totals():
    text = format_table([PartitionLag("g", "a", 0, 1, 4, 3), PartitionLag("g", "a", 1, None, 2, 2),
                         PartitionLag("g", "b", 0, 5, 5, 0)])
    lines = [ln.split() for ln in text.splitlines()]
    assert lines[0] == ["GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG"]
    assert lines[1:] == [["g", "a", "0", "1", "4", "3"], ["g", "a", "1", "-", "2", "2"], ["g", "a", "(total)", "5"],
                         ["g", "b", "0", "5", "5", "0"], ["g", "b", "(total)", "0"]]


class FakeReader:
    def __init__(self, rows=None, error=None):
        self.rows, self.error = rows or [], error

    def read(self, groups):
        if self.error:
            raise self.error
        return self.rows


def _samples(registry) -> dict[tuple[str, tuple], float]:
    text = generate_latest(registry).decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for fam in text_string_to_metric_families(text) for s in fam.samples}


def test_lag_gauges_use_kafka_exporter_names_and_survive_a_missing_broker():
    settings = Settings(app_id="g")
    collector = metrics.LagCollector(settings)
    collector.reader = FakeReader([PartitionLag("g", "wire.articles", 0, 2, 9, 7),
                                   PartitionLag("g", "wire.articles", 1, 4, 5, 1)])
    from prometheus_client import CollectorRegistry

    registry = CollectorRegistry()
    registry.register(collector)
    samples = _samples(registry)
    assert samples[("kafka_consumergroup_lag", (("consumergroup", "g"), ("partition", "0"),
                                                ("topic", "wire.articles")))] == 7
    assert samples[("kafka_consumergroup_lag_sum", (("consumergroup", "g"), ("topic", "wire.articles")))] == 8
    collector.reader = FakeReader(error=ConnectionError("broker away"))
    assert not [k for k in _samples(registry) if k[0].startswith("kafka_")]


def test_agent_helpers_count_and_time_articles():
    before = metrics.ARTICLES_PROCESSED._value.get(), metrics.DUPLICATES._value.get()
    e2e = metrics.STAGE_SECONDS.labels("end_to_end")
    count_before = _hist_count(e2e)
    source = SimpleNamespace(message=SimpleNamespace(timestamp=1_700_000_000.5, headers=None))
    headers = metrics.source_ts_headers(source)
    assert headers == {metrics.SOURCE_TS_HEADER: b"1700000000500"}
    resolved = SimpleNamespace(message=SimpleNamespace(headers=list(headers.items())))
    metrics.article_resolved(resolved, {"duplicate_of": "x"})
    metrics.article_resolved(SimpleNamespace(message=SimpleNamespace(headers=None)), {"duplicate_of": None})
    assert metrics.ARTICLES_PROCESSED._value.get() - before[0] == 2
    assert metrics.DUPLICATES._value.get() - before[1] == 1
    assert _hist_count(e2e) == count_before + 1  # only the article whose source time is known


def _hist_count(child) -> float:
    return next(s.value for s in child._samples() if s.name == "_count")
