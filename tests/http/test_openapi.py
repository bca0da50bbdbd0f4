"""The OpenAPI document tells the truth: every problem an operation can answer, the one problem schema as the
server sends it, request bodies as strict as the door, an example of every body, and descriptions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.http.bodies import body_types, handlers
from adapters.http.door import body_flaws
from adapters.http.examples import EXAMPLES
from tests.http.conftest import API, Api, Shape, assert_problem

METHODS = ("get", "post", "put", "patch", "delete")


def operations(shape: Shape) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (method, path, operation) of the document."""
    paths: dict[str, dict[str, Any]] = shape.openapi["paths"]
    return [(m, path, item[m]) for path, item in paths.items() for m in METHODS if m in item]


def resolve(shape: Shape, schema: dict[str, Any]) -> dict[str, Any]:
    """A schema, with a reference followed."""
    if "$ref" in schema:
        return shape.component(schema["$ref"].rsplit("/", 1)[-1])
    return schema


def problems_expected(method: str, path: str, operation: dict[str, Any]) -> set[int]:
    """The problem statuses the rule gives an operation."""
    expected = {400}
    if operation.get("security") != [{}]:
        expected |= {401, 403}
    if "{" in path:
        expected.add(404)
    if method == "post":
        expected |= {409, 422}
    if any(p["name"] == "position" for p in operation.get("parameters", [])):
        expected.add(422)  # a position past the log's head
    if not path.startswith(("/api/v1/reference", "/api/v1/events/schemas")):  # the rest reach the store
        expected.add(503)
    if path.startswith("/api/v1/public/"):  # a limit of requests per client, and of a body's size
        expected |= {413, 429} if method == "post" else {429}
    return expected


def test_every_operation_lists_the_problems_it_can_answer(shape: Shape) -> None:
    for method, path, operation in operations(shape):
        answers = operation["responses"].items()
        problems = {int(s) for s, r in answers if "application/problem+json" in r.get("content", {})}
        extra = {422} if operation["operationId"] in ("dueDate", "searchPublishedDocuments") else set()
        if operation["operationId"].startswith(("getAnnualReport", "getDistrictAnnualReport")):  # a year not begun
            extra = {422}
        if operation["operationId"] == "openConsultation":  # on a document the body names
            extra = {404}
        assert problems == problems_expected(method, path, operation) | extra, (method, path)
        assert "405" not in operation["responses"]
        for status in problems:
            content = operation["responses"][str(status)]["content"]
            assert content == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def test_the_problem_schema_is_what_the_server_sends(shape: Shape, api: Api) -> None:
    schema = shape.component("Problem")
    assert set(schema["properties"]) == {"type", "title", "status", "detail", "code", "errors", "request_id"}
    assert set(schema["required"]) == set(schema["properties"])
    error = resolve(shape, schema["properties"]["errors"]["items"])
    assert set(error["properties"]) == {"field", "message"} and set(error["required"]) == {"field", "message"}
    response = api.client.post(API, json={"prefered_form": "paper"}, headers=api.clerk.headers)
    body = assert_problem(response, 400, "R-INPUT")
    assert set(body) == set(schema["properties"])
    assert all(set(e) == {"field", "message"} for e in body["errors"])
    assert body["request_id"] == response.headers["x-request-id"]


def test_every_request_body_refuses_unknown_fields_and_has_an_example(shape: Shape) -> None:
    for method, path, operation in operations(shape):
        if "requestBody" not in operation:
            continue
        schema = resolve(shape, operation["requestBody"]["content"]["application/json"]["schema"])
        assert schema["additionalProperties"] is False, (method, path)
        assert len(schema["examples"]) == 1, (method, path)


def test_every_request_body_type_of_the_app_has_an_example(shape: Shape) -> None:
    missing = [t.__name__ for t in body_types(shape.app) if t not in EXAMPLES]
    assert missing == [], f"add an example of each to adapters/http/examples.py: {missing}"


@pytest.mark.parametrize("body_type", list(EXAMPLES), ids=lambda t: t.__name__)
def test_every_example_passes_the_door(body_type: type) -> None:
    assert body_flaws(body_type, json.dumps(EXAMPLES[body_type]).encode()) == []


def test_operations_and_fields_have_descriptions(shape: Shape) -> None:
    for method, path, operation in operations(shape):
        assert operation.get("description"), (method, path)
    outcome = shape.component("Outcome")["properties"]
    assert outcome["withheld"]["description"] == "For a partial disclosure: what is withheld and why."
    problem = shape.component("Problem")
    assert problem["properties"]["type"]["description"].startswith("The URL of the rule on this server")


def test_text_fields_forbid_nul_and_integers_are_safe_in_every_json_reader(shape: Shape) -> None:
    extension = shape.component("GrantExtension")["properties"]
    assert extension["reason"]["pattern"] == "^[^\\u0000]*$"
    assert extension["working_days"]["maximum"] == 2**53 - 1


def test_the_problem_answers_of_every_handler_come_from_one_rule(shape: Shape) -> None:
    # A handler never lists problems by hand: the rule in adapters/http/problem_docs.py gives them.
    for _, _, handler in handlers(shape.app):
        assert handler.responses is not None


def test_every_number_parameter_states_its_least_value(shape: Shape) -> None:
    """A schema-driven fuzzer sent `position=-251`, which the document allowed (Litestar left out the minimum of 0 of
    an optional parameter) and the door refused."""
    unbounded = []
    for method, path, operation in operations(shape):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            kinds = [s.get("type") for s in schema.get("oneOf", [schema])]
            if (
                "integer" in kinds
                and "minimum" not in schema
                and not any("minimum" in s for s in schema.get("oneOf", []))
            ):
                unbounded.append(f"{method} {path} {parameter['name']}")
    assert unbounded == []
