"""``wiredesk eval incidents``: incident resolution and facts on labelled articles.

    wiredesk eval incidents ARTICLES.jsonl [--facts INCIDENTS.jsonl] [--distractors MORE.jsonl]
                            [--out RECORDS.jsonl]

Articles (and distractors) are streamed in stream order (``published_at``, then ``id``) through
the product's own code: :func:`streams.decode.decode_article` → :func:`streams.nlp.extract.enrich_each`
→ :meth:`streams.dedup.resolver.Resolver.resolve`, in a fresh Redis namespace (an embedded
redis-server when ``WIREDESK_REDIS_URL`` is unset, like ``wiredesk process``). The NLP stage and
the resolution stage are timed apart, so the figures say how fast Redis resolution alone is.

The system under test never sees ``gold_incident_id``: it is removed from each line before it
is decoded, and read only by the scoring functions here. Scores are computed as
``../shared/eval/score.py`` computes them (B-cubed and pairwise over the labelled articles of
``ARTICLES.jsonl`` only, distractors are streamed but not scored; fact accuracies against the
gold incident's facts), and a test checks that both agree on ``wiredesk process`` output.
"""
from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import re
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from streams.decode import normalised_date

GOLD_FIELD = "gold_incident_id"


# ----------------------------------------------------------------------------- scoring (pure)
def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(p: float, r: float) -> dict[str, float]:
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(_f1(p, r), 4)}


