"""Reading a stream as it stood: at a version, or at a moment, with the working calendar as it was known then.

The one mechanism behind every "as it stood" view (a case, a document, the audit trail of any record): due dates are
derived again from the events with the holiday tables known at that instant (R-COUNT-4), not with today's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

import attrs

from application.calendar import CalendarBook
from application.errors import NotFound
from application.ports import EventStore
from application.streams import StreamType
from domain.calendar import WorkingCalendar
from domain.errors import InvalidValue
from domain.events import DomainEvent

S = TypeVar("S")


@attrs.frozen
class Replayed(Generic[S]):
    """A stream's state and history up to a point, and the moment the calendar should be taken as known."""

    state: S
    history: list[DomainEvent]
    known_at: datetime | None
    """None for the present: the calendar as known now."""
    calendar: WorkingCalendar
    """The working calendar as it was known at `known_at` (now, for the present)."""


def replay(
    store: EventStore,
    calendars: CalendarBook,
    stream: StreamType[S],
    stream_id: UUID,
    *,
    version: int | None = None,
    moment: datetime | None = None,
) -> Replayed[S]:
    """The stream now, at a version, or at a moment (the latest of version and moment that applies)."""
    if moment is not None and moment.tzinfo is None:
        raise InvalidValue("as_of needs a UTC offset, e.g. 2025-03-03T18:00:00+08:00", field="as_of")
    history = store.history(stream_id)
    label = stream.name.replace("_", " ")
    if not history or not isinstance(history[0], stream.event_types):
        raise NotFound(f"no {label} {stream_id}")
    if moment is not None:
        history = [e for e in history if e.timestamp <= moment]
    if version is not None:
        if version > len(history):
            raise NotFound(f"{label} {stream_id} had no version {version} then")
        history = history[:version]
    if not history:
        raise NotFound(f"{label} {stream_id} did not exist then")
    state: S | None = None
    for event in history:
        state = stream.evolve(state, event)
    assert state is not None
    known_at = moment or (history[-1].timestamp if version is not None else None)
    calendar = calendars.as_of(known_at) if known_at else calendars.current()
    return Replayed(state, history, known_at, calendar)
