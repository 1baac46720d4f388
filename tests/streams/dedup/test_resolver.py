"""The resolver against a real redis-server."""
import threading

import pytest

from streams.dedup import textsim
from streams.dedup.resolver import Resolver
from tests.streams.dedup.conftest import claim, enriched


@pytest.fixture
def resolver(redis_client, namespace):
    return Resolver(redis_client, namespace=namespace, ttl_seconds=3600, window_days=3, redelivery_ttl_seconds=60)


def snapshot(client, namespace):
    """Every key of the namespace with its value (strings, hashes and sorted sets), as bytes
    (receipts end with a binary signature)."""
    import redis

    client = redis.Redis(**{**client.connection_pool.connection_kwargs, "decode_responses": False})
    out = {}
    for k in client.scan_iter(f"{namespace}:*".encode()):
        kind = client.type(k)
        out[k] = (client.zrange(k, 0, -1, withscores=True) if kind == b"zset"
                  else client.hgetall(k) if kind == b"hash" else client.get(k))
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
    assert {k.split(":")[1] for k in keys} == {"res", "rcpt", "lsh", "ix", "pf", "incident"}
    # index buckets expire with their generation: one to two TTLs after their first entry
    assert all(0 < redis_client.ttl(k) <= (7200 if ":lsh:" in k else 3600) for k in keys)
    assert all(0 < redis_client.ttl(k) <= 60 for k in keys if ":res:" in k), "the redelivery window"


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


# ---------------------------------------------------------------- after the redelivery window
def exact(result):
    """A result as it goes on the wire (byte for byte)."""
    import json

    return json.dumps(result)


def test_late_redelivery_rebuilds_record_and_events_while_the_incident_is_unchanged(redis_client, namespace):
    import time

    resolver = Resolver(redis_client, namespace=namespace, ttl_seconds=3600, redelivery_ttl_seconds=1)
    said = claim("Police", "two people were shot near the station on Friday night")
    first = resolver.resolve(enriched("a", claims=[said]))
    assert redis_client.exists(f"{namespace}:res:a")
    time.sleep(1.2)  # the window passes: the full result expires, the receipt stays
    assert not redis_client.exists(f"{namespace}:res:a")
    before = snapshot(redis_client, namespace)
    again = resolver.resolve(enriched("a", claims=[said]))
    assert exact(again) == exact(first) and again["incident_events"] and again["claim_events"]
    assert snapshot(redis_client, namespace) == before, "a redelivery writes nothing"


def test_late_redelivery_after_the_incident_moved_on_resends_the_record_only(resolver, redis_client, namespace):
    said = claim("Police", "two people were shot near the station on Friday night")
    first = resolver.resolve(enriched("a", claims=[said]))
    resolver.resolve(enriched("b", date="2016-07-24", killed=2))  # the incident moves to version 2
    redis_client.delete(f"{namespace}:res:a", f"{namespace}:res:b")  # both windows passed
    again = resolver.resolve(enriched("a", claims=[said]))
    assert exact(again["record"]) == exact(first["record"])
    assert again["incident_events"] == [] and again["claim_events"] == []
    assert resolver.incident(first["record"]["incident"]["incident_id"])["version"] == 2


def test_late_redelivery_of_duplicates_and_articles_without_incident(resolver, redis_client, namespace):
    said = claim("Police", "nobody was hurt")
    resolver.resolve(enriched("a", fingerprint="same"))
    b = resolver.resolve(enriched("b", fingerprint="same", type_=None))
    resolver.resolve(with_text("orig", STORY))
    copy = resolver.resolve(with_text("copy", STORY[:3], type_=None))
    lone = Resolver(redis_client, namespace=namespace + "-lone").resolve(enriched("n", type_=None, claims=[said]))
    for key in redis_client.scan_iter(f"{namespace}*:res:*"):
        redis_client.delete(key)
    assert exact(resolver.resolve(enriched("b", fingerprint="same", type_=None))["record"]) == exact(b["record"])
    assert exact(resolver.resolve(with_text("copy", STORY[:3], type_=None))["record"]) == exact(copy["record"])
    assert copy["record"]["duplicate_of"] == "orig" and b["record"]["duplicate_of"] == "a"
    again = Resolver(redis_client, namespace=namespace + "-lone").resolve(enriched("n", type_=None, claims=[said]))
    assert exact(again) == exact(lone), "no incident: record and claim events rebuild from the input alone"


