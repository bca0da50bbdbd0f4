"""Decisions on disclosure requests: state, command and context in, events out, or a refusal."""

from __future__ import annotations

from datetime import date, datetime

from domain.actors import Role
from domain.calendar import business_date
from domain.context import Context
from domain.deciding import Deciders, first_event, next_event, not_blank
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as ev
from domain.disclosure_request.clock import (
    consultation_answer_due,
    correction_notice_due,
    fee_payment_due,
    reply_clock,
)
from domain.disclosure_request.fees import fee, scale_allows
from domain.disclosure_request.outcome_rules import check_outcome
from domain.disclosure_request.state import Consultation, DisclosureRequest
from domain.disclosure_request.values import (
    FEE_NOT_PAID,
    NO_CORRECTION_IN_TIME,
    Channel,
    ConferenceSide,
    ConsultedParty,
    Outcome,
    OutcomeCategory,
    Position,
    ReviewKind,
    Status,
)
from domain.errors import InvalidValue, NotPermitted, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent


def receive(command: cmd.ReceiveRequest, ctx: Context) -> ev.Received:
    """Register an application with its receipt date fixed by channel (R-REQ-RECEIPT)."""
    not_blank(command.organ, "organ")
    not_blank(command.department, "department")
    not_blank(command.information_requested, "information_requested")
    not_blank(command.applicant.name, "applicant.name")
    _instant_not_after(command.arrived_at, ctx, "arrived_at")
    return first_event(
        ev.Received,
        command.request_id,
        ctx,
        organ=command.organ,
        department=command.department,
        channel=command.channel,
        arrived_at=command.arrived_at,
        receipt_date=_receipt_date(command, ctx),
        applicant=command.applicant,
        applicant_type=command.applicant_type,
        information_requested=command.information_requested,
        preferred_form=command.preferred_form,
        handler_id=ctx.actor.person_id,
        handler_name=ctx.actor.name,
    )


def _receipt_date(command: cmd.ReceiveRequest, ctx: Context) -> date:
    arrived_on = business_date(command.arrived_at)
    if command.channel is Channel.IN_PERSON:
        if command.confirmed_on not in (None, arrived_on):
            raise RuleViolation(
                "an application handed in is received the day it is handed in",
                code="R-REQ-RECEIPT",
                field="confirmed_on",
            )
        return arrived_on
    if command.confirmed_on is None:
        raise RuleViolation(
            f"an application by {command.channel} is received on the day it is signed for or confirmed: "
            "give confirmed_on",
            code="R-REQ-RECEIPT",
            field="confirmed_on",
        )
    _between(command.confirmed_on, arrived_on, ctx.today, "confirmed_on", "R-REQ-RECEIPT")
    return command.confirmed_on


_DECIDERS = Deciders[DisclosureRequest]()


def decide(state: DisclosureRequest, command: cmd.Command, ctx: Context) -> list[DomainEvent]:
    """The events a command on an existing request produces, or a DomainError refusing it."""
    return _DECIDERS.decide(state, command, ctx)


def _instant_not_after(instant: datetime, ctx: Context, field: str) -> None:
    if instant.tzinfo is None:
        raise InvalidValue(f"{field} needs a UTC offset, e.g. 2025-03-03T09:30:00+08:00", field=field)
    try:
        business_date(instant)
    except OverflowError:
        raise InvalidValue(f"{field} is out of range", field=field) from None
    if instant > ctx.now:
        raise InvalidValue(f"{field} is in the future", field=field)


def _between(day: date, earliest: date, today: date, field: str, code: str = "R-VALUE") -> None:
    if day > today:
        raise InvalidValue(f"{field} {day} is in the future", field=field)
    if day < earliest:
        raise RuleViolation(f"{field} {day} is before {earliest}", code=code, field=field)


def _require_open(state: DisclosureRequest) -> None:
    if not state.is_open:
        raise StepOutOfOrder(f"the request is {state.status}; it takes no more steps of this kind")


