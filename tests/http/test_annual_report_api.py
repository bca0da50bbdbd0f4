"""The annual report through the web API (R-REPORT): an organ's tables from its applications, last year's figures
beside them, the records behind each cell for auditors only, the report as the log stood at an instant, and clear
answers for an organ the log does not hold, a year not yet begun and a malformed year."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from urllib.parse import quote

from domain.actors import SYSTEM, Role
from tests.http.conftest import Api, Person, assert_problem
from tests.support import unique

REPORTS = "/api/v1/reports/annual"


def _auditor(api: Api) -> Person:
    person_id, token = api.gongkai.staff.add("审计员", (Role.AUDITOR,), SYSTEM)
    return Person(person_id=person_id, name="审计员", token=token)


def _cell(report: dict[str, Any], table: str, row: str, column: str) -> dict[str, Any]:
    found = [c for r in report[table] if r["row"] == row for c in r["cells"] if c["column"] == column]
    assert len(found) == 1, (row, column)
    return found[0]


def _report(api: Api, organ: str, year: int, who: Person, **params: Any) -> dict[str, Any]:
    response = api.client.get(f"{REPORTS}/{quote(organ)}/{year}", params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_organs_tables_from_its_applications_with_the_records_for_auditors(api: Api) -> None:
    organ = unique("闵行区人社局")
    replied = api.new_request(organ=organ)["id"]
    api.new_request(organ=organ, applicant_type="business")  # still open at the year's end
    before_reply = datetime.fromisoformat(api.clock.now().isoformat())
    api.clock.set_business_day(date(2025, 3, 20))
    api.step(replied, "reply", {"replied_on": "2025-03-20", "outcome": {"category": "disclosed"}})

    report = _report(api, organ, 2025, api.head)
    assert report["organ"] == organ and report["year"] == 2025 and report["as_of"] is None
    assert _cell(report, "table3", "new", "total")["count"] == 2
    assert _cell(report, "table3", "disclosed", "natural_person")["count"] == 1
    assert _cell(report, "table3", "answered", "total")["count"] == 1
    assert _cell(report, "table3", "carried_out", "business")["count"] == 1
    assert _cell(report, "table3", "new", "total")["last_year"] == 0
    assert _cell(report, "table3", "new", "natural_person")["label"] == "自然人"
    assert report["table3"][0]["label"] == "一、本年新收政府信息公开申请数量"
    assert _cell(report, "table3", "new", "total")["records"] is None  # the office head sees figures only
    assert report["ambiguities"] == []
    said = {c["subject"]: c["text"] for c in report["year_over_year"]}
    assert said["本年新收政府信息公开申请"] == "本年新收政府信息公开申请2件，比上年增加2件。"

    audited = _report(api, organ, 2025, _auditor(api))
    records = _cell(audited, "table3", "disclosed", "natural_person")["records"]
    assert [r["id"] for r in records] == [replied]
    assert records[0]["registration_number"]

    # As the log stood before the reply: nothing answered, both carried over.
    then = _report(api, organ, 2025, api.head, as_of=before_reply.isoformat())
    assert _cell(then, "table3", "answered", "total")["count"] == 0
    assert _cell(then, "table3", "carried_out", "total")["count"] == 2
    # The next year, once begun, carries in what this one carried out.
    api.clock.set_business_day(date(2026, 1, 5))
    assert _cell(_report(api, organ, 2026, api.head), "table3", "carried_in", "total")["count"] == 1


def test_the_district_sums_every_organ(api: Api) -> None:
    first, second = unique("闵行区人社局"), unique("闵行区民政局")
    api.new_request(organ=first)
    api.new_request(organ=second)
    response = api.client.get(f"{REPORTS}/district/2025", headers=api.head.headers)
    assert response.status_code == 200, response.text
    district = response.json()
    assert district["organ"] is None
    assert _cell(district, "table3", "new", "total")["count"] >= 2


def test_an_unknown_organ_a_year_not_begun_and_a_malformed_year_are_answered_clearly(api: Api) -> None:
    organ = unique("闵行区人社局")
    api.new_request(organ=organ)
    assert_problem(
        api.client.get(f"{REPORTS}/{quote('没有这个局')}/2025", headers=api.head.headers), 404, "R-NOT-FOUND"
    )
    assert_problem(
        api.client.get(f"{REPORTS}/{quote(organ)}/2099", headers=api.head.headers), 422, "R-VALUE", field="year"
    )
    assert_problem(api.client.get(f"{REPORTS}/{quote(organ)}/20x5", headers=api.head.headers), 404)
    assert_problem(
        api.client.get(f"{REPORTS}/{quote(organ)}/1999", headers=api.head.headers), 400, "R-INPUT", field="year"
    )
    assert_problem(api.client.get(f"{REPORTS}/{quote(organ)}/2025"), 401)
    # 1 January begins in Shanghai eight hours before it does in UTC: at 03:00 there the new year may be asked for.
    api.clock.set_business_day(date(2026, 1, 1), at=time(3, 0))
    assert _report(api, organ, 2026, api.head)["year"] == 2026
    # An organ the log holds, for a year before its first application: every figure 0, not "no such organ".
    before = _report(api, organ, 2024, api.head)
    assert _cell(before, "table3", "new", "total")["count"] == 0


def test_a_published_report_is_frozen_and_a_later_recomputation_shows_what_changed_and_why(api: Api) -> None:
    organ = unique("闵行区人社局")
    case = api.new_request(organ=organ)["id"]  # received 3 March 2025, still open at the year's end
    api.clock.set_business_day(date(2026, 1, 10))
    published = api.client.post(f"{REPORTS}/{quote(organ)}/2025/publication", headers=api.head.headers)
    assert published.status_code == 201, published.text
    frozen = published.json()["published"]
    assert frozen["digest_holds"] is True and frozen["differences"] == [] and len(frozen["digest"]) == 64
    assert frozen["by"] == api.head.name

    # A reply dated in 2025, entered after the report was published.
    api.clock.set_business_day(date(2026, 1, 12))
    api.step(case, "reply", {"replied_on": "2025-12-30", "outcome": {"category": "disclosed"}})

    auditor = _auditor(api)
    now = _report(api, organ, 2025, auditor)
    changed = {(d["row"], d["column"]): d for d in now["published"]["differences"]}
    assert (changed[("carried_out", "total")]["published"], changed[("carried_out", "total")]["now"]) == (1, 0)
    answered = changed[("answered", "natural_person")]
    assert (answered["published"], answered["now"]) == (0, 1)
    assert [r["id"] for r in answered["entered"]] == [case] and answered["left"] == []
    assert [c["type"] for c in answered["causes"]] == ["disclosure_request.replied"]
    assert [a["id"] for a in now["ambiguities"]] == [case]  # closed in 2025, entered in 2026
    # Others see which figures changed, not the records.
    assert _report(api, organ, 2025, api.head)["published"]["differences"][0]["entered"] is None
    # As of the publication, the report is the one published.
    then = _report(api, organ, 2025, api.head, as_of=frozen["published_at"])
    assert then["published"]["differences"] == []


def test_publishing_is_refused_for_a_year_not_ended_an_unknown_organ_and_the_wrong_role(api: Api) -> None:
    organ = unique("闵行区人社局")
    api.new_request(organ=organ)
    url = f"{REPORTS}/{quote(organ)}/2025/publication"
    assert_problem(api.client.post(url, headers=api.head.headers), 422, "R-VALUE", field="year")
    api.clock.set_business_day(date(2026, 1, 10))
    assert_problem(api.client.post(url, headers=api.clerk.headers), 403, "R-ROLE")
    assert_problem(api.client.post(f"{REPORTS}/{quote('没有这个局')}/2025/publication", headers=api.head.headers), 404)


def test_the_report_as_a_printable_page_a_workbook_and_csv(api: Api) -> None:
    organ = unique("闵行区人社局")
    api.new_request(organ=organ)
    base = f"{REPORTS}/{quote(organ)}/2025"
    page = api.client.get(f"{base}/report.html", headers=api.head.headers)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f"<h1>{organ}2025年政府信息公开工作年度报告</h1>" in page.text and "<script" not in page.text
    book = api.client.get(f"{base}/tables.xlsx", headers=api.head.headers)
    assert book.status_code == 200 and book.content.startswith(b"PK")
    assert book.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert book.headers["content-disposition"].startswith("attachment; filename*=UTF-8''")
    lines = api.client.get(f"{base}/tables.csv", headers=api.head.headers)
    assert lines.status_code == 200 and lines.headers["content-type"].startswith("text/csv")
    assert "3,new,一、本年新收政府信息公开申请数量,total,总计,1,0" in lines.text
    assert_problem(api.client.get(f"{base}/tables.xlsx", headers=_drafter(api).headers), 403, "R-ROLE")


def _drafter(api: Api) -> Person:
    person_id, token = api.gongkai.staff.add("起草人", (Role.DRAFTER,), SYSTEM)
    return Person(person_id=person_id, name="起草人", token=token)
