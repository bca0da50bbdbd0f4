"""Request and response bodies of the policy message board's API (step bodies are the domain's commands)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from uuid import UUID

import attrs

from adapters.http.derived import body_without
from adapters.http.events_out import EventOut, HistoryScope
from application.enquiries import EnquirySaved, EnquiryView
from application.enquiry_list import EnquiryListItem, EnquiryListPage
from application.enquiry_queues import UNROUTED, DepartmentCount, QueueItem, QueuePage
from application.enquiry_receipts import Receipt
from application.publications import excerpt
from application.published_enquiries import EnquiryHit, EnquiryHitPage
from domain.personal_data import PersonalData
from domain.policy_enquiry.commands import ReceiveEnquiry
from domain.policy_enquiry.values import EnquiryChannel, EnquiryStatus, Part

NewEnquiry = body_without(
    ReceiveEnquiry,
    "enquiry_id",
    name="NewEnquiry",
    doc="A question that came by the hotline, by letter or in person, as staff enter it: when it arrived, from whom.",
    module=__name__,
)
PublicQuestion = body_without(
    ReceiveEnquiry,
    "enquiry_id",
    "channel",
    "arrived_at",
    name="PublicQuestion",
    doc="A question on the policy message board from a member of the public: to which organ, from whom, what.",
    module=__name__,
)


@attrs.frozen(kw_only=True)
class StayOut:
    """A part's time in one department's queue, in working days (until today while it is still there)."""

    department: str
    entered_on: date
    left_on: date | None
    waiting: bool
    working_days: int


@attrs.frozen(kw_only=True)
class PartOut:
    """One department's part of the question: its share, where it went, and the answer."""

    number: int
    scope: str | None
    """The share this department answers, when the question was split (分办); null for the whole question."""
    department: str
    answer: str | None
    answered_on: date | None
    stays: tuple[StayOut, ...]


@attrs.frozen(kw_only=True)
class PublicationOut:
    """选登: what is published of the question, and since when."""

    published_on: date
    title: str
    question: str
    reply: str


@attrs.frozen(kw_only=True)
class EnquiryOut:
    """A policy enquiry with its reply due date derived now, each part's queues and its history."""

    id: UUID
    version: int
    position: int | None
    status: EnquiryStatus
    organ: str
    channel: EnquiryChannel
    arrived_at: datetime
    receipt_date: date
    receipt_code: str
    asker: PersonalData | None
    """Who asked: only for roles that may read personal data (the disclosure office and auditors), else null."""
    question: str
    reply_due: date
    reply_due_provisional: bool
    reply_due_assumption: str | None
    overdue: bool
    replied_late: bool
    parts: tuple[PartOut, ...]
    reply: str | None
    replied_on: date | None
    publication: PublicationOut | None
    history_scope: HistoryScope
    history: tuple[EventOut, ...]

    @classmethod
    def of(cls, view: EnquiryView, saved: EnquirySaved | None = None) -> EnquiryOut:
        """From the application's view (after a step, with what it saved)."""
        s = view.state
        working = iter(stay.working_days for _, stay in view.stays)  # part by part, stay by stay
        publication = s.publication
        return cls(
            id=s.id,
            version=s.version,
            position=saved.position if saved else None,
            status=s.status,
            organ=s.organ,
            channel=s.channel,
            arrived_at=s.arrived_at,
            receipt_date=s.receipt_date,
            receipt_code=s.receipt_code,
            asker=s.asker if view.personal_data else None,
            question=s.question,
            reply_due=view.reply_due.due,
            reply_due_provisional=view.reply_due.provisional,
            reply_due_assumption=view.reply_due.assumption,
            overdue=view.overdue,
            replied_late=view.replied_late,
            parts=tuple(_part(p, working) for p in s.parts),
            reply=s.reply,
            replied_on=s.replied_on,
            publication=PublicationOut(**attrs.asdict(publication)) if publication else None,
            history_scope=HistoryScope.THIS_STEP_ONLY if saved else HistoryScope.WHOLE_CASE,
            history=tuple(EventOut.of(e, view.personal_data) for e in view.history),
        )


def _part(part: Part, working: Iterator[int]) -> PartOut:
    stays = tuple(
        StayOut(
            department=s.department,
            entered_on=s.entered_on,
            left_on=s.left_on,
            waiting=s.left_on is None,
            working_days=next(working),
        )
        for s in part.stays
    )
    return PartOut(
        number=part.number,
        scope=part.scope,
        department=part.department,
        answer=part.answer,
        answered_on=part.answered_on,
        stays=stays,
    )


@attrs.frozen(kw_only=True)
class QueueItemOut:
    """A part's stay in a department's queue, with the reply due date of its question."""

    enquiry_id: UUID
    part: int
    organ: str
    department: str
    receipt_date: date
    reply_due: date
    reply_due_provisional: bool
    overdue: bool
    entered_on: date
    left_on: date | None
    waiting: bool
    working_days: int
    """Working days in this department's queue: after the day the part arrived, through the day it left or today."""

    @classmethod
    def of(cls, item: QueueItem) -> QueueItemOut:
        """From the application's item."""
        row, stay = item.row, item.row.stay
        return cls(
            enquiry_id=row.enquiry_id,
            part=stay.part,
            organ=row.organ,
            department=stay.department,
            receipt_date=row.receipt_date,
            reply_due=item.reply_due,
            reply_due_provisional=item.provisional,
            overdue=item.overdue,
            entered_on=stay.entered_on,
            left_on=stay.left_on,
            waiting=stay.waiting,
            working_days=item.working_days,
        )


