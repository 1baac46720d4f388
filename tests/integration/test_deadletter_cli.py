"""`wiredesk deadletter list|export|replay` against a real worker: a broken message is fixed and lands."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration


def wiredesk(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "streams.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120, check=True)


def test_list_export_fix_replay(pipeline, tmp_path):
    broken = {"id": "dl-fix-1", "headline": "Fire in Dayton", "text": "A fire broke out in Dayton, Ohio, on Monday."}
    pipeline.produce([json.dumps(broken).encode()])
    pipeline.collect("deadletter", lambda ms: any(m.get("key") == "dl-fix-1" for m in ms))

    listed = wiredesk(pipeline.env, "deadletter", "list", "--reason", "missing_field")
    assert "dl-fix-1" in listed.stdout and "decode/missing_field" in listed.stdout

    exported = tmp_path / "bad.jsonl"
    wiredesk(pipeline.env, "deadletter", "export", "--reason", "missing_field", "--out", str(exported))
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    mine = [m for m in lines if m.get("id") == "dl-fix-1"]
    assert mine == [broken], "the original message, byte for byte"

    fixed = tmp_path / "fixed.jsonl"
    fixed.write_text(json.dumps({**broken, "body": broken["text"]}) + "\n")
    wiredesk(pipeline.env, "deadletter", "replay", str(fixed))
    annotated = pipeline.collect("annotated", lambda ms: any(m["id"] == "dl-fix-1" for m in ms))
    assert [m for m in annotated if m["id"] == "dl-fix-1"][0]["entities"]
