"""The events of a consultation, of each comment, and of the comment boxes that list a consultation's comments."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from domain.consultation.values import CommentChannel, ConsultationCategory, Disposition, ReportItem
from domain.events import DomainEvent
from domain.personal_data import PersonalData

PREFIX = "consultation."
COMMENT_PREFIX = "consultation_comment."
BOX_PREFIX = "consultation_comment_box."


@attrs.frozen(kw_only=True)
class Opened(DomainEvent):
    """征求意见: a draft revision of a document and its draft interpretation put to the public until a day."""

    type_name = PREFIX + "opened"
    public_fields = frozenset(
        {"organ", "department", "document_id", "revision", "category", "opens_on", "closes_on", "channels", "shortened"}
    )
    organ: str
    department: str
    document_id: UUID
    revision: int
    """The draft revision consulted on (R-CON-DRAFT)."""
    category: ConsultationCategory
    title: str
    text: str
    """The draft's text as put to the public."""
    draft_interpretation: str
    """草案解读, published with the draft (R-CON-DRAFT)."""
    opens_on: date
    closes_on: date
    """The last day comments are accepted (Asia/Shanghai)."""
    channels: tuple[CommentChannel, ...]
    shortened: bool
    """Shorter than R-CON-PERIOD's minimum: `urgency_reason` says why, and is published with the consultation."""
    urgency_reason: str | None


@attrs.frozen(kw_only=True)
class AdoptionReportPublished(DomainEvent):
    """意见采纳情况: what was done with every comment, published after the final document."""

    type_name = PREFIX + "adoption_report_published"
    public_fields = frozenset({"published_on", "document_revision", "adopted", "partly_adopted", "not_adopted"})
    published_on: date
    document_revision: int
    """The revision of the document published as final."""
    adopted: int
    partly_adopted: int
    not_adopted: int
    items: tuple[ReportItem, ...]
    """Each comment's disposition and reason, without the comment's text or who made it."""
    summary: str


@attrs.frozen(kw_only=True)
class CommentReceived(DomainEvent):
    """A comment received while the consultation was open, with its channel and time (R-CON-WINDOW)."""

    type_name = COMMENT_PREFIX + "received"
    public_fields = frozenset({"organ", "department", "consultation_id", "closes_on", "channel", "received_at"})
    organ: str
    department: str
    consultation_id: UUID
    closes_on: date
    """The consultation's last day, after which the comment awaits its disposition (the worklist's due date)."""
    channel: CommentChannel
    received_at: datetime
    commenter: PersonalData
    text: str


@attrs.frozen(kw_only=True)
class CommentDisposed(DomainEvent):
    """A comment's one disposition, with the reason (R-CON-ADOPT)."""

    type_name = COMMENT_PREFIX + "disposed"
    public_fields = frozenset({"consultation_id", "disposition"})
    consultation_id: UUID
    disposition: Disposition
    reason: str


@attrs.frozen(kw_only=True)
class CommentFiled(DomainEvent):
    """A comment was listed in one of its consultation's comment boxes, in the same step as its receipt."""

    type_name = BOX_PREFIX + "comment_filed"
    public_fields = frozenset({"organ", "consultation_id", "number", "comment_id"})
    organ: str
    consultation_id: UUID
    number: int
    comment_id: UUID


@attrs.frozen(kw_only=True)
class BoxSealed(DomainEvent):
    """A comment box closed with the adoption report: a comment still on its way is refused, not left out."""

    type_name = BOX_PREFIX + "sealed"
    public_fields = frozenset({"organ", "consultation_id", "number"})
    organ: str
    consultation_id: UUID
    number: int


EVENT_TYPES: tuple[type[DomainEvent], ...] = (Opened, AdoptionReportPublished)
COMMENT_EVENT_TYPES: tuple[type[DomainEvent], ...] = (CommentReceived, CommentDisposed)
BOX_EVENT_TYPES: tuple[type[DomainEvent], ...] = (CommentFiled, BoxSealed)
