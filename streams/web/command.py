"""``wiredesk dashboard`` and the helper ``wiredesk up`` uses to start it beside the worker."""
from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click


@click.command("dashboard")
@click.option("--port", type=int, help="Port to listen on (WIREDESK_DASHBOARD_PORT, default 8080).")
@click.option("--host", help="Address to bind (WIREDESK_DASHBOARD_HOST, default 127.0.0.1).")
def dashboard_command(port: int | None, host: str | None) -> None:
    """Serve the live incident dashboard: a web page fed by incidents.events.

    Reads the topic from the beginning, keeps the latest state of each incident in memory and
    pushes every change to the open pages (server-sent events). Needs WIREDESK_KAFKA_BROKER.
    """
    from streams.cli import _need_broker, _settings
    from streams.web.server import serve

    settings = _settings(dashboard_port=port, dashboard_host=host)
    _need_broker(settings)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    click.echo(f"dashboard on {url_of(settings.dashboard_host, settings.dashboard_port)}", err=True)
    serve(settings, settings.dashboard_host, settings.dashboard_port)


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://{shown}:{port}/"


def port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def start_dashboard(env: dict[str, str], log_path: Path, wait: float = 20.0) -> tuple[subprocess.Popen, str]:
    """Start ``wiredesk dashboard`` as a subprocess of ``up``; return it and its URL once it answers.

    Uses WIREDESK_DASHBOARD_PORT when set, else 8080 when free, else any free port (``env`` is
    updated with the port chosen).
    """
    from streams.local import free_port
    from streams.settings import Settings

    settings = Settings.from_env(env)
    if not env.get("WIREDESK_DASHBOARD_PORT") and not port_free(settings.dashboard_host, settings.dashboard_port):
        env["WIREDESK_DASHBOARD_PORT"] = str(free_port())
        settings = Settings.from_env(env)
    url = url_of(settings.dashboard_host, settings.dashboard_port)
    log = open(log_path, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "dashboard"], env=env, stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    return proc, url
