"""Fixture-free helpers for domain tests: a request folded from commands given on chosen business dates.

`given(applied(day), at(day, command), …)` receives an application, then decides and folds each command
with a Context on its day; `refusal(state, at(day, command))` returns the DomainError that refuses a step.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

import attrs
import pytest

from adapters.calendar_data import seed_tables
from domain.actors import Actor, Role
from domain.calendar import SHANGHAI, WorkingCalendar
from domain.context import Context
from domain.disclosure_request.clock import ReplyClock, reply_clock
from domain.disclosure_request.commands import Command, ReceiveRequest, Reply, SendFeeNotice
from domain.disclosure_request.decisions import decide, receive, send_fee_notice
from domain.disclosure_request.register import Register
from domain.disclosure_request.rules import RequestRules
from domain.disclosure_request.state import DisclosureRequest, evolve
from domain.disclosure_request.values import ApplicantType, Channel, DeliveryForm, Outcome, OutcomeCategory
from domain.errors import DomainError
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from tests.support import actor

CALENDAR = WorkingCalendar.of(seed_tables())
"""The real holiday tables, 2004–2026."""
RULES = RequestRules()
"""The statutory defaults."""

CLERK = actor(Role.CLERK, person_id="clerk-li-na", name="李娜")
"""Receives applications, so she is their handler."""
HEAD = actor(Role.OFFICE_HEAD, person_id="head-zhao-qiang", name="赵强")
"""Head of the disclosure office."""


def instant(day: date, at: time = time(10, 0)) -> datetime:
    """A UTC instant at a time of day in Asia/Shanghai."""
    return datetime.combine(day, at, tzinfo=SHANGHAI).astimezone(UTC)


def context(day: date, by: Actor = CLERK, rules: RequestRules = RULES) -> Context:
    """Acting on a business date, at 18:00 Shanghai time so every record made that day is in the past."""
    return Context(actor=by, now=instant(day, time(18, 0)), today=day, calendar=CALENDAR, request_rules=rules)


@attrs.frozen
class Step:
    """A command given by a person on a business date."""

    day: date
    command: Command | ReceiveRequest | SendFeeNotice
    by: Actor = CLERK
    register: Register | None = None
    """For a fee notice: the organ's register of applications, as the per-item scale reads it."""


def at(
    day: date, command: Command | ReceiveRequest | SendFeeNotice, by: Actor = CLERK, register: Register | None = None
) -> Step:
    """The command given on that day by that person (the clerk unless told)."""
    return Step(day, command, by, register)


def application(
    arrived_on: date,
    *,
    channel: Channel = Channel.IN_PERSON,
    confirmed_on: date | None = None,
    applicant_type: ApplicantType = ApplicantType.NATURAL_PERSON,
    preferred_form: DeliveryForm = DeliveryForm.ELECTRONIC,
    items: int = 1,
    late_confirmation_reason: str | None = None,
) -> ReceiveRequest:
    """An application about a demolition notice, arriving at 10:00 Shanghai time."""
    return ReceiveRequest(
        request_id=uuid.uuid4(),
        organ="上海市某区人民政府",
        department="政务公开办公室",
        channel=channel,
        arrived_at=instant(arrived_on),
        confirmed_on=confirmed_on,
        applicant=PersonalData(name="张伟", phone="13800000000"),
        applicant_type=applicant_type,
        information_requested="2024年某街道旧区改造征收补偿方案",
        preferred_form=preferred_form,
        items=items,
        late_confirmation_reason=late_confirmation_reason,
    )


def applied(day: date, **fields: Any) -> Step:
    """An application arriving on that day, received by the clerk (handed in unless another channel is given)."""
    return at(day, application(day, **fields))


def reply(replied_on: date, outcome: Outcome) -> Reply:
    """The reply decided on a day with an outcome."""
    return Reply(replied_on=replied_on, outcome=outcome)


DISCLOSED = Outcome(category=OutcomeCategory.DISCLOSED)
"""予以公开, the plainest outcome."""


def run(state: DisclosureRequest | None, step: Step, rules: RequestRules = RULES) -> list[DomainEvent]:
    """The events one step produces, or the DomainError refusing it."""
    ctx = context(step.day, step.by, rules)
    if isinstance(step.command, ReceiveRequest):
        assert state is None, "an application is received once"
        return [receive(step.command, "2025-0001", None, ctx)]
    assert state is not None, "a request starts with its receipt"
    if isinstance(step.command, SendFeeNotice):
        return send_fee_notice(state, step.command, step.register, ctx)
    return decide(state, step.command, ctx)


def fold(state: DisclosureRequest | None, events: list[DomainEvent]) -> DisclosureRequest:
    """The request's state after the events (those of other streams, such as the register, are left out)."""
    for event in events:
        if state is None or event.originator_id == state.id:
            state = evolve(state, event)
    assert state is not None
    return state


def given(*steps: Step, rules: RequestRules = RULES) -> DisclosureRequest:
    """The request after every step, the first being its receipt; a refused step fails the test."""
    state: DisclosureRequest | None = None
    for step in steps:
        state = fold(state, run(state, step, rules))
    assert state is not None, "given() needs at least the receipt"
    return state


def then(state: DisclosureRequest, *steps: Step, rules: RequestRules = RULES) -> DisclosureRequest:
    """The request after further steps."""
    for step in steps:
        state = fold(state, run(state, step, rules))
    return state


def only_event(state: DisclosureRequest | None, step: Step, rules: RequestRules = RULES) -> DomainEvent:
    """The one event a step produces."""
    events = run(state, step, rules)
    assert len(events) == 1, events
    return events[0]


def refusal(state: DisclosureRequest | None, step: Step, rules: RequestRules = RULES) -> DomainError:
    """The DomainError refusing a step; the test fails if the step is accepted."""
    with pytest.raises(DomainError) as caught:
        run(state, step, rules)
    return caught.value


def clock(state: DisclosureRequest, rules: RequestRules = RULES) -> ReplyClock:
    """The reply clock on the real calendar."""
    return reply_clock(state, CALENDAR, rules)


def due(state: DisclosureRequest, rules: RequestRules = RULES) -> date | None:
    """The reply due date on the real calendar."""
    return clock(state, rules).due
