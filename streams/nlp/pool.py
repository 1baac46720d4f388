"""Running the NLP stage off the event loop: spaCy in worker processes, plain dicts back.

spaCy is CPU work; parsed inline in Faust's loop a 64-article batch blocked it for seconds
(DESIGN.md, hazards). ``NlpPool`` splits each batch across ``processes`` spawned processes, each
with the model loaded once by the initializer; ``processes=0`` uses one thread instead (tests,
tiny machines). A process that dies (e.g. out of memory on a pathological text) breaks the pool:
it is rebuilt and the batch retried article by article, so only the culprit fails.

With ``extract_processes`` the stage is a two-step pipeline: the spaCy processes only parse
(:func:`~streams.nlp.extract.parse_each`) and the extraction of entities, claims and facts runs
in its own processes (:func:`~streams.nlp.extract.extract_each`), chunk by chunk, while the next
chunk is parsed. Parsing is the floor of the pipeline's cost; extraction added about 16 ms of
CPU to each article's ~85 ms of parse in the spaCy process, and a core the parse processes leave
free takes it instead (``Settings.extract_workers``).
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from streams.nlp.extract import EnrichError, enrich_each, extract_each, parse_each

log = logging.getLogger(__name__)


def _warm() -> None:
    """Process initializer: load the model, build the place gazetteer and read the word
    frequencies before the first batch arrives. They belong to start-up: built lazily, the
    gazetteer (about 4 s) stalled the first incident report mid-stream."""
    from streams.dedup.textsim import information
    from streams.nlp.pipeline import load_nlp
    from streams.nlp.places import gazetteer

    _exit_with_parent()
    load_nlp()
    gazetteer()
    information("news")


_watching = False


def _exit_with_parent(every: float = 1.0) -> None:
    """In a pool process: exit when the worker that spawned it is gone (killed, or stopped
    without closing the pool), instead of lingering with a model's worth of memory. Seen: a
    worker stopped by SIGTERM left its spaCy processes behind."""
    global _watching
    if _watching or multiprocessing.parent_process() is None:
        return
    _watching = True
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def split(items: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    """``items`` in at most ``parts`` contiguous, nearly equal, non-empty chunks, order kept.

    >>> split([1, 2, 3, 4, 5], 2)
    [[1, 2, 3], [4, 5]]
    """
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out


#: spaCy's string store only grows: a process is replaced after this many tasks (a batch, or a
#: chunk of one; about 30 MB of growth per 2,000 news articles was measured by benchmarks/soak.py),
#: at the cost of one model load (~1 s) in the background of the other processes.
RECYCLE_AFTER_BATCHES = 2000
#: A batch is cut into this many chunks per process (with more than one process).
CHUNKS_PER_PROCESS = 4
#: With extraction processes, a batch is cut into chunks of at most this many articles: a chunk is
#: extracted while the next is parsed, so a batch is done soon after its parse (the shortest
#: articles come last); the enrich agent's next batch keeps the spaCy processes busy meanwhile.
#: spaCy parses 8 at a time as fast as 32.
PIPELINE_CHUNK = 8


class NlpPool:
    def __init__(self, processes: int = 1, batch_size: int = 32, recycle_after: int = RECYCLE_AFTER_BATCHES,
                 extract_processes: int = 0):
        self.processes = processes
        self.batch_size = batch_size
        self.recycle_after = recycle_after
        self.extract_processes = extract_processes
        self._executor: Executor = self._new_executor(processes)
        self._extractor: Executor | None = self._new_executor(extract_processes) if extract_processes else None

    def _new_executor(self, processes: int) -> Executor:
        if processes == 0:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp", initializer=_warm)
        return ProcessPoolExecutor(max_workers=processes, initializer=_warm,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   max_tasks_per_child=self.recycle_after)

    def warm(self) -> None:
        """Block until every process has loaded the model (start-up, before consuming)."""
        futures = [self._executor.submit(_warm) for _ in range(max(1, self.processes))]
        if self._extractor is not None:
            futures += [self._extractor.submit(_warm) for _ in range(self.extract_processes)]
        for f in futures:
            f.result()

    async def enrich(self, articles: Sequence[dict[str, Any]]) -> list[dict[str, Any] | EnrichError]:
        """Enriched records (or :class:`EnrichError` per failed article), in input order."""
        if not articles:
            return []
        try:
            # Longest articles first, in small chunks that idle processes take as they finish: no
            # process waits for another's long tail (contiguous halves left one idle ~10% of the time).
            order = sorted(range(len(articles)), key=lambda i: -len(articles[i]["body"]))
            parts = 1 if self.processes <= 1 else self.processes * CHUNKS_PER_PROCESS
            if self._extractor is not None:
                parts = max(parts, -(-len(articles) // PIPELINE_CHUNK))
            done = await self._run(split([articles[i] for i in order], parts))
            results: list[dict[str, Any] | EnrichError] = [None] * len(articles)  # type: ignore[list-item]
            for i, result in zip(order, (r for chunk in done for r in chunk)):
                results[i] = result
            return results
        except BrokenProcessPool:
            log.warning("an NLP process died; retrying the batch of %d one article at a time", len(articles))
            self._restart()
            results: list[dict[str, Any] | EnrichError] = []
            for article in articles:
                try:
                    results += (await self._run([[article]]))[0]
                except BrokenProcessPool:
                    self._restart()
                    results.append(EnrichError("the NLP process died on this article"))
            return results

    async def _run(self, chunks: list[Sequence[dict[str, Any]]]) -> list[list[dict[str, Any] | EnrichError]]:
        """The results of each chunk: enriched in the spaCy processes, or parsed there and each
        chunk extracted as soon as its parse is back, while the next chunks are parsed."""
        loop = asyncio.get_running_loop()
        if self._extractor is None:
            return await asyncio.gather(*(loop.run_in_executor(self._executor, enrich_each, c, self.batch_size)
                                          for c in chunks))
        parsing = [loop.run_in_executor(self._executor, parse_each, c, self.batch_size) for c in chunks]
        extracting = []
        try:
            for chunk, parse in zip(chunks, parsing):
                extracting.append(loop.run_in_executor(self._extractor, extract_each, chunk, await parse))
        finally:  # a broken pool: let the other chunks' futures finish before the retry
            done = await asyncio.gather(*parsing, *extracting, return_exceptions=True)
        for outcome in done:
            if isinstance(outcome, BaseException):
                raise outcome
        return done[len(parsing):]

    def _restart(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor(self.processes)
        if self._extractor is not None:
            self._extractor.shutdown(wait=False, cancel_futures=True)
            self._extractor = self._new_executor(self.extract_processes)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._extractor is not None:
            self._extractor.shutdown(wait=True, cancel_futures=True)
