"""Casualty counts (killed, injured) from single sentences, with regular expressions.

:func:`casualties` reads one sentence and returns the counts it states, ``None`` where it says
nothing. Patterns handled (numbers as digits or words, "at least"/"more than"/"about" dropped):

- number before the outcome: "two men and a teenager were killed" (3), "5 people were wounded",
  "one dead and three wounded", "three others injured", "two people dead";
- outcome before the number: "killed about 100 people", "killing two", "left 5 dead",
  "wounding three others", "a death toll of 4";
- a single person: "a 23-year-old man was shot and killed" (killed 1), "was fatally shot",
  "was shot dead", "died at the hospital", "was shot in the leg" (injured 1);
- "more than 100 people were treated" counts as injured.

The caller decides which sentences are about the main incident.
"""
from __future__ import annotations

import re

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a dozen": 12, "dozen": 12, "a hundred": 100, "both": 2,
    "double": 2, "triple": 3, "quadruple": 4,
}
#: A death stated without a number ("a fatal shooting", "he died") counts as one.
DEATH_CUES = re.compile(
    r"\b(?:fatal(?:ly)?|shot dead|shot and killed|shot to death|stabbed to death|(?:was|been) killed|died|dies|"
    r"homicide|murder(?:ed)?|slain|slaying|found dead|deadly|(?:his|her) death|death of)\b", re.I)
MAX_COUNT = 10_000  # larger figures are money, years or populations, not casualties

_NUM = (r"(?:\d{1,3}(?:,\d{3})*|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
        r"four|five|six|seven|eight|nine))?|a dozen|dozen|a hundred|hundred|one|two|three|four|five|six|seven|"
        r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|both)")
_QUANT = r"(?:(?:at least|more than|over|about|around|nearly|almost|some|up to|as many as|approximately)\s+)?"
_PERSON = (r"(?:people|persons|person|men|man|women|woman|children|child|kids|boys?|girls?|teens?|teenagers?|"
           r"students?|officers?|victims?|others|residents|civilians|adults?|individuals|bystanders|"
           r"infants?|toddlers?|babies|baby|members?|soldiers|troops|workers|passengers|\w+-year-olds?)")
_ADJ = r"(?:[\w-]+\s+){0,3}?"  # "23-year-old", "other", "police"
_GROUP = rf"(?:{_QUANT}(?:{_NUM}|a|an)\s+{_ADJ}{_PERSON})"
_SUBJECT = rf"(?P<subj>{_GROUP}(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+){_GROUP})*)"
_AUX = (r"(?:\s+(?:were|was|are|is|have been|has been|had been|got|been))?(?:\s+(?:\w+ly|also|all|reportedly))?"
        r"(?:\s+found)?")
_KILLED = r"(?:killed|dead|died|slain|murdered|fatally (?:shot|wounded|injured|stabbed)|shot dead|shot to death|" \
          r"shot and killed|stabbed to death|lost their lives|deceased)"
_INJURED = (r"(?:injured|wounded|hurt|hospitalized|hospitalised|treated|shot and wounded|"
            r"taken to (?:a |the )?(?:local )?hospitals?|suffered (?:\w+ )?(?:injuries|wounds))")
#: "Six shot at nightclub", "a man was shot": people hit, killed or not (see :func:`victims_shot`).
_HIT = r"(?:shot|stabbed)"

# "killed about 100 people", "left 5 dead", "killing two"
_KILLED_AFTER = re.compile(rf"\b(?:killed|killing|kills|claimed the lives of|left|leaving)\s+{_QUANT}(?P<n>{_NUM})"
                           rf"(?:\s+{_ADJ}{_PERSON})?(?:\s+(?:dead|killed))?\b", re.I)
