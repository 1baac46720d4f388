"""Resolve enriched articles into incidents against Redis, atomically and idempotently.

Keys (all under the namespace; "TTL" is the state TTL, ``WIREDESK_STATE_TTL_DAYS``):

================================  ===============================================================
``{ns}:res:{id}``                 the article's full result (record + events), packed (see
                                  :func:`pack_result`), for the redelivery window only
                                  (``WIREDESK_REDELIVERY_TTL``)
``{ns}:rcpt:{handle}``            its receipt, for the TTL: ``[id, incident version, duplicate_of,
                                  record's incident]`` JSON, a newline, then its packed MinHash
                                  signature (:func:`textsim.packed`); ``handle`` = the first 16
                                  hex digits of the SHA-1 of the id
``{ns}:lsh:{gen}:{bucket}``       hash: fingerprint field (8 hash bytes) → first article id with
                                  that text; band field (6 hash bytes) per MinHash band → first
                                  article handle with that band, as 8 bytes (near-duplicates).
                                  ``gen`` = unix time // TTL: an
                                  entry is read in its generation and the next, and its bucket
                                  expires with them (so entries live one to two TTLs)
``{ns}:ix:{feature}``             sorted set: incidents with this feature (type family, city,
                                  salient name...), scored by day; which ones an article searches
                                  and registers its incident under is ``incidents.lookup_plan``
``{ns}:pf:{incident id}``         the incident's version, a newline, then its matching profile,
                                  packed JSON (see ``incidents.article_profile``); builds before
                                  it kept a hash (``v``, ``p``) under ``{ns}:prof:{incident id}``,
                                  still read, and replaced when the incident is next written
``{ns}:incident:{incident id}``   the incident's full current state, packed JSON
================================  ===============================================================

How one article is resolved (:meth:`Resolver.resolve`), in two Redis round trips (three when it
joins an incident found by matching):

1. ``lookup.lua`` reads everything: the article's full result, if it is still there, is returned
   unchanged (redelivery); else its receipt (see below); else its duplicate: the same
   fingerprint, or an earlier article sharing a MinHash band whose stored signature has at least
   ``textsim.NEAR_DUP_JACCARD`` of its slots equal (compared inside Redis), makes it
   ``duplicate_of`` that article, and it joins that article's incident (whose state comes back
   at once). Otherwise the candidates of its features in their day windows come back with their
   profiles. The fingerprint and band fields are registered here, as the first of their kind.
2. Python decides: the original's incident, else the best candidate over
   ``incidents.MATCH_THRESHOLD`` (its state is read: the third round trip), else a new incident
   with an id derived from the article; and merges the article into it.
3. ``commit.lua`` writes the state, profile, indexes, full result and receipt at once, *if what
   was read is unchanged*: the incident's version, and the set of candidate ids of the article's
   features. If another worker changed either meanwhile (say it created the same new incident
   from another report), nothing is written and the article is decided again, now seeing that
   incident: find-or-create is atomic without a lock.

Redelivery: within the window an article returns its stored result, byte for byte. After it, the
receipt rebuilds the same record from the enriched input (the record's incident is stored as it
was), and the incident and claim events from the incident's current state *if the incident is
still at the receipt's version* (then they are the events sent the first time); if later
articles changed the incident, nothing is re-sent: their events already carry everything this
article added. Nothing is written on a redelivery.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import math
import threading
import zlib
from importlib import resources
from typing import Any

import orjson
import redis
import zstandard

from streams.dedup import claims, incidents as inc, textsim

log = logging.getLogger(__name__)

#: Candidate ids read per feature index (the nearest days first for dated articles).
MAX_CANDIDATES_PER_FEATURE = 50
#: Hash buckets per generation of ``{ns}:lsh:``. Redis keeps a hash of up to 512 short fields
#: (``hash-max-listpack-entries``; ``hash-max-ziplist-entries`` before Redis 7) as one compact
#: listpack: ~17 fields per article (fingerprint + 16 bands) stay compact up to ~100k distinct
#: articles per TTL; beyond, buckets still work, at about twice the bytes per field. Raise it
#: with the volume (``Resolver(index_buckets=...)``).
INDEX_BUCKETS = 4096
#: Attempts of one article before giving up (each retry means another worker changed what it read).
MAX_ATTEMPTS = 100
_COMPACT = (",", ":")


def _dumps(value: Any) -> str:
    """Compact JSON of an incident state, profile or result (orjson: the states are large and
    encoded once per article; non-string keys become strings, as ``json.dumps`` does)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")


