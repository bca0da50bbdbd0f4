"""The steps that mend a case through the API: a late correction, a withdrawal, a corrected applicant type or reply,
the fee notice's receipt, an abandonment entered later; who may take them; and what each reader sees of who applied.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.actors import SYSTEM, Role
from tests.http.conftest import API, Api, Person, Unchanged, assert_problem

PREFIX = "disclosure_request."


def _person(api: Api, name: str, *roles: Role) -> Person:
    person_id, token = api.gongkai.staff.add(name, roles, SYSTEM)
    return Person(person_id=person_id, name=name, token=token)


def _awaiting_correction(api: Api) -> str:
    """A case received Mon 3/3 with a correction notice giving until Fri 3/14."""
    rid = api.new_request()["id"]
    notice = {"sent_on": "2025-03-03", "what_to_correct": "写明年份", "correct_by": "2025-03-14"}
    api.step(rid, "correction-notice", notice)
    return str(rid)


def test_a_late_correction_is_accepted_by_the_head_of_office_only(api: Api) -> None:
    rid = _awaiting_correction(api)
    api.clock.set_business_day(date(2025, 3, 18))
    late = {"received_on": "2025-03-17", "summary": "补正为2024年", "reason": "申请人住院，有医院证明"}
    unchanged = Unchanged(api, rid)
    response = api.client.post(f"{API}/{rid}/correction/late-acceptance", json=late, headers=api.clerk.headers)
    assert_problem(response, 403, "R-ROLE")
    ontime = {"received_on": "2025-03-17", "summary": "补正为2024年"}
    response = api.client.post(f"{API}/{rid}/correction", json=ontime, headers=api.clerk.headers)
    assert_problem(response, 422, "R-REQ-CORRECT", "received_on")
    unchanged.check()
    case = api.step(rid, "correction/late-acceptance", late, api.head)
    assert (case["status"], case["corrected_on"]) == ("in_progress", "2025-03-17")
    assert case["correction_accepted_late"] == "申请人住院，有医院证明"
    assert any("accepted for this reason" in line for line in case["derivation"])


def test_an_abandonment_entered_later_carries_the_day_it_was_decided(api: Api) -> None:
    rid = _awaiting_correction(api)
    api.clock.set_business_day(date(2025, 3, 20))
    case = api.step(rid, "abandonment", {"decided_on": "2025-03-17"})
    assert (case["status"], case["closed_on"]) == ("closed", "2025-03-17")
    assert case["outcome"]["category"] == "other" and case["outcome"]["ground"] == 1


def test_an_abandonment_today_is_an_empty_object(api: Api) -> None:
    rid = _awaiting_correction(api)
    api.clock.set_business_day(date(2025, 3, 17))
    assert api.step(rid, "abandonment", {})["closed_on"] == "2025-03-17"


def test_the_applicant_withdraws_while_a_correction_is_awaited(api: Api) -> None:
    rid = _awaiting_correction(api)
    api.clock.set_business_day(date(2025, 3, 6))
    case = api.step(rid, "withdrawal", {"withdrawn_on": "2025-03-05", "reason": "已通过其他途径获取"})
    assert (case["status"], case["closed_on"]) == ("closed", "2025-03-05")
    assert (case["outcome"]["category"], case["outcome"]["ground"]) == ("other", 3)
    assert "已通过其他途径获取" in case["outcome"]["description"]


def test_an_applicant_type_is_corrected_with_its_reason_and_both_stay_in_the_history(api: Api) -> None:
    rid = api.new_request()["id"]
    fix = {"applicant_type": "legal_services", "reason": "申请人为律师事务所"}
    case = api.step(rid, "applicant-type", fix)
    assert case["applicant_type"] == "legal_services"
    history = api.read(rid)["history"]
    assert history[0]["data"]["applicant_type"] == "natural_person"
    assert history[-1]["type"] == PREFIX + "applicant_type_corrected"
    assert history[-1]["data"] == fix


def test_a_reply_recorded_by_mistake_is_corrected_by_the_head_of_office_and_both_are_shown(api: Api) -> None:
    rid = api.new_request()["id"]
    api.step(rid, "reply", {"replied_on": "2025-03-03", "outcome": {"category": "disclosed"}})
    fix = {"outcome": {"category": "cannot_provide", "ground": 1}, "reason": "误点予以公开"}
    unchanged = Unchanged(api, rid)
    assert_problem(api.client.post(f"{API}/{rid}/reply/correction", json=fix, headers=api.clerk.headers), 403, "R-ROLE")
    unchanged.check()
    case = api.step(rid, "reply/correction", fix, api.head)
    assert case["outcome"]["category"] == "cannot_provide"
    [correction] = case["reply_corrections"]
    assert (correction["previous"]["category"], correction["outcome"]["category"]) == ("disclosed", "cannot_provide")
    assert (correction["corrected_on"], correction["reason"]) == ("2025-03-03", "误点予以公开")


def test_the_fee_notices_receipt_moves_the_payment_deadline(api: Api) -> None:
    # Sent Mon 3/3, received Wed 3/5: 20 working days from Thu 3/6 → Wed 4/2 (Qingming is 4/4).
    rid = api.new_request()["id"]
    notice = {"sent_on": "2025-03-03", "scale": "per_volume", "form": "email", "quantity": 45}
    assert api.step(rid, "fee-notice", notice)["fee"]["payment_due"] == "2025-03-31"
    api.clock.set_business_day(date(2025, 3, 6))
    fee = api.step(rid, "fee-notice/receipt", {"received_on": "2025-03-05"})["fee"]
    assert (fee["received_on"], fee["payment_due"], fee["amount"]) == ("2025-03-05", "2025-04-02", "150")


def test_a_failure_to_reply_is_challenged_while_the_case_is_open(api: Api) -> None:
    rid = api.new_request()["id"]
    api.clock.set_business_day(date(2025, 4, 10))
    body = {"kind": "reconsideration", "filed_on": "2025-04-10", "body": "区人民政府", "against": "failure_to_reply"}
    [review] = api.step(rid, "reviews", body)["reviews"]
    assert (review["against"], review["result"], review["decisions"]) == ("failure_to_reply", None, [])
    assert api.read(rid)["status"] == "in_progress"


def test_the_case_and_the_worklist_show_the_registration_number_and_what_is_asked(api: Api) -> None:
    case = api.new_request()
    assert case["registration_number"] == "2025-0001"  # each test's organ is its own
    assert case["information_requested"] == "2024年度本区社会保险补贴发放情况"
    [line] = api.client.get(API, params={"organ": case["organ"]}, headers=api.clerk.headers).json()["items"]
    assert (line["registration_number"], line["applicant_name"]) == ("2025-0001", "陈静")
    assert line["information_requested"] == "2024年度本区社会保险补贴发放情况"


def _seen_by(api: Api, who: Person, rid: str, organ: str) -> tuple[Any, ...]:
    case = api.client.get(f"{API}/{rid}", headers=who.headers).json()
    [line] = api.client.get(API, params={"organ": organ}, headers=who.headers).json()["items"]
    received, consulted = case["history"][0]["data"], case["history"][-1]["data"]
    return (
        case["applicant"],
        received["applicant"],
        received["applicant_key"],
        consulted["third_party"],
        line["applicant_name"],
    )


def test_personal_data_only_for_those_who_may_read_it(api: Api) -> None:
    case = api.new_request(applicant={"name": "陈静", "id_number": "310101199001011234"})
    rid, organ = case["id"], case["organ"]
    third = {"name": "某建设公司", "address": "某路1号"}
    letter = {"party": "third_party", "subject": "是否同意公开", "letter_sent_on": "2025-03-03", "third_party": third}
    api.step(rid, "consultations", letter)
    auditor = _person(api, "审计员", Role.AUDITOR)
    handler = _person(api, "业务科室", Role.DEPARTMENT_HANDLER)
    applicant, received, key, consulted, name = _seen_by(api, auditor, rid, organ)
    blank = {"id_number": None, "phone": None, "email": None, "erased": False}
    assert (applicant["name"], received["name"], consulted, name) == (
        "陈静",
        "陈静",
        {**third, **blank, "person_id": consulted.get("person_id")},
        "陈静",
    )
    assert consulted["person_id"] and consulted["person_id"] != applicant["person_id"]  # each person their own
    assert key is not None
    assert _seen_by(api, handler, rid, organ) == (None, None, None, None, None)
    drafter = _person(api, "起草人", Role.DRAFTER)
    assert_problem(api.client.get(f"{API}/{rid}", headers=drafter.headers), 403, "R-ROLE")
    assert_problem(api.client.get(API, headers=drafter.headers), 403, "R-ROLE")
