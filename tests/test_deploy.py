"""docker-compose.yml and deploy/: parseable, and every WIREDESK_* they set is a real setting."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from streams.settings import Settings

REPO = Path(__file__).resolve().parents[1]
KNOWN = {env for env, _default, _doc in Settings.describe()}


def _env_names(text: str) -> set[str]:
    return set(re.findall(r"\b(WIREDESK_[A-Z_]+)\b", text))


@pytest.mark.parametrize("path", [REPO / "docker-compose.yml", *sorted((REPO / "deploy").rglob("*.yaml"))],
                         ids=lambda p: str(p.relative_to(REPO)))
def test_yaml_parses_and_uses_known_settings(path):
    text = path.read_text()
    docs = list(yaml.safe_load_all(text))
    assert docs and all(isinstance(d, dict) for d in docs)
    unknown = _env_names(text) - KNOWN
    assert not unknown, f"{path.name} sets variables wiredesk does not read: {unknown}"


def test_compose_workers_reach_the_compose_services():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = compose["services"]
    env = services["worker-1"]["environment"]
    host = env["WIREDESK_KAFKA_BROKER"].split(":")[0]
    assert host in services and services[host]["image"].startswith("apache/kafka")
    assert env["WIREDESK_REDIS_URL"].split("//")[1].split(":")[0] in services
    assert Settings.from_env(env).profile == "production"


def test_readme_documents_every_setting():
    readme = (REPO / "README.md").read_text()
    missing = KNOWN - _env_names(readme)
    assert not missing, f"README lacks {sorted(missing)}"
