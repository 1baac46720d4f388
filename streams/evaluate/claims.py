"""``wiredesk eval claims SPLIT_DIR``: claim extraction scored on a PolNeAR split.

A PolNeAR split is a directory with ``text/NAME.txt`` (the article) and
``attributions/NAME_ANNOTATOR.ann`` (brat standoff). The command

1. turns the split into wire articles exactly as ``../shared/eval/polnear_to_jsonl.py`` does
   (:func:`polnear_articles`: id = file name, body = the text, so gold offsets stay valid);
2. runs the agents' own extraction (:func:`streams.nlp.pipeline.load_nlp`, ``nlp.pipe`` in
   batches, then :func:`streams.nlp.claims.extract_claims` with the boilerplate cut of
   :mod:`streams.nlp.boilerplate`), timing the parse and the claim extraction separately;
3. scores source, cue and content spans, exact and overlap, with the conventions of the
   reference scorer ``score.py claims`` (:func:`score_claims`): the first annotation file
   (sorted) of each article is gold; spans are trimmed of white space and punctuation at both
   ends; a discontinuous gold span runs from its first start to its last end; predictions are
   matched greedily one-to-one.

Unlike ``score.py``, :func:`read_brat_spans` skips the continuation lines of span texts that
hold a line break (a few train files), instead of failing on them; the annotation lines
themselves are read identically.
"""
from __future__ import annotations

import collections
import csv
import glob
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import click

ROLES = (("Source", "speaker", "source"), ("Cue", "cue", "cue"), ("Content", "content", "content"))
#: Characters trimmed at both ends of every span before comparison (as score.py).
TRIM = " \t\r\n\"'“”‘’«»,.;:!?()[]—–-"


# ----------------------------------------------------------------------------- the split
def polnear_articles(split_dir: str, metadata: str | None = None) -> list[dict[str, Any]]:
    """The split's articles as wire articles, sorted by name (``polnear_to_jsonl.py``'s output).

    ``metadata`` is PolNeAR's ``metadata.tsv``: headline, date and publisher when given.
    """
    info: dict[str, dict[str, str]] = {}
    if metadata:
        with open(metadata, encoding="utf-8") as f:
            info = {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}
    articles = []
    for path in sorted(glob.glob(os.path.join(split_dir, "text", "*.txt"))):
        name = os.path.basename(path)[:-4]
        m = info.get(name, {})
        with open(path, encoding="utf-8") as f:
            body = f.read()
        articles.append({"id": name, "headline": m.get("title"), "body": body,
                         "published_at": m.get("publication_date"), "source": m.get("publisher"),
                         "url": None, "language": "en"})
    if not articles:
        raise click.ClickException(f"{split_dir} holds no text/*.txt: not a PolNeAR split directory")
    return articles


def default_metadata(split_dir: str) -> str | None:
    """PolNeAR's ``metadata.tsv`` next to the split directory, if there."""
    path = os.path.join(os.path.dirname(os.path.abspath(split_dir.rstrip("/"))), "metadata.tsv")
    return path if os.path.exists(path) else None


# ----------------------------------------------------------------------------- spans
def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without white space and punctuation at both ends; None when empty."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return (start, end) if end > start else None


def read_brat_spans(lines: Iterable[str], text: str) -> dict[str, list[tuple[int, int]]]:
    """Trimmed Source/Cue/Content spans of a brat ``.ann`` file, by role.

    A line is an annotation when it starts with "T" and has three tab-separated fields; other
    lines (relations, and the continuation of a span text holding a line break) are skipped.
    """
    spans: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    for line in lines:
        if not line.startswith("T"):
            continue
        fields = line.rstrip("\n").split("\t", 2)
        if len(fields) < 3 or " " not in fields[1]:
            continue
        role, offsets = fields[1].split(" ", 1)
        if role not in ("Source", "Cue", "Content"):
            continue
        parts = [tuple(map(int, p.split())) for p in offsets.split(";")]
        span = trim(text, min(p[0] for p in parts), max(p[1] for p in parts))
        if span:
            spans[role].append(span)
    return spans


def gold_claims(split_dir: str) -> dict[str, tuple[str, dict[str, list[tuple[int, int]]]]]:
    """``{article id: (text, spans by role)}`` from the first annotation file of each article."""
    out = {}
    for path in sorted(glob.glob(os.path.join(split_dir, "text", "*.txt"))):
        name = os.path.basename(path)[:-4]
        anns = sorted(glob.glob(os.path.join(split_dir, "attributions", name + "_*.ann")))
        if not anns:
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(anns[0], encoding="utf-8") as f:
            out[name] = (text, read_brat_spans(f, text))
    return out


def pred_spans(record: dict[str, Any], text: str) -> dict[str, list[tuple[int, int]]]:
    """Trimmed speaker/cue/content spans of a record's claims, by PolNeAR role."""
    spans: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    for claim in record.get("claims") or []:
        for role, key, _ in ROLES:
            sp = claim.get(key)
            if sp and isinstance(sp.get("start"), int) and isinstance(sp.get("end"), int):
                t = trim(text, max(0, sp["start"]), min(len(text), sp["end"]))
                if t:
                    spans[role].append(t)
    return spans


