"""Incident facts of whole articles (streams.nlp.facts, streams.nlp.numbers)."""

import pytest

from streams.nlp.boilerplate import content_end
from streams.nlp.facts import INCIDENT_TYPES, classify, extract_facts
from streams.nlp.numbers import casualties, parse_number


@pytest.fixture(scope="module")
def nlp():
    from streams.nlp.pipeline import load_nlp

    return load_nlp()


def facts(nlp, body, published="2016-07-24", headline=None, end=None):
    return extract_facts(nlp(body), published, headline, end)


# ------------------------------------------------------------------ casualty counts
@pytest.mark.parametrize("sentence, expected", [
    ("Two men and a teenager were killed in the attack.", (3, None)),
    ("The gas attack killed about 100 people.", (100, None)),
    ("There was one dead and three wounded.", (1, 3)),
    ("A 23-year-old man was shot and killed Saturday.", (1, None)),
    ("The shooting left 5 dead.", (5, None)),
    ("More than 100 people were treated at hospitals.", (None, 100)),
    ("Four people were found shot dead.", (4, None)),
    ("Police are investigating a double homicide.", (2, None)),
    ("The shooting left 3 people injured.", (None, 3)),
    ("The mayor spoke about the budget.", (None, None)),
    ("The city has 25,000 residents.", (None, None)),
    ("Mother, Father, Toddler Dead Following Murder-Suicide", (3, None)),
    ("Police: 4-year-old girl, mother fatally shot near home", (2, None)),
    ("Mother, 8-Year-Old Son Shot & Killed In Shooting", (2, None)),
    ("A man and his son were killed.", (2, None)),
    ("Man, woman wounded in shooting", (None, 2)),  # a list of the wounded: not killed
    ("12 year-old girl killed in hunting accident", (None, None)),  # an age, not a count
    ("Father of 4 killed in shooting", (None, None)),
    ("Family of five found dead in their home", (5, None)),
    ("An 18-year-old female is in the hospital after being shot in the chest.", (None, 1)),
    ("Police: Family of four dies in murder-suicide at home", (4, None)),
    ("Four people shot in the head, killed; bodies found in basement", (4, None)),
    ("Man charged in shooting deaths of woman, daughter", (2, None)),
    ("A 9-year-old Vista boy died after being shot by his brother.", (1, None)),  # no "a boy" inside "Vista boy"
    ("The 17 year old male was rushed to the hospital by ambulance.", (None, None)),  # an age, not 17 injured
    ("Two men were killed and another seriously wounded outside a bar.", (2, 1)),
    ("2 dead, 1 critical after shooting at car wash", (2, 1)),
    ("Teen Killed, Another Hurt in Dayton Shooting", (None, 1)),  # the headline rules count the teen
    ("A man was killed while his wife and son were wounded by the gunfire.", (1, 2)),
    ("A girl was struck and wounded by a bullet inside her home.", (None, 1)),
    ("He shot his cousin to death and wounded his older brother in the arm.", (None, 1)),
    ("The gunman killed two people, leaving a wounded 9-year-old boy to call 911.", (2, 1)),
    ("He wounded his wife, who later died at the hospital.", (None, None)),
])
def test_casualties(sentence, expected):
    assert casualties(sentence) == expected


def test_parse_number():
    assert [parse_number(x) for x in ("two", "1,200", "twenty-one", "a dozen", "x")] == [2, 1200, 21, 12, None]


# ------------------------------------------------------------------ type
def test_taxonomy_documented():
    assert {"shooting", "bombing", "airstrike", "chemical_attack", "stabbing", "fire", "explosion",
            "crash", "earthquake", "flood", "storm", "protest", "arrest", "kidnapping"} <= set(INCIDENT_TYPES)


def test_classify_needs_prominent_trigger():
    lead = ["The council met on Tuesday.", "It discussed the budget.", "Taxes will rise.", "Roads need repair."]
    assert classify("Council approves budget", lead + ["Critics called it an attack on the poor."]) == (None, None)
    assert classify("Council approves budget", lead + ["A shooting happened nearby."] * 3) == (None, None)
    assert classify("Man shot in Bastrop", ["A man was shot."])[0] == "shooting"
    assert classify("4 wounded when bullets start flying during fight", ["Police arrived."])[0] == "shooting"
    assert classify("Family struggles to cope with 4-year-old's gun death", ["The family grieves."])[0] == "shooting"
    assert classify("Bullets and ballots: a new book", ["The author spoke."]) == (None, None)


@pytest.mark.parametrize("headline", [
    "Man's gun goes off in doughnut shop, hitting woman",
    "Officer's weapon discharged during arrest, wounding teen",
    "Teen dies after stolen gun discharges",
    "1 dead in shootout at tavern",
    "16-year-old accused of firing shots at police station",
    "Shots fired outside school; no one hurt",
    "Woman struck by a bullet while sitting on her porch",
    "Bullet grazes child's head, nearly hits eye",
    "Drive-by injures child, rattles neighborhood",
    "Teen lies about playing Russian roulette, friend hospitalized",
])
def test_shootings_told_without_the_word_shot(headline):
    lead = ["Police are looking for a man.", "The woman is recovering at home."]
    assert classify(headline, lead)[0] == "shooting"


