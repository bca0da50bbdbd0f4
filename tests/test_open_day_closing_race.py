"""A registration decided while registration was open but logged after the closing, or after a new date that closed
the window before the registration's time (a request that raced the organiser's step) takes no place and never waits:
its holder sees it void, and no place is counted for it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.bootstrap import Gongkai, build
from application.open_days import PUBLIC
from application.saving import after
from application.streams import OPEN_DAY, OPEN_DAY_CLAIM, OPEN_DAY_REGISTRATION
from domain.actors import Role
from domain.context import Context
from domain.errors import StepOutOfOrder
from domain.open_day import commands as cmd
from domain.open_day.decisions import register
from domain.open_day.roster import Place
from domain.open_day.values import registration_id
from domain.personal_data import PersonalData
from tests.domain.builders import CALENDAR
from tests.domain.open_day_builders import planning, shanghai
from tests.support import FixedClock, credential

ORGANISER = credential(Role.ORGANISER)


@pytest.fixture
def gongkai(empty_store_url: str) -> Iterator[Gongkai]:
    core = build(empty_store_url, clock=FixedClock(shanghai(5, 10)))
    try:
        yield core
    finally:
        core.close()


def test_a_registration_logged_after_the_closing_is_void(gongkai: Gongkai) -> None:
    day = gongkai.open_days.plan(planning(capacity=5), ORGANISER).state.id
    gongkai.open_days.execute(day, cmd.OpenRegistration(), ORGANISER)
    taken = gongkai.open_days.register(
        cmd.Register(open_day_id=day, registration_id=uuid.uuid4(), registrant=_person(1), age=40)
    )
    # Decided on the open day as it stood before the closing ...
    open_state = gongkai.store.load(OPEN_DAY, day)
    code = "late-registration-code"
    command = cmd.Register(open_day_id=day, registration_id=registration_id(code), registrant=_person(2), age=40)
    ctx = Context(actor=PUBLIC, now=shanghai(5, 10), today=shanghai(5, 10).date(), calendar=CALENDAR)
    events = register(open_state, None, command, "key-of-person-2", ctx)
    # ... and logged after it.
    gongkai.open_days.execute(day, cmd.CloseRegistration(), ORGANISER)
    states: list[tuple[Any, Any]] = [
        (OPEN_DAY_REGISTRATION, after(OPEN_DAY_REGISTRATION, None, events[:1])),
        (OPEN_DAY_CLAIM, after(OPEN_DAY_CLAIM, None, events[1:])),
    ]
    gongkai.store.append(events, states)
    assert gongkai.open_days.registration(code).standing.place is Place.VOID
    assert gongkai.open_days.registration(taken.code or "").standing.place is Place.CONFIRMED
    assert gongkai.open_days.board.counts(day) == (4, 0)


def test_a_registration_logged_after_a_new_date_closed_the_window_before_its_time_is_void(gongkai: Gongkai) -> None:
    """The same race with a rescheduling: decided on the window as planned, logged after a new date whose window
    closed before the registration was made; it takes no place, as a decision on the new state would have refused it."""
    day = gongkai.open_days.plan(planning(capacity=5), ORGANISER).state.id
    gongkai.open_days.execute(day, cmd.OpenRegistration(), ORGANISER)
    open_state = gongkai.store.load(OPEN_DAY, day)
    code = "registration-before-the-new-date"
    command = cmd.Register(open_day_id=day, registration_id=registration_id(code), registrant=_person(3), age=40)
    ctx = Context(actor=PUBLIC, now=shanghai(5, 10), today=shanghai(5, 10).date(), calendar=CALENDAR)
    events = register(open_state, None, command, "key-of-person-3", ctx)
    moved = cmd.Reschedule(
        starts_at=shanghai(20, 9, 30), ends_at=shanghai(20, 11, 30), registration_closes_at=shanghai(5, 10),
        reason="报告厅检修",
    )  # fmt: skip
    gongkai.open_days.execute(day, moved, ORGANISER)
    states: list[tuple[Any, Any]] = [
        (OPEN_DAY_REGISTRATION, after(OPEN_DAY_REGISTRATION, None, events[:1])),
        (OPEN_DAY_CLAIM, after(OPEN_DAY_CLAIM, None, events[1:])),
    ]
    gongkai.store.append(events, states)
    assert gongkai.open_days.registration(code).standing.place is Place.VOID
    assert gongkai.open_days.board.counts(day) == (5, 0)


def _person(n: int) -> PersonalData:
    return PersonalData(name=f"市民{n}", id_number=f"31011219800101{n:04d}").of_person(f"person-{n}")


def test_a_board_a_moment_old_refuses_nobody_the_log_would_take(
    gongkai: Gongkai, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registration is decided on the board as another caller's read left it; when that board refuses it (the open
    day not open yet, or not known yet), it is decided again on the log's head before anyone is refused."""
    board = gongkai.open_days.board
    # Another caller is always reading: the board never reads for the registration's first decision.
    monkeypatch.setattr(board, "catch_up_unless_reading", lambda: board.position)
    planned = gongkai.open_days.plan(planning(capacity=5), ORGANISER).state.id
    board.catch_up()  # the board knows it planned, not yet open
    gongkai.open_days.execute(planned, cmd.OpenRegistration(), ORGANISER)
    first = gongkai.open_days.register(
        cmd.Register(open_day_id=planned, registration_id=uuid.uuid4(), registrant=_person(1), age=40)
    )
    assert first.standing.place is Place.CONFIRMED
    unknown = gongkai.open_days.plan(planning(capacity=5), ORGANISER).state.id  # planned since the board's read
    gongkai.open_days.execute(unknown, cmd.OpenRegistration(), ORGANISER)
    second = gongkai.open_days.register(
        cmd.Register(open_day_id=unknown, registration_id=uuid.uuid4(), registrant=_person(2), age=40)
    )
    assert second.standing.place is Place.CONFIRMED
    closed = gongkai.open_days.plan(planning(capacity=5), ORGANISER).state.id
    with pytest.raises(StepOutOfOrder):  # refused on the log's head too
        gongkai.open_days.register(
            cmd.Register(open_day_id=closed, registration_id=uuid.uuid4(), registrant=_person(3), age=40)
        )
