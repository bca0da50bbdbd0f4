"""Commands about a consultation and its comments, in the imperative."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from domain.consultation.values import CommentChannel, ConsultationCategory, Disposition
from domain.personal_data import PersonalData


@attrs.frozen(kw_only=True)
class OpenConsultation:
    """Put a draft revision of a document and its draft interpretation to the public until `closes_on`."""

    consultation_id: UUID
    document_id: UUID
    revision: int
    category: ConsultationCategory
    draft_interpretation: str
    closes_on: date
    channels: tuple[CommentChannel, ...]
    urgency_reason: str | None = None


@attrs.frozen(kw_only=True)
class SubmitComment:
    """Record a comment: from the public endpoint, or entered by staff from a letter, call, e-mail or visit."""

    comment_id: UUID
    channel: CommentChannel
    commenter: PersonalData
    comment: str
    """What the commenter says."""
    received_at: datetime | None = None
    """When it arrived, if before it is entered (never before the consultation opened); now when not given."""


@attrs.frozen(kw_only=True)
class DisposeComment:
    """Give a comment its one disposition, with the reason."""

    disposition: Disposition
    reason: str


@attrs.frozen(kw_only=True)
class PublishAdoptionReport:
    """Publish what was done with every comment, once the final document is published."""

    summary: str = ""
