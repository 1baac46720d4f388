#!/usr/bin/env python3
"""Soak: steady replay for a long time; is memory flat? (issue #6; not part of CI)

    python benchmarks/soak.py --minutes 30 [--rate R] [--feed FILE.jsonl]

Starts an embedded broker, redis-server and one worker, measures the pipeline's maximum
throughput on a short burst (unless --rate is given), then publishes at half of it for
--minutes, cycling through the feed with fresh article ids (so every message is new work).
Prints the RSS of every process (worker, its spaCy processes, broker, Redis) and Redis
``used_memory`` at the start and the end of the steady phase, the lag at the end, and every
minute a progress line.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import redis

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streams.clients import consumer, producer  # noqa: E402
from streams.local import EmbeddedBroker, EmbeddedRedis, free_port  # noqa: E402
from streams.settings import Settings  # noqa: E402
from streams.topics import ensure_topics_for, names  # noqa: E402

DEFAULT_FEED = REPO.parent / "shared" / "data" / "news" / "articles.jsonl"


def rss_mb(proc: psutil.Process) -> float:
    try:
        return proc.memory_info().rss / 2**20
    except psutil.Error:
        return float("nan")


def snapshot(procs: dict[str, psutil.Process], rds: redis.Redis) -> dict[str, float]:
    worker = procs["worker"]
    out = {name: rss_mb(p) for name, p in procs.items()}
    for i, child in enumerate(worker.children(recursive=True)):
        out[f"worker/nlp-{i}"] = rss_mb(child)
    out["redis used_memory"] = rds.info("memory")["used_memory"] / 2**20
    out["redis keys"] = rds.dbsize()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--rate", type=float, help="articles/s (default: half the measured maximum)")
    ap.add_argument("--feed", type=Path, default=DEFAULT_FEED if DEFAULT_FEED.exists() else
                    REPO / "streams" / "data" / "sample_feed.jsonl")
    args = ap.parse_args()
    articles = [json.loads(line) for line in args.feed.read_text().splitlines() if line.strip().startswith("{")]
    articles = [a for a in articles if isinstance(a, dict) and a.get("body")]
    run_dir = Path(tempfile.mkdtemp(prefix="wiredesk-soak-"))
    with EmbeddedBroker(log_dir=run_dir) as broker, EmbeddedRedis(log_dir=run_dir) as rds_server:
        env = {**os.environ, "WIREDESK_KAFKA_BROKER": broker.bootstrap, "WIREDESK_REDIS_URL": rds_server.url,
               "WIREDESK_PROFILE": "local", "WIREDESK_WEB_PORT": str(free_port()), "WIREDESK_TOPIC_PARTITIONS": "2"}
        settings = Settings.from_env(env)
        ensure_topics_for(settings)
        log = open(run_dir / "worker.log", "wb")
        worker = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        procs = {"worker": psutil.Process(worker.pid), "broker": psutil.Process(broker.proc.pid),
                 "redis": psutil.Process(rds_server.proc.pid)}
        rds = redis.Redis.from_url(rds_server.url)
        topic = names()["articles"]
        prod = producer(settings)
        seq = 0

        def publish(n: int) -> None:
            nonlocal seq
            for _ in range(n):
                a = articles[seq % len(articles)]
                aid = f"{a['id']}#soak{seq}"
                prod.send(topic, key=aid.encode(), value=json.dumps({**a, "id": aid}).encode())
                seq += 1
            prod.flush()

        out = consumer(settings, names()["annotated"])

        def annotated_count(until: int, timeout: float) -> int:
            seen = 0
            deadline = time.monotonic() + timeout
            while seen < until and time.monotonic() < deadline:
                seen += sum(len(b) for b in out.poll(timeout_ms=500).values())
            return seen

        try:
            rate = args.rate
            publish(20)
            annotated_count(20, 300)  # warm-up: model loaded, partitions assigned
            if not rate:  # burst: the maximum this machine sustains end to end
                burst = 200
                t0 = time.monotonic()
                publish(burst)
                annotated_count(burst, 600)
                maximum = burst / (time.monotonic() - t0)
                rate = maximum / 2
                print(f"maximum {maximum:.1f} articles/s; soaking at {rate:.1f}/s for {args.minutes:g} min", flush=True)
            start = snapshot(procs, rds)
            t0 = time.monotonic()
            sent = done = 0
            next_report = 60.0
            while (elapsed := time.monotonic() - t0) < args.minutes * 60:
                due = int(elapsed * rate) - sent
                if due > 0:
                    publish(due)
                    sent += due
                done += sum(len(b) for b in out.poll(timeout_ms=200).values())
                if elapsed >= next_report:
                    s = snapshot(procs, rds)
                    print(f"{elapsed / 60:5.1f} min  sent {sent}  annotated {done}  worker {s['worker']:.0f} MB  "
                          f"redis {s['redis used_memory']:.1f} MB  keys {s['redis keys']}", flush=True)
                    next_report += 60
            done += annotated_count(sent - done, 120)
            end = snapshot(procs, rds)
            print(f"\nsteady phase: {sent} published, {done} annotated, lag at end {sent - done}")
            print(f"{'process':24} {'start MB':>10} {'end MB':>10} {'change':>8}")
            for name in start:
                if name in end:
                    a, b = start[name], end[name]
                    print(f"{name:24} {a:10.1f} {b:10.1f} {b - a:+8.1f}")
        finally:
            out.close()
            prod.close()
            worker.terminate()
            worker.wait(30)


if __name__ == "__main__":
    main()
