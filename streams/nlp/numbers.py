"""Casualty counts (killed, injured) from single sentences, with regular expressions.

:func:`casualties` reads one sentence and returns the counts it states, ``None`` where it says
nothing. Patterns handled (numbers as digits or words, "at least"/"more than"/"about" dropped):

- number before the outcome: "two men and a teenager were killed" (3), "5 people were wounded",
  "one dead and three wounded", "three others injured", "two people dead";
- outcome before the number: "killed about 100 people", "killing two", "left 5 dead",
  "wounding three others", "a death toll of 4";
- a single person: "a 23-year-old man was shot and killed" (killed 1), "was fatally shot",
  "was shot dead", "died at the hospital", "was shot in the leg" (injured 1);
- "more than 100 people were treated" counts as injured, and so do "a girl is in critical
  condition", "two men were taken to a hospital", "suffered non-life threatening injuries",
  "sent 4 people to the hospital", "her father is listed in serious condition" — unless the
  same sentence goes on to say the person died ("taken to a hospital, where he died");
- "the victim was pronounced dead", "the boy was shot in the head and killed" (killed 1).

"The boy is in stable condition" refers back to someone who may be the one who died: it is
reported by :func:`referred_injured`, not counted. Named people ("Gomez remains in critical
condition", "Tobin died") are reported by :func:`named_casualties` for the caller to count.

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
    r"homicide|murder(?:ed)?|slain|slaying|found dead|deadly|(?:his|her) death|death of|pronounced dead|succumbed|"
    r"deceased|passed away|took (?:his|her) own life|killing (?:him|her)|found (?:\w+\s+){1,3}dead|"
    r"self-inflicted (?:gunshot|gun shot))\b", re.I)
#: Headline phrasings of a death ("17-year-old killed in officer-involved shooting", "Grandparents
#: charged in 5-year-old's shooting death"): in a body, such words are often about another event
#: ("... was killed by police last November", related-article links).
HEADLINE_DEATH_CUES = re.compile(r"\b(?:killed (?:in|by|during|while|after)|shooting death|(?:'s|’s) death)\b",
                                 re.I)
#: "No one was killed", "nobody died": no death.
_NO_DEATH = re.compile(r"\b(?:no one|nobody|none|no other|no (?:\w+ )?(?:deaths|fatalities|one else))\b[^.;]{0,30}?"
                       r"\b(?:killed|died|dead|hurt|fatal)", re.I)
MAX_COUNT = 10_000  # larger figures are money, years or populations, not casualties

_NUM = (r"(?:\d{1,3}(?:,\d{3})*|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
        r"four|five|six|seven|eight|nine))?|a dozen|dozen|a hundred|hundred|one|two|three|four|five|six|seven|"
        r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|both)")
_QUANT = r"(?:(?:at least|more than|over|about|around|nearly|almost|some|up to|as many as|approximately|all)\s+)?"
_PERSON = (r"(?:people|persons|person|men|man|women|woman|children|child|kids|boys?|girls?|teens?|teenagers?|"
           r"students?|officers?|victims?|others|residents|civilians|adults?|individuals|bystanders|"
           r"infants?|toddlers?|babies|baby|members?|soldiers|troops|workers|passengers|males?|females?|"
           r"\w+-year-olds?)")
#: Up to three modifiers before the person noun ("23-year-old", "other", "police"); function words
#: end the phrase, so "December 21 after a teen" is no group of 21.
_FUNCTION = (r"(?:a|an|the|and|or|but|after|before|of|in|on|at|to|from|with|by|for|who|that|which|was|were|"
             r"is|are|has|have|had|since|when|while|than|as|during)")
_ADJ = rf"(?:(?!{_FUNCTION}\b)[\w-]+\s+){{0,3}}?"
#: One person named by a definite or "another" phrase: "the victim", "another 16-year-old boy".
_ONE = (r"(?:victim|man|woman|boy|girl|child|teen|teenager|toddler|baby|infant|student|youth|"
        r"\w+-year-old(?:\s+(?:man|woman|boy|girl|child|male|female))?)")
_NOT_AGE = r"(?!-?\s?(?:year|month|week|day)s?\b)"
_GROUP = rf"(?:\b{_QUANT}(?:{_NUM}{_NOT_AGE}|a|an)\s+{_ADJ}{_PERSON}|(?:the|another)\s+{_ADJ}{_ONE}\b)"
_SUBJECT = rf"(?P<subj>{_GROUP}(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+){_GROUP})*)"
#: A subject that introduces people ("a boy", "two women", "another child"), not one that refers
#: back to someone already named ("the boy"), who may be the person who died.
_KIN = (r"(?:father|mother|dad|mom|brother|sister|son|daughter|wife|husband|girlfriend|boyfriend|grandmother|"
        r"grandfather|grandson|granddaughter|uncle|aunt|cousin|nephew|niece|friend|stepfather|stepmother)")
_NEW_GROUP = (rf"(?:\b{_QUANT}(?:{_NUM}{_NOT_AGE}|a|an)\s+{_ADJ}{_PERSON}|another\s+{_ADJ}{_ONE}\b|"
              rf"(?:his|her|their)\s+{_ADJ}{_KIN}\b)")
_NEW_SUBJECT = rf"(?P<subj>{_NEW_GROUP}(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+){_NEW_GROUP})*)"
_AUX = (r"(?:\s+(?:were|was|are|is|have been|has been|had been|got|been|remains|remained|remain))?(?:\s+(?:\w+ly|also|all|reportedly))?"
        r"(?:\s+found)?")
_KILLED = r"(?:killed|dead|died|slain|murdered|fatally (?:shot|wounded|injured|stabbed)|shot dead|shot to death|" \
          r"shot and killed|stabbed to death|lost their lives|deceased|pronounced dead|succumbed|(?:later )?died)"
_CONDITION = r"(?:critical|serious|stable|fair|grave|good|guarded|satisfactory)"
_INJURED = (r"(?:injured|wounded|hurt|hospitalized|hospitalised|treated|shot and wounded|recovering|"
            r"(?:taken|rushed|transported|airlifted|flown)\s+to\s+(?:[\w.'-]+\s+){0,5}?(?:hospitals?|medical center)|"
            r"suffered\s+(?:[\w-]+\s+){0,3}?(?:injuries|injury|wounds?)|in (?:the )?hospital|"
            rf"(?:listed\s+|reported\s+)?in\s+(?:\w+\s+)?{_CONDITION}(?:\s+but\s+stable)?\s+condition)")
#: "shot [in the head] and killed", "shot dead": the person hit did not survive.
_NOT_KILLED = r"(?!(?:\s+(?:in|to|on|at)\s+(?:the|his|her)\s+[\w-]+)?\s+(?:and killed|and died|dead|to death))"
#: "Six shot at nightclub", "a man was shot": people hit, killed or not (see :func:`victims_shot`).
_HIT = r"(?:shot|stabbed)"

# "killed about 100 people", "left 5 dead", "killing two"
#: A number that is an age: "kills 5-year-old son" kills one.
_KILLED_AFTER = re.compile(rf"\b(?:killed|killing|kills|claimed the lives of|left|leaving)\s+{_QUANT}(?P<n>{_NUM}){_NOT_AGE}"
                           rf"(?:\s+{_ADJ}{_PERSON})?(?:\s+(?:dead|killed))?\b", re.I)
#: A list of two or more people opening a sentence (or following a headline's "Police:"), then
#: their death: "Mother, Father, Toddler Dead", "4-year-old girl, mother fatally shot".
_BARE = rf"(?:(?:(?:a|an|the|his|her|their)\s+)?{_ADJ}(?:{_KIN}|{_ONE}))"
_BARE_LIST = rf"(?P<victims>{_BARE}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s*,\s*and\s+){_BARE})+)"
_LISTED_KILLED = re.compile(rf"(?:^|:\s+){_BARE_LIST}{_AUX}\s+(?:(?:shot|stabbed)\s*(?:and|&)\s*)?{_KILLED}\b", re.I)
KILLED_PATTERNS = [
    _LISTED_KILLED,
    re.compile(rf"{_SUBJECT}{_AUX}\s+(?:(?:shot|stabbed)\s+(?:(?:in|to|on)\s+(?:the|his|her)\s+[\w-]+)?"
               rf"(?:\s*,\s*|\s+)(?:and\s+)?)?{_KILLED}\b", re.I),
    # not "father of 4 killed", whose children were not; but "a family of five found dead" are five
    re.compile(rf"(?<!\bof )\b(?P<n>{_NUM})\s+(?:{_PERSON}\s+)?(?:found\s+)?(?:shot\s+)?(?:dead|killed)\b", re.I),
    re.compile(rf"\bfamily of (?P<n>{_NUM})\s+(?:(?:were|was|are|is)\s+)?(?:found\s+)?(?:shot\s+)?"
               rf"(?:dead|killed|died|dies)\b", re.I),
    # "the shooting deaths of a woman and her daughter"
    re.compile(rf"\bdeaths\s+of\s+{_BARE_LIST}", re.I),
    re.compile(r"\b(?P<n>double|triple|quadruple)\s+(?:homicide|murder|killing|fatal shooting|slaying)s?\b", re.I),
    _KILLED_AFTER,
    re.compile(rf"\bdeath toll (?:\w+ ){{0,3}}(?:of|to|at|is|was|rose to|stands at)\s+{_QUANT}(?P<n>{_NUM})\b", re.I),
    re.compile(rf"\b(?P<n>{_NUM})\s+(?:\w+\s+)?bodies\b", re.I),  # "three bodies were found"
    re.compile(rf"\b(?:shot|stabbed|wounded),?\s+(?P<n>{_NUM})\s+(?:of them\s+)?fatally\b", re.I),
]
#: "... was taken to a hospital, where he died": hospital or condition words before a death are no injury.
_DIED_LATER = r"(?![^.;]*\b(?:died|dies|pronounced dead|succumbed|passed away|did not survive|didn't survive)\b)"
INJURED_PATTERNS = [
    re.compile(rf"{_NEW_SUBJECT}{_AUX}\s+(?:(?:shot|stabbed|struck|hit)\s+and\s+)?{_INJURED}\b{_NOT_KILLED}"
               rf"{_DIED_LATER}", re.I),
    # a list of people, then their injury: "her sister and mother were injured by gunfire"
    re.compile(rf"(?:^|:\s+|\b(?:while|and|as|when|but)\s+){_BARE_LIST}{_AUX}\s+(?:(?:shot|stabbed|struck|hit)\s+and\s+)?"
               rf"(?:injured|wounded|hurt|hospitalized|hospitalised)\b{_NOT_KILLED}{_DIED_LATER}", re.I),
    # one more beside the dead: "three people were killed and another critically injured", "3 dead, 1 critical"
    re.compile(rf"\b(?:killed|dead|died)\b[^.;]{{0,20}}?(?:,|\band)\s+(?P<one>another|one|1)\s+(?:(?:person|victim|{_ONE})\s+)?"
               rf"(?:(?:was|is)\s+)?(?:\w+ly\s+)?(?:injured|wounded|hurt|critical)\b", re.I),
    re.compile(rf"\b(?P<n>{_NUM})\s+(?:{_ADJ}{_PERSON}\s+)?(?:injured|wounded|hurt)\b", re.I),
    re.compile(rf"\b(?:injured|injuring|wounded|wounding|injures|wounds|hurt|hurting)\s+{_QUANT}(?P<n>{_NUM}){_NOT_AGE}"
               rf"(?:\s+{_ADJ}{_PERSON})?\b", re.I),
    # "wounded an older brother", "injuring a 16-year-old girl", "wounded his older brother in the leg"
    re.compile(rf"\b(?:injured|injuring|wounded|wounding|injures|wounds)\s+(?P<one>a|an|his|her|their)\s+{_ADJ}"
               rf"(?:{_ONE}|{_KIN}|{_PERSON})\b{_DIED_LATER}", re.I),
    # "leaving ... a wounded 12-year-old girl calling 911"
    re.compile(rf"\b(?P<one>a|an)\s+(?:\w+ly\s+)?(?:injured|wounded)\s+{_ADJ}(?:{_ONE}|{_KIN})\b{_DIED_LATER}", re.I),
    # "a shooting that sent 4 people to the hospital", "sent six people to area hospitals"
    re.compile(rf"\b(?:sent|sending|sends)\s+{_QUANT}(?P<n>{_NUM})\s+(?:{_ADJ}{_PERSON}\s+)?to\s+(?:\w+\s+){{0,2}}?"
               rf"hospitals?\b", re.I),
]
SHOT_PATTERNS = [
    # a headline's bare subject: "Teen shot in chest", "Arrest made after teen is shot"
    re.compile(rf"(?:^|\b(?:after|as|when)\s+|:\s+)(?P<victims>{_ADJ}{_ONE})\b{_AUX}\s+{_HIT}\b{_NOT_KILLED}", re.I),
    # "found 3 victims with gunshot wounds"
    re.compile(rf"\b(?P<n>{_NUM}){_NOT_AGE}\s+{_ADJ}{_PERSON}\s+(?:with|suffering(?: from)?)\s+(?:\w+\s+)?"
               rf"(?:gunshot|gun shot|bullet|stab) wounds?\b", re.I),
    re.compile(rf"{_SUBJECT}{_AUX}\s+{_HIT}\b{_NOT_KILLED}", re.I),
    re.compile(rf"\b(?P<n>{_NUM})\s+(?:{_ADJ}{_PERSON}\s+)?{_HIT}\b{_NOT_KILLED}", re.I),
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
    for g in re.finditer(rf"\b{_QUANT}(?P<n>{_NUM}|a|an)\s+{_ADJ}{_PERSON}|(?:the|another)\s+{_ADJ}{_ONE}\b|"
                         rf"(?:his|her|their)\s+{_ADJ}{_KIN}\b",
                         subject, re.I):
        n = parse_number(g.group("n")) if g.group("n") else 1
        if n is None:
            return None
        total += n
    return total or None


#: "The boy is in critical condition": someone named before is injured (see :func:`referred_injured`).
REFERRED_INJURED = re.compile(
    rf"\bthe\s+{_ADJ}{_ONE}\b{_AUX}\s+(?:(?:shot|stabbed)\s+and\s+)?{_INJURED}\b{_NOT_KILLED}"
    rf"{_DIED_LATER}", re.I)


def _largest(patterns, sentence: str) -> int | None:
    """The largest count any of ``patterns`` states in ``sentence``."""
    best = None
    for p in patterns:
        for m in p.finditer(sentence):
            if p is _KILLED_AFTER and _LEFT_INJURED.match(sentence, m.start()):
                continue
            if "one" in p.groupindex:  # one person: "wounded his brother", "and another injured"
                n = 1
            elif "subj" in p.groupindex:
                n = _group_count(m.group("subj"))
            elif "victims" in p.groupindex:
                n = _victim_count(m.group("victims"))
            else:
                n = parse_number(m.group("n"))
            if n is not None and 0 < n <= MAX_COUNT and (best is None or n > best):
                best = n
    return best


def states_a_death(sentence: str, headline: bool = False) -> bool:
    """Does the sentence say someone died, without necessarily saying how many?

    ``headline``: the sentence is a headline, which also states deaths in its own short ways.

    >>> [states_a_death(s) for s in ("He was found dead.", "No one was killed in the shooting.",
    ...                              "He was shot in the leg.", "Teen killed in officer-involved shooting")]
    [True, False, False, False]
    >>> states_a_death("Teen killed in officer-involved shooting", headline=True)
    True
    """
    cues = (DEATH_CUES.search(sentence) or (headline and HEADLINE_DEATH_CUES.search(sentence)))
    return bool(cues) and not _NO_DEATH.search(sentence)


def victims_shot(sentence: str) -> int | None:
    """How many people the sentence says were shot or stabbed (killed or not): "Six shot at
    nightclub" → 6, "a man was shot" → 1. Those not killed are the injured."""
    return _largest(SHOT_PATTERNS, sentence)


