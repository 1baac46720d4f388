"""Incident facts of one article: type, date, place, killed, injured.

Entry point: :func:`extract_facts`. It is a pure function of the spaCy ``Doc`` of the body, the
publication date and the headline; only text before ``content_end`` counts (the rest is
publisher boilerplate, see :mod:`streams.nlp.boilerplate`).

How each fact is found:

type
    Trigger words per :data:`INCIDENT_TYPES` are counted, each occurrence weighted by where it
    is (:data:`HEADLINE_WEIGHT`, :data:`LEAD_WEIGHT` for the first :data:`LEAD_SENTENCES`
    sentences, :data:`BODY_WEIGHT` after). The best type must reach :data:`MIN_TYPE_SCORE` *and*
    appear in the headline or the lead; otherwise the article is not an incident report (None).
    A single "attack" deep in an opinion piece never qualifies.
date
    Day-precise expressions (:mod:`streams.nlp.dates`) resolved against ``published_at``; each
    scores by where it is (headline, sentence with a trigger, lead), a day of a statement
    ("police said Thursday") or of a dateline scores :data:`DATE_REPORTED_PENALTY` less, a day
    inside a quotation :data:`DATE_QUOTED_PENALTY` less, and the best, then the earliest, wins.
    Without any, the publication day is used (:data:`FALLBACK_TO_PUBLISHED`, measured on GVC:
    most incident reports appear on the day of the incident or the next).
location
    Weighted place mentions (dateline, headline, GPE/LOC entities, place names inside FAC/ORG
    names like "Bastrop Police Department", "City, State" pairs) resolved by
    :mod:`streams.nlp.places`.
killed / injured
    :mod:`streams.nlp.numbers` over the headline, the lead and the trigger sentences, skipping
    sentences that date themselves to another day or year (an earlier attack recalled in
    background) or that give statistics (:data:`_AGGREGATE`: "so far this year"). The largest
    count stated wins; nothing stated gives None, never a guess. Named people (PERSON entities)
    said to be hurt and not said to have died are counted once each; "the boy is in stable
    condition" counts one injured only when the article states no death.
"""
from __future__ import annotations

import datetime as dt
import re

from streams.nlp.dates import DateMention, find_dates, page_dates, parse_published
from streams.nlp.numbers import (alive_injured, casualties, killed_with_attacker, named_casualties, referred_injured, states_a_death,
                                  victims_shot)
from streams.nlp.pipeline import doc_ents, doc_text, span_ents
from streams.nlp.places import US, City, Mention, _county_key, gazetteer, normalise, resolve_location

#: Incident taxonomy: type → trigger pattern (case-insensitive regex over the text). Order is the
#: tie-break (more specific types first). Generic words ("attack", "incident", "fire" alone)
#: are deliberately absent: they say nothing about the kind of incident.
INCIDENT_TYPES: dict[str, str] = {
    "chemical_attack": r"chemical (?:weapons? )?attacks?|chlorine|sarin|nerve (?:agent|gas)|mustard gas|"
                       r"poison(?:ous)? gas|toxic gas attack|gas attacks?",  # not "tear gas": police use it on crowds
    "airstrike": r"air ?strikes?|air raids?|aerial bombardments?|drone strikes?|warplanes? (?:struck|bombed|hit)",
    "bombing": r"bombings?|bombers?|car bombs?|suicide (?:bomb(?:er|ing)?s?|attacks?)|improvised explosive|IEDs?|"
               r"bomb (?:attack|blast|exploded|went off)",
    "shooting": r"shootings?|shooters?|shoot(?:s|ing)?|shot|gunm[ae]n|gunfire|gunshots?|gun ?shots|opened fire|"
                r"open fire|fired (?:shots|at)|gunned down|gun violence|gunshot wounds?|(?:gun|hunting) (?:accident|mishap)s?|"
                r"stray bullets?|bullets (?:start(?:ed)? )?(?:flew|fly|flying|rang out|struck|hit|tore|ripped)|"
                r"gun deaths?|shotgun|rifle|handgun|firearms?|accidental(?:ly)? discharged?|"
                r"shoot-?outs?|gunfights?|gun ?battles?|firing (?:shots|at)|shots (?:were |being )?fired|shots rang out|"
                r"(?:gun|weapon|firearm|pistol|rifle|handgun)s? (?:accidentally )?(?:went off|goes off|going off|"
                r"discharg(?:ed|es|ing))|(?:hit|struck|grazed) by (?:a )?(?:stray |falling )?bullets?|bullets? graz(?:ed|es|ing)|"
                r"bullet wounds?|drive-?by|russian roulette",
    "stabbing": r"stabbings?|stabbed|stab wounds?|knife attacks?|knifeman",
    "kidnapping": r"kidnapp(?:ed|ing|ings|ers?)|abduct(?:ed|ion|ions)|taken hostage|hostages?",
    "explosion": r"explosions?|exploded|blasts?|blew up",
    "fire": r"blazes?|wildfires?|bush ?fires?|forest fires?|fire broke out|caught fire|arson|"
            r"(?:house|home|apartment|building|warehouse|factory|plant|hotel|hospital|market|club|tower) fires?|"
            r"(?:were|was) engulfed in flames|burned down|fire (?:killed|destroyed|swept|ripped|tore|gutted)",
    "crash": r"crash(?:ed|es)?|collisions?|collided|derail(?:ed|ment)|plane went down|capsized",
    "earthquake": r"earthquakes?|quakes?|tremors?|magnitude \d",
    "flood": r"floods?|flooding|flash floods?|landslides?|mudslides?",
    "storm": r"hurricanes?|tornado(?:es)?|typhoons?|cyclones?|storms?|blizzards?",
    "protest": r"protests?|protest(?:ers?|ors?|ing)|demonstrations?|demonstrators|riots?|rioters|marched",
    "arrest": r"arrested|arrests?|detained|taken into custody",
    "homicide": r"homicides?|murder(?:s|ed)?|murder[-/]suicides?|slain|slaying|massacred?|killed|killing|kills|"
                r"found dead|beaten to death|strangled",  # last: "killed" also appears in crash, storm, ... reports
}
_TRIGGERS = {t: re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for t, p in INCIDENT_TYPES.items()}
_ANY_TRIGGER = re.compile("|".join(rf"\b(?:{p})\b" for p in INCIDENT_TYPES.values()), re.IGNORECASE)
#: Types that rarely make an article an incident report on their own: they need twice the score.
WEAK_TYPES = {"arrest", "protest"}
#: Types that say something happened but not what: chosen only when no other type qualifies.
FALLBACK_TYPES = {"homicide", "arrest"}

HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 0.5
LEAD_SENTENCES = 4
MIN_TYPE_SCORE = 3.0
MAX_TRIGGER_HITS_PER_SENTENCE = 2  # a sentence listing "shootings, shooters, shot" counts at most twice

DATE_HEADLINE_SCORE = 2.0
DATE_TRIGGER_SCORE = 2.0
DATE_LEAD_SCORE = 1.0
DATE_EXPLICIT_SCORE = 0.5
DATE_OLD_PENALTY = 1.5  # dates more than MAX_RECENT_DAYS before publication are likely background
MAX_RECENT_DAYS = 31
#: "police said Thursday", a dateline's "Oct. 27 (UPI) --": the day of a statement or of filing,
#: not of the incident; larger than the place bonuses, so such a day wins only when no other day
#: is given about as prominently.
DATE_REPORTED_PENALTY = 3.0
#: A day inside a quotation ("Somebody's child got shot last night," a neighbour said) is the
#: speaker's loose reckoning: an early-morning shooting is "last night" to a witness and "early
#: Sunday" to the reporter. Enough to yield to a day the reporter gives as prominently.
DATE_QUOTED_PENALTY = 1.0
#: A day the page gives itself (a dateline's, an "Updated" line's) up to this many days after
#: ``published_at`` is when the text was written (see :func:`_page_day`).
PAGE_DAY_MAX_DAYS = 7
PAGE_DAY_SEARCH_CHARS = 600
DATE_EARLIEST_MARGIN = 0.0  # dates scoring within this of the best compete on being earliest
FALLBACK_TO_PUBLISHED = True

PLACE_DATELINE_WEIGHT = 5.0
PLACE_HEADLINE_WEIGHT = 3.0
#: A dateline city the headline does not name (a bureau filing about a town) counts this much
#: of its weight, below the headline's town.
PLACE_OTHER_DATELINE_FACTOR = 0.5
PLACE_TRIGGER_WEIGHT = 2.0
PLACE_LEAD_WEIGHT = 1.5
PLACE_BODY_WEIGHT = 0.5
PLACE_INNER_FACTOR = 0.5  # "Bastrop" inside "Bastrop Police Department" counts half
PLACE_PAIR_FACTOR = 2.0  # "Gary, Indiana": the city of a City, State pair counts double
PLACE_LABELS = {"GPE", "LOC"}
INNER_PLACE_LABELS = {"FAC", "ORG"}
#: Words that end the place part of an organisation or facility name ("Bastrop Police ...").
INSTITUTION_WORDS = {"Police", "Sheriff", "Sheriff's", "County", "Parish", "Fire", "Department", "Apartments",
                     "Apartment", "High", "Middle", "Elementary", "School", "Hospital", "Medical", "Mall",
                     "Township", "Metropolitan", "Coroner", "Coroner's", "Community", "District", "City",
                     "Courthouse", "Memorial", "Public", "Municipal", "State", "Jail", "Detention"}
_HOSPITAL_WORDS = {"Hospital", "Medical"}
DATELINE_SEARCH_CHARS = 600
#: Words of American local news (a sheriff, "Bastrop County", state troopers): with one of them,
#: a place name's American namesake beats a more populous one abroad (Naples, Florida rather
#: than Naples, Italy), as if the country had been named once in the body.
_US_CUES = re.compile(r"\b(?:[A-Z][a-z]+ (?:County|Parish)|[Ss]heriff|[Dd]eputies|[Tt]roopers?|[Dd]istrict [Aa]ttorney|"
                      r"Police Department|911)\b")
PLACE_US_CUE_WEIGHT = PLACE_BODY_WEIGHT
#: A local outlet reports local incidents: the state its domain names ("miami.cbslocal.com",
#: "foxsanantonio.com") counts like one mention of the state. It decides between namesakes
#: (Greenacres, Florida, not California, from miami.cbslocal.com), is the last resort, and, as a
#: named state does, takes a small town of a state the article never names to itself
#: ("Madisonville" from cincinnati.com: the Cincinnati neighbourhood, not the Kentucky town).
OUTLET_STATE_WEIGHT = 1.0
#: A city the site name after the headline names ("WMC Action News 5 - Memphis, Tennessee"): the
#: station's city, where a local story happened when the article names no town and no county.
SITE_CITY_WEIGHT = 0.1
#: "the Englewood neighborhood", "the Creekwood community": a part of the town, not the town.
PLACE_PART_FACTOR = 0.25
_PART_AFTER = re.compile(r"^\s*(?:neighbou?rhoods?|section|community|subdivision|area of|district of|"
                         r"side of|part of|suburb)\b", re.I)
#: "Santa Cruz deputies", "a Sumter sheriff's deputy": a sheriff serves a county, so the name
#: before one is the county's, though a town bears it too.
_SHERIFF_AFTER = re.compile(r"^(?:'s)?\s+(?:[Ss]heriff|[Dd]eput(?:y|ies)\b)")
#: "John Smith, 20, of Indianapolis", "taken to a hospital in Louisville": where people live or
#: were treated, not where the incident was.
_ASIDE_BEFORE = re.compile(r"(?:(?:\b[A-Z][a-z'’-]+|\d{1,3}),\s+of|\b(?:[Hh]ospitals?|[Mm]edical [Cc]enter)\s+in|"
                           r"\b(?:transported|taken|flown|airlifted|rushed|sent)\s+to)\s+(?:the\s+)?$")
#: "Trent Road", "West Addison Street": street names are no towns.
_STREET = re.compile(r"\b(?:Road|Rd|Street|St|Avenue|Ave|Drive|Dr|Lane|Ln|Boulevard|Blvd|Way|Court|Ct|Highway|Hwy|"
                     r"Parkway|Pkwy|Trail|Place|Pl|Circle|Terrace|Pike|Route|Interstate|Side)\.?$")
