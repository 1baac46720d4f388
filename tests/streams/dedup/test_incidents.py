import datetime as dt

import pytest

from streams.dedup import incidents as inc
from streams.dedup.claims import claim_events
from tests.streams.dedup.conftest import claim, enriched

NOW = "2026-01-01T00:00:00+00:00"


def test_ids_are_deterministic_and_distinct():
    assert inc.incident_id_for("a") == inc.incident_id_for("a") != inc.incident_id_for("b")
    assert inc.event_id("inc-1", 1, "a") == inc.event_id("inc-1", 1, "a")
    assert len({inc.event_id("inc-1", 1, "a"), inc.event_id("inc-1", 2, "a"), inc.event_id("inc-1", 1, "b")}) == 3


def test_event_day_prefers_incident_date_then_publication():
    assert inc.event_day({"date": "2016-07-23"}, "2016-07-25T10:00:00Z") == dt.date(2016, 7, 23)
    assert inc.event_day({"date": None}, "2016-07-25T10:00:00Z") == dt.date(2016, 7, 25)
    assert inc.event_day({"date": None}, None) is None


def test_merge_creates_then_updates_and_is_idempotent():
    s1 = inc.merge_article(None, "inc-x", enriched("a", killed=1, injured=2), None, NOW)
    assert s1["version"] == 1 and s1["killed"] == 1 and [s["article_id"] for s in s1["sources"]] == ["a"]
    s2 = inc.merge_article(s1, "inc-x", enriched("b", killed=2, injured=None), None, NOW)
    assert s2["version"] == 2 and s2["killed"] == 2 and s2["injured"] == 2
    assert s1["version"] == 1, "the input state must not be mutated"
    assert inc.merge_article(s2, "inc-x", enriched("b", killed=9), None, NOW) is s2


def test_claims_merge_by_speaker_and_content():
    c = claim("Police Chief Ana Ruiz", "Two people were hurt.")
    s = inc.merge_article(None, "i", enriched("a", claims=[c]), None, NOW)
    s = inc.merge_article(s, "i", enriched("b", claims=[claim("Police Chief Ana Ruiz", "two people were HURT")]),
                          None, NOW)
    s = inc.merge_article(s, "i", enriched("c", claims=[claim("The mayor", "Two people were hurt.")]), None, NOW)
    assert [sorted(c["sources"]) for c in s["claims"]] == [["a", "b"], ["c"]]


def test_bounds_hold():
    s = None
    for i in range(inc.MAX_SOURCES + 5):
        s = inc.merge_article(s, "i", enriched(f"a{i}", claims=[claim(f"p{i}", f"claim {i}")]), None, NOW)
    assert len(s["sources"]) == inc.MAX_SOURCES and len(s["claims"]) == inc.MAX_CLAIMS
    assert len(s["entities"]) <= inc.MAX_ENTITIES


def test_record_fills_missing_facts_from_incident():
    s = inc.merge_article(None, "i", enriched("a", killed=3), None, NOW)
    rec = inc.record(enriched("b", date=None, killed=None), s, "a")
    assert rec["incident"]["incident_id"] == "i" and rec["incident"]["killed"] == 3
    assert rec["incident"]["date"] == "2016-07-23" and rec["duplicate_of"] == "a"
    assert inc.record(enriched("c", type_=None), None, None)["incident"] is None


def test_events():
    s = inc.merge_article(None, "i", enriched("a", claims=[claim("x", "y"), claim("x", "y")]), None, NOW)
    ev = inc.incident_event(s, "a")
    assert ev["kind"] == "created" and ev["version"] == 1 and ev["incident"] is s
    claims = claim_events(s, enriched("a", claims=[claim("x", "y"), claim("x", "y")]))
    assert len(claims) == 1 and claims[0]["incident_id"] == "i"


# ----------------------------------------------------------------------------- matching (v2)
def profile(article_id="a", **kw):
    e = enriched(article_id, **{k: v for k, v in kw.items() if k not in ("entities", "terms")})
    if "entities" in kw:
        e["entities"] = kw["entities"]
    e["terms"] = kw.get("terms", {})
    return inc.article_profile(e)


