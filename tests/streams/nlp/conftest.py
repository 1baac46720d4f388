"""Fixtures of the NLP tests: the pipeline, loaded once per session, and a claims helper."""
from __future__ import annotations

import pytest

from streams.nlp.pipeline import load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


def cue_triples(nlp, text):
    """(speaker, cue, content) texts of the claims of ``text``."""
    from streams.nlp.claims import extract_claims

    return [((c["speaker"] or {}).get("text"), c["cue"]["text"], c["content"]["text"])
            for c in extract_claims(nlp(text))]
