"""One article in, one enriched record out: entities, claims, incident facts, fingerprint.

This is the whole of the NLP stage, shared by the enrich agent and ``wiredesk process``.
``enrich_batch`` runs spaCy once over a batch (``nlp.pipe``) and returns plain dicts, which
is what crosses process boundaries (never ``Doc`` objects: they pickle 25,000x larger).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from streams.nlp.boilerplate import content_end as find_content_end
from streams.nlp.pipeline import doc_ents, load_nlp, seed_text

#: Entity labels kept in records; numbers, money and dates live in the incident facts instead.
ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
MAX_ENTITIES = 500
MAX_CLAIMS = 200



class EnrichError(Exception):
    """One article failed in the NLP stage; carries only a message so it pickles across processes."""


_WORD = re.compile(r"\w+", re.UNICODE)


def fingerprint(body: str, end: int | None = None) -> str:
    """Hash of the article's words (case, punctuation, spacing and boilerplate ignored).

    Two outlets carrying the same wire copy get the same fingerprint:

    >>> fingerprint("Police said: two were hurt.") == fingerprint("police  said two were HURT")
    True
    """
    words = _WORD.findall(body[:end].lower())
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def extract_entities(doc, limit: int = MAX_ENTITIES) -> list[dict[str, Any]]:
    """Named entities with character offsets into the body."""
    out = []
    for ent in doc_ents(doc):
        if ent.label_ in ENTITY_LABELS and ent.text.strip():
            out.append({"text": ent.text, "label": ent.label_, "start": ent.start_char, "end": ent.end_char})
            if len(out) >= limit:
                break
    return out


def enrich_doc(doc, article: dict[str, Any]) -> dict[str, Any]:
    """The ``wire.enriched`` record (``models.EnrichedArticle``) of one parsed article."""
    from streams.dedup.textsim import minhash, term_vector
    from streams.nlp.claims import extract_claims
    from streams.nlp.facts import extract_facts

    body = article["body"]
    seed_text(doc, body)
    end = find_content_end(body)
    entities = extract_entities(doc, MAX_ENTITIES + 1)
    claims = extract_claims(doc, content_end=end)
    truncated = [name for name, items, limit in (("entities", entities, MAX_ENTITIES), ("claims", claims, MAX_CLAIMS))
                 if len(items) > limit]
    return {
        "id": article["id"],
        "headline": article.get("headline"),
        "published_at": article.get("published_at"),
        "source": article.get("source"),
        "url": article.get("url"),
        "language": article.get("language") or "en",
        "fingerprint": fingerprint(body, end),
        "content_end": end,
        "entities": entities[:MAX_ENTITIES],
        "claims": claims[:MAX_CLAIMS],
        "truncated": truncated,  # lists over their limit (README "Limits"), cut to it
        "facts": extract_facts(doc, article.get("published_at"), article.get("headline"), content_end=end,
                               source=article.get("source")),
        # Text similarity for incident resolution and near-duplicate detection (streams.dedup.textsim).
        "terms": term_vector(f"{article.get('headline') or ''}\n{body[:end]}"),
        "minhash": minhash(body[:end]),
    }


def enrich_batch(articles: Sequence[dict[str, Any]], batch_size: int = 32) -> list[dict[str, Any]]:
    """Enrich decoded articles (see ``streams.decode``) in one ``nlp.pipe`` pass, in order."""
    nlp = load_nlp()
    docs = nlp.pipe((a["body"] for a in articles), batch_size=batch_size)
    return [enrich_doc(doc, article) for doc, article in zip(docs, articles)]


def enrich_each(articles: Sequence[dict[str, Any]], batch_size: int = 32) -> list[dict[str, Any] | EnrichError]:
    """Like :func:`enrich_batch`, but a failing article yields its exception instead of failing the batch.

    The fast path is one batch; only when it fails is each article retried alone, so one
    poisonous text costs a batch re-run and not the other articles.
    """
    try:
        return list(enrich_batch(articles, batch_size))
    except Exception:  # noqa: BLE001 - isolate the culprit below
        results: list[dict[str, Any] | EnrichError] = []
        for article in articles:
            try:
                results.append(enrich_batch([article])[0])
            except Exception as exc:  # noqa: BLE001 - reported as a dead letter by the caller
                results.append(EnrichError(f"{type(exc).__name__}: {exc}"[:2000]))
        return results
