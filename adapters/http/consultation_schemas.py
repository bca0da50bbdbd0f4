"""Request and response bodies of consultations, for staff and for the public."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from adapters.http.derived import body_without
from adapters.http.events_out import ActorOut
from application.consultation_worklist import Page
from application.consultations import CommentView, ConsultationView
from domain.actors import Actor
from domain.consultation.commands import DisposeComment, OpenConsultation, PublishAdoptionReport
from domain.consultation.state import AdoptionReport, Comment, Consultation
from domain.consultation.values import CommentChannel, ConsultationCategory, Disposition, ReportItem
from domain.personal_data import PersonalData

NewConsultation = body_without(
    OpenConsultation,
    "consultation_id",
    name="NewConsultation",
    doc="A consultation on the current draft revision of a policy or normative document, as its drafter opens it: "
    "the last day comments are taken, the channels, and an urgency reason if the period is shorter than R-CON-PERIOD "
    "allows (it is published with the consultation).",
    module=__name__,
)


@attrs.frozen(kw_only=True)
class StaffCommentIn:
    """A comment that came by letter, phone, e-mail, fax or in person, as staff enter it while the consultation is
    open; `received_at` when it arrived earlier than it is entered (not before the consultation opened)."""

    channel: CommentChannel
    commenter: PersonalData
    comment: str
    received_at: datetime | None = None


@attrs.frozen(kw_only=True)
class PublicCommentIn:
    """A comment sent by a member of the public while the consultation is open; their name and contact details are
    kept as personal data, never published."""

    commenter: PersonalData
    comment: str


def _actor(actor: Actor | None) -> ActorOut | None:
    return ActorOut(person_id=actor.person_id, name=actor.name, role=actor.role.value) if actor else None


@attrs.frozen(kw_only=True)
class AdoptionReportOut:
    """意见采纳情况: how many comments were adopted, partly adopted and not adopted, and each one's reason, by the
    receipt id its commenter was given; never who commented or what they wrote."""

    consultation_id: UUID
    published_on: date
    document_id: UUID
    document_revision: int
    """The revision of the document published as final."""
    adopted: int
    partly_adopted: int
    not_adopted: int
    items: tuple[ReportItem, ...]
    summary: str

    @classmethod
    def of(cls, consultation: Consultation, report: AdoptionReport) -> AdoptionReportOut:
        """From the consultation's report."""
        counts = {d: sum(1 for i in report.items if i.disposition is d) for d in Disposition}
        return cls(
            consultation_id=consultation.id,
            published_on=report.published_on,
            document_id=consultation.document_id,
            document_revision=report.document_revision,
            adopted=counts[Disposition.ADOPTED],
            partly_adopted=counts[Disposition.PARTLY_ADOPTED],
            not_adopted=counts[Disposition.NOT_ADOPTED],
            items=report.items,
            summary=report.summary,
        )


@attrs.frozen(kw_only=True)
class CommentOut:
    """A comment as staff see it; `commenter` is null for those who may not read commenters' personal data."""

    id: UUID
    version: int
    position: int | None
    """After a step: the log position of its last event (pass it as `position` to a list to see it there)."""
    consultation_id: UUID
    channel: CommentChannel
    received_at: datetime
    commenter: PersonalData | None
    comment: str
    disposition: Disposition | None
    reason: str | None
    disposed_by: ActorOut | None

    @classmethod
    def of(cls, view: CommentView, position: int | None = None) -> CommentOut:
        """From the application's view of a comment."""
        c: Comment = view.comment
        return cls(
            id=c.id,
            version=c.version,
            position=position,
            consultation_id=c.consultation_id,
            channel=c.channel,
            received_at=c.received_at,
            commenter=view.commenter,
            comment=c.text,
            disposition=c.disposition,
            reason=c.reason,
            disposed_by=_actor(c.disposed_by),
        )


@attrs.frozen(kw_only=True)
class PublicConsultationOut:
    """A consultation as the public reads it: the draft, its interpretation, the period and how to comment."""

    id: UUID
    organ: str
    department: str
    document_id: UUID
    revision: int
    category: ConsultationCategory
    title: str
    text: str
    """The draft as put to the public."""
    draft_interpretation: str
    opens_on: date
    closes_on: date
    """The last day comments are taken."""
    closes_at: datetime
    """The instant the window shuts: the end of `closes_on` in Asia/Shanghai."""
    channels: tuple[CommentChannel, ...]
    urgency_reason: str | None
    """Why the period is shorter than R-CON-PERIOD's minimum, when it is."""
    open: bool
    """Whether comments are taken today."""
    report_published: bool

    @classmethod
    def of(cls, c: Consultation, today: date) -> PublicConsultationOut:
        """From the consultation, judged on today's date."""
        return cls(
            id=c.id,
            organ=c.organ,
            department=c.department,
            document_id=c.document_id,
            revision=c.revision,
            category=c.category,
            title=c.title,
            text=c.text,
            draft_interpretation=c.draft_interpretation,
            opens_on=c.opens_on,
            closes_on=c.closes_on,
            closes_at=c.closes_at,
            channels=c.channels,
            urgency_reason=c.urgency_reason,
            open=c.is_open(today),
            report_published=c.report is not None,
        )