#: A capitalised name, maybe followed by an aside: "Bobby Lane, 15, of the 4100 block of Elm Avenue,".
_NAME = r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})(?:\s*,[^,.;]{1,60},)?"
_NAMED_AUX = r"\s+(?:was|is|were|are|remains|remained|has been|had been)(?:\s+(?:\w+ly|also|still))?"
#: "a gunshot wound to the leg" is survived far more often than one to the head or chest.
_LIMB = (r"(?:(?:left|right|upper|lower)\s+)?(?:legs?|arms?|hands?|foot|feet|shoulders?|ankles?|knees?|thighs?|hips?|"
         r"buttocks?|fingers?|wrists?|elbows?|calf|shin)")
_NAMED_HURT = re.compile(
    rf"{_NAME}(?:,?{_NAMED_AUX}\s+{_INJURED}|\s+(?:suffered|sustained)\s+(?:[\w-]+\s+){{0,3}}?(?:injuries|injury|"
    rf"wounds?\s+(?:\w+\s+){{0,2}}?(?:to|in)\s+(?:the|his|her)\s+{_LIMB}))\b"
    rf"{_NOT_KILLED}{_DIED_LATER}")
_NAMED_DEAD = re.compile(
    rf"{_NAME}(?:{_NAMED_AUX})?\s+(?:{_KILLED}|did not survive|didn't survive|passed away)\b")