def _require_clock_running(state: DisclosureRequest) -> None:
    _require_open(state)
    if state.status is Status.AWAITING_CORRECTION:
        raise StepOutOfOrder("the request awaits correction", code="R-REQ-CORRECT")


def _start(state: DisclosureRequest) -> date:
    return state.corrected_on or state.receipt_date


@_DECIDERS.decides(cmd.AssignHandler)
def _assign(state: DisclosureRequest, c: cmd.AssignHandler, ctx: Context) -> list[DomainEvent]:
    _require_open(state)
    not_blank(c.handler_id, "handler_id")
    not_blank(c.department, "department")
    fields = {"department": c.department, "handler_id": c.handler_id, "handler_name": c.handler_name}
    return [next_event(ev.HandlerAssigned, state, ctx, **fields)]


@_DECIDERS.decides(cmd.RequestCorrection)
def _request_correction(state: DisclosureRequest, c: cmd.RequestCorrection, ctx: Context) -> list[DomainEvent]:
    _require_open(state)
    if state.correction_sent_on is not None:
        raise RuleViolation("only one correction notice per application", code="R-REQ-CORRECT")
    if state.status is not Status.IN_PROGRESS:
        raise StepOutOfOrder(f"the request is {state.status}", code="R-REQ-CORRECT")
    _between(c.sent_on, state.receipt_date, ctx.today, "sent_on", "R-REQ-CORRECT")
    last = correction_notice_due(state, ctx.calendar, ctx.request_rules).due
    if c.sent_on > last:
        days = ctx.request_rules.correction_notice_working_days
        raise RuleViolation(
            f"a correction notice is sent within {days} working days of receipt, by {last}",
            code="R-REQ-CORRECT",
            field="sent_on",
        )
    if c.correct_by <= c.sent_on:
        raise RuleViolation("the correction deadline comes after the notice", code="R-REQ-CORRECT", field="correct_by")
    not_blank(c.what_to_correct, "what_to_correct")
    fields = {"sent_on": c.sent_on, "what_to_correct": c.what_to_correct, "correct_by": c.correct_by}
    return [next_event(ev.CorrectionRequested, state, ctx, **fields)]


@_DECIDERS.decides(cmd.ReceiveCorrection)
def _receive_correction(state: DisclosureRequest, c: cmd.ReceiveCorrection, ctx: Context) -> list[DomainEvent]:
    if state.status is not Status.AWAITING_CORRECTION:
        raise StepOutOfOrder("no correction is awaited", code="R-REQ-CORRECT")
    assert state.correction_sent_on is not None and state.correct_by is not None
    _between(c.received_on, state.correction_sent_on, ctx.today, "received_on", "R-REQ-CORRECT")
    if c.received_on > state.correct_by:
        raise RuleViolation(
            f"the correction deadline {state.correct_by} has passed: the application is deemed abandoned",
            code="R-REQ-CORRECT",
            field="received_on",
        )
    return [next_event(ev.CorrectionReceived, state, ctx, received_on=c.received_on, summary=c.summary)]


@_DECIDERS.decides(cmd.DeclareAbandoned)
def _declare_abandoned(state: DisclosureRequest, c: cmd.DeclareAbandoned, ctx: Context) -> list[DomainEvent]:
    if state.status is Status.AWAITING_CORRECTION:
        assert state.correct_by is not None
        deadline, ground, code = state.correct_by, NO_CORRECTION_IN_TIME, "R-REQ-CORRECT"
    elif state.status is Status.AWAITING_FEE:
        assert state.fee_notice is not None
        deadline = fee_payment_due(state.fee_notice, ctx.calendar, ctx.request_rules).due
        ground, code = FEE_NOT_PAID, "R-REQ-FEE"
    else:
        raise StepOutOfOrder("only a request awaiting correction or a fee can be deemed abandoned")
    if ctx.today <= deadline:
        raise RuleViolation(f"the applicant has until {deadline}", code=code)
    outcome = Outcome(category=OutcomeCategory.OTHER, ground=ground)
    return [next_event(ev.DeemedAbandoned, state, ctx, closed_on=ctx.today, outcome=outcome)]


