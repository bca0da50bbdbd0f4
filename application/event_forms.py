"""One form of an event for people and other systems to read, made in one place from the event's stored JSON body.

Auditors (and staff who may read personal data) get the whole event; integrators get its public-safe form: only the
fields its type allow-lists (`DomainEvent.public_fields`), and of the actor only the role. Both are made from the
plain JSON body the log stores, upcast to the event type's current schema, so that the feed reads no domain object.
"""

from __future__ import annotations

import enum
import functools
import typing
from typing import Any
from urllib.parse import quote
from uuid import UUID

import attrs

from application.plain_json import SCHEMA_VERSION_KEY, event_body
from application.streams import STREAM_TYPES, stream_type_of
from domain.events import DomainEvent
from domain.personal_data import PersonalData

ENVELOPE_KEYS = (SCHEMA_VERSION_KEY, "timestamp", "actor")
"""Keys of a stored body that belong to every event, not to its type's own fields."""
CLOUDEVENTS_TYPE_PREFIX = "gongkai."
"""Before an event's type name in a CloudEvents envelope (`gongkai.disclosure_request.received`)."""


class Audience(enum.StrEnum):
    """Who reads an event, and so how much of it they get."""

    FULL = "full"
    """Auditors, and staff who may read personal data: every field as recorded."""
    STAFF = "staff"
    """Staff who may not read personal data: every field but those holding it or telling who a person is."""
    PUBLIC = "public"
    """Integrators: only the fields the type declares public-safe, and the acting role without the person."""


def _event_types() -> dict[str, type[DomainEvent]]:
    types: dict[str, type[DomainEvent]] = {}
    for stream in STREAM_TYPES:
        for event_type in stream.event_types:
            if event_type.type_name in types:
                raise RuntimeError(f"two event types are named {event_type.type_name}")
            types[event_type.type_name] = event_type
    return types


EVENT_TYPES: dict[str, type[DomainEvent]] = _event_types()
"""Every event type by its stable name."""


def upcast(type_name: str, body: dict[str, Any]) -> dict[str, Any]:
    """A stored body in the current schema of its type (older versions are upcast step by step); the schema version
    key is kept, set to the current version."""
    event_type = EVENT_TYPES[type_name]
    stored_version = body.get(SCHEMA_VERSION_KEY, 1)
    if stored_version == event_type.schema_version:
        return body
    body = {k: v for k, v in body.items() if k != SCHEMA_VERSION_KEY}
    while stored_version < event_type.schema_version:
        body = getattr(event_type, f"upcast_v{stored_version}")(body)
        stored_version += 1
    return {SCHEMA_VERSION_KEY: stored_version, **body}


def _personal_fields(event_type: type[DomainEvent]) -> frozenset[str]:
    hints = typing.get_type_hints(event_type)
    typed = {name for name, hint in hints.items() if PersonalData in (hint, *typing.get_args(hint))}
    return frozenset(typed | event_type.identifying_fields)


PERSONAL_FIELDS: dict[str, frozenset[str]] = {name: _personal_fields(t) for name, t in EVENT_TYPES.items()}
"""By event type name: the fields that hold personal data (by their declared types) or tell who a person is."""


def _public_parts(event_type: type[DomainEvent]) -> tuple[tuple[str, ...], dict[str, frozenset[str]]]:
    public = {f for f in event_type.public_fields if "." not in f}
    declared = [f.name for f in attrs.fields(event_type) if f.name in public]
    whole = (*declared, *sorted(public - set(declared)))  # in the body's order, as the fields are declared
    parts: dict[str, set[str]] = {}
    for name in event_type.public_fields:
        if "." in name:
            field, part = name.split(".", 1)
            parts.setdefault(field, set()).add(part)
    return whole, {field: frozenset(names) for field, names in parts.items()}


PUBLIC_PARTS = {name: _public_parts(t) for name, t in EVENT_TYPES.items()}
"""By event type name: the fields integrators see whole, and the fields they see only some parts of."""


def public_data(type_name: str, body: dict[str, Any]) -> dict[str, Any]:
    """The allow-listed fields of a body (of the type's current schema), and the allow-listed parts of objects."""
    whole, parts = PUBLIC_PARTS[type_name]
    # By the allow-list, not by the body: an event has more fields than it makes public (a third of the time).
    data = {k: body[k] for k in whole if k in body}
    for field, names in parts.items():
        value = body.get(field)
        data[field] = {k: v for k, v in value.items() if k in names} if isinstance(value, dict) else value
    return data


