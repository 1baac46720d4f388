"""`wiredesk tail` against the real broker: a limit, an idle stop, and Ctrl-C while it follows."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from tests.integration.test_cli_up import as_in_a_terminal

pytestmark = pytest.mark.integration


def tail(env, *args) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "streams.cli", "tail", *args], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_limit_idle_and_ctrl_c(pipeline):
    ids = [f"tail-{i}" for i in range(3)]
    pipeline.produce([json.dumps({"id": i, "body": "A fire broke out in Dayton, Ohio, on Monday."}).encode()
                      for i in ids])
    pipeline.collect("articles", lambda ms: set(ids) <= {m.get("id") for m in ms})

    assert len(tail(pipeline.env, "articles", "-n", "2")) == 2
    everything = tail(pipeline.env, "articles", "--idle", "2")
    assert set(ids) <= {m.get("id") for m in everything}

    follower = subprocess.Popen([sys.executable, "-m", "streams.cli", "tail", "articles"], env=pipeline.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=as_in_a_terminal)
    try:
        assert follower.stdout.readline()  # following: it has printed the first message
        time.sleep(1.0)  # and is waiting for more inside the consumer's poll
        follower.send_signal(signal.SIGINT)
        assert follower.wait(15) == 0, follower.stderr.read()
    finally:
        follower.kill()
