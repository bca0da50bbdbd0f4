"""Table 2 of the annual report through the web API, on both stores (R-REPORT): a normative document's validity and
repeal, decisions published one by one or entered as a department's monthly count, the organ's fee income by month,
and a publication that shows a later correction cell by cell with its cause. Bad input is refused naming the field
or the rule, and nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

import pytest

from domain.actors import SYSTEM, Role
from tests.http.conftest import Api, Person, assert_problem
from tests.http.document_support import DocApi

REPORTS = "/api/v1/reports/annual"
RETURNS = "/api/v1/monthly-returns"


@pytest.fixture
def docs(api: Api) -> DocApi:
    return DocApi.open(api)


def _auditor(api: Api) -> Person:
    person_id, token = api.gongkai.staff.add("审计员", (Role.AUDITOR,), SYSTEM)
    return Person(person_id=person_id, name="审计员", token=token)


def _cell(report: dict[str, Any], row: str, column: str) -> dict[str, Any]:
    found = [c for r in report["table2"] if r["row"] == row for c in r["cells"] if c["column"] == column]
    assert len(found) == 1, (row, column)
    return found[0]


def _report(docs: DocApi, year: int, who: Person | None = None) -> dict[str, Any]:
    response = docs.client.get(f"{REPORTS}/{quote(docs.organ)}/{year}", headers=(who or docs.head).headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _enter(docs: DocApi, month: str, what: str, body: dict[str, Any], who: Person | None = None) -> Any:
    url = f"{RETURNS}/{quote(docs.organ)}/{month}/{what}"
    return docs.client.post(url, json=body, headers=(who or docs.clerk).headers)


def _normative_out(docs: DocApi, formed_on: str, published_on: str) -> str:
    """A normative document issued on `formed_on` and published with its interpretation on `published_on`."""
    normative = docs.cleared("normative", formed_on=formed_on, title=f"规范性文件{formed_on}")
    interpretation = docs.cleared(
        "interpretation", formed_on=formed_on, title="解读", text="问：何时施行？答：见正文。",
        interprets=normative, interpretation_form="qa",
    )  # fmt: skip
    docs.step(normative, "interpretations", {"interpretation_id": interpretation})
    docs.publish(normative, "normative", published_on)
    return normative


def test_table2_counts_documents_validity_repeal_decisions_and_fees(docs: DocApi) -> None:
    docs.column("normative", "行政规范性文件")
    # The clock stands on Monday 10 March 2025: January and February have ended, March has not.
    lasting = _normative_out(docs, "2025-03-03", "2025-03-10")
    docs.step(lasting, "validity", {"effective_on": "2025-04-01", "valid_until": "2030-03-31"})
    repealed = _normative_out(docs, "2025-03-04", "2025-03-10")
    docs.step(repealed, "repeal", {"repealed_on": "2025-03-10", "reason": "被新文件替代"})
    docs.register("normative", formed_on="2025-03-05", title="未发布的规范性文件")  # never out: never counted
    # Two penalty decisions of 监察大队 in February, published one by one, which its count for February replaces;
    # one of 就业促进科 in March, counted one by one.
    for day in ("2025-02-10", "2025-02-11"):
        docs.register("penalty_decision", formed_on=day, department="劳动保障监察大队", title=f"处罚决定{day}")
    docs.register("penalty_decision", formed_on="2025-03-07", title="处罚决定")
    counted = _enter(docs, "2025-02", "decisions", {"department": "劳动保障监察大队", "kind": "penalty", "count": 5})
    assert counted.status_code == 200, counted.text
    assert counted.json()["decisions"] == [{"department": "劳动保障监察大队", "kind": "penalty", "count": 5}]
    licensing = {"department": "就业促进科", "kind": "licensing", "count": 40}
    assert _enter(docs, "2025-01", "decisions", licensing).is_success
    assert _enter(docs, "2025-01", "fee-income", {"yuan": "12345.67"}).is_success
    fees = _enter(docs, "2025-02", "fee-income", {"yuan": "0.01"})
    assert fees.status_code == 200 and fees.json()["fee_income_yuan"] == "0.01", fees.text

    report = _report(docs, 2025)
    rows = ["regulation", "normative", "licensing", "penalty", "enforcement"]
    assert [row["row"] for row in report["table2"]] == rows
    assert _cell(report, "normative", "issued")["count"] == 2  # the unpublished one is not counted
    assert _cell(report, "normative", "repealed")["count"] == 1
    assert _cell(report, "normative", "in_force")["count"] == 1
    assert _cell(report, "regulation", "issued")["count"] == 0
    assert _cell(report, "licensing", "decisions")["count"] == 40
    assert _cell(report, "penalty", "decisions")["count"] == 5 + 1  # February's count, and March's one document
    assert _cell(report, "normative", "issued")["label"] == "本年制发件数"
    assert report["fee_income"]["wan_yuan"] == "1.234568"  # (12,345.67 + 0.01) yuan / 10,000, exact
    assert report["fee_income"]["months"] is None  # figures only, for the office head
    assert _cell(report, "normative", "issued")["records"] is None

    audited = _report(docs, 2025, _auditor(docs.api))
    penalty = _cell(audited, "penalty", "decisions")["records"]
    assert sorted((r["registration_number"], r["figure"]) for r in penalty if r["figure"] is not None) == [
        ("2025-02 劳动保障监察大队 penalty", 5)
    ]
    assert [r["figure"] for r in audited["fee_income"]["months"]] == [1234567, 1]
    assert {r["id"] for r in _cell(audited, "normative", "repealed")["records"]} == {repealed}
    said = {c["subject"]: c["text"] for c in report["year_over_year"]}
    assert said["本年制发行政规范性文件"] == "本年制发行政规范性文件2件，比上年增加2件。"


def test_the_document_shows_its_validity_and_repeal_and_refuses_what_the_rules_forbid(docs: DocApi) -> None:
    docs.column("normative", "行政规范性文件")
    normative = _normative_out(docs, "2025-03-03", "2025-03-10")
    before = docs.api.gongkai.store.last_position()
    # An end before the start, a start before the issue, the wrong kind, the wrong role: refused, nothing written.
    bad = docs.client.post(
        f"/api/v1/documents/{normative}/validity",
        json={"effective_on": "2025-04-01", "valid_until": "2025-03-31"},
        headers=docs.drafter.headers,
    )
    assert_problem(bad, 422, "R-VALUE", field="valid_until")
    early = docs.client.post(
        f"/api/v1/documents/{normative}/validity", json={"effective_on": "2025-03-01"}, headers=docs.drafter.headers
    )
    assert_problem(early, 422, "R-REPORT", field="effective_on")
    work = docs.cleared()
    wrong_kind = docs.client.post(
        f"/api/v1/documents/{work}/validity", json={"effective_on": "2025-03-10"}, headers=docs.drafter.headers
    )
    assert_problem(wrong_kind, 422, "R-REPORT")
    before = docs.api.gongkai.store.last_position()
    clerk = docs.client.post(
        f"/api/v1/documents/{normative}/repeal", json={"repealed_on": "2025-03-10", "reason": "x"},
        headers=docs.clerk.headers,
    )  # fmt: skip
    assert_problem(clerk, 403, "R-ROLE")
    typo = docs.client.post(
        f"/api/v1/documents/{normative}/repeal", json={"repealed_onn": "2025-03-10", "reason": "x"},
        headers=docs.drafter.headers,
    )  # fmt: skip
    assert_problem(typo, 400, "R-INPUT")
    assert docs.api.gongkai.store.last_position() == before

    docs.step(normative, "validity", {"effective_on": "2025-04-01", "valid_until": "2030-03-31"})
    shown = docs.step(normative, "repeal", {"repealed_on": "2025-03-10", "reason": "被新文件替代"})
    assert (shown["effective_on"], shown["valid_until"], shown["repealed_on"]) == (
        "2025-04-01", "2030-03-31", "2025-03-10",
    )  # fmt: skip
    public = docs.client.get(f"/api/v1/public/documents/{normative}").json()  # still out, marked as repealed
    assert (public["effective_on"], public["valid_until"], public["repealed_on"]) == (
        "2025-04-01", "2030-03-31", "2025-03-10",
    )  # fmt: skip
    again = docs.client.post(
        f"/api/v1/documents/{normative}/repeal", json={"repealed_on": "2025-03-10", "reason": "再次"},
        headers=docs.drafter.headers,
    )  # fmt: skip
    assert_problem(again, 409, "R-REPORT")


def test_a_monthly_return_refuses_bad_figures_naming_the_field_and_writes_nothing(docs: DocApi) -> None:
    before = docs.api.gongkai.store.last_position()
    penalty = {"department": "劳动保障监察大队", "kind": "penalty", "count": 3}
    assert_problem(_enter(docs, "2025-03", "decisions", penalty), 422, "R-VALUE", field="month")  # not ended
    assert_problem(_enter(docs, "2025-13", "decisions", penalty), 400, "R-INPUT")
    assert_problem(_enter(docs, "2025-02", "decisions", {**penalty, "cuont": 3}), 400, "R-INPUT")
    assert_problem(_enter(docs, "2025-02", "decisions", {**penalty, "count": -1}), 422, "R-VALUE", field="count")
    assert_problem(_enter(docs, "2025-02", "decisions", {**penalty, "kind": "fine"}), 400, "R-INPUT")
    assert_problem(_enter(docs, "2025-02", "decisions", {**penalty, "department": "科" * 10_000}), 400, "R-INPUT")
    assert_problem(_enter(docs, "2025-02", "fee-income", {"yuan": "12.345"}), 422, "R-VALUE", field="yuan")
    assert_problem(_enter(docs, "2025-02", "fee-income", {"yuan": "-1"}), 422, "R-VALUE", field="yuan")
    assert_problem(_enter(docs, "2025-02", "fee-income", {"yuan": "NaN"}), 400, "R-INPUT")
    assert_problem(_enter(docs, "2025-02", "decisions", penalty, who=docs.drafter), 403, "R-ROLE")
    assert docs.api.gongkai.store.last_position() == before
    unknown = docs.client.get(f"{RETURNS}/{quote(docs.organ)}/2025-02", headers=docs.head.headers)
    assert_problem(unknown, 404, "R-NOT-FOUND")

    assert _enter(docs, "2025-02", "decisions", penalty).status_code == 200
    assert_problem(_enter(docs, "2025-02", "decisions", {**penalty, "count": 4}), 422, "R-VALUE", field="reason")
    assert_problem(_enter(docs, "2025-02", "decisions", penalty), 409, "R-REPORT")  # the same figure again
    corrected = _enter(docs, "2025-02", "decisions", {**penalty, "count": 4, "reason": "漏报一件"})
    assert corrected.status_code == 200, corrected.text
    read = docs.client.get(f"{RETURNS}/{quote(docs.organ)}/2025-02", headers=docs.head.headers).json()
    assert read["decisions"][0]["count"] == 4 and read["version"] == 2 and read["month"] == "2025-02"


def test_a_published_table2_shows_a_later_correction_with_its_cause(docs: DocApi) -> None:
    penalty = {"department": "劳动保障监察大队", "kind": "penalty", "count": 3}
    assert _enter(docs, "2025-02", "decisions", penalty).status_code == 200
    docs.clock.set_business_day(date(2026, 1, 10))
    url = f"{REPORTS}/{quote(docs.organ)}/2025/publication"
    published = docs.client.post(url, headers=docs.head.headers)
    assert published.status_code == 201, published.text
    assert published.json()["published"]["differences"] == []

    docs.clock.set_business_day(date(2026, 1, 12))
    corrected = _enter(docs, "2025-02", "decisions", {**penalty, "count": 4, "reason": "漏报一件"})
    assert corrected.status_code == 200, corrected.text
    now = _report(docs, 2025, _auditor(docs.api))
    (difference,) = now["published"]["differences"]
    assert (difference["table"], difference["row"], difference["column"]) == (2, "penalty", "decisions")
    assert (difference["published"], difference["now"]) == (3, 4)
    assert [r["figure"] for r in difference["left"]] == [3] and [r["figure"] for r in difference["entered"]] == [4]
    assert [c["type"] for c in difference["causes"]] == ["monthly_return.decisions_counted"]


def test_a_document_that_first_went_out_after_the_year_it_was_issued_in_is_named(docs: DocApi) -> None:
    docs.column("normative", "行政规范性文件")
    docs.clock.set_business_day(date(2025, 12, 29))
    normative = docs.cleared("normative", formed_on="2025-12-29", title="年末印发的规范性文件")
    interpretation = docs.cleared(
        "interpretation", formed_on="2025-12-29", title="解读", text="问：何时施行？答：见正文。",
        interprets=normative, interpretation_form="qa",
    )  # fmt: skip
    docs.step(normative, "interpretations", {"interpretation_id": interpretation})
    assert _cell(_report(docs, 2025), "normative", "issued")["count"] == 0  # not out: not in force, not counted
    # Out on 5 January 2026: counted in 2025 by its issue date, and named, since a report made before then had it not.
    docs.clock.set_business_day(date(2026, 1, 5))
    docs.publish(normative, "normative", "2026-01-05")
    report = _report(docs, 2025)
    assert _cell(report, "normative", "issued")["count"] == 1
    (named,) = report["ambiguities"]
    assert named["id"] == normative and "first went out, entered on 2026-01-05, after the year's end" in named["why"]
    assert _report(docs, 2026)["ambiguities"] == []
