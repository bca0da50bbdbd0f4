"""The public due-date calculator, loading a year's holiday table, and the offline API documentation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.http.conftest import Api, Unchanged, assert_problem

DUE = "/api/v1/calendar/due-date"
YEARS = "/api/v1/calendar/years"

YEAR_2027 = {
    "year": 2027,
    "source": "国务院办公厅关于2027年部分节假日安排的通知 (测试用)",
    "holidays": ["2027-01-01", "2027-02-06..2027-02-14"],
    "workdays": ["2027-02-20"],
}
"""A made-up 2027 table: 1 January, and 8–12 February off (the range's weekend days are dropped), Saturday
20 February worked."""


def _due(api: Api, after: str, working_days: int) -> dict[str, Any]:
    response = api.client.get(DUE, params={"after": after, "working_days": working_days})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["after"] == after
    assert body["working_days"] == working_days
    assert body["rule"] == "R-COUNT-1"
    return body


@pytest.mark.parametrize(
    ("after", "working_days", "due"),
    [
        # 2025 National Day: 1–8 October off; Sunday 28 September and Saturday 11 October worked.
        ("2025-09-26", 1, "2025-09-28"),
        ("2025-09-26", 3, "2025-09-30"),
        ("2025-09-26", 5, "2025-10-10"),  # 28 Sep (Sun), 29, 30 Sep, 9, 10 Oct
        ("2025-09-26", 6, "2025-10-11"),  # Saturday 11 October is worked
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-10-01", 1, "2025-10-09"),  # from a holiday, the first working day after it is day 1
        # 2026 Spring Festival: 15–23 February off; Saturdays 14 and 28 February worked.
        ("2026-02-12", 1, "2026-02-13"),
        ("2026-02-12", 2, "2026-02-14"),
        ("2026-02-12", 3, "2026-02-24"),
        ("2026-02-12", 5, "2026-02-26"),
        ("2026-02-20", 4, "2026-02-27"),  # 24, 25, 26, 27 February
        ("2026-02-20", 5, "2026-02-28"),  # then Saturday 28 February is worked
        # An ordinary stretch: the day itself is not counted (R-COUNT-1).
        ("2025-03-03", 20, "2025-03-31"),
    ],
)
def test_due_dates_around_the_holidays_are_public(api: Api, after: str, working_days: int, due: str) -> None:
    body = _due(api, after, working_days)
    assert body["due"] == due
    assert body["provisional"] is False


def test_a_year_without_a_table_is_provisional_until_an_administrator_loads_it(fresh_api: Api) -> None:
    api = fresh_api
    # Before: weekends only, flagged provisional (R-COUNT-3).
    before = _due(api, "2027-02-05", 3)
    assert (before["due"], before["provisional"]) == ("2027-02-10", True)
    assert before["assumption"] == (
        "no holiday table is loaded for 2027: 2027-02-06 to 2027-02-10 were counted Monday to Friday, "
        "without its holidays or adjusted working days"
    )
    assert _due(api, "2026-12-30", 2)["provisional"] is True  # runs into 2027
    assert _due(api, "2026-12-28", 2)["provisional"] is False  # stays in 2026

    unchanged = Unchanged(api)
    assert_problem(api.client.post(YEARS, json=YEAR_2027), 401, "R-AUTH")
    assert_problem(api.client.post(YEARS, json=YEAR_2027, headers={"Authorization": "Bearer x"}), 401, "R-AUTH")
    assert_problem(api.client.post(YEARS, json=YEAR_2027, headers=api.clerk.headers), 403, "R-ROLE")
    assert_problem(api.client.post(YEARS, json=YEAR_2027, headers=api.head.headers), 403, "R-ROLE")
    unchanged.check()
    assert _due(api, "2027-02-05", 3)["provisional"] is True

    response = api.client.post(YEARS, json=YEAR_2027, headers=api.admin.headers)
    assert response.status_code == 201, response.text
    loaded = response.json()
    assert loaded["year"] == 2027
    assert loaded["source"] == YEAR_2027["source"]
    assert loaded["holidays"] == ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]
    assert loaded["workdays"] == ["2027-02-20"]

    # At once: 8–12 February off → 15, 16, 17 February; Saturday 20 February worked.
    after = _due(api, "2027-02-05", 3)
    assert (after["due"], after["provisional"]) == ("2027-02-17", False)
    assert _due(api, "2027-02-19", 1)["due"] == "2027-02-20"
    assert _due(api, "2026-12-30", 2) == {
        "after": "2026-12-30",
        "working_days": 2,
        "due": "2027-01-04",
        "provisional": False,
        "assumption": None,
        "rule": "R-COUNT-1",
    }
    assert _due(api, "2027-12-29", 5)["provisional"] is True  # runs into 2028

    years = api.client.get(YEARS, headers=api.clerk.headers)
    assert years.status_code == 200
    by_year = {y["year"]: y for y in years.json()}
    assert by_year[2027]["source"] == YEAR_2027["source"]
    assert by_year[2027]["workdays"] == ["2027-02-20"]
    assert "2025-10-01" in by_year[2025]["holidays"]
    assert by_year[2025]["source"].startswith("chinesecalendar")


def test_a_bad_or_repeated_year_is_refused_and_nothing_is_written(fresh_api: Api) -> None:
    api = fresh_api
    admin = api.admin.headers
    unchanged = Unchanged(api)
    bad = {**YEAR_2027, "holidays": ["2027-13-01"]}
    assert_problem(api.client.post(YEARS, json=bad, headers=admin), 422, "R-COUNT-3", "holidays")
    bad = {**YEAR_2027, "holidays": ["2028-01-03"]}
    assert_problem(api.client.post(YEARS, json=bad, headers=admin), 422, "R-COUNT-3", "holidays")
    bad = {**YEAR_2027, "workdays": ["2027-02-17"]}  # a Wednesday is a working day already
    assert_problem(api.client.post(YEARS, json=bad, headers=admin), 422, "R-COUNT-3", "workdays")
    bad = {**YEAR_2027, "source": "  "}
    assert_problem(api.client.post(YEARS, json=bad, headers=admin), 422, "R-VALUE", "source")
    bad = {**YEAR_2027, "year": 1066, "holidays": [], "workdays": []}
    assert_problem(api.client.post(YEARS, json=bad, headers=admin), 422, "R-VALUE", "year")
    bad = {**YEAR_2027, "year": "二〇二七"}
    assert_problem(api.client.post(YEARS, json=bad, headers=admin), 400, "R-INPUT", "year")
    bad = {key: value for key, value in YEAR_2027.items() if key != "source"}
    assert_problem(api.client.post(YEARS, json=bad, headers=admin), 400, "R-INPUT", "source")
    unchanged.check()

    assert api.client.post(YEARS, json=YEAR_2027, headers=admin).status_code == 201
    unchanged = Unchanged(api)
    assert_problem(api.client.post(YEARS, json=YEAR_2027, headers=admin), 409, "R-COUNT-3")
    unchanged.check()


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"after": "2025/09/26", "working_days": "5"}, 400, "after"),
        ({"after": "2025-09-26T00:00:00+08:00", "working_days": "5"}, 400, "after"),
        ({"after": "2025-09-26", "working_days": "five"}, 400, "working_days"),
        ({"after": "2025-09-26", "working_days": "0"}, 400, "working_days"),
        ({"after": "2025-09-26", "working_days": "367"}, 400, "working_days"),
        ({"after": "2025-09-26"}, 400, "working_days"),
        ({"working_days": "5"}, 400, "after"),
        ({"after": "9999-12-30", "working_days": "5"}, 422, "after"),
    ],
    ids=lambda v: str(v),
)
def test_bad_parameters_of_the_calculator(api: Api, params: dict[str, str], status: int, field: str) -> None:
    assert_problem(api.client.get(DUE, params=params), status, None, field)


def test_the_holiday_tables_are_listed_for_staff_only(api: Api) -> None:
    assert_problem(api.client.get(YEARS), 401, "R-AUTH")
    response = api.client.get(YEARS, headers=api.clerk.headers)
    assert response.status_code == 200
    assert {2024, 2025, 2026} <= {y["year"] for y in response.json()}


def test_the_openapi_document_is_served(api: Api) -> None:
    response = api.client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert {"/api/v1/disclosure-requests", "/api/v1/disclosure-requests/{request_id}", DUE, YEARS} <= set(paths)
    for step in ("correction-notice", "extension", "consultations", "reply", "delivery", "reviews"):
        assert f"/api/v1/disclosure-requests/{{request_id}}/{step}" in paths
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert paths[DUE]["get"]["security"] == [{}]


def test_the_interactive_page_loads_its_assets_locally(api: Api) -> None:
    response = api.client.get("/schema")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page)
    assert urls, page[:500]
    for url in urls:
        assert url.startswith("/schema/assets/"), url
        asset = api.client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000, url
    lowered = page.lower()
    for cdn in ("cdn.", "unpkg", "jsdelivr", "cdnjs", "googleapis", "http://", "//cdn"):
        assert cdn not in lowered, cdn