_loads = orjson.loads

#: zstd level of what is stored packed: states are mostly quoted text (claims). Level 3 with the
#: dictionary below takes a state's JSON to about 24% of its size (zlib level 6, as earlier builds
#: stored: 28%) in a third of zlib's time.
PACK_LEVEL = 3
#: Version of the preset dictionary: ``pack_dict_{N}.txt`` beside this module, the JSON of a made-up
#: incident's state and profile (their keys and common words: the first mentions of each in a
#: value cost little). A stored value names its dictionary, so a new one gets a new number and the
#: old file stays as long as values packed with it may live (``WIREDESK_STATE_TTL_DAYS``).
PACK_DICT = 1
#: First byte of a value :func:`pack` stored (the dictionary's number follows); a zlib stream
#: starts with 0x78, plain JSON with "{".
_ZSTD = b"Z"


@functools.lru_cache(maxsize=None)
def _pack_dict(version: int) -> zstandard.ZstdCompressionDict:
    raw = resources.files("streams.dedup").joinpath(f"pack_dict_{version}.txt").read_bytes()
    return zstandard.ZstdCompressionDict(raw, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


_codecs = threading.local()  # zstd (de)compressors are not safe to share between threads


def _compressor() -> zstandard.ZstdCompressor:
    c = getattr(_codecs, "compressor", None)
    if c is None:
        c = _codecs.compressor = zstandard.ZstdCompressor(level=PACK_LEVEL, dict_data=_pack_dict(PACK_DICT))
    return c


def _decompressor(version: int) -> zstandard.ZstdDecompressor:
    cache = getattr(_codecs, "decompressors", None)
    if cache is None:
        cache = _codecs.decompressors = {}
    if version not in cache:
        cache[version] = zstandard.ZstdDecompressor(dict_data=_pack_dict(version))
    return cache[version]


def pack_bytes(data: bytes) -> bytes:
    """What Redis stores of a state, profile or result's JSON ``data``: zstd-compressed with the
    preset dictionary (:data:`PACK_DICT`). Incident states are most of the memory Redis holds per
    article (claims are quoted text)."""
    return _ZSTD + bytes([PACK_DICT]) + _compressor().compress(data)


def unpack_bytes(raw: bytes) -> bytes:
    """The JSON :func:`pack_bytes` packed (or zlib compressed, as earlier builds did; or plain)."""
    if raw[:1] == _ZSTD:
        return _decompressor(raw[1]).decompress(raw[2:])
    if raw[:1] in (b"{", b"["):
        return raw
    return zlib.decompress(raw)


def pack(text: str) -> bytes:
    """:func:`pack_bytes` of a JSON text."""
    return pack_bytes(text.encode("utf-8"))


def unpack(raw: bytes) -> Any:
    """The value :func:`pack` stored (zlib-compressed or plain JSON, as earlier builds stored, is
    read as well).

    >>> unpack(pack('{"title": "Fire in Dayton"}')), unpack(b'{"version": 2}')
    ({'title': 'Fire in Dayton'}, {'version': 2})
    >>> unpack(zlib.compress(b'{"version": 3}'))
    {'version': 3}
    """
    return _loads(unpack_bytes(raw))


#: zlib level of a stored result's head (:func:`pack_result`).
HEAD_LEVEL = 6
#: First byte of a result stored in two parts (:func:`pack_result`); a zlib stream starts with
#: 0x78 and plain JSON with "{".
_PARTS = b"R"


def pack_result(result: dict[str, Any], packed_state: bytes = b"") -> bytes:
    """What Redis stores of an article's result. With an incident, its event's state is left out
    of the result's JSON and ``packed_state`` (the bytes stored as the state itself) follows it:
    the state, most of the bytes, is compressed once per article. The rest is compressed with the
    state's JSON as zlib's preset dictionary, so the claims it repeats from the state cost little.

    >>> r = {"record": {"id": "a1"}, "incident_events": [{"kind": "created", "incident": None}]}
    >>> unpack_result(pack_result(r, pack('{"version": 1}')))["incident_events"]
    [{'kind': 'created', 'incident': {'version': 1}}]
    """
    if not packed_state:
        return pack(_dumps(result))
    return _result_head(result, unpack_bytes(packed_state)) + packed_state


def _result_head(result: dict[str, Any], state_json: bytes) -> bytes:
    """:func:`pack_result`'s bytes before the packed state (``commit.lua`` appends the state it
    stores, so those bytes travel once)."""
    packer = zlib.compressobj(HEAD_LEVEL, zdict=state_json)
    head = packer.compress(_dumps(result).encode("utf-8")) + packer.flush()
    return _PARTS + len(head).to_bytes(4, "big") + head


def unpack_result(raw: bytes) -> dict[str, Any]:
    """The result :func:`pack_result` stored (or :func:`pack`, as earlier builds did)."""
    if raw[:1] != _PARTS:
        return unpack(raw)
    n = int.from_bytes(raw[1:5], "big")
    state_json = unpack_bytes(raw[5 + n:])
    unpacker = zlib.decompressobj(zdict=state_json)
    result = _loads(unpacker.decompress(raw[5:5 + n]) + unpacker.flush())
    result["incident_events"][0]["incident"] = _loads(state_json)
    return result


@functools.lru_cache(maxsize=8192)
def _candidate_profile(packed_profile: bytes) -> dict[str, Any]:
    """A candidate's profile, decoded once per distinct value: consecutive articles see mostly the
    same candidates, unchanged. Only read (``best_match``), never modified."""
    return unpack(packed_profile)


def _binary(client: redis.Redis) -> redis.Redis:
    """``client``'s connection settings, replies as bytes (packed values are not UTF-8)."""
    pool = client.connection_pool
    if not pool.connection_kwargs.get("decode_responses"):
        return client
    return redis.Redis(connection_pool=redis.ConnectionPool(
        connection_class=pool.connection_class, max_connections=pool.max_connections,
        **{**pool.connection_kwargs, "decode_responses": False}))


def _str(value: bytes | None) -> str:
    return value.decode("utf-8") if value else ""


def handle(article_id: str) -> str:
    """Short fixed-size name of an article in Redis (``lookup.lua`` computes the same)."""
    return hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:16]


