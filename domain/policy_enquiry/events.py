"""The events of a policy enquiry, each stored under a stable type name."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.policy_enquiry.values import EnquiryChannel

PREFIX = "policy_enquiry."


@attrs.frozen(kw_only=True)
class Received(DomainEvent):
    """收到留言: a question arrived by a channel; its receipt date starts the reply period (R-ENQ-REPLY).

    The question is the asker's own words and may name them: private until an edited text is published."""

    type_name = PREFIX + "received"
    public_fields = frozenset({"organ", "channel", "receipt_date"})
    organ: str
    channel: EnquiryChannel
    arrived_at: datetime
    receipt_date: date
    receipt_code: str
    """留言编号: what the asker is given to quote when they ask after their question."""
    asker: PersonalData
    question: str


@attrs.frozen(kw_only=True)
class PartAssigned(DomainEvent):
    """转办 / 分办: the question, or one share of it, was sent to the department that answers it (R-ENQ-ROUTE)."""

    type_name = PREFIX + "part_assigned"
    public_fields = frozenset({"part", "department", "assigned_on"})
    part: int
    department: str
    scope: str | None
    """The share of the question this department answers, when it was split; None for the whole question."""
    assigned_on: date
    note: str | None


@attrs.frozen(kw_only=True)
class PartTransferred(DomainEvent):
    """A part was moved on from the department that had it to another, with the reason (R-ENQ-ROUTE)."""

    type_name = PREFIX + "part_transferred"
    public_fields = frozenset({"part", "department", "transferred_on"})
    part: int
    department: str
    transferred_on: date
    reason: str


@attrs.frozen(kw_only=True)
class PartAnswered(DomainEvent):
    """A department answered its part of the question."""

    type_name = PREFIX + "part_answered"
    public_fields = frozenset({"part", "answered_on"})
    part: int
    answered_on: date
    answer: str


@attrs.frozen(kw_only=True)
class Replied(DomainEvent):
    """最终回复: the asker was given the final reply (R-ENQ-REPLY)."""

    type_name = PREFIX + "replied"
    public_fields = frozenset({"replied_on"})
    replied_on: date
    reply: str


@attrs.frozen(kw_only=True)
class SelectedForPublication(DomainEvent):
    """选登: a replied question was published in an edited text without the asker's personal data (R-ENQ-PUBLISH).

    The edited texts are public by the act this event records, so integrators see them."""

    type_name = PREFIX + "selected_for_publication"
    public_fields = frozenset({"published_on", "public_title", "public_question", "public_reply"})
    published_on: date
    public_title: str
    public_question: str
    public_reply: str


@attrs.frozen(kw_only=True)
class PublicationWithdrawn(DomainEvent):
    """A published question was taken down again, with the reason; it may be selected again later."""

    type_name = PREFIX + "publication_withdrawn"
    public_fields = frozenset({"withdrawn_on"})
    withdrawn_on: date
    reason: str


EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    Received,
    PartAssigned,
    PartTransferred,
    PartAnswered,
    Replied,
    SelectedForPublication,
    PublicationWithdrawn,
)
