"""Where the article ends and the publisher's boilerplate begins.

Feeds append notes such as "(Arutz Sheva's North American desk is keeping you updated ...)",
"Copyright 2018 AFP. All rights reserved." or "Click here to subscribe". Claims and incident
facts are only looked for before :func:`content_end`.
"""
from __future__ import annotations

import re

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
_MARKERS = re.compile(
    r"all rights reserved|copyright|©|\(c\) \d{4}|click here|subscribe|sign up for|newsletter|"
    r"follow us on|follow (?:him|her|them) on|this (?:article|story) (?:was|has been|is) "
    r"(?:originally |first )?(?:published|updated|corrected)|the time posted|"
    r"contributed to this report|reporting by|editing by|writing by|read more:|related:",
    re.IGNORECASE,
)


def _paragraphs(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(body) if m.group().strip()]


def is_boilerplate(paragraph: str) -> bool:
    """A paragraph is boilerplate if it is wholly parenthesised/bracketed or carries a marker."""
    p = paragraph.strip()
    if not p:
        return True
    if (p[0], p[-1]) in {("(", ")"), ("[", "]")} or (p[0] in "([" and p.rstrip(".")[-1:] in ")]"):
        return True
    return len(p) < 400 and bool(_MARKERS.search(p))  # length first: the markers' search is slow


def content_end(body: str) -> int:
    """Offset where trailing boilerplate starts (``len(body)`` when there is none).

    Only a run of boilerplate paragraphs at the end counts: a parenthesis in the middle of an
    article is part of the story.
    """
    end = len(body)
    for start, stop in reversed(_paragraphs(body)):
        if not is_boilerplate(body[start:stop]):
            break
        end = start
    return end
