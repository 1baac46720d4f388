"""Claim identity, merging across articles, and disputes between claims (pure).

Two claims are one when the same speaker says the same thing: the same normalised speaker (the
resolved name, else the text, without titles) and contents whose word sets are nearly the same
(:func:`same_claim`: a republished copy, or a close paraphrase that reorders or drops a few
words). The merged claim keeps the first article's spans and lists every article that carried
it in ``sources``.

An incident is ``disputed`` when its claims conflict (:func:`dispute`): one speaker blames or
confirms while another denies or refutes, or two speakers blame different parties. Its
``sides`` group the claims by stance and target.
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import Any


def digest(*parts: str, n: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def norm(text: str | None) -> str:
    """Lower-case words only: ``norm("Two  were HURT.") == "two were hurt"``."""
    return _norm(text or "")


_WORDS = re.compile(r"\w+")


@functools.lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    # cached: an incident's claims are normalised again each time an article joins it
    return " ".join(_WORDS.findall(text.lower()))


@functools.lru_cache(maxsize=65536)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(_norm(text).split())


#: Least token-set similarity of two contents for one claim (same speaker).
SIMILARITY = 0.8
#: Words left out of speaker names: "State Department spokesman Robert Palladino" and "Mr.
#: Palladino" differ in more than this, but "Mr. Palladino" and "Palladino" are one speaker.
_HONORIFICS = frozenset("mr mrs ms miss dr sen rep gov pres prof the".split())
#: Stances that contradict each other across speakers.
_FOR, _AGAINST = frozenset({"blames", "confirms"}), frozenset({"denies", "refutes"})


def speaker_key(claim: dict[str, Any]) -> str:
    """Normalised speaker: resolved name else text, lower case, without honorifics."""
    speaker = claim.get("speaker") or {}
    return _speaker_key(speaker.get("resolved") or speaker.get("text") or "")


@functools.lru_cache(maxsize=65536)
def _speaker_key(name: str) -> str:
    # cached: an incident's claims are keyed again each time an article joins it
    return " ".join(w for w in _norm(name).split() if w not in _HONORIFICS)


def claim_id(claim: dict[str, Any]) -> str:
    """Same speaker (resolved name if any) + same words of content = one claim id."""
    return "clm-" + digest(speaker_key(claim), norm(claim["content"]["text"]))


def similarity(a: str, b: str) -> float:
    """Token-set similarity of two texts: shared words over the words of the longer one
    (``1.0`` for a copy or a reordering, 0.9 when one of ten words differs)."""
    x, y = set(norm(a).split()), set(norm(b).split())
    if not x or not y:
        return 0.0
    return len(x & y) / max(len(x), len(y))


def same_claim(a: dict[str, Any], b: dict[str, Any], threshold: float = SIMILARITY) -> bool:
    """One claim: the same normalised speaker and contents at least ``threshold`` similar."""
    return speaker_key(a) == speaker_key(b) and similarity(a["content"]["text"], b["content"]["text"]) >= threshold


def find_same(merged: dict[str, dict[str, Any]], claim: dict[str, Any]) -> str | None:
    """The id of the merged claim ``claim`` is one with (exact id first, then fuzzy), if any."""
    return _ClaimIndex(merged).find(claim)


class _ClaimIndex:
    """Merged claims by id and by normalised speaker, so that finding the claim a new one is
    (:func:`find_same`) compares contents only under the same speaker, each normalised once.

    Gives the same answer as scanning every merged claim in order with :func:`same_claim`."""

    def __init__(self, merged: dict[str, dict[str, Any]]):
        self.merged = merged
        self._by_speaker: dict[str, list[tuple[str, frozenset[str]]]] | None = None  # built when first needed

    def _add(self, cid: str, claim: dict[str, Any]) -> None:
        if self._by_speaker is not None:
            self._by_speaker.setdefault(speaker_key(claim), []).append((cid, _word_set(claim["content"]["text"] or "")))

    def find(self, claim: dict[str, Any], cid: str | None = None) -> str | None:
        """``claim``'s merged id (``cid``: its :func:`claim_id`, if already computed)."""
        cid = cid or claim_id(claim)
        if cid in self.merged:
            return cid
        words = _word_set(claim["content"]["text"] or "")
        if not words:
            return None
        if self._by_speaker is None:
            self._by_speaker = {}
            for other, c in self.merged.items():
                self._add(other, c)
        for other, other_words in self._by_speaker.get(speaker_key(claim), ()):
            if other_words and len(words & other_words) / max(len(words), len(other_words)) >= SIMILARITY:
                return other
        return None

    def add(self, cid: str, claim: dict[str, Any]) -> None:
        """Register a claim just merged under ``cid`` (appended: the scan order stays the merge order)."""
        self.merged[cid] = claim
        self._add(cid, claim)


