"""Redis-backed deduplication and incident resolution.

``incidents`` holds the pure logic (ids, keys, merging state); ``resolver`` applies it to Redis
atomically and idempotently per article id.
"""
