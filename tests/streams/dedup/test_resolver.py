"""The resolver against a real redis-server."""
import threading

import pytest

from streams.dedup import textsim
from streams.dedup.resolver import Resolver
from tests.streams.dedup.conftest import enriched


@pytest.fixture
def resolver(redis_client, namespace):
    return Resolver(redis_client, namespace=namespace, ttl_seconds=3600, window_days=3)


def snapshot(client, namespace):
    """Every key of the namespace with its value (strings and sorted sets)."""
    out = {}
    for k in client.scan_iter(f"{namespace}:*"):
        out[k] = client.zrange(k, 0, -1, withscores=True) if client.type(k) == "zset" else client.get(k)
    return out


def test_same_article_twice_changes_nothing(resolver, redis_client, namespace):
    first = resolver.resolve(enriched("a"))
    keys_before = snapshot(redis_client, namespace)
    again = resolver.resolve(enriched("a"))
    assert again == first and snapshot(redis_client, namespace) == keys_before


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
    resolver.resolve({**enriched("a"), "minhash": textsim.minhash("Two men were shot in Bastrop on Saturday.")})
    resolver.resolve(enriched("b", fingerprint="fp-a"))
    keys = list(redis_client.scan_iter(f"{namespace}:*"))
    assert {k.split(":")[1] for k in keys} == {"article", "fp", "lsh", "sig", "ix", "prof", "incident"}
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


STORY = [
    "Bastrop police said two women, a man and a three-year-old boy were found dead at the Arbors of "
    "Bastrop Apartments late on Saturday after neighbours heard a burst of gunfire near the pool.",
    "Investigators believe Alejandro Martinez, 20, shot Erica Rodriguez and Paula Nino before turning "
    "the gun on himself, according to a statement released by the department on Sunday morning.",
    "Residents described the complex as quiet. One woman said she had moved there with her children "
    "only a month ago and had never heard an argument through the thin walls of her unit.",
    "The police chief asked anyone with information to call the department and said counsellors "
    "would be available at the community centre for families who need support this week.",
]


def with_text(article_id: str, paragraphs: list[str], **kw) -> dict:
    body = "\n\n".join(paragraphs)
    return {**enriched(article_id, fingerprint=f"fp-{article_id}", **kw),
            "minhash": textsim.minhash(body), "terms": textsim.term_vector(body)}


def test_republished_copy_is_a_near_duplicate(resolver):
    original = resolver.resolve(with_text("orig", STORY))["record"]
    copy = STORY[1:3] + [STORY[0]] + ["(c) 2016 Example Media. All rights reserved. Click here to subscribe."]
    republished = resolver.resolve(with_text("copy", copy, type_=None))["record"]
    assert republished["duplicate_of"] == "orig"
    assert republished["incident"]["incident_id"] == original["incident"]["incident_id"]


def test_own_report_of_the_same_incident_is_no_duplicate(resolver):
    resolver.resolve(with_text("orig", STORY))
    own = ["Four people died in a shooting at a Bastrop apartment complex, officers told reporters.",
           "The victims were identified as Erica Rodriguez, Paula Nino, a toddler and the suspected gunman."]
    rec = resolver.resolve(with_text("own", own))["record"]
    assert rec["duplicate_of"] is None


def test_two_workers_resolving_different_reports_of_one_new_incident(redis_server, namespace):
    """Concurrent first reports with different words and ids still end in one incident."""
    import redis

    texts = [[STORY[0]], [STORY[1]], [STORY[2]], [STORY[3]]]
    barrier = threading.Barrier(len(texts))
    results = {}

    def work(i):
        r = Resolver(redis.Redis.from_url(redis_server.url, decode_responses=True), namespace=namespace)
        barrier.wait()
        results[i] = r.resolve(with_text(f"w{i}", texts[i], date=f"2016-07-{23 + i % 2}"))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = {res["record"]["incident"]["incident_id"] for res in results.values()}
    assert len(ids) == 1
    versions = sorted(res["incident_events"][0]["version"] for res in results.values())
    assert versions == [1, 2, 3, 4], "each report made exactly one new version"
    kinds = sorted(res["incident_events"][0]["kind"] for res in results.values())
    assert kinds == ["created", "updated", "updated", "updated"]


def test_redelivered_near_duplicate_returns_the_stored_result(resolver, redis_client, namespace):
    resolver.resolve(with_text("orig", STORY))
    first = resolver.resolve(with_text("copy", STORY[:3]))
    before = snapshot(redis_client, namespace)
    assert resolver.resolve(with_text("copy", STORY[:3])) == first
    assert snapshot(redis_client, namespace) == before
