"""R-OPEN-CAPACITY under any interleaving of registrations and cancellations: confirmed registrations never exceed
the capacity, the waiting list keeps arrival order, and a cancellation of a place promotes the first who waits.

The roster is driven through the log as the application drives it (events at increasing positions, some positions
skipped as failed saves skip them), and checked against the plain reading of the rule: of the registrations still
active, in arrival order, the first `capacity` hold places.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from domain.actors import SYSTEM
from domain.events import DomainEvent
from domain.open_day import events as ev
from domain.open_day.roster import Change, Place, Roster
from domain.open_day.values import NoticeKind, OpenDayFormat
from domain.personal_data import PersonalData

NOW = datetime(2025, 3, 5, 2, 0, tzinfo=UTC)
"""When every registration is made."""
LATER = NOW + timedelta(days=1)


def _event(cls: type[ev.DomainEvent], stream: uuid.UUID, **fields: object) -> DomainEvent:
    return cls(originator_id=stream, originator_version=1, timestamp=NOW, actor=SYSTEM, **fields)


class RosterMachine(RuleBasedStateMachine):
    """Registrations and cancellations in any order, for an open day of a small capacity."""

    def __init__(self) -> None:
        super().__init__()
        self.roster = Roster()
        self.position = 0
        self.day = uuid.uuid4()
        self.capacity = 1
        self.arrived: list[uuid.UUID] = []
        """Active registrations in arrival order: the model."""
        self.cancelled: list[uuid.UUID] = []
        self.open = True
        self.window_open = True
        """Whether the registration window, as the log last gave it, holds the moment registrations are made."""
        self.changes: list[Change] = []

    def _log(self, event: DomainEvent, gap: int) -> list[Change]:
        self.position += 1 + gap
        changes = self.roster.apply(self.position, event)
        self.changes += changes
        return changes

    @initialize(capacity=st.integers(1, 4))
    def plan(self, capacity: int) -> None:
        self.capacity = capacity
        planned = _event(
            ev.Planned, self.day, organ="o", department="d", title="t", description="d", format=OpenDayFormat.VISIT,
            venue="v", stream_link=None, starts_at=LATER, ends_at=LATER, capacity=capacity,
            registration_opens_at=NOW, registration_closes_at=LATER, min_age=18, max_age=65,
        )  # fmt: skip
        self._log(planned, 0)
        self._log(_event(ev.RegistrationOpened, self.day), 0)

    @rule(gap=st.integers(0, 3))
    def register(self, gap: int) -> None:
        registration = uuid.uuid4()
        registered = _event(
            ev.Registered, registration, open_day_id=self.day, registrant=PersonalData(name="x"), person_key="k",
            age=None,
        )  # fmt: skip
        changes = self._log(registered, gap)
        if not (self.open and self.window_open):
            assert changes == []
            assert self.roster.standing(registration).place is Place.VOID  # type: ignore[union-attr]
            return
        self.arrived.append(registration)
        confirmed_now = len(self.arrived) <= self.capacity
        assert changes == (
            [Change(NoticeKind.CONFIRMED, self.day, registration, self.position)] if confirmed_now else []
        )

    @precondition(lambda self: bool(self.arrived))
    @rule(data=st.data(), gap=st.integers(0, 3))
    def cancel(self, data: st.DataObject, gap: int) -> None:
        registration = data.draw(st.sampled_from(self.arrived))
        index = self.arrived.index(registration)
        first_waiting = self.arrived[self.capacity] if len(self.arrived) > self.capacity else None
        changes = self._log(_event(ev.RegistrationCancelled, registration, open_day_id=self.day), gap)
        self.arrived.remove(registration)
        self.cancelled.append(registration)
        if index < self.capacity and first_waiting is not None:
            assert changes == [Change(NoticeKind.PROMOTED, self.day, first_waiting, self.position)]
        else:
            assert changes == []

    @precondition(lambda self: self.open)
    @rule()
    def close(self) -> None:
        self._log(_event(ev.RegistrationClosed, self.day), 0)
        self.open = False

    @rule(closes_before_now=st.booleans())
    def reschedule(self, closes_before_now: bool) -> None:
        """A new date; its window's closing before the moment registrations are made closes registration as surely
        as the closing step (a registration decided on the state before it takes no place)."""
        closes = NOW if closes_before_now else LATER
        moved = _event(ev.Rescheduled, self.day, starts_at=LATER, ends_at=LATER, registration_closes_at=closes,
                       reason="r")  # fmt: skip
        self._log(moved, 0)
        self.window_open = not closes_before_now

    @invariant()
    def confirmed_never_exceed_capacity_and_both_lists_keep_arrival_order(self) -> None:
        confirmed, waiting = self.roster.confirmed(self.day), self.roster.waiting(self.day)
        assert len(confirmed) <= self.capacity
        assert confirmed == self.arrived[: self.capacity]
        assert waiting == self.arrived[self.capacity :]
        assert self.roster.places_left(self.day) == self.capacity - len(confirmed)
        assert self.roster.waiting_count(self.day) == len(waiting)

    @invariant()
    def each_registration_knows_its_place(self) -> None:
        for number, registration in enumerate(self.arrived, start=1):
            standing = self.roster.standing(registration)
            assert standing is not None
            if number <= self.capacity:
                assert standing.place is Place.CONFIRMED
            else:
                assert (standing.place, standing.waiting_number) == (Place.WAITING, number - self.capacity)
        for registration in self.cancelled:
            assert self.roster.standing(registration).place is Place.CANCELLED  # type: ignore[union-attr]

    @invariant()
    def never_more_told_of_a_place_than_there_are_places_plus_cancellations(self) -> None:
        told = [c for c in self.changes if c.kind in (NoticeKind.CONFIRMED, NoticeKind.PROMOTED)]
        assert len(told) <= self.capacity + len(self.cancelled)
        assert len({c.registration_id for c in told}) == len(told)


TestRoster = RosterMachine.TestCase
