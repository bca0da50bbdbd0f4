"""Reads from read models wait for the log as it stood when they arrived, or for the position a step's answer gave;
a list that does not get there in time answers 503 with Retry-After. Every page says the position it reflects."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest

from application import projections
from domain.actors import Role
from domain.document.commands import RegisterDocument
from domain.document.values import DocumentKind
from tests.http.conftest import API, Api, assert_problem
from tests.support import credential

DOCUMENTS = "/api/v1/documents"
SEARCH = "/api/v1/public/documents"


def test_a_page_reflects_the_step_just_taken_and_says_the_position(api: Api) -> None:
    case = api.new_request()
    for position in (None, case["position"]):
        params = {"organ": case["organ"]} | ({"position": position} if position is not None else {})
        page = api.client.get(API, params=params, headers=api.clerk.headers).json()
        assert [item["id"] for item in page["items"]] == [case["id"]]
        assert page["position"] >= case["position"]
    for path in (DOCUMENTS, SEARCH):
        found = api.client.get(path, params={"position": case["position"]}, headers=api.clerk.headers)
        assert found.status_code == 200, found.text
        assert found.json()["position"] >= case["position"]


@pytest.mark.parametrize("position", ["-1", "later", "1.5", str(2**53)])
def test_a_position_that_is_no_log_position_is_refused_naming_it(api: Api, position: str) -> None:
    response = api.client.get(API, params={"position": position}, headers=api.clerk.headers)
    assert_problem(response, 400, "R-INPUT", "position")


def test_a_position_past_the_logs_head_is_refused_at_once_naming_it(api: Api) -> None:
    """A step's answer never gives a position the log has not reached: a later one is a mistake, not a wait."""
    case = api.new_request()
    for path in (API, DOCUMENTS, SEARCH):
        response = api.client.get(path, params={"position": case["position"] + 10**9}, headers=api.clerk.headers)
        assert_problem(response, 422, "R-VALUE", "position")


def _never(asked: threading.Event) -> object:
    """A store's `lead` that never leads, telling when it was first asked."""

    async def lead() -> bool:
        asked.set()
        return False

    return lead


def test_a_list_that_does_not_catch_up_in_time_answers_503_with_retry_after(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    gongkai = api.gongkai
    reached = api.client.get(API, headers=api.clerk.headers).json()["position"]
    asked = [threading.Event() for _ in range(3)]
    for store, event in zip(
        (gongkai.worklist_store, gongkai.document_worklist_store, gongkai.publication_store), asked, strict=True
    ):
        monkeypatch.setattr(store, "lead", _never(event))  # no process advances the read models any more
    for event in asked:  # each runner has finished the catch-up it was in, and begins no other
        assert event.wait(timeout=10)
    monkeypatch.setattr(projections, "READ_WAIT_SECONDS", 0.2)
    case = api.new_request()
    # The documents' read models fold none of a request's events: what they hold is what the log's head gives.
    assert api.client.get(DOCUMENTS, headers=api.clerk.headers).status_code == 200
    register = RegisterDocument(
        document_id=uuid.uuid4(), organ="闵行区人社局", department="就业促进科", kind=DocumentKind.POLICY,
        title="促进就业若干措施", formed_on=date(2025, 3, 3), text="正文",
    )  # fmt: skip
    gongkai.documents.register(register, credential(Role.DRAFTER))
    for path in (API, DOCUMENTS, SEARCH):
        response = api.client.get(path, headers=api.clerk.headers)
        body = assert_problem(response, 503, "R-UNAVAILABLE")
        assert int(response.headers["Retry-After"]) >= 1
        assert "caught up" in body["detail"]
    # A caller that needs only what it saw before asks for that position and is answered.
    page = api.client.get(API, params={"position": reached}, headers=api.clerk.headers)
    assert page.status_code == 200 and page.json()["position"] >= reached
    assert case["position"] > reached