def named_casualties(sentence: str) -> tuple[set[str], set[str]]:
    """(names said to have died, names said to be injured or in hospital) in one sentence:
    "Gomez remains in critical condition" → ({}, {"Gomez"}). The caller keeps only real person
    names (the parser's PERSON entities) and counts each injured name once, unless it died."""
    dead = {m.group("name") for m in _NAMED_DEAD.finditer(sentence)}
    hurt = {m.group("name") for m in _NAMED_HURT.finditer(sentence)}
    return dead, hurt


#: Someone *now* in hospital or in some condition: "He remains in the hospital in stable condition",
#: "Her sister, Betzida Castillo, is in stable condition". Alive at the time of writing, so not one
#: of the dead the article counts.
ALIVE_INJURED = re.compile(
    rf"\b(?:is|remains|remain|are)\s+(?:(?:\w+ly|still|also|now)\s+)?(?:(?:listed|hospitali[sz]ed)\s+)?"
    rf"(?:in\s+(?:the\s+)?hospital\s+)?(?:in\s+(?:\w+\s+)?{_CONDITION}(?:\s+but\s+stable)?\s+condition|"
    rf"hospitali[sz]ed|in\s+(?:the\s+)?hospital|recovering)\b{_DIED_LATER}", re.I)


def alive_injured(sentence: str) -> bool:
    """Does the sentence say that someone is, at the time of writing, in hospital or in some
    condition? The caller counts one injured person when the article states deaths but no injured.

    >>> [alive_injured(s) for s in ("He remains in the hospital in stable condition.",
    ...                             "The woman was also shot in the chest and is hospitalized in stable condition.",
    ...                             "He was in critical condition.", "She is in critical condition but died Sunday.")]
    [True, True, False, False]
    """
    return bool(ALIVE_INJURED.search(sentence))


