"""Pure incident logic: ids, matching an article to incidents, merging it into one, events.

Nothing here talks to Redis, so every rule is unit-tested on plain dicts.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from streams.dedup.claims import digest as _digest
from streams.dedup.claims import dispute
from streams.dedup.claims import merge_claims
from streams.dedup.claims import norm as _norm
from streams.dedup.textsim import cosine

#: Bounds on what one incident accumulates (documented in the README "Limits").
MAX_SOURCES = 500
MAX_CLAIMS = 300
MAX_ENTITIES = 100


def incident_id_for(article_id: str) -> str:
    """The id an incident gets when ``article_id`` creates it: deterministic across redeliveries."""
    return "inc-" + _digest("incident", article_id)


def event_id(incident_id: str, version: int, cause: str) -> str:
    """Deterministic event id: the same article applied to the same incident version."""
    return "evt-" + _digest(incident_id, str(version), cause, n=20)


def event_day(facts: dict[str, Any], published_at: str | None) -> dt.date | None:
    """The incident's day: its own date, else the article's publication day."""
    for value in (facts.get("date"), published_at):
        if value:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


# ----------------------------------------------------------------------------- incident state
def _title(facts: dict[str, Any], headline: str | None) -> str:
    if headline:
        return headline
    loc = facts.get("location") or {}
    place = loc.get("city") or loc.get("name") or loc.get("state") or loc.get("country")
    title = facts["type"].replace("_", " ").capitalize()
    if place:
        title += f" in {place}"
    if facts.get("date"):
        title += f" on {facts['date']}"
    return title


def _max(a: int | None, b: int | None) -> int | None:
    values = [v for v in (a, b) if v is not None]
    return max(values) if values else None


def _source(enriched: dict[str, Any], duplicate_of: str | None) -> dict[str, Any]:
    facts = enriched.get("facts") or {}
    own = {k: facts.get(k) for k in ("date", "location", "killed", "injured")}
    if facts.get("date") and (facts.get("evidence") or {}).get("date") == "published_at":
        own["date_guessed"] = True  # the text names no day: the day it was published
    return {"article_id": enriched["id"], "source": enriched.get("source"), "url": enriched.get("url"),
            "headline": enriched.get("headline"), "published_at": enriched.get("published_at"),
            "duplicate_of": duplicate_of, "facts": own}


#: The vote of a report whose date is its publication day, the text naming none (GVC: half of
#: them are the incident's day, against 85% of the days a text names).
GUESSED_DATE_VOTE = 0.5


def consensus_date(sources: list[dict[str, Any]]) -> str | None:
    """The day most reports give, a day guessed from the publication time counting
    :data:`GUESSED_DATE_VOTE`; ties go to the earliest (reports follow the event)."""
    votes: dict[str, float] = {}
    for s in sources:
        facts = s.get("facts") or {}
        if facts.get("date"):
            votes[facts["date"]] = votes.get(facts["date"], 0.0) + (GUESSED_DATE_VOTE if facts.get("date_guessed") else 1.0)
    return min(votes, key=lambda d: (-votes[d], d)) if votes else None


def _most_reported(keys: list, support: list[float] | None = None) -> Any:
    """The most frequent of ``keys``; ties go to the best supported (``support``: one figure
    per key), then to the first."""
    votes = Counter(keys)
    backing: dict = {}
    for k, w in zip(keys, support or [0.0] * len(keys)):
        backing[k] = backing.get(k, 0.0) + (w or 0.0)
    return max(votes, key=lambda k: (votes[k], backing.get(k, 0.0), -keys.index(k)))


def consensus_location(sources: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Where most reports place the incident, level by level: the most reported state (or
    country), then the most reported city among the reports in it or giving no state; ties go
    to the reading the reports' place mentions support most (``location.support``), then to the
    first reported. A report giving only a county also votes for the towns of that county the
    other reports give (:func:`_county_votes_to_towns`). A city reported without its state takes
    the state chosen ("Montfort" beside "Madison, Wisconsin" is Montfort, Wisconsin)."""
    locations = [loc for loc in ((s.get("facts") or {}).get("location") for s in sources) if loc]
    if not locations:
        return None
    regions = [(_norm(loc.get("country")), _norm(loc.get("state"))) for loc in locations]
    given = [r for r in regions if r[1]] or [r for r in regions if r[0]]
    region = _most_reported(given, [loc.get("support") for loc, r in zip(locations, regions) if r in given]) \
        if given else None

    def in_region(r: tuple[str, str]) -> bool:  # the region's, or no state in the region's country
        return region is None or r == region or (bool(region[1]) and not r[1] and r[0] in ("", region[0]))

    with_city = [loc for loc, r in zip(locations, regions) if in_region(r) and loc.get("city")]
    if with_city:
        city = _most_reported(*_county_votes_to_towns(with_city))
        same = [loc for loc in with_city if _norm(loc["city"]) == city]
        place = next((loc for loc in same if loc.get("state")), same[0])
    else:
        place = next((loc for loc, r in zip(locations, regions) if r == region), locations[0])
    if region and region[1] and not place.get("state"):  # a city reported without its state
        named = locations[regions.index(region)]
        place = {**place, "state": named.get("state"), "country": named.get("country")}
    return place