#: "the 1900 block of Dover", "the corner of Ridge and Stanton streets": a name in an address is
#: a street, though the street word is missing or shared ("Brooklyn streets" and "an Albany
#: street" are the streets of a town).
_STREET_BEFORE = re.compile(r"\b(?:block|corner|intersection)\s+of\s+(?:the\s+)?$", re.I)
_STREET_WORD = r"(?:street|avenue|road|drive|boulevard|lane)"
#: "South Mason Road" where NER tagged "South Mason" alone ("St" and "Dr" are also Saint and Doctor)
_STREET_NEXT = re.compile(r"^\s+(?:Road|Rd|Street|Avenue|Ave|Drive|Lane|Ln|Boulevard|Blvd|Parkway|Pkwy|Highway|"
                          r"Hwy|Pike|Trail)\b")
_FIRST_OF_TWO_STREETS = re.compile(rf"^\s+and\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?\s+{_STREET_WORD}s\b")
_SECOND_OF_TWO_STREETS = (re.compile(r"\b[A-Z][\w.'’-]*\s+and\s+$"), re.compile(rf"^\s+{_STREET_WORD}s\b"))

#: Names the article gives a street: "Stanton St.", "Ridge and Stanton streets".
_STREET_NAMES = re.compile(
    r"\b(?P<a>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)?)(?: and (?P<b>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)?))?"
    r" (?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Lane|Ln|streets|avenues|roads)\b")
#: Words before a bare street name ("speeding off down Stanton", "walking along Ridge").
_ALONG_BEFORE = re.compile(r"\b(?:down|up|along|onto|on|off|at|across|crossing|near)\s+$")


def _street_names(text: str) -> set[str]:
    """The names ``text`` gives streets (see :data:`_STREET_NAMES`).

    >>> sorted(_street_names("on Pitt St. near Stanton St., at Ridge and Delancey streets"))
    ['Delancey', 'Pitt', 'Ridge', 'Stanton']
    """
    return {n for m in _STREET_NAMES.finditer(text) for n in m.group("a", "b") if n}


def _on_street(text: str, start: int, end: int, streets: set[str]) -> bool:
    """Whether the bare name at ``text[start:end]`` is one of the article's ``streets`` (where a
    word of movement along a street comes before it: "speeding off down Stanton", Stanton St. of
    the Lower East Side, no town of California)."""
    return text[start:end] in streets and bool(_ALONG_BEFORE.search(text[max(0, start - 12):start]))


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is a street of an address (see :data:`_STREET_BEFORE`)."""
    before, after = text[max(0, start - 40):start], text[end:end + 60]
    return bool(_STREET_BEFORE.search(before) or _STREET_NEXT.match(after) or _FIRST_OF_TWO_STREETS.match(after)
                or (_SECOND_OF_TWO_STREETS[0].search(before) and _SECOND_OF_TWO_STREETS[1].match(after)))


CASUALTY_LEAD_SENTENCES = 5

# "Teen shot ... - WBTV Charlotte", "... murder-su - WTOC-TV: Savannah" (the site may hold hyphens)
_HEADLINE_SITE = re.compile(r"\s+(?:[-|–—]|::)\s+(?:(?!\s[-|–—]\s).)*$")
#: A dateline: "BASTROP, Texas —", "FORT WAYNE, Ind. (WANE)" (the dash may be missing after the
#: agency), "NEW YORK (AP) —", a town's name in capitals alone before a dash ("MONROE —",
#: "LaGRANGE —", "STOCKTON-"), as local papers write them, and "Montclair, N.J. (PIX11) -" (in
#: lower case only with the agency).
_DATELINE = re.compile(
    r"^\W{0,3}(?P<city>[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3})\s*,\s*"
    r"(?P<state>[A-Z][A-Za-z.]+(?:\s+[A-Z][a-z.]+)?)?\s*(?:,[^—–\n]{0,25})?\s*"
    r"(?:\([^)]{1,30}\)\s*(?:--|—|–|-)?|(?:--|—|–|-))"
    r"|^\W{0,3}(?P<city2>[A-Z][A-Z.'\-]{2,}(?:\s+[A-Z][A-Z.'\-]+){0,3})\s*\([^)]{1,30}\)\s*(?:--|—|–|-)"
    r"|^\W{0,3}(?P<city3>[A-Z][a-z]?[A-Z][A-Z.'\-]+(?:\s+[A-Z][a-z]?[A-Z][A-Z.'\-]*){0,3})"
    r"[ \t]*(?:--|—|–|-)(?:\s|$)"
    r"|^\W{0,3}(?P<city4>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3}),[ \t]*(?P<state4>[A-Z][A-Za-z.]+(?:[ \t][A-Z][a-z.]+)?)"
    r"[ \t]*\([^)]{1,30}\)")
#: Capitals before a dash that head a paragraph but name no place.
_NOT_DATELINES = {"UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "WATCH", "VIDEO", "PHOTOS", "EXCLUSIVE", "ALERT",
                  "LIVE", "DEVELOPING", "CORRECTION", "NEW", "NOTE", "EDITOR'S NOTE", "WARNING", "AUDIO", "PHOTO"}
_PLACE_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|near|outside|at)\s+(?:(?:north|south|east|west|central)(?:ern|[- ]?(?:east|west)(?:ern)?)?\s+)?"
    r"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b")
#: "Sacramento police continued...", "Valdosta Police were called": the force of a town is that
#: town's, though the small model often tags neither the town nor the force.
_BEFORE_POLICE = re.compile(r"(?P<place>(?:(?:St|Ft|Mt)\. |[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)\s+[Pp]olice\b")
#: Words before "police" that name a kind of force, not a town ("Metro police", "Capitol police").
_FORCE_WORDS = {"Metro", "Metropolitan", "State", "City", "County", "Capitol", "Campus", "University", "College",
                "Transit", "Tribal", "Military", "Park", "Border", "Harbor", "Airport", "Port", "School", "Village",
                "Town", "Township", "Local", "Federal", "National", "Secret", "Royal", "Railroad", "Housing"}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Sentences that count over a period or an area ("eight children have been shot in the past 17
#: months", "more than 3,290 people have been injured this year") give statistics, not casualties.
_AGGREGATE = re.compile(
    r"\b(?:this year|last year|so far|to date|year to date|each year|every year|per year|a year|annually|"
    r"in (?:the )?(?:past|last) (?:\w+ )?(?:days|weeks|months|years|decades?)|since (?:January|the start|the beginning)|"
    r"(?:city|state|nation|county)wide|across the (?:city|state|country|nation)|"
    r"(?:\d+|\w+) separate (?:shootings|incidents|attacks|slayings|killings|homicides|murders)|"
    r"separate (?:shooting )?incidents|(?:first|second|third|latest) of (?:the )?(?:\d+|\w+) |"
    r"over an? [\w-]+ (?:stretch|period|span))\b", re.I)


#: Words of a sentence that may count the injured wherever it stands in the article.
_INJURY_WORDS = re.compile(r"\b(?:injur(?:ed|ies|y)|wounded|hospitali[sz]ed|hospital)\b", re.I)


# --------------------------------------------------------------------------- helpers
def _clean_headline(headline: str | None) -> str:
    """The headline without a trailing " - Site name" / " | Outlet"."""
    if not headline:
        return ""
    h = headline.strip()
    while True:
        shorter = _HEADLINE_SITE.sub("", h)
        if shorter == h or len(shorter) < 15:
            return h
        h = shorter


def _sentences(doc, end: int) -> list:
    """Sentences of ``doc`` that start before ``end`` (boilerplate excluded)."""
    return [s for s in doc.sents if s.start_char < end and s.text.strip()]


def may_report_incident(doc, end: int, headline: str) -> bool:
    """Whether a trigger of any type is in the headline or the lead: :func:`classify` finds no
    type otherwise. Most articles of a general news stream are decided here, after a handful of
    sentences, instead of after every type's triggers over the whole text."""
    if _ANY_TRIGGER.search(headline):
        return True
    lead = 0
    for s in doc.sents:  # lazily: the same sentences as _sentences, in order
        if s.start_char >= end or lead >= LEAD_SENTENCES:
            return False
        if not s.text.strip():
            continue
        if _ANY_TRIGGER.search(s.text[: max(0, end - s.start_char)]):
            return True
        lead += 1
    return False


