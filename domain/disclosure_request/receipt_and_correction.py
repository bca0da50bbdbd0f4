"""Receipt, correction, abandonment and withdrawal (R-REQ-RECEIPT, R-REQ-CORRECT, R-REQ-APPLICANT-FIX,
R-REQ-OUTCOME)."""

from __future__ import annotations

from datetime import date

from domain.calendar import business_date
from domain.context import Context
from domain.deciding import first_event, instant_in_past, next_event, not_blank, step_dated
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as ev
from domain.disclosure_request.clock import correction_deadline, correction_notice_due, fee_payment_due
from domain.disclosure_request.guards import DECIDERS, require_open
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import (
    FEE_NOT_PAID,
    NO_CORRECTION_IN_TIME,
    OTHER_GROUND,
    Channel,
    Outcome,
    OutcomeCategory,
    Status,
)
from domain.errors import InvalidValue, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent

RECEIPT = "R-REQ-RECEIPT"
CORRECT = "R-REQ-CORRECT"
MAX_ITEMS = 1000


def receive(
    command: cmd.ReceiveRequest, registration_number: str | None, applicant_key: str | None, ctx: Context
) -> ev.Received:
    """Register an application with its receipt date fixed by channel (R-REQ-RECEIPT) and its number."""
    not_blank(command.organ, "organ")
    not_blank(command.department, "department")
    not_blank(command.information_requested, "information_requested")
    not_blank(command.applicant.name, "applicant.name")
    if not 1 <= command.items <= MAX_ITEMS:
        raise InvalidValue(f"an application asks for 1 to {MAX_ITEMS} items", field="items")
    return first_event(
        ev.Received,
        command.request_id,
        ctx,
        organ=command.organ,
        department=command.department,
        channel=command.channel,
        arrived_at=command.arrived_at,
        receipt_date=receipt_date(command, ctx),
        applicant=command.applicant,
        applicant_type=command.applicant_type,
        information_requested=command.information_requested,
        preferred_form=command.preferred_form,
        handler_id=ctx.actor.person_id,
        handler_name=ctx.actor.name,
        registration_number=registration_number,
        items=command.items,
        applicant_key=applicant_key,
        late_confirmation_reason=_late_confirmation(command),
    )


def receipt_date(command: cmd.ReceiveRequest, ctx: Context) -> date:
    """The receipt date the channel fixes (R-REQ-RECEIPT), or a refusal naming the field at fault."""
    instant_in_past(command.arrived_at, ctx, "arrived_at")
    arrived_on = business_date(command.arrived_at)
    if command.channel is Channel.IN_PERSON:
        if command.confirmed_on not in (None, arrived_on):
            message = "an application handed in is received the day it is handed in"
            raise RuleViolation(message, code=RECEIPT, field="confirmed_on")
        return arrived_on
    if command.confirmed_on is None:
        raise RuleViolation(
            f"an application by {command.channel} is received on the day it is signed for or confirmed: "
            "give confirmed_on",
            code=RECEIPT,
            field="confirmed_on",
        )
    step_dated(command.confirmed_on, arrived_on, ctx, "confirmed_on", RECEIPT)
    return command.confirmed_on


def _late_confirmation(command: cmd.ReceiveRequest) -> str | None:
    """An ordinary letter's receipt is confirmed the day it arrives; a later confirmation says why."""
    reason = (command.late_confirmation_reason or "").strip() or None
    late = command.channel is Channel.POST_UNSIGNED and command.confirmed_on != business_date(command.arrived_at)
    if late and reason is None:
        raise RuleViolation(
            "an ordinary letter's receipt is confirmed with the applicant the day it arrives; "
            "a later confirmation states its reason in late_confirmation_reason",
            code=RECEIPT,
            field="late_confirmation_reason",
        )
    if reason is not None and not late:
        message = "late_confirmation_reason belongs to an ordinary letter confirmed after the day it arrived"
        raise InvalidValue(message, field="late_confirmation_reason")
    return reason


@DECIDERS.decides(cmd.AssignHandler)
def _assign(state: DisclosureRequest, c: cmd.AssignHandler, ctx: Context) -> list[DomainEvent]:
    require_open(state)
    not_blank(c.handler_id, "handler_id")
    not_blank(c.department, "department")
    fields = {"department": c.department, "handler_id": c.handler_id, "handler_name": c.handler_name}
    return [next_event(ev.HandlerAssigned, state, ctx, **fields)]


@DECIDERS.decides(cmd.RequestCorrection)
def _request_correction(state: DisclosureRequest, c: cmd.RequestCorrection, ctx: Context) -> list[DomainEvent]:
    require_open(state)
    if state.correction_sent_on is not None:
        raise RuleViolation("only one correction notice per application", code=CORRECT)
    if state.status is not Status.IN_PROGRESS:
        raise StepOutOfOrder(f"the request is {state.status}", code=CORRECT)
    step_dated(c.sent_on, state.receipt_date, ctx, "sent_on", CORRECT)
    last = correction_notice_due(state, ctx.calendar, ctx.request_rules).due
    if c.sent_on > last:
        days = ctx.request_rules.correction_notice_working_days
        message = f"a correction notice is sent within {days} working days of receipt, by {last}"
        raise RuleViolation(message, code=CORRECT, field="sent_on")
    if c.correct_by <= c.sent_on:
        raise RuleViolation("the correction deadline comes after the notice", code=CORRECT, field="correct_by")
    not_blank(c.what_to_correct, "what_to_correct")
    fields = {"sent_on": c.sent_on, "what_to_correct": c.what_to_correct, "correct_by": c.correct_by}
    return [next_event(ev.CorrectionRequested, state, ctx, **fields)]


