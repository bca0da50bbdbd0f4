"""The state of a document, folded from its events."""

from __future__ import annotations

from datetime import date
from functools import singledispatch
from uuid import UUID

import attrs

from domain import reviews
from domain.actors import Actor
from domain.document import events as ev
from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm, PenaltyChange, ServiceLink
from domain.events import DomainEvent


@attrs.frozen
class Review:
    """One review of one revision, by person and role (R-DOC-SOD), with its findings or opinion."""

    reviewer: Actor
    passed: bool
    findings: str = ""
    reviewed_on: date | None = None


@attrs.frozen
class Revision:
    """One revision: who drafted it, when it was formed or changed, and its two reviews."""

    number: int
    drafter_id: str
    title: str
    changed_on: date
    confidentiality: Review | None = None
    disclosure: Review | None = None

    @property
    def cleared(self) -> bool:
        """Passed confidentiality review and approved in disclosure review (R-DOC-SECRET, R-DOC-REVIEW)."""
        return bool(self.confidentiality and self.confidentiality.passed and self.disclosure and self.disclosure.passed)


@attrs.frozen
class Attachment:
    """An interpretation attached to one revision of a policy."""

    interpretation_id: UUID
    policy_revision: int


@attrs.frozen
class Publication:
    """Where and when a revision is out."""

    revision: int
    column_id: str
    published_on: date


@attrs.frozen
class PenaltyChangeRecord:
    """A change, revocation or voiding of a penalty decision."""

    change: PenaltyChange
    changed_on: date


@attrs.frozen
class Document:
    """A document as it stands at one version."""

    id: UUID
    version: int
    organ: str
    department: str
    kind: DocumentKind
    document_number: str | None
    formed_on: date
    has_service_items: bool
    interprets: UUID | None
    interpretation_form: InterpretationForm | None
    revisions: tuple[Revision, ...]
    attribute: DisclosureAttribute | None = None
    legal_ground: str | None = None
    service_links: tuple[ServiceLink, ...] = ()
    interpretations: tuple[Attachment, ...] = ()
    publication: Publication | None = None
    """The publication in force; None before the first and after a withdrawal."""
    first_published_on: date | None = None
    first_published_revision: int | None = None
    """The revision first published: revisions after it are changes to published information (R-DOC-TIMELY)."""
    withdrawn_on: date | None = None
    withdrawn_revision: int | None = None
    """The revision last taken down; None while a publication is in force."""
    penalty_change: PenaltyChangeRecord | None = None
    withdrawal_notice: str | None = None
    """公开说明理由: the reason published in place of a withdrawn penalty decision (R-DOC-DUAL)."""
    challenges: tuple[reviews.Review, ...] = ()
    """行政复议 and 行政诉讼 against its proactive disclosure (R-REQ-REVIEW)."""
    effective_on: date | None = None
    """施行: the day a regulation or normative document takes effect, once its validity is recorded."""
    valid_until: date | None = None
    """有效期至: its last valid day; None when no term is recorded."""
    repealed_on: date | None = None
    """废止: the day it was repealed."""

    @property
    def current(self) -> Revision:
        """The latest revision."""
        return self.revisions[-1]

    @property
    def title(self) -> str:
        """The current title."""
        return self.current.title

    @property
    def is_published(self) -> bool:
        """Out and not withdrawn."""
        return self.publication is not None

    def interpretations_of_current_revision(self) -> tuple[UUID, ...]:
        """The interpretations attached to the current revision (R-DOC-INTERPRET)."""
        return tuple(a.interpretation_id for a in self.interpretations if a.policy_revision == self.current.number)

    @property
    def current_revision_withdrawn(self) -> bool:
        """The latest revision was published and taken down, and nothing newer has been drafted."""
        return self.publication is None and self.withdrawn_revision == self.current.number

    @property
    def current_revision_is_out(self) -> bool:
        """The latest revision is the one published."""
        return self.publication is not None and self.publication.revision == self.current.number


def evolve(state: Document | None, event: DomainEvent) -> Document:
    """The state after one more event."""
    if state is None:
        if not isinstance(event, ev.Registered):
            raise TypeError(f"a document starts with 'registered', not {event.type_name}")
        return _started(event)
    return attrs.evolve(_apply(event, state), version=event.originator_version)


