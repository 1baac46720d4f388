import base64
import json

import pytest

from streams.decode import BadInput, dead_letter, decode_article

GOOD = {"id": "a1", "body": "Police said two people were hurt.", "headline": None,
        "published_at": "2018-12-07", "source": "afp.com", "url": None, "language": "en"}


def _reason(raw) -> str:
    with pytest.raises(BadInput) as info:
        decode_article(raw, max_body_bytes=100)
    return info.value.reason


def test_good_article_keeps_known_fields_and_drops_unknown():
    art = decode_article(json.dumps({**GOOD, "wire_credit": "AFP"}).encode())
    assert art == GOOD


def test_language_defaults_to_english_and_bad_dates_become_null():
    art = decode_article(json.dumps({"id": "a", "body": "b", "published_at": "last Tuesday"}).encode())
    assert art["language"] == "en" and art["published_at"] is None
    art = decode_article(json.dumps({"id": "a", "body": "b", "published_at": "2018-12-07T10:00:00Z"}).encode())
    assert art["published_at"] == "2018-12-07T10:00:00Z"


@pytest.mark.parametrize("sent, kept", [
    ("Fri, 07 Dec 2018 10:00:00 GMT", "2018-12-07T10:00:00+00:00"),  # an RSS pubDate
    ("Fri, 7 Dec 2018 05:00:00 -0500", "2018-12-07T05:00:00-05:00"),
    ("7 Dec 2018 23:30 EST", "2018-12-07T23:30:00-05:00"),  # no weekday, no seconds
    ("Fri, 31 Feb 2018 10:00:00 GMT", None),  # no such day
    ("Fri, 07 Dec 2018", None),  # RFC 2822 needs the time
    ("Dec 7, 2018 5:00 PM ET", None),  # free text is not guessed at
])
def test_rfc_2822_dates_become_iso_8601(sent, kept):
    art = decode_article(json.dumps({"id": "a", "body": "b", "published_at": sent}).encode())
    assert art["published_at"] == kept


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty_message"),
    (b"\xff\xfe not utf-8", "invalid_utf8"),
    (b"{not json", "not_json"),
    (b'["a list"]', "not_object"),
    (b'"a string"', "not_object"),
    (b'{"body": "x"}', "missing_field"),
    (b'{"id": "a", "body": null}', "missing_field"),
    (b'{"id": 7, "body": "x"}', "wrong_type"),
    (b'{"id": "a", "body": ["x"]}', "wrong_type"),
    (b'{"id": "a", "body": "x", "headline": 3}', "wrong_type"),
    (b'{"id": "a", "body": "   \\n "}', "empty_body"),
    (b'{"id": " ", "body": "x"}', "bad_id"),
    (b'{"id": "a", "body": "' + b"x" * 101 + b'"}', "too_large"),
    (b'{"id": "a", "body": "\\ud800"}', "invalid_utf8"),
    (b'{"id": "a", "body": "text", "headline": "\\udfff"}', "invalid_utf8"),
    (b'{"id": "\\ud800", "body": "text"}', "invalid_utf8"),
    (b"[" * 100_000, "not_json"),
])
def test_bad_input_has_a_reason(raw, reason):
    assert _reason(raw) == reason


def test_size_limit_counts_utf8_bytes_not_characters():
    body = "é" * 60  # 120 bytes
    with pytest.raises(BadInput, match="too_large"):
        decode_article(json.dumps({"id": "a", "body": body}).encode(), max_body_bytes=100)


def test_dead_letter_keeps_the_raw_bytes():
    raw = b"\x00\xffbroken{"
    letter = dead_letter(raw, "decode", "not_json", "boom", key=b"k1", topic="wire.articles",
                         partition=2, offset=41)
    assert base64.b64decode(letter["raw"]) == raw
    assert letter["key"] == "k1" and letter["partition"] == 2 and letter["offset"] == 41
    assert letter["stage"] == "decode" and letter["reason"] == "not_json"
    json.dumps(letter)  # serialisable as is


def test_dead_letter_of_a_huge_message_fits_in_a_kafka_message():
    raw = b'{"id": "a", "body": "' + b"x" * 2_000_000 + b'"}'
    letter = dead_letter(raw, "decode", "too_large", "big")
    assert len(json.dumps(letter)) < 900_000
    assert letter["raw_truncated"] and letter["raw_bytes"] == len(raw)
    assert base64.b64decode(letter["raw"]) == raw[:len(base64.b64decode(letter["raw"]))]
    small = dead_letter(b"abc", "decode", "not_json", "x")
    assert not small["raw_truncated"] and small["raw_bytes"] == 3
