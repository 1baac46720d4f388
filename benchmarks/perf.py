#!/usr/bin/env python3
"""Speed of the whole pipeline against spaCy's own, latency, resolution cost, start-up (issue #7).

    python benchmarks/perf.py [--articles 1000] [--processes 1 2] [--history 1000 100000] [--skip ...]

Prints, in one run on this machine:
  throughput  N articles of ../shared/data/news/articles.jsonl (or --feed) through a real broker,
              a worker and Redis, first produce to last wire.annotated, against `nlp.pipe` over
              the same texts with the same model and the same number of processes, run right
              before and right after the pipeline (the machine's speed drifts): articles/s of
              each and the ratio against the baseline's mean, per process count.
  latency     produce -> wire.annotated (broker timestamps of both messages) of a worker with
              --latency-processes spaCy processes (default 1) fed at half the maximum throughput
              measured for that same process count, over the same N articles: p50 / p95 / p99,
              and the median by body length (what the tail is made of).
  resolution  with H articles already indexed, for each H of --history: Redis round trips per
              article (counted at the client: one per request/reply exchange, a pipeline or a
              script being one) and Redis commands (counted by the server, script-internal ones
              included), resolve latency, and Redis memory per indexed article: long-lived (what
              stays after the redelivery window: receipts, indexes, incidents; and how much of
              it is incident states) and the extra held during the redelivery window (full
              results). All histories stay indexed and their probes alternate in slices, so the
              machine's drift weighs on each alike.
  startup     worker process start -> model loaded and partitions assigned ("Ready").
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streams.clients import consumer, producer  # noqa: E402
from streams.local import EmbeddedBroker, EmbeddedRedis, free_port  # noqa: E402
from streams.settings import Settings  # noqa: E402
from streams.topics import ensure_topics_for, names  # noqa: E402

DEFAULT_FEED = REPO.parent / "shared" / "data" / "news" / "articles.jsonl"


def load_articles(path: Path, n: int) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a.get("body"):
                out.append(a)
            if len(out) >= n:
                break
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


class Deployment:
    """Broker + Redis + one worker with ``processes`` spaCy processes, on fresh topics."""

    def __init__(self, broker, rds, run_dir: Path, processes: int, tag: str):
        self.env = {**os.environ, "WIREDESK_KAFKA_BROKER": broker.bootstrap, "WIREDESK_REDIS_URL": rds.url,
                    "WIREDESK_PROFILE": "local", "WIREDESK_WEB_PORT": str(free_port()),
                    "WIREDESK_TOPIC_PARTITIONS": "2", "WIREDESK_NLP_PROCESSES": str(processes),
                    "WIREDESK_APP_ID": f"perf-{tag}", "WIREDESK_TOPIC_PREFIX": f"{tag}.", "WIREDESK_NAMESPACE": tag}
        self.settings = Settings.from_env(self.env)
        ensure_topics_for(self.settings)
        self.topics = names(self.settings.topic_prefix)
        self.log = run_dir / f"worker-{tag}.log"
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], env=self.env,
                                     stdout=open(self.log, "wb"), stderr=subprocess.STDOUT)
        self.prod = producer(self.settings)
        # An article ends in wire.annotated or wire.deadletter: both count as done.
        self.out = consumer(self.settings, self.topics["annotated"], self.topics["deadletter"])
        self.seq = 0

    def wait_ready(self, timeout: float = 120) -> float:
        """Seconds from process start to 'NLP pool ready' and Faust 'Ready' both logged."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            if "NLP pool ready" in text and "[^Worker]: Ready" in text:
                return time.monotonic() - self.started
            time.sleep(0.05)
        raise TimeoutError(f"worker not ready; see {self.log}")

    def publish(self, articles: list[dict], rate: float | None = None) -> None:
        t0 = time.monotonic()
        for i, a in enumerate(articles):
            aid = f"{a['id']}#{self.seq}"
            self.seq += 1
            self.prod.send(self.topics["articles"], key=aid.encode(), value=json.dumps({**a, "id": aid}).encode())
            if rate:
                time.sleep(max(0.0, t0 + (i + 1) / rate - time.monotonic()))
        self.prod.flush()

    def await_annotated(self, n: int, timeout: float = 1800) -> list:
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < n and time.monotonic() < deadline:
            for batch in self.out.poll(timeout_ms=200).values():
                got += batch
        if len(got) < n:
            raise TimeoutError(f"{len(got)}/{n} annotated; see {self.log}")
        return got

    def close(self) -> None:
        self.out.close()
        self.prod.close()
        self.proc.terminate()
        self.proc.wait(30)


