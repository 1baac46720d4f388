"""Fixtures every test package may use: where the shared evaluation data is, real services."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"


def shared_file(relative: str) -> Path:
    """A file of ../shared/data, or a skip saying it is absent (users have no ../shared)."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"evaluation data {path} is absent (it exists only in the wiredesk workplace)")
    return path


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
                if limit and len(out) >= limit:
                    break
    return out


def run_async(coro):
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright keeps an event loop
    running in the main thread for the whole session, where ``asyncio.run`` refuses to start."""
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as ex:
        return ex.submit(asyncio.run, coro).result()


@pytest.fixture(scope="session")
def seed_article() -> dict:
    return read_jsonl(shared_file("wire/seed.jsonl"))[0]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real redis-server on a free loopback port for the whole session."""
    from streams.local import EmbeddedRedis

    with EmbeddedRedis(log_dir=tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def redis_client(redis_server):
    import redis

    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def namespace() -> str:
    """A Redis namespace no other test uses."""
    return f"test-{uuid.uuid4().hex[:10]}"
