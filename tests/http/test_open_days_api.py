"""Open days through the web API on both stores: planning and the course (R-OPEN-SHAPE, R-OPEN-LIFECYCLE),
registration without a token, places in arrival order and the waiting list (R-OPEN-CAPACITY), one's own
registration by its code, registrants for organisers only, and refusals that write nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time

import pytest

from domain.actors import Role
from tests.http.conftest import Api, Unchanged, assert_problem
from tests.http.open_day_support import PUBLIC, STAFF, OpenDayApi, plan_body, registrant, staff
from tests.support import unique


@pytest.fixture
def days(api: Api) -> Iterator[OpenDayApi]:
    yield OpenDayApi.open(api)


def test_two_places_three_registrants_the_third_waits_and_takes_the_place_the_first_gives_up(days: OpenDayApi) -> None:
    open_day_id = days.opened()
    listed = days.api.client.get(PUBLIC).json()["items"]
    assert open_day_id in [item["id"] for item in listed]
    first, second, third = (days.registered(open_day_id) for _ in range(3))
    assert [r["place"] for r in (first, second, third)] == ["confirmed", "confirmed", "waiting"]
    assert third["waiting_number"] == 1
    assert third["open_day"]["places_left"] == 0 and third["open_day"]["waiting"] == 1
    cancelled = days.api.client.post(f"{PUBLIC}/registrations/{first['code']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["place"] == "cancelled"
    assert days.own(third["code"])["place"] == "confirmed"
    assert days.own(second["code"])["code"] is None  # the code is given once
    staff_form = days.api.client.get(f"{STAFF}/{open_day_id}", headers=days.organiser.headers).json()
    holders = [(r["registration_id"], r["place"]) for r in staff_form["registrants"]]
    assert holders == [(second["registration_id"], "confirmed"), (third["registration_id"], "confirmed")]
    assert staff_form["registrants"][0]["registrant"]["id_number"]
    assert staff_form["confirmed"] == 2
    second_page = days.api.client.get(
        f"{STAFF}/{open_day_id}", params={"page": 2, "page_size": 1}, headers=days.organiser.headers
    ).json()
    assert [r["registration_id"] for r in second_page["registrants"]] == [third["registration_id"]]


def test_one_identity_document_holds_one_registration_until_it_is_cancelled(days: OpenDayApi) -> None:
    open_day_id = days.opened()
    body = registrant()
    first = days.registered(open_day_id, body)
    unchanged = Unchanged(days.api)
    again = days.register(open_day_id, {**body, "registrant": {**body["registrant"], "name": "陈 静"}})
    assert_problem(again, 422, "R-OPEN-CAPACITY", "registrant.id_number")
    unchanged.check()
    days.api.client.post(f"{PUBLIC}/registrations/{first['code']}/cancel")
    assert days.registered(open_day_id, body)["place"] == "confirmed"


def test_registrants_are_read_by_organisers_and_auditors_only(days: OpenDayApi) -> None:
    open_day_id = days.opened()
    days.registered(open_day_id)
    head = staff(days.api, "赵主任", Role.OFFICE_HEAD)
    seen = days.api.client.get(f"{STAFF}/{open_day_id}", headers=head.headers)
    assert seen.status_code == 200 and seen.json()["registrants"] is None
    auditor = staff(days.api, "审计", Role.AUDITOR)
    assert days.api.client.get(f"{STAFF}/{open_day_id}", headers=auditor.headers).json()["registrants"]
    clerk = days.api.client.post(STAFF, json=plan_body(), headers=days.api.clerk.headers)
    assert_problem(clerk, 403, "R-ROLE")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"format": "visit", "venue": None}, "venue"),
        ({"format": "live_stream", "venue": None}, "stream_link"),
        ({"capacity": 0}, "capacity"),
        ({"registration_closes_at": "2025-03-14T10:00:00+08:00"}, "registration_closes_at"),
        ({"min_age": 70, "max_age": 20}, "min_age"),
    ],
)
def test_an_open_day_without_its_shape_is_refused_and_nothing_is_written(
    days: OpenDayApi, overrides: dict[str, object], field: str
) -> None:
    unchanged = Unchanged(days.api)
    response = days.api.client.post(STAFF, json=plan_body(**overrides), headers=days.organiser.headers)
    assert_problem(response, 422, "R-OPEN-SHAPE", field)
    unchanged.check()


def test_unknown_fields_overlong_text_and_naive_times_are_refused_at_the_door(days: OpenDayApi) -> None:
    unchanged = Unchanged(days.api)
    for body, field in (
        (plan_body(colour="red"), "colour"),
        (plan_body(venue="厅" * 301), "venue"),
        (plan_body(starts_at="2025-03-14T09:30:00"), "starts_at"),
    ):
        assert_problem(days.api.client.post(STAFF, json=body, headers=days.organiser.headers), 400, "R-INPUT", field)
    open_day_id = days.opened()
    unchanged = Unchanged(days.api)
    response = days.register(open_day_id, {**registrant(), "registrant": {"name": "x" * 101, "id_number": "1"}})
    assert_problem(response, 400, "R-INPUT", "registrant.name")
    response = days.register(open_day_id, {**registrant(), "registrant": {"name": "x", "person_id": "p"}})
    assert_problem(response, 400, "R-INPUT", "registrant.person_id")
    unchanged.check()


def test_registration_is_refused_outside_its_window_before_it_opens_and_for_those_too_young(days: OpenDayApi) -> None:
    planned = days.plan()["open_day"]["id"]
    assert_problem(days.register(planned), 409, "R-OPEN-LIFECYCLE")
    assert days.api.client.get(f"{PUBLIC}/{planned}").status_code == 404  # not announced yet
    open_day_id = days.opened()
    # born 15 March 2007: 17 on 14 March 2025
    young = {"registrant": registrant()["registrant"], "birth_date": "2007-03-15"}
    assert_problem(days.register(open_day_id, young), 422, "R-OPEN-SHAPE", "birth_date")
    no_number = {"registrant": {"name": "陈静"}, "age": 30}
    assert_problem(days.register(open_day_id, no_number), 422, "R-OPEN-CAPACITY", "registrant.id_number")
    days.api.clock.set_business_day(date(2025, 3, 12), at=time(17, 0))
    assert_problem(days.register(open_day_id), 409, "R-OPEN-LIFECYCLE")


def test_the_course_from_planned_to_the_summary_and_no_step_out_of_order(days: OpenDayApi) -> None:
    open_day_id = days.opened()
    days.registered(open_day_id)
    assert_problem(
        days.api.client.post(f"{STAFF}/{open_day_id}/held", json={"held_on": "2025-03-14", "attendance": 1},
                             headers=days.organiser.headers), 409, "R-OPEN-LIFECYCLE",
    )  # fmt: skip
    days.step(open_day_id, "registration/close")
    assert_problem(days.register(open_day_id), 409, "R-OPEN-LIFECYCLE")
    days.api.clock.set_business_day(date(2025, 3, 14), at=time(15, 0))
    days.step(open_day_id, "held", {"held_on": "2025-03-14", "attendance": 1})
    assert_problem(
        days.api.client.post(f"{STAFF}/{open_day_id}/cancel", json={"reason": "x"}, headers=days.organiser.headers),
        409, "R-OPEN-LIFECYCLE",
    )  # fmt: skip
    days.step(open_day_id, "feedback", {"responses": 1, "findings": "满意"})
    final = days.step(open_day_id, "summary", {"summary": "活动圆满完成"})
    assert final["open_day"]["status"] == "summary_published"
    assert final["summary_published_on"] == "2025-03-14"


def test_an_unknown_code_is_not_found(days: OpenDayApi) -> None:
    assert_problem(days.api.client.get(f"{PUBLIC}/registrations/no-such-code"), 404, "R-NOT-FOUND")
    assert_problem(days.api.client.post(f"{PUBLIC}/registrations/no-such-code/cancel"), 404, "R-NOT-FOUND")


def test_the_worklist_shows_the_step_each_open_day_awaits_and_when_it_is_due(days: OpenDayApi) -> None:
    organ = unique("闵行区人社局")
    waiting_to_open = days.plan(organ=organ)["open_day"]["id"]  # its window opened on Tue 4 March: overdue
    taking = days.opened(organ=organ)  # registration closes on Wed 12 March
    called_off = days.opened(organ=organ, title="取消的活动")
    days.step(called_off, "cancel", {"reason": "台风预警"})

    def listed(**params: object) -> list[tuple[str, str | None, str | None, bool]]:
        response = days.api.client.get(STAFF, params={"organ": organ, **params}, headers=days.organiser.headers)
        assert response.status_code == 200, response.text
        return [(i["id"], i["next_step"], i["due"], i["overdue"]) for i in response.json()["items"]]

    assert listed() == [
        (waiting_to_open, "open registration", "2025-03-04", True),
        (taking, "close registration", "2025-03-12", False),
        (called_off, None, None, False),
    ]
    assert [i[0] for i in listed(overdue="true")] == [waiting_to_open]
    # 5 working days after Wednesday 5 March is Wednesday 12 March: the closing is due within them, not after 4
    assert [i[0] for i in listed(due_within=5)] == [taking]
    assert listed(due_within=4) == []
    assert [i[0] for i in listed(status="registration_open")] == [taking]
    clerk = days.api.client.get(STAFF, headers=days.api.clerk.headers)
    assert_problem(clerk, 403, "R-ROLE")


def test_a_registration_sent_again_with_its_own_code_is_answered_again_not_refused(days: OpenDayApi) -> None:
    open_day_id = days.opened(capacity=1)
    days.registered(open_day_id)
    body = {**registrant(), "code": "my-own-code-" + "x7Kq2" * 3}
    first = days.registered(open_day_id, body)
    assert (first["code"], first["place"], first["waiting_number"]) == (body["code"], "waiting", 1)
    unchanged = Unchanged(days.api)
    again = days.registered(open_day_id, body)  # the first answer was lost on the way: asked for again
    assert (again["registration_id"], again["place"], again["waiting_number"]) == (
        first["registration_id"],
        "waiting",
        1,
    )
    unchanged.check()
    assert days.own(body["code"])["registration_id"] == first["registration_id"]
    someone_else = {**registrant(), "code": body["code"]}
    assert_problem(days.register(open_day_id, someone_else), 422, "R-VALUE", "code")
    for short_or_odd in ("too-short", "no spaces allowed in a code, none", "码" * 22):
        response = days.register(open_day_id, {**registrant(), "code": short_or_odd})
        assert_problem(response, 422, "R-VALUE", "code")
    unchanged.check()


def test_a_position_past_the_log_is_refused_and_the_open_days_read_on(days: OpenDayApi) -> None:
    """An organiser's read at a position the log never reached (found by a schema-driven fuzzer) once froze the
    process's board: every open day planned after it answered 404, and registrations were decided on a board that no
    longer moved."""
    open_day_id = days.opened()
    past = days.api.client.get(f"{STAFF}/{open_day_id}", params={"position": 2**53 - 1}, headers=days.organiser.headers)
    assert_problem(past, 422, "R-VALUE")
    later = days.opened()
    assert days.registered(later)["place"] == "confirmed"
    seen = days.api.client.get(f"{STAFF}/{later}", headers=days.organiser.headers)
    assert seen.status_code == 200, seen.text
    assert seen.json()["confirmed"] == 1
