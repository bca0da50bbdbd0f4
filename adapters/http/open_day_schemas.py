"""Request and response bodies for open days, for staff and for the public."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from adapters.http.derived import body_without
from application.open_day_worklist import OpenDayWorklistItem, OpenDayWorklistPage
from application.open_days import OpenDayView, RegistrationView
from domain.open_day.commands import PlanOpenDay
from domain.open_day.roster import Place, Standing
from domain.open_day.state import OpenDay, Registration
from domain.open_day.values import OpenDayFormat, OpenDayStatus
from domain.personal_data import PersonalData

NewOpenDay = body_without(
    PlanOpenDay,
    "open_day_id",
    name="NewOpenDay",
    doc="An open day as its organiser plans it (R-OPEN-SHAPE); without an age range, 18–65 applies.",
    module=__name__,
)


@attrs.frozen(kw_only=True)
class NewRegistration:
    """A member of the public registering: name and identity document number (one registration a person), an e-mail
    address to be told of their place, and their age as a birth date or in years where the open day limits it."""

    registrant: PersonalData
    birth_date: date | None = None
    age: int | None = None
    code: str | None = None
    """Optional: a code of your own making (22 to 64 random letters, digits, - and _). Sent again with the same code,
    the registration is answered again instead of refused as a second, so an answer lost on the way can be asked for
    again. Without it the server makes one; either way only its holder can see or cancel the registration."""


@attrs.frozen(kw_only=True)
class PublicOpenDayOut:
    """An open day as the public sees it: what, where, when, who may come, and the places left."""

    id: UUID
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
    status: OpenDayStatus
    places_left: int
    waiting: int
    """How many wait for a place."""

    @classmethod
    def of(cls, state: OpenDay, places_left: int, waiting: int) -> PublicOpenDayOut:
        """The public form of an open day."""
        return cls(
            id=state.id, organ=state.organ, department=state.department, title=state.title,
            description=state.description, format=state.format, venue=state.venue, stream_link=state.stream_link,
            starts_at=state.starts_at, ends_at=state.ends_at, capacity=state.capacity,
            registration_opens_at=state.registration_opens_at, registration_closes_at=state.registration_closes_at,
            min_age=state.eligibility.min_age, max_age=state.eligibility.max_age, status=state.status,
            places_left=places_left, waiting=waiting,
        )  # fmt: skip


@attrs.frozen(kw_only=True)
class PublicOpenDayListOut:
    """The open days the public may register for or attend, soonest first."""

    items: tuple[PublicOpenDayOut, ...]


@attrs.frozen(kw_only=True)
class RegistrantOut:
    """One registrant, with their place."""

    registration_id: UUID
    registrant: PersonalData
    registered_at: datetime
    place: Place
    waiting_number: int | None


@attrs.frozen(kw_only=True)
class OpenDayOut:
    """An open day as staff see it: its course, the places taken and the waiting list, and (for those who may read
    them) the registrants in arrival order."""

    open_day: PublicOpenDayOut
    version: int
    cancellation_reason: str | None
    held_on: date | None
    attendance: int | None
    feedback_responses: int | None
    feedback_findings: str | None
    summary: str | None
    summary_published_on: date | None
    confirmed: int
    registrants: tuple[RegistrantOut, ...] | None
    """Those holding places, then those waiting; null for staff who may not read registrants."""
    position: int
    """The log position this answer reflects."""

    @classmethod
    def of(cls, view: OpenDayView) -> OpenDayOut:
        """The staff form of an open day."""
        s = view.state
        return cls(
            open_day=PublicOpenDayOut.of(s, s.capacity - view.confirmed, view.waiting), version=s.version,
            cancellation_reason=s.cancellation_reason, held_on=s.held_on, attendance=s.attendance,
            feedback_responses=s.feedback_responses, feedback_findings=s.feedback_findings, summary=s.summary,
            summary_published_on=s.summary_published_on, confirmed=view.confirmed,
            registrants=None if view.registrants is None else tuple(_registrant(r, st) for r, st in view.registrants),
            position=view.position,
        )  # fmt: skip


def _registrant(registration: Registration, standing: Standing) -> RegistrantOut:
    return RegistrantOut(
        registration_id=registration.id, registrant=registration.registrant,
        registered_at=registration.registered_at, place=standing.place, waiting_number=standing.waiting_number,
    )  # fmt: skip


@attrs.frozen(kw_only=True)
class OpenDayWorklistItemOut:
    """An open day on the organisers' worklist: the step it awaits and the day that is due."""

    id: UUID
    organ: str
    department: str
    title: str
    format: OpenDayFormat
    starts_at: datetime
    ends_at: datetime
    capacity: int
    status: OpenDayStatus
    next_step: str | None
    """open registration, close registration, record attendance, record feedback, publish the summary; null when
    nothing awaits."""
    due: date | None
    """The day the step is due (the window's opening or closing day, the event's day); null when no day is set."""
    overdue: bool

    @classmethod
    def of(cls, item: OpenDayWorklistItem) -> OpenDayWorklistItemOut:
        """From the application's item."""
        s = item.state
        return cls(
            id=s.id, organ=s.organ, department=s.department, title=s.title, format=s.format, starts_at=s.starts_at,
            ends_at=s.ends_at, capacity=s.capacity, status=s.status, next_step=item.next_step, due=item.due,
            overdue=item.overdue,
        )  # fmt: skip


@attrs.frozen(kw_only=True)
class OpenDayWorklistOut:
    """A page of the open-day worklist, soonest due first."""

    items: tuple[OpenDayWorklistItemOut, ...]
    total: int
    page: int
    page_size: int
    position: int
    """The log position this page reflects, at least (pass it back as `position` to read no older)."""

    @classmethod
    def of(cls, page: OpenDayWorklistPage) -> OpenDayWorklistOut:
        """From the application's page."""
        items = tuple(OpenDayWorklistItemOut.of(i) for i in page.items)
        return cls(items=items, total=page.total, page=page.page, page_size=page.page_size, position=page.position)


@attrs.frozen(kw_only=True)
class RegistrationOut:
    """A registration as its holder sees it."""

    code: str | None
    """The code that shows and cancels this registration: given once, in the answer to the registration, and never
    again (the server keeps only its one-way digest). Keep it."""
    registration_id: UUID
    name: str
    """The registrant's name as given."""
    place: Place
    """confirmed (a place is held), waiting, cancelled, or void (logged after registration closed)."""
    waiting_number: int | None
    """The place on the waiting list, from 1, while waiting."""
    open_day: PublicOpenDayOut
    position: int
    """The log position this answer reflects."""

    @classmethod
    def of(cls, view: RegistrationView) -> RegistrationOut:
        """The holder's form of a registration."""
        return cls(
            code=view.code, registration_id=view.registration.id, name=view.registration.registrant.name,
            place=view.standing.place, waiting_number=view.standing.waiting_number,
            open_day=PublicOpenDayOut.of(view.open_day, view.places_left, view.waiting), position=view.position,
        )  # fmt: skip
