"""A whole case through the web API, on both stores: every step, its due date, its derivation, its history.

Due dates are counted by hand on the 2025 calendar (R-COUNT-1): 4 April (清明) and 1, 2, 5 May (劳动节)
are days off; Sunday 27 April is worked (调休).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.http.conftest import API, Api

PREFIX = "disclosure_request."


def _types(case: dict[str, Any]) -> list[str]:
    return [event["type"] for event in case["history"]]


def _derivation(case: dict[str, Any]) -> str:
    return "\n".join(case["derivation"])


def test_a_case_from_receipt_to_a_decided_reconsideration(api: Api) -> None:
    clerk, head = api.clerk, api.head

    # 3 March: handed in; 20 working days from the day after → 31 March; a correction notice is due by 12 March.
    case = api.new_request(department="社会保险科")
    rid = case["id"]
    assert case["status"] == "in_progress"
    assert case["version"] == 1
    assert case["receipt_date"] == "2025-03-03"
    assert case["reply_due"] == "2025-03-31"
    assert case["reply_due_provisional"] is False
    assert case["correction_notice_due"] == "2025-03-12"
    assert case["handler_id"] == clerk.person_id
    assert case["derivation"][0].startswith("Received on 2025-03-03")
    assert case["derivation"][-1] == "Due on 2025-03-31."
    assert isinstance(case["position"], int) and case["position"] > 0
    assert _types(case) == [PREFIX + "received"]

    # 5 March: the one correction notice (补正告知): no reply due date while the applicant corrects.
    api.clock.set_business_day(date(2025, 3, 5))
    body = {"sent_on": "2025-03-05", "what_to_correct": "请写明所需信息的年份和文号", "correct_by": "2025-03-14"}
    case = api.step(rid, "correction-notice", body)
    assert case["status"] == "awaiting_correction"
    assert case["version"] == 2
    assert case["reply_due"] is None
    assert case["correction_sent_on"] == "2025-03-05"
    assert case["correct_by"] == "2025-03-14"
    assert "Correction notice sent 2025-03-05" in _derivation(case)

    # 10 March: corrected; the period restarts: 20 working days after 10 March, skipping 4 April → 8 April.
    api.clock.set_business_day(date(2025, 3, 10))
    case = api.step(rid, "correction", {"received_on": "2025-03-10", "summary": "申请人补充了年份"})
    assert case["status"] == "in_progress"
    assert case["corrected_on"] == "2025-03-10"
    assert case["reply_due"] == "2025-04-08"
    assert "Corrected application received 2025-03-10" in _derivation(case)
    assert case["derivation"][-1] == "Due on 2025-04-08."

    # 12 March: a third party is consulted. Unanswered, its 15 working days (13 March – 2 April) do not count:
    # 11, 12 March, 3 April, 7–11, 14–18, 21–25 April, Sunday 27 April (调休), 28 April → 28 April.
    api.clock.set_business_day(date(2025, 3, 12))
    body = {
        "party": "third_party",
        "subject": "补贴名单涉及企业信息",
        "letter_sent_on": "2025-03-12",
        "third_party": {"name": "上海某某科技有限公司", "address": "闵行区"},
    }
    case = api.step(rid, "consultations", body)
    assert case["clock_stopped"] is True
    assert case["consultations"][0]["consultation"]["consultation_id"] == "C1"
    assert case["consultations"][0]["answer_due"] == "2025-04-02"
    assert case["reply_due"] == "2025-04-28"
    assert "Consultation C1 (third party): letter sent 2025-03-12" in _derivation(case)
    assert "15 working days not counted" in _derivation(case)

    # 17 March: the third party consents; only 13, 14 and 17 March are not counted → 23rd working day → 11 April.
    api.clock.set_business_day(date(2025, 3, 17))
    case = api.step(
        rid, "consultations/answer", {"consultation_id": "C1", "answered_on": "2025-03-17", "position": "consents"}
    )
    assert case["clock_stopped"] is False
    assert case["consultations"][0]["consultation"]["position"] == "consents"
    assert case["reply_due"] == "2025-04-11"
    assert "answered on 2025-03-17: 3 working days not counted" in _derivation(case)

    # 7 April: the head of the office (not the handler) extends by 20 working days:
    # 14–18, 21–25 April, Sunday 27 April, 28–30 April, 6–9 May (1, 2, 5 May off), 12, 13 May → 13 May.
    api.clock.set_business_day(date(2025, 4, 7))
    body = {"working_days": 20, "reason": "涉及多个年度数据需汇总核对", "notified_on": "2025-04-07"}
    case = api.step(rid, "extension", body, who=head)
    assert case["extension_working_days"] == 20
    assert case["reply_due"] == "2025-05-13"
    assert "Extended once by 20 working days." in case["derivation"]
    assert case["derivation"][-1] == "Due on 2025-05-13."

    # 8 May: the reply, disclosed.
    api.clock.set_business_day(date(2025, 5, 8))
    case = api.step(rid, "reply", {"replied_on": "2025-05-08", "outcome": {"category": "disclosed"}})
    assert case["status"] == "replied"
    assert case["closed_on"] == "2025-05-08"
    assert case["outcome"]["category"] == "disclosed"
    assert case["reply_due"] == "2025-05-13"

    # 9 May: posted, before the due date (R-REQ-DELIVERY).
    api.clock.set_business_day(date(2025, 5, 9))
    case = api.step(rid, "delivery", {"method": "posted", "delivered_on": "2025-05-09"})
    assert case["status"] == "delivered"
    assert case["delivered_on"] == "2025-05-09"
    assert case["delivered_on_time"] is True

    # 20 May: the applicant applies for reconsideration (行政复议); 1 July: upheld (维持).
    api.clock.set_business_day(date(2025, 5, 20))
    body = {"kind": "reconsideration", "filed_on": "2025-05-20", "body": "上海市闵行区人民政府"}
    case = api.step(rid, "reviews", body)
    assert case["reviews"] == [
        {
            "review_id": "R1",
            "kind": "reconsideration",
            "against": "reply",
            "follows": None,
            "filed_on": "2025-05-20",
            "result": None,
            "decided_on": None,
            "decisions": [],
        }
    ]
    api.clock.set_business_day(date(2025, 7, 1))
    case = api.step(rid, "reviews/decision", {"review_id": "R1", "result": "upheld", "decided_on": "2025-07-01"})
    assert case["reviews"][0]["result"] == "upheld"
    assert case["reviews"][0]["decided_on"] == "2025-07-01"
    assert case["status"] == "delivered"
    assert case["version"] == 10

    # Reading it back gives the same case, with every event, who acted and in which role.
    read = api.read(rid)
    assert read["version"] == 10
    assert read["reply_due"] == "2025-05-13"
    assert _types(read) == [
        PREFIX + name
        for name in (
            "received",
            "correction_requested",
            "correction_received",
            "consultation_started",
            "consultation_answered",
            "extension_granted",
            "replied",
            "delivered",
            "review_filed",
            "review_decided",
        )
    ]
    assert [event["version"] for event in read["history"]] == list(range(1, 11))
    actors = [(e["actor"]["person_id"], e["actor"]["name"], e["actor"]["role"]) for e in read["history"]]
    assert actors[5] == (head.person_id, head.name, "office_head")
    assert all(a == (clerk.person_id, clerk.name, "clerk") for i, a in enumerate(actors) if i != 5)
    extension = read["history"][5]
    assert extension["data"]["working_days"] == 20
    assert extension["data"]["reason"] == "涉及多个年度数据需汇总核对"
    assert extension["timestamp"].startswith("2025-04-07T02:00:00")
    assert read["history"][0]["data"]["applicant"]["name"] == "陈静"


def test_an_earlier_state_by_version_and_by_instant(api: Api) -> None:
    rid = api.new_request()["id"]
    api.clock.set_business_day(date(2025, 3, 5))
    body = {"sent_on": "2025-03-05", "what_to_correct": "请写明年份", "correct_by": "2025-03-14"}
    api.step(rid, "correction-notice", body)
    api.clock.set_business_day(date(2025, 3, 10))
    api.step(rid, "correction", {"received_on": "2025-03-10", "summary": "已补正"})

    first = api.read(rid, as_of_version=1)
    assert first["version"] == 1
    assert first["status"] == "in_progress"
    assert first["reply_due"] == "2025-03-31"
    assert [e["type"] for e in first["history"]] == [PREFIX + "received"]

    second = api.read(rid, as_of_version=2)
    assert second["version"] == 2
    assert second["status"] == "awaiting_correction"
    assert second["reply_due"] is None
    assert len(second["history"]) == 2

    # 7 March, noon in Shanghai: after the notice of 5 March, before the correction of 10 March.
    between = api.read(rid, as_of="2025-03-07T12:00:00+08:00")
    assert between["version"] == 2
    assert between["status"] == "awaiting_correction"

    now = api.read(rid)
    assert now["version"] == 3
    assert now["status"] == "in_progress"
    assert now["corrected_on"] == "2025-03-10"


def test_before_the_case_existed_it_is_not_found(api: Api) -> None:
    rid = api.new_request()["id"]
    response = api.client.get(f"{API}/{rid}", params={"as_of": "2025-03-02T12:00:00+08:00"}, headers=api.clerk.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "R-NOT-FOUND"


def test_an_assigned_handler_shows_on_the_case_and_in_its_history(api: Api) -> None:
    rid = api.new_request()["id"]
    body = {"department": "就业促进科", "handler_id": api.clerk2.person_id, "handler_name": api.clerk2.name}
    case = api.step(rid, "handler", body)
    assert case["handler_id"] == api.clerk2.person_id
    assert case["department"] == "就业促进科"
    assert case["history"][-1]["type"] == PREFIX + "handler_assigned"
    assert case["history"][-1]["actor"]["role"] == "clerk"


def test_the_head_of_the_office_may_register_and_then_is_the_handler(api: Api) -> None:
    case = api.new_request(who=api.head)
    assert case["handler_id"] == api.head.person_id
    actor = {"person_id": api.head.person_id, "name": api.head.name, "role": "office_head"}
    assert case["history"][0]["actor"] == actor


def test_a_step_answers_with_the_events_it_recorded_and_a_read_with_all(api: Api) -> None:
    rid = api.new_request()["id"]
    contact = {"kind": "call", "occurred_at": "2025-03-03T09:00:00+08:00", "summary": "电话告知办理进度"}
    stepped = api.step(rid, "contacts", contact)
    assert stepped["history_scope"] == "this_step_only"
    assert _types(stepped) == [PREFIX + "contact_recorded"]
    read = api.read(rid)
    assert read["history_scope"] == "whole_case"
    assert _types(read) == [PREFIX + "received", PREFIX + "contact_recorded"]
    assert {k: v for k, v in stepped.items() if k not in ("history", "history_scope", "position")} == {
        k: v for k, v in read.items() if k not in ("history", "history_scope", "position")
    }