def test_salient_names_skip_generic_and_lone_surnames():
    ents = [{"text": "Alejandro Martinez", "label": "PERSON"}, {"text": "Martinez", "label": "PERSON"},
            {"text": "Bastrop Police Department", "label": "ORG"}, {"text": "the Police Department", "label": "ORG"},
            {"text": "Arbors of Bastrop Apartments", "label": "FAC"}]
    names = inc.salient_names(ents)
    assert set(names) == {"alejandro martinez", "bastrop police department", "arbors of bastrop apartments"}
    assert names["alejandro martinez"] > names["bastrop police department"]


def test_same_place_and_day_match_other_place_does_not():
    a = profile("a")
    same = inc.merge_profile(None, profile("b", date="2016-07-24"))
    other_city = inc.merge_profile(None, profile("c", city="Austin"))
    other_state = inc.merge_profile(None, profile("d", state="Ohio", city="Dayton"))
    assert inc.match_score(a, same) >= inc.MATCH_THRESHOLD
    assert inc.match_score(a, other_city) < inc.MATCH_THRESHOLD
    assert inc.match_score(a, other_state) < inc.match_score(a, other_city)
    assert inc.best_match(a, {"x": other_city, "y": same})[0] == "y"
    assert inc.best_match(a, {"x": other_city})[0] is None


def test_places_are_matched_as_the_reports_name_them_not_by_postal_city():
    # Two neighbourhoods of Chicago (both with the postal city "Chicago") are two places.
    def in_part_of_town(article_id, name):
        e = enriched(article_id, city="Chicago", state="Illinois")
        e["facts"]["location"]["name"] = name
        e["terms"] = {}
        return inc.article_profile(e)

    a = in_part_of_town("a", "North Lawndale")
    assert a["city"] == "north lawndale"
    assert inc.match_score(a, inc.merge_profile(None, in_part_of_town("b", "North Lawndale"))) >= inc.MATCH_THRESHOLD
    assert inc.match_score(a, inc.merge_profile(None, in_part_of_town("c", "Englewood"))) < inc.MATCH_THRESHOLD


def test_a_report_weeks_later_needs_more_than_the_city_and_a_little_text():
    # Another shooting in the same city a month later (a city's incidents share words: its
    # name, "police") is another incident; a follow-up naming the same victim and suspect is
    # the same.
    a_terms, b_terms = {"bastrop": 0.3162, "apartment": 0.9487}, {"bastrop": 0.3162, "vigil": 0.9487}  # unit vectors
    first = inc.merge_profile(None, profile("a", terms=a_terms))
    later = profile("b", date="2016-08-22", terms=b_terms)
    assert inc.cosine(later["terms"], first["terms"]) == pytest.approx(0.1, abs=1e-3)
    assert inc.match_score(later, first) < inc.MATCH_THRESHOLD
    victim = [{"text": "Ana Ruiz", "label": "PERSON", "start": 0, "end": 8},
              {"text": "John Doe", "label": "PERSON", "start": 10, "end": 18}]
    first = inc.merge_profile(None, profile("a", terms=a_terms, entities=victim))
    follow_up = profile("c", date="2016-08-22", terms=b_terms, entities=victim)
    assert inc.match_score(follow_up, first) >= inc.MATCH_THRESHOLD
    # the further apart, the more it takes
    a_week = inc.match_score(profile("d", date="2016-07-29", terms=b_terms), first)
    weeks = inc.match_score(profile("e", date="2016-08-22", terms=b_terms), first)
    months = inc.match_score(profile("f", date="2016-11-22", terms=b_terms), first)
    assert a_week - weeks == pytest.approx(inc.W_DATE_PER_DAY * (30 - 7)) and weeks > months


def test_types_of_other_families_match_only_on_strong_evidence():
    a = profile("a")
    fire = inc.merge_profile(None, profile("b", type_="fire"))
    homicide = inc.merge_profile(None, profile("c", type_="homicide"))
    assert inc.match_score(a, fire) < inc.MATCH_THRESHOLD  # same place and day are not enough
    assert inc.match_score(a, homicide) >= inc.MATCH_THRESHOLD  # a shooting is also a homicide
    terms = {"riot": 0.5, "athens": 0.5, "teenager": 0.5, "police": 0.5}
    names = [{"text": "Alexandros Grigoropoulos", "label": "PERSON"}]
    shooting = inc.merge_profile(None, profile("d", terms=terms, entities=names))
    riots = profile("e", type_="protest", terms=terms, entities=names)
    assert inc.match_score(riots, shooting) >= inc.MATCH_THRESHOLD  # one event, typed apart


