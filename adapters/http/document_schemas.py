"""Request and response bodies for documents, the catalogue and the public read side."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from adapters.http.derived import body_without
from adapters.http.events_out import EventOut, HistoryScope
from adapters.http.review_schemas import ReviewOut
from application.document_worklist import DocumentWorklistItem, DocumentWorklistPage
from application.documents import DocumentView
from application.public_documents import PublishedDocument
from application.publications import Hit, HitPage
from domain.catalogue import Catalogue, Column
from domain.document.commands import RegisterDocument
from domain.document.deadlines import Deadline
from domain.document.stage import Stage
from domain.document.state import Attachment, PenaltyChangeRecord, Publication, Revision
from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm, ServiceLink

NewDocument = body_without(
    RegisterDocument,
    "document_id",
    name="NewDocument",
    doc="A drafted document as its drafting unit registers it.",
    module=__name__,
)


@attrs.frozen(kw_only=True)
class DeadlineOut:
    """An open deadline with the rule that sets it."""

    what: str
    rule: str
    due: date
    provisional: bool
    overdue: bool
    derivation: str


def _deadline_out(deadline: Deadline, today: date) -> DeadlineOut:
    return DeadlineOut(
        what=deadline.what,
        rule=deadline.rule,
        due=deadline.due,
        provisional=deadline.provisional,
        overdue=deadline.overdue(today),
        derivation=deadline.derivation,
    )


@attrs.frozen(kw_only=True)
class DocumentOut:
    """A document with its revisions and their reviews, open deadlines, and full history."""

    id: UUID
    version: int
    position: int | None
    organ: str
    department: str
    kind: DocumentKind
    document_number: str | None
    formed_on: date
    """成文日期: the day it was signed and issued (for a decision, the decision date)."""
    title: str
    text: str
    """The text of the current revision."""
    attribute: DisclosureAttribute | None
    legal_ground: str | None
    current_revision: int
    revisions: tuple[Revision, ...]
    has_service_items: bool
    service_links: tuple[ServiceLink, ...]
    interprets: UUID | None
    interpretation_form: InterpretationForm | None
    interpretations: tuple[Attachment, ...]
    publication: Publication | None
    first_published_on: date | None
    withdrawn_on: date | None
    withdrawal_notice: str | None
    """公开说明理由: the reason published in place of a withdrawn penalty decision."""
    penalty_change: PenaltyChangeRecord | None
    challenges: tuple[ReviewOut, ...]
    """Reconsideration and litigation against its proactive disclosure."""
    effective_on: date | None
    """施行: the day a regulation or normative document takes effect, once its validity period is recorded."""
    valid_until: date | None
    """有效期至: its last valid day; null when no term is recorded."""
    repealed_on: date | None
    """废止: the day it was repealed; null while not repealed."""
    deadlines: tuple[DeadlineOut, ...]
    history_scope: HistoryScope
    """A document's history is always whole, after a step too."""
    history: tuple[EventOut, ...]

    @classmethod
    def of(cls, view: DocumentView, today: date, position: int | None = None) -> DocumentOut:
        """From the application's view, with deadlines judged on today's date."""
        s = view.state
        return cls(
            id=s.id,
            version=s.version,
            position=position,
            organ=s.organ,
            department=s.department,
            kind=s.kind,
            document_number=s.document_number,
            formed_on=s.formed_on,
            title=s.title,
            text=view.text,
            attribute=s.attribute,
            legal_ground=s.legal_ground,
            current_revision=s.current.number,
            revisions=s.revisions,
            has_service_items=s.has_service_items,
            service_links=s.service_links,
            interprets=s.interprets,
            interpretation_form=s.interpretation_form,
            interpretations=s.interpretations,
            publication=s.publication,
            first_published_on=s.first_published_on,
            withdrawn_on=s.withdrawn_on,
            withdrawal_notice=s.withdrawal_notice,
            penalty_change=s.penalty_change,
            challenges=tuple(ReviewOut.of(r) for r in s.challenges),
            effective_on=s.effective_on,
            valid_until=s.valid_until,
            repealed_on=s.repealed_on,
            deadlines=tuple(_deadline_out(d, today) for d in view.deadlines),
            history_scope=HistoryScope.WHOLE_CASE,
            history=tuple(EventOut.of(e) for e in view.history),
        )


@attrs.frozen(kw_only=True)
class ColumnIn:
    """A new column: a short id that never changes, and its name."""

    column_id: str
    name: str


