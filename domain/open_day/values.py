"""The values of open days: format, status, the age range of who may register, and what registrants are told."""

from __future__ import annotations

import enum
import uuid
from datetime import date
from uuid import UUID

import attrs


class OpenDayFormat(enum.StrEnum):
    """How the public takes part (seed §3.3: 观摩体验、讲座交流、直播互动、问卷调查)."""

    VISIT = "visit"
    """观摩体验: a visit to a venue."""
    LECTURE = "lecture"
    """讲座交流: a lecture or exchange at a venue."""
    LIVE_STREAM = "live_stream"
    """直播互动: a live stream, at a link."""
    SURVEY = "survey"
    """问卷调查: a survey, at a venue or a link."""


class OpenDayStatus(enum.StrEnum):
    """Where an open day stands in its course (R-OPEN-LIFECYCLE)."""

    PLANNED = "planned"
    REGISTRATION_OPEN = "registration_open"
    REGISTRATION_CLOSED = "registration_closed"
    HELD = "held"
    FEEDBACK_COLLECTED = "feedback_collected"
    SUMMARY_PUBLISHED = "summary_published"
    CANCELLED = "cancelled"


BEFORE_HELD = frozenset({OpenDayStatus.PLANNED, OpenDayStatus.REGISTRATION_OPEN, OpenDayStatus.REGISTRATION_CLOSED})
"""The statuses in which an open day may still be cancelled or rescheduled."""


@attrs.frozen
class AgeRange:
    """Who may register, by age on the day of the event (R-OPEN-SHAPE, configurable); both ends included."""

    min_age: int
    max_age: int

    def admits(self, age: int) -> bool:
        """Whether someone of this age may register."""
        return self.min_age <= age <= self.max_age


DEFAULT_AGE_RANGE = AgeRange(min_age=18, max_age=65)
"""R-OPEN-SHAPE's default eligibility, when the organiser names none."""


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on a day."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class NoticeKind(enum.StrEnum):
    """What a registrant is told."""

    CONFIRMED = "confirmed"
    """The registration holds a place."""
    PROMOTED = "promoted"
    """Someone cancelled: the registration moved from the waiting list to a place."""
    CANCELLED = "cancelled"
    """The open day is cancelled."""
    RESCHEDULED = "rescheduled"
    """The open day has a new date and time."""


_REGISTRATIONS = UUID("5d0c3c6e-2f41-4b8a-9d3e-6a1f0b7c2e90")
_CLAIMS = UUID("0e8b7a4d-93c1-4f26-8b5a-c2d1e7f40a63")
_NOTICES = UUID("a3f61e20-7b9d-4c5e-8a12-94d0b6c3e7f1")


def registration_id(code: str) -> UUID:
    """The stream of the registration a code was given for: one-way, so that the id (which the event feed shows)
    never gives the code (which lets its holder see and cancel the registration)."""
    return uuid.uuid5(_REGISTRATIONS, code)


def claim_id(open_day_id: UUID, person_key: str) -> UUID:
    """The claim stream of one person (by the keyed digest of their identity document number) on one open day."""
    return uuid.uuid5(_CLAIMS, f"{open_day_id}/{person_key}")


def notices_id(registration: UUID) -> UUID:
    """The stream of what one registrant was told."""
    return uuid.uuid5(_NOTICES, str(registration))
