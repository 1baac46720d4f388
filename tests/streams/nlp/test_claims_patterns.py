"""Claim patterns added in round 2 (PolNeAR conventions): refusals, poll adjuncts, attitude
adjectives, raising verbs, cue adjuncts, "called on X to Y", bare quotation paragraphs.
Sentences written for these tests."""
from __future__ import annotations

import pytest

from tests.streams.nlp.conftest import cue_triples

triples = cue_triples


def test_declined_keeps_the_infinitive_as_content(nlp):
    assert triples(nlp, "The ministry declined to comment.") == [("The ministry", "declined", "to comment")]


def test_refused_to_say_whether(nlp):
    [(who, cue, what)] = triples(nlp, "The mayor refused to say whether the bridge would reopen.")
    assert (who, cue, what) == ("The mayor", "refused", "to say whether the bridge would reopen")


def test_in_a_poll_is_a_cue(nlp):
    claims = triples(nlp, "In the latest Gallup poll, the senator led his rival by eight points.")
    assert claims == [("the latest Gallup poll", "In", "the senator led his rival by eight points")]


def test_poll_after_the_clause(nlp):
    claims = triples(nlp, "The governor led her rival by six points in the new survey.")
    assert claims == [("the new survey", "in", "The governor led her rival by six points")]


def test_in_a_place_is_no_cue(nlp):
    assert triples(nlp, "The governor holds a narrow lead in the northern counties.") == []


@pytest.mark.parametrize("verb", ["lamented", "decried", "touted"])
def test_verbs_of_judgement_are_cues(nlp, verb):
    [(who, cue, what)] = triples(nlp, f"The governor {verb} that the harvest had failed.")
    assert (who, cue, what) == ("The governor", verb, "that the harvest had failed")


def test_time_adverb_after_the_verb_joins_the_cue(nlp):
    [(who, cue, what)] = triples(nlp, "The minister said Tuesday that exports would rise.")
    assert (who, cue, what) == ("The minister", "said Tuesday", "that exports would rise")


def test_attitude_adjective_with_a_clause(nlp):
    [(who, cue, what)] = triples(nlp, "The farmers are confident that prices will recover.")
    assert (who, cue, what) == ("The farmers", "are confident", "that prices will recover")


def test_attitude_adjective_with_a_preposition(nlp):
    [(who, cue, what)] = triples(nlp, "The mayor was critical of the new budget.")
    assert (who, cue, what) == ("The mayor", "was critical of", "the new budget")


def test_adjective_without_content_is_no_claim(nlp):
    assert triples(nlp, "The mayor was happy.") == []


def test_raising_verb_has_no_source_and_the_clause_as_content(nlp):
    [(who, cue, what)] = triples(nlp, "The senator seemed to waver on the bill.")
    assert (who, cue, what) == (None, "seemed", "The senator seemed to waver on the bill")


def test_passive_expectation_takes_its_subject_into_the_content(nlp):
    [(who, cue, what)] = triples(nlp, "The bill is expected to pass next week.")
    assert (who, cue, what) == (None, "is expected", "The bill is expected to pass next week")


def test_clause_of_a_cue_is_not_a_parenthetical(nlp):
    """"agreed" reports what "said" says: both claims must not swallow each other."""
    claims = triples(nlp, "Mr. Okafor said he agreed with the plan.")
    assert ("Mr. Okafor", "said", "he agreed with the plan") in claims


def test_parenthetical_cue_stays_in_its_paragraph(nlp):
    text = "The plan, the mayor argued, is far too costly.\n\nThe council meets again in May."
    [(who, cue, what)] = triples(nlp, text)
    assert (who, cue) == ("the mayor", "argued")
    assert what.startswith("The plan") and "council" not in what


def test_bare_quotation_paragraph_continues_the_quote(nlp):
    text = "“We are ready,” the mayor said.\n\n“The roads will open on Monday.”"
    [(who, cue, what)] = triples(nlp, text)
    assert (who, cue) == ("the mayor", "said")
    assert what.startswith("We are ready") and what.endswith("open on Monday.")


def test_quotation_paragraph_with_text_after_it_is_not_continued(nlp):
    text = "“We are ready,” the mayor said.\n\n“The roads will open on Monday.” Traffic was light."
    [(_, _, what)] = triples(nlp, text)
    assert what.rstrip(",") == "We are ready"


def test_called_on_someone_to_act(nlp):
    [(who, cue, what)] = triples(nlp, "The union called on the company to raise wages.")
    assert (who, cue, what) == ("The union", "called on", "the company to raise wages")


def test_participle_naming_something_is_no_cue(nlp):
    assert all(cue != "called" for _, cue, _ in triples(nlp, "A charity called Hope for Kids raised money."))


def test_read_is_a_cue_before_a_quotation(nlp):
    [(who, cue, what)] = triples(nlp, "The sign on the door read: “Closed for repairs until Friday.”")
    assert (who, cue) == ("The sign on the door", "read")
    assert what.startswith("Closed for repairs")


def test_read_without_a_quotation_is_no_cue(nlp):
    assert triples(nlp, "She read the report on the train.") == []
