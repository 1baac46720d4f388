"""Tests for streams.nlp.claims: the seed article and small made-up sentences per pattern."""
from __future__ import annotations

import pytest

from streams.nlp.claims import extract_claims, find_quotes


def claims_of(nlp, text, content_end=None):
    doc = nlp(text)
    claims = extract_claims(doc, content_end)
    for c in claims:
        assert_offsets(doc.text, c)
    return claims


def assert_offsets(text, claim):
    for key in ("speaker", "cue", "content"):
        span = claim[key]
        if span is None:
            assert key == "speaker"
            continue
        assert text[span["start"]:span["end"]] == span["text"]
        assert span["text"] == span["text"].strip() and span["text"]
    assert isinstance(claim["direct"], bool) and isinstance(claim["negated"], bool)


def triples(claims):
    return [((c["speaker"] or {}).get("text"), c["cue"]["text"], c["content"]["text"]) for c in claims]


def by_cue(claims, cue):
    found = [c for c in claims if c["cue"]["text"] == cue]
    assert found, f"no claim with cue {cue!r} in {triples(claims)}"
    return found


# ----------------------------------------------------------------------------- seed article
@pytest.fixture(scope="module")
def seed(nlp, seed_article):
    body = seed_article["body"]
    end = body.index("(Arutz Sheva")
    return body, end, claims_of(nlp, body, end)


def test_seed_palladino_said(seed):
    _, _, claims = seed
    hits = [c for c in claims if c["speaker"] and "Robert Palladino" in c["speaker"]["text"]
            and c["cue"]["text"] == "said"]
    assert hits
    assert hits[0]["speaker"]["text"] == "State Department deputy spokesman Robert Palladino"
    assert hits[0]["direct"] and hits[0]["content"]["text"].startswith("On November 24, 2018")


def test_seed_syrian_officials(seed):
    _, _, claims = seed
    c = next(c for c in claims if c["speaker"] and c["speaker"]["text"] == "Syrian officials")
    assert c["cue"]["text"] == "said" and not c["direct"]
    assert c["content"]["text"].startswith("more than 100 people were treated")


def test_seed_he_added_resolves_to_palladino(seed):
    _, _, claims = seed
    c = by_cue(claims, "added")[0]
    assert c["speaker"]["text"] == "he" and c["direct"]
    assert c["speaker"]["resolved"] == "Robert Palladino"
    assert "strongly refutes this narrative" in c["content"]["text"]
    assert "ceasefire in Idlib" in c["content"]["text"]  # the quote spans two sentences


def test_seed_rebels_denied_and_accused(seed):
    _, _, claims = seed
    denied = by_cue(claims, "denied")[0]
    assert "carrying out any poison gas attacks" in denied["content"]["text"]
    accused = [c for c in by_cue(claims, "accused") if c["speaker"]["text"] == "The rebels"]
    assert accused and accused[0]["content"]["text"].startswith("the government of trying to undermine")


def test_seed_nothing_from_boilerplate(seed):
    body, end, claims = seed
    assert claims
    assert all(c["cue"]["start"] < end and c["content"]["start"] < end for c in claims)
    assert all("Arutz" not in c["content"]["text"] for c in claims)


def test_seed_content_end_none_reads_everything(nlp, seed):
    body, end, claims = seed
    assert len(claims_of(nlp, body)) >= len(claims)


# ----------------------------------------------------------------------------- patterns
def test_indirect_speech_keeps_that(nlp):
    (c,) = claims_of(nlp, "The mayor told reporters on Monday that the bridge would reopen in May.")
    assert triples([c]) == [("The mayor", "told", "that the bridge would reopen in May")]
    assert not c["direct"] and not c["negated"]


def test_unnamed_speaker(nlp):
    (c,) = claims_of(nlp, "Officials said the road was closed.")
    assert triples([c]) == [("Officials", "said", "the road was closed")]


def test_direct_quote_cue_after_inverted(nlp):
    (c,) = claims_of(nlp, "“The plant is safe,” said Mayor Jane Smith.")
    assert c["speaker"]["text"] == "Mayor Jane Smith" and c["cue"]["text"] == "said"
    assert c["direct"] and c["content"]["text"].rstrip(",") == "The plant is safe"


def test_direct_quote_cue_before_with_colon(nlp):
    (c,) = claims_of(nlp, 'The minister said: "We are ready. We have always been ready."')
    assert c["speaker"]["text"] == "The minister" and c["direct"]
    assert c["content"]["text"] == "We are ready. We have always been ready."


def test_split_quote_spans_both_parts(nlp):
    (c,) = claims_of(nlp, "“We will win,” he said, “and we will govern.”")
    assert c["direct"] and c["cue"]["text"] == "said"
    assert c["content"]["text"].startswith("We will win") and c["content"]["text"].endswith("govern.")


def test_multi_sentence_quote_before_cue(nlp):
    (c,) = claims_of(nlp, "“It was bad. Very bad. The worst,” Smith said.")
    assert c["speaker"]["text"] == "Smith" and c["direct"]
    assert c["content"]["text"].startswith("It was bad.") and "The worst" in c["content"]["text"]


