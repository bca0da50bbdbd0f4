"""/api/v1/audit: the decision history of any record of any aggregate, for auditors."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import attrs
from litestar import Controller, get
from litestar.params import FromPath, Parameter

from adapters.http.events_out import EventOut
from adapters.http.markers import Caller, Core
from application.audit import AuditEntry, AuditTrail, DueAsKnown


@attrs.frozen(kw_only=True)
class DueAsKnownOut:
    """A due date of the record as it stood, derived with the holiday tables known then."""

    what: str
    rule: str
    """The RULES.md code that sets it."""
    due: date | None
    provisional: bool
    """True when it runs into a year whose holiday table was not loaded then (R-COUNT-3)."""
    derivation: str

    @classmethod
    def of(cls, due: DueAsKnown) -> DueAsKnownOut:
        """From the application's due date."""
        return cls(what=due.what, rule=due.rule, due=due.due, provisional=due.provisional, derivation=due.derivation)


@attrs.frozen(kw_only=True)
class AuditEntryOut:
    """One event of the record with the record's state after it."""

    event: EventOut
    label: str
    """The event type's Chinese name."""
    status: str | None
    """The record's status (or stage) after the event, where its kind has one."""
    status_label: str | None
    state_after: dict[str, Any]

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        """From the application's entry."""
        return cls(
            event=EventOut.of_record(entry.event),
            label=entry.label,
            status=entry.status,
            status_label=entry.status_label,
            state_after=entry.state_after,
        )


@attrs.frozen(kw_only=True)
class AuditTrailOut:
    """A record's decision history, every event in order, with its due dates as they stood."""

    record_type: str
    record_type_label: str
    record_id: UUID
    known_at: datetime | None
    """The instant the holiday tables were taken as known at; null for now."""
    due_dates: tuple[DueAsKnownOut, ...]
    entries: tuple[AuditEntryOut, ...]

    @classmethod
    def of(cls, trail: AuditTrail) -> AuditTrailOut:
        """From the application's trail."""
        return cls(
            record_type=trail.stream_type,
            record_type_label=trail.stream_label,
            record_id=trail.stream_id,
            known_at=trail.known_at,
            due_dates=tuple(DueAsKnownOut.of(d) for d in trail.due_dates),
            entries=tuple(AuditEntryOut.of(e) for e in trail.entries),
        )


class AuditController(Controller):
    """审计: auditors replay any record's decisions as they were taken."""

    path = "/api/v1/audit"
    tags = ("audit",)

    @get("/records/{record_id:uuid}", operation_id="getAuditTrail", sync_to_thread=True)
    def trail(
        self,
        gongkai: Core,
        credential: Caller,
        record_id: FromPath[UUID],
        as_of_version: Annotated[
            int | None, Parameter(ge=1, le=2**31 - 1, description="the record as it stood at this version")
        ] = None,
        as_of: Annotated[datetime | None, Parameter(description="the record as it stood at this instant")] = None,
    ) -> AuditTrailOut:
        """Any record (application, document, catalogue, staff directory, calendar…): every event in order with time,
        person, role and fields, the state after each, and its due dates as the holiday tables known then gave them."""
        return AuditTrailOut.of(gongkai.audit.trail(credential, record_id, version=as_of_version, moment=as_of))
