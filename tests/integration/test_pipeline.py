"""The whole path through Kafka: wire.articles -> enrich -> resolve -> outputs, dead letters, redelivery."""
from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from streams.cli import sample_feed_path
from tests.integration.conftest import by_id

pytestmark = pytest.mark.integration


def _sample_lines() -> list[bytes]:
    return [ln.rstrip(b"\n") for ln in sample_feed_path().read_bytes().splitlines(keepends=True) if ln.strip()]


def _valid_ids(lines: list[bytes]) -> set[str]:
    ids = set()
    for ln in lines:
        try:
            d = json.loads(ln)
            if d.get("body"):
                ids.add(d["id"])
        except ValueError:
            pass
    return ids


def test_sample_feed_end_to_end_and_redelivery(pipeline):
    lines = _sample_lines()
    ids = _valid_ids(lines)
    pipeline.produce(lines)
    annotated = pipeline.collect("annotated", lambda ms: ids <= {m["id"] for m in ms})
    dead = pipeline.collect("deadletter", lambda ms: len(ms) >= len(lines) - len(ids))
    assert sorted(d["reason"] for d in dead) == ["missing_field", "not_json"]
    records = {r["id"]: r for r in annotated}
    # The republished copy and the original: whichever was resolved first is the original
    # (they may sit on different partitions).
    copy, original = "daytondaily-0311-77", "ap-2026-0311-fire"
    assert {records[copy]["duplicate_of"], records[original]["duplicate_of"]} in ({None, original}, {None, copy})
    rates = records["bbc-0313-rates"]["incident"]  # outside the taxonomy: a story of its own
    assert rates["type"] == "other"
    fire = records["ap-2026-0311-fire"]["incident"]
    assert fire and fire["location"]["city"] == "Dayton"
    assert records["daytondaily-0311-77"]["incident"]["incident_id"] == fire["incident_id"]
    events = pipeline.drain("incidents")
    latest = {}
    for ev in events:
        if ev["version"] > latest.get(ev["incident_id"], {"version": 0})["version"]:
            latest[ev["incident_id"]] = ev["incident"]
    # Four incidents: the Dayton fire (original, republished copy, death-toll update), the
    # Nairobi protest (two agencies), the Lubbock shooting (report, arrest follow-up) and the
    # interest-rate story, which shares nothing with them.
    assert sorted(len(i["sources"]) for i in latest.values()) == [1, 2, 2, 3]
    assert {i["type"] for i in latest.values()} == {"fire", "protest", "shooting", "other"}
    assert latest[rates["incident_id"]]["sources"][0]["article_id"] == "bbc-0313-rates"

    # Redelivery: the same feed again changes no record, creates no incident and no new event id.
    pipeline.produce(lines)
    again = pipeline.collect("annotated", lambda ms: len(ms) >= 2 * len(ids))
    for rid, recs in by_id(again).items():
        assert len(recs) == 2 and recs[0] == recs[1], rid
    events_after = pipeline.collect("incidents", lambda ms: len(ms) >= len(events))
    payloads: dict[str, str] = {}
    for ev in events_after:
        canonical = json.dumps(ev, sort_keys=True)
        assert payloads.setdefault(ev["event_id"], canonical) == canonical, "one event id, two payloads"
    assert {e["event_id"] for e in events_after} == {e["event_id"] for e in events}
    assert {e["incident_id"] for e in events_after} == {e["incident_id"] for e in events}


BAD_MESSAGES = {
    b"": "empty_message",
    b"\xff\xfe\xfa": "invalid_utf8",
    b'{"id": "bad-1", "body": "unterminated': "not_json",
    b"[1, 2, 3]": "not_object",
    b'{"id": "bad-2"}': "missing_field",
    b'{"id": "bad-3", "body": ""}': "empty_body",
    b'{"id": "bad-4", "body": 42}': "wrong_type",
    b'{"id": "bad-5", "body": "' + b"a" * 1_000_001 + b'"}': "too_large",
    b"[" * 50_000: "not_json",
}


