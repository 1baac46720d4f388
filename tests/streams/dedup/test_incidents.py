import datetime as dt

from streams.dedup import incidents as inc
from streams.dedup.claims import claim_events
from tests.streams.dedup.conftest import claim, enriched

NOW = "2026-01-01T00:00:00+00:00"


def test_ids_are_deterministic_and_distinct():
    assert inc.incident_id_for("a") == inc.incident_id_for("a") != inc.incident_id_for("b")
    assert inc.event_id("inc-1", 1, "a") == inc.event_id("inc-1", 1, "a")
    assert len({inc.event_id("inc-1", 1, "a"), inc.event_id("inc-1", 2, "a"), inc.event_id("inc-1", 1, "b")}) == 3


def test_window_is_nearest_first():
    days = inc.window_days(dt.date(2018, 11, 24), 2)
    assert days == ["2018-11-24", "2018-11-23", "2018-11-25", "2018-11-22", "2018-11-26"]
    assert inc.window_days(None, 3) == ["undated"]


def test_event_day_prefers_incident_date_then_publication():
    assert inc.event_day({"date": "2016-07-23"}, "2016-07-25T10:00:00Z") == dt.date(2016, 7, 23)
    assert inc.event_day({"date": None}, "2016-07-25T10:00:00Z") == dt.date(2016, 7, 25)
    assert inc.event_day({"date": None}, None) is None


def test_place_key_uses_all_known_levels():
    assert inc.place_key({"city": "Bastrop", "state": "Texas", "country": "United States"}) == \
        "united states/texas/bastrop"
    assert inc.place_key({"name": "the Gaza Strip"}) == "name:the gaza strip"
    assert inc.place_key(None) is None and inc.place_key({}) is None


def test_index_suffixes_need_a_place():
    facts = enriched("a", city=None, state=None, country=None)["facts"]
    assert inc.index_suffixes(facts, None, 3) is None
    suffixes = inc.index_suffixes(enriched("a")["facts"], None, 1)
    assert suffixes[0] == "shooting|united states/texas/bastrop|2016-07-23" and len(suffixes) == 3


def test_merge_creates_then_updates_and_is_idempotent():
    s1 = inc.merge_article(None, "inc-x", enriched("a", killed=1, injured=2), None, NOW)
    assert s1["version"] == 1 and s1["killed"] == 1 and [s["article_id"] for s in s1["sources"]] == ["a"]
    s2 = inc.merge_article(s1, "inc-x", enriched("b", killed=2, injured=None), None, NOW)
    assert s2["version"] == 2 and s2["killed"] == 2 and s2["injured"] == 2
    assert s1["version"] == 1, "the input state must not be mutated"
    assert inc.merge_article(s2, "inc-x", enriched("b", killed=9), None, NOW) is s2


def test_claims_merge_by_speaker_and_content():
    c = claim("Police Chief Ana Ruiz", "Two people were hurt.")
    s = inc.merge_article(None, "i", enriched("a", claims=[c]), None, NOW)
    s = inc.merge_article(s, "i", enriched("b", claims=[claim("Police Chief Ana Ruiz", "two people were HURT")]),
                          None, NOW)
    s = inc.merge_article(s, "i", enriched("c", claims=[claim("The mayor", "Two people were hurt.")]), None, NOW)
    assert [sorted(c["sources"]) for c in s["claims"]] == [["a", "b"], ["c"]]


def test_bounds_hold():
    s = None
    for i in range(inc.MAX_SOURCES + 5):
        s = inc.merge_article(s, "i", enriched(f"a{i}", claims=[claim(f"p{i}", f"claim {i}")]), None, NOW)
    assert len(s["sources"]) == inc.MAX_SOURCES and len(s["claims"]) == inc.MAX_CLAIMS
    assert len(s["entities"]) <= inc.MAX_ENTITIES


def test_record_fills_missing_facts_from_incident():
    s = inc.merge_article(None, "i", enriched("a", killed=3), None, NOW)
    rec = inc.record(enriched("b", date=None, killed=None), s, "a")
    assert rec["incident"]["incident_id"] == "i" and rec["incident"]["killed"] == 3
    assert rec["incident"]["date"] == "2016-07-23" and rec["duplicate_of"] == "a"
    assert inc.record(enriched("c", type_=None), None, None)["incident"] is None


def test_events():
    s = inc.merge_article(None, "i", enriched("a", claims=[claim("x", "y"), claim("x", "y")]), None, NOW)
    ev = inc.incident_event(s, "a")
    assert ev["kind"] == "created" and ev["version"] == 1 and ev["incident"] is s
    claims = claim_events(s, enriched("a", claims=[claim("x", "y"), claim("x", "y")]))
    assert len(claims) == 1 and claims[0]["incident_id"] == "i"
