"""What `wiredesk up` prints: progress while the feed is processed, then the incidents."""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

import click

from streams.settings import Settings
from streams.topics import names


def format_incident(inc: dict[str, Any]) -> str:
    """A few readable lines for one incident (the terminal's view of ``incidents.events``)."""
    loc = inc.get("location") or {}
    place = ", ".join(p for p in (loc.get("city") or loc.get("name"), loc.get("state"), loc.get("country")) if p)
    counts = ", ".join(f"{k} {inc[k]}" for k in ("killed", "injured") if inc.get(k) is not None)
    outlets = sorted({s.get("source") or "?" for s in inc.get("sources", [])})
    dups = sum(1 for s in inc.get("sources", []) if s.get("duplicate_of"))
    lines = [click.style(f"■ {inc.get('title') or inc['incident_id']}", bold=True),
             f"  {inc['type']} · {place or 'place unknown'} · {inc.get('date') or 'date unknown'}"
             + (f" · {counts}" if counts else "") + f" · v{inc['version']} · {inc['incident_id']}",
             f"  sources: {len(inc.get('sources', []))} ({', '.join(outlets)})"
             + (f", {dups} republished cop{'y' if dups == 1 else 'ies'}" if dups else "")]
    for claim in inc.get("claims", [])[:6]:
        speaker = (claim.get("speaker") or {})
        who = speaker.get("resolved") or speaker.get("text") or "(unnamed)"
        content = claim["content"]["text"]
        content = content if len(content) < 110 else content[:107] + "…"
        lines.append(f"  “{content}” — {who} ({claim['cue']['text']}; {len(claim.get('sources', []))} source(s))")
    return "\n".join(lines)


def watch_outputs(settings: Settings, expected: int, timeout: float, follow: bool,
                  alive: Callable[[], bool]) -> bool:
    """Follow the output topics until ``expected`` inputs ended up annotated or dead-lettered.

    Prints the incidents then; with ``follow`` keeps printing incident events until Ctrl-C.
    Returns False on timeout or when the worker died.
    """
    from tqdm import tqdm

    from streams.clients import consumer

    topics = names(settings.topic_prefix)
    cons = consumer(settings, topics["annotated"], topics["deadletter"], topics["incidents"],
                    consumer_timeout_ms=500)
    incidents: dict[str, dict[str, Any]] = {}
    annotated: dict[str, str | None] = {}  # article id -> the incident its record names
    dead = 0
    deadline = time.monotonic() + timeout
    bar = tqdm(total=expected, unit="article", desc="processed", disable=expected == 0)
    try:
        # an article's record and its incident event travel on different topics, so either
        # may arrive first: done when every input is accounted for and every incident shown
        # already lists the annotated articles it took in
        while len(annotated) + dead < expected or not settled(annotated, incidents):
            if time.monotonic() > deadline or not alive():
                return False
            for msg in _poll(cons):
                if msg.topic == topics["annotated"]:
                    rec = json.loads(msg.value)
                    if rec["id"] not in annotated:
                        annotated[rec["id"]] = (rec.get("incident") or {}).get("incident_id")
                        bar.update(1)
                elif msg.topic == topics["deadletter"]:
                    letter = json.loads(msg.value)
                    dead += 1
                    bar.update(1)
                    tqdm.write(f"dead letter ({letter['stage']}/{letter['reason']}): {letter['error'][:120]}",
                               file=sys.stderr)
                else:
                    _keep_latest(incidents, json.loads(msg.value))
        bar.close()
        click.echo(f"\n{len(annotated)} articles annotated, {dead} dead-lettered, "
                   f"{len(incidents)} incidents:\n")
        for inc in sorted(incidents.values(), key=lambda i: (-len(i["sources"]), i["incident_id"])):
            click.echo(format_incident(inc) + "\n")
        if follow:
            click.echo("following incidents.events (Ctrl-C stops everything)…", err=True)
            while alive():
                for msg in _poll(cons):
                    if msg.topic == topics["incidents"]:
                        event = json.loads(msg.value)
                        _keep_latest(incidents, event)
                        click.echo(f"[{event['kind']}] " + format_incident(event["incident"]) + "\n")
            return False
        return True
    finally:
        bar.close()
        cons.close()


def settled(annotated: dict[str, str | None], incidents: dict[str, dict[str, Any]]) -> bool:
    """True when each annotated article is among the sources of the incident its record names
    (an incident that stopped listing sources at its cap counts as settled).

    >>> inc = {"i1": {"sources": [{"article_id": "a"}]}}
    >>> settled({"a": "i1", "x": None}, inc), settled({"a": "i1", "b": "i1"}, inc), settled({"c": "i2"}, inc)
    (True, False, False)
    """
    for article_id, incident_id in annotated.items():
        if incident_id is None:
            continue
        state = incidents.get(incident_id)
        if state is None:
            return False
        if not state.get("sources_truncated") and all(s["article_id"] != article_id for s in state["sources"]):
            return False
    return True


def _poll(cons) -> list:
    batches = cons.poll(timeout_ms=500)
    return [m for batch in batches.values() for m in batch]


def _keep_latest(incidents: dict[str, dict[str, Any]], event: dict[str, Any]) -> None:
    current = incidents.get(event["incident_id"])
    if current is None or event["version"] > current["version"]:
        incidents[event["incident_id"]] = event["incident"]
