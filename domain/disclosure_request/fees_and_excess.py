"""Processing fees and excessive applications (R-REQ-FEE, R-REQ-EXCESS)."""

from __future__ import annotations

from datetime import date

from domain.context import Context
from domain.deciding import next_event, not_blank, step_dated
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as ev
from domain.disclosure_request.clock import fee_payment_due, reply_clock
from domain.disclosure_request.fees import fee, scale_allows
from domain.disclosure_request.guards import DECIDERS, period_start, require_clock_running
from domain.disclosure_request.receipt_and_correction import MAX_ITEMS
from domain.disclosure_request.register import Register, recount
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import FeeScale, Status
from domain.errors import InvalidValue, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent

FEE = "R-REQ-FEE"
EXCESS = "R-REQ-EXCESS"


def send_fee_notice(
    state: DisclosureRequest, c: cmd.SendFeeNotice, register: Register | None, ctx: Context
) -> list[DomainEvent]:
    """A fee notice on one scale; on the per-item scale the applicant's earlier items that calendar month count first
    (109号 第四条), read from the organ's register, which records this application's items if they changed."""
    require_clock_running(state)
    if state.fee_notice is not None:
        raise RuleViolation("one fee notice on one scale per application, never both", code=FEE)
    if not scale_allows(c.scale, c.form):
        message = "the per-volume scale applies only to paper, e-mail or copied electronic data"
        raise RuleViolation(message, code=FEE, field="scale")
    per_item = c.scale is FeeScale.PER_ITEM
    if c.quantity is None and not per_item:
        raise InvalidValue("a per-volume fee notice gives the number of pages in quantity", field="quantity")
    quantity = state.items if c.quantity is None else c.quantity
    if quantity < 1:
        raise InvalidValue("quantity is at least 1", field="quantity")
    if per_item and quantity > MAX_ITEMS:
        raise InvalidValue(f"an application asks for 1 to {MAX_ITEMS} items", field="quantity")
    before = register.items_before(state.id) if per_item and register is not None else 0
    amount = fee(c.scale, quantity, before)
    if amount == 0:
        counted = f", after the applicant's {before} earlier this month," if before else ""
        raise RuleViolation(f"{quantity} on the {c.scale} scale{counted} is free", code=FEE, field="quantity")
    step_dated(c.sent_on, period_start(state), ctx, "sent_on", FEE)
    fields = {"sent_on": c.sent_on, "scale": c.scale, "quantity": quantity, "form": c.form, "amount": amount}
    events: list[DomainEvent] = [next_event(ev.FeeNoticeSent, state, ctx, items_before=before, **fields)]
    if per_item and register is not None:
        events += recount(register, state.id, quantity, ctx)
    return events


def _awaited_fee_since(state: DisclosureRequest, day: date, field: str, ctx: Context) -> None:
    if state.status is not Status.AWAITING_FEE or state.fee_notice is None:
        raise StepOutOfOrder("no fee is awaited", code=FEE)
    step_dated(day, state.fee_notice.sent_on, ctx, field, FEE)


@DECIDERS.decides(cmd.RecordFeeNoticeReceived)
def _notice_received(state: DisclosureRequest, c: cmd.RecordFeeNoticeReceived, ctx: Context) -> list[DomainEvent]:
    _awaited_fee_since(state, c.received_on, "received_on", ctx)
    assert state.fee_notice is not None
    if state.fee_notice.received_on is not None:
        raise StepOutOfOrder(f"the notice was received on {state.fee_notice.received_on}", code=FEE)
    return [next_event(ev.FeeNoticeReceived, state, ctx, received_on=c.received_on)]


@DECIDERS.decides(cmd.RecordFeePayment)
def _fee_paid(state: DisclosureRequest, c: cmd.RecordFeePayment, ctx: Context) -> list[DomainEvent]:
    _awaited_fee_since(state, c.paid_on, "paid_on", ctx)
    assert state.fee_notice is not None
    deadline = fee_payment_due(state.fee_notice, ctx.calendar, ctx.request_rules).due
    if c.paid_on > deadline:
        message = f"the payment deadline {deadline} has passed: the application is deemed abandoned"
        raise RuleViolation(message, code=FEE, field="paid_on")
    return [next_event(ev.FeePaid, state, ctx, paid_on=c.paid_on)]


@DECIDERS.decides(cmd.WaiveFee)
def _fee_waived(state: DisclosureRequest, c: cmd.WaiveFee, ctx: Context) -> list[DomainEvent]:
    _awaited_fee_since(state, c.waived_on, "waived_on", ctx)
    not_blank(c.reason, "reason")
    return [next_event(ev.FeeWaived, state, ctx, waived_on=c.waived_on, reason=c.reason)]


@DECIDERS.decides(cmd.RequestReasons)
def _request_reasons(state: DisclosureRequest, c: cmd.RequestReasons, ctx: Context) -> list[DomainEvent]:
    require_clock_running(state)
    if state.reasons_requested:
        raise StepOutOfOrder("reasons were already requested", code=EXCESS)
    step_dated(c.sent_on, state.receipt_date, ctx, "sent_on", EXCESS)
    not_blank(c.note, "note")
    return [next_event(ev.ReasonsRequested, state, ctx, sent_on=c.sent_on, note=c.note)]


@DECIDERS.decides(cmd.SetLaterDueDate)
def _later_due(state: DisclosureRequest, c: cmd.SetLaterDueDate, ctx: Context) -> list[DomainEvent]:
    require_clock_running(state)
    if not state.reasons_requested:
        raise RuleViolation("a later due date follows a request for reasons", code=EXCESS)
    if state.later_due is not None:
        raise StepOutOfOrder(f"a later due date, {state.later_due}, is already set", code=EXCESS)
    due = reply_clock(state, ctx.calendar, ctx.request_rules).due
    assert due is not None
    if c.due <= due:
        raise RuleViolation(f"the later due date comes after the current one, {due}", code=EXCESS, field="due")
    if not ctx.calendar.is_working_day(c.due):
        raise RuleViolation(f"a due date is a working day; {c.due} is not", code=EXCESS, field="due")
    step_dated(c.notified_on, state.receipt_date, ctx, "notified_on", EXCESS)
    if c.notified_on > due:
        raise RuleViolation(f"the applicant is told before {due}", code=EXCESS, field="notified_on")
    not_blank(c.reason, "reason")
    return [next_event(ev.LaterDueDateSet, state, ctx, due=c.due, reason=c.reason, notified_on=c.notified_on)]