@attrs.frozen(kw_only=True)
class QueuePageOut:
    """A page of the departments' queues, oldest question first."""

    items: tuple[QueueItemOut, ...]
    total: int
    page: int
    page_size: int
    position: int
    """The log position this page reflects, at least."""

    @classmethod
    def of(cls, page: QueuePage) -> QueuePageOut:
        """From the application's page."""
        items = tuple(QueueItemOut.of(i) for i in page.items)
        return cls(items=items, total=page.total, page=page.page, page_size=page.page_size, position=page.position)


@attrs.frozen(kw_only=True)
class EnquiryListItemOut:
    """A question in the list: where it stands, which departments it went to, when its reply is due."""

    id: UUID
    organ: str
    receipt_date: date
    status: EnquiryStatus
    departments: tuple[str, ...]
    """The departments its parts went to, in order (not the disclosure office's own queue)."""
    reply_due: date
    reply_due_provisional: bool
    overdue: bool
    replied_on: date | None
    published: bool

    @classmethod
    def of(cls, item: EnquiryListItem) -> EnquiryListItemOut:
        """From the application's item."""
        r = item.record
        departments = tuple(dict.fromkeys(s.department for s in r.stays if s.part != UNROUTED))
        return cls(
            id=r.id,
            organ=r.organ,
            receipt_date=r.receipt_date,
            status=r.status,
            departments=departments,
            reply_due=item.reply_due,
            reply_due_provisional=item.provisional,
            overdue=item.overdue,
            replied_on=r.replied_on,
            published=r.published,
        )


@attrs.frozen(kw_only=True)
class EnquiryListOut:
    """A page of questions, oldest first."""

    items: tuple[EnquiryListItemOut, ...]
    total: int
    page: int
    page_size: int
    position: int
    """The log position this page reflects, at least."""

    @classmethod
    def of(cls, page: EnquiryListPage) -> EnquiryListOut:
        """From the application's page."""
        items = tuple(EnquiryListItemOut.of(i) for i in page.items)
        return cls(items=items, total=page.total, page=page.page, page_size=page.page_size, position=page.position)


@attrs.frozen(kw_only=True)
class DepartmentsOut:
    """Per department: the parts waiting in its queue and how many of them are overdue."""

    departments: tuple[DepartmentCount, ...]
    position: int


@attrs.frozen(kw_only=True)
class SubmittedOut:
    """What the asker is told: the receipt code to quote, the day the question was received and when the reply is
    due."""

    id: UUID
    receipt_code: str
    receipt_date: date
    reply_due: date
    reply_due_provisional: bool


@attrs.frozen(kw_only=True)
class ReceiptOut:
    """反馈: where the asker's question stands and, once given, the final reply (never who asked)."""

    receipt_date: date
    status: EnquiryStatus
    reply_due: date
    reply_due_provisional: bool
    replied_on: date | None
    reply: str | None
    published: bool
    """Whether it was selected for publication (选登), in an edited text without personal data."""

    @classmethod
    def of(cls, receipt: Receipt) -> ReceiptOut:
        """From the application's receipt."""
        return cls(**attrs.asdict(receipt))


@attrs.frozen(kw_only=True)
class PublishedEnquiryOut:
    """A published question and its reply, in the edited public text."""

    id: UUID
    organ: str
    departments: tuple[str, ...]
    """The departments that answered it."""
    title: str
    question: str
    reply: str
    published_on: date

    @classmethod
    def of(cls, hit: EnquiryHit) -> PublishedEnquiryOut:
        """From the application's hit."""
        p = hit.publication
        return cls(
            id=hit.id,
            organ=hit.organ,
            departments=hit.departments,
            title=p.title,
            question=p.question,
            reply=p.reply,
            published_on=p.published_on,
        )


@attrs.frozen(kw_only=True)
class EnquiryHitOut:
    """One published question found: its title, the start of the question and of the reply."""

    id: UUID
    organ: str
    departments: tuple[str, ...]
    title: str
    question_excerpt: str
    reply_excerpt: str
    published_on: date
    score: float


@attrs.frozen(kw_only=True)
class EnquiryHitPageOut:
    """A page of published questions, in the page shape every list of the API has."""

    items: tuple[EnquiryHitOut, ...]
    total: int
    page: int
    page_size: int
    position: int

    @classmethod
    def of(cls, page: EnquiryHitPage) -> EnquiryHitPageOut:
        """From the application's page."""
        items = tuple(
            EnquiryHitOut(
                id=h.id,
                organ=h.organ,
                departments=h.departments,
                title=h.publication.title,
                question_excerpt=excerpt(h.publication.question),
                reply_excerpt=excerpt(h.publication.reply),
                published_on=h.publication.published_on,
                score=h.score,
            )
            for h in page.hits
        )
        return cls(items=items, total=page.total, page=page.page, page_size=page.page_size, position=page.position)