def _triggers(text: str, type_: str) -> list[re.Match]:
    return list(_TRIGGERS[type_].finditer(text))


def _type_score(type_: str, headline: str, sentences: list[str]) -> tuple[float, bool, str | None]:
    """(weighted trigger count, seen in headline or lead, heaviest trigger text) of one type."""
    hits = [(HEADLINE_WEIGHT, m) for m in _triggers(headline, type_)[:MAX_TRIGGER_HITS_PER_SENTENCE]]
    for i, s in enumerate(sentences):
        w = LEAD_WEIGHT if i < LEAD_SENTENCES else BODY_WEIGHT
        hits += [(w, m) for m in _triggers(s, type_)[:MAX_TRIGGER_HITS_PER_SENTENCE]]
    if not hits:
        return 0.0, False, None
    top = max(hits, key=lambda h: h[0])
    return sum(w for w, _ in hits), top[0] >= LEAD_WEIGHT, top[1].group()


def classify(headline: str, sentences: list[str]) -> tuple[str | None, str | None]:
    """(incident type, trigger text) of the heaviest qualifying type, or (None, None).

    A type qualifies with at least :data:`MIN_TYPE_SCORE` (twice that for :data:`WEAK_TYPES`)
    and a trigger in the headline or lead. :data:`FALLBACK_TYPES` only win when no other type
    qualifies; ties go to the type listed first in :data:`INCIDENT_TYPES`.
    """
    best: dict[bool, tuple[float, str, str]] = {}
    for type_ in INCIDENT_TYPES:
        score, prominent, trigger = _type_score(type_, headline, sentences)
        needed = MIN_TYPE_SCORE * (2 if type_ in WEAK_TYPES else 1)
        if not prominent or score < needed:
            continue
        fallback = type_ in FALLBACK_TYPES
        if fallback not in best or score > best[fallback][0]:
            best[fallback] = (score, type_, trigger)
    choice = best.get(False) or best.get(True)
    return (choice[1], choice[2]) if choice else (None, None)


#: A day that says when something was said or done about the incident ("police said Thursday",
#: "was charged Thursday", "Officials Wednesday identified", "pleaded guilty Monday", "in court
#: Friday"), not when it happened. The court's words: gva_pool article-level date +22 -1.
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|confirmed|identified|charged|arrested|released|reported|added|stated|"
    r"testified|ruled|booked|arraigned|continued|officials|police|authorities|investigators|prosecutors|"
    r"sentenced|indicted|convicted|acquitted|guilty|contest|agreements?|court|hearing)"
    r"\s+(?:on\s+|late\s+|early\s+)?$", re.I)


#: A dateline's date ("NEW HAVEN, Conn., Oct. 27 (UPI) --"): the day of filing.
_DATELINE_BEFORE = re.compile(r"^\W{0,3}[A-Z][A-Z.'\- ]+,[^\n]{0,30}$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]{1,30}\)\s*)?(?:--|—|–|-)\s")


def _reported_on(text: str, pos: int, end: int | None = None) -> float:
    """:data:`DATE_REPORTED_PENALTY` when the date at ``text[pos:end]`` follows a reporting or
    procedural word or is a dateline's, else 0."""
    if _REPORTED_BEFORE.search(text[max(0, pos - 40):pos]):
        return DATE_REPORTED_PENALTY
    if end is not None and _is_dateline(text, pos, end):
        return DATE_REPORTED_PENALTY
    return 0.0


def _is_dateline(text: str, start: int, end: int) -> bool:
    """Is the date at ``text[start:end]`` a dateline's ("NEW HAVEN, Conn., Oct. 27 (UPI) --",
    "HENRY COUNTY, Ind. (Aug. 28, 2015) –"), on its own line?"""
    return bool(_DATELINE_BEFORE.match(text[:start].rsplit("\n", 1)[-1].replace("(", ""))
                and _DATELINE_AFTER.match(text[end:end + 40].lstrip(")")))


