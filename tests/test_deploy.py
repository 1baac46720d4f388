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


# ----------------------------------------------------------------------------- every file parses
def _deploy_files(*suffixes: str) -> list[Path]:
    return sorted(p for p in (REPO / "deploy").rglob("*") if p.suffix in suffixes)


def _yaml_docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d is not None]


def _compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.mark.parametrize("path", _deploy_files(".yml", ".yaml", ".json"), ids=lambda p: str(p.relative_to(REPO)))
def test_every_deploy_file_parses(path):
    import json

    docs = [json.loads(path.read_text())] if path.suffix == ".json" else _yaml_docs(path)
    assert docs and all(isinstance(d, dict) for d in docs)
    unknown = _env_names(path.read_text()) - KNOWN
    assert not unknown, f"{path.name} sets variables wiredesk does not read: {unknown}"


# ----------------------------------------------------------------------------- metric names in queries
def promql_metrics(expr: str) -> set[str]:
    """wiredesk/kafka_exporter metric names a PromQL expression reads (label values ignored).

    >>> sorted(promql_metrics('max by (topic) (kafka_consumergroup_lag_sum{topic="wiredesk_x"}) > 0'))
    ['kafka_consumergroup_lag_sum']
    """
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    expr = re.sub(r"\{[^}]*\}", "", expr)
    return set(re.findall(r"\b(?:kafka|wiredesk)_[a-zA-Z0-9_]*[a-zA-Z0-9]\b", expr))


def alert_rules() -> list[dict]:
    doc = yaml.safe_load((REPO / "deploy/prometheus/alerts.yml").read_text())
    return [rule for group in doc["groups"] for rule in group["rules"]]


def grafana_exprs() -> list[str]:
    import json

    out = []
    for path in sorted((REPO / "deploy/grafana/dashboards").glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            out += [t["expr"] for t in panel.get("targets", [])]
    return out


def queried_metrics() -> set[str]:
    """Every metric the alert rules and the Grafana dashboards query."""
    names: set[str] = set()
    for expr in [r["expr"] for r in alert_rules()] + grafana_exprs():
        names |= promql_metrics(expr)
    return names


def _exposed_series_names() -> set[str]:
    """Series names the worker code declares (the histogram's _bucket/_sum/_count included)."""
    from streams.web.metrics import declared_series

    return declared_series(Settings())


def test_alert_rules_are_complete_and_query_declared_metrics():
    rules = alert_rules()
    assert any("kafka_consumergroup_lag" in r["expr"] for r in rules), "no lag alert"
    for rule in rules:
        assert {"alert", "expr", "labels", "annotations"} <= rule.keys(), rule
        assert rule["labels"]["severity"] in {"info", "warning", "critical"}
        assert rule["annotations"]["summary"]
        assert promql_metrics(rule["expr"]) or "up{" in rule["expr"], rule["alert"]
    unknown = queried_metrics() - _exposed_series_names()
    assert not unknown, f"queries use metrics the workers do not expose: {unknown}"


def test_grafana_dashboard_uses_the_provisioned_datasource():
    import json

    sources = yaml.safe_load((REPO / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text())
    uids = {d["uid"] for d in sources["datasources"]}
    services = _compose()["services"]
    for ds in sources["datasources"]:
        host, port = re.match(r"https?://([^:/]+):(\d+)", ds["url"]).groups()
        assert host in services and any(p.endswith(f":{port}") for p in services[host]["ports"])
    for path in sorted((REPO / "deploy/grafana/dashboards").glob("*.json")):
        dash = json.loads(path.read_text())
        assert dash["uid"] and dash["panels"]
        for panel in dash["panels"]:
            assert panel["datasource"]["uid"] in uids, panel["title"]
            assert panel["targets"] and all(t["expr"] for t in panel["targets"]), panel["title"]
            assert len({(p["gridPos"]["x"], p["gridPos"]["y"]) for p in dash["panels"]}) == len(dash["panels"])


# ----------------------------------------------------------------------------- compose references
def _mounts(service: dict) -> dict[str, Path]:
    """Container path -> host path of a compose service's bind mounts."""
    out = {}
    for vol in service.get("volumes", []):
        host, container = vol.split(":")[:2]
        out[container] = (REPO / host).resolve()
    return out


def test_compose_mounts_exist_and_prometheus_scrapes_the_workers():
    services = _compose()["services"]
    for name, svc in services.items():
        for host in _mounts(svc).values():
            assert host.exists(), f"{name} mounts missing {host}"
    prom = services["prometheus"]
    mounts = _mounts(prom)
    config_path = next(a.split("=", 1)[1] for a in prom["command"] if a.startswith("--config.file="))
    config = yaml.safe_load(mounts[config_path].read_text())
    for rule_file in config["rule_files"]:
        assert rule_file in mounts, f"rule file {rule_file} is not mounted"
    targets = [t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]]
    workers = [n for n, s in services.items() if s.get("command") == ["worker"]]
    assert len(workers) >= 2 and sorted(t.split(":")[0] for t in targets) == sorted(workers)
    for target in targets:
        host, port = target.split(":")
        env = Settings.from_env(services[host]["environment"])
        assert int(port) == env.web_port and env.web_host == "0.0.0.0"
        assert any(p.endswith(f":{port}") for p in services[host]["ports"])


def test_compose_grafana_provisioning_and_dashboard_service():
    services = _compose()["services"]
    mounts = _mounts(services["grafana"])
    provisioning = mounts["/etc/grafana/provisioning"]
    providers = yaml.safe_load((provisioning / "dashboards/wiredesk.yml").read_text())["providers"]
    for provider in providers:
        assert provider["options"]["path"] in mounts, "Grafana reads dashboards from a path that is not mounted"
        assert list(mounts[provider["options"]["path"]].glob("*.json"))
    dash = services["dashboard"]
    env = Settings.from_env(dash["environment"])
    assert dash["command"] == ["dashboard"] and env.dashboard_host == "0.0.0.0"
    assert any(p.endswith(f":{env.dashboard_port}") for p in dash["ports"])
    assert env.kafka_broker.split(":")[0] in services


def _version() -> str:
    return re.search(r'^version = "([^"]+)"', (REPO / "pyproject.toml").read_text(), re.M).group(1)


def test_wiredesk_images_are_the_packaged_version():
    image = f"wiredesk:{_version()}"
    for name, svc in _compose()["services"].items():
        if svc.get("build"):
            assert svc["image"] == image, name
    for path in _deploy_files(".yaml"):
        for doc in _yaml_docs(path):
            for c in _containers(doc):
                if c["image"].startswith("wiredesk"):
                    assert c["image"] == image, path.name
    dockerfile = (REPO / "Dockerfile").read_text()
    exposed = {int(p) for p in re.findall(r"\d+", re.search(r"^EXPOSE (.+)$", dockerfile, re.M).group(1))}
    assert {Settings().web_port, Settings().dashboard_port} <= exposed


# ----------------------------------------------------------------------------- kubernetes references
def _k8s_docs() -> list[dict]:
    return [d for p in sorted((REPO / "deploy/k8s").glob("*.yaml")) for d in _yaml_docs(p)]


def _containers(doc: dict) -> list[dict]:
    return doc.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])


