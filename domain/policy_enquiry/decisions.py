"""Decisions on policy enquiries: state, command and context in, events out, or a refusal naming its rule."""

from __future__ import annotations

from datetime import date

from domain.calendar import business_date
from domain.context import Context
from domain.deciding import Deciders, first_event, instant_in_past, next_event, not_blank, step_dated
from domain.errors import InvalidValue, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.policy_enquiry import commands as cmd
from domain.policy_enquiry import events as ev
from domain.policy_enquiry.state import PolicyEnquiry
from domain.policy_enquiry.values import EnquiryStatus, Part

ROUTE = "R-ENQ-ROUTE"
PUBLISH = "R-ENQ-PUBLISH"


def receive(command: cmd.ReceiveEnquiry, receipt_code: str, ctx: Context) -> ev.Received:
    """Record a question; it was received on the business date it arrived (R-ENQ-REPLY counts from that day)."""
    not_blank(command.organ, "organ")
    not_blank(command.question, "question")
    not_blank(command.asker.name, "asker.name")
    instant_in_past(command.arrived_at, ctx, "arrived_at")
    return first_event(
        ev.Received,
        command.enquiry_id,
        ctx,
        organ=command.organ,
        channel=command.channel,
        arrived_at=command.arrived_at,
        receipt_date=business_date(command.arrived_at),
        receipt_code=receipt_code,
        asker=command.asker,
        question=command.question,
    )


_DECIDERS = Deciders[PolicyEnquiry]()


def decide(state: PolicyEnquiry, command: cmd.Command, ctx: Context) -> list[DomainEvent]:
    """The events a command on one enquiry produces, or a DomainError refusing it."""
    return _DECIDERS.decide(state, command, ctx)


def _unrouted(state: PolicyEnquiry, step: str) -> None:
    if state.status is not EnquiryStatus.RECEIVED:
        raise StepOutOfOrder(f"the question is {state.status}: it was routed already; {step}", code=ROUTE)


@_DECIDERS.decides(cmd.RouteEnquiry)
def _route(state: PolicyEnquiry, c: cmd.RouteEnquiry, ctx: Context) -> list[DomainEvent]:
    _unrouted(state, "transfer a part to move it on")
    not_blank(c.department, "department")
    day = _dated(c.routed_on, state.receipt_date, ctx, "routed_on", ROUTE)
    fields = {"department": c.department, "scope": None, "assigned_on": day, "note": _text(c.note)}
    return [next_event(ev.PartAssigned, state, ctx, part=1, **fields)]


@_DECIDERS.decides(cmd.SplitEnquiry)
def _split(state: PolicyEnquiry, c: cmd.SplitEnquiry, ctx: Context) -> list[DomainEvent]:
    _unrouted(state, "transfer a part to move it on")
    if len(c.parts) < 2:
        raise RuleViolation("a split gives the question to at least two departments", code=ROUTE, field="parts")
    departments = [p.department for p in c.parts]
    if len(set(departments)) < len(departments):
        raise RuleViolation("each department answers one share of a split question", code=ROUTE, field="parts")
    for index, assignment in enumerate(c.parts):
        not_blank(assignment.department, f"parts[{index}].department")
        not_blank(assignment.scope, f"parts[{index}].scope")
    day = _dated(c.split_on, state.receipt_date, ctx, "split_on", ROUTE)
    events: list[DomainEvent] = []
    for number, assignment in enumerate(c.parts, start=1):
        events.append(
            ev.PartAssigned(
                originator_id=state.id,
                originator_version=state.version + number,
                timestamp=ctx.now,
                actor=ctx.actor,
                part=number,
                department=assignment.department,
                scope=assignment.scope,
                assigned_on=day,
                note=_text(c.note),
            )
        )
    return events


@_DECIDERS.decides(cmd.TransferPart)
def _transfer(state: PolicyEnquiry, c: cmd.TransferPart, ctx: Context) -> list[DomainEvent]:
    part = _open_part(state, c.part)
    not_blank(c.department, "department")
    not_blank(c.reason, "reason")
    if c.department == part.department:
        raise RuleViolation(f"part {c.part} is with {part.department} already", code=ROUTE, field="department")
    if any(p.department == c.department and p.is_open for p in state.parts):
        message = f"{c.department} has an open part of this question already; it answers one share"
        raise RuleViolation(message, code=ROUTE, field="department")
    day = _dated(c.transferred_on, part.stays[-1].entered_on, ctx, "transferred_on", ROUTE)
    fields = {"department": c.department, "transferred_on": day, "reason": c.reason}
    return [next_event(ev.PartTransferred, state, ctx, part=c.part, **fields)]


