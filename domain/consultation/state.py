"""The states of a consultation, a comment and a comment box, each folded from its own stream's events."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID, uuid5

import attrs

from domain.actors import Actor
from domain.calendar import SHANGHAI
from domain.consultation import events as ev
from domain.consultation.values import CommentChannel, ConsultationCategory, Disposition, ReportItem
from domain.events import DomainEvent
from domain.personal_data import PersonalData

COMMENT_BOXES = 8
"""How many boxes list a consultation's comments: commenters writing at the same moment rarely meet in one, and
one that meets another is decided again, so no commenter is ever refused for someone else's comment."""


def box_id(consultation_id: UUID, number: int) -> UUID:
    """The stream id of one of a consultation's comment boxes."""
    return uuid5(consultation_id, f"comment-box-{number}")


def box_number(comment_id: UUID) -> int:
    """The box a comment is listed in."""
    return comment_id.int % COMMENT_BOXES


@attrs.frozen
class AdoptionReport:
    """意见采纳情况 as published."""

    published_on: date
    document_revision: int
    items: tuple[ReportItem, ...]
    summary: str


@attrs.frozen
class Consultation:
    """A consultation as it stands at one version."""

    id: UUID
    version: int
    organ: str
    department: str
    document_id: UUID
    revision: int
    category: ConsultationCategory
    title: str
    text: str
    draft_interpretation: str
    opened_at: datetime
    opens_on: date
    closes_on: date
    channels: tuple[CommentChannel, ...]
    urgency_reason: str | None
    opened_by: Actor
    report: AdoptionReport | None = None

    @property
    def closes_at(self) -> datetime:
        """The instant the window shuts: the end of `closes_on` in Asia/Shanghai."""
        return datetime.combine(self.closes_on + timedelta(days=1), time(0), tzinfo=SHANGHAI)

    def is_open(self, today: date) -> bool:
        """Whether comments are accepted on this business date (R-CON-WINDOW)."""
        return self.opens_on <= today <= self.closes_on and self.report is None


def evolve(state: Consultation | None, event: DomainEvent) -> Consultation:
    """The consultation after one more event."""
    if isinstance(event, ev.Opened):
        if state is not None:
            raise TypeError("a consultation opens once")
        return Consultation(
            id=event.originator_id,
            version=event.originator_version,
            organ=event.organ,
            department=event.department,
            document_id=event.document_id,
            revision=event.revision,
            category=event.category,
            title=event.title,
            text=event.text,
            draft_interpretation=event.draft_interpretation,
            opened_at=event.timestamp,
            opens_on=event.opens_on,
            closes_on=event.closes_on,
            channels=event.channels,
            urgency_reason=event.urgency_reason,
            opened_by=event.actor,
        )
    if state is None or not isinstance(event, ev.AdoptionReportPublished):
        raise TypeError(f"no fold for {event.type_name} on a consultation")
    report = AdoptionReport(event.published_on, event.document_revision, event.items, event.summary)
    return attrs.evolve(state, version=event.originator_version, report=report)


@attrs.frozen
class Comment:
    """One comment and its disposition."""

    id: UUID
    version: int
    organ: str
    department: str
    consultation_id: UUID
    closes_on: date
    channel: CommentChannel
    received_at: datetime
    commenter: PersonalData
    text: str
    disposition: Disposition | None = None
    reason: str | None = None
    disposed_by: Actor | None = None


def evolve_comment(state: Comment | None, event: DomainEvent) -> Comment:
    """The comment after one more event."""
    if isinstance(event, ev.CommentReceived):
        if state is not None:
            raise TypeError("a comment is received once")
        return Comment(
            id=event.originator_id,
            version=event.originator_version,
            organ=event.organ,
            department=event.department,
            consultation_id=event.consultation_id,
            closes_on=event.closes_on,
            channel=event.channel,
            received_at=event.received_at,
            commenter=event.commenter,
            text=event.text,
        )
    if state is None or not isinstance(event, ev.CommentDisposed):
        raise TypeError(f"no fold for {event.type_name} on a comment")
    return attrs.evolve(
        state,
        version=event.originator_version,
        disposition=event.disposition,
        reason=event.reason,
        disposed_by=event.actor,
    )


@attrs.frozen
class CommentBox:
    """One of a consultation's comment boxes: the comments listed in it, and whether the report closed it."""

    id: UUID
    version: int
    organ: str
    consultation_id: UUID
    number: int
    comment_ids: tuple[UUID, ...] = ()
    sealed: bool = False


def evolve_box(state: CommentBox | None, event: DomainEvent) -> CommentBox:
    """The box after one more event."""
    if not isinstance(event, ev.CommentFiled | ev.BoxSealed):
        raise TypeError(f"no fold for {event.type_name} on a comment box")
    base = state or CommentBox(event.originator_id, 0, event.organ, event.consultation_id, event.number)
    if isinstance(event, ev.CommentFiled):
        return attrs.evolve(base, version=event.originator_version, comment_ids=(*base.comment_ids, event.comment_id))
    return attrs.evolve(base, version=event.originator_version, sealed=True)
