"""Train the learned cue scorer of :mod:`streams.nlp.claims` on a PolNeAR split.

    python -m streams.nlp.train_cues ../shared/data/claims/polnear/train \\
        --out streams/nlp/data/cue_model.json [--cache /tmp/polnear_train_docs.spacy]

1. Every article of the split is parsed (:func:`streams.nlp.pipeline.load_nlp`; ``--cache``
   keeps the parsed Docs in a spaCy ``DocBin`` to re-train without parsing again).
2. The rules propose their candidate claims, with the verbs outside the lexicon that have a
   content (:func:`streams.nlp.claims.candidate_claims` with ``open_verbs``); a candidate is
   positive when its cue span is exactly a gold cue span.
3. A logistic regression over :func:`streams.nlp.claims.cue_features` is fitted (plain
   stochastic gradient descent with AdaGrad steps and L2; no library needed).
4. The two thresholds (``veto`` for lexicon cues, ``admit`` for the others) are chosen by
   cross-validation on the same split, articles split into folds: each fold is scored with a
   model trained on the others, and the pair that maximises the mean exact F1 of source, cue
   and content wins (cue F1 breaks ties). The final model is then fitted on all articles.

Only the training split is read: thresholds are never chosen on dev or test.
"""
from __future__ import annotations

import argparse
import datetime
import math
import os
import random
import sys
import time

from streams.nlp.pipeline import parse_cached
from streams.nlp.claims import (CueModel, candidate_claims, cue_features, cue_variants,
                                find_quotes, finish_claims, threshold)

#: Threshold grids searched by cross-validation.
VETO_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
ADMIT_GRID = (0.5, 0.6, 0.7, 0.8, 1.01)


def fit(examples: list[tuple[list[str], int]], epochs: int = 4, rate: float = 0.1,
        l2: float = 1e-5, seed: int = 13, min_count: int = 2) -> tuple[dict[str, float], float]:
    """Weights and bias of a logistic regression on (features, label) examples; features seen
    in fewer than ``min_count`` examples get no weight (a smaller, less overfitted model)."""
    counts: dict[str, int] = {}
    for feats, _ in examples:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    examples = [([f for f in feats if counts[f] >= min_count], label) for feats, label in examples]
    weights: dict[str, float] = {}
    grads: dict[str, float] = {}
    bias, bias_g = 0.0, 1e-8
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, label = examples[i]
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - label
            for f in feats:
                w = weights.get(f, 0.0)
                gf = g + l2 * w
                grads[f] = grads.get(f, 1e-8) + gf * gf
                weights[f] = w - rate * gf / math.sqrt(grads[f])
            bias_g += g * g
            bias -= rate * g / math.sqrt(bias_g)
    return weights, bias


def _trim(text: str, start: int, end: int):
    from streams.evaluate.claims import trim
    return trim(text, start, end)


def build_examples(articles: list[dict], docs: list, gold: dict) -> list[dict]:
    """Per article: its candidate groups (a rule's claim and its cue variants), their features
    and labels (exact gold cue or not)."""
    from streams.nlp.boilerplate import content_end

    out = []
    for art, doc in zip(articles, docs):
        quotes = find_quotes(doc.text)
        cands = candidate_claims(doc, content_end(art["body"]), quotes, open_verbs=True)
        cues = set(gold.get(art["id"], ("", {}))[1].get("Cue", []))
        groups = [[c] + cue_variants(c, doc.text) for c in cands]
        feats = [[cue_features(c) for c in g] for g in groups]
        labels = [[int(_trim(doc.text, c.claim["cue"]["start"], c.claim["cue"]["end"]) in cues)
                   for c in g] for g in groups]
        out.append({"id": art["id"], "doc": doc, "quotes": quotes, "groups": groups,
                    "feats": feats, "labels": labels})
    return out


def _examples(arts: list[dict]) -> list[tuple[list[str], int]]:
    return [ex for a in arts for fg, lg in zip(a["feats"], a["labels"]) for ex in zip(fg, lg)]