@_DECIDERS.decides(cmd.AnswerPart)
def _answer(state: PolicyEnquiry, c: cmd.AnswerPart, ctx: Context) -> list[DomainEvent]:
    part = _open_part(state, c.part)
    not_blank(c.answer, "answer")
    day = _dated(c.answered_on, part.stays[-1].entered_on, ctx, "answered_on", ROUTE)
    return [next_event(ev.PartAnswered, state, ctx, part=c.part, answer=c.answer, answered_on=day)]


@_DECIDERS.decides(cmd.ReplyToEnquiry)
def _reply(state: PolicyEnquiry, c: cmd.ReplyToEnquiry, ctx: Context) -> list[DomainEvent]:
    if state.status is EnquiryStatus.REPLIED:
        raise StepOutOfOrder(f"the question was replied to on {state.replied_on}", code="R-ENQ-REPLY")
    if state.status is EnquiryStatus.RECEIVED:
        raise RuleViolation("route the question to the department that answers it first", code=ROUTE)
    waiting = [f"{p.number} ({p.department})" for p in state.parts if p.is_open]
    if waiting:
        raise RuleViolation(f"parts not yet answered: {', '.join(waiting)}", code=ROUTE)
    not_blank(c.reply, "reply")
    last_answer = max(p.answered_on for p in state.parts if p.answered_on is not None)
    day = _dated(c.replied_on, last_answer, ctx, "replied_on", "R-ENQ-REPLY")
    return [next_event(ev.Replied, state, ctx, reply=c.reply, replied_on=day)]


@_DECIDERS.decides(cmd.SelectForPublication)
def _select(state: PolicyEnquiry, c: cmd.SelectForPublication, ctx: Context) -> list[DomainEvent]:
    if state.replied_on is None:
        raise StepOutOfOrder("only a question replied to may be selected for publication", code=PUBLISH)
    if state.publication is not None:
        raise StepOutOfOrder(f"the question is published since {state.publication.published_on}", code=PUBLISH)
    texts = {"public_title": c.public_title, "public_question": c.public_question, "public_reply": c.public_reply}
    for field, text in texts.items():
        not_blank(text, field)
        _without_personal_data(text, state.asker, field)
    day = _dated(c.published_on, state.replied_on, ctx, "published_on", PUBLISH)
    return [next_event(ev.SelectedForPublication, state, ctx, published_on=day, **texts)]


@_DECIDERS.decides(cmd.WithdrawPublication)
def _withdraw(state: PolicyEnquiry, c: cmd.WithdrawPublication, ctx: Context) -> list[DomainEvent]:
    if state.publication is None:
        raise StepOutOfOrder("the question is not published", code=PUBLISH)
    not_blank(c.reason, "reason")
    day = _dated(c.withdrawn_on, state.publication.published_on, ctx, "withdrawn_on", PUBLISH)
    return [next_event(ev.PublicationWithdrawn, state, ctx, withdrawn_on=day, reason=c.reason)]


def _open_part(state: PolicyEnquiry, number: int) -> Part:
    if state.replied_on is not None:
        raise StepOutOfOrder(f"the question was replied to on {state.replied_on}", code=ROUTE)
    part = state.part(number)
    if part is None:
        known = ", ".join(str(p.number) for p in state.parts) or "none: route it first"
        raise InvalidValue(f"the question has no part {number} (its parts: {known})", field="part")
    if not part.is_open:
        raise StepOutOfOrder(f"part {number} was answered by {part.department} on {part.answered_on}", code=ROUTE)
    return part


def _dated(day: date | None, earliest: date, ctx: Context, field: str, code: str) -> date:
    """The day a step was taken: today unless given, not in the future nor before the fact it follows."""
    taken = day or ctx.today
    step_dated(taken, earliest, ctx, field, code)
    return taken


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


MIN_DETAIL = 2
"""The shortest detail looked for in a public text: a one-character name (a surname alone) would match any text."""


def _without_personal_data(text: str, asker: PersonalData, field: str) -> None:
    """R-ENQ-PUBLISH: refuse a public text that holds any of the asker's details as recorded."""
    if asker.erased:
        return
    details = {"name": asker.name, "id_number": asker.id_number, "phone": asker.phone}
    details |= {"address": asker.address, "email": asker.email}
    found = [name for name, value in details.items() if value and len(value.strip()) >= MIN_DETAIL and value in text]
    if found:
        message = f"{field} holds the asker's {', '.join(found)}: remove personal data before publication"
        raise RuleViolation(message, code=PUBLISH, field=field)
