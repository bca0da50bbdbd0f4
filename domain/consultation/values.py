"""Value types of a consultation: what kind of draft it is, how comments arrive, what was done with them."""

from __future__ import annotations

import enum
from uuid import UUID

import attrs


class ConsultationCategory(enum.StrEnum):
    """What the draft is; it sets the shortest period the consultation may run (R-CON-PERIOD)."""

    MAJOR_DECISION = "major_decision"
    """重大行政决策 (重大行政决策程序暂行条例 Art. 15): at least 30 calendar days."""
    BUSINESS_RELATED = "business_related"
    """与市场主体生产经营活动密切相关: a document closely tied to business operations, at least 30 calendar days."""
    OTHER_NORMATIVE = "other_normative"
    """其他规范性文件 and other policies: at least 7 working days."""


class CommentChannel(enum.StrEnum):
    """How a comment reached the organ (R-CON-WINDOW records it)."""

    ONLINE = "online"
    """网上征集: through the public endpoint (the portal, 政务新媒体)."""
    EMAIL = "email"
    """电子邮件, entered by staff."""
    LETTER = "letter"
    """信函, entered by staff."""
    PHONE = "phone"
    """电话, entered by staff."""
    FAX = "fax"
    """传真, entered by staff."""
    IN_PERSON = "in_person"
    """当面, entered by staff."""


class Disposition(enum.StrEnum):
    """采纳情况: what was done with one comment (R-CON-ADOPT)."""

    ADOPTED = "adopted"
    """采纳"""
    PARTLY_ADOPTED = "partly_adopted"
    """部分采纳"""
    NOT_ADOPTED = "not_adopted"
    """未采纳"""


class ConsultationStatus(enum.StrEnum):
    """Where a consultation stands in the lists."""

    CONSULTING = "consulting"
    """征求意见中: open, or closed and awaiting its adoption report."""
    REPORTED = "reported"
    """已公开采纳情况: the adoption report is published."""


class CommentStatus(enum.StrEnum):
    """Where a comment stands in the lists."""

    AWAITING_DISPOSITION = "awaiting_disposition"
    """待处理"""
    DISPOSED = "disposed"
    """已处理"""


@attrs.frozen
class ReportItem:
    """One comment's line in the adoption report: its receipt id, disposition and reason, never who made it."""

    comment_id: UUID
    disposition: Disposition
    reason: str
