"""Who holds a place and who waits, derived from the log's order (R-OPEN-CAPACITY).

Registrations are never numbered when they are written (that would make every registrant write one shared counter,
and strangers would conflict). Their order is the log's: positions are strictly increasing and committed in order
(PostgreSQL's table lock; SQLite's single writer), so folding the log in order gives every reader the same answer.
The first `capacity` registrations still active, in that order, hold the places; the others wait in the same order;
a cancellation of a place gives it to the first who waits. A registration the log holds where its open day, as the
log holds it at that position, would not have taken it — registration closed or the open day cancelled before it, or
made at a time outside the registration window as the log then gives it (a new date may have moved the window's
closing) — takes no place and never waits: a registration decided on a state the log has since moved past (a step
that raced the closing or a new date, or a state read from a board a moment behind the log) counts only where a
decision on the log's own state would have taken it.
"""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import UUID

import attrs

from domain.events import DomainEvent
from domain.open_day import events as ev
from domain.open_day.values import NoticeKind


class Place(enum.StrEnum):
    """Where a registration stands."""

    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"
    """Cancelled by the registrant."""
    VOID = "void"
    """Written after the open day stopped taking registrations: it takes no place."""


@attrs.frozen
class Standing:
    """A registration's place, and its number on the waiting list (from 1) while it waits."""

    open_day_id: UUID
    place: Place
    waiting_number: int | None = None


@attrs.frozen
class Change:
    """Something a registrant is to be told, because of the event at log position `cause`."""

    kind: NoticeKind
    open_day_id: UUID
    registration_id: UUID
    cause: int


@attrs.define
class _Day:
    capacity: int
    opens_at: datetime
    closes_at: datetime
    accepting: bool = False
    confirmed: dict[UUID, int] = attrs.field(factory=dict)
    """Registration → log position, in log order (dicts keep insertion order)."""
    waiting: dict[UUID, int] = attrs.field(factory=dict)
    numbers: dict[UUID, int] | None = None
    """Each waiting registration's number on the list (from 1), kept while registrations only join the end of the
    list and worked out again after one leaves it: a rush's thousands who wait are numbered one at a time, not each
    by a walk of the whole list."""

    def wait(self, registration: UUID, position: int) -> None:
        self.waiting[registration] = position
        if self.numbers is not None:
            self.numbers[registration] = len(self.waiting)

    def leave_waiting(self, registration: UUID) -> int | None:
        left = self.waiting.pop(registration, None)
        if left is not None:
            self.numbers = None
        return left

    def waiting_number(self, registration: UUID) -> int:
        if self.numbers is None:
            self.numbers = {r: n for n, r in enumerate(self.waiting, start=1)}
        return self.numbers[registration]


class Roster:
    """The places of every open day, folded from the log one event at a time, in log order.

    Invariant: the waiting list is empty unless every place is taken, and every confirmed registration came before
    every waiting one; so confirmed never exceeds the capacity and the waiting list keeps arrival order.
    """

    def __init__(self) -> None:
        self._days: dict[UUID, _Day] = {}
        self._day_of: dict[UUID, UUID] = {}
        self._ended: dict[UUID, Place] = {}

    def apply(self, position: int, event: DomainEvent) -> list[Change]:
        """Fold one event of the log; the notices it makes due."""
        if isinstance(event, ev.Planned):
            self._days[event.originator_id] = _Day(
                event.capacity, event.registration_opens_at, event.registration_closes_at
            )
            return []
        day = self._days.get(getattr(event, "open_day_id", event.originator_id))
        if day is None:
            return []
        if isinstance(event, ev.Registered):
            return self._registered(day, position, event)
        if isinstance(event, ev.RegistrationCancelled):
            return self._cancelled(day, position, event)
        if isinstance(event, ev.RegistrationOpened):
            day.accepting = True
        elif isinstance(event, ev.RegistrationClosed):
            day.accepting = False
        elif isinstance(event, ev.Cancelled | ev.Rescheduled):
            day.accepting = day.accepting and isinstance(event, ev.Rescheduled)
            if isinstance(event, ev.Rescheduled):
                day.closes_at = event.registration_closes_at
            kind = NoticeKind.CANCELLED if isinstance(event, ev.Cancelled) else NoticeKind.RESCHEDULED
            return [Change(kind, event.originator_id, r, position) for r in (*day.confirmed, *day.waiting)]
        return []

    def _registered(self, day: _Day, position: int, event: ev.Registered) -> list[Change]:
        registration = event.originator_id
        self._day_of[registration] = event.open_day_id
        if not (day.accepting and day.opens_at <= event.timestamp < day.closes_at):
            self._ended[registration] = Place.VOID
            return []
        if len(day.confirmed) < day.capacity:
            day.confirmed[registration] = position
            return [Change(NoticeKind.CONFIRMED, event.open_day_id, registration, position)]
        day.wait(registration, position)
        return []

    def _cancelled(self, day: _Day, position: int, event: ev.RegistrationCancelled) -> list[Change]:
        registration = event.originator_id
        self._ended[registration] = Place.CANCELLED
        day.leave_waiting(registration)
        if day.confirmed.pop(registration, None) is None or not day.waiting:
            return []
        first = next(iter(day.waiting))
        day.confirmed[first] = day.waiting[first]
        day.leave_waiting(first)
        return [Change(NoticeKind.PROMOTED, event.open_day_id, first, position)]

    def standing(self, registration: UUID) -> Standing | None:
        """Where a registration stands; None for one the roster has not seen."""
        open_day_id = self._day_of.get(registration)
        if open_day_id is None:
            return None
        ended = self._ended.get(registration)
        if ended is not None:
            return Standing(open_day_id, ended)
        day = self._days[open_day_id]
        if registration in day.confirmed:
            return Standing(open_day_id, Place.CONFIRMED)
        return Standing(open_day_id, Place.WAITING, day.waiting_number(registration))

    def confirmed(self, open_day_id: UUID) -> list[UUID]:
        """The registrations holding places, in arrival order."""
        day = self._days.get(open_day_id)
        return list(day.confirmed) if day else []

    def waiting(self, open_day_id: UUID) -> list[UUID]:
        """The waiting list, in arrival order."""
        day = self._days.get(open_day_id)
        return list(day.waiting) if day else []

    def waiting_count(self, open_day_id: UUID) -> int:
        """The length of the waiting list."""
        day = self._days.get(open_day_id)
        return len(day.waiting) if day else 0

    def places_left(self, open_day_id: UUID) -> int:
        """Places not yet taken."""
        day = self._days.get(open_day_id)
        return day.capacity - len(day.confirmed) if day else 0
