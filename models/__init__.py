"""The wire contracts: one ``faust.Record`` type per message shape on every topic.

The core produces plain dicts; these types are the single definition of their shape. They
serve the JSON Schemas (``wiredesk schema DIR``), the schema tests that check every record the
pipeline emits, and consumers that want typed access (``AnnotatedArticle.from_data(d)``).
"""
from models.records import (
    AnnotatedArticle,
    Claim,
    ClaimEvent,
    DeadLetter,
    EnrichedArticle,
    Entity,
    EntityCount,
    Incident,
    IncidentEvent,
    IncidentFacts,
    IncidentRef,
    Location,
    MergedClaim,
    Source,
    Span,
    Speaker,
    WireArticle,
)
from models.schema import TOPIC_MODELS, json_schema, write_schemas

__all__ = [
    "AnnotatedArticle", "Claim", "ClaimEvent", "DeadLetter", "EnrichedArticle", "Entity",
    "EntityCount", "Incident", "IncidentEvent", "IncidentFacts", "IncidentRef", "Location",
    "MergedClaim", "Source", "Span", "Speaker", "WireArticle", "TOPIC_MODELS", "json_schema",
    "write_schemas",
]