def _field(text: str, size: int) -> tuple[bytes, int]:
    """(field, bucket number) of one index entry: ``size`` raw bytes of its hash name the field
    (8 for a fingerprint; 6 for a band, where a false match only costs a signature comparison),
    4 other bytes pick the bucket."""
    h = hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()
    return h[:size], int.from_bytes(h[8:], "little")


class Resolver:
    """All of resolve's Redis work. ``resolve`` is safe to call twice for one article."""

    def __init__(self, client: redis.Redis, namespace: str = "wiredesk", ttl_seconds: int = 30 * 86400,
                 window_days: int = inc.TYPE_WINDOW_DAYS, threshold: float = inc.MATCH_THRESHOLD,
                 near_dup_jaccard: float = textsim.NEAR_DUP_JACCARD, redelivery_ttl_seconds: int = 3600,
                 index_buckets: int = INDEX_BUCKETS):
        self.r = _binary(client)
        self.ns = namespace
        self.ttl = ttl_seconds
        self.redelivery_ttl = max(1, min(redelivery_ttl_seconds, ttl_seconds))
        self.window = window_days
        self.threshold = threshold
        self.near_dup_jaccard = near_dup_jaccard
        self.buckets = index_buckets
        scripts = resources.files("streams.dedup")
        common = scripts.joinpath("common.lua").read_text()  # helpers the scripts share

        def script(name: str):
            return self.r.register_script(common + scripts.joinpath(f"{name}.lua").read_text())

        self._lookup, self._commit_script, self._read_script = script("lookup"), script("commit"), script("read")

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

        The first call decides; later calls for the same article id return the same record and
        events (see the module docstring for redeliveries after the window).
        """
        now = now or dt.datetime.now(dt.timezone.utc)
        article = _Article(self, enriched, now)
        for _ in range(MAX_ATTEMPTS):
            reply = self._lookup(keys=article.lookup_keys, args=article.lookup_args)
            if reply[0] == b"stored":
                return unpack_result(reply[1])
            if reply[0] == b"receipt":
                return self._from_receipt(enriched, reply[1], reply[3])
            result = self._decide(article, reply)
            if result is not None:
                return result
        raise RuntimeError(f"resolving {enriched['id']}: what it read changed {MAX_ATTEMPTS} times in a row")

    # ------------------------------------------------------------------ deciding
    def _decide(self, article: "_Article", reply: list[bytes]) -> dict[str, Any] | None:
        """Find or create the incident from ``lookup.lua``'s reply, merge and commit; None when the
        commit found that another worker changed what was read (decide again)."""
        duplicate_of = _str(reply[1]) or None
        incident_id, version = _str(reply[3]), _str(reply[4])
        packed_state, packed_profile, candidate_set = reply[5:8]
        profile = article.profile
        if incident_id:  # the duplicate's incident, read along ("0": it has expired, made anew)
            outcome = self._commit(article, duplicate_of, incident_id, version or "0", packed_state, packed_profile,
                                   None)
            return None if outcome == "exists" else outcome
        if profile is None:
            return self._commit(article, duplicate_of, None, "", b"", b"", None)
        candidates = {_str(reply[i]): _candidate_profile(reply[i + 1]) for i in range(8, len(reply), 2)}
        found, _ = inc.best_match(profile, candidates, self.threshold)
        if found is None:  # a new incident: its id derives from this article
            outcome = self._commit(article, duplicate_of, inc.incident_id_for(article.id), "0", b"", b"",
                                   candidate_set)
            if outcome != "exists":
                return outcome
            found = inc.incident_id_for(article.id)  # left from an earlier life of this article
        packed_state, (version, packed_profile) = self._read_incident(found)
        outcome = self._commit(article, duplicate_of, found, _str(version) or "0", packed_state or b"",
                               packed_profile or b"", candidate_set)
        return None if outcome == "exists" else outcome

    def _read_incident(self, incident_id: str) -> tuple[bytes, list[bytes]]:
        """An incident's packed state and (version, packed profile), in one round trip (``b""``
        for any absent)."""
        packed_state, version, packed_profile = self._read_script(
            keys=[self.key("incident", incident_id), self.key("pf", incident_id)],
            args=[self.key("prof", incident_id)])
        return packed_state, [version, packed_profile]

    def _commit(self, article: "_Article", duplicate_of: str | None, incident_id: str | None, version: str,
                packed_state: bytes, packed_profile: bytes, candidate_set: bytes | None
                ) -> dict[str, Any] | str | None:
        """Merge the article into ``incident_id`` (None: no incident; ``version`` "0": a new one)
        and write everything with ``commit.lua``. Returns the result; None to decide again;
        "exists" when a new incident's id is taken."""
        enriched, profile = article.enriched, article.profile
        state = None
        if incident_id:
            current = unpack(packed_state) if packed_state and version != "0" else None
            state = inc.merge_article(current, incident_id, enriched, duplicate_of, article.now)
        record = inc.record(enriched, state, duplicate_of)
        events = [inc.incident_event(state, article.id)] if state else []
        claim_events = claims.claim_events(state, enriched)
        receipt = json.dumps([article.id, state["version"] if state else 0, duplicate_of, record["incident"]],
                             separators=_COMPACT)
        keys = [self.key("res", article.id), self.key("rcpt", handle(article.id))]
        if state is None:
            result = pack_result({"record": record, "incident_events": [], "claim_events": claim_events})
            args = [result, receipt, article.signature, self.ttl, self.redelivery_ttl]
        else:
            new_state_json = _dumps(state).encode("utf-8")
            new_state = pack_bytes(new_state_json)
            result = _result_head({"record": record, "incident_events": [{**events[0], "incident": None}],
                                   "claim_events": claim_events}, new_state_json)
            new_profile = b""
            if profile is not None:
                merged = inc.merge_profile(unpack(packed_profile) if packed_profile else None, profile)
                new_profile = pack(_dumps(merged))
            day = profile["day"] if profile else None
            prune = (day - max(1, self.ttl // 86400) - inc.LONG_WINDOW_DAYS) if day is not None else 0
            entries = article.entries if profile is not None else []
            keys += [self.key("incident", incident_id), self.key("pf", incident_id), *article.search_keys,
                     *(self.key("ix", f) for f, _ in entries)]
            args = [result, receipt, article.signature, self.ttl,
                    self.redelivery_ttl, version, "0" if candidate_set is None else "1", candidate_set or b"",
                    new_state, state["version"],
                    new_profile, incident_id, len(article.search_keys), prune, MAX_CANDIDATES_PER_FEATURE,
                    article.windows, " ".join(str(score) for _, score in entries), self.key("prof", incident_id)]
        outcome = self._commit_script(keys=keys, args=args)[0]
        if outcome == b"ok":
            return {"record": record, "incident_events": events, "claim_events": claim_events}
        return "exists" if outcome == b"exists" else None

    def _from_receipt(self, enriched: dict[str, Any], receipt_json: bytes, packed_state: bytes) -> dict[str, Any]:
        """A late redelivery: the record from the receipt and the input; the events from the
        incident's current state when it is still at the receipt's version, else none."""
        article_id, _, duplicate_of, incident = json.loads(receipt_json)
        if article_id != enriched["id"]:
            raise RuntimeError(f"receipt handle collision: {article_id!r} and {enriched['id']!r}")
        record = inc.record(enriched, None, duplicate_of)
        record["incident"] = incident
        if incident is None:
            return {"record": record, "incident_events": [], "claim_events": claims.claim_events(None, enriched)}
        if not packed_state:
            return {"record": record, "incident_events": [], "claim_events": []}
        state = unpack(packed_state)
        return {"record": record, "incident_events": [inc.incident_event(state, article_id)],
                "claim_events": claims.claim_events(state, enriched)}

    # ------------------------------------------------------------------ reading
    def incident(self, incident_id: str) -> dict[str, Any] | None:
        raw = self.r.get(self.key("incident", incident_id))
        return unpack(raw) if raw else None

    def incidents(self) -> list[dict[str, Any]]:
        """Every incident in the namespace (SCAN: for tools and tests, not the hot path)."""
        keys = list(self.r.scan_iter(match=self.key("incident", "*"), count=1000))
        return [unpack(v) for v in self.r.mget(keys) if v] if keys else []


class _Article:
    """What resolving one article sends to Redis, computed once (attempts reuse it)."""

    def __init__(self, resolver: Resolver, enriched: dict[str, Any], now: dt.datetime):
        r = resolver
        self.enriched, self.id = enriched, enriched["id"]
        self.now = now.isoformat(timespec="seconds")
        self.profile = profile = inc.article_profile(enriched)
        searches, self.entries = inc.lookup_plan(profile, r.window) if profile else ([], [])
        self.search_keys = [r.key("ix", f) for f, _, _ in searches]
        self.windows = " ".join(f"{lo} {hi}" for _, lo, hi in searches)
        signature = enriched.get("minhash")
        self.signature = textsim.packed(signature) if signature else b""
        least = math.ceil(r.near_dup_jaccard * len(signature) - 1e-9) if signature else 0
        gen = int(now.timestamp()) // r.ttl
        fp_field, fp_bucket = _field("f:" + enriched["fingerprint"], 8)
        bands = [_field(b, 6) for b in textsim.bands(signature)] if signature else []
        self.lookup_keys = [r.key("res", self.id), r.key("rcpt", handle(self.id)), *self.search_keys]
        self.lookup_args = [self.id, self.signature, least, r.key("lsh", ""), gen, gen - 1, (gen + 2) * r.ttl,
                            r.key("rcpt", ""), r.key("incident", ""), r.key("pf", ""),
                            MAX_CANDIDATES_PER_FEATURE, fp_field, fp_bucket % r.buckets,
                            b"".join(field for field, _ in bands), " ".join(str(b % r.buckets) for _, b in bands),
                            self.windows, r.key("prof", "")]