PERSONAL_DATA_WITHHELD = None
"""What a field holding personal data shows to staff who may not read it."""


@attrs.frozen
class EventRecord:
    """One event as people and other systems read it: where it is, what it is, when, who acted, and its fields."""

    position: int | None
    """Its place in the one log (None when it was read from its stream, not from the log)."""
    stream_type: str
    stream_id: UUID
    version: int
    type: str
    schema_version: int
    timestamp: str
    """ISO 8601 with its UTC offset, as recorded."""
    actor: dict[str, str]
    """person_id, name and role; for integrators the role alone."""
    data: dict[str, Any]


def _actor_and_data(type_name: str, body: dict[str, Any], audience: Audience) -> tuple[dict[str, str], dict[str, Any]]:
    """Who acted and the event's own fields, in an audience's form, from a body of the type's current schema."""
    actor: dict[str, str] = body["actor"]
    if audience is Audience.PUBLIC:
        return {"role": actor["role"]}, public_data(type_name, body)
    data = {k: v for k, v in body.items() if k not in ENVELOPE_KEYS}
    if audience is Audience.STAFF:
        data.update(dict.fromkeys(PERSONAL_FIELDS[type_name] & data.keys(), PERSONAL_DATA_WITHHELD))
    return actor, data


def event_record(
    type_name: str,
    stream_id: UUID,
    version: int,
    body: dict[str, Any],
    audience: Audience,
    position: int | None = None,
) -> EventRecord:
    """The form of one stored event (its body as stored, any schema version) for an audience."""
    body = upcast(type_name, body)
    actor, data = _actor_and_data(type_name, body, audience)
    return EventRecord(
        position=position,
        stream_type=stream_type_of(type_name),
        stream_id=stream_id,
        version=version,
        type=type_name,
        schema_version=body[SCHEMA_VERSION_KEY],
        timestamp=body["timestamp"],
        actor=actor,
        data=data,
    )


def record_of(event: DomainEvent, audience: Audience, position: int | None = None) -> EventRecord:
    """The form of an event read from its stream."""
    return event_record(
        event.type_name, event.originator_id, event.originator_version, event_body(event), audience, position
    )


@functools.lru_cache(maxsize=4096)
def _source(organ: str | None) -> str:
    """A CloudEvents source: a URI reference, so the organ's name percent-encoded (the `organ` attribute carries it as
    written); one per organ, made once (quoting every event's cost 15% of the feed's time)."""
    return f"/gongkai/organs/{quote(organ, safe='')}" if organ else "/gongkai"


_CLOUDEVENTS_TYPES = {name: CLOUDEVENTS_TYPE_PREFIX + name for name in EVENT_TYPES}
_STREAM_TYPES = {name: stream_type_of(name) for name in EVENT_TYPES}


def cloud_event(
    type_name: str,
    stream_id: UUID,
    version: int,
    body: dict[str, Any],
    audience: Audience,
    position: int,
    organ: str | None,
    schema_url: str,
) -> dict[str, Any]:
    """A CloudEvents 1.0 JSON envelope of one stored event (its body as stored, any schema version) for an audience:
    its id is the stream id and version (the same every time the event is sent, so consumers and brokers can drop
    duplicates); the log position, stream type, stream version, schema version and organ are extension attributes;
    `data` holds the actor and the fields of the event's form (`event_record`'s). Made straight from the body, with
    no record between: this is the feed's hot path."""
    body = upcast(type_name, body)
    actor, data = _actor_and_data(type_name, body, audience)
    data["actor"] = actor
    subject = str(stream_id)
    envelope: dict[str, Any] = {
        "specversion": "1.0",
        "id": f"{subject}/{version}",
        "source": _source(organ),
        "type": _CLOUDEVENTS_TYPES[type_name],
        "time": body["timestamp"],
        "subject": subject,
        "dataschema": schema_url,
        "datacontenttype": "application/json",
        "position": position,
        "streamtype": _STREAM_TYPES[type_name],
        "streamversion": version,
        "schemaversion": body[SCHEMA_VERSION_KEY],
        "data": data,
    }
    if organ:
        envelope["organ"] = organ
    return envelope
