#!/usr/bin/env python3
"""Fast claims iteration on PolNeAR: parse a split once, then re-run only claim extraction.

    python benchmarks/claims_cached.py                      # train; parses once into the cache
    python benchmarks/claims_cached.py --errors 40          # + most frequent missed/wrong cues
    python benchmarks/claims_cached.py --split dev          # held-out figures: report only
    python benchmarks/claims_cached.py --rules-only         # without the learned cue scorer

The parsed Docs are kept as a spaCy ``DocBin`` (default ``/tmp/polnear_<split>_docs.spacy``);
later runs load it and call :func:`streams.nlp.claims.extract_claims` exactly as
``wiredesk eval claims`` does (same boilerplate cut, same claim cap), then score with
:func:`streams.evaluate.claims.score_claims` (which agrees with ``score.py claims``).
Delete the cache after changing the spaCy model.
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from streams.nlp.pipeline import parse_cached  # noqa: E402
from streams.evaluate.claims import (format_report, gold_claims,  # noqa: E402
                                     polnear_articles, pred_spans, score_claims)

SHARED = os.environ.get("WIREDESK_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
POLNEAR = os.path.join(SHARED, "data", "claims", "polnear")



def error_report(gold: dict, records: dict, n: int) -> str:
    """Most frequent missed gold cues and wrong predicted cues (lower-cased text), exact match."""
    missed, wrong, missed_any = collections.Counter(), collections.Counter(), collections.Counter()
    for name, (text, gspans) in gold.items():
        g = set(gspans.get("Cue", []))
        p = set(pred_spans(records.get(name, {}), text)["Cue"])
        for s in g - p:
            missed[text[s[0]:s[1]].lower()] += 1
            if not any(q[0] < s[1] and s[0] < q[1] for q in p):
                missed_any[text[s[0]:s[1]].lower()] += 1
        for s in p - g:
            wrong[text[s[0]:s[1]].lower()] += 1
    lines = []
    for title, c in (("missed gold cues (exact)", missed), ("missed gold cues (no overlap)", missed_any),
                     ("wrong predicted cues", wrong)):
        lines.append(f"--- {title}: {sum(c.values())}")
        lines += [f"{k!r:40} {v}" for k, v in c.most_common(n)]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="train", choices=("train", "dev"))
    ap.add_argument("--cache", default=None, help="DocBin path (default /tmp/polnear_<split>_docs.spacy)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--errors", type=int, default=0, help="show the N most frequent cue errors")
    ap.add_argument("--rules-only", action="store_true", help="without the learned cue scorer")
    a = ap.parse_args()
    from streams.nlp.boilerplate import content_end
    from streams.nlp.claims import extract_claims
    from streams.nlp.extract import MAX_CLAIMS

    split_dir = os.path.join(POLNEAR, a.split)
    articles = polnear_articles(split_dir)
    docs = parse_cached([x["body"] for x in articles], a.cache or f"/tmp/polnear_{a.split}_docs.spacy", a.batch)
    t0 = time.perf_counter()
    model = None if a.rules_only else "default"
    records = {art["id"]: {"id": art["id"], "claims": extract_claims(
        doc, content_end=content_end(art["body"]), model=model)[:MAX_CLAIMS]}
               for art, doc in zip(articles, docs)}
    dt = time.perf_counter() - t0
    gold = gold_claims(split_dir)
    scores = score_claims(gold, records)
    print(format_report(scores))
    print("exact F1 " + "  ".join(f"{k} {scores['exact'][k]['f1']:.4f}" for k in ("source", "cue", "content")))
    print(f"claims: {dt:.2f} s for {len(articles)} articles")
    if a.errors:
        print(error_report(gold, records, a.errors))


if __name__ == "__main__":
    main()
