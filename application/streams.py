"""The kinds of event stream the one log holds: each with its events, state and fold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from domain import catalogue, erasure, monthly_return, report_publication, staff, working_calendar
from domain.consultation import events as consultation_events
from domain.consultation import state as consultation_state
from domain.disclosure_request import events as request_events
from domain.disclosure_request import register
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.state import evolve as evolve_request
from domain.document import events as document_events
from domain.document.state import Document
from domain.document.state import evolve as evolve_document
from domain.events import DomainEvent
from domain.open_day import events as open_day_events
from domain.open_day import state as open_day_state
from domain.policy_enquiry import events as enquiry_events
from domain.policy_enquiry import state as enquiry_state
from domain.staff import events as staff_events
from domain.staff import state as staff_state

S = TypeVar("S")


@attrs.frozen
class StreamType(Generic[S]):
    """A kind of aggregate: its stable name, state type, event types and fold."""

    name: str
    state_type: type[S]
    event_types: tuple[type[DomainEvent], ...]
    evolve: Callable[[S | None, DomainEvent], S]
    snapshot_interval: int | None = None
    fold_version: int = 1
    """Rises whenever the state's shape or the fold changes: snapshots and read-model rows made by another version are
    never read as this one's (an old snapshot is passed over and the stream folded from its events)."""

    @property
    def snapshot_type_name(self) -> str:
        """The stable name under which snapshots of this stream's fold version are stored."""
        return f"{self.name}.snapshot" + (f".v{self.fold_version}" if self.fold_version > 1 else "")

    def is_snapshot_of_another_fold(self, type_name: str) -> bool:
        """Whether a stored type name is a snapshot of this stream made by another version of its fold."""
        return type_name != self.snapshot_type_name and (
            type_name == f"{self.name}.snapshot" or type_name.startswith(f"{self.name}.snapshot.v")
        )


DISCLOSURE_REQUEST: StreamType[DisclosureRequest] = StreamType(
    name="disclosure_request",
    state_type=DisclosureRequest,
    event_types=request_events.EVENT_TYPES,
    evolve=evolve_request,
    snapshot_interval=50,
    fold_version=2,
)
WORKING_CALENDAR: StreamType[working_calendar.CalendarHistory] = StreamType(
    name="working_calendar",
    state_type=working_calendar.CalendarHistory,
    event_types=(working_calendar.YearLoaded,),
    evolve=working_calendar.evolve,
)
STAFF_CREDENTIAL: StreamType[staff.Credential] = StreamType(
    name="staff",
    state_type=staff.Credential,
    event_types=(staff.CredentialIssued, staff.CredentialRevoked),
    evolve=staff.evolve,
)
"""A token's own stream, as written before the staff directory; read only to import it into the directory."""
STAFF_DIRECTORY: StreamType[staff.Directory] = StreamType(
    name="staff_directory",
    state_type=staff.Directory,
    event_types=staff_events.DIRECTORY_EVENTS,
    evolve=staff_state.evolve_directory,
    snapshot_interval=50,
)

DOCUMENT: StreamType[Document] = StreamType(
    name="document",
    state_type=Document,
    event_types=document_events.EVENT_TYPES,
    evolve=evolve_document,
    snapshot_interval=50,
    fold_version=3,
)
REQUEST_REGISTER: StreamType[register.Register] = StreamType(
    name="request_register",
    state_type=register.Register,
    event_types=register.EVENT_TYPES,
    evolve=register.evolve,
    snapshot_interval=50,
)
CATALOGUE: StreamType[catalogue.Catalogue] = StreamType(
    name="catalogue",
    state_type=catalogue.Catalogue,
    event_types=catalogue.EVENT_TYPES,
    evolve=catalogue.evolve,
)

