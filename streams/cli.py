"""The ``wiredesk`` command."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path

import click

from streams.settings import Settings, SettingsError
from streams.topics import BrokerUnavailable, TOPICS, names

SAMPLE_FEED = "sample_feed.jsonl"


def _settings(**overrides) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


def _need_broker(settings: Settings) -> None:
    if not settings.kafka_broker:
        raise click.UsageError("WIREDESK_KAFKA_BROKER is not set (host:port of a Kafka broker); "
                               "`wiredesk up` starts an embedded one")


def _topic_name(settings: Settings, topic: str) -> str:
    """Accept a role (`annotated`) or a full topic name (`wire.annotated`)."""
    return names(settings.topic_prefix).get(topic, topic)


def _print_settings(settings: Settings) -> None:
    click.echo("settings: " + json.dumps(settings.masked(), sort_keys=True), err=True)


def sample_feed_path() -> Path:
    return Path(str(resources.files("streams").joinpath("data", SAMPLE_FEED)))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="wiredesk")
def main() -> None:
    """wiredesk: news wire reports on Kafka in, incidents with who said what out.

    Configuration comes from WIREDESK_* environment variables (`wiredesk config` lists them).
    Start with `wiredesk up`: it runs everything locally on a sample feed.
    """
    _stop_on_terminate()


# ----------------------------------------------------------------------------- config / schema
@main.command()
def config() -> None:
    """List every WIREDESK_* setting, its default and its current value (secrets masked)."""
    current = _settings().masked()
    for (env, default, doc), value in zip(Settings.describe(), current.values()):
        click.echo(f"{env:32} = {value!r}  (default {default})\n    {doc}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default="schemas")
def schema(directory: Path) -> None:
    """Write the JSON Schema of every topic's messages into DIRECTORY (default ./schemas)."""
    from models import write_schemas

    for path in write_schemas(directory, _settings().topic_prefix):
        click.echo(str(path))


# ----------------------------------------------------------------------------- worker
@main.command()
@click.option("--web-port", type=int, help="Port of the worker's web server (WIREDESK_WEB_PORT).")
@click.option("--processes", type=int, help="spaCy processes (WIREDESK_NLP_PROCESSES; 0 = a thread).")
def worker(web_port: int | None, processes: int | None) -> None:
    """Run a Faust worker: the enrich and resolve agents.

    Needs WIREDESK_KAFKA_BROKER and WIREDESK_REDIS_URL. Run several for more throughput (up to
    the number of partitions); they share all state through Redis.
    """
    settings = _settings(web_port=web_port, nlp_processes=processes)
    _need_broker(settings)
    if not settings.redis_url:
        raise click.UsageError("WIREDESK_REDIS_URL is not set; `wiredesk up` starts an embedded Redis")
    _print_settings(settings)
    from faust.worker import Worker

    from streams.app import create_app
    from streams.topics import ensure_topics_for, wait_for_broker

    say = lambda msg, *args: click.echo(msg % args, err=True)  # noqa: E731
    try:
        wait_for_broker(settings.bootstrap_servers, settings.broker_wait_seconds or None, say=say)
        ensure_topics_for(settings)
    except BrokerUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    wiring = create_app(settings)
    Worker(wiring.app, loglevel=settings.log_level).execute_from_commandline()


# ----------------------------------------------------------------------------- replay / tail
def replay_file(settings: Settings, path: Path, topic: str, rate: float | None = None,
                progress: bool = True) -> int:
    """Publish every non-blank line of ``path`` as is (bad lines too: they test the dead letters)."""
    from tqdm import tqdm

    from streams.clients import article_key, producer

    with open(path, "rb") as f:
        lines = [ln.rstrip(b"\r\n") for ln in f if ln.strip()]
    prod = producer(settings)
    try:
        started = time.monotonic()
        for i, line in enumerate(tqdm(lines, unit="msg", desc=f"replay → {topic}", disable=not progress)):
            prod.send(topic, key=article_key(line), value=line)
            if rate:
                time.sleep(max(0.0, started + (i + 1) / rate - time.monotonic()))
        prod.flush()
    finally:
        prod.close()
    return len(lines)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--topic", default="articles", show_default=True, help="Topic role or name.")
