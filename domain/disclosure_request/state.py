"""The state of a disclosure request, folded from its events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import singledispatch
from typing import Any
from uuid import UUID

import attrs

from domain import reviews
from domain.disclosure_request import events as ev
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    ConsultedParty,
    FeeScale,
    Outcome,
    Position,
    Status,
)
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.reviews import Review


@attrs.frozen
class Consultation:
    """A consultation of a third party or another organ, while it stops the clock."""

    consultation_id: str
    party: ConsultedParty
    letter_sent_on: date
    letter_received_on: date | None = None
    answered_on: date | None = None
    position: Position | None = None
    jointly_produced: bool = False
    override_notified: bool = False


@attrs.frozen
class FeeNotice:
    """The one fee notice, when the applicant received it, and when the clock started again."""

    sent_on: date
    scale: FeeScale
    amount: Decimal
    quantity: int = 0
    items_before: int = 0
    received_on: date | None = None
    settled_on: date | None = None


@attrs.frozen
class ReplyCorrection:
    """A reply's outcome corrected after it was recorded by mistake; the earlier outcome stays in the history."""

    corrected_on: date
    previous: Outcome
    outcome: Outcome
    reason: str


@attrs.frozen
class DisclosureRequest:
    """依申请公开: an application for disclosure as it stands at one version."""

    id: UUID
    version: int
    organ: str
    department: str
    channel: Channel
    receipt_date: date
    applicant_type: ApplicantType
    handler_id: str
    applicant: PersonalData
    information_requested: str
    registration_number: str | None = None
    items: int = 1
    applicant_key: str | None = None
    late_confirmation_reason: str | None = None
    status: Status = Status.IN_PROGRESS
    correction_sent_on: date | None = None
    correct_by: date | None = None
    corrected_on: date | None = None
    correction_late_reason: str | None = None
    extension_days: int = 0
    consultations: tuple[Consultation, ...] = ()
    fee_notice: FeeNotice | None = None
    reasons_requested: bool = False
    last_step_on: date | None = None
    """The latest date of a step that a reply must not precede: a correction, a consultation's letter, answer or
    override, a fee notice or its settlement, a request for reasons or a later due date."""
    later_due: date | None = None
    outcome: Outcome | None = None
    """The outcome in force: the reply's, or its latest correction's."""
    closed_on: date | None = None
    replied: bool = False
    """Closed by a reply (not by abandonment or withdrawal)."""
    reply_corrections: tuple[ReplyCorrection, ...] = ()
    delivered_on: date | None = None
    reviews: tuple[Review, ...] = ()

    @property
    def is_open(self) -> bool:
        """Not yet replied to or closed."""
        return self.status in (Status.IN_PROGRESS, Status.AWAITING_CORRECTION, Status.AWAITING_FEE)

    def consultation(self, consultation_id: str) -> Consultation | None:
        """The consultation with this id, if any."""
        return next((c for c in self.consultations if c.consultation_id == consultation_id), None)

    def review(self, review_id: str) -> Review | None:
        """The review with this id, if any."""
        return next((r for r in self.reviews if r.review_id == review_id), None)


def evolve(state: DisclosureRequest | None, event: DomainEvent) -> DisclosureRequest:
    """The state after one more event."""
    if state is None:
        if not isinstance(event, ev.Received):
            raise TypeError(f"a disclosure request starts with 'received', not {event.type_name}")
        return _started(event)
    stepped = _step_date(event)
    last = max(d for d in (state.last_step_on, stepped) if d is not None) if stepped else state.last_step_on
    # One evolve for the event's changes and the version together: an evolve is most of a fold's time.
    return attrs.evolve(state, **_apply(event, state), version=event.originator_version, last_step_on=last)


_STEP_DATES = {
    ev.CorrectionRequested: "sent_on",
    ev.CorrectionReceived: "received_on",
    ev.ConsultationStarted: "letter_sent_on",
    ev.ConsultationLetterReceived: "received_on",
    ev.ConsultationAnswered: "answered_on",
    ev.PublicInterestOverrideNotified: "notified_on",
    ev.FeeNoticeSent: "sent_on",
    ev.FeeNoticeReceived: "received_on",
    ev.FeePaid: "paid_on",
    ev.FeeWaived: "waived_on",
    ev.ReasonsRequested: "sent_on",
    ev.LaterDueDateSet: "notified_on",
    ev.ExtensionGranted: "notified_on",
}


def _step_date(event: DomainEvent) -> date | None:
    field = _STEP_DATES.get(type(event))
    value: date | None = getattr(event, field) if field else None
    return value


def _started(event: ev.Received) -> DisclosureRequest:
    return DisclosureRequest(
        id=event.originator_id,
        version=event.originator_version,
        organ=event.organ,
        department=event.department,
        channel=event.channel,
        receipt_date=event.receipt_date,
        applicant_type=event.applicant_type,
        handler_id=event.handler_id,
        applicant=event.applicant,
        information_requested=event.information_requested,
        registration_number=event.registration_number,
        items=event.items,
        applicant_key=event.applicant_key,
        late_confirmation_reason=event.late_confirmation_reason,
    )


Changes = dict[str, Any]
"""What one event changes of a request's state, by field name."""


@singledispatch
def _apply(event: DomainEvent, state: DisclosureRequest) -> Changes:
    raise TypeError(f"no fold for {event.type_name} on a disclosure request")