def test_opinion_piece_is_no_incident(nlp):
    body = ("Voters care about the economy more than anything else. The candidates know it. "
            "Their plans differ on taxes and trade. Both promise growth.\n\n"
            "Some critics called the tax plan an attack on the middle class.")
    assert facts(nlp, body, headline="What voters want") is None


# ------------------------------------------------------------------ whole articles
def test_shooting_article(nlp):
    body = ("BASTROP, Texas — Two men and a teenager were killed in a shooting at the Arbors of "
            "Bastrop Apartments on Saturday night, police said.\n\nThe gunman fled the scene.")
    f = facts(nlp, body, published="2016-07-24", headline="Three killed in Bastrop shooting")
    assert f["type"] == "shooting"
    assert f["date"] == "2016-07-23"
    assert (f["location"]["city"], f["location"]["state"], f["location"]["country"]) == \
        ("Bastrop", "Texas", "United States")
    assert f["killed"] == 3 and f["injured"] is None


def test_no_number_no_invention(nlp):
    body = "A shooting at a mall in Naples, Florida, sent shoppers running on Monday. Nobody was hurt, police said."
    f = facts(nlp, body, published="2016-08-16", headline="Shots fired at Naples mall")
    assert f["type"] == "shooting" and f["killed"] is None and f["injured"] is None
    assert f["location"]["state"] == "Florida" and f["date"] == "2016-08-15"


def test_content_end_excludes_boilerplate(nlp):
    body = ("A man was stabbed in Denver on Friday, police said.\n\n"
            "(Copyright 2016: five people were killed in a shooting in Paris on June 1.)")
    f = facts(nlp, body, published="2016-07-24", headline="Man stabbed in Denver", end=content_end(body))
    assert f["type"] == "stabbing" and f["killed"] is None and f["date"] == "2016-07-22"


def test_seed_article(nlp, seed_article):
    d = seed_article
    body = d["body"]
    f = extract_facts(nlp(body), d["published_at"], d.get("headline"), content_end(body))
    assert f["type"] == "chemical_attack"
    assert f["date"] == "2018-11-24"
    assert (f["location"]["city"], f["location"]["country"]) == ("Aleppo", "Syria")
    assert f["injured"] == 100
    assert f["killed"] is None  # "killed about 100 people" is the 2017 Khan Sheikhoun attack
    # the boilerplate paragraph changes nothing
    assert extract_facts(nlp(body), d["published_at"], None, body.index("(Arutz Sheva")) == f


@pytest.mark.parametrize("sentence, killed, shot", [
    ("Six shot at nightclub", None, 6),
    ("Police found three bodies in the home on Thursday.", 3, None),
    ("Multiple people were shot, two fatally.", 2, None),
    ("A 23-year-old man was shot in the leg.", None, 1),
    ("Two men were shot dead.", 2, None),
])
def test_killed_and_victims_shot(sentence, killed, shot):
    from streams.nlp.numbers import victims_shot

    assert casualties(sentence)[0] == killed and victims_shot(sentence) == shot


def test_injured_are_the_shot_who_survived(nlp):
    body = ("NEW HAVEN, Conn. — Six people were shot inside a nightclub early Saturday, police said. "
            "One woman died at the hospital.\n\nPolice have made no arrests.")
    f = facts(nlp, body, published="2013-10-26", headline="Six shot at New Haven nightclub, one dead")
    assert (f["killed"], f["injured"]) == (1, 5)
    body = "DAYTON, Ohio — A man was shot and killed on Main Street on Friday night, police said."
    f = facts(nlp, body, published="2016-07-24", headline="Man killed in Dayton shooting")
    assert (f["killed"], f["injured"]) == (1, None), "the man who died is not also injured"


def test_incident_date_is_the_earliest_best_supported_day(nlp):
    body = ("DAYTON, Ohio — A man was shot on Saturday night outside a bar, police said. "
            "He died on Monday at Miami Valley Hospital, police said.")
    f = facts(nlp, body, published="2016-07-26", headline="Man shot outside Dayton bar dies")
    assert f["date"] == "2016-07-23"


def test_headline_site_suffix_is_dropped():
    from streams.nlp.facts import _clean_headline

    assert _clean_headline("2 students killed in murder-suicide - WTOC-TV: Savannah") == \
        "2 students killed in murder-suicide"
    assert _clean_headline("Man shot in Hempstead, Nassau cops say") == "Man shot in Hempstead, Nassau cops say"


