"""Pure extraction: no Kafka, no Redis. Every function takes text or a spaCy ``Doc``."""