@_apply.register(ev.ConferenceHeld)
@_apply.register(ev.ContactRecorded)
def _recorded_only(event: DomainEvent, state: DisclosureRequest) -> Changes:
    """Facts kept in the history that change nothing a decision reads."""
    return {}


@_apply.register
def _(event: ev.HandlerAssigned, state: DisclosureRequest) -> Changes:
    return dict(department=event.department, handler_id=event.handler_id)


@_apply.register
def _(event: ev.CorrectionRequested, state: DisclosureRequest) -> Changes:
    return dict(
        status=Status.AWAITING_CORRECTION,
        correction_sent_on=event.sent_on,
        correct_by=event.correct_by,
    )


@_apply.register
def _(event: ev.CorrectionReceived, state: DisclosureRequest) -> Changes:
    return dict(status=Status.IN_PROGRESS, corrected_on=event.received_on, correction_late_reason=event.late_reason)


@_apply.register
def _(event: ev.ApplicationWithdrawn, state: DisclosureRequest) -> Changes:
    return dict(status=Status.CLOSED, outcome=event.outcome, closed_on=event.withdrawn_on)


@_apply.register
def _(event: ev.ApplicantTypeCorrected, state: DisclosureRequest) -> Changes:
    return dict(applicant_type=event.applicant_type)


@_apply.register
def _(event: ev.DeemedAbandoned, state: DisclosureRequest) -> Changes:
    return dict(status=Status.CLOSED, outcome=event.outcome, closed_on=event.closed_on)


@_apply.register
def _(event: ev.ExtensionGranted, state: DisclosureRequest) -> Changes:
    return dict(extension_days=event.working_days)


@_apply.register
def _(event: ev.ConsultationStarted, state: DisclosureRequest) -> Changes:
    started = Consultation(
        consultation_id=event.consultation_id,
        party=event.party,
        letter_sent_on=event.letter_sent_on,
        jointly_produced=event.jointly_produced,
    )
    return dict(consultations=(*state.consultations, started))


def _with_consultation(state: DisclosureRequest, consultation_id: str, **changes: object) -> Changes:
    consultations = tuple(
        attrs.evolve(c, **changes) if c.consultation_id == consultation_id else c  # type: ignore[arg-type]
        for c in state.consultations
    )
    return dict(consultations=consultations)


@_apply.register
def _(event: ev.ConsultationLetterReceived, state: DisclosureRequest) -> Changes:
    return _with_consultation(state, event.consultation_id, letter_received_on=event.received_on)


@_apply.register
def _(event: ev.ConsultationAnswered, state: DisclosureRequest) -> Changes:
    return _with_consultation(state, event.consultation_id, answered_on=event.answered_on, position=event.position)


@_apply.register
def _(event: ev.PublicInterestOverrideNotified, state: DisclosureRequest) -> Changes:
    return _with_consultation(state, event.consultation_id, override_notified=True)


@_apply.register
def _(event: ev.FeeNoticeSent, state: DisclosureRequest) -> Changes:
    notice = FeeNotice(
        sent_on=event.sent_on,
        scale=event.scale,
        amount=event.amount,
        quantity=event.quantity,
        items_before=event.items_before,
    )
    return dict(status=Status.AWAITING_FEE, fee_notice=notice)


@_apply.register
def _(event: ev.FeeNoticeReceived, state: DisclosureRequest) -> Changes:
    assert state.fee_notice is not None
    return dict(fee_notice=attrs.evolve(state.fee_notice, received_on=event.received_on))


def _fee_settled(state: DisclosureRequest, on: date) -> Changes:
    assert state.fee_notice is not None
    notice = attrs.evolve(state.fee_notice, settled_on=on)
    return dict(status=Status.IN_PROGRESS, fee_notice=notice)


@_apply.register
def _(event: ev.FeePaid, state: DisclosureRequest) -> Changes:
    return _fee_settled(state, event.paid_on)


@_apply.register
def _(event: ev.FeeWaived, state: DisclosureRequest) -> Changes:
    return _fee_settled(state, event.waived_on)


@_apply.register
def _(event: ev.ReasonsRequested, state: DisclosureRequest) -> Changes:
    return dict(reasons_requested=True)


@_apply.register
def _(event: ev.LaterDueDateSet, state: DisclosureRequest) -> Changes:
    return dict(later_due=event.due)


@_apply.register
def _(event: ev.Replied, state: DisclosureRequest) -> Changes:
    return dict(status=Status.REPLIED, outcome=event.outcome, closed_on=event.replied_on, replied=True)


@_apply.register
def _(event: ev.ReplyCorrected, state: DisclosureRequest) -> Changes:
    assert state.outcome is not None
    correction = ReplyCorrection(event.corrected_on, state.outcome, event.outcome, event.reason)
    return dict(outcome=event.outcome, reply_corrections=(*state.reply_corrections, correction))


@_apply.register
def _(event: ev.Delivered, state: DisclosureRequest) -> Changes:
    return dict(status=Status.DELIVERED, delivered_on=event.delivered_on)


@_apply.register
def _(event: ev.ReviewFiled, state: DisclosureRequest) -> Changes:
    return dict(reviews=reviews.filed(state.reviews, event))


@_apply.register
def _(event: ev.ReviewDecided, state: DisclosureRequest) -> Changes:
    return dict(reviews=reviews.decided(state.reviews, event))
