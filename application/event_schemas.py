"""JSON Schemas of the events' published forms, generated from the event classes: one per type, version and audience.

An envelope's `dataschema` names the schema of its `data`: the acting person (for integrators, the role alone) and
the event's fields in its type's current schema version (older stored events are upcast before they are sent).
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from application.event_forms import EVENT_TYPES, Audience
from domain.actors import Actor, Role

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_PATH = "/api/v1/events/schemas"
FEED_AUDIENCES = (Audience.FULL, Audience.PUBLIC)
"""The forms the feed sends: auditors' and integrators'."""
BASE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "actor"})
"""Fields of every event that the envelope carries, not its data."""


def schema_path(type_name: str, version: int, audience: Audience) -> str:
    """Where the schema of one form of one version of an event type is served (relative to the API's root)."""
    return f"{SCHEMAS_PATH}/{type_name}/v{version}/{audience.value}"


def _scalar(hint: Any) -> dict[str, Any] | None:
    scalars: dict[Any, dict[str, Any]] = {
        str: {"type": "string"},
        int: {"type": "integer"},
        bool: {"type": "boolean"},
        float: {"type": "number"},
        Decimal: {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
        date: {"type": "string", "format": "date"},
        datetime: {"type": "string", "format": "date-time"},
        UUID: {"type": "string", "format": "uuid"},
        type(None): {"type": "null"},
    }
    return scalars.get(hint)


def type_schema(hint: Any) -> dict[str, Any]:
    """The JSON Schema of a value of a field's declared type, as the one converter writes it."""
    scalar = _scalar(hint)
    if scalar is not None:
        return scalar
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [type_schema(arg) for arg in typing.get_args(hint)]}
    if origin is tuple:
        return {"type": "array", "items": type_schema(typing.get_args(hint)[0])}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"type": "string", "enum": [member.value for member in hint]}
    if isinstance(hint, type) and attrs.has(hint):
        return object_schema(hint, {f.name for f in attrs.fields(hint)})
    raise TypeError(f"no JSON Schema for {hint!r}")


def object_schema(cls: type, names: set[str] | frozenset[str]) -> dict[str, Any]:
    """An attrs class as a JSON object of some of its fields (`field.part`: only that part of an object field), every
    one of them present."""
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    for field in attrs.fields(cls):
        parts = {n.split(".", 1)[1] for n in names if n.startswith(field.name + ".")}
        if field.name in names:
            properties[field.name] = type_schema(hints[field.name])
        elif parts:
            properties[field.name] = _parts_schema(hints[field.name], parts)
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _parts_schema(hint: Any, parts: set[str]) -> dict[str, Any]:
    """Some parts of an object field (null stays possible where the field is optional)."""
    classes = [a for a in (typing.get_args(hint) or (hint,)) if isinstance(a, type) and attrs.has(a)]
    schema = object_schema(classes[0], parts)
    return {"anyOf": [schema, {"type": "null"}]} if type(None) in typing.get_args(hint) else schema


def event_schema(type_name: str, audience: Audience) -> dict[str, Any]:
    """The JSON Schema of the `data` of an event type's envelopes for an audience, at its current version."""
    event_type = EVENT_TYPES[type_name]
    own: set[str] | frozenset[str] = {f.name for f in attrs.fields(event_type)} - BASE_FIELDS
    if audience is Audience.PUBLIC:
        own = event_type.public_fields
        actor: dict[str, Any] = {
            "type": "object",
            "properties": {"role": type_schema(Role)},
            "required": ["role"],
            "additionalProperties": False,
        }
    else:
        actor = type_schema(Actor)
    body = object_schema(event_type, own)
    return {
        "$schema": DIALECT,
        "$id": schema_path(type_name, event_type.schema_version, audience),
        "title": f"{type_name} v{event_type.schema_version} ({audience.value})",
        "description": (event_type.__doc__ or "").strip().splitlines()[0] if event_type.__doc__ else "",
        **body,
        "properties": {"actor": actor, **body["properties"]},
        "required": ["actor", *body["required"]],
    }


def schema_index() -> list[dict[str, Any]]:
    """Every event type with its current version and the paths of its forms' schemas."""
    return [
        {
            "type": name,
            "version": event_type.schema_version,
            "schemas": {
                audience.value: schema_path(name, event_type.schema_version, audience) for audience in FEED_AUDIENCES
            },
        }
        for name, event_type in sorted(EVENT_TYPES.items())
    ]