#: Quotation marks: straight, curly, and typewriter pairs (``like this'').
_QUOTES = re.compile(r'["\u201c\u201d]|\x27\x27|``')


def _quoted(text: str, pos: int) -> bool:
    """Is ``text[pos]`` inside a quotation? Quotation marks are paired within the paragraph,
    because a quotation often closes in the sentence after the one it opens in."""
    paragraph = text.rfind("\n", 0, pos) + 1
    return len(_QUOTES.findall(text, paragraph, pos)) % 2 == 1


def pick_date(headline: str, sentences: list[str], starts: list[int], trigger_idx: set[int],
              published: dt.date | None, story: str = "") -> DateMention | None:
    """The best-supported day-precise date expression (see module docstring). ``story``, the
    text the sentences' offsets point into, tells quoted days (:data:`DATE_QUOTED_PENALTY`)."""
    scored: list[tuple[float, int, DateMention]] = []
    for m in find_dates(headline, published):
        scored.append((DATE_HEADLINE_SCORE - _reported_on(headline, m.start, m.end), -1, m))
    for i, (s, start) in enumerate(zip(sentences, starts)):
        base = (DATE_TRIGGER_SCORE if i in trigger_idx else 0.0) + (DATE_LEAD_SCORE if i < LEAD_SENTENCES else 0.0)
        for m in find_dates(s, published, offset=start):
            scored.append((base - _reported_on(s, m.start - start, m.end - start)
                           - (DATE_QUOTED_PENALTY if story and _quoted(story, m.start) else 0.0), i, m))
    options = []
    for base, i, m in scored:
        score = base + (DATE_EXPLICIT_SCORE if m.explicit else 0.0)
        if published and (published - m.date).days > MAX_RECENT_DAYS:
            score -= DATE_OLD_PENALTY
        if published and m.date > published:
            continue
        options.append((score, i, m))
    if not options:
        return None
    # Reports move forward in time ("shot Saturday night ... died Monday ... charged Tuesday"):
    # among the well-supported days, the incident is the earliest.
    top = max(score for score, _, _ in options)
    near = [(m.date, i, m) for score, i, m in options if score >= top - DATE_EARLIEST_MARGIN]
    return min(near, key=lambda x: (x[0], x[1]))[2]


def _page_day(body: str, published: dt.date | None) -> dt.date | None:
    """The day the text was written: ``published``, or a later day the page itself gives near
    its top, in a dateline ("HENRY COUNTY, Ind. (Aug. 28, 2015) –") or after "Updated"
    (feeds often keep the first version's ``published_at`` for an updated text), at most
    :data:`PAGE_DAY_MAX_DAYS` later. Relative days ("Friday", "yesterday") are read from it."""
    if published is None:
        return None
    head = body[:PAGE_DAY_SEARCH_CHARS]
    days = [m.date for m in page_dates(head, published)]
    days += [m.date for m in find_dates(head, None) if m.explicit and _is_dateline(head, m.start, m.end)]
    later = [d for d in days if 0 < (d - published).days <= PAGE_DAY_MAX_DAYS]
    return max(later, default=published)


def _dateline_mentions(body: str, headline: str) -> tuple[list[Mention], int]:
    """City and state of a dateline ("BASTROP, Texas —") at the start of one of the first
    paragraphs (also right after a repeated headline), and where the dateline ends in ``body``
    (0 without one)."""
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*", body[:DATELINE_SEARCH_CHARS])]
    if headline and body.startswith(headline):
        starts.append(len(headline))
    for start in sorted(set(starts)):
        chunk = body[start:start + 200]
        m = _DATELINE.match(chunk.lstrip())
        if not m:
            continue
        raw = m.group("city") or m.group("city2") or m.group("city3") or m.group("city4") or ""
        if raw.strip(" .-").upper() in _NOT_DATELINES:
            continue
        city = raw.title()
        out = [Mention(city, PLACE_DATELINE_WEIGHT)] if city else []
        state = m.group("state") or m.group("state4")
        if state:
            out.append(Mention(state, PLACE_DATELINE_WEIGHT))
        return out, start + len(chunk) - len(chunk.lstrip()) + m.end()
    return [], 0


_PLACE_SUFFIXES = ("County", "Parish")
#: Institution words that never end a place's own name ("Grove City" is a town, "Grove City
#: Police" an institution of it).
_INSTITUTIONS_NOT_NAMES = INSTITUTION_WORDS - {"City", "County", "Parish", "Township", "State", "Community",
                                               "District", "Metropolitan", "Memorial", "Public", "Municipal", "High"}


def _inner_places(ent) -> list[str]:
    """Place names inside an organisation or facility name: "Bastrop" in "Bastrop Police
    Department" and "the Arbors of Bastrop Apartments", "Harris County" in "Harris County
    Sheriff's Office". Only names followed by an institution word count."""
    words = [t.text for t in ent]
    out = []
    for k, w in enumerate(words):
        if w not in INSTITUTION_WORDS or k == 0:
            continue
        j = k
        while j > 0 and words[j - 1][:1].isupper() and words[j - 1].isalpha() and \
                words[j - 1] not in INSTITUTION_WORDS and k - j < 3:
            j -= 1
        if j < k:
            name = " ".join(words[j:k])
            if w in _PLACE_SUFFIXES or (k + 1 < len(words) and w == "City" and words[k + 1] in INSTITUTION_WORDS):
                name = f"{name} {w}"  # "Harris County Sheriff's Office", "Grove City Police"
            out.append(name)
        break
    return out


#: "shot in Woodburn", "killed near Denmark": in a sentence that reports the incident, a place
#: after "in", "near" or "outside" is its scene, and weighs :data:`SCENE_FACTOR` times as much as
#: the other places of the sentence ("Salem police", "a Brooklyn man").
_SCENE_BEFORE = re.compile(r"\b(?:in|near|outside)\s+(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?$")
SCENE_FACTOR = 1.5


