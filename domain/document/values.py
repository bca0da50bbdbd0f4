"""Value types of a document: kinds, disclosure attributes, interpretation forms, service links."""

from __future__ import annotations

import enum

import attrs


class DocumentKind(enum.StrEnum):
    """The kinds of government information the bureau produces."""

    REGULATION = "regulation"
    """规章: a regulation made by a government with rule-making power."""
    NORMATIVE = "normative"
    """行政规范性文件: a rule-making document of general effect."""
    POLICY = "policy"
    """政策文件"""
    LICENSING_DECISION = "licensing_decision"
    """行政许可决定 (双公示)"""
    PENALTY_DECISION = "penalty_decision"
    """行政处罚决定 (双公示)"""
    ENFORCEMENT_DECISION = "enforcement_decision"
    """行政强制决定"""
    WORK_INFORMATION = "work_information"
    """工作信息"""
    DATA_SET = "data_set"
    """数据集, e.g. the list of community employment service stations (社区就业服务站点位)."""
    INTERPRETATION = "interpretation"
    """政策解读"""
    OTHER = "other"
    """其他"""

    @property
    def needs_interpretation(self) -> bool:
        """Policies and normative documents are published with their interpretation (R-DOC-INTERPRET)."""
        return self in (DocumentKind.POLICY, DocumentKind.NORMATIVE, DocumentKind.REGULATION)

    @property
    def has_validity(self) -> bool:
        """Regulations and normative documents are in force from their issue until repealed or expired (R-REPORT)."""
        return self in (DocumentKind.NORMATIVE, DocumentKind.REGULATION)

    @property
    def is_decision(self) -> bool:
        """Licensing, penalty and enforcement decisions, counted in table 2 on their decision date (R-REPORT)."""
        return self in (
            DocumentKind.LICENSING_DECISION,
            DocumentKind.PENALTY_DECISION,
            DocumentKind.ENFORCEMENT_DECISION,
        )

    @property
    def is_dual_publication(self) -> bool:
        """Licensing and penalty decisions are published within 7 working days (R-DOC-DUAL)."""
        return self in (DocumentKind.LICENSING_DECISION, DocumentKind.PENALTY_DECISION)


class DisclosureAttribute(enum.StrEnum):
    """公开属性: set by the drafting unit when the document is drafted (R-DOC-ATTR)."""

    PROACTIVE = "proactive"
    """主动公开"""
    ON_REQUEST = "on_request"
    """依申请公开"""
    WITHHELD = "withheld"
    """不予公开"""


class InterpretationForm(enum.StrEnum):
    """解读形式"""

    QA = "qa"
    """一问一答"""
    CASE_ANALYSIS = "case_analysis"
    """案例分析"""
    GRAPHIC = "graphic"
    """图示图解"""


class PenaltyChange(enum.StrEnum):
    """What happened to a penalty decision (行政处罚法 Art. 48)."""

    CHANGED = "changed"
    """变更"""
    REVOKED = "revoked"
    """撤销"""
    FOUND_UNLAWFUL = "found_unlawful"
    """确认违法"""
    VOID = "void"
    """确认无效"""


@attrs.frozen
class ServiceLink:
    """阅办联动: a link from a normative document to one of its 一网通办 service items."""

    title: str
    url: str
