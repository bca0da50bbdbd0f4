"""The events of a disclosure request, each stored under a stable type name."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    ConferenceMember,
    ConsultedParty,
    ContactKind,
    DeliveryForm,
    DeliveryMethod,
    FeeScale,
    Outcome,
    Position,
)
from domain.events import DomainEvent, business_day_of
from domain.personal_data import PersonalData
from domain.reviews import ReviewDecidedFields, ReviewFiledFields

PREFIX = "disclosure_request."


@attrs.frozen(kw_only=True)
class Received(DomainEvent):
    """收到申请: an application arrived, its receipt date was fixed by channel, and it was given its number."""

    type_name = PREFIX + "received"
    public_fields = frozenset(
        {"organ", "department", "channel", "receipt_date", "applicant_type", "preferred_form", "items"}
    )
    schema_version = 2
    identifying_fields = frozenset({"applicant_key"})
    organ: str
    department: str
    channel: Channel
    arrived_at: datetime
    receipt_date: date
    applicant: PersonalData
    applicant_type: ApplicantType
    information_requested: str
    preferred_form: DeliveryForm
    handler_id: str
    handler_name: str
    registration_number: str | None
    """登记号, unique per organ and year; None for applications received before numbers were given."""
    items: int
    """件数: how many items the application asks for, as the per-item fee scale counts them (R-REQ-FEE)."""
    applicant_key: str | None
    """A keyed hash of the applicant's identity document number or unified social credit code: the same applicant
    across applications, even after their personal data is erased. None when no number was given."""
    late_confirmation_reason: str | None
    """Why an ordinary letter's receipt was confirmed after the day it arrived (R-REQ-RECEIPT)."""

    @staticmethod
    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        """Version 1 had no number, item count, applicant key or late confirmation."""
        return {
            **body,
            "registration_number": None,
            "items": 1,
            "applicant_key": None,
            "late_confirmation_reason": None,
        }


@attrs.frozen(kw_only=True)
class HandlerAssigned(DomainEvent):
    """The case was handed to another handler or department."""

    type_name = PREFIX + "handler_assigned"
    public_fields = frozenset({"department"})
    department: str
    handler_id: str
    handler_name: str


@attrs.frozen(kw_only=True)
class CorrectionRequested(DomainEvent):
    """补正告知: the applicant was asked to make the application clear by a deadline."""

    type_name = PREFIX + "correction_requested"
    public_fields = frozenset({"sent_on", "correct_by"})
    sent_on: date
    what_to_correct: str
    correct_by: date


@attrs.frozen(kw_only=True)
class CorrectionReceived(DomainEvent):
    """The corrected application arrived; the reply clock restarts from this day."""

    type_name = PREFIX + "correction_received"
    public_fields = frozenset({"received_on"})
    schema_version = 2
    received_on: date
    summary: str
    late_reason: str | None
    """The good reason for which the head of the disclosure office accepted a correction after its deadline."""

    @staticmethod
    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        """Version 1 knew no late acceptance."""
        return {**body, "late_reason": None}


@attrs.frozen(kw_only=True)
class DeemedAbandoned(DomainEvent):
    """视为放弃: no correction or no fee by the deadline; the case closes with its outcome."""

    type_name = PREFIX + "deemed_abandoned"
    public_fields = frozenset({"closed_on", "outcome.category", "outcome.ground", "outcome.withheld_grounds"})
    closed_on: date
    outcome: Outcome


@attrs.frozen(kw_only=True)
class ExtensionGranted(DomainEvent):
    """延期答复: the one extension, approved by the head of the disclosure office."""

    type_name = PREFIX + "extension_granted"
    public_fields = frozenset({"working_days", "decided_on", "notified_on"})
    schema_version = 2
    working_days: int
    reason: str
    decided_on: date
    notified_on: date
    handler_id: str

    @staticmethod
    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        """Version 1 was decided the day it was recorded."""
        return {**body, "decided_on": business_day_of(body)}


@attrs.frozen(kw_only=True)
class ConsultationStarted(DomainEvent):
    """征求意见: a third party or another organ was consulted in writing; the clock stops."""

    type_name = PREFIX + "consultation_started"
    public_fields = frozenset({"consultation_id", "party", "letter_sent_on", "jointly_produced"})
    consultation_id: str
    party: ConsultedParty
    third_party: PersonalData | None
    organ_name: str | None
    subject: str
    letter_sent_on: date
    jointly_produced: bool


@attrs.frozen(kw_only=True)
class ConsultationLetterReceived(DomainEvent):
    """The consulted party received the letter; its answer period runs from this day."""

    type_name = PREFIX + "consultation_letter_received"
    public_fields = frozenset({"consultation_id", "received_on"})
    consultation_id: str
    received_on: date


@attrs.frozen(kw_only=True)
class ConsultationAnswered(DomainEvent):
    """The consulted party answered; the clock runs again from the next day."""

    type_name = PREFIX + "consultation_answered"
    public_fields = frozenset({"consultation_id", "answered_on", "position"})
    consultation_id: str
    answered_on: date
    position: Position
    reason: str


@attrs.frozen(kw_only=True)
class PublicInterestOverrideNotified(DomainEvent):
    """The objecting third party was told in writing what will be disclosed and why."""

    type_name = PREFIX + "public_interest_override_notified"
    public_fields = frozenset({"consultation_id", "notified_on"})
    consultation_id: str
    to_be_disclosed: str
    reason: str
    notified_on: date