def test_names_and_text_bring_a_late_follow_up_back():
    names = [{"text": "Alejandro Martinez", "label": "PERSON"}, {"text": "Erica Rodriguez", "label": "PERSON"}]
    terms = {"martinez": 0.6, "rodriguez": 0.6, "arbors": 0.5}
    first = inc.merge_profile(None, profile("a", entities=names, terms=terms))
    late = profile("b", date="2016-08-30", entities=names, terms=terms)
    stranger = profile("c", date="2016-08-30")
    assert inc.match_score(late, first) >= inc.MATCH_THRESHOLD
    assert inc.match_score(stranger, first) < inc.MATCH_THRESHOLD


def test_casualty_clash_lowers_the_score():
    a = profile("a", killed=4)
    agree = inc.merge_profile(None, profile("b", killed=4))
    clash = inc.merge_profile(None, profile("c", killed=1))
    assert inc.match_score(a, agree) > inc.match_score(a, clash)


def test_features_and_profile_merge_are_bounded():
    p = None
    for i in range(60):
        ents = [{"text": f"Person Number{i}", "label": "PERSON"}]
        p = inc.merge_profile(p, profile(f"a{i}", entities=ents, terms={f"w{i}": 1.0}, date=f"2016-07-{1 + i % 28:02d}"))
    assert len(p["names"]) <= inc.MAX_PROFILE_NAMES and len(p["terms"]) <= inc.MAX_PROFILE_TERMS
    assert len(p["days"]) <= inc.MAX_PROFILE_DAYS and p["n"] == 60
    feats = dict(inc.features(profile("a")))
    assert feats == {"t:violence": inc.TYPE_WINDOW_DAYS, "c:texas/bastrop": inc.LONG_WINDOW_DAYS}


def test_incident_date_and_place_are_the_reports_consensus():
    s = inc.merge_article(None, "i", enriched("a", date="2016-07-24"), None, NOW)
    s = inc.merge_article(s, "i", enriched("b", date="2016-07-23"), None, NOW)
    assert s["date"] == "2016-07-23", "a tie goes to the earliest day"
    s = inc.merge_article(s, "i", enriched("c", date="2016-07-24", city="Austin"), None, NOW)
    assert s["date"] == "2016-07-24" and s["location"]["city"] == "Bastrop"
    s = inc.merge_article(s, "i", enriched("d", city="Austin"), None, NOW)
    assert s["location"]["city"] == "Bastrop", "a tie goes to the first reported place"
    s = inc.merge_article(s, "i", enriched("e", city="Austin"), None, NOW)
    assert s["location"]["city"] == "Austin"
    rec = inc.record(enriched("f", date="2016-07-30", killed=2), s, None)
    assert rec["incident"]["date"] == s["date"] and rec["incident"]["killed"] == 2


def test_a_day_guessed_from_the_publication_time_counts_half():
    def guessed(article_id, date):
        e = enriched(article_id, date=date, published_at=date)
        e["facts"]["evidence"] = {"date": "published_at"}
        return e

    s = inc.merge_article(None, "i", guessed("a", "2016-07-22"), None, NOW)
    assert s["date"] == "2016-07-22" and s["sources"][0]["facts"]["date_guessed"] is True
    s = inc.merge_article(s, "i", enriched("b", date="2016-07-23"), None, NOW)
    assert s["date"] == "2016-07-23", "the day the text names beats the day guessed, though later"
    s = inc.merge_article(s, "i", guessed("c", "2016-07-22"), None, NOW)
    assert s["date"] == "2016-07-22", "two guesses are one report's word"


def test_the_place_is_chosen_state_first_then_city():
    s = inc.merge_article(None, "i", enriched("a", city="Montfort", state=None), None, NOW)
    s = inc.merge_article(s, "i", enriched("b", city="Madison", state="Wisconsin"), None, NOW)
    assert (s["location"]["city"], s["location"]["state"]) == ("Montfort", "Wisconsin"), \
        "a city reported without its state takes the state the reports give"
    s = inc.merge_article(None, "i", enriched("a", city="Madison", state="Wisconsin"), None, NOW)
    s = inc.merge_article(s, "i", enriched("b", city="Madison", state="Tennessee"), None, NOW)
    s = inc.merge_article(s, "i", enriched("c", city="Nashville", state="Tennessee"), None, NOW)
    assert (s["location"]["city"], s["location"]["state"]) == ("Madison", "Tennessee"), \
        "two reports say Tennessee: its city, not the first report's namesake"
    s = inc.merge_article(None, "i", enriched("a", city=None, state=None, country=None), None, NOW)
    assert s["location"] is None