@attrs.frozen(kw_only=True)
class RenameIn:
    """A column's new name."""

    name: str


@attrs.frozen(kw_only=True)
class RetireIn:
    """Why a column is retired."""

    reason: str


@attrs.frozen(kw_only=True)
class CatalogueOut:
    """An organ's catalogue as it stands."""

    organ: str
    version: int
    columns: tuple[Column, ...]

    @classmethod
    def of(cls, catalogue: Catalogue) -> CatalogueOut:
        """From the domain state."""
        return cls(organ=catalogue.organ, version=catalogue.version, columns=catalogue.columns)


@attrs.frozen(kw_only=True)
class HitPageOut:
    """A page of published documents found, in the page shape every list of the API has."""

    items: tuple[Hit, ...]
    total: int
    page: int
    page_size: int
    position: int
    """The log position this page reflects, at least (pass it back as `position` to read no older)."""

    @classmethod
    def of(cls, page: HitPage) -> HitPageOut:
        """From the application's page."""
        return cls(items=page.hits, total=page.total, page=page.page, page_size=page.page_size, position=page.position)


@attrs.frozen(kw_only=True)
class DocumentWorklistItemOut:
    """One line of the document worklist."""

    id: UUID
    organ: str
    department: str
    kind: DocumentKind
    title: str
    current_revision: int
    drafter_id: str
    stage: Stage
    overdue: bool
    deadlines: tuple[DeadlineOut, ...]

    @classmethod
    def of(cls, item: DocumentWorklistItem, today: date) -> DocumentWorklistItemOut:
        """From the application's item."""
        s = item.state
        return cls(
            id=s.id,
            organ=s.organ,
            department=s.department,
            kind=s.kind,
            title=s.title,
            current_revision=s.current.number,
            drafter_id=s.current.drafter_id,
            stage=item.stage,
            overdue=item.overdue,
            deadlines=tuple(_deadline_out(d, today) for d in item.deadlines),
        )


@attrs.frozen(kw_only=True)
class DocumentWorklistOut:
    """A page of the document worklist, soonest due first."""

    items: tuple[DocumentWorklistItemOut, ...]
    total: int
    page: int
    page_size: int
    position: int
    """The log position this page reflects, at least (pass it back as `position` to read no older)."""

    @classmethod
    def of(cls, page: DocumentWorklistPage, today: date) -> DocumentWorklistOut:
        """From the application's page."""
        items = tuple(DocumentWorklistItemOut.of(i, today) for i in page.items)
        return cls(items=items, total=page.total, page=page.page, page_size=page.page_size, position=page.position)


@attrs.frozen(kw_only=True)
class PublishedDocumentOut:
    """A published document as the public reads it; a withdrawn penalty decision shows only why it was withdrawn."""

    id: UUID
    organ: str
    department: str
    kind: DocumentKind
    document_number: str | None
    title: str
    text: str | None
    """The published revision's text; null in place of a withdrawn penalty decision."""
    column_id: str | None
    column_name: str | None
    published_on: date | None
    service_links: tuple[ServiceLink, ...]
    interpretations: tuple[RelatedOut, ...]
    """A policy's published interpretations, or the policy an interpretation explains."""
    withdrawn_on: date | None
    withdrawal_notice: str | None
    """公开说明理由: why a penalty decision was withdrawn, published in its place."""
    effective_on: date | None
    """A regulation's or normative document's 施行 date, where its validity period is recorded."""
    valid_until: date | None
    """Its last valid day (有效期至); null when none is recorded."""
    repealed_on: date | None
    """The day it was repealed (废止); it stays published, marked so."""

    @classmethod
    def of(cls, found: PublishedDocument) -> PublishedDocumentOut:
        """From the application's published document."""
        s = found.state
        return cls(
            id=s.id,
            organ=s.organ,
            department=s.department,
            kind=s.kind,
            document_number=s.document_number,
            title=found.title,
            text=found.text,
            column_id=found.column_id,
            column_name=found.column_name,
            published_on=found.published_on,
            service_links=found.service_links,
            interpretations=tuple(RelatedOut(id=r.id, kind=r.kind, title=r.title) for r in found.related),
            withdrawn_on=s.withdrawn_on if found.text is None else None,
            withdrawal_notice=s.withdrawal_notice,
            effective_on=s.effective_on,
            valid_until=s.valid_until,
            repealed_on=s.repealed_on,
        )


@attrs.frozen(kw_only=True)
class RelatedOut:
    """A published document linked to this one."""

    id: UUID
    kind: str
    title: str
