"""The policy message board through the web API, on both stores: a question from the public endpoint or the hotline,
routed (转办), split (分办), transferred, answered, replied to and selected for publication (选登); refusals write
nothing; the asker is seen only by those who may read personal data."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.actors import Role
from tests.http.conftest import Api, Unchanged, assert_problem
from tests.http.enquiry_support import ASKER, PUBLIC, QUESTION, SELECTED, STAFF, Board, staff
from tests.support import credential


@pytest.fixture
def board(api: Api) -> Board:
    """The message board's API for an organ of the test's own."""
    return Board.open(api)


def test_a_question_from_the_public_is_received_today_and_due_in_five_working_days(board: Board) -> None:
    answer = board.ask()
    # Received Mon 3/3: 3/4, 3/5, 3/6, 3/7, Mon 3/10 is the 5th working day.
    assert (answer["receipt_date"], answer["reply_due"], answer["reply_due_provisional"]) == (
        "2025-03-03",
        "2025-03-10",
        False,
    )
    assert len(answer["receipt_code"]) == 10
    case = board.read(answer["id"])
    assert (case["channel"], case["status"], case["receipt_code"]) == ("online", "received", answer["receipt_code"])
    assert case["asker"]["name"] == "张伟" and case["asker"]["person_id"]
    assert case["question"] == QUESTION
    assert case["history"][0]["actor"]["person_id"] == "public"


def test_only_those_who_may_read_personal_data_see_the_asker(board: Board) -> None:
    enquiry_id = board.ask()["id"]
    seen = board.read(enquiry_id, board.handler)
    assert seen["asker"] is None
    assert seen["history"][0]["data"]["asker"] is None
    assert board.read(enquiry_id, board.api.head)["asker"]["phone"] == "13912345678"


def test_staff_enter_a_hotline_question_as_it_arrived(board: Board) -> None:
    body = {
        "organ": board.organ,
        "channel": "hotline",
        "arrived_at": "2025-03-02T21:00:00+08:00",
        "asker": {"name": "李娜"},
        "question": "灵活就业人员社保补贴的申请条件是什么？",
    }
    response = board.client.post(STAFF, json=body, headers=board.clerk.headers)
    assert response.status_code == 201, response.text
    case = response.json()
    # Received Sunday 3/2: Mon 3/3 is day 1 … Fri 3/7 day 5.
    assert (case["channel"], case["receipt_date"], case["reply_due"]) == ("hotline", "2025-03-02", "2025-03-07")
    assert case["history_scope"] == "this_step_only"


def test_online_questions_come_only_through_the_public_endpoint(board: Board) -> None:
    body = {
        "organ": board.organ,
        "channel": "online",
        "arrived_at": "2025-03-03T09:00:00+08:00",
        "asker": ASKER,
        "question": "问题",
    }
    unchanged = Unchanged(board.api)
    assert_problem(board.client.post(STAFF, json=body, headers=board.clerk.headers), 422, "R-VALUE", "channel")
    unchanged.check()


def test_a_split_question_is_answered_part_by_part_and_each_queue_keeps_its_time(board: Board) -> None:
    enquiry_id = board.ask()["id"]
    split = {
        "parts": [
            {"department": "就业促进科", "scope": "就业补贴的申领"},
            {"department": "社会保险科", "scope": "社保缴费记录"},
        ]
    }
    case = board.step(enquiry_id, "split", split)
    assert [(p["number"], p["department"], p["scope"]) for p in case["parts"]] == [
        (1, "就业促进科", "就业补贴的申领"),
        (2, "社会保险科", "社保缴费记录"),
    ]
    board.api.clock.set_business_day(date(2025, 3, 5))
    moved = {"part": 2, "department": "劳动关系科", "reason": "属劳动关系，非社保缴费"}
    board.step(enquiry_id, "transfers", moved)
    board.step(enquiry_id, "answers", {"part": 1, "answer": "补贴部分的答复"}, board.handler)
    refused = board.client.post(f"{STAFF}/{enquiry_id}/reply", json={"reply": "答复"}, headers=board.clerk.headers)
    assert "2 (劳动关系科)" in assert_problem(refused, 422, "R-ENQ-ROUTE")["detail"]
    board.api.clock.set_business_day(date(2025, 3, 7))
    board.step(enquiry_id, "answers", {"part": 2, "answer": "劳动关系部分的答复"}, board.handler)
    case = board.step(enquiry_id, "reply", {"reply": "综合答复"})
    assert (case["status"], case["replied_on"], case["overdue"], case["replied_late"]) == (
        "replied",
        "2025-03-07",
        False,
        False,
    )
    # Part 2: 社会保险科 from 3/3 to 3/5 (3/4, 3/5 = 2), then 劳动关系科 to 3/7 (3/6, 3/7 = 2).
    stays = [(s["department"], s["entered_on"], s["left_on"], s["working_days"]) for s in case["parts"][1]["stays"]]
    assert stays == [("社会保险科", "2025-03-03", "2025-03-05", 2), ("劳动关系科", "2025-03-05", "2025-03-07", 2)]


def test_refusals_write_nothing_and_name_their_rule(board: Board) -> None:
    enquiry_id = board.ask()["id"]
    unchanged = Unchanged(board.api)
    headers = board.clerk.headers
    assert_problem(
        board.client.post(f"{STAFF}/{enquiry_id}/reply", json={"reply": "答"}, headers=headers), 422, "R-ENQ-ROUTE"
    )
    one = {"parts": [{"department": "就业促进科", "scope": "全部"}]}
    assert_problem(
        board.client.post(f"{STAFF}/{enquiry_id}/split", json=one, headers=headers), 422, "R-ENQ-ROUTE", "parts"
    )
    assert_problem(
        board.client.post(
            f"{STAFF}/{enquiry_id}/route", json={"department": "就业促进科", "extra": 1}, headers=headers
        ),
        400,
        "R-INPUT",
        "extra",
    )
    assert_problem(
        board.client.post(f"{STAFF}/{enquiry_id}/route", json={"department": "科" * 101}, headers=headers),
        400,
        "R-INPUT",
        "department",
    )
    refused = board.client.post(
        f"{STAFF}/{enquiry_id}/route", json={"department": "就业促进科"}, headers=board.handler.headers
    )
    assert_problem(refused, 403, "R-ROLE")
    assert_problem(
        board.client.post(f"{STAFF}/{uuid.uuid4()}/route", json={"department": "科"}, headers=headers),
        404,
        "R-NOT-FOUND",
    )
    assert_problem(
        board.client.post(PUBLIC, json={"organ": board.organ, "asker": ASKER, "question": "问" * 10_001}),
        400,
        "R-INPUT",
        "question",
    )
    unchanged.check()


def test_a_question_is_published_without_personal_data_and_found_in_chinese(board: Board) -> None:
    enquiry_id = board.replied()
    leaky = {**SELECTED, "public_question": QUESTION}
    unchanged = Unchanged(board.api)
    refused = board.client.post(f"{STAFF}/{enquiry_id}/publication", json=leaky, headers=board.publisher.headers)
    assert_problem(refused, 422, "R-ENQ-PUBLISH", "public_question")
    unchanged.check()
    assert_problem(board.client.get(f"{PUBLIC}/{enquiry_id}"), 404, "R-NOT-FOUND")
    assert board.search()["total"] == 0

    case = board.step(enquiry_id, "publication", SELECTED, board.publisher)
    assert case["publication"]["title"] == SELECTED["public_title"]
    found = board.search(q="就业补贴", position=case["position"])
    assert [h["id"] for h in found["items"]] == [enquiry_id]
    assert found["items"][0]["departments"] == ["就业促进科"]
    assert "张伟" not in str(found) and "13912345678" not in str(found)
    assert board.search(q="养老保险")["total"] == 0
    published = board.client.get(f"{PUBLIC}/{enquiry_id}").json()
    assert (published["question"], published["published_on"]) == (SELECTED["public_question"], "2025-03-03")

    withdrawn = board.step(enquiry_id, "publication/withdrawal", {"reason": "政策已调整"}, board.publisher)
    assert board.search(position=withdrawn["position"])["total"] == 0
    assert_problem(board.client.get(f"{PUBLIC}/{enquiry_id}"), 404, "R-NOT-FOUND")


def test_a_search_of_nothing_but_punctuation_is_refused(board: Board) -> None:
    assert_problem(board.client.get(PUBLIC, params={"q": "？！"}), 400, "R-INPUT", "q")


def test_the_queues_show_each_department_its_waiting_and_overdue_parts(board: Board) -> None:
    first = board.ask()["id"]
    board.step(first, "route", {"department": "就业促进科"})
    board.api.clock.set_business_day(date(2025, 3, 5))
    second = board.ask()["id"]
    board.step(
        second,
        "split",
        {"parts": [{"department": "就业促进科", "scope": "甲"}, {"department": "社会保险科", "scope": "乙"}]},
    )
    board.step(second, "answers", {"part": 2, "answer": "乙的答复"}, board.handler)

    # Tue 3/11: the first (due 3/10) is overdue; the second (received 3/5, due Wed 3/12) is not.
    board.api.clock.set_business_day(date(2025, 3, 11))
    page = board.queues(department="就业促进科", waiting="true")
    rows = [(i["enquiry_id"], i["part"], i["reply_due"], i["overdue"], i["working_days"]) for i in page["items"]]
    # In 就业促进科 since 3/3: 3/4–3/7, 3/10, 3/11 = 6 working days; since 3/5: 3/6, 3/7, 3/10, 3/11 = 4.
    assert rows == [(first, 1, "2025-03-10", True, 6), (second, 1, "2025-03-12", False, 4)]
    overdue = board.queues(overdue="true")
    assert [(i["enquiry_id"], i["department"]) for i in overdue["items"]] == [(first, "就业促进科")]
    gone = board.queues(waiting="false")
    assert [(i["part"], i["department"], i["left_on"], i["working_days"]) for i in gone["items"]] == [
        (0, "（待转办）", "2025-03-03", 0),
        (0, "（待转办）", "2025-03-05", 0),
        (2, "社会保险科", "2025-03-05", 0),
    ]
    soon = board.queues(due_within=1)
    assert [i["enquiry_id"] for i in soon["items"]] == [second]

    counts = board.client.get(f"{STAFF}/departments", params={"organ": board.organ}, headers=board.clerk.headers)
    assert counts.status_code == 200, counts.text
    assert [(d["department"], d["waiting"], d["overdue"]) for d in counts.json()["departments"]] == [
        ("就业促进科", 2, 1)
    ]


def test_a_department_handler_reads_the_queues_and_an_integrator_does_not(board: Board) -> None:
    integrator = staff(board.api, "对接系统", Role.INTEGRATOR)
    assert board.client.get(f"{STAFF}/queues", headers=board.handler.headers).status_code == 200
    assert_problem(board.client.get(f"{STAFF}/queues", headers=integrator.headers), 403, "R-ROLE")


def test_an_auditor_reads_an_enquirys_history_with_labels_and_its_due_date(board: Board) -> None:
    enquiry_id = board.replied()
    auditor = staff(board.api, "审计员孙", Role.AUDITOR)
    response = board.client.get(f"/api/v1/audit/records/{enquiry_id}", headers=auditor.headers)
    assert response.status_code == 200, response.text
    trail = response.json()
    assert (trail["record_type"], trail["record_type_label"]) == ("policy_enquiry", "政策留言")
    assert [e["label"] for e in trail["entries"]] == ["收到留言", "转办或分办", "承办科室答复", "最终回复"]
    assert [e["status"] for e in trail["entries"]] == ["received", "routed", "answered", "replied"]
    assert trail["entries"][0]["event"]["data"]["asker"]["name"] == "张伟"
    assert [(d["what"], d["rule"], d["due"]) for d in trail["due_dates"]] == [("reply", "R-ENQ-REPLY", "2025-03-10")]


def test_an_askers_data_is_exported_and_erased_while_the_published_text_stays(board: Board) -> None:
    enquiry_id = board.replied()
    case = board.step(enquiry_id, "publication", SELECTED, board.publisher)
    person_id = board.read(enquiry_id)["asker"]["person_id"]
    privacy = board.api.gongkai.privacy
    exported = privacy.export(person_id, credential(Role.OFFICE_HEAD))
    assert "13912345678" in str(exported)
    privacy.erase(person_id, "本人申请删除", credential(Role.OFFICE_HEAD))
    erased = board.read(enquiry_id)
    assert erased["asker"]["erased"] is True and erased["asker"]["phone"] is None
    assert board.client.get(f"{PUBLIC}/{enquiry_id}").json()["title"] == SELECTED["public_title"]
    assert board.search(q="就业补贴", position=case["position"])["total"] == 1


def test_a_question_waits_in_the_offices_queue_until_it_is_routed(board: Board) -> None:
    enquiry_id = board.ask()["id"]
    board.api.clock.set_business_day(date(2025, 3, 11))
    # Received 3/3, due 3/10: on 3/11 it has waited 3/4–3/7, 3/10, 3/11 = 6 working days, overdue.
    [waiting] = board.queues(overdue="true")["items"]
    assert (waiting["enquiry_id"], waiting["part"], waiting["department"]) == (enquiry_id, 0, "（待转办）")
    assert (waiting["working_days"], waiting["overdue"]) == (6, True)
    case = board.step(enquiry_id, "route", {"department": "就业促进科"})
    after = board.queues(position=case["position"])["items"]
    assert [(i["part"], i["department"], i["left_on"], i["waiting"]) for i in after] == [
        (0, "（待转办）", "2025-03-11", False),
        (1, "就业促进科", None, True),
    ]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
QUESTION_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "organ": st.one_of(JSON, st.text(max_size=10)),
        "asker": st.one_of(JSON, st.fixed_dictionaries({"name": st.text(max_size=5)}, optional={"phone": JSON})),
        "question": st.one_of(JSON, st.text(max_size=30)),
    },
)
STEP_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "part": st.one_of(JSON, st.integers(-2, 3)),
        "department": st.one_of(JSON, st.text(max_size=10)),
        "reason": st.text(max_size=10),
        "answer": st.text(max_size=10),
        "reply": st.text(max_size=10),
        "parts": st.one_of(JSON, st.lists(st.fixed_dictionaries({"department": st.text(max_size=5), "scope": JSON}))),
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(JSON, QUESTION_LIKE))
def test_whatever_the_public_asks_is_answered_without_a_500(board: Board, body: Any) -> None:
    response = board.client.post(PUBLIC, json=body)
    assert response.status_code in (201, 400, 422), response.text
    if response.status_code != 201:
        assert response.headers["content-type"].startswith("application/problem+json")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["route", "split", "transfers", "answers", "reply"]), body=st.one_of(JSON, STEP_LIKE))
def test_whatever_staff_send_to_a_step_is_answered_without_a_500(board: Board, path: str, body: Any) -> None:
    enquiry_id = board.ask()["id"]
    who = board.handler if path == "answers" else board.clerk
    response = board.client.post(f"{STAFF}/{enquiry_id}/{path}", json=body, headers=who.headers)
    assert response.status_code in (200, 400, 409, 422), response.text
    if response.status_code != 200:
        assert response.headers["content-type"].startswith("application/problem+json")


def test_the_list_shows_questions_by_status_publication_and_overdue(board: Board) -> None:
    waiting = board.ask()["id"]
    routed = board.ask()["id"]
    board.step(routed, "route", {"department": "社会保险科"})
    replied = board.replied()
    published = board.replied("劳动关系科")
    case = board.step(published, "publication", SELECTED, board.publisher)

    def listed(**params: Any) -> list[tuple[str, str, bool]]:
        query = {"organ": board.organ, "position": case["position"], **params}
        response = board.client.get(STAFF, params=query, headers=board.publisher.headers)
        assert response.status_code == 200, response.text
        return [(i["id"], i["status"], i["published"]) for i in response.json()["items"]]

    assert {i for i, *_ in listed()} == {waiting, routed, replied, published}
    assert listed(status="received") == [(waiting, "received", False)]
    assert listed(status=["routed", "answered"]) == [(routed, "routed", False)]
    assert listed(status="replied", published="false") == [(replied, "replied", False)]
    assert listed(published="true") == [(published, "replied", True)]
    board.api.clock.set_business_day(date(2025, 3, 11))
    overdue = listed(overdue="true")
    assert sorted(overdue) == sorted([(waiting, "received", False), (routed, "routed", False)])
    first = board.client.get(STAFF, params={"organ": board.organ, "status": "routed"}, headers=board.clerk.headers)
    [item] = first.json()["items"]
    assert (item["departments"], item["reply_due"], item["overdue"]) == (["社会保险科"], "2025-03-10", True)


def test_the_asker_follows_their_question_by_its_receipt_code(board: Board) -> None:
    asked = board.ask()
    code = asked["receipt_code"]
    receipt = board.client.get(f"{PUBLIC}/receipts/{code}")
    assert receipt.status_code == 200, receipt.text
    assert receipt.json() == {
        "receipt_date": "2025-03-03",
        "status": "received",
        "reply_due": "2025-03-10",
        "reply_due_provisional": False,
        "replied_on": None,
        "reply": None,
        "published": False,
    }
    board.step(asked["id"], "route", {"department": "就业促进科"})
    board.step(asked["id"], "answers", {"part": 1, "answer": "科室的答复（内部）"}, board.handler)
    board.step(asked["id"], "reply", {"reply": "您好，可在一网通办申领。"})
    typed = f"{code[:5].lower()}-{code[5:]}"  # as an asker may type it
    replied = board.client.get(f"{PUBLIC}/receipts/{typed}").json()
    assert (replied["status"], replied["reply"], replied["replied_on"]) == (
        "replied",
        "您好，可在一网通办申领。",
        "2025-03-03",
    )
    assert "张伟" not in str(replied) and "科室的答复" not in str(replied)
    assert_problem(board.client.get(f"{PUBLIC}/receipts/ABCDEFGHJK"), 404, "R-NOT-FOUND")
    assert_problem(board.client.get(f"{PUBLIC}/receipts/{'A' * 65}"), 400, "R-INPUT")
