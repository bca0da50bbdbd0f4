"""The door: a request is read strictly from its handler's types before anything else happens, every flaw is named
at once with the path of its field, in words a clerk can act on, and nothing is written."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from adapters.http.door import body_flaws
from adapters.http.strict import Flaw
from domain.disclosure_request import commands as request_commands
from domain.document import commands as document_commands
from tests.http.conftest import API, Api, Unchanged, application, assert_problem

REPR = re.compile(r"'|<class|Expected `|\b[A-Z][A-Za-z]+\.[A-Z_]{2,}\b|\bNone\b")
"""What a Python repr or a library's own message looks like inside a message."""


def messages(problem: dict[str, Any]) -> dict[str, str]:
    """The problem's messages by field, checked to hold no Python reprs."""
    found = {error["field"]: error["message"] for error in problem["errors"]}
    for text in [problem["detail"], *found.values()]:
        assert not REPR.search(text), text
    return found


def flaws_of(body_type: type, body: Any) -> dict[str, str]:
    """The door's flaws of a body, by field."""
    return {flaw.field: flaw.message for flaw in body_flaws(body_type, json.dumps(body).encode())}


def test_an_unknown_field_is_named_with_the_nearest_known_one_and_nothing_is_written(api: Api) -> None:
    unchanged = Unchanged(api)
    response = api.client.post(API, json=application(prefered_form="paper"), headers=api.clerk.headers)
    problem = assert_problem(response, 400, "R-INPUT", "prefered_form")
    assert messages(problem) == {"prefered_form": "unknown field; did you mean preferred_form?"}
    assert problem["detail"] == "prefered_form: unknown field; did you mean preferred_form?"
    unchanged.check()


def test_an_unknown_field_far_from_any_known_one_is_answered_with_the_fields_there_are() -> None:
    found = flaws_of(request_commands.RecordFeePayment, {"paid_on": "2025-03-03", "receipt": "A-1"})
    assert found == {"receipt": "unknown field; the fields are paid_on"}


def test_every_missing_field_is_named_at_once_and_nothing_is_written(api: Api) -> None:
    unchanged = Unchanged(api)
    problem = assert_problem(api.client.post(API, json={}, headers=api.clerk.headers), 400, "R-INPUT")
    required = ["organ", "department", "channel", "arrived_at", "applicant", "applicant_type", "information_requested"]
    assert messages(problem) == dict.fromkeys(required, "this field is required")
    unchanged.check()


def test_an_empty_body_says_so_and_what_to_send(api: Api) -> None:
    rid = api.new_request()["id"]
    unchanged = Unchanged(api, rid)
    response = api.client.post(f"{API}/{rid}/extension", headers=api.head.headers)
    problem = assert_problem(response, 400, "R-INPUT")
    assert problem["errors"][0]["field"] == ""
    assert problem["detail"].startswith("the request has no body; send a JSON object with working_days, reason")
    unchanged.check()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"[1, 2]", "the request body must be a JSON object with working_days, reason"),
        (b"null", "the request body must be a JSON object with working_days, reason"),
        (b'"twenty"', "the request body must be a JSON object with working_days, reason"),
        (b'{"working_days": ', "the request body is not valid JSON"),
    ],
)
def test_a_body_that_is_not_a_json_object_says_what_to_send(raw: bytes, expected: str) -> None:
    [flaw] = body_flaws(request_commands.GrantExtension, raw)
    assert flaw.field == "" and flaw.message.startswith(expected)


# path, body, field, message: the JSON type is wrong, however Litestar itself would have read it
WRONG_TYPES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "contacts",
        {"kind": "call", "occurred_at": 0, "summary": "电话说明办理进度"},
        "occurred_at",
        "must be a date and time with its offset from UTC, e.g. 2025-03-03T09:30:00+08:00, not a number",
    ),
    (
        "extension",
        {"working_days": True, "reason": "数据量大", "notified_on": "2025-03-03"},
        "working_days",
        "must be a whole number, not true or false",
    ),
    (
        "extension",
        {"working_days": "10", "reason": "数据量大", "notified_on": "2025-03-03"},
        "working_days",
        "must be a whole number, not text",
    ),
    (
        "consultations",
        {"party": "organ", "subject": "会商", "letter_sent_on": "2025-03-03", "jointly_produced": "yes"},
        "jointly_produced",
        "must be true or false, not text",
    ),
    (
        "correction-notice",
        {"sent_on": 20250303, "what_to_correct": "写明年份", "correct_by": "2025-03-14"},
        "sent_on",
        "must be a date in the form YYYY-MM-DD, e.g. 2025-03-03, not a number",
    ),
    (
        "handler",
        {"department": "就业促进科", "handler_id": None, "handler_name": "王敏"},
        "handler_id",
        "must be text, not null",
    ),
]