def _entity_mentions(ents, weight: float, person_words: set[str], scene: bool = False,
                     streets: set[str] | frozenset[str] = frozenset()) -> list[Mention]:
    """GPE/LOC entities at ``weight`` (not person names mis-tagged as places, nor the article's
    ``streets`` named bare, :func:`_on_street`; doubled when a state follows: "Gary, Indiana";
    more after "in" when ``scene``, a sentence reporting the incident: :data:`SCENE_FACTOR`);
    place names inside FAC/ORG names at a fraction of it."""
    out: list[Mention] = []
    ents = list(ents)
    text = doc_text(ents[0].doc) if ents else ""
    for k, e in enumerate(ents):
        if e.label_ in PLACE_LABELS:
            if all(t.text in person_words for t in e) or _STREET.search(e.text) or \
                    _in_address(text, e.start_char, e.end_char) or _on_street(text, e.start_char, e.end_char, streets):
                continue
            w = weight
            if _PART_AFTER.match(text[e.end_char:e.end_char + 30]) or \
                    _ASIDE_BEFORE.search(text[max(0, e.start_char - 40):e.start_char]):
                w *= PLACE_PART_FACTOR
            if scene and _SCENE_BEFORE.search(text[max(0, e.start_char - 30):e.start_char]):
                w *= SCENE_FACTOR
            nxt = ents[k + 1] if k + 1 < len(ents) else None
            if nxt is not None and nxt.label_ == "GPE" and text[e.end_char:nxt.start_char].strip() == ",":
                w *= PLACE_PAIR_FACTOR
            # "the Williams County Sheriff's Office" tagged as a place: the county is the place
            inner = _inner_places(e) if any(t.text in _INSTITUTIONS_NOT_NAMES for t in e) else []
            if not inner and _SHERIFF_AFTER.match(text[e.end_char:e.end_char + 20]) and \
                    gazetteer().county(e.text + " County"):
                inner = [e.text + " County"]  # "Santa Cruz deputies": the county's force
            out += [Mention(gazetteer().bare_county(name) or name, w) for name in inner or [e.text]]
        elif e.label_ in INNER_PLACE_LABELS:
            # "Floyd Medical Center": where victims were treated, like "a hospital in Rome"
            w = weight * PLACE_INNER_FACTOR * (PLACE_PART_FACTOR if _HOSPITAL_WORDS & {t.text for t in e} else 1.0)
            out += [Mention(name, w) for name in _inner_places(e)]
    return out


#: Words of a paper's or station's name ("Houston Chronicle", "the Joplin Globe").
_MEDIA_WORDS = {"Chronicle", "Times", "News", "Post", "Herald", "Tribune", "Journal", "Gazette", "Globe", "Star",
                "Courier", "Dispatch", "Register", "Observer", "Examiner", "Inquirer", "Sentinel", "Bulletin",
                "Photo", "Image", "Staff"}


def _is_person(ent) -> bool:
    """A PERSON entity that names no institution nor paper: the small model also tags "Lexington
    Police", "Miami Fire" and "Houston Chronicle" PERSON, and their town is no surname."""
    return ent.label_ == "PERSON" and not any(t.text in INSTITUTION_WORDS or t.text in _MEDIA_WORDS for t in ent)


def _preposition_places(sent, weight: float, surnames: frozenset[str] | set[str] = frozenset(),
                        streets: frozenset[str] | set[str] = frozenset()) -> list[Mention]:
    """Gazetteer places after "in/near/outside" that NER missed or mislabelled ("chlorine
    attack in northwestern Aleppo", where the small model says NORP); not a surname
    (:func:`_person_words`) nor a street of an address ("in the 300 block of Madrid") or of the
    article's ``streets`` (:func:`_on_street`)."""
    gaz = gazetteer()
    tagged = [(e.start_char, e.end_char) for e in span_ents(sent) if e.label_ in PLACE_LABELS]
    text = doc_text(sent.doc)
    out = []
    for m in _PLACE_AFTER_PREPOSITION.finditer(sent.text):
        s, e = sent.start_char + m.start("place"), sent.start_char + m.end("place")
        if any(s < te and ts < e for ts, te in tagged) or m.group("place") in surnames or \
                _in_address(text, s, e) or _on_street(text, s, e, streets):
            continue
        name = m.group("place")
        if gaz.city(name) or gaz.state(name) or gaz.country(name):
            out.append(Mention(name, weight))
    return out


def _police_places(sent, weight: float, surnames: frozenset[str] | set[str] = frozenset()) -> list[Mention]:
    """Towns whose police the sentence names ("Albuquerque police identified...", "Valdosta
    Police were called") where NER tagged neither the town nor the force, at
    :data:`PLACE_INNER_FACTOR` of ``weight``, as "Bastrop" of "Bastrop Police Department"
    counts. The longest town of up to three words before "police" ("Metro Nashville police" is
    Nashville); not a surname, nor a kind of force (:data:`_FORCE_WORDS`)."""
    matches = list(_BEFORE_POLICE.finditer(sent.text))
    if not matches:  # most sentences
        return []
    gaz = gazetteer()
    # places NER tagged, and forces it tagged whose town :func:`_inner_places` already counts
    tagged = [(e.start_char, e.end_char) for e in span_ents(sent) if e.label_ in PLACE_LABELS or
              (e.label_ in INNER_PLACE_LABELS and any(t.text in INSTITUTION_WORDS for t in e))]
    out = []
    for m in matches:
        words = m.group("place").split(" ")
        for k in range(len(words)):
            name = " ".join(words[k:])
            if name in surnames or name in _FORCE_WORDS or not any(not c.postal_only for c in gaz.city(name)):
                continue
            s = sent.start_char + m.end("place") - len(name)
            if not any(s < te and ts < s + len(name) for ts, te in tagged):
                out.append(Mention(name, weight * PLACE_INNER_FACTOR))
            break
    return out


