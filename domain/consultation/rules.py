"""The configurable numbers of the consultation rules, with their statutory defaults."""

from __future__ import annotations

import attrs


@attrs.frozen
class ConsultationRules:
    """An organ's settings for R-CON-PERIOD; each default is the number the law or the plan gives."""

    major_decision_calendar_days: int = 30
    """重大行政决策程序暂行条例 Art. 15: at least 30 calendar days."""
    business_related_calendar_days: int = 30
    """Documents closely tied to business operations: at least 30 calendar days."""
    normative_working_days: int = 7
    """Other normative documents: at least 7 working days."""