# ------------------------------------------------------------------ issue #4: casualty phrasings
@pytest.mark.parametrize("sentence, expected", [
    ("A 9-year-old girl is in critical condition after the shooting.", (None, 1)),
    ("Two teenagers were listed in serious condition on Sunday.", (None, 2)),
    ("A 30-year-old man suffered non-life threatening injuries.", (None, 1)),
    ("The brawl outside the bar sent 3 people to the hospital.", (None, 3)),
    ("All three victims were taken to Mercy Regional Medical Center.", (None, 3)),
    ("A woman died and her son is listed in serious condition.", (1, 1)),
    ("Another boy was hospitalized with a wound to the arm.", (None, 1)),
    ("The victim was pronounced dead at the scene.", (1, None)),
    ("A 15-year-old boy was shot in the chest and killed on his porch.", (1, None)),
    ("A man was rushed to a hospital, where he died.", (None, None)),
    ("The storm left the park closed for two days.", (None, None)),
])
def test_casualty_phrasings(sentence, expected):
    assert casualties(sentence) == expected


def test_function_words_end_a_group():
    from streams.nlp.numbers import victims_shot

    # "March 14 after a boy" is no group of 14 people
    assert victims_shot("Deputies went to a farm on Monday, March 14 after a boy was shot.") == 1
    assert victims_shot("A 15-year-old boy was shot in the chest and killed.") is None


def test_referred_and_named_injured():
    from streams.nlp.numbers import named_casualties, referred_injured

    assert referred_injured("The boy remains in stable condition at a children's hospital.")
    assert not referred_injured("The girl was taken to a hospital where she later died.")
    assert named_casualties("Delgado remains in critical condition.") == (set(), {"Delgado"})
    assert named_casualties("Mara Quill suffered a gunshot wound to the arm.") == (set(), {"Mara Quill"})
    assert named_casualties("Tobin died at the scene.") == ({"Tobin"}, set())
    # a wound to the head or chest is no sign of survival; one to a limb is
    assert named_casualties("Rory Tobin, 2, suffered a single gunshot wound to the head.") == (set(), set())
    assert named_casualties("Rory Tobin, of the 300 block of Elm Avenue, was pronounced dead.") == ({"Rory Tobin"}, set())


def test_named_victims_count_as_injured_unless_they_died(nlp):
    body = ("TULSA, Okla. — A 7-year-old boy was shot and killed inside a home on Friday night, police said. "
            "His mother, Karla Benning, was also hit. Karla Benning remains in critical condition, police said. "
            "His uncle, Dorian Pratt, suffered a graze wound to the hand.")
    f = facts(nlp, body, published="2016-07-23", headline="Boy killed, two hurt in Tulsa shooting")
    assert (f["killed"], f["injured"]) == (1, 2)


def test_referred_injured_only_without_a_death(nlp):
    body = ("TULSA, Okla. — Police are investigating a shooting on Friday night at a home on Pine Street. "
            "The boy remains in critical condition at a hospital, police said.")
    f = facts(nlp, body, published="2016-07-23", headline="Boy hurt in Tulsa shooting")
    assert (f["killed"], f["injured"]) == (None, 1)
    body = ("TULSA, Okla. — A boy was shot on Friday night at a home on Pine Street, police said. "
            "The boy was taken to a hospital. He died on Saturday.")
    f = facts(nlp, body, published="2016-07-24", headline="Boy dies after Tulsa shooting")
    assert (f["killed"], f["injured"]) == (1, None), "the boy who died is not also injured"


def test_someone_still_in_hospital_beside_the_dead_is_injured(nlp):
    body = ("TULSA, Okla. — A 7-year-old boy was shot and killed inside a home on Friday night, police said. "
            "Officers found a second victim in the kitchen. "
            "She remains in the hospital in stable condition, police said.")
    f = facts(nlp, body, published="2016-07-23", headline="Boy killed in Tulsa shooting")
    assert (f["killed"], f["injured"]) == (1, 1)
    body = ("TULSA, Okla. — A 7-year-old boy was shot inside a home on Friday night, police said. "
            "He was in critical condition at a hospital. He died on Saturday.")
    f = facts(nlp, body, published="2016-07-24", headline="Boy dies after Tulsa shooting")
    assert (f["killed"], f["injured"]) == (1, None), "he was in hospital, then died: not injured"


def test_statistics_are_no_casualties(nlp):
    body = ("TULSA, Okla. — A man was shot in the leg on Friday night outside a store, police said. "
            "More than 240 people have been shot in the city so far this year, police said.")
    f = facts(nlp, body, published="2016-07-24", headline="Man shot outside Tulsa store")
    assert (f["killed"], f["injured"]) == (None, 1)


def test_neighbourhood_hometown_and_street_count_less(nlp):
    body = ("TULSA, Okla. — A man was shot on Friday night in the Brookside neighborhood, police said. "
            "The victim, Dale Ruiz, 31, of Broken Arrow, was taken to a hospital. "
            "Officers closed Peoria Avenue for hours.")
    f = facts(nlp, body, published="2016-07-24", headline="Man shot in Tulsa")
    assert (f["location"]["city"], f["location"]["state"]) == ("Tulsa", "Oklahoma")


# ------------------------------------------------------------------ the early exit
LATE_TRIGGER = ("The council met on Monday. It discussed the budget. Members spoke at length. "
                "A vote was postponed. Later a resident mentioned a shooting last year.")


