import ssl

import pytest

from streams.security import faust_credentials, kafka_python_config, redis_options, ssl_context
from streams.settings import Settings, SettingsError

SASL = {"WIREDESK_KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "WIREDESK_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "WIREDESK_KAFKA_SASL_USERNAME": "desk", "WIREDESK_KAFKA_SASL_PASSWORD": "pa55-word"}


def test_plaintext_by_default():
    s = Settings.from_env({})
    assert kafka_python_config(s) == {"security_protocol": "PLAINTEXT"}
    assert faust_credentials(s) is None and ssl_context(s) is None


def test_sasl_ssl_reaches_both_client_libraries():
    s = Settings.from_env(SASL)
    conf = kafka_python_config(s)
    assert conf["security_protocol"] == "SASL_SSL" and conf["sasl_mechanism"] == "SCRAM-SHA-512"
    assert conf["sasl_plain_username"] == "desk" and conf["sasl_plain_password"] == "pa55-word"
    creds = faust_credentials(s)
    assert creds.username == "desk" and creds.password == "pa55-word"
    assert str(creds.mechanism.value) == "SCRAM-SHA-512"
    assert isinstance(creds.ssl_context, ssl.SSLContext)


def test_sasl_needs_credentials_and_a_known_mechanism():
    with pytest.raises(SettingsError, match="USERNAME"):
        Settings.from_env({"WIREDESK_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT"})
    with pytest.raises(SettingsError, match="MECHANISM"):
        Settings.from_env({**SASL, "WIREDESK_KAFKA_SASL_MECHANISM": "GSSAPI-ish"})
    with pytest.raises(SettingsError, match="SECURITY_PROTOCOL"):
        Settings.from_env({"WIREDESK_KAFKA_SECURITY_PROTOCOL": "TLS"})


def test_secrets_never_in_the_printed_settings():
    s = Settings.from_env({**SASL, "WIREDESK_REDIS_URL": "rediss://default:r3dis-pw@cache:6380/0"})
    printed = str(s.masked())
    assert "pa55-word" not in printed and "r3dis-pw" not in printed
    assert s.masked()["kafka_sasl_username"] == "desk"


def test_redis_tls_ca_only_for_rediss():
    assert redis_options(Settings.from_env({"WIREDESK_REDIS_URL": "redis://r:6379/0",
                                            "WIREDESK_REDIS_SSL_CAFILE": "/ca.pem"})) == {}
    assert redis_options(Settings.from_env({"WIREDESK_REDIS_URL": "rediss://r:6379/0",
                                            "WIREDESK_REDIS_SSL_CAFILE": "/ca.pem"})) == {"ssl_ca_certs": "/ca.pem"}
