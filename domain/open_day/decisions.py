"""Decisions on open days and registrations: state, command and context in, events out, or a refusal naming its rule."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from domain.calendar import business_date
from domain.context import Context
from domain.deciding import Deciders, first_event, next_event, not_blank
from domain.errors import InvalidValue, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent
from domain.open_day import commands as cmd
from domain.open_day import events as ev
from domain.open_day.state import Claim, OpenDay, Registration
from domain.open_day.values import (
    BEFORE_HELD,
    DEFAULT_AGE_RANGE,
    AgeRange,
    OpenDayFormat,
    OpenDayStatus,
    age_on,
    claim_id,
)

SHAPE = "R-OPEN-SHAPE"
LIFECYCLE = "R-OPEN-LIFECYCLE"
CAPACITY = "R-OPEN-CAPACITY"
MAX_CAPACITY = 100_000
"""More places than any venue or stream of the bureau's holds: a capacity above it is a typing error."""
OLDEST = 150


def _aware(instant: datetime, field: str) -> None:
    if instant.tzinfo is None:
        raise InvalidValue(f"{field} needs a UTC offset, e.g. 2025-05-20T09:30:00+08:00", field=field)


def _times(starts_at: datetime, ends_at: datetime, closes_at: datetime, ctx: Context) -> None:
    """The event starts in the future and ends after it starts; registration closes no later than the start."""
    for instant, field in ((starts_at, "starts_at"), (ends_at, "ends_at"), (closes_at, "registration_closes_at")):
        _aware(instant, field)
    if starts_at <= ctx.now:
        raise RuleViolation("an open day starts in the future", code=SHAPE, field="starts_at")
    if ends_at <= starts_at:
        raise RuleViolation("an open day ends after it starts", code=SHAPE, field="ends_at")
    if closes_at > starts_at:
        raise RuleViolation("registration closes no later than the start", code=SHAPE, field="registration_closes_at")


def _where(format: OpenDayFormat, venue: str | None, link: str | None) -> None:
    """A visit or lecture has a venue, a live stream a link, a survey one or the other (R-OPEN-SHAPE)."""
    if venue is not None:
        not_blank(venue, "venue")
    if link is not None and (urlsplit(link).scheme not in ("http", "https") or not urlsplit(link).netloc):
        raise InvalidValue("stream_link is an http or https address", field="stream_link")
    if format in (OpenDayFormat.VISIT, OpenDayFormat.LECTURE) and venue is None:
        raise RuleViolation(f"a {format} takes place at a venue", code=SHAPE, field="venue")
    if format is OpenDayFormat.LIVE_STREAM and link is None:
        raise RuleViolation("a live stream has a stream link", code=SHAPE, field="stream_link")
    if format is OpenDayFormat.SURVEY and venue is None and link is None:
        raise RuleViolation("a survey has a venue or a link", code=SHAPE, field="venue")


def _eligibility(min_age: int | None, max_age: int | None) -> AgeRange:
    ages = AgeRange(
        DEFAULT_AGE_RANGE.min_age if min_age is None else min_age,
        DEFAULT_AGE_RANGE.max_age if max_age is None else max_age,
    )
    if not 0 <= ages.min_age <= ages.max_age <= OLDEST:
        raise RuleViolation(f"the age range runs from 0 to {OLDEST}, lowest first", code=SHAPE, field="min_age")
    return ages


