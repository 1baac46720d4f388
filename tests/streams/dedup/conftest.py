import pytest


def enriched(article_id: str, *, type_: str | None = "shooting", date: str | None = "2016-07-23",
             city: str | None = "Bastrop", state: str | None = "Texas", country: str | None = "United States",
             killed: int | None = None, injured: int | None = None, fingerprint: str | None = None,
             claims: list | None = None, published_at: str | None = "2016-07-25",
             source: str = "example.org") -> dict:
    """An enrich-stage record, as streams.nlp.extract.enrich_doc makes it."""
    facts = None
    if type_:
        location = {"name": city or state or country, "city": city, "state": state, "country": country}
        facts = {"type": type_, "date": date, "location": location if any((city, state, country)) else None,
                 "killed": killed, "injured": injured}
    return {"id": article_id, "fingerprint": fingerprint or f"fp-{article_id}", "content_end": 100,
            "headline": f"Headline of {article_id}", "published_at": published_at, "source": source,
            "url": None, "language": "en", "entities": [{"text": "Bastrop", "label": "GPE", "start": 0, "end": 7}],
            "claims": claims or [], "facts": facts}


def claim(speaker: str | None, content: str, cue: str = "said") -> dict:
    return {"speaker": {"text": speaker, "start": 0, "end": len(speaker)} if speaker else None,
            "cue": {"text": cue, "start": 0, "end": len(cue)},
            "content": {"text": content, "start": 0, "end": len(content)}, "direct": False, "negated": False}


@pytest.fixture
def make():
    return enriched
