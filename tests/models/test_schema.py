"""The JSON Schemas of models/ describe what the pipeline really emits."""
from __future__ import annotations

import json

import jsonschema
import pytest

from models import TOPIC_MODELS, json_schema, write_schemas
from streams.cli import sample_feed_path
from streams.decode import dead_letter
from streams.dedup.resolver import Resolver
from streams.nlp.extract import enrich_batch
from streams.decode import decode_article, BadInput
from streams.topics import TOPICS


def validator(role: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(TOPIC_MODELS[role])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_topic_has_a_schema_file(tmp_path):
    paths = write_schemas(tmp_path, prefix="x.")
    assert sorted(p.name for p in paths) == sorted(f"x.{t}.schema.json" for t in TOPICS.values())
    for p in paths:
        jsonschema.Draft202012Validator.check_schema(json.loads(p.read_text()))


def test_schemas_reject_what_breaks_the_contract():
    v = validator("annotated")
    assert v.is_valid({"id": "a", "entities": [], "claims": [], "incident": None})
    assert not v.is_valid({"entities": [], "claims": []})
    assert not v.is_valid({"id": "a", "entities": [{"text": "x", "start": "0", "end": 1}], "claims": []})


@pytest.fixture(scope="module")
def sample_outputs(redis_server):
    import redis

    articles, raws = [], []
    for line in sample_feed_path().read_bytes().splitlines():
        try:
            articles.append(decode_article(line))
        except BadInput as exc:
            raws.append((line, exc))
    enriched = enrich_batch(articles)
    resolver = Resolver(redis.Redis.from_url(redis_server.url, decode_responses=True), namespace="schema-test")
    results = [resolver.resolve(e) for e in enriched]
    letters = [dead_letter(raw, "decode", exc.reason, exc.error) for raw, exc in raws]
    return {"articles": articles, "enriched": enriched, "results": results, "letters": letters}


def test_real_outputs_match_their_schemas(sample_outputs):
    checks = {
        "articles": sample_outputs["articles"],
        "enriched": sample_outputs["enriched"],
        "annotated": [r["record"] for r in sample_outputs["results"]],
        "incidents": [e for r in sample_outputs["results"] for e in r["incident_events"]],
        "claims": [e for r in sample_outputs["results"] for e in r["claim_events"]],
        "deadletter": sample_outputs["letters"],
    }
    for role, values in checks.items():
        assert values, f"the sample feed produced no {role}"
        v = validator(role)
        for value in values:
            errors = sorted(v.iter_errors(json.loads(json.dumps(value))), key=str)
            assert not errors, f"{role}: {errors[0].message} at {list(errors[0].absolute_path)}"
