"""When an enquiry's final reply is due, and how long a part has waited in a department's queue: derived from the
state and the calendar at read time, never stored (R-COUNT-4)."""

from __future__ import annotations

from datetime import date

from domain.calendar import ONE_DAY, DueDate, WorkingCalendar
from domain.policy_enquiry.rules import EnquiryRules
from domain.policy_enquiry.state import PolicyEnquiry
from domain.policy_enquiry.values import Stay


def reply_due(state: PolicyEnquiry, calendar: WorkingCalendar, rules: EnquiryRules) -> DueDate:
    """R-ENQ-REPLY: the N-th working day after the receipt date (R-COUNT-1), N the organ's setting (5)."""
    return calendar.add_working_days(state.receipt_date, rules.enquiry_reply_working_days)


def is_overdue(state: PolicyEnquiry, calendar: WorkingCalendar, rules: EnquiryRules, today: date) -> bool:
    """Not replied to and past its due date."""
    return state.replied_on is None and reply_due(state, calendar, rules).due < today


def replied_late(state: PolicyEnquiry, calendar: WorkingCalendar, rules: EnquiryRules) -> bool:
    """Replied to after its due date."""
    return state.replied_on is not None and state.replied_on > reply_due(state, calendar, rules).due


def working_days_in_queue(stay: Stay, calendar: WorkingCalendar, today: date) -> int:
    """The working days a part spent in one department's queue: after the day it arrived, through the day it left
    (or today, while it is still there), as a period is counted (R-COUNT-1)."""
    return len(calendar.working_days_in(stay.entered_on, stay.left_on or today))


def received_before_due_on_or_after(day: date, calendar: WorkingCalendar, rules: EnquiryRules) -> date:
    """The earliest receipt date whose reply is due on or after `day`: the N-th working day before it.

    A later receipt never has an earlier due date, so an enquiry received before this date is due before `day`, and
    one received on it or later is due on `day` or after: a read model filters on the receipt date it keeps, and no
    due date is stored (R-COUNT-4)."""
    counted, candidate = 0, day
    while counted < rules.enquiry_reply_working_days:
        candidate -= ONE_DAY
        if calendar.is_working_day(candidate):
            counted += 1
    return candidate