def plan(command: cmd.PlanOpenDay, ctx: Context) -> ev.Planned:
    """Plan an open day in the shape R-OPEN-SHAPE asks for."""
    for field in ("organ", "department", "title", "description"):
        not_blank(getattr(command, field), field)
    _where(command.format, command.venue, command.stream_link)
    if not 1 <= command.capacity <= MAX_CAPACITY:
        raise RuleViolation(f"the capacity is 1 to {MAX_CAPACITY} places", code=SHAPE, field="capacity")
    _aware(command.registration_opens_at, "registration_opens_at")
    _times(command.starts_at, command.ends_at, command.registration_closes_at, ctx)
    if command.registration_opens_at >= command.registration_closes_at:
        raise RuleViolation("registration opens before it closes", code=SHAPE, field="registration_opens_at")
    ages = _eligibility(command.min_age, command.max_age)
    return first_event(
        ev.Planned,
        command.open_day_id,
        ctx,
        organ=command.organ,
        department=command.department,
        title=command.title,
        description=command.description,
        format=command.format,
        venue=command.venue,
        stream_link=command.stream_link,
        starts_at=command.starts_at,
        ends_at=command.ends_at,
        capacity=command.capacity,
        registration_opens_at=command.registration_opens_at,
        registration_closes_at=command.registration_closes_at,
        min_age=ages.min_age,
        max_age=ages.max_age,
    )


_DECIDERS = Deciders[OpenDay]()


def decide(state: OpenDay, command: cmd.Command, ctx: Context) -> list[DomainEvent]:
    """The events a staff step on an open day produces, or a DomainError refusing it."""
    return _DECIDERS.decide(state, command, ctx)


def _in(state: OpenDay, allowed: frozenset[OpenDayStatus] | set[OpenDayStatus], step: str) -> None:
    if state.status not in allowed:
        raise StepOutOfOrder(f"{step} is not a step of an open day that is {state.status}", code=LIFECYCLE)


@_DECIDERS.decides(cmd.OpenRegistration)
def _open(state: OpenDay, c: cmd.OpenRegistration, ctx: Context) -> list[DomainEvent]:
    _in(state, {OpenDayStatus.PLANNED}, "opening registration")
    if ctx.now >= state.registration_closes_at:
        raise RuleViolation("the registration window has passed; reschedule first", code=LIFECYCLE)
    return [next_event(ev.RegistrationOpened, state, ctx)]


@_DECIDERS.decides(cmd.CloseRegistration)
def _close(state: OpenDay, c: cmd.CloseRegistration, ctx: Context) -> list[DomainEvent]:
    _in(state, {OpenDayStatus.REGISTRATION_OPEN}, "closing registration")
    return [next_event(ev.RegistrationClosed, state, ctx)]


@_DECIDERS.decides(cmd.Reschedule)
def _reschedule(state: OpenDay, c: cmd.Reschedule, ctx: Context) -> list[DomainEvent]:
    _in(state, BEFORE_HELD, "rescheduling")
    not_blank(c.reason, "reason")
    closes_at = c.registration_closes_at or min(state.registration_closes_at, c.starts_at)
    _times(c.starts_at, c.ends_at, closes_at, ctx)
    if closes_at <= state.registration_opens_at:
        raise RuleViolation("registration closes after it opens", code=SHAPE, field="registration_closes_at")
    fields = {"starts_at": c.starts_at, "ends_at": c.ends_at, "registration_closes_at": closes_at}
    return [next_event(ev.Rescheduled, state, ctx, reason=c.reason, **fields)]


@_DECIDERS.decides(cmd.CancelOpenDay)
def _cancel(state: OpenDay, c: cmd.CancelOpenDay, ctx: Context) -> list[DomainEvent]:
    _in(state, BEFORE_HELD, "cancelling")
    not_blank(c.reason, "reason")
    return [next_event(ev.Cancelled, state, ctx, reason=c.reason)]


@_DECIDERS.decides(cmd.RecordHeld)
def _held(state: OpenDay, c: cmd.RecordHeld, ctx: Context) -> list[DomainEvent]:
    _in(state, {OpenDayStatus.REGISTRATION_CLOSED}, "recording that it was held")
    if c.held_on < business_date(state.starts_at) or c.held_on > ctx.today:
        raise RuleViolation(
            f"held_on lies between the start, {business_date(state.starts_at)}, and today", code=LIFECYCLE,
            field="held_on",
        )  # fmt: skip
    if not 0 <= c.attendance <= MAX_CAPACITY:
        raise InvalidValue(f"attendance is 0 to {MAX_CAPACITY}", field="attendance")
    return [next_event(ev.Held, state, ctx, held_on=c.held_on, attendance=c.attendance)]