@_DECIDERS.decides(cmd.GrantExtension)
def _grant_extension(state: DisclosureRequest, c: cmd.GrantExtension, ctx: Context) -> list[DomainEvent]:
    code = "R-REQ-EXTEND"
    _require_clock_running(state)
    if ctx.actor.role is not Role.OFFICE_HEAD:
        raise NotPermitted("only the head of the disclosure office approves an extension", code=code)
    if ctx.actor.person_id == state.handler_id:
        raise NotPermitted("the handler of a request may not approve its extension", code=code)
    if state.extension_days:
        raise RuleViolation("a request is extended once only", code=code)
    most = ctx.request_rules.max_extension_working_days
    if not 1 <= c.working_days <= most:
        raise RuleViolation(f"an extension is 1 to {most} working days", code=code, field="working_days")
    not_blank(c.reason, "reason")
    due = reply_clock(state, ctx.calendar, ctx.request_rules).due
    assert due is not None
    if ctx.today > due:
        raise RuleViolation(f"an extension is decided before the reply is due, {due}", code=code)
    _between(c.notified_on, state.receipt_date, ctx.today, "notified_on", code)
    if c.notified_on > due:
        raise RuleViolation(f"the applicant is told before {due}", code=code, field="notified_on")
    fields = {"working_days": c.working_days, "reason": c.reason, "notified_on": c.notified_on}
    return [next_event(ev.ExtensionGranted, state, ctx, handler_id=state.handler_id, **fields)]


@_DECIDERS.decides(cmd.StartConsultation)
def _start_consultation(state: DisclosureRequest, c: cmd.StartConsultation, ctx: Context) -> list[DomainEvent]:
    third = c.party is ConsultedParty.THIRD_PARTY
    code = "R-REQ-THIRDPARTY" if third else "R-REQ-ORGANS"
    _require_clock_running(state)
    if third and (c.third_party is None or c.organ_name):
        raise InvalidValue("a third-party consultation names the third party, not an organ", field="third_party")
    if not third and (not (c.organ_name or "").strip() or c.third_party is not None):
        raise InvalidValue("an organ consultation names the organ", field="organ_name")
    not_blank(c.subject, "subject")
    _between(c.letter_sent_on, _start(state), ctx.today, "letter_sent_on", code)
    fields = {
        "consultation_id": f"C{len(state.consultations) + 1}",
        "party": c.party,
        "third_party": c.third_party,
        "organ_name": c.organ_name,
        "subject": c.subject,
        "letter_sent_on": c.letter_sent_on,
        "jointly_produced": c.jointly_produced,
    }
    return [next_event(ev.ConsultationStarted, state, ctx, **fields)]


def _consultation_code(found: Consultation) -> str:
    return "R-REQ-THIRDPARTY" if found.party is ConsultedParty.THIRD_PARTY else "R-REQ-ORGANS"


def _open_consultation(state: DisclosureRequest, consultation_id: str) -> Consultation:
    found = state.consultation(consultation_id)
    if found is None:
        raise InvalidValue(f"no consultation {consultation_id} on this request", field="consultation_id")
    if found.answered_on is not None:
        raise StepOutOfOrder(f"consultation {consultation_id} was answered on {found.answered_on}")
    return found


@_DECIDERS.decides(cmd.RecordLetterReceived)
def _letter_received(state: DisclosureRequest, c: cmd.RecordLetterReceived, ctx: Context) -> list[DomainEvent]:
    found = _open_consultation(state, c.consultation_id)
    if found.letter_received_on is not None:
        raise StepOutOfOrder(f"receipt of the letter was recorded as {found.letter_received_on}")
    _between(c.received_on, found.letter_sent_on, ctx.today, "received_on", _consultation_code(found))
    return [
        next_event(
            ev.ConsultationLetterReceived, state, ctx, consultation_id=c.consultation_id, received_on=c.received_on
        )
    ]


