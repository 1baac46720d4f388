"""One article in, one enriched record out: entities, claims, incident facts, fingerprint.

This is the whole of the NLP stage, shared by the enrich agent and ``wiredesk process``.
``enrich_batch`` runs spaCy once over a batch (``nlp.pipe``) and returns plain dicts, which
is what crosses process boundaries (never ``Doc`` objects: they pickle 25,000x larger).

The same work also runs as two stages, for a pool whose parse processes leave a core free
(``streams.nlp.pool``): :func:`parse_each` only parses, in the spaCy processes, and returns each
parse as spaCy's ``DocBin`` bytes (about 11 kB per news article, 2 ms to pack); :func:`extract_each`
rebuilds the ``Doc`` in another process and extracts from it, with identical results.
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


def _failure(exc: Exception) -> EnrichError:
    return EnrichError(f"{type(exc).__name__}: {exc}"[:2000])


def _each(work, articles: Sequence[dict[str, Any]], batch_size: int) -> list:
    """``work(articles, batch_size)``, or when it fails, ``work`` of each article alone with a
    failing article's :class:`EnrichError` in its place: one poisonous text costs a batch re-run
    and not the other articles."""
    try:
        return list(work(articles, batch_size))
    except Exception:  # noqa: BLE001 - isolate the culprit below
        results = []
        for article in articles:
            try:
                results.append(work([article], 1)[0])
            except Exception as exc:  # noqa: BLE001 - reported as a dead letter by the caller
                results.append(_failure(exc))
        return results


def enrich_each(articles: Sequence[dict[str, Any]], batch_size: int = 32) -> list[dict[str, Any] | EnrichError]:
    """Like :func:`enrich_batch`, but a failing article yields its exception instead of failing the batch."""
    return _each(enrich_batch, articles, batch_size)


def _parse_batch(articles: Sequence[dict[str, Any]], batch_size: int) -> list[bytes]:
    from spacy.tokens import DocBin

    docs = load_nlp().pipe((a["body"] for a in articles), batch_size=batch_size)
    return [DocBin(docs=[doc]).to_bytes() for doc in docs]


def parse_each(articles: Sequence[dict[str, Any]], batch_size: int = 32) -> list[bytes | EnrichError]:
    """The first stage of :func:`enrich_each`: each article's parse as ``DocBin`` bytes (all the
    annotations, no user data), or its :class:`EnrichError`."""
    return _each(_parse_batch, articles, batch_size)


def extract_each(articles: Sequence[dict[str, Any]],
                 parses: Sequence[bytes | EnrichError]) -> list[dict[str, Any] | EnrichError]:
    """The second stage of :func:`enrich_each`: the enriched record of each article from its parse
    (:func:`parse_each`), or its :class:`EnrichError`. Runs where :func:`load_nlp` can load the
    same model: the rebuilt ``Doc`` shares its vocabulary, and facts parse the headline."""
    from spacy.tokens import DocBin

    vocab = load_nlp().vocab
    results: list[dict[str, Any] | EnrichError] = []
    for article, parse in zip(articles, parses):
        if isinstance(parse, EnrichError):
            results.append(parse)
            continue
        try:
            doc = next(DocBin().from_bytes(parse).get_docs(vocab))
            results.append(enrich_doc(doc, article))
        except Exception as exc:  # noqa: BLE001 - reported as a dead letter by the caller
            results.append(_failure(exc))
    return results
