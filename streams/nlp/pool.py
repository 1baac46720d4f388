"""Running the NLP stage off the event loop: spaCy in worker processes, plain dicts back.

spaCy is CPU work; parsed inline in Faust's loop a 64-article batch blocked it for seconds
(DESIGN.md, hazards). ``NlpPool`` splits each batch across ``processes`` spawned processes, each
with the model loaded once by the initializer; ``processes=0`` uses one thread instead (tests,
tiny machines). A process that dies (e.g. out of memory on a pathological text) breaks the pool:
it is rebuilt and the batch retried article by article, so only the culprit fails.
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

from streams.nlp.extract import EnrichError, enrich_each

log = logging.getLogger(__name__)


def _warm() -> None:
    """Process initializer: load the model and build the place gazetteer before the first batch
    arrives. Both belong to start-up: built lazily, the gazetteer (about 4 s) stalled the first
    incident report mid-stream."""
    from streams.nlp.pipeline import load_nlp
    from streams.nlp.places import gazetteer

    _exit_with_parent()
    load_nlp()
    gazetteer()


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


#: spaCy's string store only grows: a process is replaced after this many batches (about 30 MB
#: of growth per 2,000 news articles was measured by benchmarks/soak.py), at the cost of one
#: model load (~1 s) in the background of the other processes.
RECYCLE_AFTER_BATCHES = 2000
#: A batch is cut into this many chunks per process (with more than one process).
CHUNKS_PER_PROCESS = 4


class NlpPool:
    def __init__(self, processes: int = 1, batch_size: int = 32, recycle_after: int = RECYCLE_AFTER_BATCHES):
        self.processes = processes
        self.batch_size = batch_size
        self.recycle_after = recycle_after
        self._executor: Executor = self._new_executor()

    def _new_executor(self) -> Executor:
        if self.processes == 0:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp", initializer=_warm)
        return ProcessPoolExecutor(max_workers=self.processes, initializer=_warm,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   max_tasks_per_child=self.recycle_after)

    def warm(self) -> None:
        """Block until every worker has loaded the model (start-up, before consuming)."""
        futures = [self._executor.submit(_warm) for _ in range(max(1, self.processes))]
        for f in futures:
            f.result()

    async def enrich(self, articles: Sequence[dict[str, Any]]) -> list[dict[str, Any] | EnrichError]:
        """Enriched records (or :class:`EnrichError` per failed article), in input order."""
        if not articles:
            return []
        loop = asyncio.get_running_loop()
        try:
            # Longest articles first, in small chunks that idle processes take as they finish: no
            # process waits for another's long tail (contiguous halves left one idle ~10% of the time).
            order = sorted(range(len(articles)), key=lambda i: -len(articles[i]["body"]))
            parts = 1 if self.processes <= 1 else self.processes * CHUNKS_PER_PROCESS
            chunks = split([articles[i] for i in order], parts)
            done = await asyncio.gather(*(loop.run_in_executor(self._executor, enrich_each, c, self.batch_size)
                                          for c in chunks))
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
                    results += await loop.run_in_executor(self._executor, enrich_each, [article], 1)
                except BrokenProcessPool:
                    self._restart()
                    results.append(EnrichError("the NLP process died on this article"))
            return results

    def _restart(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
