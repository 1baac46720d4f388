"""Issue #2's acceptance on real news: 200 articles + 20 malformed messages through a worker."""
from __future__ import annotations

import json

import pytest

from tests.conftest import read_jsonl, shared_file
from tests.integration.conftest import by_id
from tests.integration.test_pipeline import run_process

pytestmark = [pytest.mark.integration, pytest.mark.shared_data]

N = 200


def malformed(n: int = 20) -> list[bytes]:
    """``n`` distinct messages that must all be dead-lettered, of every kind the decoder knows."""
    kinds = [
        lambda i: f"not json at all {i}".encode(),
        lambda i: f'{{"id": "trunc-{i}", "body": "cut'.encode(),
        lambda i: json.dumps([i, "a list"]).encode(),
        lambda i: json.dumps({"id": f"nobody-{i}", "headline": "no body"}).encode(),
        lambda i: json.dumps({"id": f"empty-{i}", "body": "  "}).encode(),
        lambda i: json.dumps({"id": i, "body": "numeric id"}).encode(),
        lambda i: json.dumps({"id": f"huge-{i}", "body": "x" * 1_000_001}).encode(),
        lambda i: b"\xc3\x28 invalid utf-8 " + str(i).encode(),
        lambda i: b"[" * (20_000 + i),
        lambda i: json.dumps({"id": f"typed-{i}", "body": "ok", "published_at": 2016}).encode(),
    ]
    return [kinds[i % len(kinds)](i) for i in range(n)]


def test_200_news_articles_and_20_malformed(ordered_pipeline, tmp_path):
    articles = read_jsonl(shared_file("news/articles.jsonl"), limit=N)
    feed = tmp_path / "news200.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    good = [json.dumps(a).encode() for a in articles]
    bad = malformed()
    p = ordered_pipeline
    ids = {a["id"] for a in articles}

    p.produce(good + bad)
    annotated = p.collect("annotated", lambda ms: ids <= {m["id"] for m in ms}, timeout=600)
    dead = p.collect("deadletter", lambda ms: len(ms) >= len(bad), timeout=60)
    assert sorted(by_id(annotated)) == sorted(ids) and all(len(v) == 1 for v in by_id(annotated).values())
    assert len(annotated) == N and len(dead) == len(bad)
    events = p.drain("incidents")
    first_events = {e["event_id"] for e in events}
    first_incidents = {e["incident_id"] for e in events}

    # The same 200 again: nothing new but identical redeliveries.
    p.produce(good)
    again = p.collect("annotated", lambda ms: len(ms) >= 2 * N, timeout=600)
    for rid, recs in by_id(again).items():
        assert len(recs) == 2 and recs[0] == recs[1], rid
    events = p.collect("incidents", lambda ms: len(ms) >= 2 * len(first_events), timeout=60)
    assert {e["event_id"] for e in events} == first_events, "no new event id"
    assert {e["incident_id"] for e in events} == first_incidents, "no new incident"

    # Offline, the same records.
    offline = run_process(p.env, feed, tmp_path / "records.jsonl")
    stream = {r["id"]: r for r in annotated}
    assert [stream[r["id"]] for r in offline] == offline
