"""Commands a person gives about a document, in the imperative."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm, PenaltyChange, ServiceLink
from domain.reviews import DecideReview, FileReview


@attrs.frozen(kw_only=True)
class RegisterDocument:
    """Register a drafted document (revision 1)."""

    document_id: UUID
    organ: str
    department: str
    kind: DocumentKind
    title: str
    document_number: str | None = None
    formed_on: date
    text: str
    has_service_items: bool = False
    interprets: UUID | None = None
    interpretation_form: InterpretationForm | None = None


@attrs.frozen(kw_only=True)
class RecordIssue:
    """Record the day the document was signed and issued (成文), when it was registered as a draft before."""

    issued_on: date


@attrs.frozen(kw_only=True)
class SetAttribute:
    """Set the disclosure attribute at the source, with the legal ground where not proactive."""

    attribute: DisclosureAttribute
    legal_ground: str | None = None


@attrs.frozen(kw_only=True)
class ReviseDocument:
    """Make a new revision (a correction is a revision too)."""

    title: str
    text: str
    changed_on: date
    reason: str
    is_correction: bool = False


@attrs.frozen(kw_only=True)
class ReviewConfidentiality:
    """Record the confidentiality review of one revision; `reviewed_on` defaults to today."""

    revision: int
    passed: bool
    findings: str = ""
    reviewed_on: date | None = None


@attrs.frozen(kw_only=True)
class ReviewDisclosure:
    """Record the disclosure review (approval to publish) of one revision; `reviewed_on` defaults to today."""

    revision: int
    approved: bool
    opinion: str = ""
    reviewed_on: date | None = None


@attrs.frozen(kw_only=True)
class SetServiceLinks:
    """Set the links to the document's 一网通办 service items."""

    links: tuple[ServiceLink, ...]


@attrs.frozen(kw_only=True)
class AttachInterpretation:
    """Attach an interpretation to the current revision of a policy."""

    interpretation_id: UUID


@attrs.frozen(kw_only=True)
class DetachInterpretation:
    """Detach an interpretation not yet out from the current revision of a policy, with the reason."""

    interpretation_id: UUID
    reason: str


@attrs.frozen(kw_only=True)
class PublishDocument:
    """Publish the current revision in a catalogue column (a policy with its interpretations)."""

    column_id: str
    channels: tuple[str, ...] = ("portal",)
    published_on: date
    interpretation_column_id: str | None = None


@attrs.frozen(kw_only=True)
class WithdrawDocument:
    """Take a published document down, with the reason."""

    withdrawn_on: date
    reason: str


@attrs.frozen(kw_only=True)
class RecordPenaltyChange:
    """Record that a penalty decision was changed, revoked, found unlawful or found void."""

    change: PenaltyChange
    changed_on: date
    reason: str


@attrs.frozen(kw_only=True)
class SetValidity:
    """Record the validity period (有效期) of a regulation or normative document: when it takes effect, and the last day
    it is valid (none: no fixed term)."""

    effective_on: date
    valid_until: date | None = None


@attrs.frozen(kw_only=True)
class RecordRepeal:
    """Record that a regulation or normative document in force was repealed (废止), with the reason."""

    repealed_on: date
    reason: str


Command = (
    RecordIssue
    | SetAttribute
    | ReviseDocument
    | ReviewConfidentiality
    | ReviewDisclosure
    | SetServiceLinks
    | RecordPenaltyChange
    | SetValidity
    | RecordRepeal
    | FileReview
    | DecideReview
)
"""Commands on one existing document that need no other aggregate."""