@pytest.mark.parametrize("body, headline, expected", [
    (LATE_TRIGGER, None, False),  # a trigger after the lead: classify finds no type either
    (LATE_TRIGGER, "Man shot near city hall", True),  # one in the headline
    ("The council met on Monday. A man was shot outside.", None, True),  # one in the lead
    ("The council met on Monday. (A man was shot outside.)", None, False),  # only in boilerplate
])
def test_the_early_exit_agrees_with_the_full_classification(nlp, body, headline, expected):
    from streams.nlp.facts import _clean_headline, _sentences, may_report_incident

    doc = nlp(body)
    end = body.index("(") if "(" in body else len(body)
    assert may_report_incident(doc, end, _clean_headline(headline)) is expected
    if not expected:  # exact: never None where classify would find a type
        texts = [s.text[: max(0, end - s.start_char)] for s in _sentences(doc, end)]
        assert classify(_clean_headline(headline), texts) == (None, None)
        assert extract_facts(doc, "2016-07-24", headline, end) is None


# ------------------------------------------------------------------ places in local news
def test_local_news_words_favour_the_american_namesake(nlp):
    body = ("A man was shot in a parked car outside a shopping mall in Naples on Friday night, "
            "the sheriff's office said. Deputies found him wounded.")
    f = facts(nlp, body, headline="Man shot outside mall")
    assert (f["location"]["city"], f["location"]["state"]) == ("Naples", "Florida")
    abroad = facts(nlp, "A man was shot outside a cafe in Naples on Friday night, police said.",
                   headline="Man shot outside cafe")
    assert abroad["location"]["country"] == "Italy"


def test_headline_town_of_two_words(nlp):
    body = "A teenager was accidentally shot in the foot on Saturday and is recovering, police said."
    f = facts(nlp, body, headline="Poplar Bluff teen recovering after being shot")
    assert (f["location"]["city"], f["location"]["state"]) == ("Poplar Bluff", "Missouri")


def test_headline_saint_town(nlp):
    f = facts(nlp, "A teenager was killed and another wounded late on Friday, police said.",
              headline="Teen Killed, Another Wounded in St. Paul Shooting")
    assert (f["location"]["city"], f["location"]["state"]) == ("Saint Paul", "Minnesota")


def test_counts_over_separate_incidents_are_statistics(nlp):
    body = ("A 7-year-old boy was shot and killed Saturday night in Humboldt Park, police said. "
            "By Sunday, at least seven people had been killed in the city and 40 wounded in 33 separate "
            "shooting incidents since Friday.")
    f = facts(nlp, body, published="2016-07-24", headline="Boy, 7, killed in Humboldt Park shooting")
    assert (f["killed"], f["injured"]) == (1, None)


def test_headline_bare_subject_shot_is_injured(nlp):
    f = facts(nlp, "Police said the shooting happened around 1 a.m. on Friday in an apartment.",
              headline="Arrest made after teen is shot in the chest")
    assert (f["killed"], f["injured"]) == (None, 1)


def test_one_of_several_is_a_statistic(nlp):
    body = ("A teenager was accidentally shot and killed Saturday night, police said. "
            "He was the first of two teenagers killed by gunfire over the weekend in the county.")
    f = facts(nlp, body, published="2016-07-24", headline="Teen accidentally killed by friend")
    assert f["killed"] == 1


def test_injured_told_further_down(nlp):
    body = ("A man and a woman were shot and killed at an apartment complex on Saturday night, police said. "
            "Officers arrived within minutes. Neighbours said they heard several shots. "
            "The complex has 200 units. Residents gathered outside. "
            "Another child was taken to a local hospital with minor injuries. "
            "Over an eight-hour stretch that night, 27 people were wounded across the city.")
    f = facts(nlp, body, published="2016-07-24", headline="Two killed at apartment complex")
    assert (f["killed"], f["injured"]) == (2, 1)


def test_day_of_a_statement_is_not_the_incident_day(nlp):
    # 2016-12-01 is a Thursday: the shooting was Wednesday, police spoke Thursday.
    body = ("A teenager shot his sleeping mother and brother and told officers his father did it, "
            "state police said Thursday. Officers arrived within minutes. The family had moved there in May. "
            "Neighbours described them as quiet. The boy called 911 just before 7 a.m. Wednesday.")
    f = facts(nlp, body, published="2016-12-01", headline="Teen held on charges he shot mother, brother")
    assert f["date"] == "2016-11-30"


def test_dateline_day_is_a_day_of_filing():
    from streams.nlp.facts import DATE_REPORTED_PENALTY, _reported_on

    text = "NEW HAVEN, Conn., Oct. 27 (UPI) -- One man was killed in a shooting at a nightclub."
    pos = text.index("Oct. 27")
    assert _reported_on(text, pos, pos + len("Oct. 27")) == DATE_REPORTED_PENALTY
    text = "One man was killed on Oct. 27 - a Sunday - in a shooting."
    pos = text.index("Oct. 27")
    assert _reported_on(text, pos, pos + len("Oct. 27")) == 0.0


