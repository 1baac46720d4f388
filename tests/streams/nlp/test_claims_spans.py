"""Span conventions of PolNeAR that claims v2 follows: cue adverbs, statement phrases, chained
cues, quotations continued after the cue, reported content running into a quotation."""
from __future__ import annotations

from streams.nlp.claims import extract_claims
from tests.streams.nlp.conftest import cue_triples

triples = cue_triples


def test_adverbs_before_the_verb_join_the_cue(nlp):
    assert triples(nlp, "The president also said that he imagined a quiet sunset.") == [
        ("The president", "also said", "that he imagined a quiet sunset")]


def test_in_a_statement_joins_the_cue(nlp):
    [(who, cue, what)] = triples(nlp, "Boistard said in a statement that the manager was respected.")
    assert (who, cue, what) == ("Boistard", "said in a statement", "that the manager was respected")


def test_an_interview_stays_out_of_the_cue(nlp):
    [(_, cue, _)] = triples(nlp, "Boistard said in an interview that the manager was respected.")
    assert cue == "said"


def test_preposition_cues(nlp):
    [(who, cue, what)] = triples(nlp, "Mr. Buchanan called for a cultural war against liberals.")
    assert (who, cue, what) == ("Mr. Buchanan", "called for", "a cultural war against liberals")


def test_chained_cue(nlp):
    [(who, cue, what)] = triples(nlp, "Corker declined to comment on the backup plan.")
    assert (who, cue, what) == ("Corker", "declined to comment on", "the backup plan")


def test_object_of_an_infinitive_cue_is_in_the_content(nlp):
    claims = triples(nlp, "The ads ask the candidates to make clean energy a priority.")
    assert ("The ads", "ask", "the candidates to make clean energy a priority") in claims


def test_quotation_continued_after_the_cue_sentence(nlp):
    text = "''These words matter,'' Mr. Allen said. ''And that was unfair.''"
    [(who, cue, what)] = triples(nlp, text)
    assert (who, cue) == ("Mr. Allen", "said")
    assert what.startswith("These words matter") and what.endswith("that was unfair.")


def test_quotation_does_not_continue_into_the_next_paragraph(nlp):
    text = "“We are ready,” said the mayor.\n\n“The roads are closed,” the chief added."
    claims = extract_claims(nlp(text))
    assert [c["content"]["text"] for c in claims] == ["We are ready,", "The roads are closed,"]


def test_reported_speech_runs_into_its_quotation(nlp):
    text = 'Gunn said the ruling was "in conflict with the law. The threat is very clear." He left.'
    [(_, _, what)] = triples(nlp, text)
    assert what == 'the ruling was "in conflict with the law. The threat is very clear.'


def test_an_adverbial_cue_does_not_take_the_quotation_before_it(nlp):
    text = "“We met today,” Ms. Conway added, referring to herself and Mr. Gates."
    claims = {c["cue"]["text"]: c["content"]["text"] for c in extract_claims(nlp(text))}
    assert claims["added"] == "We met today,"
    assert claims.get("referring to") == "herself and Mr. Gates"


def test_relative_pronoun_speaker_is_resolved(nlp):
    claims = extract_claims(nlp("The rebels, who denied carrying out the attack, accused the government."))
    denied = next(c for c in claims if c["cue"]["text"] == "denied")
    assert denied["speaker"]["text"] == "who" and denied["speaker"]["resolved"] == "The rebels"
