"""Chinese labels of every value the API's forms offer, as a clerk reads them (中文显示名称). Pure data: the
reference lists of the API serve them beside each value."""

from __future__ import annotations

import enum

from domain.actors import Role
from domain.consultation.values import CommentChannel, ConsultationCategory, ConsultationStatus, Disposition
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    ConferenceSide,
    ConsultedParty,
    ContactKind,
    DeliveryForm,
    DeliveryMethod,
    FeeScale,
    OutcomeCategory,
    Position,
    Status,
)
from domain.document.stage import Stage
from domain.document.values import DisclosureAttribute, DocumentKind, InterpretationForm, PenaltyChange
from domain.policy_enquiry.values import EnquiryChannel, EnquiryStatus
from domain.reviews import ReviewKind, ReviewResult, ReviewTarget

LABELS: dict[type[enum.StrEnum], dict[str, str]] = {
    Channel: {
        Channel.IN_PERSON: "当面提交",
        Channel.POST: "邮寄（签收）",
        Channel.POST_UNSIGNED: "平常信函",
        Channel.ONLINE: "网络申请",
        Channel.FAX: "传真",
    },
    ApplicantType: {
        ApplicantType.NATURAL_PERSON: "自然人",
        ApplicantType.BUSINESS: "商业企业",
        ApplicantType.RESEARCH_INSTITUTION: "科研机构",
        ApplicantType.PUBLIC_INTEREST_ORGANISATION: "社会公益组织",
        ApplicantType.LEGAL_SERVICES: "法律服务机构",
        ApplicantType.OTHER: "其他",
    },
    OutcomeCategory: {
        OutcomeCategory.DISCLOSED: "予以公开",
        OutcomeCategory.PARTIALLY_DISCLOSED: "部分公开",
        OutcomeCategory.NOT_DISCLOSED: "不予公开",
        OutcomeCategory.CANNOT_PROVIDE: "无法提供",
        OutcomeCategory.NOT_PROCESSED: "不予处理",
        OutcomeCategory.OTHER: "其他处理",
    },
    ConsultedParty: {ConsultedParty.THIRD_PARTY: "第三方", ConsultedParty.ORGAN: "其他行政机关"},
    Position: {Position.CONSENTS: "同意公开", Position.OBJECTS: "不同意公开"},
    FeeScale: {FeeScale.PER_ITEM: "按件计收", FeeScale.PER_VOLUME: "按量计收"},
    DeliveryForm: {
        DeliveryForm.PAPER: "纸质",
        DeliveryForm.EMAIL: "电子邮件",
        DeliveryForm.COPIED_DATA: "复制电子数据",
        DeliveryForm.ELECTRONIC: "网上查阅或下载",
    },
    DeliveryMethod: {
        DeliveryMethod.HANDED_OVER: "当面送达",
        DeliveryMethod.POSTED: "邮寄送达",
        DeliveryMethod.ELECTRONIC: "电子送达",
    },
    ContactKind: {
        ContactKind.CALL: "电话联系",
        ContactKind.GUIDANCE: "申请指导",
        ContactKind.CLARIFICATION: "沟通确认",
        ContactKind.VISIT: "当面接待",
        ContactKind.OTHER: "其他",
    },
    ConferenceSide: {
        ConferenceSide.DISCLOSURE: "政务公开部门",
        ConferenceSide.LEGAL: "法制部门",
        ConferenceSide.BUSINESS: "业务部门",
    },
    Status: {
        Status.IN_PROGRESS: "办理中",
        Status.AWAITING_CORRECTION: "补正中",
        Status.AWAITING_FEE: "待缴费",
        Status.REPLIED: "已答复",
        Status.DELIVERED: "已送达",
        Status.CLOSED: "已终结",
    },
    ReviewKind: {
        ReviewKind.RECONSIDERATION: "行政复议",
        ReviewKind.DIRECT_LITIGATION: "未经复议直接起诉",
        ReviewKind.LITIGATION_AFTER_RECONSIDERATION: "复议后起诉",
    },
    ReviewResult: {ReviewResult.UPHELD: "维持", ReviewResult.CORRECTED: "纠正", ReviewResult.OTHER: "其他"},
    ReviewTarget: {
        ReviewTarget.REPLY: "答复",
        ReviewTarget.FAILURE_TO_REPLY: "不作为（逾期未答复）",
        ReviewTarget.PROACTIVE_DISCLOSURE: "主动公开",
    },
    DocumentKind: {
        DocumentKind.NORMATIVE: "行政规范性文件",
        DocumentKind.POLICY: "政策文件",
        DocumentKind.LICENSING_DECISION: "行政许可决定",
        DocumentKind.PENALTY_DECISION: "行政处罚决定",
        DocumentKind.WORK_INFORMATION: "工作信息",
        DocumentKind.DATA_SET: "数据集",
        DocumentKind.INTERPRETATION: "政策解读",
        DocumentKind.OTHER: "其他",
    },
    DisclosureAttribute: {
        DisclosureAttribute.PROACTIVE: "主动公开",
        DisclosureAttribute.ON_REQUEST: "依申请公开",
        DisclosureAttribute.WITHHELD: "不予公开",
    },
    InterpretationForm: {
        InterpretationForm.QA: "一问一答",
        InterpretationForm.CASE_ANALYSIS: "案例分析",
        InterpretationForm.GRAPHIC: "图示图解",
    },
    PenaltyChange: {
        PenaltyChange.CHANGED: "变更",
        PenaltyChange.REVOKED: "撤销",
        PenaltyChange.FOUND_UNLAWFUL: "确认违法",
        PenaltyChange.VOID: "确认无效",
    },
    Stage: {
        Stage.AWAITING_ATTRIBUTE: "待认定公开属性",
        Stage.AWAITING_CONFIDENTIALITY_REVIEW: "待保密审查",
        Stage.AWAITING_DISCLOSURE_REVIEW: "待公开审查",
        Stage.NOT_CLEARED: "审查未通过",
        Stage.READY: "待发布",
        Stage.PUBLISHED: "已发布",
        Stage.WITHDRAWN: "已撤回",
    },
    ConsultationCategory: {
        ConsultationCategory.MAJOR_DECISION: "重大行政决策",
        ConsultationCategory.BUSINESS_RELATED: "与生产经营密切相关的文件",
        ConsultationCategory.OTHER_NORMATIVE: "其他规范性文件",
    },
    CommentChannel: {
        CommentChannel.ONLINE: "网上征集",
        CommentChannel.EMAIL: "电子邮件",
        CommentChannel.LETTER: "信函",
        CommentChannel.PHONE: "电话",
        CommentChannel.FAX: "传真",
        CommentChannel.IN_PERSON: "当面提出",
    },
    Disposition: {
        Disposition.ADOPTED: "采纳",
        Disposition.PARTLY_ADOPTED: "部分采纳",
        Disposition.NOT_ADOPTED: "未采纳",
    },
    ConsultationStatus: {
        ConsultationStatus.CONSULTING: "征求意见中",
        ConsultationStatus.REPORTED: "已公开采纳情况",
    },
    EnquiryChannel: {
        EnquiryChannel.ONLINE: "网上留言",
        EnquiryChannel.HOTLINE: "热线电话",
        EnquiryChannel.LETTER: "来信",
        EnquiryChannel.VISIT: "来访",
    },
    EnquiryStatus: {
        EnquiryStatus.RECEIVED: "待转办",
        EnquiryStatus.ROUTED: "办理中",
        EnquiryStatus.ANSWERED: "待回复",
        EnquiryStatus.REPLIED: "已回复",
    },
    Role: {
        Role.CLERK: "依申请公开经办人",
        Role.OFFICE_HEAD: "政务公开办公室负责人",
        Role.DEPARTMENT_HANDLER: "业务科室经办人",
        Role.ADMINISTRATOR: "系统管理员",
        Role.AUDITOR: "审计人员",
        Role.DRAFTER: "起草人",
        Role.CONFIDENTIALITY_REVIEWER: "保密审查人",
        Role.DISCLOSURE_REVIEWER: "公开审查人",
        Role.PUBLISHER: "信息发布员",
        Role.INTEGRATOR: "对接系统",
    },
}
"""The Chinese label of each member of each enum the API serves, by enum and then by value."""


