"""Nothing lost, nothing doubled: worker crashes, Redis and broker outages, against real services.

Each test breaks something for real (SIGKILL, stopping redis-server, freezing the broker) and
then counts what came out.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from streams.dedup.resolver import Resolver
from streams.local import EmbeddedBroker, EmbeddedRedis, free_port
from tests.integration.conftest import by_id, start_pipeline
from tests.integration.feeds import encode, synthetic_feed

pytestmark = pytest.mark.integration

VOLATILE = ("first_seen", "updated_at")  # wall-clock fields: differ between any two runs


def incident_state(url: str, namespace: str) -> dict[str, dict]:
    """Every incident of a namespace, minus wall-clock fields."""
    out = {}
    for state in Resolver.from_url(url, namespace=namespace).incidents():
        for field in VOLATILE:
            state.pop(field)
        out[state["incident_id"]] = state
    return out


def assert_no_loss_no_doubles(pipeline, ids: set[str]) -> list[dict]:
    annotated = pipeline.collect("annotated", lambda ms: ids <= {m["id"] for m in ms}, timeout=600)
    for rid, recs in by_id(annotated).items():
        assert all(r == recs[0] for r in recs), f"{rid}: redeliveries differ"
    events = pipeline.drain("incidents")
    payloads: dict[str, str] = {}
    for ev in events:
        canonical = json.dumps(ev, sort_keys=True)
        assert payloads.setdefault(ev["event_id"], canonical) == canonical, f"{ev['event_id']}: two payloads"
    assert not pipeline.drain("deadletter", idle=1), "a good article was dead-lettered"
    return annotated


def test_sigkill_three_times_during_a_500_article_replay(broker, redis_server, tmp_path):
    articles = synthetic_feed(500)
    ids = {a["id"] for a in articles}
    p = start_pipeline(broker, redis_server, tmp_path, partitions=1)
    try:
        p.produce(encode(articles))
        kills = 0
        for threshold in (60, 200, 340):
            p.collect("annotated", lambda ms, t=threshold: len({m["id"] for m in ms}) >= t, timeout=300)
            p.kill_worker(signal.SIGKILL)
            kills += 1
            p.start_worker()
        assert kills == 3
        annotated = assert_no_loss_no_doubles(p, ids)
        assert len(by_id(annotated)) == len(ids)
        assert len(annotated) >= len(ids), "redeliveries are expected after SIGKILL, losses are not"
        crashed = incident_state(redis_server.url, p.settings.namespace)
        print(f"\nSIGKILL x{kills}: {len(annotated)} records on wire.annotated for {len(by_id(annotated))} ids "
              f"({len(annotated) - len(ids)} redeliveries, all identical); {len(crashed)} incidents in Redis")
    finally:
        p.stop()

    # A clean run of the same input: `wiredesk process` (same code, file order = partition order).
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in articles))
    env = {**p.env, "WIREDESK_NAMESPACE": "clean-run"}
    subprocess.run([sys.executable, "-m", "streams.cli", "process", str(feed), "--out", str(tmp_path / "out.jsonl"),
                    "--namespace", "clean-run"], check=True, env=env, timeout=900)
    clean = incident_state(redis_server.url, "clean-run")
    assert len(clean) >= 10, "the feed holds dozens of incidents"
    assert crashed == clean
    print(f"clean run: {len(clean)} incidents, equal to the crashed run's")


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test alone, persisting to disk so that a restart keeps its data."""
    data = tmp_path / "redis-data"
    data.mkdir()
    server = EmbeddedRedis(log_dir=tmp_path, data_dir=data)
    yield server
    server.stop()


def test_redis_down_for_10_s_mid_replay(broker, own_redis, tmp_path):
    articles = synthetic_feed(120, seed=11)
    ids = {a["id"] for a in articles}
    p = start_pipeline(broker, own_redis, tmp_path, partitions=2)
    try:
        p.produce(encode(articles[:60]))
        p.collect("annotated", lambda ms: len({m["id"] for m in ms}) >= 20, timeout=300)
        own_redis.stop()
        p.produce(encode(articles[60:]))
        time.sleep(10)
        worker = p.workers[0]
        assert worker.poll() is None, "the worker must wait for Redis, not exit"
        restarted = EmbeddedRedis(port=own_redis.port, log_dir=tmp_path / "restart", data_dir=tmp_path / "redis-data")
        try:
            assert_no_loss_no_doubles(p, ids)
            assert worker.poll() is None and len(p.workers) == 1, "no crash loop"
            log = (p.log_dir / "worker-0.log").read_text(errors="replace")
            assert "Redis unavailable" in log and "retrying in" in log
        finally:
            restarted.stop()
    finally:
        p.stop()