def test_the_outlets_state_decides_between_namesakes(nlp):
    body = "Four people were found shot dead in a home in Greenacres on Sunday, police said."
    where = [extract_facts(nlp(body), "2016-07-24", "4 found shot dead in Greenacres", None, source=source)["location"]
             for source in (None, "miami.cbslocal.com", "trentonian.com")]
    assert [w["state"] for w in where] == ["California", "Florida", "California"]
    assert {w["name"] for w in where} == {"Greenacres"}
    assert [w["city"] for w in where] == ["Bakersfield", "Greenacres", "Bakersfield"]  # the CDP's postal city


def test_the_outlets_state_takes_a_small_town_of_an_unnamed_state(nlp):
    body = "A 5-year-old boy was shot and killed in Madisonville on Saturday night, police said."
    f = extract_facts(nlp(body), "2016-07-24", "Boy shot in Madisonville", None, source="cincinnati.com")
    assert (f["location"]["city"], f["location"]["state"]) == ("Madisonville", "Ohio")
    body += " Kentucky State Police are investigating."
    f = extract_facts(nlp(body), "2016-07-24", "Boy shot in Madisonville", None, source="cincinnati.com")
    assert f["location"]["state"] == "Kentucky", "a state the article names outweighs the outlet's"


def test_relative_days_are_read_from_the_pages_own_later_day(nlp):
    # published_at is a Thursday, the first version's; the dateline says Friday, Aug. 28
    body = ("HENRY COUNTY, Ind. (Aug. 28, 2015) – Three people were found shot dead in a home "
            "yesterday morning, police said.")
    assert facts(nlp, body, published="2015-08-27", headline="Three shot dead")["date"] == "2015-08-27"
    body = ("Last updated at 10:39 a.m. on Sunday, Nov. 27\n\nFAIRBANKS, Alaska — Three people were "
            "found shot dead in a hotel Friday night, police said.")
    assert facts(nlp, body, published="2016-11-24", headline="Three shot dead")["date"] == "2016-11-25"
    assert facts(nlp, body, published="2016-11-12", headline="Three shot dead")["date"] == "2016-11-11", \
        "too far after published_at: not the page's day"


def test_the_site_name_after_the_headline_names_the_outlets_state(nlp):
    body = "A man was shot dead in Jonesboro on Saturday, police said."
    where = [extract_facts(nlp(body), "2016-07-24", headline, None)["location"]["state"]
             for headline in ("Man shot dead in Jonesboro", "Man shot dead in Jonesboro - KSLA News 12 Shreveport, Louisiana")]
    assert where == ["Arkansas", "Louisiana"]


def test_a_bureau_dateline_yields_to_the_town_the_headline_names(nlp):
    body = ("INDIANAPOLIS (AP) — Four people were wounded in a shooting outside a bar early Sunday in "
            "Kokomo, police said. Officers in Indianapolis were told later.")
    f = extract_facts(nlp(body), "2014-06-15", "Four shot outside Kokomo bar", None)
    assert (f["location"]["city"], f["location"]["state"]) == ("Kokomo", "Indiana")
    f = extract_facts(nlp(body), "2014-06-15", "Four shot outside a bar", None)
    assert f["location"]["city"] == "Indianapolis"  # no town in the headline: the dateline's


# ------------------------------------------------------------------ names that are no towns
def tagged(nlp, text, *names, label="GPE"):
    """``text`` parsed, with exactly ``names`` as entities of ``label`` (what the small model does
    with them varies from sentence to sentence)."""
    from spacy.tokens import Span

    doc = nlp(text)
    spans = []
    for name in names:
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = spans
    return doc


@pytest.mark.parametrize("text, town, name", [
    ("Police are investigating a shooting death in the 1900 block of Dover.",
     "Police are investigating a shooting death in the town of Dover.", "Dover"),
    ("The fight broke out at the corner of Ridge and Stanton streets.",
     "The fight broke out between Ridge and Stanton.", "Stanton"),
    ("The fight broke out at the corner of Ridge and Stanton streets.",
     "The fight broke out between Ridge and Stanton.", "Ridge"),
    ("Deputies were called to a home on South Mason Road on Sunday.",
     "Deputies were called to a home in South Mason on Sunday.", "South Mason"),
])
def test_a_street_of_an_address_is_no_town(nlp, text, town, name):
    from streams.nlp.facts import _entity_mentions

    assert [m.text for m in _entity_mentions(tagged(nlp, text, name).ents, 1.0, set())] == []
    # the same name without the address is a place
    assert [m.text for m in _entity_mentions(tagged(nlp, town, name).ents, 1.0, set())] == [name]

def test_a_street_of_the_article_named_bare_is_no_town(nlp):
    from streams.nlp.facts import _entity_mentions, _preposition_places, _street_names

    text = "The fight began at Ridge and Stanton streets. The gunman sped off down Stanton."
    streets = _street_names(text)
    doc = nlp(text)
    doc.ents = [doc.char_span(text.rindex("Stanton"), len(text) - 1, label="GPE")]
    assert [m.text for m in _entity_mentions(doc.ents, 1.0, set(), streets=streets)] == []
    assert [m.text for m in _entity_mentions(doc.ents, 1.0, set())] == ["Stanton"]  # the rule's own effect
    text = "The fight began on Stanton St. The gunman was arrested near Stanton."
    assert [m.text for s in nlp(text).sents for m in _preposition_places(s, 1.0, streets=_street_names(text))] == []
    # a town the article gives no street of stays a town, and so does a town after "in"
    text = "The fight began on Pitt St. The gunman was arrested in Stanton."
    doc = tagged(nlp, text, "Stanton")
    assert [m.text for m in _entity_mentions(doc.ents, 1.0, set(), streets=_street_names(text))] == ["Stanton"]



