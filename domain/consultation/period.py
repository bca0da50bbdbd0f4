"""征求意见期限: the shortest period a consultation may run (R-CON-PERIOD), counted on the working calendar."""

from __future__ import annotations

from datetime import date

from domain.calendar import DueDate, WorkingCalendar
from domain.consultation.rules import ConsultationRules
from domain.consultation.values import ConsultationCategory


def earliest_close(
    category: ConsultationCategory, opens_on: date, calendar: WorkingCalendar, rules: ConsultationRules
) -> DueDate:
    """The first day a consultation opened on `opens_on` may close without an urgency reason.

    The opening day is not counted (R-COUNT-1); a period of calendar days whose last day is not a working day runs
    to the next working day (R-COUNT-2).
    """
    if category is ConsultationCategory.OTHER_NORMATIVE:
        return calendar.add_working_days(opens_on, rules.normative_working_days)
    days = {
        ConsultationCategory.MAJOR_DECISION: rules.major_decision_calendar_days,
        ConsultationCategory.BUSINESS_RELATED: rules.business_related_calendar_days,
    }[category]
    return calendar.end_of_calendar_day_period(opens_on, days)
