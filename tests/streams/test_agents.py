"""The agents' own plumbing (their Kafka behaviour is tested in tests/integration)."""
import asyncio

import pytest

from streams.agents import unless_stopped
from tests.conftest import run_async


def test_unless_stopped_raises_what_stopped_the_watched_task_instead_of_waiting_forever():
    async def main():
        async def failing():
            raise ConnectionError("broker gone")

        watched = asyncio.create_task(failing(), name="the sender")
        never = asyncio.Event()
        await asyncio.wait_for(unless_stopped(never.wait(), watched), timeout=5)

    with pytest.raises(ConnectionError, match="broker gone"):
        run_async(main())


def test_unless_stopped_awaits_while_the_watched_task_runs():
    async def main():
        watched = asyncio.create_task(asyncio.sleep(60))
        slots = asyncio.Semaphore(1)
        await unless_stopped(slots.acquire(), watched)
        free = slots.locked()
        watched.cancel()
        return free

    assert run_async(main()) is True


def test_unless_stopped_says_so_when_the_watched_task_ended_without_an_error():
    async def main():
        watched = asyncio.create_task(asyncio.sleep(0), name="the sender")
        await asyncio.sleep(0.01)
        await unless_stopped(asyncio.Event().wait(), watched)

    with pytest.raises(RuntimeError, match="the sender has stopped"):
        run_async(main())