def test_a_report_giving_only_the_county_votes_for_the_town_of_it_another_gives():
    def report(article_id, city, county, state="Texas"):
        e = enriched(article_id, city=city, state=state)
        e["facts"]["location"]["county"] = county
        return e

    s = inc.merge_article(None, "i", report("a", "Harris County", "Harris County"), None, NOW)
    s = inc.merge_article(s, "i", report("b", "Harris County", "Harris County"), None, NOW)
    s = inc.merge_article(s, "i", report("c", "Houston", "Harris County"), None, NOW)
    assert s["location"]["city"] == "Houston", "the county's reports agree with the town in it"
    s = inc.merge_article(s, "i", report("d", "Katy", "Waller County"), None, NOW)
    s = inc.merge_article(s, "i", report("e", "Katy", "Waller County"), None, NOW)
    assert s["location"]["city"] == "Houston", "three reports against two"
    s = inc.merge_article(None, "i", report("a", "Harris County", "Harris County"), None, NOW)
    s = inc.merge_article(s, "i", report("b", "Harris County", "Harris County"), None, NOW)
    s = inc.merge_article(s, "i", report("c", "Katy", "Waller County"), None, NOW)
    assert s["location"]["city"] == "Harris County", "a town of another county gains nothing"
    s = inc.merge_article(None, "i", report("a", "Harris County", "Harris County", "Georgia"), None, NOW)
    s = inc.merge_article(s, "i", report("b", "Harris County", "Harris County", "Georgia"), None, NOW)
    s = inc.merge_article(s, "i", report("c", "Houston", "Harris County", None), None, NOW)
    assert s["location"]["city"] == "Harris County", "nor one whose county is another state's namesake"


def test_reports_that_disagree_are_weighed_by_their_place_support():
    def report(article_id, city, state, support):
        e = enriched(article_id, city=city, state=state)
        e["facts"]["location"]["support"] = support
        return e

    s = inc.merge_article(None, "i", report("a", "Kansas City", "Kansas", 4.0), None, NOW)
    s = inc.merge_article(s, "i", report("b", "Kansas City", "Missouri", 11.5), None, NOW)
    assert s["location"]["state"] == "Missouri", "one report each: the better supported wins"
    s = inc.merge_article(s, "i", report("c", "Kansas City", "Kansas", 1.0), None, NOW)
    assert s["location"]["state"] == "Kansas", "support only breaks ties: two reports outvote one"


def test_source_limit_is_flagged():
    s = None
    for i in range(inc.MAX_SOURCES + 1):
        s = inc.merge_article(s, "i", enriched(f"a{i}"), None, NOW)
        assert s.get("sources_truncated", False) == (i >= inc.MAX_SOURCES)


# ----------------------------------------------------------------------------- stories outside the taxonomy
def story(article_id: str, terms: dict[str, float], people: list[str], published_at: str | None = None) -> dict:
    """An untyped enriched record (no incident facts) with a term vector and PERSON mentions."""
    e = enriched(article_id, type_=None, published_at=published_at)
    e["terms"] = terms
    e["entities"] = [{"text": p, "label": "PERSON", "start": 0, "end": len(p)} for p in people]
    return e


def test_an_untyped_article_with_a_text_is_a_story_and_one_without_is_no_incident():
    p = inc.article_profile(story("a", {"rehab": 0.8, "malibu": 0.6}, ["Tara Reid", "Reid", "Reid's"]))
    assert p["type"] == inc.OTHER and p["people"] == {"reid": 3}
    assert inc.article_profile(enriched("b", type_=None)) is None  # no facts and no text: nothing to match
    state = inc.merge_article(None, "i", story("a", {"rehab": 1.0}, []), None, NOW)
    assert state["type"] == inc.OTHER


def test_people_are_counted_by_surname_whatever_the_form():
    ents = [{"text": t, "label": "PERSON"} for t in ("Hugh Jackman", "Jackman", "Jackman’s", "Ava", "Ron Howard")]
    ents.append({"text": "Jackman Street", "label": "FAC"})
    assert inc.people(ents) == {"jackman": 3, "ava": 1, "howard": 1}