@click.option("--rate", type=float, help="Messages per second (default: as fast as possible).")
def replay(file: Path, topic: str, rate: float | None) -> None:
    """Publish a JSONL feed of wire articles to wire.articles, one message per line."""
    settings = _settings()
    _need_broker(settings)
    from streams.topics import ensure_topics_for

    try:
        ensure_topics_for(settings)
    except BrokerUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    n = replay_file(settings, file, _topic_name(settings, topic), rate)
    click.echo(f"published {n} messages to {_topic_name(settings, topic)}", err=True)


@main.command(help="Print the messages of TOPIC (a role such as `annotated`, or a topic name) as JSON "
                   "lines. Roles: " + ", ".join(f"{k} ({v})" for k, v in TOPICS.items()) + ".")
@click.argument("topic")
@click.option("--from-beginning/--latest", default=True, show_default=True)
@click.option("-n", "--limit", type=int, help="Stop after this many messages.")
@click.option("--idle", type=float, help="Stop when nothing arrives for this many seconds.")
def tail(topic: str, from_beginning: bool, limit: int | None, idle: float | None) -> None:
    settings = _settings()
    _need_broker(settings)
    from streams.clients import consumer

    name = _topic_name(settings, topic)
    cons = consumer(settings, name, from_beginning=from_beginning)
    seen, quiet_since = 0, time.monotonic()
    try:
        with stop_requested() as stop:
            while not stop.is_set() and not (limit and seen >= limit):
                got = [m for batch in cons.poll(timeout_ms=500).values() for m in batch]
                got = got[:limit - seen] if limit else got
                if got:
                    quiet_since = time.monotonic()
                elif idle and time.monotonic() - quiet_since >= idle:
                    break
                for msg in got:
                    click.echo(msg.value.decode("utf-8", "replace"))
                seen += len(got)
    finally:
        cons.close()


# ----------------------------------------------------------------------------- process
@main.command()
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the records (JSONL; `-` for stdout).")
@click.option("--namespace", help="Redis namespace (default: a fresh one, so runs never mix).")
def process(articles: Path, out_path: Path, namespace: str | None) -> None:
    """Run extraction and resolution over ARTICLES.jsonl without Kafka: one record per line.

    Uses WIREDESK_REDIS_URL, or an embedded redis-server when it is unset.
    """
    from streams.offline import process_file

    settings = _settings()
    out_cm = contextlib.nullcontext(sys.stdout) if str(out_path) == "-" else open(out_path, "w", encoding="utf-8")
    with out_cm as out:
        counts = process_file(articles, out, settings, namespace, progress=sys.stderr.isatty())
    click.echo(json.dumps(counts), err=True)


