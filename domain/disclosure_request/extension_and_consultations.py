"""The one extension and the consultations that stop the clock (R-REQ-EXTEND, R-REQ-THIRDPARTY, R-REQ-ORGANS)."""

from __future__ import annotations

from domain.context import Context
from domain.deciding import next_event, not_blank, step_dated
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as ev
from domain.disclosure_request.clock import reply_clock
from domain.disclosure_request.guards import DECIDERS, period_start, require_clock_running
from domain.disclosure_request.state import Consultation, DisclosureRequest
from domain.disclosure_request.values import ConsultedParty, Position
from domain.errors import InvalidValue, NotPermitted, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent

EXTEND = "R-REQ-EXTEND"
THIRD_PARTY = "R-REQ-THIRDPARTY"


@DECIDERS.decides(cmd.GrantExtension)
def _grant_extension(state: DisclosureRequest, c: cmd.GrantExtension, ctx: Context) -> list[DomainEvent]:
    """Who may approve is the permission table's (the head of the disclosure office); that it is not the case's own
    handler depends on the case, so it is decided here."""
    require_clock_running(state)
    if ctx.actor.person_id == state.handler_id:
        raise NotPermitted("the handler of a request may not approve its extension", code=EXTEND)
    if state.extension_days:
        raise RuleViolation("a request is extended once only", code=EXTEND)
    most = ctx.request_rules.max_extension_working_days
    if not 1 <= c.working_days <= most:
        raise RuleViolation(f"an extension is 1 to {most} working days", code=EXTEND, field="working_days")
    not_blank(c.reason, "reason")
    due = reply_clock(state, ctx.calendar, ctx.request_rules).due
    assert due is not None
    decided_on = c.decided_on or ctx.today
    step_dated(decided_on, period_start(state), ctx, "decided_on", EXTEND)
    if decided_on > due:
        message = f"an extension is decided on or before the reply is due, {due}; it was decided {decided_on}"
        raise RuleViolation(message, code=EXTEND, field="decided_on")
    step_dated(c.notified_on, decided_on, ctx, "notified_on", EXTEND)
    if c.notified_on > due:
        raise RuleViolation(f"the applicant is told on or before {due}", code=EXTEND, field="notified_on")
    fields = {"working_days": c.working_days, "reason": c.reason, "notified_on": c.notified_on}
    return [next_event(ev.ExtensionGranted, state, ctx, handler_id=state.handler_id, decided_on=decided_on, **fields)]


def consultation_code(party: ConsultedParty) -> str:
    """The rule a consultation of this party follows."""
    return THIRD_PARTY if party is ConsultedParty.THIRD_PARTY else "R-REQ-ORGANS"


@DECIDERS.decides(cmd.StartConsultation)
def _start_consultation(state: DisclosureRequest, c: cmd.StartConsultation, ctx: Context) -> list[DomainEvent]:
    third = c.party is ConsultedParty.THIRD_PARTY
    require_clock_running(state)
    if third and (c.third_party is None or c.organ_name):
        raise InvalidValue("a third-party consultation names the third party, not an organ", field="third_party")
    if not third and (not (c.organ_name or "").strip() or c.third_party is not None):
        raise InvalidValue("an organ consultation names the organ", field="organ_name")
    not_blank(c.subject, "subject")
    step_dated(c.letter_sent_on, period_start(state), ctx, "letter_sent_on", consultation_code(c.party))
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


def _open_consultation(state: DisclosureRequest, consultation_id: str) -> Consultation:
    found = state.consultation(consultation_id)
    if found is None:
        raise InvalidValue(f"no consultation {consultation_id} on this request", field="consultation_id")
    if found.answered_on is not None:
        raise StepOutOfOrder(f"consultation {consultation_id} was answered on {found.answered_on}")
    return found


@DECIDERS.decides(cmd.RecordLetterReceived)
def _letter_received(state: DisclosureRequest, c: cmd.RecordLetterReceived, ctx: Context) -> list[DomainEvent]:
    found = _open_consultation(state, c.consultation_id)
    if found.letter_received_on is not None:
        raise StepOutOfOrder(f"receipt of the letter was recorded as {found.letter_received_on}")
    step_dated(c.received_on, found.letter_sent_on, ctx, "received_on", consultation_code(found.party))
    fields = {"consultation_id": c.consultation_id, "received_on": c.received_on}
    return [next_event(ev.ConsultationLetterReceived, state, ctx, **fields)]


@DECIDERS.decides(cmd.RecordConsultationAnswer)
def _answer(state: DisclosureRequest, c: cmd.RecordConsultationAnswer, ctx: Context) -> list[DomainEvent]:
    found = _open_consultation(state, c.consultation_id)
    received = found.letter_received_on or found.letter_sent_on
    step_dated(c.answered_on, received, ctx, "answered_on", consultation_code(found.party))
    if c.position is Position.OBJECTS and not c.reason.strip():
        raise InvalidValue("an objection states its reason", field="reason")
    fields = {"answered_on": c.answered_on, "position": c.position, "reason": c.reason}
    return [next_event(ev.ConsultationAnswered, state, ctx, consultation_id=c.consultation_id, **fields)]


@DECIDERS.decides(cmd.NotifyPublicInterestOverride)
def _override(state: DisclosureRequest, c: cmd.NotifyPublicInterestOverride, ctx: Context) -> list[DomainEvent]:
    require_clock_running(state)
    found = state.consultation(c.consultation_id)
    if found is None or found.position is not Position.OBJECTS or found.party is not ConsultedParty.THIRD_PARTY:
        message = f"consultation {c.consultation_id} holds no third-party objection to override"
        raise RuleViolation(message, code=THIRD_PARTY, field="consultation_id")
    if found.override_notified:
        raise StepOutOfOrder("the third party was already notified")
    assert found.answered_on is not None
    step_dated(c.notified_on, found.answered_on, ctx, "notified_on", THIRD_PARTY)
    not_blank(c.to_be_disclosed, "to_be_disclosed")
    not_blank(c.reason, "reason")
    fields = {"to_be_disclosed": c.to_be_disclosed, "reason": c.reason, "notified_on": c.notified_on}
    return [next_event(ev.PublicInterestOverrideNotified, state, ctx, consultation_id=c.consultation_id, **fields)]
