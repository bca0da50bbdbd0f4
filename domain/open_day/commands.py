"""Commands about open days, in the imperative."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from domain.open_day.values import OpenDayFormat
from domain.personal_data import PersonalData


@attrs.frozen(kw_only=True)
class PlanOpenDay:
    """Plan an open day (R-OPEN-SHAPE); without an age range, the default (18–65) applies."""

    open_day_id: UUID
    organ: str
    department: str
    title: str
    description: str
    format: OpenDayFormat
    venue: str | None = None
    stream_link: str | None = None
    starts_at: datetime
    ends_at: datetime
    capacity: int
    registration_opens_at: datetime
    registration_closes_at: datetime
    min_age: int | None = None
    max_age: int | None = None


@attrs.frozen(kw_only=True)
class OpenRegistration:
    """Let the public register (within the registration window)."""


@attrs.frozen(kw_only=True)
class CloseRegistration:
    """Take no more registrations."""


@attrs.frozen(kw_only=True)
class Reschedule:
    """Move the open day to a new date and time, with the reason; the registration window may close earlier or
    later, never after the new start."""

    starts_at: datetime
    ends_at: datetime
    registration_closes_at: datetime | None = None
    reason: str


@attrs.frozen(kw_only=True)
class CancelOpenDay:
    """Cancel the open day before it is held, with the reason."""

    reason: str


@attrs.frozen(kw_only=True)
class RecordHeld:
    """Record that the open day was held, and how many attended."""

    held_on: date
    attendance: int


@attrs.frozen(kw_only=True)
class RecordFeedback:
    """Record the feedback answers collected: how many answered, and what they said."""

    responses: int
    findings: str


@attrs.frozen(kw_only=True)
class PublishSummary:
    """Publish the open day's summary."""

    summary: str


Command = (
    OpenRegistration | CloseRegistration | Reschedule | CancelOpenDay | RecordHeld | RecordFeedback | PublishSummary
)


@attrs.frozen(kw_only=True)
class Register:
    """Register a member of the public for an open day; their age is stated by a birth date or in years."""

    open_day_id: UUID
    registration_id: UUID
    registrant: PersonalData
    birth_date: date | None = None
    age: int | None = None