@_DECIDERS.decides(cmd.RecordFeedback)
def _feedback(state: OpenDay, c: cmd.RecordFeedback, ctx: Context) -> list[DomainEvent]:
    _in(state, {OpenDayStatus.HELD}, "recording feedback")
    not_blank(c.findings, "findings")
    if not 0 <= c.responses <= MAX_CAPACITY:
        raise InvalidValue(f"responses are 0 to {MAX_CAPACITY}", field="responses")
    return [next_event(ev.FeedbackCollected, state, ctx, responses=c.responses, findings=c.findings)]


@_DECIDERS.decides(cmd.PublishSummary)
def _summary(state: OpenDay, c: cmd.PublishSummary, ctx: Context) -> list[DomainEvent]:
    _in(state, {OpenDayStatus.FEEDBACK_COLLECTED}, "publishing the summary")
    not_blank(c.summary, "summary")
    return [next_event(ev.SummaryPublished, state, ctx, summary=c.summary, published_on=ctx.today)]


def _age(open_day: OpenDay, c: cmd.Register) -> int:
    """The registrant's age on the day of the event, from the birth date or as stated; refused outside the range."""
    if c.birth_date is not None:
        age = age_on(c.birth_date, business_date(open_day.starts_at))
    elif c.age is not None:
        age = c.age
    else:
        raise RuleViolation("this open day admits people by age: state a birth date or age", code=SHAPE,
                            field="birth_date")  # fmt: skip
    if not open_day.eligibility.admits(age):
        ages = open_day.eligibility
        raise RuleViolation(
            f"this open day admits people aged {ages.min_age} to {ages.max_age} on its day", code=SHAPE,
            field="birth_date" if c.birth_date is not None else "age",
        )  # fmt: skip
    return age


def register(
    open_day: OpenDay, claim: Claim | None, c: cmd.Register, person_key: str, ctx: Context
) -> list[DomainEvent]:
    """A registration and the person's claim on the open day, saved together: a person already holding a registration
    is refused (R-OPEN-CAPACITY); whether the new one holds a place is the log's order to say."""
    not_blank(c.registrant.name, "registrant.name")
    if not open_day.accepts_registrations(ctx.now):
        raise StepOutOfOrder("this open day is not taking registrations now", code=LIFECYCLE)
    age = _age(open_day, c)
    if claim is not None and claim.holding is not None:
        raise RuleViolation(
            "this identity document already holds a registration for this open day; cancel it with its code first",
            code=CAPACITY,
            field="registrant.id_number",
        )
    registered = first_event(
        ev.Registered, c.registration_id, ctx, open_day_id=open_day.id, registrant=c.registrant,
        person_key=person_key, age=age,
    )  # fmt: skip
    fields = {"open_day_id": open_day.id, "registration_id": c.registration_id}
    if claim is None:
        claimed = first_event(ev.Claimed, claim_id(open_day.id, person_key), ctx, **fields)
    else:
        claimed = next_event(ev.Claimed, claim, ctx, **fields)
    return [registered, claimed]


def cancel_registration(open_day: OpenDay, registration: Registration, claim: Claim, ctx: Context) -> list[DomainEvent]:
    """The registrant cancels; their claim is released in the same step, so they may register again."""
    if registration.cancelled:
        raise StepOutOfOrder("this registration is cancelled already", code=LIFECYCLE)
    if open_day.status not in BEFORE_HELD:
        raise StepOutOfOrder(f"the open day is {open_day.status}: registrations stand as they are", code=LIFECYCLE)
    fields = {"open_day_id": open_day.id, "registration_id": registration.id}
    return [
        next_event(ev.RegistrationCancelled, registration, ctx, open_day_id=open_day.id),
        next_event(ev.Released, claim, ctx, **fields),
    ]