def referred_injured(sentence: str) -> bool:
    """Does the sentence say that a person referred to with "the" ("the victim", "the 4-year-old
    girl") is hurt, in hospital or in some condition? That person may be one who died: the caller
    counts them as injured only when the article states no death."""
    return bool(REFERRED_INJURED.search(sentence))


#: The attacker's own death in a sentence: "then killed himself", "turned the gun on herself",
#: "a murder-suicide". Casualty counts (the Gun Violence Archive's among them) include the attacker.
_SELF_KILLED = re.compile(
    r"\b(?:(?:killed|killing|shot|shooting)\s+(?:him|her)self|turn(?:ed|ing) the (?:gun|weapon|rifle|shotgun|pistol) "
    r"on (?:him|her)self|t(?:ook|aking) (?:his|her) own life|committed suicide|murder[-/ ]suicide|"
    r"(?:kill(?:s|ed)?|shoots|shot)\s[^.;]*?(?:,|\band)\s+(?:then\s+)?(?:him|her)?self)\b", re.I)
#: The people an attacker killed, as the object of the verb: "his wife and two children", "her
#: 30-year-old daughter and two young grandchildren", "a woman and girl", "the other three victims".
_RELATIVES = rf"(?:{_KIN}s?|{_PERSON}|grandchildren|grandkids|stepchildren|step-?daughters?|step-?sons?)"
_VICTIM = (rf"(?:{_QUANT}(?:{_NUM}|a|an)\s+{_ADJ}{_RELATIVES}|(?:his|her|their)\s+(?:{_NUM}\s+)?{_ADJ}"
           rf"{_RELATIVES}|the\s+other\s+{_NUM}\s+{_PERSON}|{_ONE}|{_ADJ}(?:{_KIN}s?|grandchildren|grandkids))\b")
