"""The worklist through the web API on both stores: filters, paging, soonest due first, and due dates that
follow a newly loaded holiday table at once (R-COUNT-4).

The clock stands on Tuesday 15 April 2025. Due dates are counted by hand (R-COUNT-1) on the 2025 calendar:
4 April and 1, 2, 5 May are days off, Sunday 27 April is worked.

| case | department | received | state               | reply due                          |
| ---- | ---------- | -------- | ------------------- | ---------------------------------- |
| A    | 一科       | 3 March  | in progress         | 31 March (overdue)                 |
| E    | 一科       | 4 March  | replied 15 April    | 1 April (closed: not overdue)      |
| B    | 二科       | 20 March | in progress         | 18 April                           |
| C    | 一科       | 1 April  | in progress         | 29 April                           |
| D    | 二科       | 14 April | in progress         | 14 May                             |
| F    | 一科       | 10 April | awaiting correction | none while the applicant corrects  |
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.http.conftest import API, Api
from tests.support import unique

TODAY = date(2025, 4, 15)
ONE, TWO = "一科", "二科"


def _received(api: Api, organ: str, department: str, day: str) -> str:
    case = api.new_request(organ=organ, department=department, arrived_at=f"{day}T09:30:00+08:00")
    assert case["receipt_date"] == day
    return str(case["id"])


@pytest.fixture
def cases(api: Api) -> tuple[Api, str, dict[str, str]]:
    """Six cases of one organ of their own, as in the table above."""
    organ = unique("闵行区人社局")
    api.clock.set_business_day(TODAY)
    ids = {
        "A": _received(api, organ, ONE, "2025-03-03"),
        "E": _received(api, organ, ONE, "2025-03-04"),
        "B": _received(api, organ, TWO, "2025-03-20"),
        "C": _received(api, organ, ONE, "2025-04-01"),
        "D": _received(api, organ, TWO, "2025-04-14"),
        "F": _received(api, organ, ONE, "2025-04-10"),
    }
    api.step(ids["E"], "reply", {"replied_on": "2025-04-15", "outcome": {"category": "disclosed"}})
    correction = {"sent_on": "2025-04-11", "what_to_correct": "写明文号", "correct_by": "2025-04-25"}
    api.step(ids["F"], "correction-notice", correction)
    return api, organ, ids


def _page(api: Api, **params: Any) -> dict[str, Any]:
    response = api.client.get(API, params=params, headers=api.clerk.headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def _names(page: dict[str, Any], ids: dict[str, str]) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[item["id"]] for item in page["items"]]


def test_the_whole_organ_soonest_due_first(cases: tuple[Api, str, dict[str, str]]) -> None:
    api, organ, ids = cases
    page = _page(api, organ=organ)
    assert _names(page, ids) == ["A", "E", "B", "C", "D", "F"]
    assert (page["total"], page["page"], page["page_size"]) == (6, 1, 50)
    due = {name: item["reply_due"] for name, item in zip(_names(page, ids), page["items"], strict=True)}
    assert due == {
        "A": "2025-03-31",
        "E": "2025-04-01",
        "B": "2025-04-18",
        "C": "2025-04-29",
        "D": "2025-05-14",
        "F": None,
    }
    overdue = {name: item["overdue"] for name, item in zip(_names(page, ids), page["items"], strict=True)}
    assert overdue == {"A": True, "E": False, "B": False, "C": False, "D": False, "F": False}
    first = page["items"][0]
    assert first["organ"] == organ
    assert first["department"] == ONE
    assert first["status"] == "in_progress"
    assert first["receipt_date"] == "2025-03-03"
    assert first["handler_id"] == api.clerk.person_id
    assert first["reply_due_provisional"] is False


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_progress"}, ["A", "B", "C", "D"]),
        ({"status": "awaiting_correction"}, ["F"]),
        ({"status": "replied"}, ["E"]),
        ({"status": ["in_progress", "replied"]}, ["A", "E", "B", "C", "D"]),
        ({"status": "delivered"}, []),
        ({"department": ONE}, ["A", "E", "C", "F"]),
        ({"department": TWO}, ["B", "D"]),
        ({"overdue": "true"}, ["A"]),
        ({"overdue": "false"}, ["E", "B", "C", "D", "F"]),
        # due within N working days of 15 April: open, not yet overdue, due on or before the N-th working day.
        ({"due_within": 2}, []),  # through 17 April
        ({"due_within": 3}, ["B"]),  # through 18 April
        ({"due_within": 10}, ["B"]),  # through 28 April (Sunday 27 April is worked)
        ({"due_within": 11}, ["B", "C"]),  # through 29 April
        ({"due_within": 20}, ["B", "C", "D"]),  # through 14 May
        ({"department": ONE, "overdue": "false"}, ["E", "C", "F"]),
        ({"department": TWO, "status": "in_progress", "due_within": 3}, ["B"]),
    ],
    ids=lambda v: str(v),
)
def test_filters(cases: tuple[Api, str, dict[str, str]], params: dict[str, Any], expected: list[str]) -> None:
    api, organ, ids = cases
    page = _page(api, organ=organ, **params)
    assert _names(page, ids) == expected
    assert page["total"] == len(expected)


def test_another_organ_sees_none_of_these(cases: tuple[Api, str, dict[str, str]]) -> None:
    api, _, _ = cases
    page = _page(api, organ=unique("奉贤区人社局"))
    assert page == {"items": [], "total": 0, "page": 1, "page_size": 50, "position": page["position"]}


def test_paging(cases: tuple[Api, str, dict[str, str]]) -> None:
    api, organ, ids = cases
    pages = [_page(api, organ=organ, page=n, page_size=2) for n in (1, 2, 3, 4)]
    assert [_names(p, ids) for p in pages] == [["A", "E"], ["B", "C"], ["D", "F"], []]
    assert [(p["total"], p["page"], p["page_size"]) for p in pages] == [(6, n, 2) for n in (1, 2, 3, 4)]
    page = _page(api, organ=organ, status="in_progress", page=2, page_size=3)
    assert _names(page, ids) == ["D"]
    assert page["total"] == 4


def test_a_step_shows_on_the_worklist_at_once(cases: tuple[Api, str, dict[str, str]]) -> None:
    api, organ, ids = cases
    api.step(ids["A"], "reply", {"replied_on": "2025-04-15", "outcome": {"category": "disclosed"}})
    assert _names(_page(api, organ=organ, overdue="true"), ids) == []
    assert _names(_page(api, organ=organ, status="replied"), ids) == ["A", "E"]


def test_time_passing_makes_a_case_overdue(cases: tuple[Api, str, dict[str, str]]) -> None:
    api, organ, ids = cases
    api.clock.set_business_day(date(2025, 4, 21))  # B was due 18 April
    assert _names(_page(api, organ=organ, overdue="true"), ids) == ["A", "B"]


def test_a_newly_loaded_holiday_table_moves_due_dates_at_once(fresh_api: Api) -> None:
    """R-COUNT-3 and R-COUNT-4: a case running into 2027 is provisional until 2027's table is loaded, then
    it is recounted on the worklist and on the case, without any new event on the case."""
    api = fresh_api
    organ = unique("闵行区人社局")
    api.clock.set_business_day(date(2026, 12, 21))  # a Monday
    case = api.new_request(organ=organ, arrived_at="2026-12-21T09:30:00+08:00")
    # 22–25, 28–31 December (8), then 2027 on weekends only: 1 January (9), 4–8 (14), 11–15 (19), 18 January (20).
    assert (case["reply_due"], case["reply_due_provisional"]) == ("2027-01-18", True)
    item = _page(api, organ=organ)["items"][0]
    assert (item["reply_due"], item["reply_due_provisional"]) == ("2027-01-18", True)

    year = {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知 (测试)", "holidays": ["2027-01-01"]}
    response = api.client.post("/api/v1/calendar/years", json=year, headers=api.admin.headers)
    assert response.status_code == 201, response.text

    # 1 January is now a holiday: one working day later.
    item = _page(api, organ=organ)["items"][0]
    assert (item["reply_due"], item["reply_due_provisional"]) == ("2027-01-19", False)
    read = api.read(case["id"])
    assert (read["reply_due"], read["reply_due_provisional"]) == ("2027-01-19", False)
    assert read["version"] == 1
    assert read["derivation"][-1] == "Due on 2027-01-19."
    # due within 20 working days of 21 December now ends on 19 January too.
    assert [i["id"] for i in _page(api, organ=organ, due_within=20)["items"]] == [case["id"]]
    assert _page(api, organ=organ, due_within=19)["items"] == []