@_DECIDERS.decides(cmd.RecordConsultationAnswer)
def _answer(state: DisclosureRequest, c: cmd.RecordConsultationAnswer, ctx: Context) -> list[DomainEvent]:
    found = _open_consultation(state, c.consultation_id)
    received = found.letter_received_on or found.letter_sent_on
    _between(c.answered_on, received, ctx.today, "answered_on", _consultation_code(found))
    if c.position is Position.OBJECTS and not c.reason.strip():
        raise InvalidValue("an objection states its reason", field="reason")
    fields = {"answered_on": c.answered_on, "position": c.position, "reason": c.reason}
    return [next_event(ev.ConsultationAnswered, state, ctx, consultation_id=c.consultation_id, **fields)]


@_DECIDERS.decides(cmd.NotifyPublicInterestOverride)
def _override(state: DisclosureRequest, c: cmd.NotifyPublicInterestOverride, ctx: Context) -> list[DomainEvent]:
    _require_clock_running(state)
    found = state.consultation(c.consultation_id)
    if found is None or found.position is not Position.OBJECTS or found.party is not ConsultedParty.THIRD_PARTY:
        raise RuleViolation(
            f"consultation {c.consultation_id} holds no third-party objection to override",
            code="R-REQ-THIRDPARTY",
            field="consultation_id",
        )
    if found.override_notified:
        raise StepOutOfOrder("the third party was already notified")
    assert found.answered_on is not None
    _between(c.notified_on, found.answered_on, ctx.today, "notified_on", "R-REQ-THIRDPARTY")
    not_blank(c.to_be_disclosed, "to_be_disclosed")
    not_blank(c.reason, "reason")
    fields = {"to_be_disclosed": c.to_be_disclosed, "reason": c.reason, "notified_on": c.notified_on}
    return [next_event(ev.PublicInterestOverrideNotified, state, ctx, consultation_id=c.consultation_id, **fields)]


@_DECIDERS.decides(cmd.SendFeeNotice)
def _fee_notice(state: DisclosureRequest, c: cmd.SendFeeNotice, ctx: Context) -> list[DomainEvent]:
    code = "R-REQ-FEE"
    _require_clock_running(state)
    if state.fee_notice is not None:
        raise RuleViolation("one fee notice on one scale per application, never both", code=code)
    if c.quantity < 1:
        raise InvalidValue("quantity is at least 1", field="quantity")
    if not scale_allows(c.scale, c.form):
        raise RuleViolation("the per-volume scale applies only to paper or copied data", code=code, field="scale")
    amount = fee(c.scale, c.quantity)
    if amount == 0:
        raise RuleViolation(f"{c.quantity} on the {c.scale} scale is free", code=code, field="quantity")
    _between(c.sent_on, _start(state), ctx.today, "sent_on", code)
    fields = {"sent_on": c.sent_on, "scale": c.scale, "quantity": c.quantity, "form": c.form, "amount": amount}
    return [next_event(ev.FeeNoticeSent, state, ctx, **fields)]


def _awaited_fee_since(state: DisclosureRequest, day: date, field: str, ctx: Context) -> None:
    if state.status is not Status.AWAITING_FEE or state.fee_notice is None:
        raise StepOutOfOrder("no fee is awaited", code="R-REQ-FEE")
    _between(day, state.fee_notice.sent_on, ctx.today, field, "R-REQ-FEE")


@_DECIDERS.decides(cmd.RecordFeePayment)
def _fee_paid(state: DisclosureRequest, c: cmd.RecordFeePayment, ctx: Context) -> list[DomainEvent]:
    _awaited_fee_since(state, c.paid_on, "paid_on", ctx)
    assert state.fee_notice is not None
    deadline = fee_payment_due(state.fee_notice, ctx.calendar, ctx.request_rules).due
    if c.paid_on > deadline:
        raise RuleViolation(
            f"the payment deadline {deadline} has passed: the application is deemed abandoned",
            code="R-REQ-FEE",
            field="paid_on",
        )
    return [next_event(ev.FeePaid, state, ctx, paid_on=c.paid_on)]


