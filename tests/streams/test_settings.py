import pytest

from streams.settings import Settings, SettingsError


def test_defaults_need_no_environment():
    s = Settings.from_env({})
    assert s.kafka_broker is None and s.redis_url is None
    assert s.max_body_bytes == 1_000_000 and s.profile == "production"


@pytest.mark.parametrize("raw, url", [
    ("localhost:9092", "kafka://localhost:9092"),
    ("kafka://a:1,b:2", "kafka://a:1;b:2"),
    (" a:1 ; kafka://b:2 ", "kafka://a:1;b:2"),
])
def test_broker_forms(raw, url):
    s = Settings.from_env({"WIREDESK_KAFKA_BROKER": raw})
    assert s.kafka_url == url
    assert s.bootstrap_servers == url.removeprefix("kafka://").split(";")


def test_numbers_are_converted_and_checked():
    assert Settings.from_env({"WIREDESK_BATCH_SIZE": "8"}).batch_size == 8
    with pytest.raises(SettingsError, match="WIREDESK_BATCH_SIZE"):
        Settings.from_env({"WIREDESK_BATCH_SIZE": "many"})
    with pytest.raises(SettingsError):
        Settings.from_env({"WIREDESK_TOPIC_PARTITIONS": "0"})


def test_bad_profile_and_redis_scheme_are_rejected():
    with pytest.raises(SettingsError, match="PROFILE"):
        Settings.from_env({"WIREDESK_PROFILE": "dev"})
    with pytest.raises(SettingsError, match="REDIS_URL"):
        Settings.from_env({"WIREDESK_REDIS_URL": "localhost:6379"})


def test_secrets_are_masked():
    s = Settings.from_env({"WIREDESK_REDIS_URL": "rediss://user:s3cret@redis:6380/1"})
    masked = s.masked()
    assert "s3cret" not in str(masked)
    assert masked["redis_url"] == "rediss://user:****@redis:6380/1"


def test_overrides_win_but_none_does_not_override():
    s = Settings.from_env({"WIREDESK_WEB_PORT": "7000"}, web_port=None)
    assert s.web_port == 7000
    assert Settings.from_env({"WIREDESK_WEB_PORT": "7000"}, web_port=7001).web_port == 7001


def test_every_setting_is_documented():
    for env, _default, doc in Settings.describe():
        assert env.startswith("WIREDESK_") and len(doc) > 10


def test_extract_processes_is_auto_or_a_count():
    assert Settings.from_env({"WIREDESK_EXTRACT_PROCESSES": "0", "WIREDESK_NLP_PROCESSES": "1"}).extract_workers(8) == 0
    assert Settings.from_env({"WIREDESK_NLP_PROCESSES": "4"}).extract_workers(cores=4) == 0
    assert Settings.from_env({"WIREDESK_NLP_PROCESSES": "3"}).extract_workers(cores=4) == 1
    with pytest.raises(SettingsError, match="WIREDESK_EXTRACT_PROCESSES must be `auto` or a number"):
        Settings.from_env({"WIREDESK_EXTRACT_PROCESSES": "two"})
