"""Maps domain events to stored events whose state is readable JSON under a stable type name."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import attrs
from cattrs.preconf.json import JsonConverter
from eventsourcing.persistence import Cipher, Compressor, Mapper, StoredEvent, Transcoder

from adapters.persistence.converter import converter
from application.event_forms import EVENT_TYPES, upcast
from application.plain_json import SCHEMA_VERSION_KEY
from application.streams import STREAM_TYPES
from domain.events import DomainEvent


@attrs.frozen(kw_only=True)
class Snapshot:
    """A stream's folded state at a version, stored beside the events so long streams load fast."""

    originator_id: UUID
    originator_version: int
    type_name: str
    state: Any


SNAPSHOT_STATE_TYPES: dict[str, type[Any]] = {s.snapshot_type_name: s.state_type for s in STREAM_TYPES}


@attrs.frozen(kw_only=True)
class StaleSnapshot:
    """A snapshot made by another version of its stream's fold: never read, the stream is folded from its events."""

    originator_id: UUID
    originator_version: int


def _stale(topic: str) -> bool:
    # Most of what is read is events: their type names are known, and never a snapshot's.
    return topic not in EVENT_TYPES and any(stream.is_snapshot_of_another_fold(topic) for stream in STREAM_TYPES)


def as_uuid(value: Any) -> UUID:
    """A stream id as the drivers give it (psycopg's and asyncpg's are UUIDs already, asyncpg's a subclass) as a
    UUID, without the cost of making another."""
    return value if isinstance(value, UUID) else UUID(str(value))


def encode_event(event: DomainEvent, conv: JsonConverter = converter) -> dict[str, Any]:
    """The plain-JSON body of an event, without its stream id and version (through the store's converter, `conv`,
    with its personal data sealed)."""
    body: dict[str, Any] = conv.unstructure(event)
    del body["originator_id"], body["originator_version"]
    return {SCHEMA_VERSION_KEY: type(event).schema_version, **body}


def decode_event(
    type_name: str, stream_id: UUID, version: int, body: dict[str, Any], conv: JsonConverter = converter
) -> DomainEvent:
    """The domain event stored under a type name; older schema versions are upcast first (through the store's
    converter, `conv`, which opens sealed personal data)."""
    # The schema version key rides along: the converter passes over keys that are not the event's fields.
    fields = {**upcast(type_name, body), "originator_id": stream_id, "originator_version": version}
    return conv.structure(fields, EVENT_TYPES[type_name])


class JSONMapper(Mapper[UUID]):
    """The event store's mapper: JSON state, stable type name as topic; never resolves Python paths."""

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
        conv: JsonConverter = converter,
    ) -> None:
        super().__init__(transcoder, compressor, cipher)
        self._conv = conv

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        """A domain event or snapshot as a stored event."""
        if isinstance(domain_event, Snapshot):
            topic = domain_event.type_name
            body: dict[str, Any] = {SCHEMA_VERSION_KEY: 1, "state": self._conv.unstructure(domain_event.state)}
        else:
            topic = type(domain_event).type_name
            body = encode_event(domain_event, self._conv)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic,
            state=json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """A stored event as a domain event or snapshot."""
        stream_id = as_uuid(stored_event.originator_id)
        if _stale(stored_event.topic):
            return StaleSnapshot(originator_id=stream_id, originator_version=stored_event.originator_version)
        body = json.loads(stored_event.state)
        state_type = SNAPSHOT_STATE_TYPES.get(stored_event.topic)
        if state_type is not None:
            return Snapshot(
                originator_id=stream_id,
                originator_version=stored_event.originator_version,
                type_name=stored_event.topic,
                state=self._conv.structure(body["state"], state_type),
            )
        return decode_event(stored_event.topic, stream_id, stored_event.originator_version, body, self._conv)
