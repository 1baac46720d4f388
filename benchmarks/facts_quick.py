"""Quick quality check of incident facts on the Gun Violence Corpus (GVC) train+dev articles.

    PYTHONPATH=. python benchmarks/facts_quick.py [--data ../shared/data/incidents/gvc]
        [--out /tmp/facts_records.jsonl] [--cache /tmp/gvc_docs.spacy]

Parses every article body with ``load_nlp().pipe``, calls :func:`extract_facts` (the body's
boilerplate cut by :func:`content_end`), writes one record per article
(``{"id", "incident": {... facts, "incident_id": article id}}``) and prints the JSON of
``score.py facts``. ``--cache`` keeps the parsed Docs (DocBin) between runs while iterating.
The extractor never reads ``gold_incident_id``; only the scorer does.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from streams.nlp.boilerplate import content_end
from streams.nlp.facts import extract_facts
from streams.nlp.pipeline import parse_cached

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
DEFAULT_DATA = os.path.join(SHARED, "data", "incidents", "gvc")
SCORER = os.path.join(SHARED, "eval", "score.py")



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default="/tmp/facts_records.jsonl")
    ap.add_argument("--cache", default=None)
    a = ap.parse_args()
    articles_path = os.path.join(a.data, "articles.jsonl")
    with open(articles_path, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    t0 = time.perf_counter()
    docs = parse_cached([d["body"] for d in articles], a.cache)
    t1 = time.perf_counter()
    with open(a.out, "w", encoding="utf-8") as out:
        for d, doc in zip(articles, docs):
            facts = extract_facts(doc, d.get("published_at"), d.get("headline"), content_end(d["body"]),
                                  source=d.get("source"))
            if facts is not None:
                facts = {**facts, "incident_id": d["id"]}
            out.write(json.dumps({"id": d["id"], "incident": facts}) + "\n")
    t2 = time.perf_counter()
    print(f"parse {t1 - t0:.1f}s, facts {t2 - t1:.1f}s for {len(articles)} articles", file=sys.stderr)
    res = subprocess.run([sys.executable, SCORER, "facts", "--gold", articles_path,
                          "--incidents", os.path.join(a.data, "incidents.jsonl"), "--pred", a.out],
                         check=True, capture_output=True, text=True)
    print(res.stdout, end="")


if __name__ == "__main__":
    main()
