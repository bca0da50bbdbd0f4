"""Every kind of bad input gets an RFC 9457 problem naming the field or the RULES.md code, never a 500,
and nothing is written: neither the log's last position nor the case's version moves."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.actors import SYSTEM, Role
from tests.http.conftest import API, Api, Person, Unchanged, application, assert_problem

ROOT = Path(__file__).resolve().parents[2]


def _who(api: Api, who: str | None) -> dict[str, str]:
    if who is None:
        return {}
    if who == "stranger":
        return {"Authorization": "Bearer not-a-token-anyone-was-given"}
    if who == "basic":
        return {"Authorization": f"Basic {api.clerk.token}"}
    person: Person = getattr(api, who)
    return person.headers


# name, body (or bytes), who, status, code, field
RECEIVE_CASES: list[tuple[str, Any, str | None, int, str | None, str | None]] = [
    ("malformed JSON", b'{"organ": "x", ', "clerk", 400, "R-INPUT", None),
    ("a JSON array", [1, 2], "clerk", 400, "R-INPUT", None),
    ("missing field", {"drop": "organ"}, "clerk", 400, "R-INPUT", "organ"),
    ("missing nested field", {"applicant": {"phone": "13800000000"}}, "clerk", 400, "R-INPUT", "applicant.name"),
    ("wrong type", {"organ": 5}, "clerk", 400, "R-INPUT", "organ"),
    ("wrong nested type", {"applicant": {"name": ["陈", "静"]}}, "clerk", 400, "R-INPUT", "applicant.name"),
    ("unknown channel", {"channel": "pigeon"}, "clerk", 400, "R-INPUT", "channel"),
    ("unknown applicant type", {"applicant_type": "alien"}, "clerk", 400, "R-INPUT", "applicant_type"),
    ("slashed date", {"channel": "post", "confirmed_on": "2025/03/03"}, "clerk", 400, "R-INPUT", "confirmed_on"),
    ("instant in the wrong form", {"arrived_at": "2025/03/03 09:30"}, "clerk", 400, "R-INPUT", "arrived_at"),
    ("instant without offset", {"arrived_at": "2025-03-03T09:30:00"}, "clerk", 400, "R-INPUT", "arrived_at"),
    ("instant in the future", {"arrived_at": "2025-03-04T09:30:00+08:00"}, "clerk", 422, "R-VALUE", "arrived_at"),
    ("instant at the edge of time", {"arrived_at": "0001-01-01T00:00:00+14:00"}, "clerk", 422, "R-VALUE", "arrived_at"),
    ("blank organ", {"organ": "   "}, "clerk", 422, "R-VALUE", "organ"),
    ("post without signing day", {"channel": "post"}, "clerk", 422, "R-REQ-RECEIPT", "confirmed_on"),
    ("no token", {}, None, 401, "R-AUTH", None),
    ("wrong token", {}, "stranger", 401, "R-AUTH", None),
    ("not a bearer token", {}, "basic", 401, "R-AUTH", None),
    ("administrator is not a clerk", {}, "admin", 403, "R-ROLE", None),
]


@pytest.mark.parametrize(
    ("name", "change", "who", "status", "code", "field"), RECEIVE_CASES, ids=[c[0] for c in RECEIVE_CASES]
)
def test_a_bad_application_is_refused_and_nothing_is_written(
    api: Api, name: str, change: Any, who: str | None, status: int, code: str | None, field: str | None
) -> None:
    unchanged = Unchanged(api)
    headers = _who(api, who)
    if isinstance(change, bytes):
        response = api.client.post(API, content=change, headers={**headers, "content-type": "application/json"})
    elif isinstance(change, list):
        response = api.client.post(API, json=change, headers=headers)
    else:
        body = application()
        change = dict(change)
        body.pop(change.pop("drop", None), None)
        body.update(change)
        response = api.client.post(API, json=body, headers=headers)
    problem = assert_problem(response, status, code, field)
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert "Traceback" not in json.dumps(problem)
    unchanged.check()


# name, path, body (or bytes), who, business day, registered by, status, code, field
STEP_CASES: list[tuple[str, str, Any, str | None, date | None, str, int, str | None, str | None]] = [
    ("malformed JSON", "correction-notice", b'{"sent_on": "2025-03-03"', "clerk", None, "clerk", 400, "R-INPUT", None),
    (
        "missing field",
        "correction-notice",
        {"what_to_correct": "写明年份", "correct_by": "2025-03-14"},
        "clerk",
        None,
        "clerk",
        400,
        "R-INPUT",
        "sent_on",
    ),
    (
        "wrong type",
        "extension",
        {"working_days": "twenty", "reason": "r", "notified_on": "2025-03-03"},
        "head",
        None,
        "clerk",
        400,
        "R-INPUT",
        "working_days",
    ),
    (
        "unknown enum value",
        "reply",
        {"replied_on": "2025-03-03", "outcome": {"category": "maybe"}},
        "clerk",
        None,
        "clerk",
        400,
        "R-INPUT",
        "outcome.category",
    ),
    (
        "unknown nested enum value",
        "conferences",
        {"held_on": "2025-03-03", "members": [{"name": "a", "department": "b", "side": "press"}], "conclusion": "c"},
        "clerk",
        None,
        "clerk",
        400,
        "R-INPUT",
        "members[0].side",
    ),
    (
        "date in the wrong form",
        "correction-notice",
        {"sent_on": "2025/03/03", "what_to_correct": "写明年份", "correct_by": "2025-03-14"},
        "clerk",
        None,
        "clerk",
        400,
        "R-INPUT",
        "sent_on",
    ),
    (
        "instant without offset",
        "contacts",
        {"kind": "call", "occurred_at": "2025-03-03T09:00:00", "summary": "电话说明办理进度"},
        "clerk",
        None,
        "clerk",
        400,
        "R-INPUT",
        "occurred_at",
    ),
    (
        "text with a NUL character",
        "contacts",
        {"kind": "call", "occurred_at": "2025-03-03T09:00:00+08:00", "summary": "a\u0000b"},
        "clerk",
        None,
        "clerk",
        400,
        "R-INPUT",
        "summary",
    ),
    (
        "step out of order: delivery before a reply",
        "delivery",
        {"method": "posted", "delivered_on": "2025-03-03"},
        "clerk",
        None,
        "clerk",
        409,
        "R-STEP",
        None,
    ),
    (
        "step out of order: a correction nobody asked for",
        "correction",
        {"received_on": "2025-03-03", "summary": "补正"},
        "clerk",
        None,
        "clerk",
        409,
        "R-REQ-CORRECT",
        None,
    ),
    (
        "rule refusal: correction notice after 7 working days",
        "correction-notice",
        {"sent_on": "2025-03-13", "what_to_correct": "写明年份", "correct_by": "2025-03-28"},
        "clerk",
        date(2025, 3, 13),
        "clerk",
        422,
        "R-REQ-CORRECT",
        "sent_on",
    ),
    (
        "rule refusal: an outcome without its ground",
        "reply",
        {"replied_on": "2025-03-03", "outcome": {"category": "not_disclosed"}},
        "clerk",
        None,
        "clerk",
        422,
        "R-REQ-OUTCOME",
        "outcome.ground",
    ),
    (
        "rule refusal: an extension over 20 working days",
        "extension",
        {"working_days": 21, "reason": "数据量大", "notified_on": "2025-03-03"},
        "head",
        None,
        "clerk",
        422,
        "R-REQ-EXTEND",
        "working_days",
    ),
    (
        "rule refusal: a date in the future",
        "reply",
        {"replied_on": "2025-03-04", "outcome": {"category": "disclosed"}},
        "clerk",
        None,
        "clerk",
        422,
        "R-VALUE",
        "replied_on",
    ),
    (
        "unknown consultation",
        "consultations/answer",
        {"consultation_id": "C9", "answered_on": "2025-03-03", "position": "consents"},
        "clerk",
        None,
        "clerk",
        422,
        "R-VALUE",
        "consultation_id",
    ),
    ("no token", "abandonment", None, None, None, "clerk", 401, "R-AUTH", None),
    (
        "wrong token",
        "extension",
        {"working_days": 5, "reason": "r", "notified_on": "2025-03-03"},
        "stranger",
        None,
        "clerk",
        401,
        "R-AUTH",
        None,
    ),
    (
        "a clerk approves an extension",
        "extension",
        {"working_days": 5, "reason": "数据量大", "notified_on": "2025-03-03"},
        "clerk2",
        None,
        "clerk",
        403,
        "R-ROLE",
        None,
    ),
    (
        "the handler approves his own extension",
        "extension",
        {"working_days": 5, "reason": "数据量大", "notified_on": "2025-03-03"},
        "head",
        None,
        "head",
        403,
        "R-REQ-EXTEND",
        None,
    ),
    (
        "an administrator takes a step",
        "correction-notice",
        {"sent_on": "2025-03-03", "what_to_correct": "写明年份", "correct_by": "2025-03-14"},
        "admin",
        None,
        "clerk",
        403,
        "R-ROLE",
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "path", "body", "who", "today", "registered_by", "status", "code", "field"),
    STEP_CASES,
    ids=[c[0] for c in STEP_CASES],
)
def test_a_bad_step_is_refused_and_nothing_is_written(
    api: Api,
    name: str,
    path: str,
    body: Any,
    who: str | None,
    today: date | None,
    registered_by: str,
    status: int,
    code: str | None,
    field: str | None,
) -> None:
    rid = api.new_request(who=getattr(api, registered_by))["id"]
    if today is not None:
        api.clock.set_business_day(today)
    unchanged = Unchanged(api, rid)
    headers = _who(api, who)
    url = f"{API}/{rid}/{path}"
    if isinstance(body, bytes):
        response = api.client.post(url, content=body, headers={**headers, "content-type": "application/json"})
    else:
        response = api.client.post(url, json=body, headers=headers)
    assert_problem(response, status, code, field)
    unchanged.check()


def test_a_step_on_an_unknown_request_is_404_and_nothing_is_written(api: Api) -> None:
    unchanged = Unchanged(api)
    body = {"sent_on": "2025-03-03", "what_to_correct": "写明年份", "correct_by": "2025-03-14"}
    response = api.client.post(f"{API}/{uuid.uuid4()}/correction-notice", json=body, headers=api.clerk.headers)
    assert_problem(response, 404, "R-NOT-FOUND")
    unchanged.check()


def test_reading_an_unknown_request_is_404(api: Api) -> None:
    assert_problem(api.client.get(f"{API}/{uuid.uuid4()}", headers=api.clerk.headers), 404, "R-NOT-FOUND")
    # The id of another kind of stream (here: a staff credential) is not a disclosure request either.
    credential_id = api.gongkai.staff.authenticate(api.clerk.token).id
    assert_problem(api.client.get(f"{API}/{credential_id}", headers=api.clerk.headers), 404, "R-NOT-FOUND")


def test_a_second_correction_notice_is_refused_and_nothing_is_written(api: Api) -> None:
    rid = api.new_request()["id"]
    body = {"sent_on": "2025-03-03", "what_to_correct": "写明年份", "correct_by": "2025-03-14"}
    api.step(rid, "correction-notice", body)
    api.step(rid, "correction", {"received_on": "2025-03-03", "summary": "已补正"})
    unchanged = Unchanged(api, rid)
    response = api.client.post(f"{API}/{rid}/correction-notice", json=body, headers=api.clerk.headers)
    assert_problem(response, 422, "R-REQ-CORRECT")
    unchanged.check()


def test_an_extension_after_the_due_date_is_refused(api: Api) -> None:
    rid = api.new_request()["id"]  # due 31 March
    api.clock.set_business_day(date(2025, 4, 1))
    unchanged = Unchanged(api, rid)
    body = {"working_days": 10, "reason": "数据量大", "notified_on": "2025-03-31"}
    response = api.client.post(f"{API}/{rid}/extension", json=body, headers=api.head.headers)
    assert_problem(response, 422, "R-REQ-EXTEND")
    unchanged.check()


def test_a_second_extension_is_refused(api: Api) -> None:
    rid = api.new_request()["id"]
    body = {"working_days": 10, "reason": "数据量大", "notified_on": "2025-03-03"}
    api.step(rid, "extension", body, who=api.head)
    unchanged = Unchanged(api, rid)
    response = api.client.post(f"{API}/{rid}/extension", json=body, headers=api.head.headers)
    assert_problem(response, 422, "R-REQ-EXTEND")
    unchanged.check()


def test_a_closed_request_takes_no_more_steps(api: Api) -> None:
    rid = api.new_request()["id"]
    api.step(rid, "reply", {"replied_on": "2025-03-03", "outcome": {"category": "disclosed"}})
    unchanged = Unchanged(api, rid)
    body = {"replied_on": "2025-03-03", "outcome": {"category": "disclosed"}}
    response = api.client.post(f"{API}/{rid}/reply", json=body, headers=api.clerk.headers)
    assert_problem(response, 409, "R-STEP")
    unchanged.check()


def test_a_person_who_is_both_clerk_and_head_may_not_extend_a_case_they_handle(api: Api) -> None:
    person_id, token = api.gongkai.staff.add("钱科长", (Role.CLERK, Role.OFFICE_HEAD), SYSTEM)
    both = Person(person_id=person_id, name="钱科长", token=token)
    rid = api.new_request(who=both)["id"]
    assert api.read(rid)["history"][0]["actor"]["role"] == "clerk"
    body = {"working_days": 5, "reason": "数据量大", "notified_on": "2025-03-03"}
    unchanged = Unchanged(api, rid)
    response = api.client.post(f"{API}/{rid}/extension", json=body, headers=both.headers)
    assert_problem(response, 403, "R-REQ-EXTEND")
    unchanged.check()
    # Nor after handing the case to someone else and back.
    handed = {"department": "就业促进科", "handler_id": api.clerk.person_id, "handler_name": api.clerk.name}
    api.step(rid, "handler", handed)
    case = api.step(rid, "extension", body, who=both)
    assert case["extension_working_days"] == 5
    assert case["history"][-1]["actor"] == {"person_id": person_id, "name": "钱科长", "role": "office_head"}


def test_a_case_handed_to_the_head_cannot_be_extended_by_the_head(api: Api) -> None:
    rid = api.new_request()["id"]
    handed = {"department": "政务公开办", "handler_id": api.head.person_id, "handler_name": api.head.name}
    api.step(rid, "handler", handed)
    unchanged = Unchanged(api, rid)
    body = {"working_days": 5, "reason": "数据量大", "notified_on": "2025-03-03"}
    response = api.client.post(f"{API}/{rid}/extension", json=body, headers=api.head.headers)
    assert_problem(response, 403, "R-REQ-EXTEND")
    unchanged.check()


def test_a_version_the_case_never_had_is_not_found(api: Api) -> None:
    rid = api.new_request()["id"]
    response = api.client.get(f"{API}/{rid}", params={"as_of_version": 2}, headers=api.clerk.headers)
    assert_problem(response, 404, "R-NOT-FOUND")


def test_a_version_and_an_instant_together_are_refused_naming_both(api: Api) -> None:
    rid = api.new_request()["id"]
    params = {"as_of_version": 1, "as_of": "2025-03-03T12:00:00+08:00"}
    response = api.client.get(f"{API}/{rid}", params=params, headers=api.clerk.headers)
    problem = assert_problem(response, 400, "R-INPUT", "as_of_version")
    assert [e["field"] for e in problem["errors"]] == ["as_of_version", "as_of"]


# query parameters of the read and worklist endpoints: params, status, code, field
READ_CASES: list[tuple[str, dict[str, str], int, str, str]] = [
    ("as_of in the wrong form", {"as_of": "2025/03/03"}, 400, "R-INPUT", "as_of"),
    ("as_of without offset", {"as_of": "2025-03-03T18:00:00"}, 400, "R-INPUT", "as_of"),
    ("as_of_version zero", {"as_of_version": "0"}, 400, "R-INPUT", "as_of_version"),
    ("as_of_version not a number", {"as_of_version": "two"}, 400, "R-INPUT", "as_of_version"),
]


@pytest.mark.parametrize(("name", "params", "status", "code", "field"), READ_CASES, ids=[c[0] for c in READ_CASES])
def test_bad_parameters_of_a_read(
    api: Api, name: str, params: dict[str, str], status: int, code: str, field: str
) -> None:
    rid = api.new_request()["id"]
    assert_problem(api.client.get(f"{API}/{rid}", params=params, headers=api.clerk.headers), status, code, field)


WORKLIST_CASES: list[tuple[str, dict[str, str], str]] = [
    ("unknown status", {"status": "lost"}, "status"),
    ("overdue not a boolean", {"overdue": "maybe"}, "overdue"),
    ("due_within zero", {"due_within": "0"}, "due_within"),
    ("due_within not a number", {"due_within": "soon"}, "due_within"),
    ("page zero", {"page": "0"}, "page"),
    ("page_size too big", {"page_size": "501"}, "page_size"),
    ("organ with a NUL character", {"organ": "a\u0000b"}, "organ"),
]


@pytest.mark.parametrize(("name", "params", "field"), WORKLIST_CASES, ids=[c[0] for c in WORKLIST_CASES])
def test_bad_parameters_of_the_worklist(api: Api, name: str, params: dict[str, str], field: str) -> None:
    response = api.client.get(API, params=params, headers=api.clerk.headers)
    assert_problem(response, 400, "R-INPUT", field)


def test_the_worklist_needs_a_token(api: Api) -> None:
    assert_problem(api.client.get(API), 401, "R-AUTH")
    assert_problem(api.client.get(API, headers={"Authorization": "Bearer nope"}), 401, "R-AUTH")


def test_unknown_paths_and_methods_are_problems_too(api: Api) -> None:
    assert_problem(api.client.get("/api/v1/nothing-here", headers=api.clerk.headers), 404)
    assert_problem(api.client.get(f"{API}/not-a-uuid", headers=api.clerk.headers), 404)
    rid = api.new_request()["id"]
    response = api.client.put(f"{API}/{rid}", headers=api.clerk.headers)
    assert_problem(response, 405)
    assert set(response.headers["allow"].split(", ")) == {"GET", "OPTIONS"}


def test_text_with_a_nul_character_never_reaches_the_store(fresh_api: Api) -> None:
    """PostgreSQL cannot hold NUL in text or jsonb: one such organ once broke every later worklist query."""
    api = fresh_api
    unchanged = Unchanged(api)
    response = api.client.post(API, json=application(organ="闵行\u0000人社局"), headers=api.clerk.headers)
    assert_problem(response, 400, "R-INPUT", "organ")
    response = api.client.post(API, json=application(applicant={"name": "陈\u0000静"}), headers=api.clerk.headers)
    assert_problem(response, 400, "R-INPUT", "applicant.name")
    unchanged.check()
    assert api.client.get(API, headers=api.clerk.headers).status_code == 200


def test_a_fee_notice_for_a_huge_quantity_answers_promptly(api: Api) -> None:
    """The fee of 10**12 pages is worked out in closed form: sent through the API in a worker thread that must answer
    within a minute (a loop over the pages would still be running), never a 500."""
    rid = api.new_request()["id"]
    notice = {"sent_on": "2025-03-03", "scale": "per_volume", "form": "paper", "quantity": 10**12}
    answers: list[Any] = []

    def send() -> None:
        answers.append(api.client.post(f"{API}/{rid}/fee-notice", json=notice, headers=api.clerk.headers))

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    sender.join(60)
    assert not sender.is_alive(), "the fee notice of 10**12 pages did not answer within a minute"
    [answer] = answers
    assert answer.status_code == 200, answer.text
    # 70 pages at ¥10, 100 at ¥20, the rest at ¥40.
    assert answer.json()["fee"]["amount"] == str(70 * 10 + 100 * 20 + (10**12 - 200) * 40)
