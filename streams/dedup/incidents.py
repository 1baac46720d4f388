"""Pure incident logic: ids, index keys, merging an article into an incident, events.

Nothing here talks to Redis, so every rule is unit-tested on plain dicts.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from streams.dedup.claims import digest as _digest
from streams.dedup.claims import merge_claims
from streams.dedup.claims import norm as _norm

#: Bounds on what one incident accumulates (documented in the README "Limits").
MAX_SOURCES = 500
MAX_CLAIMS = 300
MAX_ENTITIES = 100


def incident_id_for(article_id: str) -> str:
    """The id an incident gets when ``article_id`` creates it: deterministic across redeliveries."""
    return "inc-" + _digest("incident", article_id)


def event_id(incident_id: str, version: int, cause: str) -> str:
    """Deterministic event id: the same article applied to the same incident version."""
    return "evt-" + _digest(incident_id, str(version), cause, n=20)


def place_key(location: dict[str, Any] | None) -> str | None:
    """Index key part of a place: most specific level known, qualified by the levels above it."""
    if not location:
        return None
    parts = [_norm(location.get(k)) for k in ("country", "state", "city")]
    if not any(parts):
        name = _norm(location.get("name"))
        return f"name:{name}" if name else None
    return "/".join(parts)


def event_day(facts: dict[str, Any], published_at: str | None) -> dt.date | None:
    """The incident's day: its own date, else the article's publication day."""
    for value in (facts.get("date"), published_at):
        if value:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def window_days(day: dt.date | None, window: int) -> list[str]:
    """Days to look for the same incident, nearest first: ``day``, ``day±1``, ... ``day±window``."""
    if day is None:
        return ["undated"]
    out = [day.isoformat()]
    for d in range(1, window + 1):
        out += [(day - dt.timedelta(days=d)).isoformat(), (day + dt.timedelta(days=d)).isoformat()]
    return out


def index_suffixes(facts: dict[str, Any], published_at: str | None, window: int) -> list[str] | None:
    """Index key suffixes ``type|place|day`` to search, the first one being where to register.

    None when the article cannot be matched to others (no place): it gets an incident of its own.
    """
    place = place_key(facts.get("location"))
    if place is None:
        return None
    return [f"{facts['type']}|{place}|{day}" for day in window_days(event_day(facts, published_at), window)]


# ----------------------------------------------------------------------------- incident state
def _title(facts: dict[str, Any], headline: str | None) -> str:
    if headline:
        return headline
    loc = facts.get("location") or {}
    place = loc.get("city") or loc.get("name") or loc.get("state") or loc.get("country")
    title = facts["type"].replace("_", " ").capitalize()
    if place:
        title += f" in {place}"
    if facts.get("date"):
        title += f" on {facts['date']}"
    return title


def _max(a: int | None, b: int | None) -> int | None:
    values = [v for v in (a, b) if v is not None]
    return max(values) if values else None


def _source(enriched: dict[str, Any], duplicate_of: str | None) -> dict[str, Any]:
    return {"article_id": enriched["id"], "source": enriched.get("source"), "url": enriched.get("url"),
            "headline": enriched.get("headline"), "published_at": enriched.get("published_at"),
            "duplicate_of": duplicate_of}


def merge_article(state: dict[str, Any] | None, incident_id: str, enriched: dict[str, Any],
                  duplicate_of: str | None, now: str) -> dict[str, Any]:
    """Return the incident state after ``enriched`` is added (``state`` None: a new incident).

    Idempotent: an article already among the sources returns ``state`` unchanged. Counts take
    the maximum reported (tolls rise as reports come in); date and place keep the first known.
    """
    if state and any(s["article_id"] == enriched["id"] for s in state["sources"]):
        return state
    facts = enriched.get("facts") or {}
    if state is None:
        state = {"incident_id": incident_id, "type": facts.get("type", "unknown"),
                 "title": _title(facts, enriched.get("headline")) if facts else enriched.get("headline"),
                 "date": facts.get("date"), "location": facts.get("location"),
                 "killed": None, "injured": None, "entities": [], "claims": [], "sources": [],
                 "first_seen": now, "updated_at": now, "version": 0}
    else:
        state = json.loads(json.dumps(state))  # never mutate the caller's copy
    state["date"] = state["date"] or facts.get("date")
    state["location"] = state["location"] or facts.get("location")
    state["killed"] = _max(state["killed"], facts.get("killed"))
    state["injured"] = _max(state["injured"], facts.get("injured"))
    if len(state["sources"]) < MAX_SOURCES:
        state["sources"].append(_source(enriched, duplicate_of))
    state["entities"] = _merge_entities(state["entities"], enriched.get("entities", []))
    state["claims"] = merge_claims(state["claims"], enriched.get("claims", []), enriched["id"], MAX_CLAIMS)
    state["updated_at"] = now
    state["version"] += 1
    return state


def _merge_entities(current: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter({(e["text"], e["label"]): e["count"] for e in current})
    counts.update((e["text"], e["label"]) for e in new)
    return [{"text": t, "label": lab, "count": c} for (t, lab), c in counts.most_common(MAX_ENTITIES)]


# ----------------------------------------------------------------------------- outputs
def article_incident(facts: dict[str, Any] | None, state: dict[str, Any] | None) -> dict[str, Any] | None:
    """The record's ``incident``: the article's own facts, gaps filled from the incident."""
    if state is None:
        return None
    facts = facts or {}
    out = {"incident_id": state["incident_id"], "type": facts.get("type") or state["type"]}
    for key in ("date", "location", "killed", "injured"):
        out[key] = facts.get(key) if facts.get(key) is not None else state.get(key)
    return out


def record(enriched: dict[str, Any], state: dict[str, Any] | None, duplicate_of: str | None) -> dict[str, Any]:
    """The per-article record (contract, ``models.AnnotatedArticle``)."""
    return {"id": enriched["id"], "entities": enriched["entities"], "claims": enriched["claims"],
            "incident": article_incident(enriched.get("facts"), state), "duplicate_of": duplicate_of,
            "source": enriched.get("source"), "published_at": enriched.get("published_at")}


def incident_event(state: dict[str, Any], cause: str) -> dict[str, Any]:
    """The ``incidents.events`` value for ``state`` as changed by article ``cause``."""
    version = state["version"]
    return {"event_id": event_id(state["incident_id"], version, cause),
            "kind": "created" if version == 1 else "updated",
            "incident_id": state["incident_id"], "version": version, "incident": state, "cause": cause}