_VICTIMS = rf"(?P<victims>{_VICTIM}(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+){_VICTIM})*)"
_KILL_VERB = r"(?:killed|killing|kills|shot and killed|shooting and killing|fatally shot|fatally shooting|murdered)"
#: Victims counted by what the attacker did to them: "killing three", "shot and killed his two
#: daughters before killing herself", "a triple murder-suicide" (not "left four dead", a total that
#: may already hold the attacker).
_VICTIMS_KILLED = [
    re.compile(rf"\b{_KILL_VERB}\s+{_QUANT}(?P<n>{_NUM}){_NOT_AGE}(?!\s+(?:of|percent|hours?|minutes?)\b)",
               re.I),
    re.compile(r"\b(?P<n>double|triple|quadruple)\s+murder[-/ ]suicides?\b", re.I),
    re.compile(rf"\b(?:{_KILL_VERB}|kill)\s+{_VICTIMS}(?:\s*,?\s+(?:and\s+)?(?:then|before)\s|"
               rf"(?:\s*,\s*|\s+)(?:and\s+)?(?:him|her)?self\b)", re.I),
    # in a murder-suicide, those the attacker shot died: "shoots 8-year-old boy, then himself"
    re.compile(rf"\b(?:shoots|shot)\s+{_VICTIMS}\s*,?\s+(?:and\s+)?(?:then\s+)?(?:him|her)self\b"
               rf"(?=[^.;]*\bmurder[-/ ]suicide)", re.I),
]


