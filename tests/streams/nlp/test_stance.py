"""Stance and target of claims (streams.nlp.stance), alone and as extraction applies it."""
from __future__ import annotations

import json

import pytest

from streams.nlp.claims import extract_claims
from streams.nlp.stance import claim_stance
from tests.conftest import shared_file


def stances(nlp, text):
    return [(c["cue"]["text"], c["stance"], c["target"]) for c in extract_claims(nlp(text))]


@pytest.mark.parametrize("text, expected", [
    ("The rebels accused the government of trying to undermine the truce.", ("blames", "the government")),
    ("Police blamed the gunman for the deaths.", ("blames", "the gunman")),
    ("Syria denies that it has ever used chemical weapons.", ("denies", "it has ever used chemical weapons")),
    ("The ministry refuted the report.", ("refutes", "the report")),
    ("Officials confirmed that two people died.", ("confirms", "two people died")),
])
def test_stance_of_the_cue(nlp, text, expected):
    [(_, stance, target)] = stances(nlp, text)
    assert (stance, target) == expected


def test_blamed_on_targets_the_blamed_party(nlp):
    doc = nlp("Moscow blamed the attack on rebels.")
    verb = next(t for t in doc if t.lemma_ == "blame")
    cue = {"start": verb.idx, "end": verb.idx + len(verb.text)}
    assert claim_stance(doc, cue, {"start": 0, "end": 0}) == ("blames", "rebels")


def test_plain_reports_and_negations_have_no_stance(nlp):
    assert stances(nlp, "Officials said the road was closed.") == [("said", None, None)]
    [(_, stance, _)] = stances(nlp, "The mayor did not blame the police for the delay.")
    assert stance is None


def test_stance_inside_a_quotation(nlp):
    text = "“The United States strongly refutes this narrative,” he added."
    assert stances(nlp, text) == [("added", "refutes", "this narrative")]


def test_a_stance_reported_as_false_refutes_its_holder(nlp):
    text = "“The regime and Russia falsely accused the opposition of an attack,” said the spokesman."
    [(_, stance, target)] = stances(nlp, text)
    assert (stance, target) == ("refutes", "The regime and Russia")


def test_seed_article_sides(nlp):
    with open(shared_file("wire/seed.jsonl"), encoding="utf-8") as f:
        body = json.loads(f.readline())["body"]
    claims = extract_claims(nlp(body))
    got = {((c["speaker"] or {}).get("resolved") or c["speaker"]["text"], c["stance"]) for c in claims if c["stance"]}
    assert ("The rebels", "denies") in got  # "The rebels, who denied carrying out ..."
    assert ("The rebels", "blames") in got
    assert ("Robert Palladino", "refutes") in got  # "he added: The United States strongly refutes ..."
    assert ("Syrian officials", "blames") in got  # "... attack that Damascus and Moscow blamed on rebels"
