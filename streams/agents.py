"""The two agents, thin wiring around the pure core.

enrich:  wire.articles --decode--> NLP pool --> wire.enriched    (bad input -> wire.deadletter)
resolve: wire.enriched --Resolver (Redis)--> wire.annotated, incidents.events, claims.events

Delivery is at least once; every effect is idempotent per article id (see streams.dedup), so a
redelivered message produces identical records and events.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import faust
import orjson
import redis

from streams.decode import BadInput, dead_letter, decode_article
from streams.dedup.resolver import Resolver
from streams.security import redis_options
from streams.nlp.extract import EnrichError
from streams.nlp.pool import NlpPool
from streams.web import metrics

log = logging.getLogger(__name__)

REDIS_RETRY_MAX_SECONDS = 30.0


def _json(value: Any) -> bytes:
    """Compact UTF-8 JSON (orjson: the worker encodes every record, event and claim it sends,
    and decodes every enriched record)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


async def send_json(topic: faust.TopicT, key: str | None, value: dict[str, Any], headers=None) -> None:
    await topic.send(key=key.encode("utf-8") if key is not None else None, value=_json(value), headers=headers)


async def send_dead_letter(topics: dict[str, faust.TopicT], event: faust.types.EventT, stage: str,
                           reason: str, error: str) -> None:
    msg = event.message
    metrics.DEADLETTERED.labels(stage, reason).inc()
    log.warning("dead letter: %s/%s at %s[%s]@%s: %s", stage, reason, msg.topic, msg.partition, msg.offset, error)
    letter = dead_letter(msg.value, stage, reason, error, key=msg.key, topic=msg.topic,
                         partition=msg.partition, offset=msg.offset)
    try:
        await send_json(topics["deadletter"], letter["key"], letter)
    except Exception as exc:  # noqa: BLE001 - e.g. over the broker's message size: keep the pointer
        log.error("dead letter too large to send (%s); sending it without the raw value", exc)
        letter.update(raw="", raw_text=None, raw_truncated=True, error=f"{error} [raw value omitted: {exc}]"[:2000])
        await send_json(topics["deadletter"], letter["key"], letter)


async def with_redis_retry(fn, *args):
    """Run blocking ``fn`` in a thread; while Redis is unreachable, wait and retry with backoff."""
    delay = 0.5
    while True:
        try:
            return await asyncio.to_thread(fn, *args)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            metrics.REDIS_ERRORS.inc()
            log.warning("Redis unavailable (%s); retrying in %.1f s", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, REDIS_RETRY_MAX_SECONDS)


#: Batches in the enrich agent's NLP pool at once: one parsed while the other's results are sent.
BATCHES_IN_FLIGHT = 2


async def unless_stopped(awaitable, watched: asyncio.Task) -> None:
    """Await ``awaitable``, unless ``watched`` stops first: then raise what stopped it, instead of
    waiting forever for what only ``watched`` would have done."""
    waiting = asyncio.ensure_future(awaitable)
    await asyncio.wait({waiting, watched}, return_when=asyncio.FIRST_COMPLETED)
    if not waiting.done():
        waiting.cancel()
        watched.result()  # its exception, if it failed
        raise RuntimeError(f"{watched.get_name()} has stopped")


def register_agents(wiring) -> None:
    app, topics, settings = wiring.app, wiring.topics, wiring.settings

    @app.agent(topics["articles"], name="enrich")
    async def enrich(stream):
        extractors = settings.extract_workers()
        pool = NlpPool(settings.nlp_processes, settings.batch_size, extract_processes=extractors)
        await asyncio.to_thread(pool.warm)
        log.info("NLP pool ready: %d spaCy process(es), %d extraction process(es)", settings.nlp_processes,
                 extractors)
        try:
            await _enrich_stream(stream, pool)
        finally:
            pool.close()

    async def _enrich_stream(stream, pool: NlpPool) -> None:
        # Two batches in flight: while one batch's results are awaited and sent, the next is
        # already queued in the NLP pool, so the spaCy processes never wait for Kafka sends or for
        # the next batch to be taken. Each event is held (one more reference) until its result
        # is sent, so its offset is committed only then (at least once); the sender is its own
        # task, so a lone batch is sent as soon as it is done, not when the next one comes.
        slots = asyncio.Semaphore(BATCHES_IN_FLIGHT)
        in_flight: asyncio.Queue = asyncio.Queue()
        sender = asyncio.create_task(_send_enriched(in_flight, slots), name="the enriched-record sender")
        try:
            async for events in stream.take_events(settings.batch_size, within=settings.batch_within):
                await unless_stopped(slots.acquire(), sender)
                for event in events:
                    event.message.incref()
                good: list[tuple[faust.types.EventT, dict[str, Any]]] = []
                for event in events:
                    try:
                        good.append((event, decode_article(event.message.value, settings.max_body_bytes)))
                    except BadInput as exc:
                        await send_dead_letter(topics, event, "decode", exc.reason, exc.error)
                enriching = asyncio.ensure_future(pool.enrich([article for _, article in good]))
                in_flight.put_nowait((events, good, enriching, time.perf_counter()))
            in_flight.put_nowait(None)
            await sender
        finally:
            sender.cancel()

    async def _send_enriched(in_flight: asyncio.Queue, slots: asyncio.Semaphore) -> None:
        while (item := await in_flight.get()) is not None:
            events, good, enriching, started = item
            results = await enriching
            metrics.observe_stage("enrich", time.perf_counter() - started, len(good))
            for (event, article), result in zip(good, results):
                if isinstance(result, EnrichError):
                    await send_dead_letter(topics, event, "enrich", "nlp_failed", str(result))
                else:
                    await send_json(topics["enriched"], article["id"], result, metrics.source_ts_headers(event))
            for event in events:
                if event.ack():  # the last reference: the offset may now be committed
                    app.sensors.on_message_out(event.message.tp, event.message.offset, event.message)
            slots.release()

    @app.agent(topics["enriched"], name="resolve")
    async def resolve(stream):
        resolver = Resolver.from_url(settings.redis_url, redis_options(settings), namespace=settings.namespace,
                                     ttl_seconds=settings.state_ttl_seconds,
                                     redelivery_ttl_seconds=settings.redelivery_ttl,
                                     window_days=settings.incident_window_days)
        async for event in stream.events():
            try:
                enriched = orjson.loads(event.message.value)
                enriched["id"], enriched["fingerprint"]  # noqa: B018 - the fields resolve relies on
            except (ValueError, TypeError, KeyError) as exc:
                await send_dead_letter(topics, event, "resolve", "bad_enriched_record", repr(exc))
                continue
            try:
                started = time.perf_counter()
                result = await with_redis_retry(resolver.resolve, enriched)
                metrics.observe_stage("resolve", time.perf_counter() - started)
            except Exception as exc:  # noqa: BLE001 - a bug must cost one article, not the worker
                log.exception("resolve failed for %s", enriched.get("id"))
                await send_dead_letter(topics, event, "resolve", "resolve_failed", f"{type(exc).__name__}: {exc}")
                continue
            await send_json(topics["annotated"], enriched["id"], result["record"])
            for ev in result["incident_events"]:
                await send_json(topics["incidents"], ev["incident_id"], ev)
            for ev in result["claim_events"]:
                await send_json(topics["claims"], ev["claim_id"], ev)
            metrics.article_resolved(event, result["record"])
