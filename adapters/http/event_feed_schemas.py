"""Response bodies of the event feed, as the OpenAPI document describes them (the server writes them as JSON bytes
straight from the envelopes, without making these objects: the feed is the hot path)."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from application.feed import STREAM_TYPE_NAMES

StreamTypeName = Literal[STREAM_TYPE_NAMES]  # type: ignore[valid-type]
"""The kinds of record (stream) the log holds, as the feed filters on them (their Chinese names are
`domain.labels.STREAM_LABELS`)."""


@attrs.frozen(kw_only=True)
class CloudEventOut:
    """One event as a CloudEvents 1.0 JSON envelope."""

    specversion: str
    """Always "1.0"."""
    id: str
    """`<stream id>/<stream version>`: the same every time the event is sent; drop a duplicate by it."""
    source: str
    """`/gongkai/organs/<organ>` for an organ's records, `/gongkai` for the rest (staff, holiday tables)."""
    type: str
    """`gongkai.` and the event type's stable name, e.g. `gongkai.disclosure_request.received`."""
    time: str
    """When the event was recorded (ISO 8601 with its UTC offset)."""
    subject: str
    """The id of the stream (the record) the event belongs to."""
    dataschema: str
    """The URL of the JSON Schema `data` validates against: its type, schema version and form."""
    datacontenttype: str
    """Always "application/json"."""
    position: int
    """The event's place in the one log: strictly increasing, not contiguous. Resume after it."""
    streamtype: str
    """The kind of record: disclosure_request, document, catalogue, request_register, working_calendar, …"""
    streamversion: int
    """The event's version within its stream, from 1."""
    schemaversion: int
    """The version of its type's fields that `data` is in (older events are upcast before they are sent)."""
    data: dict[str, Any]
    """Who acted (integrators: the role alone) and the event's fields: all of them for auditors, the public-safe ones
    for integrators."""
    organ: str | None = None
    """The organ (机关) whose record it is; absent for records of no organ."""


@attrs.frozen(kw_only=True)
class EventPageOut:
    """A page of the log's events in order, where to continue from, and the log's head."""

    events: tuple[CloudEventOut, ...]
    next_after: int
    """Ask for the next page after this position: past the last event sent and past any the filters skipped. The
    page may hold fewer events than the limit (one page looks through at most 10,000 positions); the feed is read to
    its head when next_after reaches head."""
    head: int
    """The position of the newest event in the log when the page was read."""


@attrs.frozen(kw_only=True)
class EventTypeSchemasOut:
    """An event type, the current version of its fields, and where the schemas of its forms are served."""

    type: str
    version: int
    schemas: dict[str, str]
    """By form (`full` for auditors, `public` for integrators): the path of its JSON Schema."""


@attrs.frozen(kw_only=True)
class EventSchemaIndexOut:
    """Every event type the feed sends, with the schemas of its forms."""

    types: tuple[EventTypeSchemasOut, ...]

    @classmethod
    def of(cls, index: list[dict[str, Any]]) -> EventSchemaIndexOut:
        """From the application's index."""
        return cls(types=tuple(EventTypeSchemasOut(**entry) for entry in index))
