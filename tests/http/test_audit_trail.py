"""Auditors read the decision history of any record of any aggregate in one way: every event in order with time,
person, role and fields, the state after each, and the record as it stood with its due dates as known then."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4

from domain.actors import SYSTEM, Role
from domain.calendar import HolidayYear
from domain.staff.events import DIRECTORY_ID
from tests.http.conftest import Api, Person, _staff, assert_problem

AUDIT = "/api/v1/audit/records"
NOTICE = {"what_to_correct": "请写明年份", "sent_on": "2025-03-03", "correct_by": "2025-03-18"}


def _auditor(api: Api) -> Person:
    return _staff(api.gongkai, "审计员孙", Role.AUDITOR)


def _trail(api: Api, who: Person, record_id: str, **params: Any) -> dict[str, Any]:
    response = api.client.get(f"{AUDIT}/{record_id}", params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_applications_history_in_order_with_person_role_and_the_state_after_each_event(api: Api) -> None:
    rid = api.new_request()["id"]
    api.step(rid, "correction-notice", NOTICE)
    api.clock.advance(days=1)
    api.step(rid, "correction", {"summary": "已写明2024年", "received_on": "2025-03-04"})
    trail = _trail(api, _auditor(api), rid)
    assert trail["record_type"] == "disclosure_request" and trail["record_type_label"] == "依申请公开"
    entries = trail["entries"]
    assert [e["event"]["version"] for e in entries] == [1, 2, 3]
    assert [e["label"] for e in entries] == ["收到申请", "补正告知", "收到补正"]
    assert [e["status"] for e in entries] == ["in_progress", "awaiting_correction", "in_progress"]
    assert entries[1]["status_label"] and entries[1]["state_after"]["status"] == "awaiting_correction"
    assert entries[0]["event"]["actor"] == {"person_id": api.clerk.person_id, "name": "王敏", "role": "clerk"}
    # auditors read everything: the applicant too
    assert entries[0]["event"]["data"]["applicant"]["name"] == "陈静"
    assert trail["due_dates"][0]["what"] == "reply"


def test_any_kind_of_record_reads_the_same_way(api: Api) -> None:
    auditor = _auditor(api)
    staff_trail = _trail(api, auditor, str(DIRECTORY_ID))
    assert staff_trail["record_type"] == "staff_directory"
    assert "添加人员" in [e["label"] for e in staff_trail["entries"]]
    assert staff_trail["due_dates"] == []


def test_a_record_as_it_stood_at_a_version(api: Api) -> None:
    rid = api.new_request()["id"]
    api.step(rid, "correction-notice", NOTICE)
    trail = _trail(api, _auditor(api), rid, as_of_version=1)
    assert [e["event"]["version"] for e in trail["entries"]] == [1]
    assert trail["known_at"] is not None


def test_due_dates_as_the_holiday_tables_known_at_that_instant_gave_them(fresh_api: Api) -> None:
    api = fresh_api
    api.clock.set_business_day(date(2026, 12, 21))
    rid = api.new_request(arrived_at="2026-12-21T09:30:00+08:00")["id"]
    before_the_load = api.clock.now() + timedelta(hours=1)
    api.clock.advance(days=2)
    holidays = frozenset({date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 6)})
    api.gongkai.calendar.load([HolidayYear(2027, holidays, frozenset())], "国务院办公厅通知", _admin(api))
    auditor = _auditor(api)
    then = _trail(api, auditor, rid, as_of=before_the_load.isoformat())["due_dates"][0]
    now = _trail(api, auditor, rid)["due_dates"][0]
    assert then["provisional"] and not now["provisional"]
    assert date.fromisoformat(now["due"]) > date.fromisoformat(then["due"])


def _admin(api: Api) -> Any:
    return api.gongkai.staff.authenticate(api.admin.token)


def test_only_auditors_read_the_trail(api: Api) -> None:
    rid = api.new_request()["id"]
    response = api.client.get(f"{AUDIT}/{rid}", headers=api.clerk.headers)
    assert_problem(response, 403, "R-ROLE")
    response = api.client.get(f"{AUDIT}/{rid}")
    assert response.status_code == 401


def test_an_unknown_record_or_version_is_not_found(api: Api) -> None:
    auditor = _auditor(api)
    assert_problem(api.client.get(f"{AUDIT}/{uuid4()}", headers=auditor.headers), 404, "R-NOT-FOUND")
    rid = api.new_request()["id"]
    response = api.client.get(f"{AUDIT}/{rid}", params={"as_of_version": 5}, headers=auditor.headers)
    assert_problem(response, 404, "R-NOT-FOUND")
    early = datetime(2000, 1, 1).astimezone().isoformat()
    assert_problem(api.client.get(f"{AUDIT}/{rid}", params={"as_of": early}, headers=auditor.headers), 404)


def test_the_system_is_named_as_the_actor_of_what_it_did(api: Api) -> None:
    calendar_id = api.gongkai.calendar.history()
    assert calendar_id is not None
    trail = _trail(api, _auditor(api), str(calendar_id.id))
    assert trail["record_type"] == "working_calendar"
    assert trail["entries"][0]["event"]["actor"]["person_id"] == SYSTEM.person_id
    assert trail["entries"][0]["label"] == "载入节假日安排"