def test_a_surname_after_at_is_no_town(nlp):
    from streams.nlp.facts import _person_words, _preposition_places

    doc = tagged(nlp, "Sidney Davis, 44, was charged. The boy was shot at Davis' home.", "Sidney Davis",
                 label="PERSON")
    sents = list(doc.sents)
    assert [m.text for s in sents for m in _preposition_places(s, 1.0, _person_words(sents))] == []
    assert [m.text for s in sents for m in _preposition_places(s, 1.0)] == ["Davis"]  # the rule's own effect


def test_a_county_office_tagged_as_a_place_is_its_county(nlp):
    from streams.nlp.facts import _entity_mentions

    text = "On Dec. 5, the Williams County Sheriff's Office responded to a rural address."
    doc = tagged(nlp, text, "the Williams County Sheriff's Office")
    assert [m.text for m in _entity_mentions(doc.ents, 1.0, set())] == ["Williams County"]
    doc = tagged(nlp, "He was booked into the Taney County Jail.", "the Taney County Jail")
    assert [m.text for m in _entity_mentions(doc.ents, 1.0, set())] == ["Taney County"]
    doc = tagged(nlp, "Grove City Police are investigating a death.", "Grove City")  # a town's own name
    assert [m.text for m in _entity_mentions(doc.ents, 1.0, set())] == ["Grove City"]


def test_a_force_or_a_paper_tagged_as_a_person_leaves_its_town_a_place(nlp):
    from streams.nlp.facts import _entity_mentions, _person_words

    for force in ("Lexington Police", "Lexington Herald"):  # a force, a paper
        text = f"Four women were shot in Lexington. {force} and Sidney Davis are looking into it."
        doc = nlp(text)
        at, person = text.index(force), text.index("Sidney Davis")
        doc.ents = [doc.char_span(text.index("Lexington"), text.index("Lexington") + 9, label="GPE"),
                    doc.char_span(at, at + len(force), label="PERSON"),
                    doc.char_span(person, person + 12, label="PERSON")]
        sents = list(doc.sents)
        assert _person_words(sents) == {"Sidney", "Davis"}
        places = [e for e in doc.ents if e.label_ == "GPE"]
        assert [m.text for m in _entity_mentions(places, 1.0, _person_words(sents))] == ["Lexington"]


def test_a_town_tagged_as_a_person_alone_stays_a_place(nlp):
    from streams.nlp.facts import _entity_mentions, _person_words

    text = "A man was shot in Charenton on Sunday. Charenton is a small town. Sidney Davis was arrested."
    doc = nlp(text)
    first, second, person = text.index("Charenton"), text.rindex("Charenton"), text.index("Sidney Davis")
    doc.ents = [doc.char_span(first, first + 9, label="GPE"), doc.char_span(second, second + 9, label="PERSON"),
                doc.char_span(person, person + 12, label="PERSON")]
    sents = list(doc.sents)
    assert _person_words(sents) == {"Sidney", "Davis"}
    assert [m.text for m in _entity_mentions(doc.ents[:1], 1.0, _person_words(sents))] == ["Charenton"]


def test_a_name_before_deputies_or_a_sheriff_is_the_county(nlp):
    from streams.nlp.facts import _entity_mentions

    for text in ("He was shot by a Santa Cruz deputy near Watsonville.",
                 "Santa Cruz sheriff's deputies responded to the report."):
        doc = tagged(nlp, text, "Santa Cruz")
        assert [m.text for m in _entity_mentions(doc.ents, 1.0, set())] == ["Santa Cruz County"]
    doc = tagged(nlp, "He was shot by a Santa Cruz officer near Watsonville.", "Santa Cruz")  # a town's force
    assert [m.text for m in _entity_mentions(doc.ents, 1.0, set())] == ["Santa Cruz"]


def test_the_station_city_is_the_place_only_when_the_article_names_no_town_nor_another_county(nlp):
    headline = "Girl shot in chest at home - WMC Action News 5 - Memphis, Tennessee"
    f = facts(nlp, "A teenage girl was shot in the chest on Friday night, police said.", headline=headline)
    assert (f["location"]["city"], f["location"]["state"]) == ("Memphis", "Tennessee")
    f = facts(nlp, "A teenage girl was shot in the chest on Friday night in Fayette County, deputies said.",
              headline=headline)
    assert f["location"]["city"] == "Fayette County"
    f = facts(nlp, "A teenage girl was shot in the chest on Friday night in Collierville, police said.",
              headline=headline)
    assert f["location"]["city"] == "Collierville"
    # Shelby County holds Memphis: see test_a_county_that_holds_the_stations_city_is_that_city


