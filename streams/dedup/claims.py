"""Claim identity and merging across articles (pure).

Two claims are one when the same speaker says the same thing: the speaker's resolved name (or
text) and the content's words, case and punctuation ignored. The merged claim keeps the first
article's spans and lists every article that carried it in ``sources``.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any


def digest(*parts: str, n: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def norm(text: str | None) -> str:
    """Lower-case words only: ``norm("Two  were HURT.") == "two were hurt"``."""
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def claim_id(claim: dict[str, Any]) -> str:
    """Same speaker (resolved name if any) + same words of content = one claim."""
    speaker = claim.get("speaker") or {}
    who = norm(speaker.get("resolved") or speaker.get("text"))
    return "clm-" + digest(who, norm(claim["content"]["text"]))


def merge_claims(current: list[dict[str, Any]], new: list[dict[str, Any]], article_id: str,
                 limit: int) -> list[dict[str, Any]]:
    """``current`` merged claims plus an article's ``new`` claims (at most ``limit`` distinct)."""
    by_id = {c["claim_id"]: c for c in current}
    for claim in new:
        cid = claim_id(claim)
        if cid in by_id:
            if article_id not in by_id[cid]["sources"]:
                by_id[cid]["sources"].append(article_id)
        elif len(by_id) < limit:
            by_id[cid] = {**claim, "claim_id": cid, "article_id": article_id, "sources": [article_id]}
    return list(by_id.values())


def claim_events(state: dict[str, Any] | None, enriched: dict[str, Any]) -> list[dict[str, Any]]:
    """One ``claims.events`` value per distinct claim of the article, as merged into its incident."""
    merged = {c["claim_id"]: c for c in (state or {}).get("claims", [])}
    events, seen = [], set()
    for claim in enriched.get("claims", []):
        cid = claim_id(claim)
        if cid in seen:
            continue
        seen.add(cid)
        full = merged.get(cid) or {**claim, "claim_id": cid, "article_id": enriched["id"], "sources": [enriched["id"]]}
        events.append({"event_id": "evt-" + digest("claim", cid, enriched["id"], n=20), "claim_id": cid,
                       "incident_id": state["incident_id"] if state else None,
                       "article_id": enriched["id"], "claim": full})
    return events
