"""Over-limit articles are cut to the documented limits and say so (README "Limits")."""
from streams.nlp import extract


def test_entities_and_claims_are_cut_and_flagged(monkeypatch):
    monkeypatch.setattr(extract, "MAX_ENTITIES", 3)
    monkeypatch.setattr(extract, "MAX_CLAIMS", 2)
    body = " ".join(f"{name} said the road in {city} was closed." for name, city in
                    [("John Smith", "Boston"), ("Mary Jones", "Denver"), ("Ali Khan", "Austin"), ("Li Wei", "Tulsa")])
    record = extract.enrich_batch([{"id": "a", "body": body}])[0]
    assert len(record["entities"]) == 3 and len(record["claims"]) == 2
    assert record["truncated"] == ["entities", "claims"]


def test_nothing_cut_nothing_flagged():
    record = extract.enrich_batch([{"id": "a", "body": "John Smith said the road was closed."}])[0]
    assert record["truncated"] == []