def _county_votes_to_towns(locations: list[dict[str, Any]]) -> tuple[list[str], list[float | None]]:
    """(city keys, supports) to vote on: each report's city, and a report that gives only a
    county ("Harris County") votes as well for every town of that county another report gives
    ("Houston"): they agree, and the town is the more specific reading."""
    keys = [_norm(loc["city"]) for loc in locations]
    support = [loc.get("support") for loc in locations]
    areas = [(_norm(loc.get("county")), _norm(loc.get("state"))) for loc in locations]  # (county, state)
    towns: dict[tuple[str, str], list[str]] = {}  # the towns reported in each county
    for key, area in zip(keys, areas):
        if area[0] and key != area[0] and key not in towns.setdefault(area, []):
            towns[area].append(key)
    for i in range(len(locations)):
        if keys[i] == areas[i][0]:  # the report gives the county itself
            for town in towns.get(areas[i], ()):
                keys.append(town)
                support.append(support[i])
    return keys, support


def merge_article(state: dict[str, Any] | None, incident_id: str, enriched: dict[str, Any],
                  duplicate_of: str | None, now: str) -> dict[str, Any]:
    """Return the incident state after ``enriched`` is added (``state`` None: a new incident).

    Idempotent: an article already among the sources returns ``state`` unchanged. Counts take
    the maximum reported (tolls rise as reports come in); date and place are what most reports
    say (:func:`consensus_date`, :func:`consensus_location`).
    """
    if state and any(s["article_id"] == enriched["id"] for s in state["sources"]):
        return state
    facts = enriched.get("facts") or {}
    if state is None:
        state = {"incident_id": incident_id, "type": facts.get("type") or OTHER,
                 "title": _title(facts, enriched.get("headline")) if facts else enriched.get("headline"),
                 "date": facts.get("date"), "location": facts.get("location"),
                 "killed": None, "injured": None, "entities": [], "claims": [], "sources": [],
                 "first_seen": now, "updated_at": now, "version": 0}
    else:
        # never mutate the caller's copy: every field changed below is replaced, not updated in
        # place (merge_claims copies the claims it changes), so a shallow copy is enough
        state = {**state, "sources": list(state["sources"])}
    if len(state["sources"]) < MAX_SOURCES:
        state["sources"].append(_source(enriched, duplicate_of))
    else:
        state["sources_truncated"] = True  # README "Limits": the incident keeps its first MAX_SOURCES
    state["date"], state["location"] = consensus_date(state["sources"]), consensus_location(state["sources"])
    state["killed"] = _max(state["killed"], facts.get("killed"))
    state["injured"] = _max(state["injured"], facts.get("injured"))
    state["entities"] = _merge_entities(state["entities"], enriched.get("entities", []))
    state["claims"] = merge_claims(state["claims"], enriched.get("claims", []), enriched["id"], MAX_CLAIMS)
    state.update(dispute(state["claims"]))  # "disputed", "sides"
    state["updated_at"] = now
    state["version"] += 1
    return state