def _headline_words(headline_doc, body: str) -> list[Mention]:
    """Capitalised headline words that name a place although NER missed them (title case
    confuses it): kept when the body never uses the word in lower case."""
    gaz = gazetteer()
    runs: list[list[str]] = [[]]  # consecutive candidate words: "Poplar Bluff" is one town
    for t in headline_doc:
        w = t.text
        if w in ("St.", "Ft.", "Mt.") and not runs[-1]:  # "St. Paul"
            runs[-1].append(w)
        elif not (w[:1].isupper() and w.isalpha()) or t.ent_type_ in PLACE_LABELS or t.is_stop:
            runs.append([])
        else:
            runs[-1].append(w)
    out = []
    for run in runs:
        i = 0
        while i < len(run):
            for n in range(min(3, len(run) - i), 0, -1):  # the longest name first
                name = " ".join(run[i:i + n])
                if not re.search(rf"\b{re.escape(name.lower())}\b", body) and \
                        (any(not c.postal_only for c in gaz.city(name)) or gaz.state(name)):
                    out.append(Mention(name, PLACE_HEADLINE_WEIGHT * PLACE_INNER_FACTOR))
                    break
            else:
                n = 1
            i += n
    return out


def _headline_doc(headline: str):
    """The headline tokenised and run through NER alone: places read only its entities and
    words, and the model's NER has its own token vectors. The whole pipeline took 4.0 ms a
    headline, this 1.6 ms; on the 11,182 headlines of the news, GVC, gva_pool and ECB+ sets the
    entities differ on 26 (the parser's sentence breaks bound entities: "ANALYSIS: Administration")
    and the places picked on none."""
    from streams.nlp.pipeline import load_nlp

    if not headline:
        return None
    nlp = load_nlp()
    return nlp.get_pipe("ner")(nlp.make_doc(headline))


def _person_words(sents: list) -> set[str]:
    """Words of the PERSON names of more than one word in ``sents``: a surname is no town ("Davis"
    of "Sidney Davis", so that "at Davis' home" is none), a person no casualty count. A name
    tagged PERSON alone is left out: the small model tags towns so ("Charenton", "in Moretown",
    "an 18-year-old Montclair girl"), and a surname alone is in a full name too.
    gva_pool article level: city +26 -4, state +1 -5, injured -2 (against leaving out only a name
    before a noun of its townsfolk: "man", "girl", "residents"...)."""
    return {t.text for s in sents for e in span_ents(s) if _is_person(e) and len(e) > 1 for t in e}


def pick_location(body: str, headline: str, sents: list, trigger_idx: set[int],
                  person_words: set[str] | None = None, source: str | None = None,
                  site: str | None = None) -> tuple[dict | None, str | None]:
    """(location dict, name of the heaviest mention) from all weighted place mentions; a state
    the outlet names, in its domain (``source``, :meth:`Gazetteer.outlet_states`) or in the site
    name after the headline (``site``, :meth:`Gazetteer.site_states`), is one more mention of
    that state (:data:`OUTLET_STATE_WEIGHT`; once, when both name it)."""
    person_words = _person_words(sents) if person_words is None else person_words
    mentions, dateline_end = _dateline_mentions(body, headline)
    hdoc = _headline_doc(headline)
    if hdoc is not None:
        heads = _entity_mentions(doc_ents(hdoc), PLACE_HEADLINE_WEIGHT, person_words) + _headline_words(hdoc, body)
        # a bureau's dateline ("INDIANAPOLIS (AP) —") above a town's headline ("Kokomo bar")
        towns = {normalise(m.text) for m in heads if gazetteer().city(m.text)}
        if mentions and towns and normalise(mentions[0].text) not in towns:
            mentions[0] = Mention(mentions[0].text, mentions[0].weight * PLACE_OTHER_DATELINE_FACTOR)
        mentions += heads
    streets = _street_names(body)
    for i, s in enumerate(sents):
        w = (PLACE_TRIGGER_WEIGHT if i in trigger_idx else 0.0) + \
            (PLACE_LEAD_WEIGHT if i < LEAD_SENTENCES else PLACE_BODY_WEIGHT)
        # the dateline's names are counted once, as the dateline
        mentions += _entity_mentions([e for e in span_ents(s) if e.start_char >= dateline_end], w, person_words,
                                     scene=i in trigger_idx, streets=streets)
        mentions += _preposition_places(s, w, person_words, streets) + _police_places(s, w, person_words)
    if _US_CUES.search(body):
        mentions.append(Mention(US, PLACE_US_CUE_WEIGHT))
    gaz = gazetteer()
    outlet = gaz.outlet_states(source)
    site_states, site_cities = gaz.site_places(site)
    for code, share in site_states.items():
        outlet[code] = max(share, outlet.get(code, 0.0))
    mentions += [Mention(gaz.state_names[code], OUTLET_STATE_WEIGHT * share) for code, share in outlet.items()]
    loc = resolve_location(mentions)
    loc = _outlet_host(loc, mentions, outlet, gaz) or loc
    if site_cities and not (loc or {}).get("city"):  # no town, no county: the station's city
        loc = resolve_location(mentions + [Mention(name, SITE_CITY_WEIGHT) for name in site_cities]) or loc
    elif site_cities:  # a county that holds the station's city: that city
        loc = _station_in_county(loc, site_cities, gaz) or loc
    return loc, (loc or {}).get("name")


def _station_in_county(loc: dict, site_cities: list[str], gaz) -> dict | None:
    """The station's city when the place is a county (only) that holds it: "Pima County" in a
    story of "KVOA.com | Tucson, Arizona" is Tucson. A county alone is never mapped to a town
    (its seat, its largest) without such evidence. gva_pool, article level: city +13 -0."""
    county = normalise(loc.get("city") or "")
    if not _county_key(county):
        return None
    for name in site_cities:
        for c in gaz.city(name):
            if c.country_code == "US" and gaz.state_names.get(c.admin1) == loc.get("state") \
                    and gaz.county_of(c) == county:
                return {**loc, "city": gaz.postal_city(c)}
    return None


#: A city at least this big hosts neighbourhoods named like towns elsewhere (see :func:`_outlet_host`).
HOST_MIN_POPULATION = 100_000


