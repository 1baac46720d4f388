"""Tests for the learned cue scorer: training on a tiny hand-made PolNeAR split, and the shipped
model (which loads from the package alone, without ../shared)."""
from __future__ import annotations

import json
import os

import pytest

from streams.nlp.claims import (
    CUE_MODEL_PATH,
    CueModel,
    candidate_claims,
    cue_features,
    cue_variants,
    default_cue_model,
    extract_claims,
    find_quotes,
    threshold,
)
from streams.nlp.train_cues import fit, train

SENTENCES = [
    ("The mayor said the bridge was unsafe.", "said"),
    ("Officials bought the land in 2010.", None),
    ("The senator said the bill would pass.", "said"),
    ("The company sold the plant to investors.", None),
    ("Her lawyer said the charges were false.", "said"),
    ("The farmers planted corn in the spring.", None),
    ("The governor said the roads were closed.", "said"),
    ("The team built a new stadium downtown.", None),
]




def write_split(root) -> str:
    """A PolNeAR-shaped split: one article, gold cues for the "said" sentences."""
    text = "\n\n".join(s for s, _ in SENTENCES) + "\n"
    os.makedirs(root / "text")
    os.makedirs(root / "attributions")
    (root / "text" / "tiny.txt").write_text(text, encoding="utf-8")
    lines, pos = [], 0
    for n, (sentence, cue) in enumerate(SENTENCES):
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        if cue:
            s = start + sentence.index(cue)
            lines.append(f"T{n}\tCue {s} {s + len(cue)}\t{cue}")
    (root / "attributions" / "tiny_ann.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(root)


def candidates(nlp, text):
    doc = nlp(text)
    return candidate_claims(doc, None, find_quotes(doc.text), open_verbs=True)


def test_training_scores_a_known_cue_above_a_non_cue(tmp_path, nlp):
    split = write_split(tmp_path / "split")
    out = tmp_path / "model.json"
    model = train(split, str(out), folds=1, log=lambda *a: None)
    assert out.exists() and CueModel.from_json(str(out)).weights == pytest.approx(model.weights, abs=1e-4)
    said = [c for c in candidates(nlp, "The minister said the plan was dead.") if c.anchor.lower_ == "said"]
    bought = [c for c in candidates(nlp, "The minister bought the house last year.") if c.anchor.lower_ == "bought"]
    assert said and bought and bought[0].kind == "open"
    assert model.prob(cue_features(said[0])) > 0.5 > model.prob(cue_features(bought[0]))


def test_fit_separates_features():
    weights, bias = fit([(["a", "x"], 1), (["b", "x"], 0)] * 20)
    assert weights["a"] > 0 > weights["b"]


def test_thresholds_split_lexicon_and_open_candidates(nlp):
    model = CueModel({}, 0.0, veto=0.4, admit=0.6)  # every candidate scores 0.5
    cands = candidates(nlp, "The mayor said the bridge was unsafe and bought a car.")
    kinds = {c.kind: model.keep(c) for c in cands}
    assert kinds == {"verb": True, "open": False}
    assert threshold("according", 0.4, 0.6) == threshold("adjective", 0.4, 0.6) == 0.0


def test_shipped_model_loads_from_the_package():
    assert os.path.exists(CUE_MODEL_PATH)
    assert os.path.getsize(CUE_MODEL_PATH) < 50 * 2 ** 20
    with open(CUE_MODEL_PATH, encoding="utf-8") as f:
        meta = json.load(f)["meta"]
    assert meta["articles"] > 0 and "cv_f1" in meta
    model = default_cue_model()
    assert model is not None and model is default_cue_model()  # loaded once
    assert 0.0 <= model.veto <= model.admit <= 1.01


def test_shipped_model_keeps_plain_reported_speech(nlp):
    doc = nlp("The minister said the plan was dead. The farmers planted corn in the spring.")
    claims = extract_claims(doc)
    assert [(c["speaker"]["text"], c["cue"]["text"], c["content"]["text"]) for c in claims] == [
        ("The minister", "said", "the plan was dead")]


def test_cue_variants_offer_light_verb_and_infinitive_spans(nlp):
    [cand] = [c for c in candidates(nlp, "He expressed concern about the vote.") if c.kind == "verb"]
    spans = {v.variant: (v.claim["cue"]["text"], v.claim["content"]["text"])
             for v in cue_variants(cand, cand.anchor.doc.text)}
    assert spans["light_prep"] == ("expressed concern about", "the vote")
