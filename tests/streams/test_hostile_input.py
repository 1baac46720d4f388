"""Property tests: whatever bytes arrive, the decoder and the whole enrich + resolve path end in
exactly one outcome (a record or a dead letter) and never raise anything else."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.decode import BadInput, dead_letter, decode_article
from streams.dedup.resolver import Resolver
from streams.nlp.extract import EnrichError, enrich_each

# Text that trips NLP and rendering: controls, zero-width and bidi marks, CJK, Arabic, markup, emoji.
NASTY = ["\x00", "\x07", "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "日本語の記事", "مقال إخباري", "<script>alert(1)</script>",
         "<img src=x onerror=alert(1)>", "&amp;&#x27;", "\r\n", "\t", "“", "”", '"', "said", "police said",
         "🔥", "\U0001f9ea", "Ω", "ǅ", "\u0301", "  ", "\n\n", "Aleppo", "on Friday", "100 people were killed"]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)), max_size=40).map("".join)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                               st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=20)
article_like = st.fixed_dictionaries(
    {"id": st.one_of(st.text(min_size=1, max_size=40), json_value)},
    optional={"body": st.one_of(nasty_text, json_value), "headline": st.one_of(nasty_text, json_value),
              "published_at": st.one_of(st.sampled_from(["2018-12-07", "2018-12-07T10:00:00Z", "yesterday", ""]),
                                        json_value),
              "source": json_value, "language": json_value})
raw_message = st.one_of(
    st.binary(max_size=400),
    article_like.map(lambda d: json.dumps(d).encode("utf-8")),
    json_value.map(lambda v: json.dumps(v).encode("utf-8")),
    st.integers(1, 5000).map(lambda n: b"[" * n + b"]" * (n % 3)),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def outcome(raw: bytes) -> tuple[str, dict]:
    try:
        return "article", decode_article(raw, max_body_bytes=10_000)
    except BadInput as exc:
        letter = dead_letter(raw, "decode", exc.reason, exc.error)
        json.dumps(letter)
        return "dead", letter


@given(raw_message)
@settings(max_examples=400, deadline=None)
def test_decoder_returns_an_article_or_a_reason(raw):
    kind, value = outcome(raw)
    if kind == "article":
        assert isinstance(value["id"], str) and value["id"].strip()
        assert isinstance(value["body"], str) and value["body"].strip()
        assert len(value["body"].encode("utf-8")) <= 10_000
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # re-encodable: no lone surrogates
    else:
        assert value["reason"] and value["raw_bytes"] == len(raw)


@pytest.fixture(scope="module")
def resolver(redis_server):
    import redis

    return Resolver(redis.Redis.from_url(redis_server.url, decode_responses=True), namespace="hostile")


@given(st.lists(article_like.map(lambda d: json.dumps(d).encode()), min_size=1, max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whole_path_ends_in_exactly_one_outcome(resolver, raws):
    decoded = [outcome(r) for r in raws]
    articles = [v for k, v in decoded if k == "article"]
    results = enrich_each(articles, batch_size=8)
    assert len(results) == len(articles)
    for article, result in zip(articles, results):
        if isinstance(result, EnrichError):  # a dead letter at stage enrich: allowed, but say why
            pytest.fail(f"enrich failed on {article!r}: {result}")
        body = article["body"]
        for ent in result["entities"]:
            assert body[ent["start"]:ent["end"]] == ent["text"]
        for claim in result["claims"]:
            for part in ("speaker", "cue", "content"):
                if claim[part]:
                    assert claim[part]["start"] < claim[part]["end"]
                    assert body[claim[part]["start"]:claim[part]["end"]] == claim[part]["text"]
        record = resolver.resolve(result)["record"]
        assert record["id"] == article["id"]
        json.dumps(record).encode("utf-8")