def _outlet_host(loc: dict | None, mentions: list[Mention], outlet: dict[str, float], gaz) -> dict | None:
    """A big city of the outlet's state that the article names, when the place resolved lies in a
    state the article never names (nor a county only of that state): "Austin" in a Chicago paper
    that names Chicago is Chicago's Austin, not Austin, Texas. The article's name is kept as
    ``name``. gva_pool, article level: city +11 -0, state +10 -1."""
    if not loc or not loc.get("city") or loc.get("country") != "United States" or len(outlet) != 1:
        return None
    code = next(iter(outlet))
    home = gaz.state_names[code]
    if loc.get("state") == home:
        return None
    there = {k for k, name in gaz.state_names.items() if name == loc.get("state")}
    def names_there(m: Mention) -> bool:  # the state itself, or a county of it and not of the outlet's
        counties = {st for _, st in gaz.county(m.text) or ()}
        return gaz.state(m.text, abbreviations=True) in there or bool(counties & there and code not in counties)
    if any(names_there(m) for m in mentions):
        return None
    hosts: dict[City, float] = {}
    for m in mentions:
        for c in gaz.city(m.text):
            if c.country_code == "US" and c.admin1 == code and c.population >= HOST_MIN_POPULATION \
                    and normalise(m.text) != normalise(loc.get("name") or ""):
                hosts[c] = hosts.get(c, 0.0) + m.weight
    if not hosts:
        return None
    host = max(hosts, key=hosts.get)
    return {**loc, "city": host.name, "county": gaz.county_name(host), "state": home}


def _other_time(sentence: str, published: dt.date | None, incident: str | None) -> bool:
    """Does the sentence date itself to another day or year than the incident?"""
    year = incident[:4] if incident else (str(published.year) if published else None)
    if year and any(y != year for y in _YEAR.findall(sentence)):
        return True
    if incident:
        days = {m.date.isoformat() for m in find_dates(sentence, published) if m.explicit}
        return bool(days) and incident not in days
    return False


def _named_injured(sentences: list[str], person_words: set[str]) -> int:
    """How many people, named by the parser's PERSON entities, are said to be injured or in
    hospital ("Gomez remains in critical condition") and not said to have died."""
    dead: set[str] = set()
    hurt: dict[str, set[str]] = {}
    for s in sentences:
        d, h = named_casualties(s)
        dead |= {w for name in d for w in name.split()}
        for name in h:
            words = set(name.split())
            if words <= person_words:
                hurt[name.split()[-1]] = words
    return sum(1 for words in hurt.values() if not words & dead)


def pick_casualties(headline: str, sentences: list[str], trigger_idx: set[int],
                    published: dt.date | None, incident_date: str | None,
                    person_words: set[str] = frozenset()) -> tuple[int | None, int | None]:
    """Largest killed and injured counts stated about the main incident."""
    killed = injured = shot = None
    def about_the_incident(s: str) -> bool:  # not another day's event, not statistics
        return bool(s) and not _other_time(s, published, incident_date) and not _AGGREGATE.search(s)

    pool = [headline] + [s for i, s in enumerate(sentences) if i < CASUALTY_LEAD_SENTENCES or i in trigger_idx]
    used = []
    for s in pool:
        if not about_the_incident(s):
            continue
        used.append(s)
        k, j = casualties(s)
        killed, injured, shot = _more(killed, k), _more(injured, j), _more(shot, victims_shot(s))
        killed = _more(killed, killed_with_attacker(s))
    later = []  # the injured are often told of further down, without a trigger word
    for i, s in enumerate(sentences):
        if i >= CASUALTY_LEAD_SENTENCES and i not in trigger_idx and _INJURY_WORDS.search(s) and about_the_incident(s):
            later.append(s)
            injured = _more(injured, casualties(s)[1])
    injured = _more(injured, _named_injured(used + later, person_words) or None)
    if killed is None and any(states_a_death(s, headline=i == 0) for i, s in enumerate(pool) if s):
        killed = 1
    if killed is None and injured is None and any(referred_injured(s) for s in pool if s):
        injured = 1  # "the boy is in critical condition": nobody died, so he is the injured one
    if killed is not None and injured is None and any(alive_injured(s) for s in used + later):
        injured = 1  # "he remains in the hospital in stable condition": one alive beside the dead
    if shot is not None and shot > (killed or 0):  # "four people were shot, one fatally": 3 injured
        injured = _more(injured, shot - (killed or 0))
    return killed, injured


def _more(current: int | None, new: int | None) -> int | None:
    return new if new is not None and (current is None or new > current) else current


# --------------------------------------------------------------------------- entry point
def extract_facts(doc, published_at: str | None, headline: str | None = None,
                  content_end: int | None = None, source: str | None = None) -> dict | None:
    """Incident facts of an article, or None when it reports no incident.

    Returns ``{"type", "date", "location", "killed", "injured", "evidence"}``; ``date`` is
    ISO ``YYYY-MM-DD`` or None, ``location`` is ``{"name", "city", "county", "state", "country",
    "support"}`` (:func:`~streams.nlp.places.resolve_location`) or None, counts are ints or None
    (None = not stated). ``evidence`` holds the text the type, date and place came from.
    """
    text = doc_text(doc)
    end = len(text) if content_end is None else content_end
    story = text[:end]
    head = _clean_headline(headline)
    if not may_report_incident(doc, end, head):
        return None
    sents = _sentences(doc, end)
    texts = [s.text[: max(0, end - s.start_char)] for s in sents]
    type_, trigger = classify(head, texts)
    if type_ is None:
        return None
    trigger_idx = {i for i, t in enumerate(texts) if _TRIGGERS[type_].search(t)}
    published = _page_day(story, parse_published(published_at))

    date_m = pick_date(head, texts, [s.start_char for s in sents], trigger_idx, published, story)
    if date_m is not None:
        date, date_ev = date_m.date.isoformat(), date_m.text
    elif FALLBACK_TO_PUBLISHED and published is not None:
        date, date_ev = published.isoformat(), "published_at"
    else:
        date, date_ev = None, None

    person_words = _person_words(sents)
    site = headline.strip()[len(head):] if headline and headline.strip().startswith(head) else ""
    location, place_ev = pick_location(story, head, sents, trigger_idx, person_words, source, site)
    killed, injured = pick_casualties(head, texts, trigger_idx, published, date, person_words)
    return {"type": type_, "date": date, "location": location, "killed": killed, "injured": injured,
            "evidence": {"type": trigger, "date": date_ev, "location": place_ev}}