def _victim_count(victims: str) -> int | None:
    """People in a victims phrase ("his wife and two children" → 3, "5-year-old son" → 1); None
    when one part is an uncounted plural ("his sons")."""
    total = 0
    for part in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", victims.strip()):
        n = re.search(rf"(?:^|\s)(?P<n>{_NUM})\s", f" {part} ", re.I)
        if n:
            total += parse_number(n.group("n")) or 0
        elif re.search(r"(?:s|children|people|men|women|kids)$", part, re.I):
            return None
        elif part:
            total += 1
    return total or None


def killed_with_attacker(sentence: str) -> int | None:
    """Victims plus the attacker, when one sentence says the attacker killed a number of people
    and then themself; else None.

    >>> killed_with_attacker("A man shot his family, killing 3, then killed himself.")
    4
    >>> killed_with_attacker("Roy couple and their two children found dead in a triple murder-suicide")
    4
    >>> killed_with_attacker("She killed her 30-year-old daughter and two young grandchildren before "
    ...                      "turning the gun on herself.")
    4
    >>> killed_with_attacker("Sheriff: 13-year-old kills 6-year-old brother, self")
    2
    >>> killed_with_attacker("Man shoots 8-year-old boy, then himself in murder-suicide, police say")
    2
    >>> [killed_with_attacker(s) for s in ("The shooting left four people dead in a murder-suicide.",
    ...                                    "He shot and killed two people.")]
    [None, None]
    """
    if not _SELF_KILLED.search(sentence):
        return None
    victims = _largest(_VICTIMS_KILLED, sentence)
    return victims + 1 if victims is not None and victims < MAX_COUNT else None


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """(killed, injured) stated in one sentence; None where the sentence says nothing.

    >>> casualties("Two men and a teenager were killed and five people were wounded.")
    (3, 5)
    """
    return _largest(KILLED_PATTERNS, sentence), _largest(INJURED_PATTERNS, sentence)
