"""Record types of every topic. Each type's docstring becomes its JSON Schema's description
(``models/schema.py``); what the fields mean is in the README ("What goes in", "What comes out")."""
from __future__ import annotations

from typing import Dict, List, Optional

import faust


class _Record(faust.Record, abstract=True, include_metadata=False, serializer="json"):
    """Base: plain JSON on the wire (no Faust ``__faust`` metadata), so any consumer can read it."""


# ----------------------------------------------------------------------------- input
class WireArticle(_Record):
    """`wire.articles` (contract): one wire report as a newsroom feed publishes it. `published_at`:
    ISO 8601, or RFC 2822 (decoding turns it into ISO 8601); anything else is read as null."""
    id: str
    body: str
    headline: Optional[str] = None
    published_at: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    language: str = "en"


# ----------------------------------------------------------------------------- extraction
class Span(_Record):
    """A piece of the body: ``body[start:end] == text`` (Python str offsets)."""
    text: str
    start: int
    end: int


class Entity(Span):
    label: str = ""


class Speaker(Span):
    resolved: Optional[str] = None


class Claim(_Record):
    """An attributed statement: who (speaker, may be null), the cue ("said"), what (content)."""
    speaker: Optional[Speaker]
    cue: Span
    content: Span
    direct: bool = False
    negated: bool = False
    stance: Optional[str] = None  # blames | denies | refutes | confirms (streams.nlp.stance)
    target: Optional[str] = None  # who is blamed, what is denied/refuted/confirmed


class Location(_Record):
    """Where: ``name`` as the article names the place ("North Lawndale"), ``city`` the city or
    county (an American place's postal city: "Chicago"), ``county`` an American place's county
    ("Cook County"), ``state`` (US), ``country``; ``support`` the weight of the article's place
    mentions behind this reading (reports that disagree on the place are weighed by it)."""
    name: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    state: Optional[str] = None
    country: Optional[str] = None
    support: Optional[float] = None


class IncidentFacts(_Record):
    """What an article says about the incident it reports."""
    type: str
    date: Optional[str] = None
    location: Optional[Location] = None
    killed: Optional[int] = None
    injured: Optional[int] = None


class EnrichedArticle(_Record):
    """`wire.enriched`: the enrich agent's output for one article, input of resolve."""
    id: str
    fingerprint: str
    content_end: int
    entities: List[Entity]
    claims: List[Claim]
    facts: Optional[IncidentFacts] = None
    headline: Optional[str] = None
    published_at: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    language: str = "en"
    truncated: List[str] = []  # lists cut at their limit: "entities", "claims"
    terms: Optional[Dict[str, float]] = None  # content word -> weight (streams.dedup.textsim)
    minhash: Optional[List[int]] = None  # MinHash signature of the story (near-duplicates)


# ----------------------------------------------------------------------------- outputs
class IncidentRef(IncidentFacts):
    """The incident an article was resolved to, with the article's own facts."""
    incident_id: str = ""


class AnnotatedArticle(_Record):
    """`wire.annotated` and `wiredesk process` output (contract): one per input article."""
    id: str
    entities: List[Entity]
    claims: List[Claim]
    incident: Optional[IncidentRef] = None
    duplicate_of: Optional[str] = None
    source: Optional[str] = None
    published_at: Optional[str] = None
    truncated: List[str] = []  # lists cut at their limit: "entities", "claims"


class SourceFacts(_Record):
    """A report's own facts, which the incident's are the consensus of; ``date_guessed``: the
    text names no day and ``date`` is the day it was published (its vote counts half)."""
    date: Optional[str] = None
    location: Optional[Location] = None
    killed: Optional[int] = None
    injured: Optional[int] = None
    date_guessed: Optional[bool] = None


class Source(_Record):
    article_id: str
    source: Optional[str] = None
    url: Optional[str] = None
    headline: Optional[str] = None
    published_at: Optional[str] = None
    duplicate_of: Optional[str] = None
    facts: Optional[SourceFacts] = None


class EntityCount(_Record):
    text: str
    label: str
    count: int = 1


class MergedClaim(Claim):
    """A claim as the incident holds it: the same speaker + content from several articles is one."""
    claim_id: str = ""
    sources: List[str] = []


class Side(_Record):
    """Claims of an incident that take one stance on one target (streams.dedup.claims.dispute)."""
    stance: str
    target: Optional[str]
    speakers: List[str] = []
    claim_ids: List[str] = []


class Incident(_Record):
    """Full current state of an incident."""
    incident_id: str
    type: str
    title: Optional[str]
    date: Optional[str]
    location: Optional[Location]
    killed: Optional[int]
    injured: Optional[int]
    entities: List[EntityCount]
    claims: List[MergedClaim]
    sources: List[Source]
    first_seen: str
    updated_at: str
    version: int
    disputed: bool = False  # its claims conflict (streams.dedup.claims.dispute)
    sides: List[Side] = []
    sources_truncated: bool = False  # more than MAX_SOURCES reports: only the first are listed


class IncidentEvent(_Record):
    """`incidents.events`: ``event_id`` is deterministic, so consumers can drop redeliveries."""
    event_id: str
    kind: str  # created | updated
    incident_id: str
    version: int
    incident: Incident
    cause: str


class ClaimEvent(_Record):
    """`claims.events`: a claim an article contributed, merged with the same claim elsewhere."""
    event_id: str
    claim_id: str
    incident_id: Optional[str]
    article_id: str
    claim: MergedClaim


class DeadLetter(_Record):
    """`wire.deadletter`: input that could not be processed, kept whole for `deadletter replay`."""
    stage: str        # decode | enrich | resolve
    reason: str       # not_json, not_object, missing_field, empty_body, wrong_type, too_large, ...
    error: str
    raw: str          # the message value, base64 (cut at 600 kB: see raw_truncated)
    raw_bytes: int = 0             # size of the whole original value
    raw_truncated: bool = False    # True when `raw` holds only the start of the value
    raw_sha256: str = ""           # hash of the whole original value
    raw_text: Optional[str] = None  # its start decoded as UTF-8 with replacement, for reading
    key: Optional[str] = None
    topic: Optional[str] = None
    partition: Optional[int] = None
    offset: Optional[int] = None
    failed_at: Optional[str] = None
