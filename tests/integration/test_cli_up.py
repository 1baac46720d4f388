"""`wiredesk up`, the README's main job, as a user runs it: embedded services, sample feed, Ctrl-C."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from streams.local import wait_for_port, ServiceError

pytestmark = pytest.mark.integration


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("WIREDESK_")}


def test_up_once_shows_the_sample_incidents():
    out = subprocess.run([sys.executable, "-m", "streams.cli", "up", "--once"], env=_env(), capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "8 articles annotated, 2 dead-lettered, 4 incidents" in out.stdout
    assert "dead letter (decode/not_json)" in out.stderr and "dead letter (decode/missing_field)" in out.stderr
    assert re.search(r"^  fire · Dayton, Ohio, United States", out.stdout, re.M)
    assert "1 republished copy" in out.stdout


def as_in_a_terminal() -> None:
    """Popen ``preexec_fn``: Ctrl-C at its default, as a terminal gives a command. A suite started
    in the background of a script passes on an ignored SIGINT, and a command that inherits it
    rightly ignores Ctrl-C (seen: this test hung so)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_everything():
    proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "up", "--no-feed"], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=as_in_a_terminal)
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if "following incidents.events" in line or not line:
            break
    text = "".join(lines)
    broker_port = int(re.search(r"broker .* on 127\.0\.0\.1:(\d+)", text).group(1))
    redis_port = int(re.search(r"redis .*127\.0\.0\.1:(\d+)", text).group(1))
    worker_pid = int(re.search(r"worker\s+pid (\d+)", text).group(1))
    proc.send_signal(signal.SIGINT)
    assert proc.wait(60) == 0, proc.stdout.read()
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)
    for port in (broker_port, redis_port):
        with pytest.raises(ServiceError):
            wait_for_port("127.0.0.1", port, timeout=0.5)


def test_sigterm_stops_what_a_command_started(tmp_path):
    """A killed `wiredesk process` (a timeout, an orchestrator) stops its embedded redis-server."""
    import psutil

    from streams.cli import sample_feed_path

    proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "process", str(sample_feed_path()), "--out",
                             str(tmp_path / "out.jsonl")], env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline, children = time.monotonic() + 60, []
    while time.monotonic() < deadline and not children:
        children = [c for c in psutil.Process(proc.pid).children(recursive=True) if "redis" in c.name()]
        time.sleep(0.05)
    assert children, "no embedded redis-server seen"
    proc.send_signal(signal.SIGTERM)
    proc.wait(60)
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, f"left running: {alive}"