KILLED_PATTERNS = [
    re.compile(rf"{_SUBJECT}{_AUX}\s+(?:(?:shot|stabbed)\s+and\s+)?{_KILLED}\b", re.I),
    re.compile(rf"\b(?P<n>{_NUM})\s+(?:{_PERSON}\s+)?(?:found\s+)?(?:shot\s+)?(?:dead|killed)\b", re.I),
    re.compile(r"\b(?P<n>double|triple|quadruple)\s+(?:homicide|murder|killing|fatal shooting|slaying)s?\b", re.I),
    _KILLED_AFTER,
    re.compile(rf"\bdeath toll (?:\w+ ){{0,3}}(?:of|to|at|is|was|rose to|stands at)\s+{_QUANT}(?P<n>{_NUM})\b", re.I),
    re.compile(rf"\b(?P<n>{_NUM})\s+(?:\w+\s+)?bodies\b", re.I),  # "three bodies were found"
    re.compile(rf"\b(?:shot|stabbed|wounded),?\s+(?P<n>{_NUM})\s+(?:of them\s+)?fatally\b", re.I),
]
INJURED_PATTERNS = [
    re.compile(rf"{_SUBJECT}{_AUX}\s+(?:(?:shot|stabbed)\s+and\s+)?{_INJURED}\b(?!\s+(?:and killed|dead|to death))",
               re.I),
    re.compile(rf"\b(?P<n>{_NUM})\s+(?:{_ADJ}{_PERSON}\s+)?(?:injured|wounded|hurt)\b", re.I),
    re.compile(rf"\b(?:injured|injuring|wounded|wounding|injures|wounds|hurt|hurting)\s+{_QUANT}(?P<n>{_NUM})"
               rf"(?:\s+{_ADJ}{_PERSON})?\b", re.I),
]
SHOT_PATTERNS = [
    re.compile(rf"{_SUBJECT}{_AUX}\s+{_HIT}\b(?!\s+(?:and killed|dead|to death))", re.I),
    re.compile(rf"\b(?P<n>{_NUM})\s+(?:{_ADJ}{_PERSON}\s+)?{_HIT}\b(?!\s+(?:and killed|dead|to death))", re.I),
    re.compile(rf"\b(?:shot|shooting|shoots|stabbed|stabbing)\s+{_QUANT}(?P<n>{_NUM})\s+{_ADJ}{_PERSON}\b", re.I),
]
# "left 5 dead" is killed; "left 3 injured" must not count as killed.
_LEFT_INJURED = re.compile(rf"\b(?:left|leaving)\s+{_QUANT}{_NUM}(?:\s+{_ADJ}{_PERSON})?\s+(?:injured|wounded|hurt)",
                           re.I)


def parse_number(text: str) -> int | None:
    """"two" → 2, "1,200" → 1200, "twenty-one" → 21, "a dozen" → 12; None if not a number."""
    t = text.lower().strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", t):
        return int(t.replace(",", ""))
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def _group_count(subject: str) -> int | None:
    """Sum of the people in a coordinated subject: "two men and a teenager" → 3."""
    total = 0
    for g in re.finditer(rf"{_QUANT}(?P<n>{_NUM}|a|an)\s+{_ADJ}{_PERSON}", subject, re.I):
        n = parse_number(g.group("n"))
        if n is None:
            return None
        total += n
    return total or None


def _largest(patterns, sentence: str) -> int | None:
    """The largest count any of ``patterns`` states in ``sentence``."""
    best = None
    for p in patterns:
        for m in p.finditer(sentence):
            if p is _KILLED_AFTER and _LEFT_INJURED.match(sentence, m.start()):
                continue
            n = _group_count(m.group("subj")) if "subj" in p.groupindex else parse_number(m.group("n"))
            if n is not None and 0 < n <= MAX_COUNT and (best is None or n > best):
                best = n
    return best


def states_a_death(sentence: str) -> bool:
    """Does the sentence say someone died, without necessarily saying how many?"""
    return bool(DEATH_CUES.search(sentence))


def victims_shot(sentence: str) -> int | None:
    """How many people the sentence says were shot or stabbed (killed or not): "Six shot at
    nightclub" → 6, "a man was shot" → 1. Those not killed are the injured."""
    return _largest(SHOT_PATTERNS, sentence)


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """(killed, injured) stated in one sentence; None where the sentence says nothing.

    >>> casualties("Two men and a teenager were killed and five people were wounded.")
    (3, 5)
    """
    return _largest(KILLED_PATTERNS, sentence), _largest(INJURED_PATTERNS, sentence)
