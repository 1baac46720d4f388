"""Turning raw ``wire.articles`` bytes into a validated article dict, or a reason why not.

    >>> decode_article(b'{"id": "a1", "body": "Shots were fired.", "extra": 1}')["language"]
    'en'
    >>> try:
    ...     decode_article(b'{"id": "a1"}')
    ... except BadInput as exc:
    ...     print(exc.reason)
    missing_field
"""
from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import json
import re
from typing import Any

#: field -> allowed JSON types (None = null allowed); `id` and `body` are required.
_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "body": (str,),
    "headline": (str, type(None)),
    "published_at": (str, type(None)),
    "source": (str, type(None)),
    "url": (str, type(None)),
    "language": (str, type(None)),
}
_REQUIRED = ("id", "body")
MAX_ID_CHARS = 512


class BadInput(ValueError):
    """Input that can never be processed: goes to the dead-letter topic with ``reason``."""

    def __init__(self, reason: str, error: str):
        super().__init__(f"{reason}: {error}")
        self.reason, self.error = reason, error


def decode_article(raw: bytes | str, max_body_bytes: int = 1_000_000) -> dict[str, Any]:
    """Validate one ``wire.articles`` message; return the article fields (unknown ones dropped).

    Raises :class:`BadInput` with a short machine-readable reason and a human-readable error.
    """
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if raw is None or len(raw) == 0:
        raise BadInput("empty_message", "the message has no value")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput("invalid_utf8", str(exc)) from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise BadInput("not_json", str(exc)[:300]) from None
    if not isinstance(data, dict):
        raise BadInput("not_object", f"expected a JSON object, got {type(data).__name__}")
    for name in _REQUIRED:
        if name not in data or data[name] is None:
            raise BadInput("missing_field", f"field {name!r} is required")
    for name, allowed in _FIELDS.items():
        if name in data and not isinstance(data[name], allowed):
            want = " or ".join("null" if t is type(None) else t.__name__ for t in allowed)
            raise BadInput("wrong_type", f"field {name!r} must be {want}, got {type(data[name]).__name__}")
    article = {name: data.get(name) for name in _FIELDS}
    if not article["id"].strip() or len(article["id"]) > MAX_ID_CHARS:
        raise BadInput("bad_id", f"field 'id' must be 1..{MAX_ID_CHARS} characters, not blank")
    if not article["body"].strip():
        raise BadInput("empty_body", "field 'body' is empty")
    size = len(article["body"].encode("utf-8", "surrogatepass"))
    if size > max_body_bytes:
        raise BadInput("too_large", f"body is {size} bytes, the limit is {max_body_bytes}")
    for name, value in article.items():  # "\ud800" escapes are valid JSON but no UTF-8: no
        if isinstance(value, str):         # record with them could be encoded and sent on
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BadInput("invalid_utf8", f"field {name!r} contains lone surrogate escapes") from None
    article["language"] = article["language"] or "en"
    article["published_at"] = normalised_date(article["published_at"])
    return article


#: RFC 2822's date-time: [weekday,] day month year hour:minute[:second] zone, the zone numeric or
#: one of the names it allows ("-0000", local time in an unknown zone, is kept without an offset).
_RFC_2822 = re.compile(r"\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?"
                       r"\s+(?:[+-]\d{4}|UTC?|GMT|Z|[ECMP][SD]T)\s*$")


def normalised_date(value: Any) -> str | None:
    """``published_at`` as decoding keeps it: an ISO 8601 date or datetime as sent; an RFC 2822 one
    (an RSS ``pubDate``, "Sat, 07 Jul 2012 22:07:00 GMT") as ISO 8601; anything else, a non-string
    included, None (a bad date is not fatal).

    >>> normalised_date("Sat, 07 Jul 2012 22:07:00 -0400")
    '2012-07-07T22:07:00-04:00'
    """
    if not isinstance(value, str):
        return None
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value
    except ValueError:
        pass
    if not _RFC_2822.match(value):
        return None  # the email parser would also read "Dec 7, 2018 5:00 PM ET", as 5:00
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


#: A dead letter must fit in one Kafka message (1 MB by default) although base64 grows the raw
#: value by a third: larger values are cut, with their size and hash kept. The whole original
#: stays on the input topic at ``topic``/``partition``/``offset`` for the topic's retention.
MAX_DEAD_LETTER_RAW = 600_000
MAX_DEAD_LETTER_TEXT = 16_000


def dead_letter(raw: bytes | None, stage: str, reason: str, error: str, *, key: bytes | None = None,
                topic: str | None = None, partition: int | None = None, offset: int | None = None,
                now: dt.datetime | None = None) -> dict[str, Any]:
    """The ``wire.deadletter`` value (``models.DeadLetter``) for a message that failed at ``stage``."""
    raw = raw or b""
    kept = raw[:MAX_DEAD_LETTER_RAW]
    return {
        "stage": stage, "reason": reason, "error": error[:2000],
        "raw": base64.b64encode(kept).decode("ascii"),
        "raw_bytes": len(raw),
        "raw_truncated": len(kept) < len(raw),
        "raw_sha256": hashlib.sha256(raw).hexdigest(),
        "raw_text": raw[:MAX_DEAD_LETTER_TEXT].decode("utf-8", "replace"),
        "key": key.decode("utf-8", "replace") if isinstance(key, bytes) else key,
        "topic": topic, "partition": partition, "offset": offset,
        "failed_at": (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
    }