def test_redis_restarted_empty_is_survived(broker, tmp_path):
    """Documented behaviour: state is gone, so later reports start new incidents; nothing crashes."""
    server = EmbeddedRedis(log_dir=tmp_path)
    p = start_pipeline(broker, server, tmp_path, partitions=1)
    try:
        first = synthetic_feed(30, seed=3)
        p.produce(encode(first))
        before = {m["id"]: m for m in p.collect("annotated", lambda ms: {a["id"] for a in first} <= {m["id"] for m in ms},
                                                timeout=300)}
        server.stop()
        server = EmbeddedRedis(port=server.port, log_dir=tmp_path / "empty")
        later = [{**a, "id": a["id"] + "-later"} for a in first]
        p.produce(encode(later))
        annotated = p.collect("annotated", lambda ms: {a["id"] for a in later} <= {m["id"] for m in ms}, timeout=300)
        assert p.workers[0].poll() is None
        assert not p.drain("deadletter", idle=1)
        after = {m["id"].removesuffix("-later"): m for m in annotated if m["id"].endswith("-later")}
        assert after.keys() == before.keys()
        for aid, rec in after.items():  # resolution works again, on a blank slate: new incidents
            assert (rec["incident"] is None) == (before[aid]["incident"] is None), aid
        old = {m["incident"]["incident_id"] for m in before.values() if m["incident"]}
        new = {m["incident"]["incident_id"] for m in after.values() if m["incident"]}
        assert new and not (old & new)
    finally:
        p.stop()
        server.stop()


def test_broker_down_at_start_gets_a_clear_message_then_works(redis_server, tmp_path):
    port = free_port()
    env = {**os.environ, "WIREDESK_KAFKA_BROKER": f"127.0.0.1:{port}", "WIREDESK_REDIS_URL": redis_server.url,
           "WIREDESK_PROFILE": "local", "WIREDESK_WEB_PORT": str(free_port()), "WIREDESK_NAMESPACE": "late-broker",
           "WIREDESK_APP_ID": "late-broker", "WIREDESK_TOPIC_PARTITIONS": "1"}
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    try:
        time.sleep(7)
        assert worker.poll() is None, log_path.read_text()
        text = log_path.read_text()
        assert f"waiting for the Kafka broker at 127.0.0.1:{port} (WIREDESK_KAFKA_BROKER)" in text
        assert "Traceback" not in text
        with EmbeddedBroker(port=port, log_dir=tmp_path):
            from streams.settings import Settings
            from tests.integration.conftest import Pipeline

            p = Pipeline(settings=Settings.from_env(env), env=env, log_dir=tmp_path, workers=[worker])
            article = synthetic_feed(1)[0]
            p.produce(encode([article]))
            p.collect("annotated", lambda ms: any(m["id"] == article["id"] for m in ms), timeout=180)
            worker.terminate()
            worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()


def test_broker_frozen_for_15_s_then_back(redis_server, tmp_path):
    """The broker stops answering (SIGSTOP: a hung host, a network partition) and comes back."""
    with EmbeddedBroker(log_dir=tmp_path) as own_broker:
        p = start_pipeline(own_broker, redis_server, tmp_path, partitions=1)
        try:
            articles = synthetic_feed(40, seed=5)
            p.produce(encode(articles[:20]))
            p.collect("annotated", lambda ms: len(ms) >= 20, timeout=300)
            own_broker.proc.send_signal(signal.SIGSTOP)
            time.sleep(15)
            own_broker.proc.send_signal(signal.SIGCONT)
            p.produce(encode(articles[20:]))
            assert_no_loss_no_doubles(p, {a["id"] for a in articles})
            assert p.workers[0].poll() is None
        finally:
            own_broker.proc.send_signal(signal.SIGCONT)
            p.stop()