def test_a_dateline_counts_once(nlp):
    # NER also tags the dateline's city and state: counted as the dateline only, the bureau city
    # no longer outweighs the town of the headline and the lead
    body = ("INDIANAPOLIS, Ind. (AP) — Four people were shot outside a bar in Kokomo early Sunday, police said. "
            "Officers found the victims in the parking lot.")
    f = facts(nlp, body, headline="Shooting at Kokomo bar sends 4 people to the hospital")
    assert (f["location"]["city"], f["location"]["state"]) == ("Kokomo", "Indiana")


def test_where_the_body_was_sent_is_no_place_of_the_incident(nlp):
    body = ("A toddler who was accidentally shot on Monday in Marion County has died, and the body was sent to "
            "Dallas for an autopsy, the sheriff's office said.")
    f = facts(nlp, body, headline="Toddler injured in accidental shooting has died")
    assert (f["location"]["city"], f["location"]["state"]) == ("Marion County", "Texas")


def test_a_hospital_named_for_a_place_counts_as_little_as_a_hospital_in_it(nlp):
    from streams.nlp.facts import _entity_mentions

    doc = tagged(nlp, "He was taken to Floyd Medical Center, police said.", "Floyd Medical Center", label="ORG")
    school = tagged(nlp, "He was a student at Floyd High School, police said.", "Floyd High School", label="ORG")
    (hospital,), (other,) = _entity_mentions(doc.ents, 1.0, set()), _entity_mentions(school.ents, 1.0, set())
    assert hospital.text == other.text == "Floyd" and hospital.weight < other.weight


def test_a_county_named_without_the_word_is_the_county(nlp):
    from streams.nlp.facts import _entity_mentions

    doc = tagged(nlp, "A 2-year-old died in Pinellas on Friday.", "Pinellas")
    assert [m.text for m in _entity_mentions(doc.ents, 1.0, set())] == ["Pinellas County"]


def test_the_scene_of_the_incident_weighs_more(nlp):
    from streams.nlp.facts import SCENE_FACTOR, _entity_mentions

    doc = tagged(nlp, "Salem police said three people were shot in Woodburn on Sunday.", "Salem", "Woodburn")
    weights = {m.text: m.weight for m in _entity_mentions(doc.ents, 1.0, set(), scene=True)}
    assert weights == {"Salem": 1.0, "Woodburn": SCENE_FACTOR} and SCENE_FACTOR > 1
    assert {m.weight for m in _entity_mentions(doc.ents, 1.0, set())} == {1.0}  # not a trigger sentence


def test_a_quoted_day_yields_to_the_reporters_day(nlp):
    # A witness's "last night" of an early-morning shooting is the day before the reporter's.
    body = ('TOLEDO, Ohio — Three people were hurt in a shooting outside a lounge, police said.\n\n'
            '"Somebody\'s child got shot last night. I don\'t care who you are," Taylor said.\n\n'
            'After Sunday\'s shooting, neighbours called for an end to the violence.')
    f = facts(nlp, body, published="2016-10-30", headline="Leaders call for calm after lounge shooting")
    assert f["date"] == "2016-10-30"
    # The same day told by the reporter stays the earliest well-supported day.
    told = body.replace('"Somebody\'s child got shot last night. I don\'t care who you are," Taylor said.',
                        "Somebody's child got shot last night, Taylor said.")
    assert facts(nlp, told, published="2016-10-30", headline="Leaders call for calm after lounge shooting")["date"] \
        == "2016-10-29"


def test_quotation_marks_pair_within_the_paragraph():
    from streams.nlp.facts import _quoted

    text = "He said \"it was last night.\nAnd then Friday. ``Saturday,'' she said, Sunday."
    assert _quoted(text, text.index("last night"))
    assert not _quoted(text, text.index("Friday")), "a new paragraph starts unquoted"
    assert _quoted(text, text.index("Saturday")) and not _quoted(text, text.index("Sunday"))


def test_the_weekday_after_publication_is_a_later_version_of_the_text(nlp):
    # published_at is a Monday, the first version's; "Tuesday" is when the boy was found, the
    # day after: the incident is no Tuesday six days before.
    body = ("A 9-year-old hunter was found dead about 8 a.m. Tuesday near Shuler Road, the sheriff said. "
            "He had been shot while hunting.")
    assert facts(nlp, body, published="2014-02-17", headline="Boy, 9, dies in hunting accident")["date"] == "2014-02-17"
    body = body.replace("Tuesday", "last Tuesday")
    assert facts(nlp, body, published="2014-02-17", headline="Boy, 9, dies in hunting accident")["date"] == "2014-02-11"


def test_a_day_in_court_is_not_the_incidents(nlp):
    body = ("Three of four men accused in the shooting death of a 10-year-old girl pleaded guilty "
            "Friday. The girl was found in a home on Chester Street on a Tuesday, March 31.")
    assert facts(nlp, body, published="2015-04-17", headline="3 plead guilty in shooting death of girl, 10")["date"] \
        == "2015-03-31"


