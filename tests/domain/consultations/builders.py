"""Fixture-free helpers for consultation tests: a draft document, a consultation opened on it, comments received and
disposed on chosen days, all folded from the decisions' events."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time

import attrs

from adapters.calendar_data import seed_tables
from domain.actors import Actor, Role
from domain.calendar import SHANGHAI, WorkingCalendar
from domain.consultation import commands as cmd
from domain.consultation.decisions import dispose, open_consultation, publish_report, receive_comment
from domain.consultation.rules import ConsultationRules
from domain.consultation.state import (
    COMMENT_BOXES,
    Comment,
    CommentBox,
    Consultation,
    box_number,
    evolve,
    evolve_box,
    evolve_comment,
)
from domain.consultation.values import CommentChannel, ConsultationCategory, Disposition
from domain.context import Context
from domain.document.state import Document, Publication, Revision
from domain.document.values import DocumentKind
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from tests.support import actor

CALENDAR = WorkingCalendar.of(seed_tables())
"""The real holiday tables, 2004–2026."""
RULES = ConsultationRules()
"""The defaults: 30 calendar days, 30 calendar days, 7 working days."""
ORGAN = "闵行区人力资源和社会保障局"

DRAFTER = actor(Role.DRAFTER, person_id="drafter-chen-jing", name="陈静")
"""Drafts the policy in the employment-promotion section and runs its consultation."""
CLERK = actor(Role.CLERK, person_id="clerk-li-na", name="李娜")
"""Enters the comments that come by letter or phone."""
PUBLIC = actor(Role.CLERK, person_id="public", name="公众")
"""Stands for the public endpoint in domain tests (the application acts as the system there)."""
PUBLISHER = actor(Role.PUBLISHER, person_id="publisher-wu-fang", name="吴芳")

DRAFT_TEXT = "关于进一步促进高校毕业生就业的若干措施（征求意见稿）"


def instant(day: date, at: time = time(10, 0)) -> datetime:
    """A UTC instant at a time of day in Asia/Shanghai."""
    return datetime.combine(day, at, tzinfo=SHANGHAI).astimezone(UTC)


def context(day: date, by: Actor = DRAFTER, at: time = time(10, 0)) -> Context:
    """Acting on a business date at a time of day (10:00 unless told)."""
    return Context(actor=by, now=instant(day, at), today=day, calendar=CALENDAR)


def draft(kind: DocumentKind = DocumentKind.POLICY, revisions: int = 1) -> Document:
    """A draft policy of the section, at its `revisions`-th revision, never published."""
    return Document(
        id=uuid.uuid4(),
        version=revisions + 1,
        organ=ORGAN,
        department="就业促进科",
        kind=kind,
        document_number=None,
        formed_on=date(2025, 2, 20),
        has_service_items=False,
        interprets=None,
        interpretation_form=None,
        revisions=tuple(
            Revision(number=n, drafter_id=DRAFTER.person_id, title="促进就业若干措施", changed_on=date(2025, 2, 20))
            for n in range(1, revisions + 1)
        ),
    )


def published(document: Document, on: date, revision: int | None = None) -> Document:
    """The document with a revision (by default its current one) published on a day."""
    return attrs.evolve(
        document, publication=Publication(revision or document.current.number, "policies", on), first_published_on=on
    )


def opening(
    closes_on: date,
    category: ConsultationCategory = ConsultationCategory.OTHER_NORMATIVE,
    *,
    revision: int = 1,
    urgency_reason: str | None = None,
    channels: tuple[CommentChannel, ...] = (CommentChannel.ONLINE, CommentChannel.LETTER, CommentChannel.PHONE),
    draft_interpretation: str = "一问一答：本措施适用于哪些毕业生？",
) -> cmd.OpenConsultation:
    """A command opening a consultation on a draft's revision."""
    return cmd.OpenConsultation(
        consultation_id=uuid.uuid4(),
        document_id=uuid.uuid4(),
        revision=revision,
        category=category,
        draft_interpretation=draft_interpretation,
        closes_on=closes_on,
        channels=channels,
        urgency_reason=urgency_reason,
    )


def opened(
    document: Document, day: date, command: cmd.OpenConsultation, rules: ConsultationRules = RULES
) -> Consultation:
    """A consultation opened on a day, folded from its event."""
    return evolve(None, open_consultation(document, DRAFT_TEXT, command, context(day), rules))


def comment_by(
    name: str = "张三",
    channel: CommentChannel = CommentChannel.ONLINE,
    text: str = "建议将灵活就业人员纳入补贴范围。",
    received_at: datetime | None = None,
) -> cmd.SubmitComment:
    """A comment from a member of the public."""
    return cmd.SubmitComment(
        comment_id=uuid.uuid4(),
        channel=channel,
        commenter=PersonalData(name=name, phone="13800000000", person_id=uuid.uuid4().hex),
        comment=text,
        received_at=received_at,
    )


@attrs.define
class Book:
    """A consultation with its comments and comment boxes, as the store would hold them."""

    consultation: Consultation
    boxes: dict[int, CommentBox | None] = attrs.field(factory=lambda: dict.fromkeys(range(COMMENT_BOXES)))
    comments: dict[uuid.UUID, Comment] = attrs.field(factory=dict)

    def apply(self, events: Iterable[DomainEvent]) -> None:
        """Fold events into whichever stream they belong to."""
        for event in events:
            if event.originator_id == self.consultation.id:
                self.consultation = evolve(self.consultation, event)
            elif event.type_name.startswith("consultation_comment_box."):
                number = event.number  # type: ignore[attr-defined]
                self.boxes[number] = evolve_box(self.boxes[number], event)
            else:
                self.comments[event.originator_id] = evolve_comment(self.comments.get(event.originator_id), event)

    def receive(self, command: cmd.SubmitComment, ctx: Context) -> list[DomainEvent]:
        """Decide and fold a comment."""
        events = receive_comment(self.consultation, self.boxes[box_number(command.comment_id)], command, ctx)
        self.apply(events)
        return events

    def dispose(self, comment_id: uuid.UUID, disposition: Disposition, reason: str, ctx: Context) -> list[DomainEvent]:
        """Decide and fold a disposition."""
        command = cmd.DisposeComment(disposition=disposition, reason=reason)
        events = dispose(self.comments[comment_id], self.consultation, command, ctx)
        self.apply(events)
        return events

    def report(self, document: Document, ctx: Context, summary: str = "") -> list[DomainEvent]:
        """Decide and fold the adoption report."""
        command = cmd.PublishAdoptionReport(summary=summary)
        events = publish_report(self.consultation, document, self.boxes, self.comments, command, ctx)
        self.apply(events)
        return events
