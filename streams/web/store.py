"""The dashboard's memory: the latest state of each incident and its timeline of versions.

Pure (no Kafka, no aiohttp): ``apply`` takes one ``incidents.events`` message and says whether
it changed anything. Redeliveries (same ``event_id``) and stale versions are dropped, so the
topic can be replayed from the beginning at any time.

    >>> store = IncidentStore()
    >>> ev = {"event_id": "e1", "kind": "created", "incident_id": "inc-1", "version": 1, "cause": "a1",
    ...       "incident": {"incident_id": "inc-1", "type": "fire", "title": "T", "version": 1,
    ...                    "updated_at": "2026-03-11T10:00:00Z", "sources": [], "claims": []}}
    >>> store.apply(ev) is not None, store.apply(ev)
    (True, None)
    >>> [v["version"] for v in store.view("inc-1")["timeline"]]
    [1]
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

TIMELINE_LIMIT = 200  # versions kept per incident


def timeline_entry(event: dict[str, Any]) -> dict[str, Any]:
    """What a version changed, for the incident view's timeline: counts and the article that caused it."""
    inc = event["incident"]
    cause = next((s for s in inc.get("sources") or [] if s.get("article_id") == event.get("cause")), {})
    return {
        "version": event["version"],
        "kind": event.get("kind"),
        "event_id": event.get("event_id"),
        "cause": event.get("cause"),
        "cause_headline": cause.get("headline"),
        "cause_source": cause.get("source"),
        "cause_url": cause.get("url"),
        "updated_at": inc.get("updated_at"),
        "title": inc.get("title"),
        "killed": inc.get("killed"),
        "injured": inc.get("injured"),
        "sources": len(inc.get("sources") or []),
        "claims": len(inc.get("claims") or []),
    }


class IncidentStore:
    """Latest state per incident, most recently updated last; at most ``limit`` incidents."""

    def __init__(self, limit: int = 500):
        self.limit = limit
        self._incidents: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._timelines: dict[str, list[dict[str, Any]]] = {}
        self._seen: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._incidents)

    def apply(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """Take one event; return the incident's new view, or None when it changed nothing."""
        try:
            incident_id, version, incident = event["incident_id"], int(event["version"]), event["incident"]
        except (KeyError, TypeError, ValueError):
            return None
        if not isinstance(incident, dict):
            return None
        seen = self._seen.setdefault(incident_id, set())
        event_id = event.get("event_id") or f"{incident_id}@{version}"
        if event_id in seen:
            return None
        seen.add(event_id)
        timeline = self._timelines.setdefault(incident_id, [])
        if not any(t["version"] == version for t in timeline):
            timeline.append(timeline_entry(event))
            timeline.sort(key=lambda t: t["version"])
            del timeline[:-TIMELINE_LIMIT]
        current = self._incidents.get(incident_id)
        if current is None or version >= int(current.get("version") or 0):
            self._incidents[incident_id] = incident
            self._incidents.move_to_end(incident_id)
        self._evict()
        return self.view(incident_id)

    def _evict(self) -> None:
        while len(self._incidents) > self.limit:
            old, _ = self._incidents.popitem(last=False)
            self._timelines.pop(old, None)
            self._seen.pop(old, None)

    def view(self, incident_id: str) -> dict[str, Any] | None:
        """The incident's current state with its ``timeline`` of versions."""
        incident = self._incidents.get(incident_id)
        if incident is None:
            return None
        return {**incident, "timeline": list(self._timelines.get(incident_id, []))}

    def snapshot(self) -> list[dict[str, Any]]:
        """Every incident's view, most recently updated first: what a page gets when it joins."""
        return [self.view(i) for i in reversed(self._incidents)]