def label(member: enum.StrEnum) -> str | None:
    """A member's Chinese label, if it has one."""
    return LABELS.get(type(member), {}).get(member.value)

EVENT_LABELS: dict[str, str] = {
    "disclosure_request.received": "收到申请",
    "disclosure_request.handler_assigned": "转交承办",
    "disclosure_request.correction_requested": "补正告知",
    "disclosure_request.correction_received": "收到补正",
    "disclosure_request.deemed_abandoned": "视为放弃申请",
    "disclosure_request.extension_granted": "延期答复",
    "disclosure_request.consultation_started": "征求意见",
    "disclosure_request.consultation_letter_received": "征求意见函送达",
    "disclosure_request.consultation_answered": "收到征求意见答复",
    "disclosure_request.public_interest_override_notified": "告知决定公开（公共利益）",
    "disclosure_request.fee_notice_sent": "发出收费通知",
    "disclosure_request.fee_notice_received": "收费通知送达",
    "disclosure_request.fee_paid": "缴纳信息处理费",
    "disclosure_request.fee_waived": "减免信息处理费",
    "disclosure_request.reasons_requested": "要求说明理由",
    "disclosure_request.later_due_date_set": "另定答复期限",
    "disclosure_request.conference_held": "召开会商",
    "disclosure_request.contact_recorded": "与申请人沟通",
    "disclosure_request.replied": "作出答复",
    "disclosure_request.reply_corrected": "更正答复类型",
    "disclosure_request.withdrawn": "申请人撤回申请",
    "disclosure_request.applicant_type_corrected": "更正申请人类型",
    "disclosure_request.delivered": "送达答复",
    "disclosure_request.review_filed": "提起复议或诉讼",
    "disclosure_request.review_decided": "复议或诉讼结果",
    "working_calendar.year_loaded": "载入节假日安排",
    "staff.credential_issued": "发放令牌（旧）",
    "staff.credential_revoked": "吊销令牌（旧）",
    "staff_directory.person_added": "添加人员",
    "staff_directory.token_issued": "发放令牌",
    "staff_directory.token_revoked": "吊销令牌",
    "staff_directory.person_revoked": "停用人员",
    "staff_directory.roles_changed": "变更角色",
    "staff_directory.legacy_credentials_imported": "导入旧令牌",
    "document.registered": "登记文件",
    "document.issued": "印发",
    "document.attribute_set": "认定公开属性",
    "document.revised": "修订",
    "document.confidentiality_reviewed": "保密审查",
    "document.disclosure_reviewed": "公开审查",
    "document.service_links_set": "设置办事链接",
    "document.interpretation_attached": "关联政策解读",
    "document.interpretation_detached": "取消关联政策解读",
    "document.published": "发布",
    "document.withdrawn": "撤回",
    "document.penalty_changed": "行政处罚决定变更",
    "document.review_filed": "提起复议或诉讼",
    "document.review_decided": "复议或诉讼结果",
    "consultation.opened": "公开征求意见",
    "consultation.adoption_report_published": "公开意见采纳情况",
    "consultation_comment.received": "收到意见",
    "consultation_comment.disposed": "意见处理",
    "consultation_comment_box.comment_filed": "意见登记",
    "consultation_comment_box.sealed": "意见箱封存",
    "policy_enquiry.received": "收到留言",
    "policy_enquiry.part_assigned": "转办或分办",
    "policy_enquiry.part_transferred": "再次转办",
    "policy_enquiry.part_answered": "承办科室答复",
    "policy_enquiry.replied": "最终回复",
    "policy_enquiry.selected_for_publication": "选登",
    "policy_enquiry.publication_withdrawn": "撤下选登",
    "catalogue.column_added": "新增栏目",
    "catalogue.column_renamed": "栏目更名",
    "catalogue.column_retired": "停用栏目",
    "request_register.number_assigned": "申请编号",
    "request_register.items_recounted": "重计申请件数",
    "personal_data.erased": "删除个人信息",
}
"""The Chinese label of each event type, by its stable name, for the audit trail a person reads."""

STREAM_LABELS: dict[str, str] = {
    "disclosure_request": "依申请公开",
    "document": "公文",
    "working_calendar": "工作日历",
    "staff": "人员令牌（旧）",
    "staff_directory": "人员名册",
    "catalogue": "公开目录",
    "consultation": "政策征求意见",
    "consultation_comment": "征求意见的意见",
    "consultation_comment_box": "意见登记箱",
    "policy_enquiry": "政策留言",
    "request_register": "申请登记簿",
    "personal_data": "个人信息删除记录",
}
"""The Chinese label of each kind of record."""
