"""The spaCy process pool: order kept, processes recycled, a failing article costs only itself."""
from streams.nlp.extract import EnrichError
from streams.nlp.pool import NlpPool, split
from tests.conftest import run_async

ARTICLES = [{"id": f"a{i}", "body": f"Police said {i} people were hurt in Dayton, Ohio."} for i in range(6)]


def test_split_keeps_order_and_sizes():
    assert split(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert split([1], 4) == [[1]]


def test_results_come_back_in_order_across_recycled_processes():
    pool = NlpPool(processes=2, batch_size=4, recycle_after=1)
    try:
        for _ in range(3):  # every task replaces its process: the model is reloaded each time
            out = run_async(pool.enrich(ARTICLES))
            assert [r["id"] for r in out] == [a["id"] for a in ARTICLES]
    finally:
        pool.close()


def test_longest_first_scheduling_still_returns_input_order():
    articles = [{"id": f"b{i}", "body": "Police said two people were hurt in Dayton. " * (1 + (i * 7) % 5)}
                for i in range(11)]
    pool = NlpPool(processes=2, batch_size=4)
    try:
        out = run_async(pool.enrich(articles))
        assert [r["id"] for r in out] == [a["id"] for a in articles]  # ids are set in the worker
    finally:
        pool.close()


def test_a_failing_article_costs_only_its_own_result(monkeypatch):
    import streams.nlp.pool as pool_module

    pool = NlpPool(processes=0)  # thread: the failing function is patched in this process
    try:
        calls = {"n": 0}
        real = pool_module.enrich_each

        def flaky(articles, batch_size):
            calls["n"] += 1
            if any(a["id"] == "a3" for a in articles):
                return [EnrichError("boom") if a["id"] == "a3" else real([a], 1)[0] for a in articles]
            return real(articles, batch_size)

        monkeypatch.setattr(pool_module, "enrich_each", flaky)
        out = run_async(pool.enrich(ARTICLES))
        assert [isinstance(r, EnrichError) for r in out] == [False, False, False, True, False, False]
    finally:
        pool.close()


def test_pool_processes_exit_when_their_worker_is_killed():
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    code = ("import os, time; from streams.nlp.pool import NlpPool; p = NlpPool(processes=2); p.warm(); "
            "print(os.getpid(), flush=True); time.sleep(600)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    spacy: list[psutil.Process] = []
    try:
        assert int(proc.stdout.readline()) == proc.pid
        spacy = [c for c in psutil.Process(proc.pid).children(recursive=True)
                 if "spawn_main" in " ".join(c.cmdline())]
        assert len(spacy) == 2
        os.kill(proc.pid, signal.SIGKILL)  # no chance to close its pool
        proc.wait(10)
        gone, alive = psutil.wait_procs(spacy, timeout=10)
        assert not alive, [p.pid for p in alive]
    finally:
        for p in [proc, *spacy]:
            try:
                p.kill()
            except (ProcessLookupError, psutil.NoSuchProcess):
                pass


def test_parse_then_extract_in_other_processes_gives_the_same_records():
    articles = [{"id": f"c{i}", "headline": "Two hurt in Dayton shooting" if i % 2 else None,
                 "published_at": "2018-11-26",
                 "body": ("Police said two men were shot late Saturday on Main Street in Dayton, Ohio. "
                          "\"We heard four shots,\" a neighbour told reporters. ") * (1 + i % 3)}
                for i in range(11)]
    inline = NlpPool(processes=0)
    staged = NlpPool(processes=1, batch_size=4, extract_processes=1)
    try:
        expected = run_async(inline.enrich(articles))
        got = run_async(staged.enrich(articles))
    finally:
        inline.close()
        staged.close()
    assert got == expected
    assert any(r["claims"] for r in got) and any((r["facts"] or {}).get("location") for r in got)


def test_a_failing_parse_or_extraction_costs_only_its_own_article(monkeypatch):
    import streams.nlp.extract as extract

    real_parse, real_enrich_doc = extract._parse_batch, extract.enrich_doc

    def parse(articles, batch_size):
        if any(a["id"] == "a1" for a in articles):
            raise ValueError("unparseable")
        return real_parse(articles, batch_size)

    def enrich_doc(doc, article):
        if article["id"] == "a4":
            raise KeyError("broken extraction")
        return real_enrich_doc(doc, article)

    monkeypatch.setattr(extract, "_parse_batch", parse)
    monkeypatch.setattr(extract, "enrich_doc", enrich_doc)
    out = extract.extract_each(ARTICLES, extract.parse_each(ARTICLES, batch_size=4))
    assert [isinstance(r, EnrichError) for r in out] == [False, True, False, False, True, False]
    assert "unparseable" in str(out[1]) and "broken extraction" in str(out[4])
    assert [r["id"] for r in out if not isinstance(r, EnrichError)] == ["a0", "a2", "a3", "a5"]
