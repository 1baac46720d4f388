"""Redis AUTH and TLS against real redis-servers; secrets stay out of logs and printed settings."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from streams.local import EmbeddedRedis
from tests.integration.conftest import start_pipeline
from tests.integration.feeds import encode, synthetic_feed

pytestmark = pytest.mark.integration

PASSWORD = "s3cret-Redis-pw"


def test_redis_auth_works_and_the_password_is_never_printed(broker, tmp_path):
    server = EmbeddedRedis(log_dir=tmp_path, password=PASSWORD)
    p = start_pipeline(broker, server, tmp_path, partitions=1)
    try:
        article = synthetic_feed(1)[0]
        p.produce(encode([article]))
        p.collect("annotated", lambda ms: any(m["id"] == article["id"] for m in ms), timeout=180)
    finally:
        p.stop()
        server.stop()
    log = "\n".join(f.read_text(errors="replace") for f in p.log_dir.glob("*.log"))
    assert "redis_url" in log, "the worker prints its settings at start"
    assert PASSWORD not in log
    shown = subprocess.run([sys.executable, "-m", "streams.cli", "config"], env=p.env, capture_output=True,
                           text=True, check=True).stdout
    assert "WIREDESK_REDIS_URL" in shown and PASSWORD not in shown


def _certificates(directory: Path) -> dict[str, str]:
    """A throwaway CA and a server certificate for 127.0.0.1 (openssl CLI)."""
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=directory)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=wiredesk-test-ca",
        "-keyout", "ca.key", "-out", "ca.pem")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr")
    (directory / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1",
        "-extfile", "ext.cnf", "-out", "server.pem")
    return {"cert": str(directory / "server.pem"), "key": str(directory / "server.key"), "ca": str(directory / "ca.pem")}


@pytest.mark.skipif(not any(os.access(os.path.join(d, "openssl"), os.X_OK)
                            for d in os.environ.get("PATH", "").split(os.pathsep)), reason="openssl CLI not installed")
def test_rediss_with_a_private_ca(tmp_path):
    certs = _certificates(tmp_path)
    server = EmbeddedRedis(log_dir=tmp_path, password=PASSWORD, tls=certs)
    try:
        assert server.url.startswith("rediss://")
        feed = tmp_path / "feed.jsonl"
        feed.write_text("".join(json.dumps(a) + "\n" for a in synthetic_feed(6)))
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIREDESK_")}
        base = [sys.executable, "-m", "streams.cli", "process", str(feed), "--out", str(tmp_path / "out.jsonl")]
        # Without the CA the certificate is refused: TLS is really verified.
        refused = subprocess.run(base, env={**env, "WIREDESK_REDIS_URL": server.url}, capture_output=True,
                                 text=True, timeout=300)
        assert refused.returncode != 0 and "certificate verify failed" in refused.stderr.lower()
        assert PASSWORD not in refused.stderr
        ok = subprocess.run(base, env={**env, "WIREDESK_REDIS_URL": server.url,
                                       "WIREDESK_REDIS_SSL_CAFILE": certs["ca"]},
                            capture_output=True, text=True, timeout=300)
        assert ok.returncode == 0, ok.stderr[-2000:]
        records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
        assert len(records) == 6 and any(r["incident"] for r in records)
    finally:
        server.stop()
