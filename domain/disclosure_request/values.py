"""Value types of a disclosure request: channels, applicant types, outcomes and their grounds."""

from __future__ import annotations

import enum

import attrs


class Channel(enum.StrEnum):
    """How an application arrived; it fixes the receipt date (R-REQ-RECEIPT)."""

    IN_PERSON = "in_person"
    """当面提交: receipt is the day it is handed in."""
    POST = "post"
    """邮寄 (signed for): receipt is the day the organ signs for it."""
    POST_UNSIGNED = "post_unsigned"
    """平常信函: receipt is the day receipt is confirmed with the applicant."""
    ONLINE = "online"
    """网络: receipt is the day both sides confirm."""
    FAX = "fax"
    """传真 to the organ's fax: receipt is the day both sides confirm."""


class ApplicantType(enum.StrEnum):
    """申请人类型: the columns of the annual report's table 3 (R-REQ-APPLICANT)."""

    NATURAL_PERSON = "natural_person"
    """自然人"""
    BUSINESS = "business"
    """商业企业"""
    RESEARCH_INSTITUTION = "research_institution"
    """科研机构"""
    PUBLIC_INTEREST_ORGANISATION = "public_interest_organisation"
    """社会公益组织"""
    LEGAL_SERVICES = "legal_services"
    """法律服务机构"""
    OTHER = "other"
    """其他"""


class OutcomeCategory(enum.StrEnum):
    """答复结果: the outcome rows of the annual report's table 3 (R-REQ-OUTCOME)."""

    DISCLOSED = "disclosed"
    """予以公开"""
    PARTIALLY_DISCLOSED = "partially_disclosed"
    """部分公开"""
    NOT_DISCLOSED = "not_disclosed"
    """不予公开"""
    CANNOT_PROVIDE = "cannot_provide"
    """无法提供"""
    NOT_PROCESSED = "not_processed"
    """不予处理"""
    OTHER = "other"
    """其他处理"""


GROUNDS: dict[OutcomeCategory, dict[int, str]] = {
    OutcomeCategory.NOT_DISCLOSED: {
        1: "属于国家秘密 state secret (Art. 14)",
        2: "其他法律行政法规禁止公开 barred by another law (Art. 14)",
        3: "危及“三安全一稳定” endangers security or stability (Art. 14)",
        4: "保护第三方合法权益 third-party rights (Art. 15)",
        5: "属于三类内部事务信息 internal affairs (Art. 16)",
        6: "属于四类过程性信息 process information (Art. 16)",
        7: "属于行政执法案卷 law-enforcement files (Art. 16)",
        8: "属于行政查询事项 administrative inquiry matters",
    },
    OutcomeCategory.CANNOT_PROVIDE: {
        1: "本机关不掌握相关政府信息 not held by this organ",
        2: "没有现成信息需要另行制作 would have to be newly compiled (Art. 38)",
        3: "补正后申请内容仍不明确 still unclear after correction",
    },
    OutcomeCategory.NOT_PROCESSED: {
        1: "信访举报投诉类申请 petition or complaint (Art. 39)",
        2: "重复申请 repeat application",
        3: "要求提供公开出版物 asks for a publication",
        4: "无正当理由大量反复申请 excessive without good reason (Art. 35)",
        5: "要求行政机关确认或重新出具已获取信息 asks to confirm or re-issue information already obtained",
    },
    OutcomeCategory.OTHER: {
        1: "申请人无正当理由逾期不补正 no correction in time (Art. 30)",
        2: "申请人逾期未按收费通知要求缴纳费用 fee not paid in time (Art. 42)",
        3: "其他 other",
    },
}
"""The legal grounds each outcome category takes, numbered as in the annual report."""

NO_CORRECTION_IN_TIME = 1
FEE_NOT_PAID = 2
OTHER_GROUND = 3
STILL_UNCLEAR_AFTER_CORRECTION = 3
NOT_HELD = 1
EXCESSIVE = 4


