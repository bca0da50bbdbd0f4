"""The roster by hand: places in arrival order, the waiting list, promotion, cancellation and new dates told."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from domain.actors import SYSTEM
from domain.events import DomainEvent
from domain.open_day import events as ev
from domain.open_day.roster import Change, Place, Roster, Standing
from domain.open_day.values import NoticeKind, OpenDayFormat
from domain.personal_data import PersonalData

NOW = datetime(2025, 3, 5, 2, 0, tzinfo=UTC)
CLOSES = NOW + timedelta(days=2)
"""When registration closes, as planned."""
DAY = uuid.uuid4()


def _e(cls: type[DomainEvent], stream: uuid.UUID, at: datetime = NOW, **fields: object) -> DomainEvent:
    return cls(originator_id=stream, originator_version=1, timestamp=at, actor=SYSTEM, **fields)


def _registered(r: uuid.UUID, at: datetime = NOW) -> DomainEvent:
    return _e(ev.Registered, r, at, open_day_id=DAY, registrant=PersonalData(name="x"), person_key="k", age=None)


def _roster(capacity: int) -> Roster:
    roster = Roster()
    roster.apply(
        1,
        _e(
            ev.Planned, DAY, organ="o", department="d", title="t", description="d", format=OpenDayFormat.VISIT,
            venue="v", stream_link=None, starts_at=CLOSES, ends_at=CLOSES, capacity=capacity,
            registration_opens_at=NOW - timedelta(hours=1), registration_closes_at=CLOSES, min_age=18, max_age=65,
        ),
    )  # fmt: skip
    roster.apply(2, _e(ev.RegistrationOpened, DAY))
    return roster


def test_two_places_three_registrants_the_third_waits_and_is_promoted_when_the_first_cancels() -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    roster = _roster(2)
    assert roster.apply(10, _registered(a)) == [Change(NoticeKind.CONFIRMED, DAY, a, 10)]
    assert roster.apply(12, _registered(b)) == [Change(NoticeKind.CONFIRMED, DAY, b, 12)]
    assert roster.apply(15, _registered(c)) == []
    assert roster.standing(c) == Standing(DAY, Place.WAITING, 1)
    assert roster.apply(20, _e(ev.RegistrationCancelled, a, open_day_id=DAY)) == [
        Change(NoticeKind.PROMOTED, DAY, c, 20)
    ]
    assert roster.confirmed(DAY) == [b, c] and roster.waiting(DAY) == []
    assert roster.standing(a) == Standing(DAY, Place.CANCELLED)


def test_a_waiting_registrant_who_cancels_promotes_nobody() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    roster = _roster(1)
    roster.apply(3, _registered(a))
    roster.apply(4, _registered(b))
    assert roster.apply(5, _e(ev.RegistrationCancelled, b, open_day_id=DAY)) == []
    assert roster.confirmed(DAY) == [a]


def test_a_registration_logged_after_the_closing_takes_no_place() -> None:
    a = uuid.uuid4()
    roster = _roster(5)
    roster.apply(3, _e(ev.RegistrationClosed, DAY))
    assert roster.apply(4, _registered(a)) == []
    assert roster.standing(a) == Standing(DAY, Place.VOID)
    assert roster.places_left(DAY) == 5


def test_a_registration_made_after_the_window_closed_takes_no_place_though_nobody_closed_registration() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    roster = _roster(5)
    assert roster.apply(3, _registered(a, CLOSES - timedelta(seconds=1))) != []
    assert roster.apply(4, _registered(b, CLOSES)) == []
    assert roster.standing(b) == Standing(DAY, Place.VOID)
    assert roster.places_left(DAY) == 4


def test_a_new_date_that_closes_the_window_earlier_voids_a_registration_made_after_the_new_closing() -> None:
    """A registration decided on the state before the new date (it raced the step, or read a board a moment behind)
    counts only where a decision on the log's state would have taken it."""
    a, b = uuid.uuid4(), uuid.uuid4()
    roster = _roster(5)
    closes = NOW + timedelta(minutes=5)
    moved = _e(ev.Rescheduled, DAY, starts_at=CLOSES, ends_at=CLOSES, registration_closes_at=closes, reason="r")
    roster.apply(3, moved)
    assert roster.apply(4, _registered(a, closes - timedelta(seconds=1))) != []
    assert roster.apply(5, _registered(b, closes + timedelta(seconds=1))) == []
    assert roster.standing(b) == Standing(DAY, Place.VOID)
    assert roster.confirmed(DAY) == [a]


def test_a_new_date_that_closes_the_window_later_takes_registrations_until_the_new_closing() -> None:
    a = uuid.uuid4()
    roster = _roster(5)
    later = CLOSES + timedelta(days=1)
    moved = _e(ev.Rescheduled, DAY, starts_at=later, ends_at=later, registration_closes_at=later, reason="r")
    roster.apply(3, moved)
    assert roster.apply(4, _registered(a, CLOSES + timedelta(hours=1))) != []
    assert roster.standing(a) == Standing(DAY, Place.CONFIRMED)


def test_a_registration_made_before_the_window_opened_takes_no_place() -> None:
    a = uuid.uuid4()
    roster = _roster(5)
    assert roster.apply(3, _registered(a, NOW - timedelta(hours=2))) == []
    assert roster.standing(a) == Standing(DAY, Place.VOID)


def test_every_registrant_holding_or_waiting_is_told_of_a_new_date_and_of_a_cancellation() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    roster = _roster(1)
    roster.apply(3, _registered(a))
    roster.apply(4, _registered(b))
    moved = roster.apply(5, _e(ev.Rescheduled, DAY, starts_at=NOW, ends_at=NOW, registration_closes_at=NOW, reason="r"))
    assert moved == [Change(NoticeKind.RESCHEDULED, DAY, a, 5), Change(NoticeKind.RESCHEDULED, DAY, b, 5)]
    assert [c.kind for c in roster.apply(6, _e(ev.Cancelled, DAY, reason="r"))] == [NoticeKind.CANCELLED] * 2
