"""IncidentStore: latest state per incident, timeline of versions, redeliveries dropped."""
from __future__ import annotations

from streams.web.store import IncidentStore


def event(incident_id: str, version: int, cause: str = "a1", killed=None, updated="2026-03-11T10:00:00Z",
          event_id: str | None = None, title: str = "Fire in Dayton") -> dict:
    sources = [{"article_id": f"a{v}", "source": f"outlet{v}.example", "headline": f"headline {v}",
                "url": f"https://example.org/{v}"} for v in range(1, version + 1)]
    return {"event_id": event_id or f"{incident_id}-{version}-{cause}", "kind": "created" if version == 1 else "updated",
            "incident_id": incident_id, "version": version, "cause": cause,
            "incident": {"incident_id": incident_id, "type": "fire", "title": title, "version": version,
                         "killed": killed, "injured": None, "updated_at": updated, "sources": sources,
                         "claims": [], "entities": []}}


def test_keeps_the_latest_version_and_a_timeline():
    store = IncidentStore()
    assert store.apply(event("i1", 1, "a1", killed=2))
    view = store.apply(event("i1", 2, "a2", killed=3))
    assert view["version"] == 2 and view["killed"] == 3
    assert [(t["version"], t["killed"], t["sources"], t["cause_headline"]) for t in view["timeline"]] == \
        [(1, 2, 1, "headline 1"), (2, 3, 2, "headline 2")]
    assert view["timeline"][1]["cause_url"] == "https://example.org/2"


def test_redelivery_and_stale_versions_change_nothing_visible():
    store = IncidentStore()
    store.apply(event("i1", 2, "a2"))
    assert store.apply(event("i1", 2, "a2")) is None  # same event id
    view = store.apply(event("i1", 1, "a1"))  # an older version arrives late (another partition)
    assert view["version"] == 2
    assert [t["version"] for t in view["timeline"]] == [1, 2]


def test_snapshot_is_most_recent_first_and_bounded():
    store = IncidentStore(limit=2)
    for i in range(3):
        store.apply(event(f"i{i}", 1))
    store.apply(event("i1", 2, "a2"))
    assert [v["incident_id"] for v in store.snapshot()] == ["i1", "i2"]
    assert store.view("i0") is None


def test_malformed_events_are_ignored():
    store = IncidentStore()
    assert store.apply({"kind": "created"}) is None
    assert store.apply({"incident_id": "x", "version": "not a number", "incident": {}}) is None
    assert store.apply({"incident_id": "x", "version": 1, "incident": "oops"}) is None
    assert len(store) == 0