def spacy_baseline(texts: list[str], processes: int) -> float:
    """articles/s of plain nlp.pipe, same model and components, in a fresh process."""
    code = ("import json,sys,time; from streams.nlp.pipeline import load_nlp; nlp=load_nlp(); "
            "texts=json.load(sys.stdin); list(nlp.pipe(texts[:20])); t=time.monotonic(); "
            f"list(nlp.pipe(texts, batch_size=32, n_process={processes})); print(len(texts)/(time.monotonic()-t))")
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True,
                         check=True, cwd=REPO)
    return float(out.stdout.strip().splitlines()[-1])


def cpu_seconds(dep: Deployment, broker, rds) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each part of the run: the worker's spaCy
    processes, the worker itself (Faust loop, JSON, Kafka clients, resolve), the broker, Redis and
    this harness (producer and consumer)."""
    import psutil

    def used(p) -> float:
        try:
            t = p.cpu_times()
            return t.user + t.system
        except psutil.NoSuchProcess:
            return 0.0

    worker = psutil.Process(dep.proc.pid)
    return {"spaCy processes": sum(used(c) for c in worker.children(recursive=True)), "worker": used(worker),
            "broker": used(psutil.Process(broker.proc.pid)), "redis": used(psutil.Process(rds.proc.pid)),
            "harness": used(psutil.Process())}


def throughput(broker, rds, run_dir, articles, processes: int) -> tuple[float, float, dict[str, float]]:
    """(articles/s end to end, start-up seconds, CPU milliseconds per article by part)."""
    dep = Deployment(broker, rds, run_dir, processes, f"tp{processes}")
    try:
        startup = dep.wait_ready()
        dep.publish(articles[:20])
        dep.await_annotated(20)
        cpu0, t0 = cpu_seconds(dep, broker, rds), time.monotonic()
        dep.publish(articles)
        dep.await_annotated(len(articles))
        rate = len(articles) / (time.monotonic() - t0)
        cpu1 = cpu_seconds(dep, broker, rds)
        return rate, startup, {k: 1000 * (cpu1[k] - cpu0[k]) / len(articles) for k in cpu0}
    finally:
        dep.close()


def latency(broker, rds, run_dir, articles, rate: float, processes: int = 1) -> list[tuple[float, int]]:
    """(seconds from produce to wire.annotated, words of the body) of each article."""
    words = {a["id"]: len(a["body"].split()) for a in articles}
    dep = Deployment(broker, rds, run_dir, processes, "lat")
    try:
        dep.wait_ready()
        dep.publish(articles[:20])
        dep.await_annotated(20)
        ts_in: dict[str, int] = {}
        cons_in = consumer(dep.settings, dep.topics["articles"])
        dep.publish(articles, rate=rate)
        got = dep.await_annotated(len(articles))
        while len(ts_in) < len(articles) + 20:
            for batch in cons_in.poll(timeout_ms=500).values():
                for m in batch:
                    ts_in[m.key.decode()] = m.timestamp
        cons_in.close()
        return [((m.timestamp - ts_in[m.key.decode()]) / 1000, words[m.key.decode().rpartition("#")[0]]) for m in got
                if m.topic == dep.topics["annotated"] and m.key.decode() in ts_in]
    finally:
        dep.close()


def counting_client(url: str):
    """A redis-py client that counts its round trips (request/reply exchanges) in ``.trips[0]``."""
    import redis

    trips = [0]

    class Counting(redis.Connection):
        def send_packed_command(self, command, check_health=True):
            trips[0] += 1
            return super().send_packed_command(command, check_health)

    kwargs = redis.ConnectionPool.from_url(url).connection_kwargs
    client = redis.Redis(connection_pool=redis.ConnectionPool(connection_class=Counting, decode_responses=True,
                                                              **{k: v for k, v in kwargs.items()
                                                                 if k != "decode_responses"}))
    client.trips = trips
    return client


def server_commands(client) -> int:
    return sum(v["calls"] for v in client.info("commandstats").values())


def shifted(e: dict, round_: int, article_id: str) -> dict:
    """Enriched record ``e`` as a new story of round ``round_``: days moved 100 days per round and
    the MinHash slots remapped per round, so rounds share neither incidents nor near-duplicates,
    while within a round the records relate as the real ones do."""
    import datetime as dt
    import random

    def move(day: str | None) -> str | None:
        try:
            return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=100 * round_)).isoformat() + day[10:]
        except (TypeError, ValueError):
            return day

    out = {**e, "id": article_id, "fingerprint": f"{e['fingerprint']}-{article_id}",
           "published_at": move(e.get("published_at"))}
    if e.get("facts"):
        out["facts"] = {**e["facts"], "date": move(e["facts"].get("date"))}
    if e.get("minhash"):
        mask = random.Random(round_).getrandbits
        out["minhash"] = [v ^ mask(32) for v in e["minhash"]]
    return out


def key_bytes(client, pattern: str) -> int:
    """Bytes Redis holds for the keys matching ``pattern`` (``MEMORY USAGE``, exact, summed)."""
    total = 0
    keys = list(client.scan_iter(match=pattern, count=5000))
    for i in range(0, len(keys), 1000):
        pipe = client.pipeline(transaction=False)
        for key in keys[i:i + 1000]:
            pipe.memory_usage(key, samples=0)
        total += sum(v or 0 for v in pipe.execute())
    return total


def resolution(rds_url: str, enriched: list[dict], history: list[int], probe: int = 500,
               rounds: int = 10) -> list[dict]:
    """Resolve cost with H articles already indexed. History: the real enriched records again and
    again, each round as new stories 100 days later (:func:`shifted`), so incidents keep the sizes
    of one real round; probes: one more round (new incidents, matches, near-duplicates). The
    history is resolved with a 1 s redelivery window (its full results expire as it goes); the
    probes with the default window, whose cost is then measured by dropping their full results.

    Every history stays indexed (one namespace each) and the probes run in ``rounds`` slices that
    alternate between the histories, so a drift of the machine's speed (several percent within
    minutes here) weighs on every history alike and their latency ratio compares like with like."""
    import math

    from streams.dedup.resolver import Resolver

    client = counting_client(rds_url)
    n_base = len(enriched)
    runs = []
    for h in history:
        ns = f"hist{h}"
        base = client.info("memory")["used_memory"]
        filler = Resolver(client, namespace=ns, redelivery_ttl_seconds=1)
        t0 = time.monotonic()
        for i in range(h):
            filler.resolve(shifted(enriched[i % n_base], i // n_base, f"h{i}"))
        fill = time.monotonic() - t0
        time.sleep(1.5)
        for key in client.scan_iter(match=filler.key("res", "*"), count=5000):  # expire the stragglers
            client.exists(key)
        resolver = Resolver(client, namespace=ns)
        resolver.resolve(shifted(enriched[0], -1, "warm-up"))  # scripts loaded (in another window)
        long_lived = (client.info("memory")["used_memory"] - base) / (h + 1)
        states = key_bytes(client, resolver.key("incident", "*")) / (h + 1)
        probes = [shifted(enriched[(i * 7) % n_base], (h - 1) // n_base + 1, f"p{i}") for i in range(probe)]
        runs.append({"history": h, "fill_per_s": h / fill if fill else 0, "long_lived": long_lived,
                     "states": states, "resolver": resolver, "probes": probes, "lat": [], "trips": 0, "calls": 0})
    size = math.ceil(probe / rounds)
    for k in range(rounds):
        for run in runs:
            part = run["probes"][k * size:(k + 1) * size]
            calls0 = server_commands(client)
            trips0 = client.trips[0]
            for p in part:
                t = time.perf_counter()
                run["resolver"].resolve(p)
                run["lat"].append(time.perf_counter() - t)
            run["trips"] += client.trips[0] - trips0
            run["calls"] += server_commands(client) - calls0 - 1  # the first INFO is counted by the second
    rows = []
    for run in runs:
        # The probes' redelivery window passes: their full results expire (dropped here).
        mem = client.info("memory")["used_memory"]
        client.unlink(*[run["resolver"].key("res", p["id"]) for p in run["probes"]])
        after = client.info("memory")["used_memory"]
        rows.append({"history": run["history"], "fill_per_s": run["fill_per_s"], "roundtrips": run["trips"] / probe,
                     "commands": run["calls"] / probe, "p50_ms": 1000 * statistics.median(run["lat"]),
                     "p99_ms": 1000 * pct(run["lat"], 99), "long_lived": run["long_lived"], "states": run["states"],
                     "window": (mem - after) / probe})
    client.flushdb()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feed", type=Path, default=DEFAULT_FEED)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--history", type=int, nargs="+", default=[1000, 100_000])
    ap.add_argument("--latency-processes", type=int, default=1,
                    help="spaCy processes of the latency worker (fed at half their measured maximum)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["throughput", "latency", "resolution"])
    args = ap.parse_args()
    # SIGTERM (a timeout, a kill) unwinds like Ctrl-C, so the embedded broker, Redis and worker
    # are stopped instead of left running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not args.feed.exists():
        sys.exit(f"{args.feed} is absent: pass --feed FILE.jsonl (wire articles)")
    articles = load_articles(args.feed, args.articles)
    texts = [a["body"] for a in articles]
    run_dir = Path(tempfile.mkdtemp(prefix="wiredesk-perf-"))
    print(f"{len(articles)} articles ({sum(len(t.split()) for t in texts)} words) from {args.feed}; logs in {run_dir}")
    with EmbeddedBroker(log_dir=run_dir) as broker, EmbeddedRedis(log_dir=run_dir) as rds:
        per: dict[int, float] = {}
        if "throughput" not in args.skip:
            # The machine's speed drifts by several percent over minutes: nlp.pipe runs right before
            # and right after the pipeline, and the ratio is against the mean of the two.
            print(f"\n{'processes':>9} {'pipeline/s':>11} {'nlp.pipe/s':>11} {'(before':>8} {'after)':>7} {'ratio':>6} "
                  f"{'start-up s':>11}")
            for n in args.processes:
                before = spacy_baseline(texts, n)
                rate, startup, cpu = throughput(broker, rds, run_dir, articles, n)
                after = spacy_baseline(texts, n)
                pipe_rate = (before + after) / 2
                per[n] = rate
                print(f"{n:>9} {rate:>11.1f} {pipe_rate:>11.1f} {before:>8.1f} {after:>7.1f} {rate / pipe_rate:>6.2f} "
                      f"{startup:>11.1f}", flush=True)
                print(f"{'':>9} CPU ms per article: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
                      + f" (nlp.pipe alone: {1000 * n / pipe_rate:.1f} ms of CPU per article at most)", flush=True)
            if 1 in per and 2 in per:
                print(f"two processes / one: {per[2] / per[1]:.2f}x")
        if "latency" not in args.skip:
            n = args.latency_processes
            if n not in per:  # the maximum of the very deployment whose latency is measured
                per[n], _, _ = throughput(broker, rds, run_dir, articles, n)
                print(f"\n{n}-process maximum: {per[n]:.1f} articles/s")
            rate = per[n] / 2
            # The same articles as the maximum was measured on: a subset of other lengths (the first
            # 300 average 777 words against 599 for all 1,000) would load the worker more than half.
            timed = latency(broker, rds, run_dir, articles, rate, n)
            lat = [seconds for seconds, _ in timed]
            print(f"\nlatency of a {n}-process worker at {rate:.1f} articles/s = half its measured maximum "
                  f"(produce -> wire.annotated, {len(lat)} articles): "
                  f"p50 {pct(lat, 50):.3f} s, p95 {pct(lat, 95):.3f} s, p99 {pct(lat, 99):.3f} s")
            # what the tail is made of: the longer the text, the longer its parse
            bands = [(0, 500), (500, 1000), (1000, 2000), (2000, None)]
            print("median by length: " + ", ".join(
                (f"{lo}-{hi - 1} words" if hi else f"{lo}+ words") + f" {statistics.median(part):.3f} s ({len(part)})"
                for lo, hi in bands
                if (part := [t for t, w in timed if w >= lo and (hi is None or w < hi)])))
        if "resolution" not in args.skip:
            from streams.nlp.extract import enrich_batch

            enriched = enrich_batch(articles[:300])
            print(f"\n{'history':>8} {'round trips':>12} {'commands':>9} {'resolve p50 ms':>15} {'p99 ms':>7} "
                  f"{'long-lived B':>13} {'states B':>9} {'window B':>9}   (per article)")
            rows = resolution(rds.url, enriched, args.history)
            for r in rows:
                print(f"{r['history']:>8} {r['roundtrips']:>12.2f} {r['commands']:>9.1f} {r['p50_ms']:>15.2f} "
                      f"{r['p99_ms']:>7.2f} {r['long_lived']:>13.0f} {r['states']:>9.0f} {r['window']:>9.0f}")
            print("long-lived: Redis bytes per indexed article once the redelivery window has passed; states: "
                  "the part of it that is incident states (their claims, entities and sources; the rest is the "
                  "index: fingerprints, LSH bands, receipts, feature indexes, profiles); window: the extra bytes "
                  "each article holds during the window (its full result)")
            if len(rows) >= 2:
                print(f"latency ratio {rows[-1]['history']}/{rows[0]['history']}: "
                      f"{rows[-1]['p50_ms'] / rows[0]['p50_ms']:.2f}")


if __name__ == "__main__":
    main()