def _env(container: dict) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}


def test_k8s_services_select_pods_and_ports():
    docs = _k8s_docs()
    workloads = [d for d in docs if d["kind"] in ("Deployment", "StatefulSet")]
    assert {d["metadata"]["name"] for d in workloads} >= {"wiredesk-worker", "wiredesk-dashboard", "wiredesk-redis"}
    for svc in (d for d in docs if d["kind"] == "Service"):
        selected = [w for w in workloads
                    if svc["spec"]["selector"].items() <= w["spec"]["template"]["metadata"]["labels"].items()]
        assert selected, f"Service {svc['metadata']['name']} selects no pods"
        port_names = {p.get("name") for w in selected for c in _containers(w) for p in c.get("ports", [])}
        for port in svc["spec"]["ports"]:
            assert port["targetPort"] in port_names, f"{svc['metadata']['name']}: no container port {port['targetPort']}"
    for w in workloads:
        assert w["spec"]["selector"]["matchLabels"].items() <= w["spec"]["template"]["metadata"]["labels"].items()
        for c in _containers(w):
            settings = Settings.from_env(_env(c))
            ports = {p["containerPort"] for p in c.get("ports", [])}
            if c.get("args") == ["worker"]:
                assert settings.web_port in ports
                annotations = w["spec"]["template"]["metadata"].get("annotations", {})
                assert int(annotations["prometheus.io/port"]) == settings.web_port
            if c.get("args") == ["dashboard"]:
                assert settings.dashboard_port in ports


def test_keda_scales_the_worker_deployment_on_its_group_lag():
    from streams.lag import worker_topics

    docs = _k8s_docs()
    worker = next(d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "wiredesk-worker")
    settings = Settings.from_env(_env(_containers(worker)[0]))
    scaled = [d for d in docs if d["kind"] == "ScaledObject"]
    assert scaled
    for so in scaled:
        assert so["spec"]["scaleTargetRef"]["name"] == worker["metadata"]["name"]
        assert 1 <= so["spec"]["minReplicaCount"] <= so["spec"]["maxReplicaCount"] <= settings.topic_partitions
        triggers = so["spec"]["triggers"]
        assert {t["metadata"]["topic"] for t in triggers} == set(worker_topics(settings))
        for t in triggers:
            assert t["type"] == "kafka"
            assert t["metadata"]["consumerGroup"] == settings.app_id
            assert t["metadata"]["bootstrapServers"] == settings.kafka_broker
            assert int(t["metadata"]["lagThreshold"]) > 0
