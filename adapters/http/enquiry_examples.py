"""An example of every request body of the policy message board's API (adapters/http/examples.py shows them)."""

from __future__ import annotations

from typing import Any

from adapters.http.enquiry_schemas import NewEnquiry, PublicQuestion
from domain.policy_enquiry import commands as enquiry

_ASKER = {"name": "张伟", "phone": "13912345678"}
_QUESTION = "我是2024届高校毕业生，在本区企业就业，请问一次性就业补贴怎么申领？需要哪些材料？"

ENQUIRY_EXAMPLES: dict[type, dict[str, Any]] = {
    NewEnquiry: {
        "organ": "闵行区人力资源和社会保障局",
        "channel": "hotline",
        "arrived_at": "2025-03-03T09:30:00+08:00",
        "asker": _ASKER,
        "question": _QUESTION,
    },
    PublicQuestion: {"organ": "闵行区人力资源和社会保障局", "asker": _ASKER, "question": _QUESTION},
    enquiry.RouteEnquiry: {"department": "就业促进科", "note": "属高校毕业生就业补贴政策"},
    enquiry.SplitEnquiry: {
        "parts": [
            {"department": "就业促进科", "scope": "一次性就业补贴的申领条件和材料"},
            {"department": "社会保险科", "scope": "社会保险缴费记录的查询"},
        ],
        "note": "问题涉及就业补贴和社保缴费两项政策",
    },
    enquiry.TransferPart: {"part": 1, "department": "社会保险科", "reason": "问题涉及社保缴费年限，非就业补贴政策"},
    enquiry.AnswerPart: {
        "part": 1,
        "answer": "符合条件的高校毕业生可在“一网通办”申领一次性就业补贴，需提供毕业证书和劳动合同。",
    },
    enquiry.ReplyToEnquiry: {
        "reply": "您好！符合条件的高校毕业生可在“一网通办”申领一次性就业补贴，需提供毕业证书和劳动合同。感谢您的留言。"
    },
    enquiry.SelectForPublication: {
        "public_title": "高校毕业生一次性就业补贴如何申领",
        "public_question": "请问高校毕业生一次性就业补贴怎么申领？需要哪些材料？",
        "public_reply": "符合条件的高校毕业生可在“一网通办”申领一次性就业补贴，需提供毕业证书和劳动合同。",
    },
    enquiry.WithdrawPublication: {"reason": "补贴政策已调整，答复内容不再适用"},
}
"""The example of each request body type of the message board, by its class."""