def _started(event: ev.Registered) -> Document:
    first = Revision(number=1, drafter_id=event.actor.person_id, title=event.title, changed_on=event.formed_on)
    return Document(
        id=event.originator_id,
        version=event.originator_version,
        organ=event.organ,
        department=event.department,
        kind=event.kind,
        document_number=event.document_number,
        formed_on=event.formed_on,
        has_service_items=event.has_service_items,
        interprets=event.interprets,
        interpretation_form=event.interpretation_form,
        revisions=(first,),
    )


def _with_current(state: Document, **changes: object) -> Document:
    current = attrs.evolve(state.current, **changes)  # type: ignore[arg-type]
    return attrs.evolve(state, revisions=(*state.revisions[:-1], current))


@singledispatch
def _apply(event: DomainEvent, state: Document) -> Document:
    raise TypeError(f"no fold for {event.type_name}")


@_apply.register
def _(event: ev.Issued, state: Document) -> Document:
    return attrs.evolve(state, formed_on=event.issued_on)


@_apply.register
def _(event: ev.AttributeSet, state: Document) -> Document:
    return attrs.evolve(state, attribute=event.attribute, legal_ground=event.legal_ground)


@_apply.register
def _(event: ev.Revised, state: Document) -> Document:
    revision = Revision(
        number=event.revision, drafter_id=event.actor.person_id, title=event.title, changed_on=event.changed_on
    )
    return attrs.evolve(state, revisions=(*state.revisions, revision))


@_apply.register
def _(event: ev.ConfidentialityReviewed, state: Document) -> Document:
    review = Review(reviewer=event.actor, passed=event.passed, findings=event.findings, reviewed_on=event.reviewed_on)
    return _with_current(state, confidentiality=review)


@_apply.register
def _(event: ev.DisclosureReviewed, state: Document) -> Document:
    review = Review(reviewer=event.actor, passed=event.approved, findings=event.opinion, reviewed_on=event.reviewed_on)
    return _with_current(state, disclosure=review)


@_apply.register
def _(event: ev.ServiceLinksSet, state: Document) -> Document:
    return attrs.evolve(state, service_links=event.links)


@_apply.register
def _(event: ev.InterpretationAttached, state: Document) -> Document:
    attached = Attachment(event.interpretation_id, event.policy_revision)
    return attrs.evolve(state, interpretations=(*state.interpretations, attached))


@_apply.register
def _(event: ev.InterpretationDetached, state: Document) -> Document:
    detached = Attachment(event.interpretation_id, event.policy_revision)
    return attrs.evolve(state, interpretations=tuple(a for a in state.interpretations if a != detached))


@_apply.register
def _(event: ev.Published, state: Document) -> Document:
    publication = Publication(revision=event.revision, column_id=event.column_id, published_on=event.published_on)
    return attrs.evolve(
        state,
        publication=publication,
        first_published_on=state.first_published_on or event.published_on,
        first_published_revision=state.first_published_revision or event.revision,
        withdrawn_on=None,
        withdrawn_revision=None,
        withdrawal_notice=None,
    )


@_apply.register
def _(event: ev.Withdrawn, state: Document) -> Document:
    assert state.publication is not None
    withdrawn = attrs.evolve(
        state,
        publication=None,
        withdrawn_on=event.withdrawn_on,
        withdrawn_revision=state.publication.revision,
        withdrawal_notice=event.reason if event.reason_published else None,
    )
    if state.publication.revision != state.current.number:
        return withdrawn
    # The approval was spent on the publication just withdrawn: each publication needs its own (R-DOC-REVIEW).
    return _with_current(withdrawn, disclosure=None)


@_apply.register
def _(event: ev.PenaltyChanged, state: Document) -> Document:
    return attrs.evolve(state, penalty_change=PenaltyChangeRecord(event.change, event.changed_on))


@_apply.register
def _(event: ev.ValiditySet, state: Document) -> Document:
    return attrs.evolve(state, effective_on=event.effective_on, valid_until=event.valid_until)


@_apply.register
def _(event: ev.Repealed, state: Document) -> Document:
    return attrs.evolve(state, repealed_on=event.repealed_on)


@_apply.register
def _(event: ev.ReviewFiled, state: Document) -> Document:
    return attrs.evolve(state, challenges=reviews.filed(state.challenges, event))


@_apply.register
def _(event: ev.ReviewDecided, state: Document) -> Document:
    return attrs.evolve(state, challenges=reviews.decided(state.challenges, event))