@_DECIDERS.decides(cmd.WaiveFee)
def _fee_waived(state: DisclosureRequest, c: cmd.WaiveFee, ctx: Context) -> list[DomainEvent]:
    _awaited_fee_since(state, c.waived_on, "waived_on", ctx)
    not_blank(c.reason, "reason")
    return [next_event(ev.FeeWaived, state, ctx, waived_on=c.waived_on, reason=c.reason)]


@_DECIDERS.decides(cmd.RequestReasons)
def _request_reasons(state: DisclosureRequest, c: cmd.RequestReasons, ctx: Context) -> list[DomainEvent]:
    _require_clock_running(state)
    if state.reasons_requested:
        raise StepOutOfOrder("reasons were already requested", code="R-REQ-EXCESS")
    _between(c.sent_on, state.receipt_date, ctx.today, "sent_on", "R-REQ-EXCESS")
    not_blank(c.note, "note")
    return [next_event(ev.ReasonsRequested, state, ctx, sent_on=c.sent_on, note=c.note)]


@_DECIDERS.decides(cmd.SetLaterDueDate)
def _later_due(state: DisclosureRequest, c: cmd.SetLaterDueDate, ctx: Context) -> list[DomainEvent]:
    code = "R-REQ-EXCESS"
    _require_clock_running(state)
    if not state.reasons_requested:
        raise RuleViolation("a later due date follows a request for reasons", code=code)
    if state.later_due is not None:
        raise StepOutOfOrder(f"a later due date, {state.later_due}, is already set", code=code)
    due = reply_clock(state, ctx.calendar, ctx.request_rules).due
    assert due is not None
    if c.due <= due:
        raise RuleViolation(f"the later due date comes after the current one, {due}", code=code, field="due")
    if not ctx.calendar.is_working_day(c.due):
        raise RuleViolation(f"a due date is a working day; {c.due} is not", code=code, field="due")
    _between(c.notified_on, state.receipt_date, ctx.today, "notified_on", code)
    if c.notified_on > due:
        raise RuleViolation(f"the applicant is told before {due}", code=code, field="notified_on")
    not_blank(c.reason, "reason")
    return [next_event(ev.LaterDueDateSet, state, ctx, due=c.due, reason=c.reason, notified_on=c.notified_on)]


@_DECIDERS.decides(cmd.HoldConference)
def _conference(state: DisclosureRequest, c: cmd.HoldConference, ctx: Context) -> list[DomainEvent]:
    missing = set(ConferenceSide) - {m.side for m in c.members}
    if missing:
        names = ", ".join(sorted(missing))
        raise RuleViolation(
            f"a joint conference brings in the {names} side(s) too", code="R-REQ-CONFERENCE", field="members"
        )
    _between(c.held_on, state.receipt_date, ctx.today, "held_on", "R-REQ-CONFERENCE")
    not_blank(c.conclusion, "conclusion")
    return [next_event(ev.ConferenceHeld, state, ctx, held_on=c.held_on, members=c.members, conclusion=c.conclusion)]


@_DECIDERS.decides(cmd.RecordContact)
def _contact(state: DisclosureRequest, c: cmd.RecordContact, ctx: Context) -> list[DomainEvent]:
    _instant_not_after(c.occurred_at, ctx, "occurred_at")
    not_blank(c.summary, "summary")
    return [next_event(ev.ContactRecorded, state, ctx, kind=c.kind, occurred_at=c.occurred_at, summary=c.summary)]


