"""审计: the decision history of any record of any aggregate, one way for all, for auditors.

Every event of the record in order, each in its full form (time, person, role, fields) with the record's state
after it; the record as it stood at an instant or a version, with its open due dates derived again with the holiday
tables known at that instant (the same `replay` every "as it stood" view uses).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from application.calendar import CalendarBook
from application.errors import NotFound
from application.event_forms import Audience, EventRecord, record_of
from application.permissions import Operation, acting
from application.plain_json import state_body
from application.ports import Clock, EventStore
from application.replay import replay
from application.request_view import build_view
from application.settings import Settings
from application.streams import STREAM_TYPES, stream_type_of
from domain.calendar import WorkingCalendar, business_date
from domain.disclosure_request.state import DisclosureRequest
from domain.document.deadlines import deadlines
from domain.document.stage import stage
from domain.document.state import Document
from domain.labels import EVENT_LABELS, STREAM_LABELS, label
from domain.policy_enquiry.deadlines import reply_due
from domain.policy_enquiry.state import PolicyEnquiry
from domain.staff import Credential


@attrs.frozen
class DueAsKnown:
    """A due date of a record, derived with the calendar as it was known at the moment the record is shown as of."""

    what: str
    rule: str
    due: date | None
    provisional: bool
    derivation: str


@attrs.frozen
class AuditEntry:
    """One event of a record's history with the state it left the record in."""

    event: EventRecord
    label: str
    """The event type's Chinese name."""
    status: str | None
    """The record's status (or stage) after the event, where its kind has one."""
    status_label: str | None
    state_after: Any


@attrs.frozen
class AuditTrail:
    """A record's decision history up to a version or instant (the whole of it by default)."""

    stream_type: str
    stream_label: str
    stream_id: UUID
    entries: tuple[AuditEntry, ...]
    known_at: datetime | None
    """The instant the holiday tables are taken as known at: None for now."""
    due_dates: tuple[DueAsKnown, ...]
    """The record's due dates as they stood (requests and documents; none for other kinds)."""


DueDates = Callable[[Any, WorkingCalendar, Settings, date], tuple[DueAsKnown, ...]]


def _request_due_dates(
    state: DisclosureRequest, calendar: WorkingCalendar, settings: Settings, today: date
) -> tuple[DueAsKnown, ...]:
    view = build_view(state, [], calendar, settings.request_rules(state.organ), today)
    found = [
        DueAsKnown("reply", "R-REQ-REPLY", view.clock.due, view.clock.provisional, " ".join(view.clock.derivation))
    ]
    if view.correction_notice_due is not None:
        found.append(DueAsKnown("correction_notice", "R-REQ-CORRECT", view.correction_notice_due, False, ""))
    for consultation in view.consultations:
        what = f"consultation {consultation.consultation.consultation_id} answer"
        found.append(DueAsKnown(what, "R-REQ-THIRDPARTY", consultation.answer_due, False, ""))
    if view.fee is not None:
        found.append(DueAsKnown("fee_payment", "R-REQ-FEE", view.fee.payment_due, False, ""))
    return tuple(found)


def _document_due_dates(
    state: Document, calendar: WorkingCalendar, settings: Settings, today: date
) -> tuple[DueAsKnown, ...]:
    rules = settings.document_rules(state.organ)
    return tuple(
        DueAsKnown(d.what, d.rule, d.due, d.provisional, d.derivation) for d in deadlines(state, calendar, rules)
    )


def _enquiry_due_dates(
    state: PolicyEnquiry, calendar: WorkingCalendar, settings: Settings, today: date
) -> tuple[DueAsKnown, ...]:
    due = reply_due(state, calendar, settings.enquiry_rules(state.organ))
    return (DueAsKnown("reply", "R-ENQ-REPLY", due.due, due.provisional, due.assumption or ""),)


DUE_DATES: dict[str, DueDates] = {
    "disclosure_request": _request_due_dates,
    "document": _document_due_dates,
    "policy_enquiry": _enquiry_due_dates,
}
"""How each kind of record with due dates derives them."""


def _status(state: Any) -> enum.StrEnum | None:
    if isinstance(state, Document):
        return stage(state)
    status = getattr(state, "status", None)
    return status if isinstance(status, enum.StrEnum) else None


class Audit:
    """Auditors' reading of any record's history (R-ROLE: the auditor role only)."""

    def __init__(self, store: EventStore, calendars: CalendarBook, clock: Clock, settings: Settings) -> None:
        self._store = store
        self._calendars = calendars
        self._clock = clock
        self._settings = settings

    def trail(
        self, credential: Credential, stream_id: UUID, *, version: int | None = None, moment: datetime | None = None
    ) -> AuditTrail:
        """The history of the record with this id, of whatever kind, now or up to a version or instant."""
        acting(credential, Operation.READ_AUDIT_TRAIL)
        first = self._store.history(stream_id, up_to_version=1)
        if not first:
            raise NotFound(f"no record {stream_id}")
        name = stream_type_of(first[0].type_name)
        stream = next(s for s in STREAM_TYPES if s.name == name)
        found = replay(self._store, self._calendars, stream, stream_id, version=version, moment=moment)
        entries = []
        state: Any = None
        for event in found.history:
            state = stream.evolve(state, event)
            status = _status(state)
            entries.append(
                AuditEntry(
                    event=record_of(event, Audience.FULL),
                    label=EVENT_LABELS.get(event.type_name, event.type_name),
                    status=status.value if status else None,
                    status_label=label(status) if status else None,
                    state_after=state_body(state),
                )
            )
        derive = DUE_DATES.get(name)
        today = business_date(found.known_at or self._clock.now())
        due = derive(found.state, found.calendar, self._settings, today) if derive else ()
        return AuditTrail(name, STREAM_LABELS.get(name, name), stream_id, tuple(entries), found.known_at, due)