@pytest.mark.parametrize(("path", "body", "field", "message"), WRONG_TYPES, ids=[c[2] for c in WRONG_TYPES])
def test_a_value_of_the_wrong_json_type_is_refused_and_nothing_is_written(
    api: Api, path: str, body: dict[str, Any], field: str, message: str
) -> None:
    rid = api.new_request()["id"]
    unchanged = Unchanged(api, rid)
    response = api.client.post(f"{API}/{rid}/{path}", json=body, headers=api.head.headers)
    assert messages(assert_problem(response, 400, "R-INPUT", field)) == {field: message}
    unchanged.check()


def test_a_number_is_not_a_flag() -> None:
    body = {"title": "通知", "text": "全文", "changed_on": "2025-03-03", "reason": "更正", "is_correction": 0}
    assert flaws_of(document_commands.ReviseDocument, body) == {"is_correction": "must be true or false, not a number"}


def test_an_enum_value_outside_its_list_is_answered_with_the_list() -> None:
    body = {"replied_on": "2025-03-03", "outcome": {"category": "maybe"}}
    assert flaws_of(request_commands.Reply, body) == {
        "outcome.category": "must be one of: disclosed, partially_disclosed, not_disclosed, cannot_provide, "
        "not_processed, other"
    }


def test_flaws_deep_inside_a_body_are_named_by_their_path() -> None:
    members = [{"name": "赵主任", "department": "公开办", "side": "disclosure"}, {"name": "孙", "side": "press"}]
    body = {"held_on": "2025-03-03", "members": members, "conclusion": "部分公开"}
    assert flaws_of(request_commands.HoldConference, body) == {
        "members[1].department": "this field is required",
        "members[1].side": "must be one of: disclosure, legal, business",
    }


NEEDS_OFFSET = "needs its offset from UTC, e.g. 2025-03-03T09:30:00+08:00 for Beijing time"
NOT_A_TIME = "must be a date and time with its offset from UTC, e.g. 2025-03-03T09:30:00+08:00"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-03-03T09:30:00", NEEDS_OFFSET),
        ("2025-03-03 09:30", NEEDS_OFFSET),
        ("2025/03/03 09:30+08:00", NOT_A_TIME),
        ("2025-02-29T09:30:00+08:00", NOT_A_TIME),
        ("2025-03-03T09:30:00+08:00", None),
        ("2025-03-03T01:30:00.5Z", None),
    ],
)
def test_a_time_is_iso_8601_with_its_offset(value: str, message: str | None) -> None:
    found = flaws_of(request_commands.RecordContact, {"kind": "call", "occurred_at": value, "summary": "电话"})
    assert found == ({"occurred_at": message} if message else {})


@pytest.mark.parametrize(("value", "ok"), [("2025-03-03", True), ("20250303", False), ("2025-3-3", False)])
def test_a_date_is_iso_8601(value: str, ok: bool) -> None:
    assert (flaws_of(request_commands.RecordFeePayment, {"paid_on": value}) == {}) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("7d4e1c52-3f7a-4b8e-9c1d-2a6b5e8f0c13", True),
        ("7D4E1C52-3F7A-4B8E-9C1D-2A6B5E8F0C13", True),
        ("7d4e1c523f7a4b8e9c1d2a6b5e8f0c13", False),
        ("那份政策", False),
    ],
)
def test_an_id_is_a_uuid_in_its_usual_form(value: str, ok: bool) -> None:
    found = flaws_of(document_commands.AttachInterpretation, {"interpretation_id": value})
    assert (found == {}) is ok
    if not ok:
        assert found == {"interpretation_id": "must be an id in the form 0b5c7f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"}


def test_text_holds_no_nul_and_no_unpaired_surrogate() -> None:
    raw = b'{"sent_on": "2025-03-03", "note": "a \\u0000"}'
    assert body_flaws(request_commands.RequestReasons, raw) == [
        Flaw("note", "text must not contain NUL characters (\\u0000)")
    ]
    for surrogate in (b"\\ud800", b"\\udc00"):
        [flaw] = body_flaws(request_commands.RequestReasons, b'{"sent_on": "2025-03-03", "note": "' + surrogate + b'"}')
        assert flaw.field == "" and flaw.message.startswith("the request body is not valid JSON")


def test_the_caller_is_authenticated_before_the_body_is_read(api: Api) -> None:
    response = api.client.post(API, json={"prefered_form": "paper"})
    assert_problem(response, 401, "R-AUTH")
    assert response.headers["www-authenticate"] == "Bearer"
