"""One example of every request body, shown in the OpenAPI document (a test posts each through the door, and
fails for a body type of the app that has none here)."""

from __future__ import annotations

from typing import Any

from adapters.http.consultation_schemas import CONSULTATION_EXAMPLES
from adapters.http.document_schemas import ColumnIn, NewDocument, RenameIn, RetireIn
from adapters.http.enquiry_examples import ENQUIRY_EXAMPLES
from adapters.http.open_day_examples import OPEN_DAY_EXAMPLES
from adapters.http.schemas import HolidayYearIn, NewDisclosureRequest
from domain.disclosure_request import commands as request
from domain.document import commands as document
from domain.monthly_return import CountDecisions, RecordFeeIncome

_DOCUMENT = "7d4e1c52-3f7a-4b8e-9c1d-2a6b5e8f0c13"
_APPLICANT = {"name": "陈静", "phone": "13800000000", "address": "上海市闵行区莘庄镇某路1号"}

EXAMPLES: dict[type, dict[str, Any]] = {
    NewDisclosureRequest: {
        "organ": "闵行区人力资源和社会保障局",
        "department": "社会保险科",
        "channel": "in_person",
        "arrived_at": "2025-03-03T09:30:00+08:00",
        "applicant": _APPLICANT,
        "applicant_type": "natural_person",
        "information_requested": "2024年度本区社会保险补贴发放情况",
        "preferred_form": "electronic",
    },
    request.AssignHandler: {"department": "就业促进科", "handler_id": "staff-3a9c0e21b4d7", "handler_name": "王敏"},
    request.RequestCorrection: {
        "sent_on": "2025-03-05",
        "what_to_correct": "请写明所需信息的年份和具体项目",
        "correct_by": "2025-03-19",
    },
    request.ReceiveCorrection: {"received_on": "2025-03-12", "summary": "申请人补正：所需信息为2024年度补贴发放汇总"},
    request.AcceptLateCorrection: {
        "received_on": "2025-03-21",
        "summary": "申请人补正：所需信息为2024年度补贴发放汇总",
        "reason": "申请人住院治疗，逾期补正有医院证明",
    },
    request.DeclareAbandoned: {"decided_on": "2025-03-24"},
    request.RecordWithdrawal: {"withdrawn_on": "2025-03-14", "reason": "申请人来函称已通过其他途径获取该信息"},
    request.CorrectApplicantType: {
        "applicant_type": "legal_services",
        "reason": "申请人为律师事务所，登记时误选自然人",
    },
    request.GrantExtension: {
        "working_days": 20,
        "reason": "所需信息涉及多个科室，需汇总核实",
        "decided_on": "2025-03-27",
        "notified_on": "2025-03-28",
    },
    request.StartConsultation: {
        "party": "third_party",
        "subject": "拟公开信息涉及贵单位的经营数据，请书面答复是否同意公开",
        "letter_sent_on": "2025-03-10",
        "third_party": {"name": "上海某某人力资源有限公司", "address": "上海市闵行区某路2号"},
    },
    request.RecordLetterReceived: {"consultation_id": "C1", "received_on": "2025-03-12"},
    request.RecordConsultationAnswer: {
        "consultation_id": "C1",
        "answered_on": "2025-03-20",
        "position": "objects",
        "reason": "涉及商业秘密",
    },
    request.NotifyPublicInterestOverride: {
        "consultation_id": "C1",
        "to_be_disclosed": "补贴发放总额",
        "reason": "不公开可能对公共利益造成重大影响",
        "notified_on": "2025-03-24",
    },
    request.SendFeeNotice: {"sent_on": "2025-03-10", "scale": "per_volume", "form": "paper", "quantity": 45},
    request.RecordFeeNoticeReceived: {"received_on": "2025-03-12"},
    request.RecordFeePayment: {"paid_on": "2025-03-17"},
    request.WaiveFee: {"waived_on": "2025-03-12", "reason": "申请人生活困难，依申请减免"},
    request.RequestReasons: {"sent_on": "2025-03-05", "note": "请说明在一个月内提出三十件申请的理由"},
    request.SetLaterDueDate: {"due": "2025-05-30", "reason": "申请数量明显超过合理范围", "notified_on": "2025-03-14"},
    request.HoldConference: {
        "held_on": "2025-03-18",
        "members": [
            {"name": "赵主任", "department": "政务公开办公室", "side": "disclosure"},
            {"name": "孙律师", "department": "法制科", "side": "legal"},
            {"name": "李科长", "department": "社会保险科", "side": "business"},
        ],
        "conclusion": "部分公开，第三方经营数据不予公开",
    },
    request.RecordContact: {"kind": "call", "occurred_at": "2025-03-04T10:15:00+08:00", "summary": "电话说明办理进度"},
    request.Reply: {"replied_on": "2025-03-28", "outcome": {"category": "not_disclosed", "ground": 6}},
    request.CorrectReply: {
        "outcome": {"category": "cannot_provide", "ground": 1, "responsible_organ": "闵行区财政局"},
        "reason": "录入时误选“不予公开”，答复书实为“本机关不掌握”",
        "corrected_on": "2025-03-31",
    },
    request.RecordDelivery: {"method": "posted", "delivered_on": "2025-03-28"},
    request.FileReview: {"kind": "reconsideration", "filed_on": "2025-04-20", "body": "闵行区人民政府"},
    request.DecideReview: {"review_id": "R1", "result": "upheld", "decided_on": "2025-06-10"},
    NewDocument: {
        "organ": "闵行区人力资源和社会保障局",
        "department": "就业促进科",
        "kind": "normative",
        "title": "关于印发《闵行区促进高校毕业生就业补贴办法》的通知",
        "document_number": "闵人社规〔2025〕1号",
        "formed_on": "2025-03-03",
        "text": "各有关单位：现将《闵行区促进高校毕业生就业补贴办法》印发给你们，请认真遵照执行。",
        "has_service_items": True,
    },
    document.RecordIssue: {"issued_on": "2025-03-06"},
    document.SetAttribute: {"attribute": "proactive"},
    document.ReviseDocument: {
        "title": "关于印发《闵行区促进高校毕业生就业补贴办法》的通知",
        "text": "各有关单位：现将修订后的补贴办法印发给你们。",
        "changed_on": "2025-03-05",
        "reason": "根据法制审核意见修改第三条",
    },
    document.ReviewConfidentiality: {
        "revision": 1,
        "passed": True,
        "findings": "不涉及国家秘密、工作秘密和个人信息",
        "reviewed_on": "2025-03-04",
    },
    document.ReviewDisclosure: {
        "revision": 1,
        "approved": True,
        "opinion": "同意主动公开",
        "reviewed_on": "2025-03-05",
    },
    document.SetServiceLinks: {
        "links": [{"title": "高校毕业生就业补贴申领", "url": "https://zwdt.sh.gov.cn/govPortals/item/3101120001"}]
    },
    document.AttachInterpretation: {"interpretation_id": _DOCUMENT},
    document.DetachInterpretation: {"interpretation_id": _DOCUMENT, "reason": "解读稿需随政策修订重写"},
    document.PublishDocument: {"column_id": "normative", "channels": ["portal"], "published_on": "2025-03-10"},
    document.WithdrawDocument: {"withdrawn_on": "2025-06-01", "reason": "该文件已被新文件替代"},
    document.RecordPenaltyChange: {
        "change": "found_unlawful",
        "changed_on": "2025-05-20",
        "reason": "经法院判决确认违法",
    },
    document.SetValidity: {"effective_on": "2025-04-01", "valid_until": "2030-03-31"},
    document.RecordRepeal: {"repealed_on": "2026-06-30", "reason": "已被《闵行区就业补贴办法（2026年修订）》替代"},
    CountDecisions: {"department": "劳动保障监察大队", "kind": "penalty", "count": 12},
    RecordFeeIncome: {"yuan": "12345.60"},
    ColumnIn: {"column_id": "normative", "name": "行政规范性文件"},
    RenameIn: {"name": "规范性文件"},
    RetireIn: {"reason": "栏目调整，内容并入政策文件栏目"},
    HolidayYearIn: {
        "year": 2027,
        "source": "国务院办公厅关于2027年部分节假日安排的通知",
        "holidays": ["2027-01-01", "2027-02-06..2027-02-12"],
        "workdays": ["2027-02-14"],
    },
    **CONSULTATION_EXAMPLES,
    **ENQUIRY_EXAMPLES,
    **OPEN_DAY_EXAMPLES,
}
"""The example of each request body type, by its class."""
