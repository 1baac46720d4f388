"""The Faust app factory: the local profile's broker workarounds reach the Kafka clients."""
import pytest

from streams.app import LOCAL_FETCH_MAX_WAIT_MS, create_app
from streams.settings import Settings
from tests.conftest import run_async


async def _fetch_wait_ms(profile: str) -> int:
    app = create_app(Settings.from_env({"WIREDESK_PROFILE": profile, "WIREDESK_KAFKA_BROKER": "127.0.0.1:1"})).app
    consumer = app.consumer._thread._create_worker_consumer(app.consumer.transport)  # not started: no broker
    try:
        return consumer._fetch_max_wait_ms
    finally:
        await consumer.stop()


@pytest.mark.parametrize("profile, expected", [("local", LOCAL_FETCH_MAX_WAIT_MS), ("production", 1500)])
def test_only_the_local_profile_shortens_the_fetch_wait(profile, expected):
    # both profiles in one process: the patch is per app (1500 ms is Faust's own fixed wait)
    assert run_async(_fetch_wait_ms("local")) == LOCAL_FETCH_MAX_WAIT_MS
    assert run_async(_fetch_wait_ms(profile)) == expected


def test_aiokafka_still_reads_the_attribute_the_workaround_sets():
    import inspect

    from aiokafka import AIOKafkaConsumer

    assert "fetch_max_wait_ms=self._fetch_max_wait_ms" in inspect.getsource(AIOKafkaConsumer.start)
