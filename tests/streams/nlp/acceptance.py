"""What the seed article must yield, wherever it is processed (issue #2's acceptance)."""
from __future__ import annotations


def check_seed_record(article: dict, record: dict) -> None:
    body = article["body"]
    boilerplate_start = body.index("(Arutz Sheva")
    for ent in record["entities"]:
        assert body[ent["start"]:ent["end"]] == ent["text"]
    assert any(e["text"] == "Robert Palladino" and e["label"] == "PERSON" for e in record["entities"])
    claims = record["claims"]
    for c in claims:
        for part in ("speaker", "cue", "content"):
            if c[part]:
                assert body[c[part]["start"]:c[part]["end"]] == c[part]["text"]
        assert c["cue"]["start"] < boilerplate_start, "no claim from the boilerplate"
    assert any("Robert Palladino" in (c["speaker"] or {}).get("text", "") and c["cue"]["text"] == "said"
               for c in claims)
    assert any((c["speaker"] or {}).get("text") == "Syrian officials" for c in claims)
    incident = record["incident"]
    assert incident is not None
    assert incident["date"] == "2018-11-24"
    assert incident["location"]["city"] == "Aleppo" and incident["location"]["country"] == "Syria"
    affected = max(incident.get("injured") or 0, incident.get("killed") or 0)
    assert 90 <= affected <= 110, incident