def test_near_duplicate_index_forgets_after_two_generations(resolver):
    """Band entries are read in their generation (unix time // TTL) and the next one only."""
    import datetime as dt

    t0 = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    resolver.resolve(with_text("orig", STORY), now=t0)
    one_ttl = resolver.resolve(with_text("copy1", STORY[:3], type_=None), now=t0 + dt.timedelta(seconds=3600))
    three_ttl = resolver.resolve(with_text("copy3", STORY[:3], type_=None), now=t0 + dt.timedelta(seconds=3 * 3600))
    assert one_ttl["record"]["duplicate_of"] == "orig"
    assert three_ttl["record"]["duplicate_of"] is None


def test_round_trips_per_article(redis_server, namespace):
    """A new incident or a duplicate costs two round trips; joining a matched incident three."""
    import redis

    trips = [0]

    class Counting(redis.Connection):
        def send_packed_command(self, command, check_health=True):
            trips[0] += 1
            return super().send_packed_command(command, check_health)

    pool = redis.ConnectionPool(connection_class=Counting, decode_responses=True,
                                **redis.ConnectionPool.from_url(redis_server.url).connection_kwargs)
    resolver = Resolver(redis.Redis(connection_pool=pool), namespace=namespace)
    resolver.resolve(enriched("warm-up", city="Austin"))  # loads the scripts once

    def cost(article):
        start = trips[0]
        resolver.resolve(article)
        return trips[0] - start

    assert cost(with_text("orig", STORY)) == 2, "a new incident"
    assert cost(with_text("copy", STORY[:3], type_=None)) == 2, "a near-duplicate joins its original's incident"
    assert cost(enriched("other", date="2016-07-24")) == 3, "a report matched to an incident"
    assert cost(enriched("other", date="2016-07-24")) == 1, "a redelivery"


def test_duplicate_of_an_article_whose_incident_expired_makes_it_anew(resolver, redis_client, namespace):
    a = resolver.resolve(enriched("a", fingerprint="same"))["record"]
    iid = a["incident"]["incident_id"]
    redis_client.delete(f"{namespace}:incident:{iid}", f"{namespace}:pf:{iid}")  # expired meanwhile
    b = resolver.resolve(enriched("b", fingerprint="same"))
    assert b["record"]["duplicate_of"] == "a" and b["record"]["incident"]["incident_id"] == iid
    assert [s["article_id"] for s in resolver.incident(iid)["sources"]] == ["b"]
    assert b["incident_events"][0]["version"] == 1


def test_an_incident_an_older_build_stored_is_still_matched_and_then_rewritten(resolver, redis_client, namespace):
    import redis

    raw = redis.Redis(**{**redis_client.connection_pool.connection_kwargs, "decode_responses": False})
    iid = resolver.resolve(enriched("a", date="2016-07-23"))["record"]["incident"]["incident_id"]
    # as builds before the one-string profile stored it: a hash of version and packed profile
    version, _, profile = raw.get(f"{namespace}:pf:{iid}").partition(b"\n")
    raw.delete(f"{namespace}:pf:{iid}")
    raw.hset(f"{namespace}:prof:{iid}", mapping={"v": version, "p": profile})
    b = resolver.resolve(enriched("b", date="2016-07-25"))
    assert b["record"]["incident"]["incident_id"] == iid and b["incident_events"][0]["version"] == 2
    assert not raw.exists(f"{namespace}:prof:{iid}")
    assert raw.get(f"{namespace}:pf:{iid}").partition(b"\n")[0] == b"2"