def _awaited_correction(state: DisclosureRequest, received_on: date, ctx: Context) -> date:
    """The correction deadline, once the corrected application's day is checked; refuses when none is awaited."""
    if state.status is not Status.AWAITING_CORRECTION:
        raise StepOutOfOrder("no correction is awaited", code=CORRECT)
    assert state.correction_sent_on is not None
    step_dated(received_on, state.correction_sent_on, ctx, "received_on", CORRECT)
    deadline = correction_deadline(state, ctx.calendar)
    assert deadline is not None
    return deadline.due


@DECIDERS.decides(cmd.ReceiveCorrection)
def _receive_correction(state: DisclosureRequest, c: cmd.ReceiveCorrection, ctx: Context) -> list[DomainEvent]:
    deadline = _awaited_correction(state, c.received_on, ctx)
    if c.received_on > deadline:
        raise RuleViolation(
            f"the correction deadline {deadline} has passed: the application is deemed abandoned, unless the head "
            "of the disclosure office accepts the correction for a good reason",
            code=CORRECT,
            field="received_on",
        )
    fields = {"received_on": c.received_on, "summary": c.summary, "late_reason": None}
    return [next_event(ev.CorrectionReceived, state, ctx, **fields)]


@DECIDERS.decides(cmd.AcceptLateCorrection)
def _accept_late(state: DisclosureRequest, c: cmd.AcceptLateCorrection, ctx: Context) -> list[DomainEvent]:
    deadline = _awaited_correction(state, c.received_on, ctx)
    if c.received_on <= deadline:
        message = f"the correction arrived by its deadline, {deadline}: it is received, not accepted late"
        raise StepOutOfOrder(message, code=CORRECT, field="received_on")
    not_blank(c.reason, "reason")
    fields = {"received_on": c.received_on, "summary": c.summary, "late_reason": c.reason.strip()}
    return [next_event(ev.CorrectionReceived, state, ctx, **fields)]


@DECIDERS.decides(cmd.DeclareAbandoned)
def _declare_abandoned(state: DisclosureRequest, c: cmd.DeclareAbandoned, ctx: Context) -> list[DomainEvent]:
    if state.status is Status.AWAITING_CORRECTION:
        found = correction_deadline(state, ctx.calendar)
        assert found is not None
        deadline, ground, code = found.due, NO_CORRECTION_IN_TIME, CORRECT
    elif state.status is Status.AWAITING_FEE:
        assert state.fee_notice is not None
        deadline = fee_payment_due(state.fee_notice, ctx.calendar, ctx.request_rules).due
        ground, code = FEE_NOT_PAID, "R-REQ-FEE"
    else:
        raise StepOutOfOrder("only a request awaiting correction or a fee can be deemed abandoned")
    decided_on = c.decided_on or ctx.today
    step_dated(decided_on, state.receipt_date, ctx, "decided_on", code)
    if decided_on <= deadline:
        raise RuleViolation(f"the applicant has until {deadline}", code=code, field="decided_on")
    outcome = Outcome(category=OutcomeCategory.OTHER, ground=ground)
    return [next_event(ev.DeemedAbandoned, state, ctx, closed_on=decided_on, outcome=outcome)]


@DECIDERS.decides(cmd.RecordWithdrawal)
def _withdrawal(state: DisclosureRequest, c: cmd.RecordWithdrawal, ctx: Context) -> list[DomainEvent]:
    require_open(state)
    step_dated(c.withdrawn_on, state.receipt_date, ctx, "withdrawn_on", "R-REQ-OUTCOME")
    not_blank(c.reason, "reason")
    description = f"申请人撤回申请 withdrawn by the applicant: {c.reason.strip()}"
    outcome = Outcome(category=OutcomeCategory.OTHER, ground=OTHER_GROUND, description=description)
    return [next_event(ev.ApplicationWithdrawn, state, ctx, withdrawn_on=c.withdrawn_on, outcome=outcome)]


@DECIDERS.decides(cmd.CorrectApplicantType)
def _applicant_type(state: DisclosureRequest, c: cmd.CorrectApplicantType, ctx: Context) -> list[DomainEvent]:
    if c.applicant_type is state.applicant_type:
        message = f"the applicant type is {state.applicant_type} already"
        raise StepOutOfOrder(message, code="R-REQ-APPLICANT-FIX", field="applicant_type")
    not_blank(c.reason, "reason")
    fields = {"applicant_type": c.applicant_type, "reason": c.reason.strip()}
    return [next_event(ev.ApplicantTypeCorrected, state, ctx, **fields)]
