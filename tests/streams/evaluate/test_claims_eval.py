"""The claims scorer of ``wiredesk eval claims``: tiny hand-made brat files, and agreement with
the reference scorer (../shared/eval/score.py claims) on the same records."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from streams.evaluate import claims as ev
from streams.evaluate import eval_group
from tests.conftest import SHARED, shared_file

TEXT = 'Police said the road was closed. "It is safe," the mayor said.\n'
#          0123456789012345678901234567890123456789012345678901234567890123
ANN = (
    "T1\tSource 0 6\tPolice\n"
    "T2\tCue 7 11\tsaid\n"
    "T3\tContent 12 31\tthe road was closed\n"
    "T4\tAttribution 7 11\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 34 44;44 45\tIt is safe,\n"
    "and a continuation line of a span text\n"
    "T6\tSource 47 56\tthe mayor\n"
    "T7\tCue 57 61\tsaid\n"
)


def span(text: str, start: int, end: int) -> dict:
    return {"text": text[start:end], "start": start, "end": end}


def write_split(root, name: str = "a", text: str = TEXT, ann: str = ANN, annotator: str = "x") -> str:
    (root / "text").mkdir(exist_ok=True)
    (root / "attributions").mkdir(exist_ok=True)
    (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8")
    return str(root)


def test_gold_spans_are_trimmed_joined_and_continuations_skipped(tmp_path):
    gold = ev.gold_claims(write_split(tmp_path))
    text, spans = gold["a"]
    assert text == TEXT
    assert spans["Source"] == [(0, 6), (47, 56)]
    assert spans["Cue"] == [(7, 11), (57, 61)]
    # discontinuous span: first start to last end, then the trailing comma is trimmed
    assert spans["Content"] == [(12, 31), (34, 44)]
    assert "Attribution" not in spans


def test_first_annotation_file_is_gold(tmp_path):
    write_split(tmp_path, annotator="b")
    write_split(tmp_path, ann="T1\tSource 0 6\tPolice\n", annotator="a")
    _, spans = ev.gold_claims(str(tmp_path))["a"]
    assert dict(spans) == {"Source": [(0, 6)]}


def test_exact_and_overlap_scores(tmp_path):
    gold = ev.gold_claims(write_split(tmp_path))
    pred = {"a": {"id": "a", "claims": [
        # exact on all three roles (quote marks and punctuation are trimmed away)
        {"speaker": span(TEXT, 0, 6), "cue": span(TEXT, 7, 11), "content": span(TEXT, 11, 32)},
        # overlapping only: the speaker without "the", content with its quote marks is exact
        {"speaker": span(TEXT, 51, 56), "cue": span(TEXT, 57, 61), "content": span(TEXT, 33, 46)},
        # a false positive that overlaps nothing
        {"speaker": None, "cue": span(TEXT, 62, 63), "content": span(TEXT, 62, 63)},
    ]}}
    s = ev.score_claims(gold, pred)
    assert s["articles"] == 1 and s["missing_records"] == 0
    assert s["exact"]["source"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "gold": 2, "pred": 2}
    assert s["overlap"]["source"]["f1"] == 1.0
    assert s["exact"]["cue"]["pred"] == 2  # the "." span trims to nothing and is dropped
    assert s["exact"]["cue"]["f1"] == 1.0
    assert s["exact"]["content"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "gold": 2, "pred": 2}


def test_one_prediction_matches_one_gold_span(tmp_path):
    gold = ev.gold_claims(write_split(tmp_path))
    wide = {"speaker": span(TEXT, 0, 61), "cue": span(TEXT, 0, 61), "content": span(TEXT, 0, 61)}
    s = ev.score_claims(gold, {"a": {"id": "a", "claims": [wide]}})
    assert s["overlap"]["cue"] == {"p": 1.0, "r": 0.5, "f1": pytest.approx(2 / 3, abs=1e-4), "gold": 2, "pred": 1}
    assert s["exact"]["cue"]["f1"] == 0.0


def test_missing_records_count_as_no_predictions(tmp_path):
    s = ev.score_claims(ev.gold_claims(write_split(tmp_path)), {})
    assert s["missing_records"] == 1
    assert s["exact"]["source"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "gold": 2, "pred": 0}


def test_articles_are_converted_like_polnear_to_jsonl(tmp_path):
    write_split(tmp_path)
    (tmp_path / "meta.tsv").write_text("filename\ttitle\tpublication_date\tpublisher\na\tT\t2016-10-01\tnyt\n")
    [art] = ev.polnear_articles(str(tmp_path), str(tmp_path / "meta.tsv"))
    assert art == {"id": "a", "headline": "T", "body": TEXT, "published_at": "2016-10-01", "source": "nyt",
                   "url": None, "language": "en"}


def test_not_a_split_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(eval_group, ["claims", str(tmp_path)])
    assert result.exit_code != 0 and "not a PolNeAR split" in result.output


def test_command_scores_and_times_extraction(tmp_path):
    split = write_split(tmp_path)
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(eval_group, ["claims", split, "--quiet", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["exact"]["source"]["gold"] == 2
    assert scores["exact"]["cue"]["pred"] >= 1
    assert scores["speed"]["articles"] == 1 and scores["speed"]["parse_s"] > 0
    [rec] = [json.loads(line) for line in out.read_text().splitlines()]
    assert rec["id"] == "a" and any(c["cue"]["text"] == "said" for c in rec["claims"])


def _small_split(tmp_path, n: int = 6) -> str:
    """A copy (symlinks) of the first ``n`` dev articles of PolNeAR."""
    dev = shared_file("claims/polnear/dev")
    names = sorted(os.listdir(dev / "text"))[:n]
    (tmp_path / "text").mkdir(parents=True)
    (tmp_path / "attributions").mkdir()
    for name in names:
        os.symlink(dev / "text" / name, tmp_path / "text" / name)
        for ann in sorted((dev / "attributions").glob(name[:-4] + "_*.ann")):
            os.symlink(ann, tmp_path / "attributions" / ann.name)
    return str(tmp_path)


def test_agrees_with_the_reference_scorer(tmp_path):
    score_py = SHARED / "eval" / "score.py"
    if not score_py.exists():
        pytest.skip(f"reference scorer {score_py} is absent (it exists only in the wiredesk workplace)")
    split = _small_split(tmp_path / "split")
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(eval_group, ["claims", split, "--quiet", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.output)
    ours.pop("speed")
    ref = subprocess.run([sys.executable, str(score_py), "claims", "--gold", split, "--pred", str(out)],
                         check=True, capture_output=True, text=True).stdout
    assert ours == json.loads(ref)
    assert ours["exact"]["content"]["pred"] > 0  # a real comparison, not two empty results