def test_quote_continues_in_next_sentence(nlp):
    (c,) = claims_of(nlp, "“We are ready,” the coach said. “The team has trained for months.”\n\nRain fell.")
    assert c["content"]["text"].endswith("trained for months.")


@pytest.mark.parametrize("text, content", [
    ("According to the police, two people were hurt.", "two people were hurt"),
    ("Two people were hurt, according to the police.", "Two people were hurt"),
])
def test_according_to(nlp, text, content):
    (c,) = claims_of(nlp, text)
    assert triples([c]) == [("the police", c["cue"]["text"], content)]
    assert c["cue"]["text"].lower() == "according to"


def test_pronoun_resolved_to_previous_named_speaker(nlp):
    claims = claims_of(nlp, "Mayor Jane Smith said the road was closed. “We are ready,” she added.")
    added = by_cue(claims, "added")[0]
    assert added["speaker"]["text"] == "she"
    assert added["speaker"]["resolved"] == "Jane Smith"


def test_pronoun_without_antecedent_is_not_resolved(nlp):
    (c,) = claims_of(nlp, "“We are ready,” she added.")
    assert c["speaker"]["text"] == "she" and "resolved" not in c["speaker"]


def test_negated_cue(nlp):
    (c,) = claims_of(nlp, "He did not say that taxes would rise.")
    assert c["negated"] and c["cue"]["text"] == "did not say"
    assert c["content"]["text"] == "that taxes would rise"


def test_denial_is_a_cue_not_a_negation(nlp):
    (c,) = claims_of(nlp, "The company denied the report.")
    assert triples([c]) == [("The company", "denied", "the report")] and not c["negated"]


def test_phrasal_cue_point_out(nlp):
    (c,) = claims_of(nlp, "The senator pointed out that the bill had failed twice.")
    assert c["cue"]["text"] == "pointed out" and c["content"]["text"] == "that the bill had failed twice"


def test_speaker_keeps_title_drops_claiming_relative_clause(nlp):
    claims = claims_of(nlp, "The rebels, who denied the attack, accused the army of lying.")
    accused = by_cue(claims, "accused")[0]
    assert accused["speaker"]["text"] == "The rebels"
    assert accused["content"]["text"] == "the army of lying"


def test_content_end_skips_later_sentences(nlp):
    text = "Officials said the road was closed. Copyright 2018: editors said nothing is reserved."
    assert triples(claims_of(nlp, text, content_end=text.index("Copyright"))) == [
        ("Officials", "said", "the road was closed")]


def test_no_claims_without_cues(nlp):
    assert claims_of(nlp, "The river rose overnight and flooded two streets.") == []


def test_claims_in_text_order(nlp):
    claims = claims_of(nlp, "Officials said the road was closed. Police said two people were hurt.")
    assert [c["cue"]["start"] for c in claims] == sorted(c["cue"]["start"] for c in claims)
    assert len(claims) == 2


def test_find_quotes_curly_straight_and_open_paragraph():
    text = '“A b,” he said. "C d." ‘x’\n“Open quote runs on\nnext'
    inner = [text[q.inner_start:q.inner_end] for q in find_quotes(text)]
    assert inner == ["A b,", "C d.", "Open quote runs on"]


def test_malformed_spans_never_leave_the_extractor():
    from streams.nlp.claims import well_formed

    text = "Officials said the road was closed."
    good = {"speaker": {"text": "Officials", "start": 0, "end": 9}, "cue": {"text": "said", "start": 10, "end": 14},
            "content": {"text": "the road was closed", "start": 15, "end": 34}}
    assert well_formed(good, text)
    assert well_formed({**good, "speaker": None}, text)
    assert not well_formed({**good, "cue": {"text": "", "start": 14, "end": 10}}, text)  # inverted, empty
    assert not well_formed({**good, "cue": {"text": "sai", "start": 10, "end": 14}}, text)  # text mismatch
    assert not well_formed({**good, "content": {"text": "x", "start": 30, "end": 99}}, text)  # past the end


GATE_TEXTS = [
    "The senator tweeted that the bill was dead. Critics blasted the plan as reckless, and the mayor "
    "mocked his rival for weeks. \"We will not back down,\" the union vowed on Friday.",
    "Officials conceded the program had failed. The company boasted that sales doubled, while "
    "analysts cautioned that the gains would fade. She ate lunch and went home.",
]


@pytest.mark.parametrize("text", GATE_TEXTS)
def test_the_open_verb_gate_changes_no_claim(nlp, text, monkeypatch):
    import streams.nlp.claims as claims

    doc = nlp(text)
    gated = claims.extract_claims(doc)
    monkeypatch.setattr(claims, "OPEN_GATE_MARGIN", float("inf"))  # every open verb is built and scored
    assert claims.extract_claims(doc) == gated


def test_the_open_verb_gate_stops_verbs_no_claim_could_lift(nlp, monkeypatch):
    import streams.nlp.claims as claims

    model = claims.default_cue_model()
    if model is None:
        pytest.skip("no cue model shipped")
    doc = nlp("She ate lunch and went home.")
    monkeypatch.setattr(claims, "OPEN_GATE_MARGIN", 0.0)
    assert not model.open_gate(doc[1], 0)  # "ate": nothing about it says "attribution"
