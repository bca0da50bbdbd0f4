"""Request and response bodies of the web API (step bodies are the domain's commands themselves)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from adapters.http.derived import body_without
from adapters.http.events_out import EventOut, HistoryScope
from adapters.http.review_schemas import ReviewOut
from application.publications import excerpt
from application.request_view import FeeView, RequestView
from application.worklist import WorklistItem, WorklistPage
from domain.disclosure_request.commands import ReceiveRequest
from domain.disclosure_request.state import Consultation, ReplyCorrection
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    Outcome,
    OutcomeCategory,
    Status,
)
from domain.personal_data import PersonalData
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
    scale: str
    quantity: int
    """Pages on the per-volume scale; this application's items on the per-item scale."""
    items_before: int
    """On the per-item scale: the applicant's items in earlier applications to the organ that calendar month."""
    sent_on: date
    received_on: date | None
    """The day the applicant received the notice; the 20 working days to pay run from the next day."""
    payment_due: date
    settled_on: date | None

    @classmethod
    def of(cls, fee: FeeView) -> FeeOut:
        """From the application's view of the fee notice."""
        notice = fee.notice
        return cls(
            amount=str(notice.amount),
            scale=notice.scale.value,
            quantity=notice.quantity,
            items_before=notice.items_before,
            sent_on=notice.sent_on,
            received_on=notice.received_on,
            payment_due=fee.payment_due,
            settled_on=notice.settled_on,
        )


@attrs.frozen(kw_only=True)
class ReplyCorrectionOut:
    """A reply's outcome corrected by the head of the disclosure office; the earlier one is kept here."""

    corrected_on: date
    previous: OutcomeOut
    outcome: OutcomeOut
    reason: str

    @classmethod
    def of(cls, correction: ReplyCorrection) -> ReplyCorrectionOut:
        """From the domain value."""
        return cls(
            corrected_on=correction.corrected_on,
            previous=OutcomeOut.of(correction.previous),
            outcome=OutcomeOut.of(correction.outcome),
            reason=correction.reason,
        )


@attrs.frozen(kw_only=True)
class DisclosureRequestOut:
    """A disclosure request with its due date, how it was derived, and its full history."""

    id: UUID
    registration_number: str | None
    """登记号, unique per organ and year (none for applications received before numbers were given)."""
    version: int
    position: int | None
    status: Status
    organ: str
    department: str
    handler_id: str
    channel: Channel
    receipt_date: date
    receipt_confirmed_late: str | None
    """Why an ordinary letter's receipt was confirmed after the day it arrived; null when it was not late."""
    applicant_type: ApplicantType
    applicant: PersonalData | None
    """Who applied: only for roles that may read personal data (the disclosure office and auditors), else null."""
    information_requested: str
    items: int
    reply_due: date | None
    reply_due_provisional: bool
    reply_due_assumption: str | None
    """What a provisional due date assumed of a year whose holiday table is not loaded."""
    clock_stopped: bool
    derivation: tuple[str, ...]
    correction_notice_due: date | None
    correction_sent_on: date | None
    correct_by: date | None
    corrected_on: date | None
    correction_accepted_late: str | None
    """The good reason for which a late correction was accepted; null when none was late."""
    extension_working_days: int
    consultations: tuple[ConsultationOut, ...]
    fee: FeeOut | None
    outcome: OutcomeOut | None
    """The outcome in force: the reply's, or its latest correction's."""
    reply_corrections: tuple[ReplyCorrectionOut, ...]
    closed_on: date | None
    delivered_on: date | None
    delivered_on_time: bool | None
    reviews: tuple[ReviewOut, ...]
    history_scope: HistoryScope
    """What `history` holds: `whole_case` when the case is read, `this_step_only` in the answer to a step."""
    history: tuple[EventOut, ...]

    @classmethod
    def of(cls, view: RequestView, position: int | None = None) -> DisclosureRequestOut:
        """From the application's view."""
        s, fee = view.state, view.fee
        return cls(
            id=s.id,
            registration_number=s.registration_number,
            version=s.version,
            position=position,
            status=s.status,
            organ=s.organ,
            department=s.department,
            handler_id=s.handler_id,
            channel=s.channel,
            receipt_date=s.receipt_date,
            receipt_confirmed_late=s.late_confirmation_reason,
            applicant_type=s.applicant_type,
            applicant=s.applicant if view.personal_data else None,
            information_requested=s.information_requested,
            items=s.items,
            reply_due=view.clock.due,
            reply_due_provisional=view.clock.provisional,
            reply_due_assumption=view.clock.assumption,
            clock_stopped=view.clock.stopped,
            derivation=view.clock.derivation,
            correction_notice_due=view.correction_notice_due,
            correction_sent_on=s.correction_sent_on,
            correct_by=s.correct_by,
            corrected_on=s.corrected_on,
            correction_accepted_late=s.correction_late_reason,
            extension_working_days=s.extension_days,
            consultations=tuple(
                ConsultationOut(consultation=c.consultation, answer_due=c.answer_due) for c in view.consultations
            ),
            fee=FeeOut.of(fee) if fee else None,
            outcome=OutcomeOut.of(s.outcome) if s.outcome else None,
            reply_corrections=tuple(ReplyCorrectionOut.of(c) for c in s.reply_corrections),
            closed_on=s.closed_on,
            delivered_on=s.delivered_on,
            delivered_on_time=view.delivered_on_time,
            reviews=tuple(ReviewOut.of(r) for r in s.reviews),
            history_scope=HistoryScope.WHOLE_CASE if view.history_complete else HistoryScope.THIS_STEP_ONLY,
            history=tuple(EventOut.of(e, view.personal_data) for e in view.history),
        )


@attrs.frozen(kw_only=True)
class DueDateOut:
    """The N-th working day strictly after a date (R-COUNT-1)."""

    after: date
    working_days: int
    due: date
    provisional: bool
    assumption: str | None = None
    """What a provisional due date assumed of a year whose holiday table is not loaded (R-COUNT-3)."""
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
    registration_number: str | None
    status: Status
    organ: str
    department: str
    handler_id: str
    applicant_type: ApplicantType
    applicant_name: str | None
    """Only for roles that may read personal data, else null."""
    information_requested: str
    """What the application asks for, in up to 200 characters."""
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
            registration_number=s.registration_number,
            status=s.status,
            organ=s.organ,
            department=s.department,
            handler_id=s.handler_id,
            applicant_type=s.applicant_type,
            applicant_name=s.applicant.name if item.personal_data else None,
            information_requested=excerpt(s.information_requested, 200),
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
    position: int
    """The log position this page reflects, at least (pass it back as `position` to read no older)."""

    @classmethod
    def of(cls, page: WorklistPage) -> WorklistOut:
        """From the application's page."""
        items = tuple(WorklistItemOut.of(i) for i in page.items)
        return cls(items=items, total=page.total, page=page.page, page_size=page.page_size, position=page.position)
