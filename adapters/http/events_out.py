"""One event of a record's history as the API shows it, with personal data left out for readers who may not see it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import attrs

from application.event_forms import Audience, EventRecord, record_of
from domain.events import DomainEvent


class HistoryScope(enum.StrEnum):
    """What a `history` holds."""

    WHOLE_CASE = "whole_case"
    """Every event of the record, in order."""
    THIS_STEP_ONLY = "this_step_only"
    """Only the events the step just answered recorded; read the record for the rest."""


@attrs.frozen(kw_only=True)
class ActorOut:
    """Who acted."""

    person_id: str
    name: str
    role: str


@attrs.frozen(kw_only=True)
class EventOut:
    """One event of a record's history: its type, when, who, and its fields as stored."""

    version: int
    type: str
    timestamp: datetime
    actor: ActorOut
    data: dict[str, Any]
    """The event's own fields; those holding personal data are null for readers who may not see it."""

    @classmethod
    def of(cls, event: DomainEvent, personal_data: bool = True) -> EventOut:
        """From a domain event, in the application's one form of it, personal data only if the reader may see it."""
        return cls.of_record(record_of(event, Audience.FULL if personal_data else Audience.STAFF))

    @classmethod
    def of_record(cls, record: EventRecord) -> EventOut:
        """From the application's form of an event for people."""
        actor = ActorOut(person_id=record.actor["person_id"], name=record.actor["name"], role=record.actor["role"])
        return cls(
            version=record.version,
            type=record.type,
            timestamp=datetime.fromisoformat(record.timestamp),
            actor=actor,
            data=record.data,
        )