CONSULTATION: StreamType[consultation_state.Consultation] = StreamType(
    name="consultation",
    state_type=consultation_state.Consultation,
    event_types=consultation_events.EVENT_TYPES,
    evolve=consultation_state.evolve,
)
CONSULTATION_COMMENT: StreamType[consultation_state.Comment] = StreamType(
    name="consultation_comment",
    state_type=consultation_state.Comment,
    event_types=consultation_events.COMMENT_EVENT_TYPES,
    evolve=consultation_state.evolve_comment,
)
"""One comment's own stream: people commenting at once never write the same stream."""
CONSULTATION_COMMENT_BOX: StreamType[consultation_state.CommentBox] = StreamType(
    name="consultation_comment_box",
    state_type=consultation_state.CommentBox,
    event_types=consultation_events.BOX_EVENT_TYPES,
    evolve=consultation_state.evolve_box,
    snapshot_interval=50,
)
"""One of the boxes that list a consultation's comments, so the adoption report finds them all."""

ERASURE: StreamType[erasure.Erasure] = StreamType(
    name="personal_data",
    state_type=erasure.Erasure,
    event_types=erasure.EVENT_TYPES,
    evolve=erasure.evolve,
)
"""The record of one person's erasure (their data itself is never in it)."""

OPEN_DAY: StreamType[open_day_state.OpenDay] = StreamType(
    name="open_day",
    state_type=open_day_state.OpenDay,
    event_types=open_day_events.OPEN_DAY_EVENTS,
    evolve=open_day_state.evolve_open_day,
)
OPEN_DAY_REGISTRATION: StreamType[open_day_state.Registration] = StreamType(
    name="open_day_registration",
    state_type=open_day_state.Registration,
    event_types=open_day_events.REGISTRATION_EVENTS,
    evolve=open_day_state.evolve_registration,
)
"""One registration's own stream: strangers registering at once never write the same stream."""
OPEN_DAY_CLAIM: StreamType[open_day_state.Claim] = StreamType(
    name="open_day_claim",
    state_type=open_day_state.Claim,
    event_types=open_day_events.CLAIM_EVENTS,
    evolve=open_day_state.evolve_claim,
)
"""One person's claim on one open day: two registrations by the same person conflict here, and only here."""
OPEN_DAY_NOTICES: StreamType[open_day_state.Notices] = StreamType(
    name="open_day_notice",
    state_type=open_day_state.Notices,
    event_types=open_day_events.NOTICE_EVENTS,
    evolve=open_day_state.evolve_notices,
)
"""What one registrant was told."""

POLICY_ENQUIRY: StreamType[enquiry_state.PolicyEnquiry] = StreamType(
    name="policy_enquiry",
    state_type=enquiry_state.PolicyEnquiry,
    event_types=enquiry_events.EVENT_TYPES,
    evolve=enquiry_state.evolve,
)
"""A question on the policy message board (政策留言板)."""

ANNUAL_REPORT: StreamType[report_publication.PublishedReport] = StreamType(
    name="annual_report",
    state_type=report_publication.PublishedReport,
    event_types=report_publication.EVENT_TYPES,
    evolve=report_publication.evolve,
)
"""An organ's annual report for a year, as published (each publication's figures and digest)."""

MONTHLY_RETURN: StreamType[monthly_return.MonthlyReturn] = StreamType(
    name="monthly_return",
    state_type=monthly_return.MonthlyReturn,
    event_types=monthly_return.EVENT_TYPES,
    evolve=monthly_return.evolve,
)
"""An organ's counts of decisions by department and its fee income, for a month (table 2 of the annual report)."""

STREAM_TYPES: tuple[StreamType[Any], ...] = (
    DISCLOSURE_REQUEST,
    WORKING_CALENDAR,
    STAFF_CREDENTIAL,
    STAFF_DIRECTORY,
    DOCUMENT,
    CONSULTATION,
    CONSULTATION_COMMENT,
    CONSULTATION_COMMENT_BOX,
    CATALOGUE,
    REQUEST_REGISTER,
    ERASURE,
    POLICY_ENQUIRY,
    OPEN_DAY,
    OPEN_DAY_REGISTRATION,
    OPEN_DAY_CLAIM,
    OPEN_DAY_NOTICES,
    ANNUAL_REPORT,
    MONTHLY_RETURN,
)


def stream_type_of(event_type_name: str) -> str:
    """The stream type of an event type name: `disclosure_request.received` → `disclosure_request`."""
    return event_type_name.split(".", 1)[0]
