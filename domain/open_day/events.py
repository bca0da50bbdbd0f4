"""The events of open days, their registrations, the claims that keep one place per person, and the notices sent."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from domain.events import DomainEvent
from domain.open_day.values import NoticeKind, OpenDayFormat
from domain.personal_data import PersonalData

PREFIX = "open_day."
REGISTRATION = "open_day_registration."
CLAIM = "open_day_claim."
NOTICE = "open_day_notice."


@attrs.frozen(kw_only=True)
class Planned(DomainEvent):
    """An organiser planned an open day: its format, where, when, capacity, registration window and who may come."""

    type_name = PREFIX + "planned"
    public_fields = frozenset(
        {
            "organ",
            "department",
            "format",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "min_age",
            "max_age",
        }
    )
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
    min_age: int
    max_age: int


@attrs.frozen(kw_only=True)
class RegistrationOpened(DomainEvent):
    """The public may register from now until the window closes."""

    type_name = PREFIX + "registration_opened"


@attrs.frozen(kw_only=True)
class RegistrationClosed(DomainEvent):
    """No more registrations; a registration the log holds after this one takes no place (R-OPEN-CAPACITY)."""

    type_name = PREFIX + "registration_closed"


@attrs.frozen(kw_only=True)
class Rescheduled(DomainEvent):
    """A new date and time, with the reason; every registrant is told."""

    type_name = PREFIX + "rescheduled"
    public_fields = frozenset({"starts_at", "ends_at", "registration_closes_at"})
    starts_at: datetime
    ends_at: datetime
    registration_closes_at: datetime
    reason: str


@attrs.frozen(kw_only=True)
class Cancelled(DomainEvent):
    """Cancelled before it was held, with the reason; every registrant is told."""

    type_name = PREFIX + "cancelled"
    reason: str


@attrs.frozen(kw_only=True)
class Held(DomainEvent):
    """Held on a day, with the attendance recorded."""

    type_name = PREFIX + "held"
    public_fields = frozenset({"held_on", "attendance"})
    held_on: date
    attendance: int


@attrs.frozen(kw_only=True)
class FeedbackCollected(DomainEvent):
    """The participants' feedback answers were collected: how many answered, and what they said."""

    type_name = PREFIX + "feedback_collected"
    public_fields = frozenset({"responses"})
    responses: int
    findings: str


@attrs.frozen(kw_only=True)
class SummaryPublished(DomainEvent):
    """The summary of the open day was published."""

    type_name = PREFIX + "summary_published"
    public_fields = frozenset({"published_on"})
    published_on: date
    summary: str


@attrs.frozen(kw_only=True)
class Registered(DomainEvent):
    """报名: a member of the public registered; whether they hold a place or wait follows from the log's order."""

    type_name = REGISTRATION + "registered"
    public_fields = frozenset({"open_day_id"})
    identifying_fields = frozenset({"person_key", "age"})
    open_day_id: UUID
    registrant: PersonalData
    person_key: str
    """The keyed digest of the identity document number: the same person on every registration, never who."""
    age: int | None
    """The age on the day of the event, as stated, when the open day limits who may come."""


@attrs.frozen(kw_only=True)
class RegistrationCancelled(DomainEvent):
    """The registrant cancelled; the first on the waiting list takes the place."""

    type_name = REGISTRATION + "cancelled"
    public_fields = frozenset({"open_day_id"})
    open_day_id: UUID


@attrs.frozen(kw_only=True)
class Claimed(DomainEvent):
    """A person's one registration on an open day: a second by the same person conflicts here, and only here."""

    type_name = CLAIM + "claimed"
    public_fields = frozenset({"open_day_id"})
    open_day_id: UUID
    registration_id: UUID


@attrs.frozen(kw_only=True)
class Released(DomainEvent):
    """The person's registration was cancelled: they may register again (at the end of the line)."""

    type_name = CLAIM + "released"
    public_fields = frozenset({"open_day_id"})
    open_day_id: UUID
    registration_id: UUID


@attrs.frozen(kw_only=True)
class NoticeSent(DomainEvent):
    """The registrant was told something, on a channel; `cause` is the log position of the event that made it due."""

    type_name = NOTICE + "sent"
    public_fields = frozenset({"open_day_id", "kind"})
    open_day_id: UUID
    registration_id: UUID
    kind: NoticeKind
    cause: int
    channel: str


OPEN_DAY_EVENTS: tuple[type[DomainEvent], ...] = (
    Planned,
    RegistrationOpened,
    RegistrationClosed,
    Rescheduled,
    Cancelled,
    Held,
    FeedbackCollected,
    SummaryPublished,
)
REGISTRATION_EVENTS: tuple[type[DomainEvent], ...] = (Registered, RegistrationCancelled)
CLAIM_EVENTS: tuple[type[DomainEvent], ...] = (Claimed, Released)
NOTICE_EVENTS: tuple[type[DomainEvent], ...] = (NoticeSent,)
