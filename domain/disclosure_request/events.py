"""The events of a disclosure request, each stored under a stable type name."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

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
    ReviewKind,
    ReviewResult,
)
from domain.events import DomainEvent
from domain.personal_data import PersonalData

PREFIX = "disclosure_request."


@attrs.frozen(kw_only=True)
class Received(DomainEvent):
    """收到申请: an application arrived and its receipt date was fixed by channel."""

    type_name = PREFIX + "received"
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


@attrs.frozen(kw_only=True)
class HandlerAssigned(DomainEvent):
    """The case was handed to another handler or department."""

    type_name = PREFIX + "handler_assigned"
    department: str
    handler_id: str
    handler_name: str


@attrs.frozen(kw_only=True)
class CorrectionRequested(DomainEvent):
    """补正告知: the applicant was asked to make the application clear by a deadline."""

    type_name = PREFIX + "correction_requested"
    sent_on: date
    what_to_correct: str
    correct_by: date


@attrs.frozen(kw_only=True)
class CorrectionReceived(DomainEvent):
    """The corrected application arrived; the reply clock restarts from this day."""

    type_name = PREFIX + "correction_received"
    received_on: date
    summary: str


@attrs.frozen(kw_only=True)
class DeemedAbandoned(DomainEvent):
    """视为放弃: no correction or no fee by the deadline; the case closes with its outcome."""

    type_name = PREFIX + "deemed_abandoned"
    closed_on: date
    outcome: Outcome


@attrs.frozen(kw_only=True)
class ExtensionGranted(DomainEvent):
    """延期答复: the one extension, approved by the head of the disclosure office."""

    type_name = PREFIX + "extension_granted"
    working_days: int
    reason: str
    notified_on: date
    handler_id: str


@attrs.frozen(kw_only=True)
class ConsultationStarted(DomainEvent):
    """征求意见: a third party or another organ was consulted in writing; the clock stops."""

    type_name = PREFIX + "consultation_started"
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
    consultation_id: str
    received_on: date


@attrs.frozen(kw_only=True)
class ConsultationAnswered(DomainEvent):
    """The consulted party answered; the clock runs again from the next day."""

    type_name = PREFIX + "consultation_answered"
    consultation_id: str
    answered_on: date
    position: Position
    reason: str


@attrs.frozen(kw_only=True)
class PublicInterestOverrideNotified(DomainEvent):
    """The objecting third party was told in writing what will be disclosed and why."""

    type_name = PREFIX + "public_interest_override_notified"
    consultation_id: str
    to_be_disclosed: str
    reason: str
    notified_on: date


@attrs.frozen(kw_only=True)
class FeeNoticeSent(DomainEvent):
    """收费通知: a processing fee on one scale; the clock stops until payment or waiver."""

    type_name = PREFIX + "fee_notice_sent"
    sent_on: date
    scale: FeeScale
    quantity: int
    form: DeliveryForm
    amount: Decimal


@attrs.frozen(kw_only=True)
class FeePaid(DomainEvent):
    """The applicant paid the fee; the clock runs again from the next day."""

    type_name = PREFIX + "fee_paid"
    paid_on: date


@attrs.frozen(kw_only=True)
class FeeWaived(DomainEvent):
    """减免: the fee was waived, with the reason; the clock runs again from the next day."""

    type_name = PREFIX + "fee_waived"
    waived_on: date
    reason: str


@attrs.frozen(kw_only=True)
class ReasonsRequested(DomainEvent):
    """An apparently excessive application: the applicant was asked for reasons (Art. 35)."""

    type_name = PREFIX + "reasons_requested"
    sent_on: date
    note: str


@attrs.frozen(kw_only=True)
class LaterDueDateSet(DomainEvent):
    """For an excessive application, a later reasonable due date was set and notified."""

    type_name = PREFIX + "later_due_date_set"
    due: date
    reason: str
    notified_on: date


@attrs.frozen(kw_only=True)
class ConferenceHeld(DomainEvent):
    """会商: a joint conference of the disclosure, legal and business departments."""

    type_name = PREFIX + "conference_held"
    held_on: date
    members: tuple[ConferenceMember, ...]
    conclusion: str


@attrs.frozen(kw_only=True)
class ContactRecorded(DomainEvent):
    """A call, guidance or clarification with the applicant."""

    type_name = PREFIX + "contact_recorded"
    kind: ContactKind
    occurred_at: datetime
    summary: str


@attrs.frozen(kw_only=True)
class Replied(DomainEvent):
    """答复: the organ's decision, with exactly one outcome and its legal ground."""

    type_name = PREFIX + "replied"
    replied_on: date
    outcome: Outcome


@attrs.frozen(kw_only=True)
class Delivered(DomainEvent):
    """送达: the reply was handed over, posted or sent."""

    type_name = PREFIX + "delivered"
    method: DeliveryMethod
    delivered_on: date


@attrs.frozen(kw_only=True)
class ReviewFiled(DomainEvent):
    """行政复议 or 行政诉讼 against the reply."""

    type_name = PREFIX + "review_filed"
    review_id: str
    kind: ReviewKind
    filed_on: date
    body: str


@attrs.frozen(kw_only=True)
class ReviewDecided(DomainEvent):
    """The reviewing body or court decided: upheld, corrected or other."""

    type_name = PREFIX + "review_decided"
    review_id: str
    result: ReviewResult
    decided_on: date


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
    FeePaid,
    FeeWaived,
    ReasonsRequested,
    LaterDueDateSet,
    ConferenceHeld,
    ContactRecorded,
    Replied,
    Delivered,
    ReviewFiled,
    ReviewDecided,
)
