"""Open days: their shape (R-OPEN-SHAPE), their course (R-OPEN-LIFECYCLE), and one place per person
(R-OPEN-CAPACITY); the places themselves are the roster's (tests/domain/test_open_day_roster.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.errors import DomainError
from domain.open_day import commands as cmd
from domain.open_day import events as ev
from domain.open_day.decisions import cancel_registration, decide, plan, register
from domain.open_day.state import Claim, evolve_claim, evolve_registration
from domain.open_day.values import OpenDayFormat, OpenDayStatus, age_on, claim_id
from tests.domain.open_day_builders import (
    DURING_REGISTRATION,
    PLANNING,
    PUBLIC,
    context,
    open_for_registration,
    planned,
    planning,
    registering,
    shanghai,
    step,
)


def refusal(**overrides: Any) -> DomainError:
    with pytest.raises(DomainError) as refused:
        plan(planning(**overrides), context(PLANNING))
    return refused.value


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"format": OpenDayFormat.VISIT, "venue": None}, "venue"),
        ({"format": OpenDayFormat.LIVE_STREAM, "venue": None}, "stream_link"),
        ({"format": OpenDayFormat.SURVEY, "venue": None}, "venue"),
        ({"capacity": 0}, "capacity"),
        ({"ends_at": shanghai(14, 9, 30)}, "ends_at"),
        ({"starts_at": shanghai(3, 9), "ends_at": shanghai(3, 11)}, "starts_at"),
        ({"registration_closes_at": shanghai(14, 10)}, "registration_closes_at"),
        ({"registration_opens_at": shanghai(12, 17)}, "registration_opens_at"),
        ({"min_age": 70, "max_age": 60}, "min_age"),
    ],
)
def test_an_open_day_without_its_shape_is_refused(overrides: dict[str, Any], field: str) -> None:
    error = refusal(**overrides)
    assert (error.code, error.field) == ("R-OPEN-SHAPE", field)


def test_a_live_stream_needs_a_web_address() -> None:
    error = refusal(format=OpenDayFormat.LIVE_STREAM, venue=None, stream_link="ftp://x")
    assert (error.code, error.field) == ("R-VALUE", "stream_link")
    event = plan(
        planning(format=OpenDayFormat.LIVE_STREAM, venue=None, stream_link="https://live.example.cn/a"),
        context(PLANNING),
    )
    assert event.stream_link == "https://live.example.cn/a"


def test_without_an_age_range_the_default_18_to_65_applies() -> None:
    state = planned()
    assert (state.eligibility.min_age, state.eligibility.max_age) == (18, 65)
    assert planned(min_age=0, max_age=150).eligibility.admits(80)


def test_the_course_runs_from_planned_to_summary_published() -> None:
    state = open_for_registration()
    assert state.status is OpenDayStatus.REGISTRATION_OPEN
    state = step(state, cmd.CloseRegistration())
    state = step(state, cmd.RecordHeld(held_on=date(2025, 3, 14), attendance=2), shanghai(14, 15))
    state = step(state, cmd.RecordFeedback(responses=2, findings="满意"), shanghai(17, 10))
    state = step(state, cmd.PublishSummary(summary="活动圆满完成"), shanghai(18, 10))
    assert state.status is OpenDayStatus.SUMMARY_PUBLISHED
    assert state.summary_published_on == date(2025, 3, 18)


@pytest.mark.parametrize(
    "command",
    [
        cmd.CloseRegistration(),
        cmd.RecordHeld(held_on=date(2025, 3, 14), attendance=1),
        cmd.RecordFeedback(responses=1, findings="好"),
        cmd.PublishSummary(summary="总结"),
    ],
)
def test_a_step_out_of_its_order_is_refused(command: cmd.Command) -> None:
    with pytest.raises(DomainError) as refused:
        decide(planned(), command, context(DURING_REGISTRATION))
    assert refused.value.code == "R-OPEN-LIFECYCLE"


def test_held_on_lies_between_the_start_and_today() -> None:
    closed = step(open_for_registration(), cmd.CloseRegistration())
    with pytest.raises(DomainError) as refused:
        decide(closed, cmd.RecordHeld(held_on=date(2025, 3, 13), attendance=1), context(shanghai(14, 15)))
    assert (refused.value.code, refused.value.field) == ("R-OPEN-LIFECYCLE", "held_on")


def test_cancelled_or_rescheduled_at_any_point_before_held_never_after() -> None:
    state = open_for_registration()
    moved = step(state, cmd.Reschedule(starts_at=shanghai(21, 9), ends_at=shanghai(21, 11), reason="场地检修"))
    # the window closed on 12 March 17:00, before the new start: it stands
    assert (moved.starts_at, moved.registration_closes_at) == (shanghai(21, 9), shanghai(12, 17))
    assert step(moved, cmd.CancelOpenDay(reason="台风预警")).status is OpenDayStatus.CANCELLED
    closed = step(state, cmd.CloseRegistration())
    held = step(closed, cmd.RecordHeld(held_on=date(2025, 3, 14), attendance=2), shanghai(14, 15))
    for command in (
        cmd.CancelOpenDay(reason="x"),
        cmd.Reschedule(starts_at=shanghai(28, 9), ends_at=shanghai(28, 10), reason="x"),
    ):
        with pytest.raises(DomainError) as refused:
            decide(held, command, context(shanghai(14, 16)))
        assert refused.value.code == "R-OPEN-LIFECYCLE"


def test_registration_is_taken_only_while_open_and_inside_its_window() -> None:
    with pytest.raises(DomainError) as refused:
        register(planned(), None, registering(planned(), 1), "key-1", PUBLIC)
    assert refused.value.code == "R-OPEN-LIFECYCLE"
    state = open_for_registration()
    with pytest.raises(DomainError) as late:
        register(state, None, registering(state, 1), "key-1", context(shanghai(12, 17)))
    assert late.value.code == "R-OPEN-LIFECYCLE"


def test_age_is_counted_on_the_day_of_the_event() -> None:
    # born 15 March 2007: on 14 March 2025 still 17, on 15 March 18
    assert age_on(date(2007, 3, 15), date(2025, 3, 14)) == 17
    assert age_on(date(2007, 3, 14), date(2025, 3, 14)) == 18
    state = open_for_registration()
    with pytest.raises(DomainError) as refused:
        register(state, None, registering(state, 1, age=None, birth_date=date(2007, 3, 15)), "k", PUBLIC)
    assert (refused.value.code, refused.value.field) == ("R-OPEN-SHAPE", "birth_date")
    events = register(state, None, registering(state, 1, age=None, birth_date=date(2007, 3, 14)), "k", PUBLIC)
    assert isinstance(events[0], ev.Registered) and events[0].age == 18
    with pytest.raises(DomainError) as unstated:
        register(state, None, registering(state, 1, age=None), "k", PUBLIC)
    assert unstated.value.field == "birth_date"


def test_one_person_holds_one_registration_and_may_register_again_after_cancelling() -> None:
    state = open_for_registration()
    registered, claimed = register(state, None, registering(state, 1), "key-1", PUBLIC)
    assert claimed.originator_id == claim_id(state.id, "key-1")
    claim = evolve_claim(None, claimed)
    with pytest.raises(DomainError) as refused:
        register(state, claim, registering(state, 1), "key-1", PUBLIC)
    assert (refused.value.code, refused.value.field) == ("R-OPEN-CAPACITY", "registrant.id_number")
    registration = evolve_registration(None, registered)
    cancelled, released = cancel_registration(state, registration, claim, PUBLIC)
    assert isinstance(cancelled, ev.RegistrationCancelled) and isinstance(released, ev.Released)
    claim = evolve_claim(claim, released)
    assert claim == Claim(claim.id, 2, state.id, None)
    again = register(state, claim, registering(state, 1), "key-1", PUBLIC)
    assert again[1].originator_version == 3
    with pytest.raises(DomainError):
        cancel_registration(state, evolve_registration(registration, cancelled), claim, PUBLIC)
