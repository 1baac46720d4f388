"""Quick check of incident resolution alone: cached enriched records → Resolver → scores, speed.

    PYTHONPATH=. python benchmarks/incidents_quick.py ../shared/data/incidents/gvc/articles.jsonl
        [--distractors ../shared/data/incidents/gva_pool/articles.jsonl] [--cache-dir /tmp/wiredesk-enriched]
        [--threshold 1.6] [--out RECORDS.jsonl] [--facts ../shared/data/incidents/gvc/incidents.jsonl]

The NLP stage runs once per file and its enriched records are cached (JSONL, keyed by the
file's size and modification time and a digest of the extraction code) in ``--cache-dir``; later runs only resolve, so weights and
thresholds of :mod:`streams.dedup.incidents` can be tried in seconds. Articles are streamed in
stream order through :class:`streams.dedup.resolver.Resolver` in a fresh namespace of an embedded
redis-server (or ``WIREDESK_REDIS_URL``). Prints the B-cubed and pairwise figures over the
labelled articles of the first file and the resolution speed, and with ``--facts`` (the gold
incidents, e.g. ``gva_pool/incidents.jsonl``) the incident-level fact accuracies as ``score.py
facts`` computes them: how rules of the incident state (:func:`streams.dedup.incidents.consensus_location`)
do on a set ``wiredesk eval`` only streams as distractors. ``wiredesk eval incidents`` is the
reference figure; this is for iterating. The gold labels are read only to score.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
import uuid
from pathlib import Path

from streams.decode import BadInput, decode_article
from streams.evaluate.incidents import score_facts, score_incidents, stream_order
from streams.nlp.extract import enrich_batch


def extraction_version() -> str:
    """A digest of the extraction code (``streams/nlp``, ``streams/dedup/textsim.py``): a cache
    made by other rules must not be read as this code's output."""
    import hashlib

    import streams

    root = Path(streams.__file__).parent
    digest = hashlib.sha1()
    files = [*root.joinpath("nlp").rglob("*.py"), *root.joinpath("nlp", "data").glob("*"), root / "dedup" / "textsim.py"]
    for f in sorted(f for f in files if f.is_file()):
        digest.update(f.read_bytes())
    return digest.hexdigest()[:10]


def enriched_records(path: Path, cache_dir: Path) -> list[dict]:
    """Enriched records of every decodable line of ``path`` in stream order (cached per file and
    extraction code)."""
    st = path.stat()
    cache = cache_dir / f"{path.parent.name}-{path.stem}-{st.st_size}-{int(st.st_mtime)}-{extraction_version()}.jsonl"
    if cache.exists():
        with open(cache, encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    articles = []
    for _, line, _ in stream_order(path.read_bytes().splitlines()):
        try:
            articles.append(decode_article(line, 10_000_000))
        except BadInput:
            continue
    out = []
    for i in range(0, len(articles), 64):
        out += enrich_batch(articles[i:i + 64])
        print(f"enriched {len(out)}/{len(articles)}", file=sys.stderr, end="\r")
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache, "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec) + "\n")
    return out


def order_keys(path: Path) -> dict[str, tuple[str, str]]:
    """Each article id's place in the stream, as ``wiredesk eval incidents`` orders it: by the
    ``published_at`` the feed sent (decoding drops a free-text date, which would reorder ECB+)."""
    return {key[1]: key for key, _, _ in stream_order(path.read_bytes().splitlines())}


def main() -> None:
    from streams.dedup import incidents as inc
    from streams.dedup.resolver import Resolver
    from streams.local import EmbeddedRedis

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", type=Path)
    ap.add_argument("--distractors", type=Path)
    ap.add_argument("--cache-dir", type=Path, default=Path("/tmp/wiredesk-enriched"))
    ap.add_argument("--threshold", type=float, default=inc.MATCH_THRESHOLD)
    ap.add_argument("--out", type=Path, help="write the records (JSONL, stream order) here, e.g. to look at the clusters")
    ap.add_argument("--facts", type=Path, help="gold incidents (JSONL) of the first file: score the incident facts too")
    a = ap.parse_args()
    scored = enriched_records(a.articles, a.cache_dir)
    stream = scored + (enriched_records(a.distractors, a.cache_dir) if a.distractors else [])
    keys = order_keys(a.articles) | (order_keys(a.distractors) if a.distractors else {})
    stream.sort(key=lambda e: keys[e["id"]])
    with open(a.articles, encoding="utf-8") as f:
        gold = {d["id"]: d["gold_incident_id"] for d in map(json.loads, filter(str.strip, f))
                if d.get("gold_incident_id")}
    with contextlib.ExitStack() as stack:
        url = os.environ.get("WIREDESK_REDIS_URL") or stack.enter_context(EmbeddedRedis()).url
        resolver = Resolver.from_url(url, namespace=f"bench-{uuid.uuid4().hex[:12]}", threshold=a.threshold)
        t0 = time.perf_counter()
        records = [resolver.resolve(e)["record"] for e in stream]
        seconds = time.perf_counter() - t0
    if a.out:
        a.out.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = score_incidents(gold, records)
    if a.facts:
        with open(a.facts, encoding="utf-8") as f:
            incidents = {g["incident_id"]: g for g in map(json.loads, filter(str.strip, f))}
        result["facts"] = score_facts(gold, incidents, records)
    result["speed"] = {"articles": len(stream), "resolve_s": round(seconds, 2),
                       "resolve_articles_per_s": round(len(stream) / seconds, 1)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