def merge_claims(current: list[dict[str, Any]], new: list[dict[str, Any]], article_id: str,
                 limit: int) -> list[dict[str, Any]]:
    """``current`` merged claims plus an article's ``new`` claims (at most ``limit`` distinct).

    ``current`` and its claims are left unchanged: a claim that gains a source is copied."""
    index = _ClaimIndex({c["claim_id"]: c for c in current})
    by_id = index.merged
    for claim in new:
        own = claim_id(claim)
        cid = index.find(claim, own) or own
        if cid in by_id:
            if article_id not in by_id[cid]["sources"]:
                by_id[cid] = {**by_id[cid], "sources": [*by_id[cid]["sources"], article_id]}
        elif len(by_id) < limit:
            index.add(cid, {**claim, "claim_id": cid, "article_id": article_id, "sources": [article_id]})
    return list(by_id.values())


def claim_events(state: dict[str, Any] | None, enriched: dict[str, Any]) -> list[dict[str, Any]]:
    """One ``claims.events`` value per distinct claim of the article, as merged into its incident."""
    index = _ClaimIndex({c["claim_id"]: c for c in (state or {}).get("claims", [])})
    merged = index.merged
    events, seen = [], set()
    for claim in enriched.get("claims", []):
        own = claim_id(claim)
        cid = index.find(claim, own) or own
        if cid in seen:
            continue
        seen.add(cid)
        full = merged.get(cid) or {**claim, "claim_id": cid, "article_id": enriched["id"], "sources": [enriched["id"]]}
        events.append({"event_id": "evt-" + digest("claim", cid, enriched["id"], n=20), "claim_id": cid,
                       "incident_id": state["incident_id"] if state else None,
                       "article_id": enriched["id"], "claim": full})
    return events


def _sides(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims with a stance grouped by (stance, target), in order of appearance."""
    sides: dict[tuple[str, str], dict[str, Any]] = {}
    for c in claims:
        if not c.get("stance"):
            continue
        key = (c["stance"], norm(c.get("target")))
        side = sides.setdefault(key, {"stance": c["stance"], "target": c.get("target"), "speakers": [],
                                      "claim_ids": []})
        speaker = (c.get("speaker") or {})
        name = speaker.get("resolved") or speaker.get("text")
        if name and name not in side["speakers"]:
            side["speakers"].append(name)
        if c.get("claim_id") and c["claim_id"] not in side["claim_ids"]:
            side["claim_ids"].append(c["claim_id"])
    return list(sides.values())


def _conflict(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two sides conflict when one blames or confirms and the other denies or refutes, or both
    blame different parties (sides of the same speakers only never conflict)."""
    if {norm(s) for s in a["speakers"]} == {norm(s) for s in b["speakers"]}:
        return False
    stances = {a["stance"], b["stance"]}
    if stances & _FOR and stances & _AGAINST:
        return True
    return a["stance"] == b["stance"] == "blames" and norm(a["target"]) != norm(b["target"])


def dispute(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """``{"disputed": bool, "sides": [...]}`` for an incident's merged claims.

    Each side is ``{"stance", "target", "speakers", "claim_ids"}``; the incident is disputed when
    two sides conflict (see :func:`_conflict`)."""
    sides = _sides(claims)
    disputed = any(_conflict(a, b) for i, a in enumerate(sides) for b in sides[i + 1:])
    return {"disputed": disputed, "sides": sides}