@_DECIDERS.decides(cmd.Reply)
def _reply(state: DisclosureRequest, c: cmd.Reply, ctx: Context) -> list[DomainEvent]:
    _require_clock_running(state)
    if state.status is Status.AWAITING_FEE:
        raise StepOutOfOrder("the request awaits payment of its fee", code="R-REQ-FEE")
    _between(c.replied_on, _start(state), ctx.today, "replied_on")
    if state.last_step_on is not None and c.replied_on < state.last_step_on:
        raise RuleViolation(
            f"a reply is dated on or after the case's last step, {state.last_step_on}",
            code="R-REQ-OUTCOME",
            field="replied_on",
        )
    check_outcome(c.outcome, state)
    if c.outcome.discloses:
        _check_consultations_allow_disclosure(state, c.replied_on, ctx)
    return [next_event(ev.Replied, state, ctx, replied_on=c.replied_on, outcome=c.outcome)]


def _check_consultations_allow_disclosure(state: DisclosureRequest, on: date, ctx: Context) -> None:
    for found in state.consultations:
        third = found.party is ConsultedParty.THIRD_PARTY
        code = "R-REQ-THIRDPARTY" if third else "R-REQ-ORGANS"
        if found.answered_on is None:
            answer_due = consultation_answer_due(found, ctx.calendar, ctx.request_rules).due
            if on <= answer_due:
                raise RuleViolation(
                    f"consultation {found.consultation_id} may still be answered until {answer_due}", code=code
                )
        objected = found.position is Position.OBJECTS
        if objected and third and not found.override_notified:
            raise RuleViolation(
                f"the third party of {found.consultation_id} objected: disclose only in the public interest, "
                "after telling it in writing what will be disclosed and why",
                code=code,
            )


@_DECIDERS.decides(cmd.RecordDelivery)
def _delivery(state: DisclosureRequest, c: cmd.RecordDelivery, ctx: Context) -> list[DomainEvent]:
    if state.status is not Status.REPLIED:
        raise StepOutOfOrder(f"only a decided reply is delivered; the request is {state.status}")
    assert state.closed_on is not None
    _between(c.delivered_on, state.closed_on, ctx.today, "delivered_on", "R-REQ-DELIVERY")
    return [next_event(ev.Delivered, state, ctx, method=c.method, delivered_on=c.delivered_on)]


@_DECIDERS.decides(cmd.FileReview)
def _file_review(state: DisclosureRequest, c: cmd.FileReview, ctx: Context) -> list[DomainEvent]:
    code = "R-REQ-REVIEW"
    if state.outcome is None or state.closed_on is None:
        raise StepOutOfOrder("a reconsideration or lawsuit challenges a reply; there is none yet", code=code)
    if c.kind is ReviewKind.LITIGATION_AFTER_RECONSIDERATION and not any(
        r.kind is ReviewKind.RECONSIDERATION and r.result is not None for r in state.reviews
    ):
        raise RuleViolation("litigation after reconsideration needs a decided reconsideration", code=code, field="kind")
    earliest = state.closed_on
    if c.kind is ReviewKind.LITIGATION_AFTER_RECONSIDERATION:
        decided = [r.decided_on for r in state.reviews if r.kind is ReviewKind.RECONSIDERATION and r.decided_on]
        earliest = max(earliest, min(decided))
    _between(c.filed_on, earliest, ctx.today, "filed_on", code)
    not_blank(c.body, "body")
    review_id = f"R{len(state.reviews) + 1}"
    return [next_event(ev.ReviewFiled, state, ctx, review_id=review_id, kind=c.kind, filed_on=c.filed_on, body=c.body)]


@_DECIDERS.decides(cmd.DecideReview)
def _decide_review(state: DisclosureRequest, c: cmd.DecideReview, ctx: Context) -> list[DomainEvent]:
    found = state.review(c.review_id)
    if found is None:
        raise InvalidValue(f"no review {c.review_id} on this request", field="review_id")
    if found.result is not None:
        raise StepOutOfOrder(f"review {c.review_id} was decided: {found.result}", code="R-REQ-REVIEW")
    _between(c.decided_on, found.filed_on, ctx.today, "decided_on", "R-REQ-REVIEW")
    return [next_event(ev.ReviewDecided, state, ctx, review_id=c.review_id, result=c.result, decided_on=c.decided_on)]
