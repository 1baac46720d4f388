"""Integration fixtures: a real tansu broker, a real redis-server, workers as real processes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from streams.clients import article_key, consumer, producer
from streams.local import EmbeddedBroker, free_port
from streams.settings import Settings
from streams.topics import ensure_topics, names

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def broker(tmp_path_factory):
    with EmbeddedBroker(log_dir=tmp_path_factory.mktemp("tansu")) as b:
        yield b


@dataclass
class Pipeline:
    """One isolated deployment (own app id, topic prefix, Redis namespace) on the shared services."""

    settings: Settings
    env: dict[str, str]
    log_dir: Path
    workers: list[subprocess.Popen] = field(default_factory=list)
    started: int = 0

    @property
    def topics(self) -> dict[str, str]:
        return names(self.settings.topic_prefix)

    def start_worker(self) -> subprocess.Popen:
        self.started += 1
        log = open(self.log_dir / f"worker-{self.started - 1}.log", "wb")
        env = {**self.env, "WIREDESK_WEB_PORT": str(free_port())}
        proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.workers.append(proc)
        return proc

    def kill_worker(self, sig: int = signal.SIGKILL) -> None:
        """Kill the newest worker with ``sig`` and forget it (a test that restarts it expects the death)."""
        proc = self.workers.pop()
        proc.send_signal(sig)
        proc.wait(30)

    def stop(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.workers:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()

    def produce(self, values: list[bytes], role: str = "articles") -> None:
        prod = producer(self.settings)
        for value in values:
            prod.send(self.topics[role], key=article_key(value), value=value)
        prod.flush()
        prod.close()

    def collect(self, role: str, until, timeout: float = 120.0) -> list[dict]:
        """Every message of a topic from the start, once ``until(messages)`` holds (or fail)."""
        cons = consumer(self.settings, self.topics[role], consumer_timeout_ms=500)
        messages: list[dict] = []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                for batch in cons.poll(timeout_ms=500).values():
                    messages += [json.loads(m.value) for m in batch]
                if until(messages):
                    return messages
                dead = [p for p in self.workers if p.poll() is not None]
                assert not dead, f"a worker exited with {dead[0].returncode}: see {self.log_dir}"
        finally:
            cons.close()
        raise AssertionError(f"{role}: condition not met in {timeout:.0f} s with {len(messages)} messages; "
                             f"worker logs in {self.log_dir}")

    def drain(self, role: str, idle: float = 3.0, timeout: float = 60.0) -> list[dict]:
        """Every message of a topic, once nothing new has arrived for ``idle`` seconds."""
        state = {"n": -1, "since": time.monotonic()}

        def quiet(ms: list[dict]) -> bool:
            if len(ms) != state["n"]:
                state.update(n=len(ms), since=time.monotonic())
            return time.monotonic() - state["since"] >= idle

        return self.collect(role, quiet, timeout)

    def worker_log(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.log_dir.glob("worker-*.log")))


def start_pipeline(broker, redis_server, log_root: Path, partitions: int) -> Pipeline:
    tag = f"t{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "WIREDESK_KAFKA_BROKER": broker.bootstrap, "WIREDESK_REDIS_URL": redis_server.url,
           "WIREDESK_PROFILE": "local", "WIREDESK_APP_ID": f"wiredesk-{tag}", "WIREDESK_TOPIC_PREFIX": f"{tag}.",
           "WIREDESK_NAMESPACE": tag, "WIREDESK_TOPIC_PARTITIONS": str(partitions),
           "WIREDESK_NLP_PROCESSES": "1", "WIREDESK_BATCH_WITHIN": "0.1"}
    settings = Settings.from_env(env)
    ensure_topics(settings.bootstrap_servers, settings.topic_prefix, settings.topic_partitions)
    log_dir = log_root / tag
    log_dir.mkdir(parents=True)
    p = Pipeline(settings=settings, env=env, log_dir=log_dir)
    p.start_worker()
    return p


@pytest.fixture(scope="module")
def pipeline(broker, redis_server, tmp_path_factory):
    """A running worker on fresh 2-partition topics; the module's tests share it (distinct article ids)."""
    p = start_pipeline(broker, redis_server, tmp_path_factory.mktemp("workers"), partitions=2)
    yield p
    p.stop()


@pytest.fixture(scope="module")
def ordered_pipeline(broker, redis_server, tmp_path_factory):
    """Like ``pipeline`` with one partition: the stream resolves articles in input order."""
    p = start_pipeline(broker, redis_server, tmp_path_factory.mktemp("workers"), partitions=1)
    yield p
    p.stop()


def by_id(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["id"], []).append(r)
    return out
