"""``wiredesk deadletter``: look at what was dead-lettered, fix it, send it back in.

    wiredesk deadletter list [--reason not_json] [--stage decode]
    wiredesk deadletter export --out bad.jsonl        # one original message per line, to fix by hand
    wiredesk deadletter replay bad.jsonl              # publish the fixed lines to wire.articles
    wiredesk deadletter replay --reason nlp_failed    # re-publish originals as they were (after a fix in code)
"""
from __future__ import annotations

import base64
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from streams.settings import Settings, SettingsError
from streams.topics import names


def _settings() -> Settings:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None
    if not settings.kafka_broker:
        raise click.UsageError("WIREDESK_KAFKA_BROKER is not set")
    return settings


def read_letters(settings: Settings, stage: str | None = None, reason: str | None = None,
                 idle: float = 2.0) -> Iterator[dict[str, Any]]:
    """Every dead letter on the topic so far (oldest first), filtered by stage and reason."""
    from streams.clients import consumer

    cons = consumer(settings, names(settings.topic_prefix)["deadletter"], consumer_timeout_ms=int(idle * 1000))
    try:
        for msg in cons:
            letter = json.loads(msg.value)
            if (stage is None or letter["stage"] == stage) and (reason is None or letter["reason"] == reason):
                yield letter
    finally:
        cons.close()


def original(letter: dict[str, Any]) -> bytes | None:
    """The original message value, or None when the letter holds only its start (``raw_truncated``)."""
    if letter.get("raw_truncated"):
        return None
    return base64.b64decode(letter["raw"])


_filters = [
    click.option("--stage", type=click.Choice(["decode", "enrich", "resolve"]), help="Only this stage."),
    click.option("--reason", help="Only this reason (e.g. not_json, too_large, nlp_failed)."),
]


def _with_filters(fn):
    for option in reversed(_filters):
        fn = option(fn)
    return fn


@click.group("deadletter")
def deadletter_group() -> None:
    """Inspect the dead letters (wire.deadletter) and send fixed messages back in."""


@deadletter_group.command("list")
@_with_filters
@click.option("--json", "as_json", is_flag=True, help="Print the letters as JSON lines.")
def list_letters(stage: str | None, reason: str | None, as_json: bool) -> None:
    """One line per dead letter: where it came from, why, and the start of the message."""
    count = 0
    for letter in read_letters(_settings(), stage, reason):
        count += 1
        if as_json:
            click.echo(json.dumps(letter, ensure_ascii=False))
            continue
        where = f"{letter.get('topic')}[{letter.get('partition')}]@{letter.get('offset')}"
        preview = (letter.get("raw_text") or "")[:60].replace("\n", " ")
        click.echo(f"{letter['failed_at']}  {where:28} {letter['stage']}/{letter['reason']:14} "
                   f"key={letter.get('key')!s:20} {letter['error'][:70]!r}  {preview!r}")
    click.echo(f"{count} dead letter(s)", err=True)


@deadletter_group.command("export")
@_with_filters
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="JSONL file to write, one original message per line (`-` for stdout).")
def export_letters(stage: str | None, reason: str | None, out_path: Path) -> None:
    """Write the original messages, one per line, to fix by hand and `replay`."""
    out = sys.stdout.buffer if str(out_path) == "-" else open(out_path, "wb")
    written = skipped = 0
    try:
        for letter in read_letters(_settings(), stage, reason):
            raw = original(letter)
            if raw is None:
                skipped += 1
                continue
            out.write(raw.replace(b"\r", b" ").replace(b"\n", b" ") + b"\n")
            written += 1
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    click.echo(f"exported {written} message(s)" + (f"; {skipped} cut ones left out (read them at their "
                                                    f"input offset)" if skipped else ""), err=True)


@deadletter_group.command("replay")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_with_filters
def replay_letters(file: Path | None, stage: str | None, reason: str | None) -> None:
    """Publish FILE's lines (fixed messages) to wire.articles; without FILE, the originals of the
    matching dead letters as they were (useful once a bug that failed them is fixed)."""
    from streams.cli import replay_file
    from streams.clients import article_key, producer

    settings = _settings()
    topic = names(settings.topic_prefix)["articles"]
    if file is not None:
        n = replay_file(settings, file, topic)
        click.echo(f"published {n} fixed message(s) to {topic}", err=True)
        return
    prod = producer(settings)
    sent = skipped = 0
    try:
        for letter in read_letters(settings, stage, reason):
            raw = original(letter)
            if raw is None:
                skipped += 1
                continue
            prod.send(topic, key=article_key(raw), value=raw)
            sent += 1
        prod.flush()
    finally:
        prod.close()
    click.echo(f"re-published {sent} original message(s) to {topic}" + (f"; {skipped} cut ones skipped"
                                                                         if skipped else ""), err=True)
