"""Date expressions resolved against the publication day (streams.nlp.dates)."""
import datetime as dt

import pytest

from streams.nlp.dates import find_dates, page_dates, parse_published

PUB = dt.date(2018, 12, 7)  # a Friday


def one(text, published=PUB):
    found = find_dates(text, published)
    return found[0].date.isoformat() if found else None


@pytest.mark.parametrize("text, expected", [
    ("It happened on November 24, 2018.", "2018-11-24"),
    ("It happened on November 24.", "2018-11-24"),
    ("It happened on Dec. 25.", "2017-12-25"),  # would be after publication: previous year
    ("It happened on 24 November.", "2018-11-24"),
    ("Police said the shooting happened on Friday.", "2018-12-07"),
    ("Police said the shooting happened Wednesday night.", "2018-12-05"),
    # the weekday after the publication day's is the next day (the text is a later version) ...
    ("Police said the shooting happened Saturday night.", "2018-12-08"),
    ("It happened last Saturday.", "2018-12-01"),  # ... unless it is "last" or "past" Saturday
    ("It happened this past Saturday.", "2018-12-01"),
    ("It happened last Friday.", "2018-11-30"),
    ("The shooting happened yesterday.", "2018-12-06"),
    ("Shots were fired last night.", "2018-12-06"),
    ("The fire started this morning.", "2018-12-07"),
    ("He died three days ago.", "2018-12-04"),
    ("Published 8/19/2013.", None),  # page furniture
    ("Last updated at 10:39 a.m. on Sunday, Dec. 2. Police said", None),  # furniture with a time
    ("The crash was 8/19/2013.", "2013-08-19"),
    ("He was shot on Thanksgiving.", "2018-11-22"),  # the fourth Thursday of November
    ("He was shot on Father’s Day.", "2018-06-17"),  # the third Sunday of June
    ("It happened on Memorial Day.", "2018-05-28"),  # the last Monday of May
    ("It happened on Christmas Eve.", "2017-12-24"),  # would be after publication: the year before
    ("Shots rang out Thanksgiving night.", "2018-11-22"),
    ("NEW HAVEN, Conn., NOV. 24 (UPI) -- A man was shot.", "2018-11-24"),  # capitals, as datelines
])
def test_resolution(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize("text", [
    "It happened last month.", "It happened earlier this week.", "In 2014 there were riots.",
    "He will appear in court on Monday.", "Friends plan a candlelight vigil Tuesday at 7:30 p.m.",
    "Four were shot at a Halloween party.", "She was home for Thanksgiving.",
    "It happened on the Fourth of July weekend.", "The Christmas lights were on.",
    "Officers may 3 times a week patrol the park.",  # a month name only capitalised or in capitals
])
def test_vague_or_future_gives_nothing(text):
    assert find_dates(text, PUB) == []


def test_relative_needs_publication_day():
    assert one("It happened on Friday.", None) is None
    assert one("It happened on November 24, 2018.", None) == "2018-11-24"


def test_offsets_point_into_text():
    text = "Police said a man was shot Saturday night in Bastrop."
    (m,) = find_dates(text, dt.date(2016, 7, 24), offset=10)
    assert text[m.start - 10:m.end - 10] == m.text == "Saturday night"


def test_parse_published():
    assert parse_published("2018-12-07T10:00:00Z") == PUB
    assert parse_published("2018-12-07") == PUB
    assert parse_published(None) is None and parse_published("garbage") is None


def test_page_dates_are_the_furniture_find_dates_skips():
    text = "Last updated at 10:39 a.m. on Sunday, Dec. 9. Police said the shooting happened Friday."
    assert [m.date.isoformat() for m in page_dates(text, PUB)] == ["2018-12-09"]
    assert [m.date.isoformat() for m in page_dates("Updated Jan. 2", PUB)] == ["2019-01-02"]  # nearest year


def test_an_update_line_dates_the_page():
    text = "A boy was shot this afternoon.\n\nUPDATE 8:30 PM, JAN. 3 - The sheriff identified the victims."
    assert [m.date.isoformat() for m in page_dates(text, dt.date(2015, 1, 2))] == ["2015-01-03"]
    assert find_dates(text, dt.date(2015, 1, 2))[-1].text != "JAN. 3", "furniture, not the event"
    assert page_dates("Police gave an update Jan. 3 on the case.", dt.date(2015, 1, 2)) == [], \
        "an update in a sentence is no page furniture"


@pytest.mark.parametrize("text", [
    "Four Injured In Miami Gardens Shooting\nOctober 27, 2013 11:16 AM\n\nMIAMI GARDENS (CBS) - Four people were shot.",
    "Two shot downtown @KSTP — Ellen Galles (@EGallesKSTP) October 3, 2016\n\nPolice said",
    "Teenager Shot\nIn Lake Stevens\nAugust 13, 2016\n\n(LAKE STEVENS, WA.) -- A teen was shot.",
])
def test_stamps_are_not_the_event(text):
    assert find_dates(text, dt.date(2016, 10, 4)) == []


def test_a_day_with_its_hour_is_still_the_event():
    assert one("He was shot Wednesday 11:30 p.m. outside a bar.") == "2018-12-05"
    assert one("On January 2, 2015 at approximately 3:21pm deputies were called.") == "2015-01-02"
    assert one("Deputies were called on\nDecember 2, 2018, to a home.") == "2018-12-02"
