"""The states of an open day, a registration, a claim and a notice stream, each folded from its events."""

from __future__ import annotations

from datetime import date, datetime
from functools import singledispatch
from uuid import UUID

import attrs

from domain.events import DomainEvent
from domain.open_day import events as ev
from domain.open_day.values import AgeRange, NoticeKind, OpenDayFormat, OpenDayStatus
from domain.personal_data import PersonalData


@attrs.frozen
class OpenDay:
    """An open day as it stands at one version."""

    id: UUID
    version: int
    organ: str
    department: str
    title: str
    description: str
    format: OpenDayFormat
    venue: str | None
    stream_link: str | None
    starts_at: datetime
    ends_at: datetime
    capacity: int
    registration_opens_at: datetime
    registration_closes_at: datetime
    eligibility: AgeRange
    status: OpenDayStatus = OpenDayStatus.PLANNED
    cancellation_reason: str | None = None
    held_on: date | None = None
    attendance: int | None = None
    feedback_responses: int | None = None
    feedback_findings: str | None = None
    summary: str | None = None
    summary_published_on: date | None = None

    def accepts_registrations(self, now: datetime) -> bool:
        """Registration is open and `now` is inside its window."""
        return (
            self.status is OpenDayStatus.REGISTRATION_OPEN
            and self.registration_opens_at <= now < self.registration_closes_at
        )


def evolve_open_day(state: OpenDay | None, event: DomainEvent) -> OpenDay:
    """An open day after one more event."""
    if state is None:
        if not isinstance(event, ev.Planned):
            raise TypeError(f"an open day starts with 'planned', not {event.type_name}")
        return OpenDay(
            id=event.originator_id,
            version=event.originator_version,
            organ=event.organ,
            department=event.department,
            title=event.title,
            description=event.description,
            format=event.format,
            venue=event.venue,
            stream_link=event.stream_link,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            capacity=event.capacity,
            registration_opens_at=event.registration_opens_at,
            registration_closes_at=event.registration_closes_at,
            eligibility=AgeRange(event.min_age, event.max_age),
        )
    return attrs.evolve(_apply(event, state), version=event.originator_version)


@singledispatch
def _apply(event: DomainEvent, state: OpenDay) -> OpenDay:
    raise TypeError(f"no fold for {event.type_name}")


@_apply.register
def _(event: ev.RegistrationOpened, state: OpenDay) -> OpenDay:
    return attrs.evolve(state, status=OpenDayStatus.REGISTRATION_OPEN)


@_apply.register
def _(event: ev.RegistrationClosed, state: OpenDay) -> OpenDay:
    return attrs.evolve(state, status=OpenDayStatus.REGISTRATION_CLOSED)


@_apply.register
def _(event: ev.Rescheduled, state: OpenDay) -> OpenDay:
    return attrs.evolve(
        state,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        registration_closes_at=event.registration_closes_at,
    )


@_apply.register
def _(event: ev.Cancelled, state: OpenDay) -> OpenDay:
    return attrs.evolve(state, status=OpenDayStatus.CANCELLED, cancellation_reason=event.reason)


@_apply.register
def _(event: ev.Held, state: OpenDay) -> OpenDay:
    return attrs.evolve(state, status=OpenDayStatus.HELD, held_on=event.held_on, attendance=event.attendance)


@_apply.register
def _(event: ev.FeedbackCollected, state: OpenDay) -> OpenDay:
    return attrs.evolve(
        state,
        status=OpenDayStatus.FEEDBACK_COLLECTED,
        feedback_responses=event.responses,
        feedback_findings=event.findings,
    )


@_apply.register
def _(event: ev.SummaryPublished, state: OpenDay) -> OpenDay:
    return attrs.evolve(
        state, status=OpenDayStatus.SUMMARY_PUBLISHED, summary=event.summary, summary_published_on=event.published_on
    )


@attrs.frozen
class Registration:
    """One registration: whose, for which open day, whether cancelled. Its place (confirmed or waiting) is derived
    from the log's order by the roster, never stored."""

    id: UUID
    version: int
    open_day_id: UUID
    registrant: PersonalData
    person_key: str
    registered_at: datetime
    cancelled: bool = False


def evolve_registration(state: Registration | None, event: DomainEvent) -> Registration:
    """A registration after one more event."""
    if isinstance(event, ev.Registered) and state is None:
        return Registration(
            id=event.originator_id,
            version=event.originator_version,
            open_day_id=event.open_day_id,
            registrant=event.registrant,
            person_key=event.person_key,
            registered_at=event.timestamp,
        )
    if isinstance(event, ev.RegistrationCancelled) and state is not None:
        return attrs.evolve(state, version=event.originator_version, cancelled=True)
    raise TypeError(f"no fold of {event.type_name} onto {state!r}")


@attrs.frozen
class Claim:
    """One person's hold on one open day: the registration holding it, or None once released."""

    id: UUID
    version: int
    open_day_id: UUID
    holding: UUID | None


def evolve_claim(state: Claim | None, event: DomainEvent) -> Claim:
    """A claim after one more event."""
    if isinstance(event, ev.Claimed):
        return Claim(event.originator_id, event.originator_version, event.open_day_id, event.registration_id)
    if isinstance(event, ev.Released):
        return Claim(event.originator_id, event.originator_version, event.open_day_id, None)
    raise TypeError(f"no fold of {event.type_name} onto a claim")


@attrs.frozen
class Notices:
    """What one registrant was told: each notice by its kind and the log position of its cause."""

    id: UUID
    version: int
    sent: frozenset[tuple[NoticeKind, int]]


def evolve_notices(state: Notices | None, event: DomainEvent) -> Notices:
    """A notice stream after one more notice."""
    if not isinstance(event, ev.NoticeSent):
        raise TypeError(f"no fold of {event.type_name} onto notices")
    before = state.sent if state is not None else frozenset()
    return Notices(event.originator_id, event.originator_version, before | {(event.kind, event.cause)})
