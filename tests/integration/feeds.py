"""Synthetic wire feeds for reliability tests: deterministic, incident-rich, no shared data needed.

Each incident is told by several outlets on different days, with quotes; some reports are
republished copies with publisher boilerplate, as real feeds do.
"""
from __future__ import annotations

import datetime as dt
import json
import random

PLACES = [("Dayton", "Ohio"), ("Lubbock", "Texas"), ("Fresno", "California"), ("Tulsa", "Oklahoma"),
          ("Toledo", "Ohio"), ("Mobile", "Alabama"), ("Spokane", "Washington"), ("Boise", "Idaho"),
          ("Reno", "Nevada"), ("Macon", "Georgia"), ("Peoria", "Illinois"), ("Savannah", "Georgia"),
          ("Akron", "Ohio"), ("Wichita", "Kansas"), ("Lincoln", "Nebraska"), ("Madison", "Wisconsin")]
OUTLETS = ["apnews.com", "reuters.com", "localnews.example", "channel7.example", "dailyherald.example"]
NAMES = ["Maria Alvarez", "Tom Reyes", "Dana Price", "Peter Otieno", "Helen Carter", "Joseph Mwangi"]
WORDS = ["two", "three", "four", "five", "six"]
KINDS = [
    ("fire", "Warehouse fire in {city} kills {k}",
     "{CITY}, {state} (AP) — A fire tore through a warehouse in {city} on {weekday} night, killing {kw} workers "
     "and injuring {iw} others, fire officials said.\n\n\"The building was fully involved when our first crews "
     "arrived,\" said {city} Fire Chief {name}.\n\nThe cause of the fire is under investigation, {last} said."),
    ("shooting", "{k} shot dead in {city}",
     "{CITY}, {state} (AP) — {kw_cap} people were shot and killed and {iw} were wounded in a shooting in {city} on "
     "{weekday} night, police said.\n\nPolice spokesman {name} said officers found the victims outside a bar. "
     "\"We are asking anyone with information to come forward,\" {last} said."),
]
BOILERPLATE = "\n\nCopyright {year} The Associated Press. All rights reserved."


def synthetic_feed(n: int, seed: int = 7) -> list[dict]:
    """``n`` articles in publication order; about a third republish or follow up an earlier one."""
    rnd = random.Random(seed)
    articles: list[dict] = []
    day0 = dt.date(2026, 1, 5)
    while len(articles) < n:
        i = len(articles)
        city, state = PLACES[(i // 3) % len(PLACES)]
        kind, headline, body = KINDS[(i // 3 // len(PLACES)) % len(KINDS)]
        when = day0 + dt.timedelta(days=(i // 3) * 5 % 300)
        k, inj = rnd.randint(2, 5), rnd.randint(2, 6)
        values = dict(city=city, CITY=city.upper(), state=state, k=k, kw=WORDS[k - 2], kw_cap=WORDS[k - 2].capitalize(),
                      iw=WORDS[min(inj, 6) - 2], weekday=when.strftime("%A"), name=rnd.choice(NAMES),
                      last=rnd.choice(NAMES).split()[-1])
        text = body.format(**values)
        published = (when + dt.timedelta(days=1)).isoformat() + "T09:00:00Z"
        base = {"headline": headline.format(**values), "body": text, "published_at": published, "language": "en"}
        articles.append({"id": f"syn-{i:05d}", "source": rnd.choice(OUTLETS), "url": None, **base})
        if len(articles) < n:  # a republished copy with boilerplate
            articles.append({"id": f"syn-{i + 1:05d}", "source": rnd.choice(OUTLETS), "url": None,
                             **base, "body": text + BOILERPLATE.format(year=when.year)})
        if len(articles) < n:  # a follow-up a day later, own words
            follow = (f"Officials in {city}, {state}, said on {(when + dt.timedelta(days=2)).strftime('%A')} that "
                      f"the {kind} had killed {k} people. {values['name']} said investigators were still at the scene.")
            articles.append({"id": f"syn-{i + 2:05d}", "source": rnd.choice(OUTLETS), "url": None,
                             "headline": f"{city} {kind}: investigation continues", "body": follow,
                             "published_at": (when + dt.timedelta(days=2)).isoformat() + "T12:00:00Z",
                             "language": "en"})
    return articles[:n]


def encode(articles: list[dict]) -> list[bytes]:
    return [json.dumps(a).encode("utf-8") for a in articles]
