"""The resolver against a real redis-server."""
import threading

import pytest

from streams.dedup.resolver import Resolver
from tests.streams.dedup.conftest import enriched


@pytest.fixture
def resolver(redis_client, namespace):
    return Resolver(redis_client, namespace=namespace, ttl_seconds=3600, window_days=3)


def test_same_article_twice_changes_nothing(resolver, redis_client, namespace):
    first = resolver.resolve(enriched("a"))
    keys_before = {k: redis_client.get(k) for k in redis_client.scan_iter(f"{namespace}:*")}
    again = resolver.resolve(enriched("a"))
    keys_after = {k: redis_client.get(k) for k in redis_client.scan_iter(f"{namespace}:*")}
    assert again == first and keys_after == keys_before


def test_same_text_under_another_id_is_a_duplicate_of_the_first(resolver):
    a = resolver.resolve(enriched("a", fingerprint="same"))["record"]
    b = resolver.resolve(enriched("b", fingerprint="same", type_=None))["record"]
    assert a["duplicate_of"] is None and b["duplicate_of"] == "a"
    assert b["incident"]["incident_id"] == a["incident"]["incident_id"], "a copy joins the original's incident"


def test_reports_of_one_incident_within_the_window_join(resolver):
    a = resolver.resolve(enriched("a", date="2016-07-23"))
    b = resolver.resolve(enriched("b", date="2016-07-25"))
    far = resolver.resolve(enriched("c", date="2016-08-10"))
    elsewhere = resolver.resolve(enriched("d", date="2016-07-23", city="Austin"))
    ids = [r["record"]["incident"]["incident_id"] for r in (a, b, far, elsewhere)]
    assert ids[0] == ids[1] and len(set(ids)) == 3
    assert b["incident_events"][0]["kind"] == "updated" and b["incident_events"][0]["version"] == 2
    assert [s["article_id"] for s in resolver.incident(ids[0])["sources"]] == ["a", "b"]


def test_no_facts_no_incident(resolver):
    out = resolver.resolve(enriched("a", type_=None))
    assert out["record"]["incident"] is None and out["incident_events"] == []


def test_every_key_is_namespaced_and_expires(resolver, redis_client, namespace):
    resolver.resolve(enriched("a"))
    resolver.resolve(enriched("b", fingerprint="fp-a"))
    keys = list(redis_client.scan_iter(f"{namespace}:*"))
    assert {k.split(":")[1] for k in keys} == {"article", "fp", "idx", "incident"}
    assert all(0 < redis_client.ttl(k) <= 3600 for k in keys)


def test_two_workers_creating_the_same_incident_agree(redis_server, namespace):
    """Find-or-create is atomic: concurrent first reports end in one incident with all sources."""
    import redis

    n = 8
    barrier = threading.Barrier(n)
    results = {}

    def work(i):
        r = Resolver(redis.Redis.from_url(redis_server.url, decode_responses=True), namespace=namespace)
        barrier.wait()
        results[i] = r.resolve(enriched(f"a{i}"))["record"]["incident"]["incident_id"]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results.values())) == 1
    state = Resolver(redis.Redis.from_url(redis_server.url, decode_responses=True),
                     namespace=namespace).incident(results[0])
    assert sorted(s["article_id"] for s in state["sources"]) == sorted(f"a{i}" for i in range(n))
    assert state["version"] == n