def _records(arts: list[dict], probs: list[list[list[float]]], veto: float, admit: float) -> dict:
    """Claims of ``arts`` kept at thresholds (veto, admit): the likeliest of each group, as
    :meth:`CueModel.select` does, finished as in extract_claims."""
    from streams.nlp.extract import MAX_CLAIMS

    records = {}
    for art, ps in zip(arts, probs):
        kept = []
        for group, gp in zip(art["groups"], ps):
            p, best = max((p, -i) for i, p in enumerate(gp))
            c = group[-best]
            if p >= threshold(c.kind, veto, admit):
                kept.append(dict(c.claim))
        claims = finish_claims(kept, art["doc"], art["quotes"], stance=False)[:MAX_CLAIMS]
        records[art["id"]] = {"id": art["id"], "claims": claims}
    return records


def cross_validate(arts: list[dict], gold: dict, folds: int = 5, log=print) -> dict:
    """Out-of-fold probabilities, then the thresholds with the best mean exact F1."""
    from streams.evaluate.claims import score_claims

    probs: list[list[list[float]]] = [[] for _ in arts]
    for k in range(folds):
        train = _examples([art for i, art in enumerate(arts) if i % folds != k])
        weights, bias = fit(train)
        model = CueModel(weights, bias, 0.0, 0.0)
        for i, art in enumerate(arts):
            if i % folds == k:
                probs[i] = [[model.prob(f) for f in fg] for fg in art["feats"]]
        log(f"fold {k + 1}/{folds}: {len(train)} training candidates")
    best, table = None, []
    for veto in VETO_GRID:
        for admit in ADMIT_GRID:
            s = score_claims(gold, _records(arts, probs, veto, admit))["exact"]
            f1 = {r: round(s[r]["f1"], 4) for r in ("source", "cue", "content")}
            key = (sum(f1.values()) / 3, f1["cue"])
            table.append((veto, admit, f1))
            log(f"veto {veto:.2f} admit {admit:.2f}: {f1}")
            if best is None or key > best[0]:
                best = (key, veto, admit, f1)
    rules = [[[1.0] + [0.0] * (len(fg) - 1) for fg in art["feats"]] for art in arts]
    baseline = score_claims(gold, _records(arts, rules, 0.0, 1.01))["exact"]
    return {"veto": best[1], "admit": best[2], "cv_f1": best[3],
            "cv_rules_only_f1": {r: round(baseline[r]["f1"], 4) for r in ("source", "cue", "content")},
            "folds": folds}



def train(split_dir: str, out: str, cache: str | None = None, folds: int = 5, log=print) -> CueModel:
    """Train on the PolNeAR split ``split_dir`` and write the model to ``out``."""
    from streams.evaluate.claims import gold_claims, polnear_articles

    t0 = time.time()
    articles = polnear_articles(split_dir)
    gold = gold_claims(split_dir)
    docs = parse_cached([a["body"] for a in articles], cache)
    arts = build_examples(articles, docs, gold)
    n = sum(len(g) for a in arts for g in a["labels"])
    pos = sum(sum(g) for a in arts for g in a["labels"])
    log(f"{len(arts)} articles, {n} candidates, {pos} positive")
    cv = cross_validate(arts, gold, folds, log) if folds > 1 else {"veto": 0.2, "admit": 0.6}
    weights, bias = fit(_examples(arts))
    meta = {"trained_on": os.path.abspath(split_dir).split(os.sep + "data" + os.sep)[-1],
            "articles": len(arts), "candidates": n, "positive": pos,
            "date": datetime.date.today().isoformat(), "seconds": round(time.time() - t0),
            **{k: v for k, v in cv.items() if k not in ("veto", "admit")}}
    model = CueModel(weights, bias, cv["veto"], cv["admit"], meta)
    model.to_json(out)
    log(f"wrote {out}: veto {model.veto}, admit {model.admit}, {len(weights)} weights; {meta}")
    return model


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split_dir", help="PolNeAR split directory (text/ and attributions/)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "data", "cue_model.json"))
    ap.add_argument("--cache", default=None, help="DocBin of the parsed split (created if absent)")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (1: none)")
    a = ap.parse_args(argv)
    if not os.path.isdir(os.path.join(a.split_dir, "text")):
        sys.exit(f"{a.split_dir} holds no text/: not a PolNeAR split directory")
    train(a.split_dir, a.out, a.cache, a.folds)


if __name__ == "__main__":
    main()
