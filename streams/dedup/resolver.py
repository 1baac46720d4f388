"""Resolve enriched articles into incidents against Redis, atomically and idempotently.

Keys (all under the namespace, all with the state TTL):

=============================  ====================================================
``{ns}:article:{id}``          the article's outputs (record + events), JSON: written
                               in the same transaction as the incident, so a
                               redelivered article returns exactly what it returned
``{ns}:fp:{fingerprint}``      first article id with this text (``duplicate_of``)
``{ns}:idx:{type|place|day}``  incident id registered for that type, place and day
``{ns}:incident:{id}``         the incident's full current state, JSON
=============================  ====================================================
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from importlib import resources
from typing import Any

import redis

from streams.dedup import claims, incidents as inc

log = logging.getLogger(__name__)


class Resolver:
    """All of resolve's Redis work. ``resolve`` is safe to call twice for one article."""

    def __init__(self, client: redis.Redis, namespace: str = "wiredesk", ttl_seconds: int = 30 * 86400,
                 window_days: int = 3):
        self.r = client
        self.ns = namespace
        self.ttl = ttl_seconds
        self.window = window_days
        script = resources.files("streams.dedup").joinpath("find_or_create.lua").read_text()
        self._find_or_create = self.r.register_script(script)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> "Resolver":
        client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10, socket_connect_timeout=5,
                                      health_check_interval=30)
        return cls(client, **kwargs)

    def key(self, kind: str, name: str) -> str:
        return f"{self.ns}:{kind}:{name}"

    # ------------------------------------------------------------------ the one entry point
    def resolve(self, enriched: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
        """Return ``{"record": ..., "incident_events": [...], "claim_events": [...]}`` for one article.

        The first call decides; later calls for the same article id return the stored result.
        """
        article_key = self.key("article", enriched["id"])
        stored = self.r.get(article_key)
        if stored is not None:
            return json.loads(stored)
        now_s = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
        duplicate_of = self._first_with_fingerprint(enriched)
        incident_id = self._incident_for(enriched, duplicate_of)
        return self._apply(enriched, article_key, incident_id, duplicate_of, now_s)

    # ------------------------------------------------------------------ steps
    def _first_with_fingerprint(self, enriched: dict[str, Any]) -> str | None:
        fp_key = self.key("fp", enriched["fingerprint"])
        if self.r.set(fp_key, enriched["id"], nx=True, ex=self.ttl):
            return None
        first = self.r.get(fp_key)
        return first if first and first != enriched["id"] else None

    def _incident_for(self, enriched: dict[str, Any], duplicate_of: str | None) -> str | None:
        if duplicate_of:  # a republished copy belongs to the original's incident
            original = self.r.get(self.key("article", duplicate_of))
            if original:
                incident = json.loads(original)["record"]["incident"]
                return incident["incident_id"] if incident else None
        facts = enriched.get("facts")
        if not facts:
            return None
        own_id = inc.incident_id_for(enriched["id"])
        suffixes = inc.index_suffixes(facts, enriched.get("published_at"), self.window)
        if suffixes is None:
            return own_id
        keys = [self.key("idx", s) for s in suffixes]
        return self._find_or_create(keys=keys, args=[own_id, self.ttl])

    def _apply(self, enriched: dict[str, Any], article_key: str, incident_id: str | None,
               duplicate_of: str | None, now: str) -> dict[str, Any]:
        """Merge the article into its incident and store its outputs in one optimistic transaction."""
        incident_key = self.key("incident", incident_id) if incident_id else None
        with self.r.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(article_key, *([incident_key] if incident_key else []))
                    stored = pipe.get(article_key)
                    if stored is not None:  # another worker finished this article meanwhile
                        return json.loads(stored)
                    state = None
                    if incident_key:
                        current = pipe.get(incident_key)
                        state = inc.merge_article(json.loads(current) if current else None, incident_id,
                                                  enriched, duplicate_of, now)
                    result = {
                        "record": inc.record(enriched, state, duplicate_of),
                        "incident_events": [inc.incident_event(state, enriched["id"])] if state else [],
                        "claim_events": claims.claim_events(state, enriched),
                    }
                    pipe.multi()
                    if incident_key:
                        pipe.set(incident_key, json.dumps(state), ex=self.ttl)
                    pipe.set(article_key, json.dumps(result), ex=self.ttl)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    # ------------------------------------------------------------------ reading
    def incident(self, incident_id: str) -> dict[str, Any] | None:
        raw = self.r.get(self.key("incident", incident_id))
        return json.loads(raw) if raw else None

    def incidents(self) -> list[dict[str, Any]]:
        """Every incident in the namespace (SCAN: for tools and tests, not the hot path)."""
        keys = list(self.r.scan_iter(match=self.key("incident", "*"), count=1000))
        return [json.loads(v) for v in self.r.mget(keys) if v] if keys else []
