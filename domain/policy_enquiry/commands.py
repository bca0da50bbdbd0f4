"""Commands a person gives about a policy enquiry, in the imperative. A day left out is today."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from domain.personal_data import PersonalData
from domain.policy_enquiry.values import EnquiryChannel, PartAssignment


@attrs.frozen(kw_only=True)
class ReceiveEnquiry:
    """Record a question as it arrived: by the public endpoint (now), or entered by staff (when it arrived)."""

    enquiry_id: UUID
    organ: str
    channel: EnquiryChannel
    arrived_at: datetime
    asker: PersonalData
    question: str


@attrs.frozen(kw_only=True)
class RouteEnquiry:
    """转办: send the whole question to the drafting or responsible department."""

    department: str
    routed_on: date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class SplitEnquiry:
    """分办: divide the question between several departments, each answering its share."""

    parts: tuple[PartAssignment, ...]
    split_on: date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class TransferPart:
    """Move a part on to another department, saying why it is not the present one's."""

    part: int
    department: str
    reason: str
    transferred_on: date | None = None


@attrs.frozen(kw_only=True)
class AnswerPart:
    """A department's answer to its part of the question."""

    part: int
    answer: str
    answered_on: date | None = None


@attrs.frozen(kw_only=True)
class ReplyToEnquiry:
    """Give the asker the final reply, once every part is answered."""

    reply: str
    replied_on: date | None = None


@attrs.frozen(kw_only=True)
class SelectForPublication:
    """选登: publish the question and its reply in an edited text without the asker's personal data."""

    public_title: str
    public_question: str
    public_reply: str
    published_on: date | None = None


@attrs.frozen(kw_only=True)
class WithdrawPublication:
    """Take a published question down, with the reason."""

    reason: str
    withdrawn_on: date | None = None


Command = (
    RouteEnquiry
    | SplitEnquiry
    | TransferPart
    | AnswerPart
    | ReplyToEnquiry
    | SelectForPublication
    | WithdrawPublication
)
"""A step on an enquiry that exists."""
