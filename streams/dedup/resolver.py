"""Resolve enriched articles into incidents against Redis, atomically and idempotently.

Keys (all under the namespace, all with the state TTL):

=============================  ====================================================
``{ns}:article:{id}``          the article's outputs (record + events), JSON: written
                               in the same transaction as the incident, so a
                               redelivered article returns exactly what it returned
``{ns}:fp:{fingerprint}``      first article id with this exact text
``{ns}:lsh:{band}:{hash}``     first article id with this MinHash band (near-duplicates)
``{ns}:sig:{id}``              the article's MinHash signature, JSON
``{ns}:ix:{feature}``          sorted set: incidents with this type family, city or
                               salient name, scored by day (candidate search)
``{ns}:prof:{id}``             the incident's matching profile, JSON (see
                               ``incidents.article_profile``)
``{ns}:incident:{id}``         the incident's full current state, JSON
=============================  ====================================================

How one article is resolved (:meth:`Resolver.resolve`):

1. Its stored result, if any, is returned unchanged (redelivery).
2. Duplicates: the same fingerprint, else a MinHash LSH band shared with an earlier article whose
   signature is at least ``textsim.NEAR_DUP_JACCARD`` similar, makes it ``duplicate_of`` that
   article, and it joins that article's incident.
3. Otherwise, in one optimistic transaction (``WATCH`` the article key and every feature index
   the article reads): the candidates of its features in their day windows come back with their
   profiles from one Lua call (``candidates.lua``); the best match over
   ``incidents.MATCH_THRESHOLD`` is joined, else a new incident is created with an id derived from
   the article. The incident state, profile, feature indexes and the article's result are written
   in one ``MULTI``. If another worker changed any watched index meanwhile (say it created the same
   new incident from another report), ``EXEC`` fails and the article is decided again, now
   seeing that incident: find-or-create is atomic without a global lock.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from importlib import resources
from typing import Any

import redis

from streams.dedup import claims, incidents as inc, textsim

log = logging.getLogger(__name__)

#: Candidate ids read per feature index (the nearest days first for dated articles).
MAX_CANDIDATES_PER_FEATURE = 50


class Resolver:
    """All of resolve's Redis work. ``resolve`` is safe to call twice for one article."""

    def __init__(self, client: redis.Redis, namespace: str = "wiredesk", ttl_seconds: int = 30 * 86400,
                 window_days: int = inc.TYPE_WINDOW_DAYS, threshold: float = inc.MATCH_THRESHOLD,
                 near_dup_jaccard: float = textsim.NEAR_DUP_JACCARD):
        self.r = client
        self.ns = namespace
        self.ttl = ttl_seconds
        self.window = window_days
        self.threshold = threshold
        self.near_dup_jaccard = near_dup_jaccard
        scripts = resources.files("streams.dedup")
        self._candidates = self.r.register_script(scripts.joinpath("candidates.lua").read_text())
        self._dup_script = self.r.register_script(scripts.joinpath("duplicates.lua").read_text())

    @classmethod
    def from_url(cls, url: str, client_options: dict[str, Any] | None = None, **kwargs: Any) -> "Resolver":
        """``client_options``: extra redis-py options, e.g. ``streams.security.redis_options``."""
        client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10, socket_connect_timeout=5,
                                      health_check_interval=30, **(client_options or {}))
        return cls(client, **kwargs)

    def key(self, kind: str, name: str) -> str:
        return f"{self.ns}:{kind}:{name}"

    # ------------------------------------------------------------------ the one entry point
    def resolve(self, enriched: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
        """Return ``{"record": ..., "incident_events": [...], "claim_events": [...]}`` for one article.

        The first call decides; later calls for the same article id return the stored result.
        """
        article_key = self.key("article", enriched["id"])
        reply = self._duplicates(enriched, article_key)
        if reply[0] == "stored":
            return json.loads(reply[1])
        now_s = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
        return self._apply(enriched, article_key, self._duplicate_of(enriched, reply), now_s)

    # ------------------------------------------------------------------ duplicates
    def _duplicates(self, enriched: dict[str, Any], article_key: str) -> list[str]:
        """``duplicates.lua``: the stored result, or the exact / near-duplicate candidates."""
        signature = enriched.get("minhash")
        band_keys = [self.key("lsh", b) for b in textsim.bands(signature)] if signature else []
        return self._dup_script(keys=[article_key, self.key("fp", enriched["fingerprint"]), *band_keys],
                                args=[enriched["id"], self.ttl, self.key("sig", "")])

    def _duplicate_of(self, enriched: dict[str, Any], reply: list[str]) -> str | None:
        """The first article with the same text, else the most similar earlier article sharing an
        LSH band when its estimated Jaccard similarity reaches the near-duplicate threshold."""
        if reply[0] == "exact":
            return reply[1]
        signature = enriched.get("minhash")
        scored = [(textsim.jaccard(signature, json.loads(reply[i + 1])), reply[i]) for i in range(1, len(reply), 2)]
        scored = [(sim, other) for sim, other in scored if sim >= self.near_dup_jaccard]
        return min(scored, key=lambda x: (-x[0], x[1]))[1] if scored else None

    # ------------------------------------------------------------------ incidents
    def _original_incident(self, client, duplicate_of: str) -> str | None:
        original = client.get(self.key("article", duplicate_of))
        if not original:
            return None
        incident = json.loads(original)["record"]["incident"]
        return incident["incident_id"] if incident else None

    def _candidates_of(self, client, article_key: str, profile: dict[str, Any],
                       feats: list[tuple[str, int]]) -> list[str]:
        """``candidates.lua``: the stored result, or the candidate incidents and their profiles."""
        day = profile["day"]
        args: list[Any] = [self.key("prof", ""), MAX_CANDIDATES_PER_FEATURE]
        for _, window in feats:
            args += ["-inf", "+inf"] if day is None else [day - window, day + window]
        keys = [article_key] + [self.key("ix", f) for f, _ in feats]
        return self._candidates(keys=keys, args=args, client=client)

    def _apply(self, enriched: dict[str, Any], article_key: str, duplicate_of: str | None,
               now: str) -> dict[str, Any]:
        """Find or create the incident, merge the article into it and store its outputs, in one
        optimistic transaction (retried when a watched key changed)."""
        profile = inc.article_profile(enriched)
        feats = [(f, self.window if f.startswith("t:") else w) for f, w in inc.features(profile)] if profile else []
        if profile and profile.get("day") is None:
            feats = [(f, w) for f, w in feats if f.startswith(("c:", "n:"))] or feats
        index_keys = [self.key("ix", f) for f, _ in feats]
        with self.r.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(article_key, *index_keys)
                    incident_id = None
                    if duplicate_of or profile is None:
                        stored = pipe.get(article_key)
                        if stored is not None:  # another worker finished this article meanwhile
                            return json.loads(stored)
                        incident_id = self._original_incident(pipe, duplicate_of) if duplicate_of else None
                    if incident_id is None and profile is not None:
                        reply = self._candidates_of(pipe, article_key, profile, feats)
                        if reply[0] == "stored":
                            return json.loads(reply[1])
                        candidates = {reply[i]: json.loads(reply[i + 1]) for i in range(1, len(reply), 2)}
                        found, _ = inc.best_match(profile, candidates, self.threshold)
                        if found is None:  # a new incident: its key derives from this (watched) article
                            return self._commit(pipe, enriched, article_key, inc.incident_id_for(enriched["id"]),
                                                profile, feats, duplicate_of, now, new=True)
                        incident_id = found
                    return self._commit(pipe, enriched, article_key, incident_id, profile, feats,
                                        duplicate_of, now)
                except redis.WatchError:
                    continue

    def _commit(self, pipe, enriched, article_key, incident_id, profile, feats, duplicate_of, now, new=False):
        """Merge the article into ``incident_id`` (None: no incident) and write everything in one
        ``MULTI``; an existing incident is watched first (``new``: nothing to read)."""
        state = new_profile = None
        if incident_id:
            incident_key, profile_key = self.key("incident", incident_id), self.key("prof", incident_id)
            current = current_profile = None
            if not new:
                pipe.watch(incident_key, profile_key)
                current, current_profile = pipe.mget(incident_key, profile_key)
            state = inc.merge_article(json.loads(current) if current else None, incident_id, enriched,
                                      duplicate_of, now)
            if profile is not None:
                new_profile = inc.merge_profile(json.loads(current_profile) if current_profile else None, profile)
        result = {
            "record": inc.record(enriched, state, duplicate_of),
            "incident_events": [inc.incident_event(state, enriched["id"])] if state else [],
            "claim_events": claims.claim_events(state, enriched),
        }
        pipe.multi()
        if state is not None:
            pipe.set(incident_key, json.dumps(state), ex=self.ttl)
            if new_profile is not None:
                pipe.set(profile_key, json.dumps(new_profile), ex=self.ttl)
                self._index(pipe, incident_id, profile, feats)
        if enriched.get("minhash"):
            pipe.set(self.key("sig", enriched["id"]), json.dumps(enriched["minhash"]), ex=self.ttl)
        pipe.set(article_key, json.dumps(result), ex=self.ttl)
        pipe.execute()
        return result

    def _index(self, pipe, incident_id: str, profile: dict[str, Any], feats: list[tuple[str, int]]) -> None:
        """Register the incident under the article's features; drop entries older than the TTL."""
        day = profile["day"]
        ttl_days = max(1, self.ttl // 86400)
        for feat, _ in feats:
            key = self.key("ix", feat)
            if day is None:
                pipe.zadd(key, {incident_id: 0}, nx=True)
            else:
                pipe.zadd(key, {incident_id: day})
                pipe.zremrangebyscore(key, 1, day - ttl_days - inc.LONG_WINDOW_DAYS)
            pipe.expire(key, self.ttl)

    # ------------------------------------------------------------------ reading
    def incident(self, incident_id: str) -> dict[str, Any] | None:
        raw = self.r.get(self.key("incident", incident_id))
        return json.loads(raw) if raw else None

    def incidents(self) -> list[dict[str, Any]]:
        """Every incident in the namespace (SCAN: for tools and tests, not the hot path)."""
        keys = list(self.r.scan_iter(match=self.key("incident", "*"), count=1000))
        return [json.loads(v) for v in self.r.mget(keys) if v] if keys else []
