"""Value types of a policy enquiry: how it arrived, where it stands, and one department's part of it."""

from __future__ import annotations

import enum
from datetime import date

import attrs


class EnquiryChannel(enum.StrEnum):
    """How a question reached the organ (政民互动渠道)."""

    ONLINE = "online"
    """网上留言: the public endpoint, without a token."""
    HOTLINE = "hotline"
    """热线电话: the organ's hotline or 12345, entered by staff."""
    LETTER = "letter"
    """来信: by post, entered by staff."""
    VISIT = "visit"
    """来访: in person, entered by staff."""


class EnquiryStatus(enum.StrEnum):
    """Where a question stands."""

    RECEIVED = "received"
    """已收到: waiting in the disclosure office to be routed."""
    ROUTED = "routed"
    """办理中: with one department (转办) or several (分办), not every part answered."""
    ANSWERED = "answered"
    """待回复: every department answered its part; the final reply is due."""
    REPLIED = "replied"
    """已回复: the asker has the final reply."""


@attrs.frozen
class Stay:
    """A part's time in one department's queue: from the day it arrived there until it was answered or moved on."""

    department: str
    entered_on: date
    left_on: date | None = None


@attrs.frozen
class Part:
    """One department's part of a question: the whole question when transferred (转办), a share when split (分办)."""

    number: int
    scope: str | None
    """What this part covers, when the question was split; None for the whole question."""
    stays: tuple[Stay, ...]
    answer: str | None = None
    answered_on: date | None = None

    @property
    def department(self) -> str:
        """The department whose queue the part is in (or was answered in)."""
        return self.stays[-1].department

    @property
    def is_open(self) -> bool:
        """Not yet answered."""
        return self.answered_on is None


@attrs.frozen
class PartAssignment:
    """分办: one department and the share of the question it answers."""

    department: str
    scope: str
