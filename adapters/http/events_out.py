"""One event of a record's history as the API shows it, with personal data left out for readers who may not see it."""

from __future__ import annotations

import enum
import functools
import typing
from datetime import datetime
from typing import Any

import attrs

from adapters.persistence.mapper import encode_event
from domain.events import DomainEvent
from domain.personal_data import PersonalData

PERSONAL_DATA_WITHHELD = None
"""What a field holding personal data shows to a reader who may not see it."""


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
        """From a domain event, its fields as stored, personal data only if the reader may see it."""
        body = encode_event(event)
        for key in ("schema_version", "timestamp", "actor"):
            body.pop(key)
        if not personal_data:
            body.update(dict.fromkeys(_personal_fields(type(event)), PERSONAL_DATA_WITHHELD))
        actor = ActorOut(person_id=event.actor.person_id, name=event.actor.name, role=event.actor.role.value)
        return cls(
            version=event.originator_version, type=event.type_name, timestamp=event.timestamp, actor=actor, data=body
        )


@functools.cache
def _personal_fields(event_type: type[DomainEvent]) -> tuple[str, ...]:
    """The fields of an event type that hold personal data (by their declared types) or tell who a person is."""
    hints = typing.get_type_hints(event_type)
    typed = [name for name, hint in hints.items() if PersonalData in (hint, *typing.get_args(hint))]
    return (*typed, *sorted(event_type.identifying_fields))