@attrs.frozen
class Outcome:
    """答复: one outcome of R-REQ-OUTCOME with its ground and the particulars it needs."""

    category: OutcomeCategory
    ground: int | None = None
    already_public_at: str | None = None
    """For a disclosure of information already public: where and how to obtain it."""
    withheld: str | None = None
    """For a partial disclosure: what is withheld and why."""
    withheld_grounds: tuple[int, ...] = ()
    """For a partial disclosure: the non-disclosure grounds (1–8) of what is withheld."""
    responsible_organ: str | None = None
    """For information not held: the organ that holds it, if known."""
    description: str | None = None
    """For the ground 'other': what happened (e.g. withdrawn by the applicant)."""

    @property
    def ground_text(self) -> str | None:
        """The legal ground in words, as the reply states it."""
        if self.ground is None:
            return None
        return GROUNDS[self.category][self.ground]

    @property
    def discloses(self) -> bool:
        """Whether this outcome gives information out."""
        return self.category in (OutcomeCategory.DISCLOSED, OutcomeCategory.PARTIALLY_DISCLOSED)


class ConsultedParty(enum.StrEnum):
    """Who is consulted while the clock stands still."""

    THIRD_PARTY = "third_party"
    """第三方 (R-REQ-THIRDPARTY)"""
    ORGAN = "organ"
    """其他行政机关 (R-REQ-ORGANS)"""


class Position(enum.StrEnum):
    """A consulted party's answer."""

    CONSENTS = "consents"
    OBJECTS = "objects"


class FeeScale(enum.StrEnum):
    """信息处理费: the two scales of 国办函〔2020〕109号; one per application (R-REQ-FEE)."""

    PER_ITEM = "per_item"
    """按件计收"""
    PER_VOLUME = "per_volume"
    """按量计收 (paper, e-mail or copied electronic data only)"""


class DeliveryForm(enum.StrEnum):
    """The form in which information is provided."""

    PAPER = "paper"
    """纸质"""
    EMAIL = "email"
    """电子邮件"""
    COPIED_DATA = "copied_data"
    """复制电子数据 (e.g. onto a disc)"""
    ELECTRONIC = "electronic"
    """网上查阅或下载 (online, no copy made by the organ)"""


class DeliveryMethod(enum.StrEnum):
    """How a reply reached the applicant (R-REQ-DELIVERY)."""

    HANDED_OVER = "handed_over"
    """当面送达: on time by the signature date."""
    POSTED = "posted"
    """邮寄: on time by the posting date."""
    ELECTRONIC = "electronic"
    """电子送达: on time by the sending date."""


class ContactKind(enum.StrEnum):
    """A contact with the applicant (R-REQ-CONTACT)."""

    CALL = "call"
    GUIDANCE = "guidance"
    CLARIFICATION = "clarification"
    VISIT = "visit"
    OTHER = "other"


class ConferenceSide(enum.StrEnum):
    """The departments a joint conference brings together (R-REQ-CONFERENCE)."""

    DISCLOSURE = "disclosure"
    LEGAL = "legal"
    BUSINESS = "business"


@attrs.frozen
class ConferenceMember:
    """One member of a joint conference."""

    name: str
    department: str
    side: ConferenceSide


class Status(enum.StrEnum):
    """Where an application stands."""

    IN_PROGRESS = "in_progress"
    """办理中: the reply clock runs (or stands still for a consultation)."""
    AWAITING_CORRECTION = "awaiting_correction"
    """补正中: the applicant was asked to correct; the clock restarts on receipt."""
    AWAITING_FEE = "awaiting_fee"
    """待缴费: a fee notice stops the clock until payment or waiver."""
    REPLIED = "replied"
    """已答复: decided, not yet delivered."""
    DELIVERED = "delivered"
    """已送达"""
    CLOSED = "closed"
    """已终结: deemed abandoned or withdrawn, without a reply to deliver."""
