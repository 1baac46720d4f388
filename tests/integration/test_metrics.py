"""A real worker's /metrics after a replay, the lag read from the broker, and `wiredesk lag`."""
from __future__ import annotations

import json
import re
import time
import urllib.request
import uuid

import pytest
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from streams.cli import main, sample_feed_path
from streams.lag import LagReader
from streams.settings import Settings
from tests.integration.conftest import start_pipeline
from tests.test_deploy import queried_metrics

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def replayed(broker, redis_server, tmp_path_factory):
    """A worker that has processed the sample feed (8 articles, 2 malformed lines, 1 copy)."""
    p = start_pipeline(broker, redis_server, tmp_path_factory.mktemp("workers"), partitions=2)
    lines = [ln for ln in sample_feed_path().read_bytes().splitlines() if ln.strip()]
    p.produce(lines)
    p.collect("annotated", lambda ms: len({m["id"] for m in ms}) >= 8, timeout=240)
    p.collect("deadletter", lambda ms: len(ms) >= 2)
    yield p
    p.stop()


def worker_port(p) -> int:
    """The worker prints its settings (with web_port) at start."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        m = re.search(r"^settings: (\{.*\})$", (p.log_dir / "worker-0.log").read_text(errors="replace"), re.M)
        if m:
            return json.loads(m.group(1))["web_port"]
        time.sleep(0.5)
    raise AssertionError("the worker never printed its settings")


def scrape(port: int) -> tuple[str, dict[tuple[str, tuple], float]]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as resp:
        assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = resp.read().decode()
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for fam in text_string_to_metric_families(text) for s in fam.samples}
    return text, samples


def _sum(samples, name: str, **labels) -> float:
    return sum(v for (n, lab), v in samples.items() if n == name and labels.items() <= dict(lab).items())


def test_metrics_count_the_replay_and_lag_drains_to_zero(replayed):
    port = worker_port(replayed)
    deadline = time.monotonic() + 60
    while True:  # offsets are committed every few seconds
        text, samples = scrape(port)
        lag_total = _sum(samples, "kafka_consumergroup_lag_sum")
        if lag_total == 0 or time.monotonic() > deadline:
            break
        time.sleep(2)
    group, topics = replayed.settings.app_id, replayed.topics
    assert lag_total == 0, text
    for topic in (topics["articles"], topics["enriched"]):
        for partition in ("0", "1"):
            key = ("kafka_consumergroup_lag", (("consumergroup", group), ("partition", partition), ("topic", topic)))
            assert samples[key] == 0
    assert _sum(samples, "wiredesk_articles_processed_total") == 8
    assert _sum(samples, "wiredesk_duplicates_total") == 1
    assert _sum(samples, "wiredesk_articles_deadlettered_total", stage="decode", reason="not_json") == 1
    assert _sum(samples, "wiredesk_articles_deadlettered_total", stage="decode", reason="missing_field") == 1
    assert _sum(samples, "wiredesk_redis_errors_total") == 0
    for stage in ("enrich", "resolve", "end_to_end"):
        assert _sum(samples, "wiredesk_stage_seconds_count", stage=stage) == 8, stage
    assert _sum(samples, "wiredesk_stage_seconds_sum", stage="end_to_end") >= \
        _sum(samples, "wiredesk_stage_seconds_sum", stage="resolve")


def test_every_metric_grafana_and_the_alerts_query_is_exposed(replayed):
    _, samples = scrape(worker_port(replayed))
    exposed = {name for name, _ in samples}
    missing = queried_metrics() - exposed
    assert not missing, f"Grafana / alert rules query metrics a real worker does not expose: {missing}"


def test_lag_of_a_group_with_a_known_commit(broker):
    """5 messages, group committed at 2: lag 3 on that partition, read from the broker."""
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition
    from kafka.structs import OffsetAndMetadata

    from streams.topics import ensure_topics

    tag = uuid.uuid4().hex[:8]
    settings = Settings.from_env({"WIREDESK_KAFKA_BROKER": broker.bootstrap, "WIREDESK_PROFILE": "local",
                                  "WIREDESK_TOPIC_PREFIX": f"lag{tag}.", "WIREDESK_TOPIC_PARTITIONS": "1",
                                  "WIREDESK_APP_ID": f"lag-{tag}"})
    ensure_topics(settings.bootstrap_servers, settings.topic_prefix, 1)
    topic = f"lag{tag}.wire.articles"
    prod = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, batch_size=1, linger_ms=0)
    for i in range(5):
        prod.send(topic, value=b"x%d" % i, partition=0)
    prod.flush()
    prod.close()
    group = f"lag-{tag}"
    cons = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=group, enable_auto_commit=False)
    cons.commit({TopicPartition(topic, 0): OffsetAndMetadata(2, "", -1)})
    cons.close()

    reader = LagReader(settings)
    try:
        rows = reader.read({group: [topic, f"lag{tag}.wire.enriched"]})
    finally:
        reader.close()
    by_topic = {(r.topic, r.partition): r for r in rows}
    assert (by_topic[(topic, 0)].committed, by_topic[(topic, 0)].end, by_topic[(topic, 0)].lag) == (2, 5, 3)
    assert by_topic[(f"lag{tag}.wire.enriched", 0)].lag == 0  # empty, never committed

    result = CliRunner().invoke(main, ["lag"], env={"WIREDESK_KAFKA_BROKER": broker.bootstrap,
                                                     "WIREDESK_PROFILE": "local", "WIREDESK_APP_ID": group,
                                                     "WIREDESK_TOPIC_PREFIX": f"lag{tag}."})
    assert result.exit_code == 0, result.output
    rows_out = [ln.split() for ln in result.output.splitlines()]
    assert [group, topic, "0", "2", "5", "3"] in rows_out
    assert [group, topic, "(total)", "3"] in rows_out