def matches(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]], overlap: bool) -> int:
    """True positives of a greedy one-to-one matching (predictions in order, first free gold)."""
    used, tp = set(), 0
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and ((p[0] < g[1] and g[0] < p[1]) if overlap else p == g):
                used.add(j)
                tp += 1
                break
    return tp


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_claims(gold: dict[str, tuple[str, dict]], records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``score.py claims``'s figures for ``records`` (by article id) against ``gold``."""
    counts = {m: {role: collections.Counter() for role, _, _ in ROLES} for m in ("exact", "overlap")}
    missing = 0
    for name, (text, gspans) in gold.items():
        rec = records.get(name)
        if rec is None:
            missing += 1
            rec = {}
        pspans = pred_spans(rec, text)
        for mode, by_role in counts.items():
            for role, c in by_role.items():
                g, p = sorted(set(gspans.get(role, []))), sorted(set(pspans[role]))
                c["tp"] += matches(g, p, mode == "overlap")
                c["gold"] += len(g)
                c["pred"] += len(p)
    out: dict[str, Any] = {"articles": len(gold), "missing_records": missing}
    names = {role: name for role, _, name in ROLES}
    for mode, by_role in counts.items():
        out[mode] = {}
        for role, c in by_role.items():
            P = c["tp"] / c["pred"] if c["pred"] else 0.0
            R = c["tp"] / c["gold"] if c["gold"] else 0.0
            out[mode][names[role]] = {"p": round(P, 4), "r": round(R, 4), "f1": round(_f1(P, R), 4),
                                      "gold": c["gold"], "pred": c["pred"]}
    return out


# ----------------------------------------------------------------------------- extraction
@dataclass
class Timing:
    """Seconds spent in the spaCy parse (``nlp.pipe``) and in claim extraction, same texts."""

    articles: int = 0
    parse: float = 0.0
    claims: float = 0.0
    per_article: list[float] = field(default_factory=list, repr=False)

    @property
    def total(self) -> float:
        return self.parse + self.claims

    @property
    def overhead(self) -> float:
        """Claim extraction time as a share of the parse time (budget: 0.20)."""
        return self.claims / self.parse if self.parse else 0.0


def extract_records(articles: Sequence[dict[str, Any]], batch_size: int = 32,
                    progress: bool = True) -> tuple[list[dict[str, Any]], Timing]:
    """``{"id", "claims"}`` per article, by the agents' code path, with the time of each stage.

    The parse is timed as the wait for ``nlp.pipe``'s next document, the claims as the call to
    ``extract_claims`` on it (one process, same texts).
    """
    from tqdm import tqdm

    from streams.nlp.boilerplate import content_end
    from streams.nlp.claims import extract_claims
    from streams.nlp.extract import MAX_CLAIMS
    from streams.nlp.pipeline import load_nlp

    nlp = load_nlp()
    timing = Timing()
    records = []
    docs = iter(nlp.pipe((a["body"] for a in articles), batch_size=batch_size))
    bar = tqdm(articles, desc="claims", unit="article", disable=not progress, file=sys.stderr)
    for article in bar:
        t0 = time.perf_counter()
        doc = next(docs)
        t1 = time.perf_counter()
        claims = extract_claims(doc, content_end=content_end(article["body"]))[:MAX_CLAIMS]
        t2 = time.perf_counter()
        timing.parse += t1 - t0
        timing.claims += t2 - t1
        timing.per_article.append(t2 - t1)
        timing.articles += 1
        records.append({"id": article["id"], "claims": claims})
    return records, timing


# ----------------------------------------------------------------------------- report
def format_report(scores: dict[str, Any], timing: Timing | None = None) -> str:
    """The figures as a small table, then the speed line."""
    lines = [f"{scores['articles']} articles scored ({scores['missing_records']} without a record)",
             f"{'':8}{'':9}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
    for mode in ("exact", "overlap"):
        for _, _, name in ROLES:
            s = scores[mode][name]
            lines.append(f"{mode:8}{name:9}{s['p']:7.3f}{s['r']:7.3f}{s['f1']:7.3f}{s['gold']:7d}{s['pred']:7d}")
    if timing and timing.articles:
        lines.append(
            f"speed: {timing.articles / timing.total:.1f} articles/s; parse {timing.parse:.1f} s, "
            f"claims {timing.claims:.2f} s (+{100 * timing.overhead:.1f}% of the parse; budget 20%)")
    return "\n".join(lines)


@click.command("claims")
@click.argument("split_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False), default=None,
              help="PolNeAR metadata.tsv (default: the one next to SPLIT_DIR, if any).")
@click.option("--batch-size", default=32, show_default=True, help="Articles per nlp.pipe batch.")
@click.option("--limit", default=0, help="Only the first N articles (0: all).")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the {id, claims} records as JSON lines (score.py claims --pred).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def claims_command(split_dir: str, metadata: str | None, batch_size: int, limit: int, out: str | None,
                   as_json: bool, quiet: bool) -> None:
    """Score claim extraction on a PolNeAR split (SPLIT_DIR with text/ and attributions/).

    Prints P/R/F1 of source, cue and content spans, exact and overlap (the conventions of
    score.py claims), articles/s, and the claim extraction time against the parse time.
    """
    articles = polnear_articles(split_dir, metadata or default_metadata(split_dir))
    if limit:
        articles = articles[:limit]
    records, timing = extract_records(articles, batch_size, progress=not quiet)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            for rec in records:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    gold = gold_claims(split_dir)
    if limit:
        ids = {a["id"] for a in articles}
        gold = {k: v for k, v in gold.items() if k in ids}
    scores = score_claims(gold, {r["id"]: r for r in records})
    if as_json:
        scores["speed"] = {"articles": timing.articles, "articles_per_s": round(timing.articles / timing.total, 2)
                           if timing.total else None, "parse_s": round(timing.parse, 3),
                           "claims_s": round(timing.claims, 3), "claims_over_parse": round(timing.overhead, 4)}
        click.echo(json.dumps(scores, indent=1))
    else:
        click.echo(format_report(scores, timing))
