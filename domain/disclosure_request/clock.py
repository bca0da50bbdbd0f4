"""The reply clock: due dates derived from events and the calendar at read time (R-COUNT-4)."""

from __future__ import annotations

from datetime import date

import attrs

from domain.calendar import DueDate, WorkingCalendar
from domain.disclosure_request.rules import RequestRules
from domain.disclosure_request.state import Consultation, DisclosureRequest, FeeNotice
from domain.disclosure_request.values import Channel, ConsultedParty, Status

_HOW_RECEIVED = {
    Channel.IN_PERSON: "handed in that day",
    Channel.POST: "signed for by the organ that day",
    Channel.POST_UNSIGNED: "an ordinary letter, its receipt confirmed with the applicant that day",
    Channel.ONLINE: "online, confirmed by both sides that day",
    Channel.FAX: "by fax, confirmed by both sides that day",
}
"""How the receipt date was fixed (R-REQ-RECEIPT), in a clerk's words."""


@attrs.frozen
class ReplyClock:
    """The reply due date with every step of how it was derived, in a clerk's words."""

    due: date | None
    provisional: bool
    stopped: bool
    derivation: tuple[str, ...]
    assumption: str | None = None
    """What a provisional due date assumed of a year whose holiday table is not loaded (R-COUNT-3)."""


def correction_notice_due(state: DisclosureRequest, calendar: WorkingCalendar, rules: RequestRules) -> DueDate:
    """The last day on which a correction notice may be sent (R-REQ-CORRECT)."""
    return calendar.add_working_days(state.receipt_date, rules.correction_notice_working_days)


def correction_deadline(state: DisclosureRequest, calendar: WorkingCalendar) -> DueDate | None:
    """The last day to correct: the date the notice gave, or the next working day when it is not one (R-COUNT-2)."""
    if state.correct_by is None:
        return None
    return calendar.on_or_next_working_day(state.correct_by)


def consultation_answer_due(consultation: Consultation, calendar: WorkingCalendar, rules: RequestRules) -> DueDate:
    """The last day of a consulted party's answer period (R-REQ-THIRDPARTY, R-REQ-ORGANS)."""
    start = consultation.letter_received_on or consultation.letter_sent_on
    return calendar.add_working_days(start, rules.consultation_answer_working_days)


def fee_payment_due(notice: FeeNotice, calendar: WorkingCalendar, rules: RequestRules) -> DueDate:
    """The last day to pay a fee before the application is deemed abandoned: counted from the day after the applicant
    received the notice, or after it was sent while that is not known (R-REQ-FEE)."""
    return calendar.add_working_days(notice.received_on or notice.sent_on, rules.fee_payment_working_days)


def _consultation_pause(c: Consultation, calendar: WorkingCalendar, rules: RequestRules) -> tuple[frozenset[date], str]:
    who = "third party" if c.party is ConsultedParty.THIRD_PARTY else "other organ"
    answer_due = consultation_answer_due(c, calendar, rules).due
    if c.answered_on is not None and c.answered_on <= answer_due:
        end, how = c.answered_on, f"answered on {c.answered_on}"
    elif c.answered_on is not None:
        end, how = answer_due, f"answered late on {c.answered_on}; counted through its answer period, {answer_due}"
    else:
        end, how = answer_due, f"no answer yet; counted through the end of its answer period, {answer_due}"
    days = calendar.working_days_in(c.letter_sent_on, end)
    text = (
        f"Consultation {c.consultation_id} ({who}): letter sent {c.letter_sent_on}, {how}: "
        f"{len(days)} working days not counted."
    )
    return days, text


def _fee_pause(notice: FeeNotice, calendar: WorkingCalendar, rules: RequestRules) -> tuple[frozenset[date], str]:
    if notice.settled_on is not None:
        end, how = notice.settled_on, f"settled on {notice.settled_on}"
    else:
        end = fee_payment_due(notice, calendar, rules).due
        received = f"received {notice.received_on}, " if notice.received_on else "receipt not known, "
        how = f"{received}unpaid; counted through the payment deadline, {end}"
    days = calendar.working_days_in(notice.sent_on, end)
    return days, f"Fee notice sent {notice.sent_on}, {how}: {len(days)} working days not counted."


def reply_clock(
    state: DisclosureRequest, calendar: WorkingCalendar, rules: RequestRules, today: date | None = None
) -> ReplyClock:
    """The reply due date of a request and how it was derived (R-REQ-REPLY and the rules that move it).

    Given `today`, the clock counts as stopped only while a consultation may still be answered.
    """
    steps = [_received(state)]
    deadline = correction_deadline(state, calendar)
    if deadline is not None and state.corrected_on is None:
        moved = "" if deadline.due == state.correct_by else f" ({state.correct_by} is not a working day)"
        steps.append(
            f"Correction notice sent {state.correction_sent_on}; the applicant has until {deadline.due}{moved}. "
            "The reply period restarts when the corrected application arrives."
        )
        return ReplyClock(None, False, state.is_open, tuple(steps))
    start = state.receipt_date
    if state.corrected_on is not None:
        start = state.corrected_on
        late = ""
        if state.correction_late_reason:
            late = f", after its deadline, accepted for this reason: {state.correction_late_reason}"
        steps.append(f"Corrected application received {start}{late}: the reply period restarts from that day.")
    period = rules.reply_working_days + state.extension_days
    steps.append(f"Reply within {rules.reply_working_days} working days, not counting the day of receipt.")
    if state.extension_days:
        steps.append(f"Extended once by {state.extension_days} working days.")
    paused: frozenset[date] = frozenset()
    pauses = [_consultation_pause(c, calendar, rules) for c in state.consultations]
    if state.fee_notice is not None:
        pauses.append(_fee_pause(state.fee_notice, calendar, rules))
    for days, text in pauses:
        paused |= days
        steps.append(text)
    counted = calendar.add_working_days(start, period, skip=frozenset(d for d in paused if d > start))
    due, provisional, assumption = counted.due, counted.provisional, counted.assumption
    if state.later_due is not None and state.later_due > due:
        due, provisional, assumption = state.later_due, False, None
        steps.append(f"Excessive application: a later due date, {due}, was set and notified.")
    steps.append(f"Due on {due}" + (f" (provisional: {assumption})." if assumption else "."))
    stopped = state.status is Status.AWAITING_FEE or any(
        c.answered_on is None and (today is None or today <= consultation_answer_due(c, calendar, rules).due)
        for c in state.consultations
    )
    return ReplyClock(due, provisional, stopped and state.is_open, tuple(steps), assumption)


def _received(state: DisclosureRequest) -> str:
    text = f"Received on {state.receipt_date}: {_HOW_RECEIVED[state.channel]}."
    if state.late_confirmation_reason:
        text += f" Confirmed late, after the day the letter arrived: {state.late_confirmation_reason}."
    return text


def delivered_on_time(state: DisclosureRequest, calendar: WorkingCalendar, rules: RequestRules) -> bool | None:
    """Whether the reply was handed over or posted by the due date (R-REQ-DELIVERY)."""
    if state.delivered_on is None:
        return None
    due = reply_clock(state, calendar, rules).due
    return due is not None and state.delivered_on <= due
