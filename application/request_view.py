"""A disclosure request as a clerk reads it: status, due dates and how they were derived."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from domain.calendar import WorkingCalendar
from domain.disclosure_request.clock import (
    ReplyClock,
    consultation_answer_due,
    correction_notice_due,
    delivered_on_time,
    fee_payment_due,
    reply_clock,
)
from domain.disclosure_request.rules import RequestRules
from domain.disclosure_request.state import Consultation, DisclosureRequest, FeeNotice
from domain.events import DomainEvent


@attrs.frozen
class ConsultationView:
    """A consultation with the end of its answer period."""

    consultation: Consultation
    answer_due: date


@attrs.frozen
class FeeView:
    """The fee notice with its amount and payment deadline."""

    notice: FeeNotice
    payment_due: date

    @property
    def amount(self) -> Decimal:
        """What the applicant is asked to pay."""
        return self.notice.amount


@attrs.frozen
class RequestView:
    """Everything the case page shows."""

    state: DisclosureRequest
    clock: ReplyClock
    correction_notice_due: date | None
    consultations: tuple[ConsultationView, ...]
    fee: FeeView | None
    delivered_on_time: bool | None
    history: tuple[DomainEvent, ...]
    history_complete: bool
    """False when `history` holds only the events a step just recorded."""
    personal_data: bool
    """Whether the reader may see the applicant's and third parties' personal data; when not, every form of this
    view leaves it out."""


def build_view(
    state: DisclosureRequest,
    history: list[DomainEvent],
    calendar: WorkingCalendar,
    rules: RequestRules,
    today: date | None = None,
    history_complete: bool = True,
    personal_data: bool = False,
) -> RequestView:
    """Derive the view of a case from its state, history, calendar and rules (R-COUNT-4)."""
    notice_due = None
    if state.is_open and state.correction_sent_on is None:
        notice_due = correction_notice_due(state, calendar, rules).due
    fee = None
    if state.fee_notice is not None:
        fee = FeeView(state.fee_notice, fee_payment_due(state.fee_notice, calendar, rules).due)
    return RequestView(
        state=state,
        clock=reply_clock(state, calendar, rules, today),
        correction_notice_due=notice_due,
        consultations=tuple(
            ConsultationView(c, consultation_answer_due(c, calendar, rules).due) for c in state.consultations
        ),
        fee=fee,
        delivered_on_time=delivered_on_time(state, calendar, rules),
        history=tuple(history),
        history_complete=history_complete,
        personal_data=personal_data,
    )
