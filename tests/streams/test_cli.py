"""The ``wiredesk`` command's own helpers (the commands run against real services in tests/integration)."""
from __future__ import annotations

import os
import signal

import pytest

from streams.cli import stop_requested


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_sets_the_flag_instead_of_raising_inside_the_block(sig):
    before = signal.getsignal(sig)
    with stop_requested() as stop:
        assert not stop.is_set()
        os.kill(os.getpid(), sig)  # delivered before the next bytecode; raising here would fail the test
        assert stop.wait(5)
    assert signal.getsignal(sig) is before  # outside the block, the command's own handling again


def test_a_signal_the_parent_ignores_stays_ignored():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a job started in the background of a script
    try:
        with stop_requested() as stop:
            assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGINT)
            assert not stop.wait(0.2)
    finally:
        signal.signal(signal.SIGINT, previous)
