"""What a schema-driven fuzzer (schemathesis, all checks) found, each kind pinned: the server answers what its
OpenAPI document says, and accepts what the document allows."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from adapters.http.problems import domain_error
from domain.errors import InvalidValue
from tests.http.conftest import API, Api, Shape, Unchanged, assert_problem


def test_a_whole_number_written_with_a_zero_fraction_is_a_whole_number(api: Api) -> None:
    # JSON Schema's `integer` takes 20.0; the door did not.
    rid = api.new_request()["id"]
    body = {"working_days": 10.0, "reason": "数据量大", "notified_on": "2025-03-03"}
    assert api.step(rid, "extension", body, who=api.head)["extension_working_days"] == 10
    unchanged = Unchanged(api, rid)
    body = {"working_days": 10.5, "reason": "数据量大", "notified_on": "2025-03-03"}
    response = api.client.post(f"{API}/{rid}/extension", json=body, headers=api.head.headers)
    problem = assert_problem(response, 400, "R-INPUT", "working_days")
    assert problem["errors"][0]["message"] == "must be a whole number, not a fraction"
    unchanged.check()


def test_options_lists_every_method_of_the_path(api: Api) -> None:
    # Litestar's own answer named only the methods of the first handler registered on a path.
    for path, methods in [(API, "GET, OPTIONS, POST"), ("/api/v1/calendar/years", "GET, OPTIONS, POST")]:
        response = api.client.options(path, headers=api.clerk.headers)
        assert response.status_code == 204
        assert response.headers["allow"] == methods
    response = api.client.options(f"{API}/{uuid.uuid4()}/reply", headers=api.clerk.headers)
    assert response.headers["allow"] == "OPTIONS, POST"


def test_an_undeclared_method_is_405_with_allow(api: Api) -> None:
    response = api.client.request("TRACE", "/api/v1/catalogue/闵行区人社局", headers=api.clerk.headers)
    assert_problem(response, 405, "R-INPUT")
    assert response.headers["allow"] == "GET, OPTIONS"


def test_a_search_refused_by_its_rules_is_a_documented_answer(shape: Shape) -> None:
    search = shape.openapi["paths"]["/api/v1/public/documents"]["get"]
    assert "422" in search["responses"]


def test_a_command_without_an_id_in_its_path_documents_its_409_too(shape: Shape) -> None:
    # Loading a holiday year twice is a step out of order (409), though the path names no record.
    for path in ("/api/v1/calendar/years", API, "/api/v1/documents"):
        assert "409" in shape.openapi["paths"][path]["post"]["responses"], path


def test_a_refusal_the_application_codes_r_input_is_a_400(shape: Shape) -> None:
    # So that the application layer can call input malformed (a search with no word to find) as the door does.
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b"", "scheme": "http"}
    scope.update(server=("testserver", 80), root_path="", app=shape.app)
    request: Request[Any, Any, Any] = Request(scope)
    response = domain_error(request, InvalidValue("q holds no word to search for", code="R-INPUT", field="q"))
    assert response.status_code == 400
    assert response.content["errors"] == ({"field": "q", "message": "q holds no word to search for"},)