@attrs.frozen(kw_only=True)
class FeeNoticeSent(DomainEvent):
    """收费通知: a processing fee on one scale; the clock stops until payment or waiver."""

    type_name = PREFIX + "fee_notice_sent"
    public_fields = frozenset({"sent_on", "scale", "quantity", "form", "amount"})
    schema_version = 2
    sent_on: date
    scale: FeeScale
    quantity: int
    form: DeliveryForm
    amount: Decimal
    items_before: int
    """On the per-item scale: the applicant's items in earlier applications to the organ that calendar month."""

    @staticmethod
    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        """Version 1 counted one application's items alone."""
        return {**body, "items_before": 0}


@attrs.frozen(kw_only=True)
class FeeNoticeReceived(DomainEvent):
    """The applicant received the fee notice; the 20 working days to pay run from the next day."""

    type_name = PREFIX + "fee_notice_received"
    public_fields = frozenset({"received_on"})
    received_on: date


@attrs.frozen(kw_only=True)
class FeePaid(DomainEvent):
    """The applicant paid the fee; the clock runs again from the next day."""

    type_name = PREFIX + "fee_paid"
    public_fields = frozenset({"paid_on"})
    paid_on: date


@attrs.frozen(kw_only=True)
class FeeWaived(DomainEvent):
    """减免: the fee was waived, with the reason; the clock runs again from the next day."""

    type_name = PREFIX + "fee_waived"
    public_fields = frozenset({"waived_on"})
    waived_on: date
    reason: str


@attrs.frozen(kw_only=True)
class ReasonsRequested(DomainEvent):
    """An apparently excessive application: the applicant was asked for reasons (Art. 35)."""

    type_name = PREFIX + "reasons_requested"
    public_fields = frozenset({"sent_on"})
    sent_on: date
    note: str


@attrs.frozen(kw_only=True)
class LaterDueDateSet(DomainEvent):
    """For an excessive application, a later reasonable due date was set and notified."""

    type_name = PREFIX + "later_due_date_set"
    public_fields = frozenset({"due", "notified_on"})
    due: date
    reason: str
    notified_on: date


@attrs.frozen(kw_only=True)
class ConferenceHeld(DomainEvent):
    """会商: a joint conference of the disclosure, legal and business departments."""

    type_name = PREFIX + "conference_held"
    public_fields = frozenset({"held_on"})
    held_on: date
    members: tuple[ConferenceMember, ...]
    conclusion: str


@attrs.frozen(kw_only=True)
class ContactRecorded(DomainEvent):
    """A call, guidance or clarification with the applicant."""

    type_name = PREFIX + "contact_recorded"
    public_fields = frozenset({"kind", "occurred_at"})
    kind: ContactKind
    occurred_at: datetime
    summary: str


@attrs.frozen(kw_only=True)
class Replied(DomainEvent):
    """答复: the organ's decision, with exactly one outcome and its legal ground."""

    type_name = PREFIX + "replied"
    public_fields = frozenset({"replied_on", "outcome.category", "outcome.ground", "outcome.withheld_grounds"})
    replied_on: date
    outcome: Outcome


@attrs.frozen(kw_only=True)
class ReplyCorrected(DomainEvent):
    """A reply recorded with the wrong outcome, corrected by the head of the disclosure office; both are kept."""

    type_name = PREFIX + "reply_corrected"
    public_fields = frozenset({"corrected_on", "outcome.category", "outcome.ground", "outcome.withheld_grounds"})
    corrected_on: date
    outcome: Outcome
    reason: str


@attrs.frozen(kw_only=True)
class ApplicationWithdrawn(DomainEvent):
    """撤回申请: the applicant withdrew before the reply; the case closes as 其他处理 (ground 3)."""

    type_name = PREFIX + "withdrawn"
    public_fields = frozenset({"withdrawn_on", "outcome.category", "outcome.ground", "outcome.withheld_grounds"})
    withdrawn_on: date
    outcome: Outcome


@attrs.frozen(kw_only=True)
class ApplicantTypeCorrected(DomainEvent):
    """An applicant type recorded wrongly, corrected with the reason (R-REQ-APPLICANT-FIX)."""

    type_name = PREFIX + "applicant_type_corrected"
    public_fields = frozenset({"applicant_type"})
    applicant_type: ApplicantType
    reason: str


@attrs.frozen(kw_only=True)
class Delivered(DomainEvent):
    """送达: the reply was handed over, posted or sent."""

    type_name = PREFIX + "delivered"
    public_fields = frozenset({"method", "delivered_on"})
    method: DeliveryMethod
    delivered_on: date


@attrs.frozen(kw_only=True)
class ReviewFiled(ReviewFiledFields):
    """行政复议 or 行政诉讼 against the reply or a failure to reply (R-REQ-REVIEW)."""

    type_name = PREFIX + "review_filed"
    public_fields = frozenset({"review_id", "kind", "filed_on", "against", "follows"})
    schema_version = 2

    @staticmethod
    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        """Version 1 challenged a reply and named no reconsideration."""
        return {**body, "against": "reply", "follows": None}


@attrs.frozen(kw_only=True)
class ReviewDecided(ReviewDecidedFields):
    """The reviewing body or court decided: upheld, corrected or other; a later decision supersedes it."""

    type_name = PREFIX + "review_decided"
    public_fields = frozenset({"review_id", "result", "decided_on"})


EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    Received,
    HandlerAssigned,
    CorrectionRequested,
    CorrectionReceived,
    DeemedAbandoned,
    ExtensionGranted,
    ConsultationStarted,
    ConsultationLetterReceived,
    ConsultationAnswered,
    PublicInterestOverrideNotified,
    FeeNoticeSent,
    FeeNoticeReceived,
    FeePaid,
    FeeWaived,
    ReasonsRequested,
    LaterDueDateSet,
    ConferenceHeld,
    ContactRecorded,
    Replied,
    ReplyCorrected,
    ApplicationWithdrawn,
    ApplicantTypeCorrected,
    Delivered,
    ReviewFiled,
    ReviewDecided,
)
