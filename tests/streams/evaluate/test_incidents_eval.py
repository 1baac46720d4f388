"""``wiredesk eval incidents``: the scoring functions on hand-made clusters, stream order, and
agreement with the reference scorer (../shared/eval/score.py incidents|facts) on the records
``wiredesk process`` writes for the same articles."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from streams.evaluate import eval_group
from streams.evaluate import incidents as ev
from tests.conftest import SHARED, shared_file


def test_bcubed_and_pairwise_by_hand():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = {"a": "x", "b": "x", "c": "x", "d": "y"}
    # B-cubed P: a,b: 2/3, c: 1/3, d: 1 -> 2.667/4; R: a,b: 1, c,d: 1/2 -> 3/4
    assert ev.bcubed(gold, pred) == {"p": 0.6667, "r": 0.75, "f1": 0.7059}
    # pairs predicted: ab, ac, bc (1 right); gold pairs: ab, cd
    assert ev.pairwise(gold, pred) == {"p": 0.3333, "r": 0.5, "f1": 0.4}
    assert ev.pairwise(gold, {k: k for k in gold}) == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_no_incident_is_a_cluster_of_its_own_and_distractors_are_not_scored():
    records = [{"id": "a", "incident": None}, {"id": "b", "incident": None},
               {"id": "z", "incident": {"incident_id": "i"}}]
    out = ev.score_incidents({"a": 1, "b": 1}, records)
    assert out["bcubed"]["r"] == 0.5 and out["pred_clusters"] == 2 and out["articles"] == 2


def test_facts_rules():
    incs = {"g": {"date": "July 23, 2016", "city_or_county": "St. Louis (county)", "state": "Missouri",
                  "killed": 2, "injured": 0}}
    rec = {"id": "a", "incident": {"incident_id": "i", "date": "2016-07-23",
                                   "location": {"city": "Saint Louis", "state": "MO"}, "killed": 2, "injured": None}}
    out = ev.score_facts({"a": "g"}, incs, [rec])
    assert (out["date"], out["city"], out["state"], out["killed"], out["injured_zero_ok"]) == (1, 1, 1, 1, 1)
    out = ev.score_facts({"a": "g"}, incs, [{"id": "a", "incident": None}])
    assert (out["date"], out["killed"], out["injured_zero_ok"]) == (0, 0, 1)


def test_stream_order_sorts_and_hides_the_label():
    lines = [json.dumps({"id": "b", "body": "x", "published_at": "2016-01-02", "gold_incident_id": "1"}).encode(),
             json.dumps({"id": "c", "body": "x", "published_at": "2016-01-01", "gold_incident_id": "2"}).encode(),
             json.dumps({"id": "a", "body": "x", "published_at": "2016-01-02"}).encode(), b"not json"]
    ordered = ev.stream_order(lines)
    assert [json.loads(line)["id"] for _, line, _ in ordered[1:]] == ["c", "a", "b"]
    assert all(b"gold_incident_id" not in line for _, line, _ in ordered)
    assert [gold for _, _, gold in ordered[1:]] == ["2", None, "1"]


def test_stream_order_reads_rfc_2822_dates_as_dates():
    """By weekday name, "Tue, …" would come after "Mon, …" a week later."""
    lines = [json.dumps({"id": "a", "body": "x", "published_at": "Tue, 05 Jan 2016 09:00:00 GMT"}).encode(),
             json.dumps({"id": "b", "body": "x", "published_at": "Mon, 11 Jan 2016 09:00:00 GMT"}).encode(),
             json.dumps({"id": "c", "body": "x", "published_at": "2016-01-07"}).encode()]
    assert [json.loads(line)["id"] for _, line, _ in ev.stream_order(lines)] == ["a", "c", "b"]


def _reference(kind: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), kind, *args],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def test_agrees_with_the_reference_scorer_on_process_output(tmp_path):
    """The eval command and score.py give the same figures for the same articles (a GVC slice)."""
    articles = shared_file("incidents/gvc/articles.jsonl")
    incidents = shared_file("incidents/gvc/incidents.jsonl")
    ordered = ev.stream_order(articles.read_bytes().splitlines())
    # A slice of whole days, so that several reports of one incident are in it.
    sliced = [line for key, line, _ in ordered if "2016-07-20" <= key[0] <= "2016-09-30"][:48]
    gold_lines = {json.loads(x)["id"]: x for x in articles.read_bytes().splitlines() if x.strip()}
    subset = tmp_path / "subset.jsonl"
    subset.write_bytes(b"\n".join(gold_lines[json.loads(line)["id"]] for line in sliced) + b"\n")

    result = CliRunner().invoke(eval_group, ["incidents", str(subset), "--facts", str(incidents),
                                             "--out", str(tmp_path / "eval.jsonl")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    mine = json.loads(result.output)

    proc = subprocess.run([sys.executable, "-m", "streams.cli", "process", str(subset), "--out",
                           str(tmp_path / "process.jsonl")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    ref_inc = _reference("incidents", "--gold", str(subset), "--pred", str(tmp_path / "process.jsonl"))
    ref_facts = _reference("facts", "--gold", str(subset), "--incidents", str(incidents),
                           "--pred", str(tmp_path / "process.jsonl"))
    for name in ("bcubed", "pairwise"):
        assert mine["incidents"][name] == ref_inc[name], name
    assert mine["incidents"]["pred_clusters"] == ref_inc["pred_clusters"]
    for key in ("date", "city", "state", "killed", "injured", "killed_zero_ok", "injured_zero_ok"):
        assert mine["facts"][key] == ref_facts[key], key
    assert ref_inc["pred_clusters"] < ref_inc["articles"], "some reports were resolved together"
    speed = mine["speed"]
    assert speed["articles"] == len(sliced) and speed["resolve_s"] > 0 and speed["nlp_s"] > 0


@pytest.mark.parametrize("missing", ["--facts", "--distractors"])
def test_missing_files_are_usage_errors(tmp_path, missing):
    src = tmp_path / "a.jsonl"
    src.write_text("")
    result = CliRunner().invoke(eval_group, ["incidents", str(src), missing, str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
