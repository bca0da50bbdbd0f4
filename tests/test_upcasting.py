"""Events stored under an earlier schema version read back under the current one: the log is never rewritten."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from adapters.persistence.mapper import decode_event
from domain.disclosure_request import events as request_events
from domain.document import events as document_events
from domain.reviews import ReviewTarget

ACTOR = {"person_id": "clerk-li-na", "name": "李娜", "role": "clerk"}
RECORDED = {"schema_version": 1, "timestamp": "2025-03-03T17:30:00+00:00", "actor": ACTOR}
"""Recorded at 01:30 on 2025-03-04 in Shanghai: an upcast business date is the 4th, not the 3rd."""

V1_BODIES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "disclosure_request.received": (
        {
            "organ": "闵行区人力资源和社会保障局",
            "department": "社会保险科",
            "channel": "in_person",
            "arrived_at": "2025-03-03T09:30:00+08:00",
            "receipt_date": "2025-03-03",
            "applicant": {"name": "陈静", "id_number": None, "phone": None, "address": None, "email": None},
            "applicant_type": "natural_person",
            "information_requested": "补贴发放情况",
            "preferred_form": "paper",
            "handler_id": "clerk-li-na",
            "handler_name": "李娜",
        },
        {"registration_number": None, "items": 1, "applicant_key": None, "late_confirmation_reason": None},
    ),
    "disclosure_request.extension_granted": (
        {"working_days": 10, "reason": "需调取档案", "notified_on": "2025-03-04", "handler_id": "clerk-li-na"},
        {"decided_on": date(2025, 3, 4)},
    ),
    "disclosure_request.correction_received": (
        {"received_on": "2025-03-04", "summary": "已补正"},
        {"late_reason": None},
    ),
    "disclosure_request.fee_notice_sent": (
        {"sent_on": "2025-03-04", "scale": "per_item", "quantity": 12, "form": "paper", "amount": "200"},
        {"items_before": 0},
    ),
    "disclosure_request.review_filed": (
        {"review_id": "R1", "kind": "reconsideration", "filed_on": "2025-03-04", "body": "区政府"},
        {"against": ReviewTarget.REPLY, "follows": None},
    ),
    "document.confidentiality_reviewed": (
        {"revision": 1, "passed": True, "findings": "不涉密"},
        {"reviewed_on": date(2025, 3, 4)},
    ),
    "document.disclosure_reviewed": (
        {"revision": 1, "approved": True, "opinion": "同意"},
        {"reviewed_on": date(2025, 3, 4)},
    ),
    "document.withdrawn": ({"withdrawn_on": "2025-03-04", "reason": "有误"}, {"reason_published": False}),
}


@pytest.mark.parametrize("type_name", sorted(V1_BODIES))
def test_a_version_1_event_reads_back_with_the_fields_added_since(type_name: str) -> None:
    body, added = V1_BODIES[type_name]
    event = decode_event(type_name, uuid4(), 2, {**RECORDED, **body})
    assert {field: getattr(event, field) for field in added} == added


def test_every_event_type_past_version_1_has_a_case_here() -> None:
    newer = {t.type_name for t in (*request_events.EVENT_TYPES, *document_events.EVENT_TYPES) if t.schema_version > 1}
    assert newer <= set(V1_BODIES), f"add a version-1 body for {sorted(newer - set(V1_BODIES))}"
