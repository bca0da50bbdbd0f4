"""Request and response bodies of the web API (step bodies are the domain's commands themselves)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from adapters.http.derived import body_without
from adapters.persistence.mapper import encode_event
from application.request_view import RequestView
from application.worklist import WorklistItem, WorklistPage
from domain.disclosure_request.commands import ReceiveRequest
from domain.disclosure_request.state import Consultation, Review
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    Outcome,
    OutcomeCategory,
    Status,
)
from domain.events import DomainEvent
from domain.working_calendar import Load

NewDisclosureRequest = body_without(
    ReceiveRequest,
    "request_id",
    name="NewDisclosureRequest",
    doc="An application as the clerk registers it; `confirmed_on` is needed for post, online and fax.",
    module=__name__,
    defaults={"confirmed_on": None},
)


@attrs.frozen(kw_only=True)
class OutcomeOut:
    """The reply's outcome with its ground in words."""

    category: OutcomeCategory
    ground: int | None
    ground_text: str | None
    already_public_at: str | None
    withheld: str | None
    withheld_grounds: tuple[int, ...]
    responsible_organ: str | None
    description: str | None

    @classmethod
    def of(cls, outcome: Outcome) -> OutcomeOut:
        """From the domain value."""
        return cls(ground_text=outcome.ground_text, **attrs.asdict(outcome, recurse=False))


@attrs.frozen(kw_only=True)
class ConsultationOut:
    """A consultation with the end of its answer period."""

    consultation: Consultation
    answer_due: date


@attrs.frozen(kw_only=True)
class FeeOut:
    """The fee notice."""

    amount: str
    sent_on: date
    payment_due: date
    settled_on: date | None


@attrs.frozen(kw_only=True)
class ActorOut:
    """Who acted."""

    person_id: str
    name: str
    role: str


@attrs.frozen(kw_only=True)
class EventOut:
    """One event of a case's history."""

    version: int
    type: str
    timestamp: datetime
    actor: ActorOut
    data: dict[str, Any]

    @classmethod
    def of(cls, event: DomainEvent) -> EventOut:
        """From a domain event, its fields as stored."""
        body = encode_event(event)
        for key in ("schema_version", "timestamp", "actor"):
            body.pop(key)
        actor = ActorOut(person_id=event.actor.person_id, name=event.actor.name, role=event.actor.role.value)
        return cls(
            version=event.originator_version, type=event.type_name, timestamp=event.timestamp, actor=actor, data=body
        )


@attrs.frozen(kw_only=True)
class DisclosureRequestOut:
    """A disclosure request with its due date, how it was derived, and its full history."""

    id: UUID
    version: int
    position: int | None
    status: Status
    organ: str
    department: str
    handler_id: str
    channel: Channel
    receipt_date: date
    applicant_type: ApplicantType
    reply_due: date | None
    reply_due_provisional: bool
    clock_stopped: bool
    derivation: tuple[str, ...]
    correction_notice_due: date | None
    correction_sent_on: date | None
    correct_by: date | None
    corrected_on: date | None
    extension_working_days: int
    consultations: tuple[ConsultationOut, ...]
    fee: FeeOut | None
    outcome: OutcomeOut | None
    closed_on: date | None
    delivered_on: date | None
    delivered_on_time: bool | None
    reviews: tuple[Review, ...]
    history: tuple[EventOut, ...]
    """Every event when the case is read; only those the step recorded in the answer to a step."""
    history_complete: bool

    @classmethod
    def of(cls, view: RequestView, position: int | None = None) -> DisclosureRequestOut:
        """From the application's view."""
        s, fee = view.state, view.fee
        return cls(
            id=s.id,
            version=s.version,
            position=position,
            status=s.status,
            organ=s.organ,
            department=s.department,
            handler_id=s.handler_id,
            channel=s.channel,
            receipt_date=s.receipt_date,
            applicant_type=s.applicant_type,
            reply_due=view.clock.due,
            reply_due_provisional=view.clock.provisional,
            clock_stopped=view.clock.stopped,
            derivation=view.clock.derivation,
            correction_notice_due=view.correction_notice_due,
            correction_sent_on=s.correction_sent_on,
            correct_by=s.correct_by,
            corrected_on=s.corrected_on,
            extension_working_days=s.extension_days,
            consultations=tuple(
                ConsultationOut(consultation=c.consultation, answer_due=c.answer_due) for c in view.consultations
            ),
            fee=FeeOut(
                amount=str(fee.amount), sent_on=fee.sent_on, payment_due=fee.payment_due, settled_on=fee.settled_on
            )
            if fee
            else None,
            outcome=OutcomeOut.of(s.outcome) if s.outcome else None,
            closed_on=s.closed_on,
            delivered_on=s.delivered_on,
            delivered_on_time=view.delivered_on_time,
            reviews=s.reviews,
            history=tuple(EventOut.of(e) for e in view.history),
            history_complete=view.history_complete,
        )


@attrs.frozen(kw_only=True)
class DueDateOut:
    """The N-th working day strictly after a date (R-COUNT-1)."""

    after: date
    working_days: int
    due: date
    provisional: bool
    rule: str = "R-COUNT-1"


@attrs.frozen(kw_only=True)
class HolidayYearIn:
    """A year's holiday table as the State Council's notice gives it; entries are dates or ranges A..B."""

    year: int
    source: str
    holidays: tuple[str, ...]
    workdays: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class HolidayYearOut:
    """A loaded year's table."""

    year: int
    source: str
    loaded_at: datetime
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]

    @classmethod
    def of(cls, load: Load) -> HolidayYearOut:
        """A load as recorded: when it was loaded is the event's time."""
        return cls(
            year=load.table.year,
            source=load.source,
            loaded_at=load.loaded_at,
            holidays=tuple(sorted(load.table.holidays)),
            workdays=tuple(sorted(load.table.adjusted_working_days)),
        )


@attrs.frozen(kw_only=True)
class WorklistItemOut:
    """One line of the worklist."""

    id: UUID
    status: Status
    organ: str
    department: str
    handler_id: str
    applicant_type: ApplicantType
    receipt_date: date
    reply_due: date | None
    reply_due_provisional: bool
    clock_stopped: bool
    overdue: bool

    @classmethod
    def of(cls, item: WorklistItem) -> WorklistItemOut:
        """From the application's worklist item."""
        s = item.state
        return cls(
            id=s.id,
            status=s.status,
            organ=s.organ,
            department=s.department,
            handler_id=s.handler_id,
            applicant_type=s.applicant_type,
            receipt_date=s.receipt_date,
            reply_due=item.clock.due,
            reply_due_provisional=item.clock.provisional,
            clock_stopped=item.clock.stopped,
            overdue=item.overdue,
        )


@attrs.frozen(kw_only=True)
class WorklistOut:
    """A page of the worklist, soonest due first."""

    items: tuple[WorklistItemOut, ...]
    total: int
    page: int
    page_size: int

    @classmethod
    def of(cls, page: WorklistPage) -> WorklistOut:
        """From the application's page."""
        items = tuple(WorklistItemOut.of(i) for i in page.items)
        return cls(items=items, total=page.total, page=page.page, page_size=page.page_size)
