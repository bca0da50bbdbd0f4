"""The events of a document, each stored under a stable type name."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import attrs

from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm, PenaltyChange, ServiceLink
from domain.events import DomainEvent, business_day_of
from domain.reviews import ReviewDecidedFields, ReviewFiledFields

PREFIX = "document."


@attrs.frozen(kw_only=True)
class Registered(DomainEvent):
    """The drafting unit registered a document; its drafter wrote revision 1."""

    type_name = PREFIX + "registered"
    public_fields = frozenset({"organ", "department", "kind"})
    organ: str
    department: str
    kind: DocumentKind
    title: str
    document_number: str | None
    """文号, e.g. 闵人社发〔2024〕32号"""
    formed_on: date
    """成文日期: the day the document was signed and issued (for a decision: the decision date); the timeliness
    clock runs from it, whatever drafts came before or come after until it is published (R-DOC-TIMELY)."""
    text: str
    has_service_items: bool
    interprets: UUID | None
    interpretation_form: InterpretationForm | None


@attrs.frozen(kw_only=True)
class Issued(DomainEvent):
    """成文 / 签发: the document was signed and issued on a day; the timeliness clock runs from it (R-DOC-TIMELY)."""

    type_name = PREFIX + "issued"
    public_fields = frozenset({"issued_on"})
    issued_on: date


@attrs.frozen(kw_only=True)
class AttributeSet(DomainEvent):
    """公开属性认定: proactive, on request or withheld, with the legal ground where not proactive."""

    type_name = PREFIX + "attribute_set"
    attribute: DisclosureAttribute
    legal_ground: str | None


@attrs.frozen(kw_only=True)
class Revised(DomainEvent):
    """A new revision; reviews of earlier revisions do not count for it."""

    type_name = PREFIX + "revised"
    public_fields = frozenset({"revision", "changed_on", "is_correction"})
    revision: int
    title: str
    text: str
    changed_on: date
    reason: str
    is_correction: bool


@attrs.frozen(kw_only=True)
class ConfidentialityReviewed(DomainEvent):
    """保密审查 of one revision: passed or not, with the findings."""

    type_name = PREFIX + "confidentiality_reviewed"
    public_fields = frozenset({"revision", "reviewed_on"})
    schema_version = 2
    revision: int
    passed: bool
    findings: str
    reviewed_on: date

    @staticmethod
    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        """Version 1 was reviewed the day it was recorded."""
        return {**body, "reviewed_on": business_day_of(body)}


@attrs.frozen(kw_only=True)
class DisclosureReviewed(DomainEvent):
    """公开审查 (先审查、后公开, 一事一审) of one revision: approved for publication or not."""

    type_name = PREFIX + "disclosure_reviewed"
    public_fields = frozenset({"revision", "reviewed_on"})
    schema_version = 2
    revision: int
    approved: bool
    opinion: str
    reviewed_on: date

    @staticmethod
    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        """Version 1 was reviewed the day it was recorded."""
        return {**body, "reviewed_on": business_day_of(body)}


@attrs.frozen(kw_only=True)
class ServiceLinksSet(DomainEvent):
    """阅办联动: the links to the document's 一网通办 service items."""

    type_name = PREFIX + "service_links_set"
    links: tuple[ServiceLink, ...]


@attrs.frozen(kw_only=True)
class InterpretationAttached(DomainEvent):
    """An interpretation document was attached to the policy's current revision."""

    type_name = PREFIX + "interpretation_attached"
    interpretation_id: UUID
    policy_revision: int


@attrs.frozen(kw_only=True)
class InterpretationDetached(DomainEvent):
    """An interpretation not yet out was detached from the policy's current revision, with the reason."""

    type_name = PREFIX + "interpretation_detached"
    interpretation_id: UUID
    policy_revision: int
    reason: str


@attrs.frozen(kw_only=True)
class Published(DomainEvent):
    """Published in a catalogue column on channels; a policy and its interpretations in one step."""

    type_name = PREFIX + "published"
    public_fields = frozenset({"revision", "column_id", "column_name", "channels", "published_on", "published_with"})
    revision: int
    column_id: str
    column_name: str
    channels: tuple[str, ...]
    published_on: date
    published_with: tuple[UUID, ...]
    """The other documents published in the same atomic step (a policy and its interpretations)."""


@attrs.frozen(kw_only=True)
class Withdrawn(DomainEvent):
    """Taken down, with the reason; the history keeps what was published."""

    type_name = PREFIX + "withdrawn"
    public_fields = frozenset({"withdrawn_on", "reason_published"})
    schema_version = 2
    withdrawn_on: date
    reason: str
    reason_published: bool
    """公开说明理由: the reason is published in the document's place (a changed penalty decision, R-DOC-DUAL)."""

    @staticmethod
    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        """Version 1 published no reason."""
        return {**body, "reason_published": False}


@attrs.frozen(kw_only=True)
class PenaltyChanged(DomainEvent):
    """A penalty decision was changed, revoked, found unlawful or found void; a published one is withdrawn within
    3 wd with the reason published in its place."""

    type_name = PREFIX + "penalty_changed"
    public_fields = frozenset({"change", "changed_on"})
    change: PenaltyChange
    changed_on: date
    reason: str


@attrs.frozen(kw_only=True)
class ValiditySet(DomainEvent):
    """有效期: the day a regulation or normative document takes effect (施行) and the last day it is valid (None: no
    term); set again before it ends, the later one stands (an extension)."""

    type_name = PREFIX + "validity_set"
    public_fields = frozenset({"effective_on", "valid_until"})
    effective_on: date
    valid_until: date | None


@attrs.frozen(kw_only=True)
class Repealed(DomainEvent):
    """废止: a regulation or normative document in force was repealed (or declared no longer in force) on a day."""

    type_name = PREFIX + "repealed"
    public_fields = frozenset({"repealed_on"})
    repealed_on: date
    reason: str


@attrs.frozen(kw_only=True)
class ReviewFiled(ReviewFiledFields):
    """行政复议 or 行政诉讼 against the document's proactive disclosure, e.g. one not published (R-REQ-REVIEW)."""

    type_name = PREFIX + "review_filed"
    public_fields = frozenset({"review_id", "kind", "filed_on", "against", "follows"})


@attrs.frozen(kw_only=True)
class ReviewDecided(ReviewDecidedFields):
    """A decision on a challenge to the document's disclosure; a later one supersedes it."""

    type_name = PREFIX + "review_decided"
    public_fields = frozenset({"review_id", "result", "decided_on"})


EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    Registered,
    Issued,
    AttributeSet,
    Revised,
    ConfidentialityReviewed,
    DisclosureReviewed,
    ServiceLinksSet,
    InterpretationAttached,
    InterpretationDetached,
    Published,
    Withdrawn,
    PenaltyChanged,
    ValiditySet,
    Repealed,
    ReviewFiled,
    ReviewDecided,
)