# ----------------------------------------------------------------------------- up
@main.command()
@click.option("--feed", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL feed to publish (default: the sample feed that ships with wiredesk).")
@click.option("--no-feed", is_flag=True, help="Publish nothing; just run the services and the worker.")
@click.option("--once", is_flag=True, help="Stop everything once the feed is processed (default: run until Ctrl-C).")
@click.option("--timeout", type=float, default=600, show_default=True,
              help="Give up waiting for the feed after this many seconds.")
def up(feed: Path | None, no_feed: bool, once: bool, timeout: float) -> None:
    """Run the whole pipeline locally: broker, Redis, a worker, the feed; show the incidents.

    Starts an embedded broker (tansu) and redis-server unless WIREDESK_KAFKA_BROKER /
    WIREDESK_REDIS_URL point elsewhere. Ctrl-C stops all of it.
    """
    from streams.local import EmbeddedBroker, EmbeddedRedis, ServiceError
    from streams.show import watch_outputs

    feed = None if no_feed else (feed or sample_feed_path())
    run_dir = Path(tempfile.mkdtemp(prefix="wiredesk-up-"))
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        try:
            if not env.get("WIREDESK_KAFKA_BROKER"):
                broker = stack.enter_context(EmbeddedBroker(log_dir=run_dir))
                env.update(WIREDESK_KAFKA_BROKER=broker.bootstrap, WIREDESK_PROFILE="local")
                click.echo(f"broker   tansu (embedded, in memory) on {broker.bootstrap}", err=True)
            else:
                click.echo(f"broker   {env['WIREDESK_KAFKA_BROKER']} (WIREDESK_KAFKA_BROKER)", err=True)
            if not env.get("WIREDESK_REDIS_URL"):
                rds = stack.enter_context(EmbeddedRedis(log_dir=run_dir))
                env["WIREDESK_REDIS_URL"] = rds.url
                click.echo(f"redis    redis-server (embedded) at {rds.url}", err=True)
            else:
                click.echo(f"redis    {Settings.from_env(env).masked()['redis_url']} (WIREDESK_REDIS_URL)", err=True)
        except ServiceError as exc:
            raise click.ClickException(str(exc)) from None
        env.setdefault("WIREDESK_WEB_PORT", str(_free_port()))
        settings = _settings_from(env)
        from streams.topics import ensure_topics_for

        try:
            ensure_topics_for(settings)
        except BrokerUnavailable as exc:
            raise click.ClickException(str(exc)) from None
        log_path = run_dir / "worker.log"
        worker_proc = _start_worker(env, log_path)
        stack.callback(_stop_process, worker_proc)
        click.echo(f"worker   pid {worker_proc.pid}, web on {settings.web_host}:{settings.web_port}, "
                   f"log {log_path}", err=True)
        from streams.web.command import start_dashboard

        dash_proc, dash_url = start_dashboard(env, run_dir / "dashboard.log")
        stack.callback(_stop_process, dash_proc)
        click.echo(f"dashboard {dash_url} (pid {dash_proc.pid}, log {run_dir / 'dashboard.log'})", err=True)
        expected = 0
        if feed:
            expected = replay_file(settings, feed, names(settings.topic_prefix)["articles"])
            click.echo(f"feed     {feed}: {expected} messages published", err=True)
        with stop_requested() as stop:
            ok = watch_outputs(settings, expected, timeout=timeout, follow=not once,
                               alive=lambda: worker_proc.poll() is None and not stop.is_set())
        if stop.is_set():
            click.echo("\nstopping…", err=True)
            ok = True
        if worker_proc.poll() is not None and worker_proc.returncode not in (0, -signal.SIGTERM):
            raise click.ClickException(f"the worker exited with code {worker_proc.returncode}; see {log_path}")
        if not ok:
            raise click.ClickException(f"the feed was not fully processed in {timeout:.0f} s; see {log_path}")


def _stop_on_terminate() -> None:
    """SIGTERM and SIGHUP stop every command the way Ctrl-C does, so what it started is stopped:
    `up` stops the worker, then Redis and the broker; `process` and `eval` their embedded Redis
    (seen: a killed `wiredesk eval` left its redis-server running). Faust's worker installs its
    own handlers."""

    def interrupt(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


@contextlib.contextmanager
def stop_requested():
    """Within the block, Ctrl-C, SIGTERM and SIGHUP set the event it yields instead of raising
    :class:`KeyboardInterrupt`, for loops that poll Kafka: they stop between two polls, never inside
    the Kafka client's wait for its network thread. A signal the parent ignores stays ignored (as
    Python leaves SIGINT for a job started in the background of a script)."""
    stop = threading.Event()
    signals = [sig for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP) if signal.getsignal(sig) != signal.SIG_IGN]
    previous = {sig: signal.signal(sig, lambda signum, frame: stop.set()) for sig in signals}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _settings_from(env: dict[str, str]) -> Settings:
    try:
        return Settings.from_env(env)
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


def _free_port() -> int:
    from streams.local import free_port

    return free_port()


def _start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")
    return subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], env=env, stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)


def _stop_process(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ----------------------------------------------------------------------------- commands of other modules
def _register_commands() -> None:
    """Commands that live beside the code they drive; one line each."""
    from streams.deadletter import deadletter_group
    from streams.evaluate import eval_group
    from streams.lag import lag_command
    from streams.web.command import dashboard_command

    main.add_command(eval_group)
    main.add_command(deadletter_group)
    main.add_command(lag_command)
    main.add_command(dashboard_command)


_register_commands()

if __name__ == "__main__":
    main()