def test_type_rules_between_taxonomy_types_and_stories():
    assert inc._type_score("shooting", "shooting") == 0.0
    assert inc._type_score("shooting", "homicide") == 0.0
    assert inc._type_score("shooting", "stabbing") == inc.W_TYPE_CLASH
    assert inc._type_score("shooting", inc.OTHER) == inc._type_score(inc.OTHER, "fire") == inc.W_OTHER_CLASH
    assert inc._type_score("fire", "shooting") == inc.W_FAMILY_CLASH < inc.W_TYPE_CLASH


def test_two_stories_about_different_people_score_lower_than_one_story():
    terms = {"oscars": 0.6, "host": 0.6, "academy": 0.5}
    first = inc.merge_profile(None, inc.article_profile(story("a", terms, ["Hugh Jackman", "Jackman"])))
    same = inc.article_profile(story("b", terms, ["Jackman", "Laurence Mark"]))
    other = inc.article_profile(story("c", terms, ["Ellen DeGeneres", "DeGeneres"]))
    assert inc.match_score(same, first) - inc.match_score(other, first) == -inc.W_PEOPLE_CLASH
    # typed reports name victims, suspects and officials by turns: no people rule between them
    shot = {**inc.article_profile(enriched("d")), "people": {"smith": 2}}
    assert inc._people_score(shot, {**inc.merge_profile(None, shot), "people": {"jones": 3}}) == 0.0


def test_stories_are_indexed_by_names_and_heaviest_terms_not_by_type():
    p = inc.article_profile(story("a", {"rehab": 0.8, "malibu": 0.6, "clinic": 0.1}, ["Tara Reid"]))
    feats = dict(inc.features(p))
    assert not any(f.startswith("t:") for f in feats)
    assert [f for f in feats if f.startswith("w:")] == ["w:rehab", "w:malibu", "w:clinic"]  # the three heaviest
    assert "n:tara reid" in feats
    typed = dict(inc.features(inc.article_profile(enriched("b"))))
    assert "t:violence" in typed


def test_dated_and_undated_reports_find_each_other():
    dated = inc.article_profile(enriched("a"))  # a shooting in Bastrop, dated
    undated = {**dated, "day": None}
    searches, entries = inc.lookup_plan(dated, type_window=3)
    day = dated["day"]
    assert ("t:violence", day - 3, day + 3) in searches and ("c:texas/bastrop", day - 45, day + 45) in searches
    assert ("c:texas/bastrop" + inc.UNDATED, "-inf", "+inf") in searches
    assert not any(f.startswith("t:") and f.endswith(inc.UNDATED) for f, _, _ in searches)
    assert ("t:violence", day) in entries and all(score == day for _, score in entries)
    u_searches, u_entries = inc.lookup_plan(undated)
    assert {f for f, _ in u_entries} == {"c:texas/bastrop" + inc.UNDATED}  # no type family alone
    assert ("c:texas/bastrop", "-inf", "+inf") in u_searches  # finds the dated incident
    # what the undated report registers is what the dated one searches, and the reverse
    assert {f for f, _ in u_entries} <= {f for f, _, _ in searches}
    assert {f for f, _ in entries if not f.startswith("t:")} <= {f for f, _, _ in u_searches}
    only_type = {**undated, "city": None, "names": {}, "terms": {}}
    assert inc.lookup_plan(only_type)[1] == [("t:violence" + inc.UNDATED, 0)]


def test_a_story_needs_close_text_and_close_days():
    terms = {"pipeline": 0.6, "protest": 0.5, "dakota": 0.6}
    first = inc.merge_profile(None, inc.article_profile(story("a", terms, [], published_at="2017-02-01")))
    same = inc.article_profile(story("b", terms, [], published_at="2017-02-02"))
    assert inc.match_score(same, first) >= inc.MATCH_THRESHOLD
    # the same words three weeks later: another event of the same topic, not this one
    later = inc.article_profile(story("c", terms, [], published_at="2017-02-22"))
    assert inc.match_score(later, first) is None
    # a story on the same day about something else: one shared day says nothing
    other = inc.article_profile(story("d", {"budget": 0.7, "senate": 0.7, "pipeline": 0.1}, [],
                                      published_at="2017-02-01"))
    assert inc.match_score(other, first) is None
    # undated stories are judged by their text alone
    undated = inc.article_profile(story("e", terms, []))
    assert inc.match_score(undated, first) >= inc.MATCH_THRESHOLD
