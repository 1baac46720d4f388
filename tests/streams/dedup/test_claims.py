"""Claim identity across articles (fuzzy) and disputes between an incident's claims."""
from __future__ import annotations

from streams.dedup import incidents as inc
from streams.dedup.claims import claim_events, dispute, merge_claims, same_claim, similarity, speaker_key

from .conftest import claim, enriched

NOW = "2026-01-01T00:00:00Z"


def stanced(speaker, content, stance, target, cue="said"):
    return {**claim(speaker, content, cue), "stance": stance, "target": target}


def test_similarity_is_a_token_set_measure():
    assert similarity("Two people were hurt.", "two people were HURT") == 1.0
    assert similarity("were hurt two people", "two people were hurt") == 1.0
    assert similarity("a b c d e f g h i j", "a b c d e f g h i k") == 0.9
    assert similarity("", "x") == 0.0


def test_speaker_key_ignores_case_and_honorifics():
    assert speaker_key(claim("Mr. Palladino", "x")) == speaker_key(claim("palladino", "x")) == "palladino"
    resolved = claim("he", "x")
    resolved["speaker"]["resolved"] = "Robert Palladino"
    assert speaker_key(resolved) == "robert palladino"


def test_close_paraphrase_by_the_same_speaker_is_one_claim():
    a = claim("The mayor", "the bridge will reopen on Monday after the repairs are finished")
    b = claim("the Mayor", "The bridge will reopen Monday after the repairs are finished.")
    assert same_claim(a, b)
    merged = merge_claims([], [a], "art-1", 10)
    merged = merge_claims(merged, [b], "art-2", 10)
    assert len(merged) == 1 and merged[0]["sources"] == ["art-1", "art-2"]
    assert merged[0]["content"]["text"] == a["content"]["text"]  # the first article's spans


def test_other_speaker_or_other_content_stays_apart():
    a = claim("The mayor", "the bridge will reopen on Monday after the repairs are finished")
    assert not same_claim(a, claim("The governor", a["content"]["text"]))
    assert not same_claim(a, claim("The mayor", "the bridge will stay closed until the spring"))
    merged = merge_claims([], [a, claim("The governor", a["content"]["text"])], "art-1", 10)
    assert len(merged) == 2


def test_republished_claim_on_claims_events_and_incident():
    a = claim("Police", "two people were shot near the station on Friday night")
    b = claim("police", "Two people were shot near the station Friday night.")
    s = inc.merge_article(None, "i", enriched("a", claims=[a]), None, NOW)
    s = inc.merge_article(s, "i", enriched("b", claims=[b]), "a", NOW)
    assert len(s["claims"]) == 1 and s["claims"][0]["sources"] == ["a", "b"]
    [event] = claim_events(s, enriched("b", claims=[b]))
    assert event["claim_id"] == s["claims"][0]["claim_id"] and event["claim"]["sources"] == ["a", "b"]


def test_blame_and_denial_dispute_an_incident():
    claims = [{**stanced("Russia", "the rebels carried out the attack", "blames", "the rebels"), "claim_id": "c1"},
              {**stanced("Syria", "rebels did it", "blames", "rebels"), "claim_id": "c2"},
              {**stanced("The rebels", "carrying out the attack", "denies", "carrying out the attack"),
               "claim_id": "c3"},
              claim("Doctors", "ten people were treated")]
    out = dispute(claims)
    assert out["disputed"] is True
    assert [(s["stance"], s["target"], s["speakers"]) for s in out["sides"]] == [
        ("blames", "the rebels", ["Russia"]), ("blames", "rebels", ["Syria"]),
        ("denies", "carrying out the attack", ["The rebels"])]


def test_agreeing_claims_are_not_a_dispute():
    claims = [stanced("Russia", "x", "blames", "the rebels"), stanced("Syria", "y", "blames", "The rebels")]
    out = dispute(claims)
    assert out["disputed"] is False and out["sides"][0]["speakers"] == ["Russia", "Syria"]
    assert dispute([stanced("Police", "x", "blames", "a"), stanced("Police", "y", "denies", "b")])["disputed"] is False
    assert dispute([claim("Police", "x")]) == {"disputed": False, "sides": []}


def test_two_parties_blamed_is_a_dispute():
    claims = [stanced("Russia", "x", "blames", "the rebels"), stanced("The US", "y", "blames", "pro-regime forces")]
    assert dispute(claims)["disputed"] is True


def test_merge_article_marks_the_incident():
    s = inc.merge_article(None, "i", enriched("a", claims=[stanced("Russia", "x", "blames", "the rebels")]), None, NOW)
    assert s["disputed"] is False and len(s["sides"]) == 1
    s = inc.merge_article(s, "i", enriched("b", claims=[stanced("The rebels", "y", "denies", "the attack")]), None, NOW)
    assert s["disputed"] is True and [side["stance"] for side in s["sides"]] == ["blames", "denies"]


def test_merging_never_changes_the_callers_claims_or_state():
    """merge_claims copies a claim that gains a source, so merge_article may copy state shallowly."""
    import copy

    a = claim("Police", "two people were shot near the station on Friday night")
    b = claim("police", "Two people were shot near the station Friday night.")
    current = merge_claims([], [a], "art-1", 10)
    frozen = copy.deepcopy(current)
    merged = merge_claims(current, [b], "art-2", 10)
    assert current == frozen and merged[0]["sources"] == ["art-1", "art-2"]
    s1 = inc.merge_article(None, "i", enriched("a", claims=[a]), None, NOW)
    frozen_state = copy.deepcopy(s1)
    s2 = inc.merge_article(s1, "i", enriched("b", claims=[b]), "a", NOW)
    assert s1 == frozen_state and len(s2["sources"]) == 2 and s2["claims"][0]["sources"] == ["a", "b"]


def test_fuzzy_match_takes_the_first_merged_claim_of_the_same_speaker():
    """The first similar claim in merge order wins, whoever else is merged in between."""
    first = claim("The mayor", "the bridge will reopen on Monday after the repairs are finished")
    other = claim("The governor", "the bridge will reopen on Monday after the repairs are finished")
    second = claim("The mayor", "the bridge will reopen on Monday after repairs are finished soon")
    merged = merge_claims([], [first, other, second], "art-1", 10)
    assert len(merged) == 2, "second is first (0.9 similar), other has another speaker"
    close = claim("the Mayor", "The bridge will reopen Monday after the repairs are finished.")
    [event] = claim_events({"incident_id": "i", "claims": merged}, enriched("x", claims=[close]))
    assert event["claim_id"] == merged[0]["claim_id"]