def test_bad_input_is_dead_lettered_and_the_worker_keeps_going(pipeline):
    good = json.dumps({"id": "after-bad", "body": "Police said a fire broke out in Dayton, Ohio, on Monday."})
    pipeline.produce(list(BAD_MESSAGES) + [good.encode()])
    by_hash = {hashlib.sha256(raw).hexdigest(): raw for raw in BAD_MESSAGES}
    dead = pipeline.collect("deadletter", lambda ms: len({m["raw_sha256"] for m in ms} & set(by_hash)) == len(by_hash))
    for letter in dead:
        raw = by_hash.get(letter["raw_sha256"])
        if raw is None:
            continue
        assert letter["reason"] == BAD_MESSAGES[raw], letter["error"]
        assert letter["stage"] == "decode" and letter["topic"] == pipeline.topics["articles"]
        assert letter["offset"] is not None and letter["error"]
        kept = base64.b64decode(letter["raw"])
        assert raw.startswith(kept) and letter["raw_bytes"] == len(raw)
        assert (kept == raw) != letter["raw_truncated"]
    annotated = pipeline.collect("annotated", lambda ms: any(m["id"] == "after-bad" for m in ms))
    assert any(m["id"] == "after-bad" for m in annotated)


def test_seed_article_through_kafka(pipeline, seed_article):
    from tests.streams.nlp.acceptance import check_seed_record

    pipeline.produce([json.dumps(seed_article).encode()])
    annotated = pipeline.collect("annotated", lambda ms: any(m["id"] == seed_article["id"] for m in ms))
    record = next(m for m in annotated if m["id"] == seed_article["id"])
    check_seed_record(seed_article, record)


def run_process(env: dict[str, str], articles: Path, out: Path) -> list[dict]:
    env = {**env, "WIREDESK_NAMESPACE": "unused"}
    env.pop("WIREDESK_REDIS_URL")  # process starts its own redis-server when none is configured
    subprocess.run([sys.executable, "-m", "streams.cli", "process", str(articles), "--out", str(out)],
                   check=True, env=env, timeout=900)
    return [json.loads(ln) for ln in out.read_text().splitlines()]


def test_offline_process_gives_the_stream_records(ordered_pipeline, tmp_path):
    """`wiredesk process` on the sample feed gives exactly the records the stream produced.

    One partition, so the stream resolves in file order as `process` does: which of two copies is
    the original, and which report creates an incident, depend on arrival order."""
    lines = _sample_lines()
    offline = run_process(ordered_pipeline.env, sample_feed_path(), tmp_path / "records.jsonl")
    assert len(offline) == len(lines)
    good = [r for r in offline if "error" not in r]
    assert {r["id"] for r in good} == _valid_ids(lines)
    assert {r["error"]["reason"] for r in offline if "error" in r} == {"not_json", "missing_field"}
    ordered_pipeline.produce(lines)
    wanted = {r["id"] for r in good}
    stream = {r["id"]: r for r in ordered_pipeline.collect("annotated", lambda ms: wanted <= {m["id"] for m in ms})}
    assert [stream[r["id"]] for r in good] == good


def hostile_messages(n: int = 60, seed: int = 1) -> list[bytes]:
    """Random bytes, nasty but valid articles (controls, bidi, CJK, markup), bad JSON, deep nesting."""
    import random

    from tests.streams.test_hostile_input import NASTY

    rnd = random.Random(seed)
    out: list[bytes] = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            out.append(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200))) + str(i).encode())
        elif kind in (1, 2):
            body = "".join(rnd.choice(NASTY) for _ in range(rnd.randrange(1, 60)))
            out.append(json.dumps({"id": f"hostile-{i}", "body": body or "x",
                                   "headline": rnd.choice(NASTY)}).encode())
        elif kind == 3:
            out.append(b'{"id": "hostile-%d", "body": ' % i + b"[" * rnd.randrange(100, 50_000))
        else:
            out.append(json.dumps({"id": f"hostile-{i}", "body": "Police said: " + "A" * 1_000_000}).encode())
    return out


def test_hostile_messages_each_end_in_exactly_one_topic(pipeline):
    msgs = hostile_messages()
    pipeline.produce(msgs)
    ids = {json.loads(m)["id"]: m for m in msgs if m.startswith(b'{"id": "hostile-') and m.endswith(b"}")}
    shas = {hashlib.sha256(m).hexdigest(): m for m in msgs}
    pipeline.collect("annotated", lambda ms: len({m["id"] for m in ms} & set(ids)) >= 1, timeout=300)
    letters = pipeline.drain("deadletter", idle=5)
    annotated = pipeline.drain("annotated", idle=5)
    landed = {m["id"] for m in annotated} & set(ids)
    dead = {m["raw_sha256"] for m in letters} & set(shas)
    for i, msg in enumerate(msgs):
        in_annotated = any(ids.get(a) == msg for a in landed)
        in_dead = hashlib.sha256(msg).hexdigest() in dead
        assert in_annotated != in_dead, f"message {i} ended in {'both' if in_annotated else 'neither'}"
    assert pipeline.workers[0].poll() is None