@pytest.mark.parametrize("body, city", [
    ("STOCKTON-\n\nPolice say four people were shot at Constitution Park late Wednesday.", "Stockton"),
    ("FORT WAYNE, Ind. (WANE) Officers are investigating a fatal shooting on 4th Street.", "Fort Wayne"),
    ("SCHENECTADY — Police made an arrest Friday in the fatal shooting on Stanley Street.", "Schenectady"),
    ("LaGRANGE — A 7-year-old child who was shot Sunday was in critical condition.", "Lagrange"),
    ("Montclair, N.J. (PIX11) -Police are searching for a masked man.", "Montclair"),
])
def test_datelines_as_local_papers_write_them(body, city):
    from streams.nlp.facts import _dateline_mentions

    mentions, end = _dateline_mentions(body, "")
    assert mentions[0].text == city and body[:end].rstrip(" -—\n").endswith((city.upper(), "LaGRANGE", ")"))


def test_capitals_before_a_dash_that_name_no_place_are_no_dateline():
    from streams.nlp.facts import _dateline_mentions

    assert _dateline_mentions("UPDATE — Police have identified the victim.", "") == ([], 0)
    assert _dateline_mentions("BREAKING NEWS - A man was shot.", "") == ([], 0)
    assert _dateline_mentions("Smith, Jones and Brown were charged.", "") == ([], 0)


def test_a_town_before_townsfolk_is_no_person(nlp):
    # the small model tags "Montclair" of "Montclair girl" as a person; it stays a town
    body = ("Police are searching for a masked man who shot four friends walking down the street. "
            "The fourth friend is an 18-year-old Montclair girl who was shot in the chest.")
    f = facts(nlp, body, headline="4 people shot in Montclair, New Jersey; masked suspect on the loose")
    assert (f["location"]["city"], f["location"]["state"]) == ("Montclair", "New Jersey")


def test_a_neighbourhood_of_the_outlets_city_is_that_city(nlp):
    # Austin is a neighbourhood of Chicago as well as the capital of Texas
    body = ("Four people were wounded in a drive-by shooting Sunday in Austin on the West Side, "
            "Chicago police said.")
    where = lambda source: extract_facts(nlp(body), "2016-12-23", "4 wounded in drive-by shooting in Austin",
                                         None, source=source)["location"]
    loc = where("chicago.suntimes.com")
    assert (loc["name"], loc["city"], loc["state"]) == ("Austin", "Chicago", "Illinois")
    assert where(None)["state"] == "Texas", "without the outlet's state the article names no state"
    body = body.replace("Austin on the West Side", "Austin, Texas,")
    assert extract_facts(nlp(body), "2016-12-23", "4 wounded in drive-by shooting in Austin", None,
                         source="chicago.suntimes.com")["location"]["state"] == "Texas", "a state the article names"


def test_a_county_that_holds_the_stations_city_is_that_city(nlp):
    body = "A 2-year-old shot her mother in the arm at a home on the southwest side, Pima County deputies said."
    where = lambda headline: extract_facts(nlp(body), "2016-10-17", headline, None)["location"]
    assert where("2-year-old shoots mom in arm - KVOA | KVOA.com | Tucson, Arizona")["city"] == "Tucson"
    assert where("2-year-old shoots mom in arm")["city"] == "Pima County", "no station: the county, no town invented"
    assert where("2-year-old shoots mom in arm - KOLD News 13 | Phoenix, Arizona")["city"] == "Pima County", \
        "a station's city outside the county"


def test_a_towns_police_name_the_town(nlp):
    # the small model tags neither "Sacramento" nor "Corpus Christi" here
    body = ("Sacramento police continued Saturday to investigate a shooting late Friday outside a music club. "
            "Two men were wounded.")
    loc = facts(nlp, body, headline="Two men wounded in shooting outside club")["location"]
    assert (loc["city"], loc["state"]) == ("Sacramento", "California")
    body = ("A teen was shot in the stomach when a man was handling a 9 mm handgun. The man told Corpus Christi "
            "police he was replacing the grips.")
    assert facts(nlp, body, headline="Teen shot accidentally while man handles gun")["location"]["city"] \
        == "Corpus Christi"
    # capitalised, and tagged as nothing in this paragraph
    body = ("A teen playing with a gun accidentally shot another teen in the chest, killing the youth.\n\n"
            "Valdosta Police were called to a residence in the 1000 block of Cherry Creek Drive.")
    assert facts(nlp, body, headline="Teen dies from accidental gunshot")["location"]["city"] == "Valdosta"
    # a kind of force is no town, whatever the gazetteer holds
    body = "Metro police said a 2-year-old accidentally shot a 12-year-old on Sunday."
    assert (facts(nlp, body, headline="Boy shot") or {}).get("location") is None


def test_police_places_take_the_longest_town_before_police():
    from streams.nlp.facts import _BEFORE_POLICE

    assert [m.group("place") for m in _BEFORE_POLICE.finditer("Metro Nashville police and St. Louis police")] \
        == ["Metro Nashville", "St. Louis"]
