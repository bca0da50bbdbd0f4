"""Handling, the reply and what follows it (R-REQ-CONFERENCE, R-REQ-CONTACT, R-REQ-OUTCOME, R-REQ-THIRDPARTY,
R-REQ-DELIVERY, R-REQ-REVIEW)."""

from __future__ import annotations

from datetime import date

from domain import reviews
from domain.context import Context
from domain.deciding import instant_in_past, next_event, not_blank, step_dated
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as ev
from domain.disclosure_request.clock import consultation_answer_due
from domain.disclosure_request.extension_and_consultations import consultation_code
from domain.disclosure_request.guards import DECIDERS, period_start, require_clock_running
from domain.disclosure_request.outcome_rules import check_outcome
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import (
    ConferenceSide,
    ConsultedParty,
    Outcome,
    OutcomeCategory,
    Position,
    Status,
)
from domain.errors import InvalidValue, RuleViolation, StepOutOfOrder
from domain.events import DomainEvent
from domain.reviews import ReviewKind, ReviewTarget

OUTCOME = "R-REQ-OUTCOME"
THIRD_PARTY_RIGHTS = 4
"""The non-disclosure ground that withholds a third party's part (Art. 15)."""


@DECIDERS.decides(cmd.HoldConference)
def _conference(state: DisclosureRequest, c: cmd.HoldConference, ctx: Context) -> list[DomainEvent]:
    missing = set(ConferenceSide) - {m.side for m in c.members}
    if missing:
        names = ", ".join(sorted(missing))
        message = f"a joint conference brings in the {names} side(s) too"
        raise RuleViolation(message, code="R-REQ-CONFERENCE", field="members")
    step_dated(c.held_on, state.receipt_date, ctx, "held_on", "R-REQ-CONFERENCE")
    not_blank(c.conclusion, "conclusion")
    return [next_event(ev.ConferenceHeld, state, ctx, held_on=c.held_on, members=c.members, conclusion=c.conclusion)]


@DECIDERS.decides(cmd.RecordContact)
def _contact(state: DisclosureRequest, c: cmd.RecordContact, ctx: Context) -> list[DomainEvent]:
    instant_in_past(c.occurred_at, ctx, "occurred_at")
    not_blank(c.summary, "summary")
    return [next_event(ev.ContactRecorded, state, ctx, kind=c.kind, occurred_at=c.occurred_at, summary=c.summary)]


@DECIDERS.decides(cmd.Reply)
def _reply(state: DisclosureRequest, c: cmd.Reply, ctx: Context) -> list[DomainEvent]:
    require_clock_running(state)
    if state.status is Status.AWAITING_FEE:
        raise StepOutOfOrder("the request awaits payment of its fee", code="R-REQ-FEE")
    step_dated(c.replied_on, period_start(state), ctx, "replied_on", OUTCOME)
    if state.last_step_on is not None and c.replied_on < state.last_step_on:
        message = f"a reply is dated on or after the case's last step, {state.last_step_on}"
        raise RuleViolation(message, code=OUTCOME, field="replied_on")
    _check_reply(state, c.outcome, c.replied_on, ctx)
    return [next_event(ev.Replied, state, ctx, replied_on=c.replied_on, outcome=c.outcome)]


def _check_reply(state: DisclosureRequest, outcome: Outcome, on: date, ctx: Context) -> None:
    check_outcome(outcome, state)
    if outcome.discloses:
        _check_consultations_allow_disclosure(state, outcome, on, ctx)


def _check_consultations_allow_disclosure(state: DisclosureRequest, outcome: Outcome, on: date, ctx: Context) -> None:
    """Nothing is disclosed while a consulted party may still answer; after a third party's objection only its part
    is withheld (a partial disclosure on ground 4), unless the public interest overrides and it was told."""
    withholds_third_party = (
        outcome.category is OutcomeCategory.PARTIALLY_DISCLOSED and THIRD_PARTY_RIGHTS in outcome.withheld_grounds
    )
    for found in state.consultations:
        code = consultation_code(found.party)
        if found.answered_on is None:
            answer_due = consultation_answer_due(found, ctx.calendar, ctx.request_rules).due
            if on <= answer_due:
                message = f"consultation {found.consultation_id} may still be answered until {answer_due}"
                raise RuleViolation(message, code=code)
        objected = found.position is Position.OBJECTS and found.party is ConsultedParty.THIRD_PARTY
        if objected and not found.override_notified and not withholds_third_party:
            raise RuleViolation(
                f"the third party of {found.consultation_id} objected: withhold its part (a partial disclosure on "
                f"ground {THIRD_PARTY_RIGHTS}), or disclose it only in the public interest after telling it in "
                "writing what will be disclosed and why",
                code=code,
            )


