"""What a decision knows besides the state: who acts, when, and the calendar in force."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from domain.actors import Actor
from domain.calendar import WorkingCalendar
from domain.disclosure_request.rules import RequestRules
from domain.document.rules import DocumentRules


@attrs.frozen
class Context:
    """The acting person, the instant (UTC), the business date (Asia/Shanghai) and the rules in force."""

    actor: Actor
    now: datetime
    today: date
    calendar: WorkingCalendar
    request_rules: RequestRules = attrs.field(factory=RequestRules)
    document_rules: DocumentRules = attrs.field(factory=DocumentRules)