def _merge_entities(current: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter({(e["text"], e["label"]): e["count"] for e in current})
    counts.update((e["text"], e["label"]) for e in new)
    return [{"text": t, "label": lab, "count": c} for (t, lab), c in counts.most_common(MAX_ENTITIES)]


# ----------------------------------------------------------------------------- outputs
def article_incident(facts: dict[str, Any] | None, state: dict[str, Any] | None) -> dict[str, Any] | None:
    """The record's ``incident``: the incident's date and place (the reports' consensus so far),
    the article's own casualty counts, gaps filled from the incident."""
    if state is None:
        return None
    facts = facts or {}
    out = {"incident_id": state["incident_id"], "type": facts.get("type") or state["type"]}
    for key in ("date", "location"):  # what the incident's reports agree on so far
        out[key] = state.get(key) if state.get(key) is not None else facts.get(key)
    for key in ("killed", "injured"):  # the article's own count (tolls change), else the incident's
        out[key] = facts.get(key) if facts.get(key) is not None else state.get(key)
    return out


def record(enriched: dict[str, Any], state: dict[str, Any] | None, duplicate_of: str | None) -> dict[str, Any]:
    """The per-article record (contract, ``models.AnnotatedArticle``)."""
    return {"id": enriched["id"], "entities": enriched["entities"], "claims": enriched["claims"],
            "incident": article_incident(enriched.get("facts"), state), "duplicate_of": duplicate_of,
            "source": enriched.get("source"), "published_at": enriched.get("published_at"),
            "truncated": enriched.get("truncated", [])}


def incident_event(state: dict[str, Any], cause: str) -> dict[str, Any]:
    """The ``incidents.events`` value for ``state`` as changed by article ``cause``."""
    version = state["version"]
    return {"event_id": event_id(state["incident_id"], version, cause),
            "kind": "created" if version == 1 else "updated",
            "incident_id": state["incident_id"], "version": version, "incident": state, "cause": cause}


# ----------------------------------------------------------------------------- matching (v2)
# An article is matched against candidate incidents by a score over its facts and text; see
# README "Rules of v2". Each incident keeps a compact *profile* (what matching needs) apart from
# its full state, and is indexed under *features* (type family, place, salient names) scored by
# day, so candidates are found with a few sorted-set range queries.

#: The type of an incident outside the taxonomy (a rehab stay, an Oscar host, a product launch):
#: a story matched by its text and people alone. Every article with a text gets an incident.
OTHER = "other"
#: Types that may describe one incident: "homicide" is what a shooting or stabbing also is.
TYPE_FAMILY = {"shooting": "violence", "stabbing": "violence", "homicide": "violence",
               "bombing": "blast", "explosion": "blast", "airstrike": "blast"}
#: Days around the incident day a type-family candidate is searched (same type, same days).
TYPE_WINDOW_DAYS = 3
#: Days around it a place or a salient name is searched (follow-ups come weeks later).
LONG_WINDOW_DAYS = 45
MAX_NAMES = 8  # salient names indexed per article
MAX_TERM_FEATURES = 3  # heaviest terms indexed per article (stories without a shared name; 2: ECB+ 0.825, 3: 0.832)
MAX_PEOPLE = 3  # people (surnames) an article profile keeps
MAX_PROFILE_PEOPLE = 6
MAX_PROFILE_NAMES = 40
MAX_PROFILE_TERMS = 80
MAX_PROFILE_DAYS = 20
NAME_LABELS = {"PERSON": 1.0, "FAC": 0.8, "ORG": 0.4}
#: Organisation or facility names that say nothing about which incident ("Police Department").
GENERIC_NAME_WORDS = {"police", "department", "sheriff", "office", "hospital", "county", "news", "associated",
                      "press", "fbi", "university", "school", "court", "city", "state", "facebook", "twitter",
                      "ap", "cnn", "reuters", "medical", "center", "fire", "coroner"}

# Score weights (tuned on GVC and ECB+ train+dev, see README).
W_SAME_CITY = 1.5
W_SAME_STATE = 0.4
W_OTHER_CITY = -1.5
W_OTHER_STATE = -3.0
W_DATE = (1.2, 0.9, 0.5, 0.2)  # day difference 0, 1, 2, 3
W_DATE_FAR = -1.6  # beyond TYPE_WINDOW_DAYS (a follow-up needs names and text to match)
W_DATE_PER_DAY = 0.05  # and this much less per day beyond a week ...
W_DATE_FLOOR = -3.2  # ... down to this (39 days): weeks apart, a city's next incident is likelier
W_NAME = 1.2  # per shared salient name (weighted by label), up to W_NAME_CAP
W_NAME_CAP = 3.0
W_TEXT = 8.0  # times the cosine of the term vectors
W_CASUALTY_AGREE = 0.4
W_CASUALTY_CLASH = -0.6
W_TYPE_CLASH = -1.0  # same family, different type (shooting vs stabbing)
W_OTHER_CLASH = -1.0  # a typed report against a story outside the taxonomy (or the reverse)
#: Types of two families: reports of one event may type it apart (the riots after a police
#: shooting read as a protest, a hit-and-run as a homicide, a family "believed killed by house
#: fire" died of shotgun wounds), so only strong text, names and place overcome it.
W_FAMILY_CLASH = -3.0
#: A story outside the taxonomy joins an incident only with this much text in common, and within
#: this many days of it (when both are dated): a general news stream otherwise grows topics
#: ("Russia and the US", "China's economy") out of reports weeks apart.
MIN_STORY_COSINE = 0.35
STORY_WINDOW_DAYS = 3
W_PEOPLE_CLASH = -2.0  # each side's main person is absent from the other (two stays in rehab)
MATCH_THRESHOLD = 1.2


def _day_number(day: dt.date | None) -> int | None:
    return day.toordinal() if day else None


def salient_names(entities: list[dict[str, Any]], limit: int = MAX_NAMES) -> dict[str, float]:
    """The article's most mentioned specific names (people, places of business, organisations)
    → weight of their label; generic institution names are left out."""
    counts: Counter = Counter()
    weight: dict[str, float] = {}
    for e in entities or []:
        label_w = NAME_LABELS.get(e.get("label"))
        if not label_w:
            continue
        name = _norm(e.get("text"))
        name = name[4:] if name.startswith("the ") else name
        words = name.split()
        if not words or all(w in GENERIC_NAME_WORDS for w in words) or len(name) < 4:
            continue
        if e["label"] == "PERSON" and len(words) < 2:
            continue  # surnames alone are ambiguous across incidents
        counts[name] += 1
        weight[name] = label_w
    return {n: weight[n] for n, _ in counts.most_common(limit)}


def people(entities: list[dict[str, Any]], limit: int = MAX_PEOPLE) -> dict[str, int]:
    """The article's most mentioned people by surname ("Hugh Jackman", "Jackman's" → "jackman")
    → mentions: who a story is about, whatever form the name takes."""
    counts: Counter = Counter()
    for e in entities or []:
        if e.get("label") != "PERSON" or not e.get("text", "").split():
            continue
        surname = _norm(e["text"].split()[-1].removesuffix("'s").removesuffix("’s"))
        if len(surname) >= 3 and surname.isalpha():
            counts[surname] += 1
    return dict(counts.most_common(limit))


def article_profile(enriched: dict[str, Any]) -> dict[str, Any] | None:
    """What matching needs of an article (None when it has neither incident facts nor a text:
    an article outside the taxonomy is a story of type :data:`OTHER`)."""
    facts = enriched.get("facts")
    if not facts:
        if not enriched.get("terms"):
            return None
        facts = {"type": OTHER}
    loc = facts.get("location") or {}
    day = event_day(facts, enriched.get("published_at"))
    return {"type": facts.get("type"), "day": _day_number(day),
            # the place as the report names it ("North Lawndale"), not its postal city ("Chicago"):
            # two neighbourhoods of one city are two places to tell incidents apart
            "city": (_norm(loc.get("name") or loc.get("city")) if loc.get("city") else None),
            "state": _norm(loc.get("state")) or None,
            "country": _norm(loc.get("country")) or None,
            "names": salient_names(enriched.get("entities", [])),
            "people": people(enriched.get("entities", [])),
            "terms": enriched.get("terms") or {},
            "killed": facts.get("killed"), "injured": facts.get("injured")}


def merge_profile(profile: dict[str, Any] | None, article: dict[str, Any]) -> dict[str, Any]:
    """An incident's profile after ``article``'s profile joins it (bounded in size)."""
    if profile is None:
        return {**article, "days": [article["day"]] if article["day"] is not None else [], "n": 1}
    p = dict(profile)
    for k in ("city", "state", "country"):
        p[k] = p.get(k) or article.get(k)
    days = list(p.get("days", []))
    if article["day"] is not None and article["day"] not in days and len(days) < MAX_PROFILE_DAYS:
        days.append(article["day"])
    p["days"] = days
    names = dict(p.get("names", {}))
    for n, w in article["names"].items():
        if n in names or len(names) < MAX_PROFILE_NAMES:
            names[n] = w
    p["names"] = names
    counts = Counter(p.get("people", {}))
    counts.update(article.get("people", {}))
    p["people"] = dict(counts.most_common(MAX_PROFILE_PEOPLE))
    n = p.get("n", 1)
    terms = {w: v * n for w, v in p.get("terms", {}).items()}
    for w, v in article["terms"].items():
        terms[w] = terms.get(w, 0.0) + v
    top = sorted(terms.items(), key=lambda kv: -kv[1])[:MAX_PROFILE_TERMS]
    norm = sum(v * v for _, v in top) ** 0.5 or 1.0
    p["terms"] = {w: round(v / norm, 4) for w, v in top}
    p["n"] = n + 1
    p["killed"] = _max(p.get("killed"), article.get("killed"))
    p["injured"] = _max(p.get("injured"), article.get("injured"))
    return p


def features(article: dict[str, Any]) -> list[tuple[str, int]]:
    """Index features of an article profile with how many days around its day they are searched.

    ``t:`` type family (short window; not for :data:`OTHER` stories, which share nothing but
    being outside the taxonomy), ``c:`` city, ``n:`` salient name and ``w:`` heaviest terms (long
    window: follow-ups, and stories whose reports share no name).
    """
    out = [] if article["type"] == OTHER else [(f"t:{TYPE_FAMILY.get(article['type'], article['type'])}",
                                                TYPE_WINDOW_DAYS)]
    if article.get("city"):
        out.append((f"c:{article.get('state') or article.get('country') or ''}/{article['city']}", LONG_WINDOW_DAYS))
    out += [(f"n:{name}", LONG_WINDOW_DAYS) for name in article["names"]]
    terms = sorted((article.get("terms") or {}).items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERM_FEATURES]
    out += [(f"w:{term}", LONG_WINDOW_DAYS) for term, _ in terms]
    return out


#: Index keys of undated incidents carry this suffix (every entry scored 0), so that a dated report
#: still finds an incident first reported without any date, and the other way round.
UNDATED = "|undated"


def lookup_plan(article: dict[str, Any], type_window: int = TYPE_WINDOW_DAYS
                ) -> tuple[list[tuple[str, Any, Any]], list[tuple[str, int]]]:
    """Where to look for an article's candidate incidents, and where to register its incident.

    Returns ``(searches, entries)``: each search is ``(feature, min day, max day)`` (``"-inf"``,
    ``"+inf"`` for any), each entry ``(feature, score)``. A dated article searches each feature in
    its window (``type_window`` days for the type family) and, but for the type family, the
    undated twin of the feature; its incident is registered under the features, scored by day. An
    undated article searches any day of both and is registered under the undated twins; it skips
    the type family when it has another feature (undated, a type alone would match any report).
    """
    day = article.get("day")
    feats = [(f, type_window if f.startswith("t:") else w) for f, w in features(article)]
    if day is None:
        feats = [(f, w) for f, w in feats if not f.startswith("t:")] or feats
        searches = [(f + suffix, "-inf", "+inf") for f, _ in feats for suffix in ("", UNDATED)]
        return searches, [(f + UNDATED, 0) for f, _ in feats]
    searches = [(f, day - w, day + w) for f, w in feats]
    searches += [(f + UNDATED, "-inf", "+inf") for f, _ in feats if not f.startswith("t:")]
    return searches, [(f, day) for f, _ in feats]


def _place_score(a: dict[str, Any], p: dict[str, Any]) -> float:
    if a.get("country") and p.get("country") and a["country"] != p["country"]:
        return W_OTHER_STATE
    if a.get("state") and p.get("state") and a["state"] != p["state"]:
        return W_OTHER_STATE
    if a.get("city") and p.get("city"):
        return W_SAME_CITY if a["city"] == p["city"] else W_OTHER_CITY
    return W_SAME_STATE if a.get("state") and a.get("state") == p.get("state") else 0.0


def _day_gap(a: dict[str, Any], p: dict[str, Any]) -> int:
    """Days between the article's day and the incident's nearest day (0 when either is undated)."""
    if a.get("day") is None or not p.get("days"):
        return 0
    return min(abs(a["day"] - d) for d in p["days"])


def _date_score(a: dict[str, Any], p: dict[str, Any]) -> float:
    if a.get("day") is None or not p.get("days"):
        return 0.0
    gap = _day_gap(a, p)
    if gap < len(W_DATE):
        return W_DATE[gap]
    return max(W_DATE_FLOOR, W_DATE_FAR - W_DATE_PER_DAY * max(0, gap - 7))


def _casualty_score(a: dict[str, Any], p: dict[str, Any]) -> float:
    score = 0.0
    for k in ("killed", "injured"):
        x, y = a.get(k), p.get(k)
        if x and y:
            score += W_CASUALTY_AGREE if x == y else (W_CASUALTY_CLASH if abs(x - y) > max(1, 0.3 * max(x, y)) else 0.0)
    return score


def _people_score(a: dict[str, Any], p: dict[str, Any]) -> float:
    """:data:`W_PEOPLE_CLASH` when a story outside the taxonomy is involved and each side's main
    person is absent from the other's people (typed reports name victims, suspects and officials
    by turns, so there it says little)."""
    if OTHER not in (a.get("type"), p.get("type")):
        return 0.0
    pa, pp = a.get("people") or {}, p.get("people") or {}
    if not pa or not pp:
        return 0.0
    main_a, main_p = max(pa, key=lambda k: (pa[k], k)), max(pp, key=lambda k: (pp[k], k))
    return W_PEOPLE_CLASH if main_a not in pp and main_p not in pa else 0.0


def _type_score(ta: str | None, tp: str | None) -> float:
    """0 for one type (or homicide beside a violent type), a penalty for a near type, a story
    outside the taxonomy or, larger, a type of another family."""
    if ta == tp:
        return 0.0
    if OTHER in (ta, tp):
        return W_OTHER_CLASH
    if TYPE_FAMILY.get(ta, ta) != TYPE_FAMILY.get(tp, tp):
        return W_FAMILY_CLASH
    return 0.0 if "homicide" in (ta, tp) else W_TYPE_CLASH


def match_score(article: dict[str, Any], profile: dict[str, Any]) -> float | None:
    """How strongly ``article`` belongs to the incident of ``profile`` (None: a story whose text
    is not close enough, :data:`MIN_STORY_COSINE`, or too many days apart)."""
    score = _type_score(article.get("type"), profile.get("type"))
    text = cosine(article.get("terms"), profile.get("terms"))
    date = _date_score(article, profile)
    if OTHER in (article.get("type"), profile.get("type")):
        if text < MIN_STORY_COSINE or _day_gap(article, profile) > STORY_WINDOW_DAYS:
            return None
        date = min(0.0, date)  # many stories share a day: only a clash of days counts
    score += _place_score(article, profile) + date + _casualty_score(article, profile)
    shared = sum(w for n, w in article["names"].items() if n in profile.get("names", {}))
    score += min(W_NAME_CAP, W_NAME * shared) + _people_score(article, profile)
    return score + W_TEXT * text


def best_match(article: dict[str, Any], candidates: dict[str, dict[str, Any]],
               threshold: float = MATCH_THRESHOLD) -> tuple[str | None, float]:
    """(incident id, score) of the best-scoring candidate at or over ``threshold``, else (None, best)."""
    best_id, best = None, float("-inf")
    for iid in sorted(candidates):
        s = match_score(article, candidates[iid])
        if s is not None and s > best:
            best_id, best = iid, s
    return (best_id, best) if best_id is not None and best >= threshold else (None, best)
