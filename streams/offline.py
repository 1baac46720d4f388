"""``wiredesk process``: the agents' extraction and resolution over a JSONL file, without Kafka.

Same code as the stream (``streams.decode``, ``streams.nlp.extract``, ``streams.dedup``), same
Redis logic in a fresh namespace unless one is given; one output line per input line, in order.
A line that would be dead-lettered yields ``{"id": ..., "error": {stage, reason, error}}``.
"""
from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from streams.clients import article_key
from streams.decode import BadInput, decode_article
from streams.dedup.resolver import Resolver
from streams.nlp.extract import EnrichError, enrich_each
from streams.security import redis_options
from streams.settings import Settings


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _error(line: bytes, stage: str, reason: str, error: str) -> dict[str, Any]:
    key = article_key(line)
    return {"id": key.decode() if key else None, "entities": [], "claims": [], "incident": None,
            "duplicate_of": None, "error": {"stage": stage, "reason": reason, "error": error}}


def process_lines(lines: Iterable[bytes], resolver: Resolver, settings: Settings) -> Iterator[dict[str, Any]]:
    """Yield one record per input line (blank lines are skipped), in input order."""
    for chunk in _chunks((ln for ln in lines if ln.strip()), settings.batch_size * 4):
        decoded: list[dict[str, Any] | BadInput] = []
        for line in chunk:
            try:
                decoded.append(decode_article(line.rstrip(b"\r\n"), settings.max_body_bytes))
            except BadInput as exc:
                decoded.append(exc)
        good = [a for a in decoded if not isinstance(a, BadInput)]
        enriched = iter(enrich_each(good, settings.batch_size))
        for line, item in zip(chunk, decoded):
            if isinstance(item, BadInput):
                yield _error(line, "decode", item.reason, item.error)
                continue
            result = next(enriched)
            if isinstance(result, EnrichError):
                yield _error(line, "enrich", "nlp_failed", str(result))
            else:
                yield resolver.resolve(result)["record"]


def count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())


def process_file(in_path: Path, out: TextIO, settings: Settings, namespace: str | None = None,
                 progress: bool = True) -> dict[str, int]:
    """Process ``in_path`` into ``out``; return counts. Starts an embedded Redis if none is configured."""
    from tqdm import tqdm

    from streams.local import EmbeddedRedis

    namespace = namespace or f"process-{uuid.uuid4().hex[:12]}"
    counts = {"records": 0, "errors": 0, "incidents": 0}
    with contextlib.ExitStack() as stack:
        url = settings.redis_url or stack.enter_context(EmbeddedRedis()).url
        resolver = Resolver.from_url(url, redis_options(settings), namespace=namespace, ttl_seconds=settings.state_ttl_seconds,
                                     redelivery_ttl_seconds=settings.redelivery_ttl,
                                     window_days=settings.incident_window_days)
        total = count_lines(in_path)
        with open(in_path, "rb") as f, tqdm(total=total, unit="article", disable=not progress,
                                             desc="process") as bar:
            for rec in process_lines(f, resolver, settings):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                counts["errors" if "error" in rec else "records"] += 1
                bar.update(1)
        counts["incidents"] = len(resolver.incidents())
    counts["namespace"] = namespace  # type: ignore[assignment]
    return counts
