"""Commands a person gives about a disclosure request, in the imperative."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

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
from domain.personal_data import PersonalData
from domain.reviews import DecideReview, FileReview


@attrs.frozen(kw_only=True)
class ReceiveRequest:
    """Register an application; `confirmed_on` is the signing or confirmation day where the channel needs one, and an
    ordinary letter confirmed after the day it arrived says why in `late_confirmation_reason`."""

    request_id: UUID
    organ: str
    department: str
    channel: Channel
    arrived_at: datetime
    confirmed_on: date | None
    applicant: PersonalData
    applicant_type: ApplicantType
    information_requested: str
    preferred_form: DeliveryForm = DeliveryForm.ELECTRONIC
    items: int = 1
    late_confirmation_reason: str | None = None


@attrs.frozen(kw_only=True)
class AssignHandler:
    """Hand the case to a handler in a department."""

    department: str
    handler_id: str
    handler_name: str


@attrs.frozen(kw_only=True)
class RequestCorrection:
    """Send the one correction notice."""

    sent_on: date
    what_to_correct: str
    correct_by: date


@attrs.frozen(kw_only=True)
class ReceiveCorrection:
    """Record the corrected application."""

    received_on: date
    summary: str


@attrs.frozen(kw_only=True)
class AcceptLateCorrection:
    """Accept a correction that arrived after its deadline, for a good reason (head of the disclosure office)."""

    received_on: date
    summary: str
    reason: str


@attrs.frozen(kw_only=True)
class DeclareAbandoned:
    """Close an application whose correction or fee deadline passed; `decided_on` defaults to today."""

    decided_on: date | None = None


@attrs.frozen(kw_only=True)
class RecordWithdrawal:
    """The applicant withdrew the application before the reply (其他处理 3)."""

    withdrawn_on: date
    reason: str


@attrs.frozen(kw_only=True)
class CorrectApplicantType:
    """Correct an applicant type recorded wrongly, with the reason (R-REQ-APPLICANT-FIX)."""

    applicant_type: ApplicantType
    reason: str


@attrs.frozen(kw_only=True)
class GrantExtension:
    """Approve the one extension (head of the disclosure office); `decided_on`, the day it was approved, defaults to
    today and is what is judged against the due date."""

    working_days: int
    reason: str
    notified_on: date
    decided_on: date | None = None


@attrs.frozen(kw_only=True)
class StartConsultation:
    """Consult a third party or another organ in writing."""

    party: ConsultedParty
    subject: str
    letter_sent_on: date
    third_party: PersonalData | None = None
    organ_name: str | None = None
    jointly_produced: bool = False


@attrs.frozen(kw_only=True)
class RecordLetterReceived:
    """Record the day the consulted party received the letter."""

    consultation_id: str
    received_on: date


@attrs.frozen(kw_only=True)
class RecordConsultationAnswer:
    """Record a consulted party's answer."""

    consultation_id: str
    answered_on: date
    position: Position
    reason: str = ""


@attrs.frozen(kw_only=True)
class NotifyPublicInterestOverride:
    """Tell an objecting third party what will be disclosed in the public interest, and why."""

    consultation_id: str
    to_be_disclosed: str
    reason: str
    notified_on: date


@attrs.frozen(kw_only=True)
class SendFeeNotice:
    """Send a fee notice on one scale: `quantity` is pages on the per-volume scale; on the per-item scale it is the
    application's items, the number registered unless given."""

    sent_on: date
    scale: FeeScale
    form: DeliveryForm
    quantity: int | None = None


@attrs.frozen(kw_only=True)
class RecordFeeNoticeReceived:
    """Record the day the applicant received the fee notice."""

    received_on: date


@attrs.frozen(kw_only=True)
class RecordFeePayment:
    """Record that the fee was paid."""

    paid_on: date


@attrs.frozen(kw_only=True)
class WaiveFee:
    """Waive the fee, with the reason."""

    waived_on: date
    reason: str


@attrs.frozen(kw_only=True)
class RequestReasons:
    """Ask an apparently excessive applicant for reasons."""

    sent_on: date
    note: str


@attrs.frozen(kw_only=True)
class SetLaterDueDate:
    """Set and notify a later reasonable due date for an excessive application."""

    due: date
    reason: str
    notified_on: date


@attrs.frozen(kw_only=True)
class HoldConference:
    """Record a joint conference on a hard case."""

    held_on: date
    members: tuple[ConferenceMember, ...]
    conclusion: str


@attrs.frozen(kw_only=True)
class RecordContact:
    """Record a contact with the applicant."""

    kind: ContactKind
    occurred_at: datetime
    summary: str


@attrs.frozen(kw_only=True)
class Reply:
    """Decide the reply with its outcome."""

    replied_on: date
    outcome: Outcome


@attrs.frozen(kw_only=True)
class CorrectReply:
    """Correct a reply recorded with the wrong outcome (head of the disclosure office), with the reason;
    `corrected_on` defaults to today."""

    outcome: Outcome
    reason: str
    corrected_on: date | None = None


@attrs.frozen(kw_only=True)
class RecordDelivery:
    """Record how and when the reply reached the applicant."""

    method: DeliveryMethod
    delivered_on: date


Command = (
    AssignHandler
    | RequestCorrection
    | ReceiveCorrection
    | AcceptLateCorrection
    | DeclareAbandoned
    | RecordWithdrawal
    | CorrectApplicantType
    | GrantExtension
    | StartConsultation
    | RecordLetterReceived
    | RecordConsultationAnswer
    | NotifyPublicInterestOverride
    | RecordFeeNoticeReceived
    | RecordFeePayment
    | WaiveFee
    | RequestReasons
    | SetLaterDueDate
    | HoldConference
    | RecordContact
    | Reply
    | CorrectReply
    | RecordDelivery
    | FileReview
    | DecideReview
)
"""Every command on one existing request that needs no other aggregate (a fee notice also reads the register)."""