@attrs.frozen(kw_only=True)
class ConsultationOut:
    """A consultation as staff see it, with who opened it, every comment and the adoption report once out."""

    id: UUID
    version: int
    position: int | None
    """After a step: the log position of its last event."""
    organ: str
    department: str
    document_id: UUID
    revision: int
    category: ConsultationCategory
    title: str
    text: str
    draft_interpretation: str
    opened_at: datetime
    opened_by: ActorOut
    opens_on: date
    closes_on: date
    closes_at: datetime
    channels: tuple[CommentChannel, ...]
    urgency_reason: str | None
    open: bool
    comments: tuple[CommentOut, ...]
    awaiting_disposition: int
    """How many comments have no disposition yet."""
    report: AdoptionReportOut | None

    @classmethod
    def of(cls, view: ConsultationView, today: date, position: int | None = None) -> ConsultationOut:
        """From the application's view, judged on today's date."""
        c = view.state
        public = attrs.asdict(PublicConsultationOut.of(c, today), recurse=False)
        del public["report_published"]
        opened_by = _actor(c.opened_by)
        assert opened_by is not None
        return cls(
            **public,
            version=c.version,
            position=position,
            opened_at=c.opened_at,
            opened_by=opened_by,
            comments=tuple(CommentOut.of(v) for v in view.comments),
            awaiting_disposition=sum(1 for v in view.comments if v.comment.disposition is None),
            report=AdoptionReportOut.of(c, c.report) if c.report else None,
        )


@attrs.frozen(kw_only=True)
class CommentReceipt:
    """回执: what a commenter keeps — the comment's id, under which the adoption report gives its disposition."""

    comment_id: UUID
    consultation_id: UUID
    received_at: datetime


@attrs.frozen(kw_only=True)
class ConsultationItemOut:
    """One line of a list of consultations."""

    id: UUID
    organ: str
    department: str
    title: str
    category: ConsultationCategory
    opens_on: date
    closes_on: date
    open: bool
    report_published: bool

    @classmethod
    def of(cls, c: Consultation, today: date) -> ConsultationItemOut:
        """From the consultation, judged on today's date."""
        return cls(
            id=c.id,
            organ=c.organ,
            department=c.department,
            title=c.title,
            category=c.category,
            opens_on=c.opens_on,
            closes_on=c.closes_on,
            open=c.is_open(today),
            report_published=c.report is not None,
        )


@attrs.frozen(kw_only=True)
class ConsultationPageOut:
    """A page of consultations, soonest closing first, in the page shape every list of the API has."""

    items: tuple[ConsultationItemOut, ...]
    total: int
    page: int
    page_size: int
    position: int
    """The log position this page reflects, at least (pass it back as `position` to read no older)."""

    @classmethod
    def of(cls, page: Page[Consultation], today: date) -> ConsultationPageOut:
        """From the application's page."""
        return cls(
            items=tuple(ConsultationItemOut.of(c, today) for c in page.items),
            total=page.total,
            page=page.page,
            page_size=page.page_size,
            position=page.position,
        )


@attrs.frozen(kw_only=True)
class AwaitingCommentOut:
    """A comment still awaiting its disposition, without who made it."""

    id: UUID
    consultation_id: UUID
    organ: str
    department: str
    channel: CommentChannel
    received_at: datetime
    closes_on: date
    """Its consultation's last day: after it, the comment is late for its disposition."""


@attrs.frozen(kw_only=True)
class AwaitingCommentPageOut:
    """A page of comments awaiting their disposition, by their consultation's closing day."""

    items: tuple[AwaitingCommentOut, ...]
    total: int
    page: int
    page_size: int
    position: int
    """The log position this page reflects, at least."""

    @classmethod
    def of(cls, page: Page[Comment]) -> AwaitingCommentPageOut:
        """From the application's page."""
        items = tuple(
            AwaitingCommentOut(
                id=c.id,
                consultation_id=c.consultation_id,
                organ=c.organ,
                department=c.department,
                channel=c.channel,
                received_at=c.received_at,
                closes_on=c.closes_on,
            )
            for c in page.items
        )
        return cls(items=items, total=page.total, page=page.page, page_size=page.page_size, position=page.position)


_COMMENTER = {"name": "陈静", "phone": "13800000000", "email": "chenjing@example.com"}
CONSULTATION_EXAMPLES: dict[type, dict[str, Any]] = {
    NewConsultation: {
        "document_id": "7d4e1c52-3f7a-4b8e-9c1d-2a6b5e8f0c13",
        "revision": 1,
        "category": "business_related",
        "draft_interpretation": "一问一答：本办法适用于哪些企业？答：在本区注册并吸纳高校毕业生就业的各类企业。",
        "closes_on": "2025-04-02",
        "channels": ["online", "letter", "phone"],
    },
    StaffCommentIn: {
        "channel": "letter",
        "commenter": _COMMENTER,
        "comment": "建议将灵活就业的高校毕业生纳入补贴范围。",
        "received_at": "2025-03-04T09:30:00+08:00",
    },
    PublicCommentIn: {"commenter": _COMMENTER, "comment": "建议简化补贴申领材料，推行一网通办。"},
    DisposeComment: {"disposition": "partly_adopted", "reason": "已简化申领材料；灵活就业人员补贴另行制定办法"},
    PublishAdoptionReport: {"summary": "征求意见期间共收到意见12条，采纳5条，部分采纳4条，未采纳3条。"},
}
"""The example of each consultation request body, merged into adapters/http/examples.py."""