def bcubed(gold: dict[str, str], pred: dict[str, Any]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of ``pred`` (article → cluster) against ``gold``."""
    gc: dict[Any, set] = collections.defaultdict(set)
    pc: dict[Any, set] = collections.defaultdict(set)
    for i in gold:
        gc[gold[i]].add(i)
        pc[pred[i]].add(i)
    p = sum(len(gc[gold[i]] & pc[pred[i]]) / len(pc[pred[i]]) for i in gold) / len(gold)
    r = sum(len(gc[gold[i]] & pc[pred[i]]) / len(gc[gold[i]]) for i in gold) / len(gold)
    return _prf(p, r)


def pairwise(gold: dict[str, str], pred: dict[str, Any]) -> dict[str, float]:
    """Pairwise (link) precision, recall and F1, counted from cluster sizes."""
    def pairs(counter: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counter)

    both = pairs(collections.Counter((gold[i], pred[i]) for i in gold).values())
    in_pred = pairs(collections.Counter(pred[i] for i in gold).values())
    in_gold = pairs(collections.Counter(gold.values()).values())
    return _prf(both / in_pred if in_pred else 0.0, both / in_gold if in_gold else 0.0)


def predicted_clusters(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Article id → predicted incident; an article without an incident is a cluster of its own."""
    out = {}
    for r in records:
        iid = (r.get("incident") or {}).get("incident_id")
        out[r["id"]] = ("pred", iid) if iid else ("alone", r["id"])
    return out


def score_incidents(gold: dict[str, str], records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """B-cubed and pairwise P/R/F1 over the articles of ``gold`` (others in ``records`` ignored)."""
    pred_all = predicted_clusters(records)
    pred = {i: pred_all.get(i, ("missing", i)) for i in gold}
    return {"articles": len(gold), "gold_incidents": len(set(gold.values())),
            "pred_clusters": len(set(pred.values())), "bcubed": bcubed(gold, pred),
            "pairwise": pairwise(gold, pred),
            "with_incident": round(sum(p[0] == "pred" for p in pred.values()) / len(gold), 4) if gold else 0.0}


_STATES = {"AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
           "CO": "colorado", "CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia",
           "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana", "IA": "iowa", "KS": "kansas",
           "KY": "kentucky", "LA": "louisiana", "ME": "maine", "MD": "maryland", "MA": "massachusetts",
           "MI": "michigan", "MN": "minnesota", "MS": "mississippi", "MO": "missouri", "MT": "montana",
           "NE": "nebraska", "NV": "nevada", "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico",
           "NY": "new york", "NC": "north carolina", "ND": "north dakota", "OH": "ohio", "OK": "oklahoma",
           "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina",
           "SD": "south dakota", "TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont",
           "VA": "virginia", "WA": "washington", "WV": "west virginia", "WI": "wisconsin", "WY": "wyoming",
           "DC": "district of columbia"}


def norm_place(s: str | None) -> str:
    """City/county name as the reference scorer compares it ("St. Louis County" → "saint louis")."""
    s = (s or "").lower().strip()
    s = re.sub(r"\((county|city)\)", "", s)
    s = re.sub(r"\b(county|city|parish|township|borough)\b", "", s)
    s = re.sub(r"\bst\.?\s", "saint ", s)
    return " ".join(re.sub(r"[^a-z ]", " ", s).split())


def norm_state(s: str | None) -> str:
    s = (s or "").strip()
    return _STATES.get(s.upper(), s.lower())


def gold_date(s: str | None) -> str | None:
    for fmt in ("%B %d, %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime((s or "").strip(), fmt).date().isoformat()
        except ValueError:
            pass
    return None


def _as_int(x: Any) -> int:
    try:
        return int(x) if x is not None else 0
    except (TypeError, ValueError):
        return -1


def _city_hit(pred: str, gold: str) -> bool:
    return bool(pred) and (pred == gold or (len(pred) > 3 and (pred in gold or gold in pred)))


def score_facts(gold: dict[str, str], incidents: dict[str, dict[str, Any]],
                records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Fact accuracies against the gold incident's facts (same rules as ``score.py facts``)."""
    recs = {r["id"]: r for r in records}
    hits: collections.Counter = collections.Counter()
    base: collections.Counter = collections.Counter()
    for aid, gid in gold.items():
        g = incidents.get(gid)
        if not g:
            continue
        inc = (recs.get(aid) or {}).get("incident") or {}
        loc = inc.get("location") or {}
        for k in ("with_incident", "date", "city", "state"):
            base[k] += 1
        for k in ("killed", "injured"):
            base[k if _as_int(g.get(k)) > 0 else k + "_zero_ok"] += 1
        if not inc:
            for k in ("killed", "injured"):
                hits[k + "_zero_ok"] += _as_int(g.get(k)) == 0
            continue
        hits["with_incident"] += 1
        hits["date"] += (inc.get("date") or "")[:10] == gold_date(g.get("date"))
        hits["city"] += _city_hit(norm_place(loc.get("city") or loc.get("name")), norm_place(g.get("city_or_county")))
        hits["state"] += bool(loc.get("state")) and norm_state(loc.get("state")) == norm_state(g.get("state"))
        for k in ("killed", "injured"):
            if _as_int(g.get(k)) > 0:
                hits[k] += inc.get(k) is not None and _as_int(inc.get(k)) == _as_int(g.get(k))
            else:
                hits[k + "_zero_ok"] += _as_int(inc.get(k)) == 0
    keys = ("with_incident", "date", "city", "state", "killed", "injured", "killed_zero_ok", "injured_zero_ok")
    return {"articles": base["date"], **{k: round(hits[k] / base[k], 4) if base[k] else 0.0 for k in keys}}


# ----------------------------------------------------------------------------- streaming
def stream_order(lines: Iterable[bytes]) -> list[tuple[tuple[str, str], bytes, str | None]]:
    """``(order key, line without the gold label, gold label)`` sorted by (``published_at``, ``id``):
    the date as decoding keeps it (an RFC 2822 date as ISO 8601), else as sent.

    Lines that are not JSON objects go first (they are dead-lettered).
    """
    keyed = []
    for line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            keyed.append((("", ""), line, None))
            continue
        if not isinstance(obj, dict):
            keyed.append((("", ""), line, None))
            continue
        gold = obj.pop(GOLD_FIELD, None)
        sent = obj.get("published_at")
        key = (normalised_date(sent) or str(sent or ""), str(obj.get("id") or ""))
        keyed.append((key, json.dumps(obj, ensure_ascii=False).encode("utf-8"), gold))
    keyed.sort(key=lambda k: k[0])
    return keyed


def run(lines: list[bytes], resolver, settings, progress: bool = True) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Resolve ``lines`` in order; return the records and the seconds spent per stage."""
    from tqdm import tqdm

    from streams.clients import article_key
    from streams.decode import BadInput, decode_article
    from streams.nlp.extract import EnrichError, enrich_each

    records: list[dict[str, Any]] = []
    timing = {"nlp_s": 0.0, "resolve_s": 0.0}
    chunk_size = settings.batch_size * 4
    with tqdm(total=len(lines), unit="article", disable=not progress, desc="eval incidents") as bar:
        for i in range(0, len(lines), chunk_size):
            chunk = lines[i:i + chunk_size]
            decoded = []
            for line in chunk:
                try:
                    decoded.append(decode_article(line, settings.max_body_bytes))
                except BadInput as exc:
                    decoded.append(exc)
            t0 = time.perf_counter()
            enriched = iter(enrich_each([a for a in decoded if not isinstance(a, BadInput)], settings.batch_size))
            timing["nlp_s"] += time.perf_counter() - t0
            for line, item in zip(chunk, decoded):
                if isinstance(item, BadInput):  # dead-lettered on the stream: no incident
                    key = article_key(line)
                    records.append({"id": key.decode() if key else None, "incident": None,
                                    "error": {"stage": "decode", "reason": item.reason, "error": item.error}})
                    continue
                result = next(enriched)
                if isinstance(result, EnrichError):
                    records.append({"id": item["id"], "incident": None,
                                    "error": {"stage": "enrich", "reason": "nlp_failed", "error": str(result)}})
                    continue
                t0 = time.perf_counter()
                records.append(resolver.resolve(result)["record"])
                timing["resolve_s"] += time.perf_counter() - t0
            bar.update(len(chunk))
    return records, timing


def evaluate(articles: Path, facts: Path | None = None, distractors: Path | None = None,
             out: Path | None = None, progress: bool = True) -> dict[str, Any]:
    """Stream, resolve and score; return the figures (see module docstring)."""
    from streams.dedup.resolver import Resolver
    from streams.local import EmbeddedRedis
    from streams.settings import Settings

    settings = Settings.from_env()
    scored = stream_order(articles.read_bytes().splitlines())
    gold = {key[1]: label for key, _, label in scored if label}
    stream = scored + (stream_order(distractors.read_bytes().splitlines()) if distractors else [])
    stream.sort(key=lambda k: k[0])
    namespace = f"eval-{uuid.uuid4().hex[:12]}"
    with contextlib.ExitStack() as stack:
        url = settings.redis_url or stack.enter_context(EmbeddedRedis()).url
        resolver = Resolver.from_url(url, namespace=namespace, ttl_seconds=settings.state_ttl_seconds,
                                     redelivery_ttl_seconds=settings.redelivery_ttl,
                                     window_days=settings.incident_window_days)
        t0 = time.perf_counter()
        records, timing = run([line for _, line, _ in stream], resolver, settings, progress)
        total = time.perf_counter() - t0
        n_incidents = len(resolver.incidents())
    if out:
        with open(out, "w", encoding="utf-8") as f:
            for rec in records:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    result: dict[str, Any] = {"incidents": score_incidents(gold, records)}
    if facts:
        with open(facts, encoding="utf-8") as f:
            incs = {d["incident_id"]: d for d in map(json.loads, filter(str.strip, f))}
        result["facts"] = score_facts(gold, incs, records)
    n = len(records)
    result["speed"] = {"articles": n, "streamed_incidents": n_incidents, "seconds": round(total, 2),
                       "articles_per_s": round(n / total, 1) if total else None,
                       "nlp_s": round(timing["nlp_s"], 2), "resolve_s": round(timing["resolve_s"], 2),
                       "resolve_articles_per_s": round(n / timing["resolve_s"], 1) if timing["resolve_s"] else None}
    result["namespace"] = namespace
    return result


@click.command("incidents")
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--facts", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold incident facts (incidents.jsonl) to score date, place and casualties.")
@click.option("--distractors", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="More articles streamed in with ARTICLES but not scored.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the per-article records (the `wiredesk process` format, stream order).")
def incidents_command(articles: Path, facts: Path | None, distractors: Path | None, out: Path | None) -> None:
    """Stream ARTICLES.jsonl through resolution and print B-cubed/pairwise P/R/F1, facts, speed."""
    import sys

    result = evaluate(articles, facts, distractors, out, progress=sys.stderr.isatty())
    click.echo(json.dumps(result, indent=1))
