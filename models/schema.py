"""JSON Schema (draft 2020-12) of the record types, derived from their annotations.

    >>> json_schema(r.Span)["required"]
    ['text', 'start', 'end']
"""
from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import faust

from models import records as r

#: topic role (streams.topics.TOPICS) -> record type of its values
TOPIC_MODELS: dict[str, type[faust.Record]] = {
    "articles": r.WireArticle,
    "enriched": r.EnrichedArticle,
    "annotated": r.AnnotatedArticle,
    "incidents": r.IncidentEvent,
    "claims": r.ClaimEvent,
    "deadletter": r.DeadLetter,
}

_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _is_record(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, faust.Record)


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        schema = _type_schema(inner[0], defs) if len(inner) == 1 else {"anyOf": [_type_schema(a, defs) for a in inner]}
        return {"anyOf": [schema, {"type": "null"}]} if type(None) in args else schema
    if origin in (list, typing.List):
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin in (dict, typing.Dict):
        return {"type": "object"}
    if _is_record(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion
            defs[tp.__name__] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if tp in _SCALARS:
        return {"type": _SCALARS[tp]}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _object_schema(model: type[faust.Record], defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(model, vars(r))
    fields = model._options.fields
    defaults = model._options.defaults
    props = {name: _type_schema(hints[name], defs) for name in fields}
    schema: dict[str, Any] = {"type": "object", "properties": props,
                              "required": [n for n in fields if n not in defaults],
                              "additionalProperties": True}
    if model.__doc__:
        schema["description"] = " ".join(model.__doc__.split())
    return schema


def json_schema(model: type[faust.Record]) -> dict[str, Any]:
    """The JSON Schema of ``model``, nested record types under ``$defs``."""
    defs: dict[str, Any] = {}
    schema = _object_schema(model, defs)
    defs.pop(model.__name__, None)
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": model.__name__, **schema}
    if defs:
        out["$defs"] = defs
    return out


def write_schemas(directory: str | Path, prefix: str = "") -> list[Path]:
    """Write ``<topic>.schema.json`` for every topic into ``directory``; return the paths."""
    from streams.topics import names

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for role, topic in names(prefix).items():
        path = directory / f"{topic}.schema.json"
        path.write_text(json.dumps(json_schema(TOPIC_MODELS[role]), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
