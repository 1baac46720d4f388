"""Embedded services (``streams.local``): what is started is stopped, even when start-up is interrupted."""
from __future__ import annotations

import subprocess

import pytest

from streams import local


def test_a_service_interrupted_while_it_starts_is_stopped(monkeypatch, tmp_path):
    started: list[subprocess.Popen] = []
    popen = subprocess.Popen

    def record(*args, **kwargs):
        started.append(popen(*args, **kwargs))
        return started[-1]

    def interrupted(*args, **kwargs):  # Ctrl-C (or SIGTERM, which the CLI turns into it) mid-start
        raise KeyboardInterrupt

    monkeypatch.setattr(local.subprocess, "Popen", record)
    monkeypatch.setattr(local, "wait_for_port", interrupted)
    with pytest.raises(KeyboardInterrupt):
        local._Process(["sleep", "60"], "127.0.0.1", 9, tmp_path)
    assert started and started[0].poll() is not None, "the child was left running"