@DECIDERS.decides(cmd.CorrectReply)
def _correct_reply(state: DisclosureRequest, c: cmd.CorrectReply, ctx: Context) -> list[DomainEvent]:
    """Who may correct is the permission table's (the head of the disclosure office)."""
    if not state.replied or state.outcome is None or state.closed_on is None:
        raise StepOutOfOrder("only a reply is corrected; this request has none", code=OUTCOME)
    if c.outcome == state.outcome:
        raise StepOutOfOrder("the reply already has this outcome", code=OUTCOME, field="outcome")
    corrected_on = c.corrected_on or ctx.today
    step_dated(corrected_on, state.closed_on, ctx, "corrected_on", OUTCOME)
    not_blank(c.reason, "reason")
    _check_reply(state, c.outcome, state.closed_on, ctx)
    fields = {"corrected_on": corrected_on, "outcome": c.outcome, "reason": c.reason.strip()}
    return [next_event(ev.ReplyCorrected, state, ctx, **fields)]


@DECIDERS.decides(cmd.RecordDelivery)
def _delivery(state: DisclosureRequest, c: cmd.RecordDelivery, ctx: Context) -> list[DomainEvent]:
    if state.status is not Status.REPLIED:
        raise StepOutOfOrder(f"only a decided reply is delivered; the request is {state.status}")
    assert state.closed_on is not None
    step_dated(c.delivered_on, state.closed_on, ctx, "delivered_on", "R-REQ-DELIVERY")
    return [next_event(ev.Delivered, state, ctx, method=c.method, delivered_on=c.delivered_on)]


@DECIDERS.decides(reviews.FileReview)
def _file_review(state: DisclosureRequest, c: reviews.FileReview, ctx: Context) -> list[DomainEvent]:
    against = c.against or ReviewTarget.REPLY
    earliest = _challengeable_since(state, against, c)
    review_id = reviews.check_filing(state.reviews, c, against, earliest, ctx)
    fields = {"kind": c.kind, "filed_on": c.filed_on, "body": c.body, "against": against, "follows": c.follows}
    return [next_event(ev.ReviewFiled, state, ctx, review_id=review_id, **fields)]


def _challengeable_since(state: DisclosureRequest, against: ReviewTarget, c: reviews.FileReview) -> date:
    """The first day the target can be challenged: the reply's, or receipt for a failure to reply, which is filed
    while the case is still open (不作为)."""
    if against is ReviewTarget.REPLY:
        if not state.replied or state.closed_on is None:
            message = "a reconsideration or lawsuit challenges a reply; there is none yet"
            raise StepOutOfOrder(message, code=reviews.CODE)
        return state.closed_on
    if against is ReviewTarget.FAILURE_TO_REPLY:
        open_on_filing = state.closed_on is None or c.filed_on < state.closed_on
        if not open_on_filing and c.kind is not ReviewKind.LITIGATION_AFTER_RECONSIDERATION:
            message = f"a failure to reply is challenged while the case is open; it closed on {state.closed_on}"
            raise RuleViolation(message, code=reviews.CODE, field="filed_on")
        return state.receipt_date
    raise InvalidValue("a disclosure request's reply, or its failure to reply, is challenged", field="against")


@DECIDERS.decides(reviews.DecideReview)
def _decide_review(state: DisclosureRequest, c: reviews.DecideReview, ctx: Context) -> list[DomainEvent]:
    reviews.check_decision(state.reviews, c, ctx)
    fields = {"review_id": c.review_id, "result": c.result, "decided_on": c.decided_on}
    return [next_event(ev.ReviewDecided, state, ctx, **fields)]
