"""Every text field has a maximum length, stated in the OpenAPI document and enforced at the door, so that no
value can be too long for a read model, an index or a form; a field added later gets one too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from adapters.http.bodies import input_classes, leaf_types
from adapters.http.events import LAST_EVENT_ID_PATTERN
from adapters.http.limits import MAX_LENGTH, max_length
from adapters.http.monthly_returns import MONTH_PATTERN
from adapters.http.strict import fields_of, flaws
from tests.http.conftest import API, Api, Shape, Unchanged, application, assert_problem

TEN_KB = "闵" * 10_240


def text_fields(shape: Shape) -> list[tuple[type, str, bool]]:
    """Every (class, field, is a list) of a request body, at any depth, whose values are text."""
    found = []
    for cls in input_classes(shape.app):
        for name, (hint, _) in fields_of(cls).items():
            if str in set(leaf_types(hint)):
                found.append((cls, name, "tuple" in str(hint) or "list" in str(hint)))
    return found


def string_leaves(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The plain-text schemas inside a property's schema."""
    options = schema.get("oneOf") or ([schema["items"]] if "items" in schema else [schema])
    if options == [schema]:
        return [schema] if schema.get("type") == "string" and "format" not in schema and "enum" not in schema else []
    return [leaf for option in options for leaf in string_leaves(option)]


def test_the_bodies_have_text_fields_to_check(shape: Shape) -> None:
    assert len(text_fields(shape)) > 50


def test_every_text_field_of_every_request_body_states_its_limit(shape: Shape) -> None:
    for cls, name, _ in text_fields(shape):
        leaves = string_leaves(shape.component(cls.__name__)["properties"][name])
        assert leaves and all(leaf["maxLength"] == max_length(name) for leaf in leaves), (cls.__name__, name)


def test_every_text_field_of_every_request_body_is_refused_past_its_limit(shape: Shape) -> None:
    for cls, name, is_list in text_fields(shape):
        too_long = "x" * (max_length(name) + 1)
        found = flaws(cls, {name: [too_long] if is_list else too_long})
        at = f"{name}[0]" if is_list else name
        assert [f.message for f in found if f.field == at] == [
            f"is {max_length(name) + 1:,} characters long; at most {max_length(name):,} are allowed"
        ], (cls.__name__, name)
        exactly = flaws(cls, {name: ["x" * max_length(name)] if is_list else "x" * max_length(name)})
        assert not [f for f in exactly if f.field == at], (cls.__name__, name)


def test_every_text_parameter_states_its_limit(shape: Shape) -> None:
    for path, item in shape.openapi["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                # Litestar states an optional parameter's limits beside its oneOf: [value, null].
                for leaf in string_leaves(schema):
                    where = (method, path, parameter["name"])
                    assert "maxLength" in leaf or "maxLength" in schema, where
                    # Any text without NUL, or narrower: a log position's digits, a month.
                    narrower = (LAST_EVENT_ID_PATTERN, MONTH_PATTERN)
                    assert (leaf.get("pattern") or schema.get("pattern")) in ("^[^\\u0000]*$", *narrower), where


def test_ten_kilobytes_in_a_short_field_is_refused_and_nothing_is_written(api: Api) -> None:
    unchanged = Unchanged(api)
    response = api.client.post(API, json=application(organ=TEN_KB), headers=api.clerk.headers)
    problem = assert_problem(response, 400, "R-INPUT", "organ")
    assert problem["errors"] == [{"field": "organ", "message": "is 10,240 characters long; at most 100 are allowed"}]
    response = api.client.post(API, json=application(applicant={"name": TEN_KB}), headers=api.clerk.headers)
    assert_problem(response, 400, "R-INPUT", "applicant.name")
    unchanged.check()
    rid = api.new_request()["id"]
    unchanged = Unchanged(api, rid)
    body = {"department": "就业促进科", "handler_id": "staff-1", "handler_name": TEN_KB}
    assert_problem(api.client.post(f"{API}/{rid}/handler", json=body, headers=api.clerk.headers), 400, "R-INPUT")
    unchanged.check()
    assert api.client.get(API, headers=api.clerk.headers).status_code == 200


def test_a_long_query_parameter_is_refused_naming_it(api: Api) -> None:
    response = api.client.get(API, params={"organ": "闵" * 101}, headers=api.clerk.headers)
    assert_problem(response, 400, "R-INPUT", "organ")


def test_every_input_class_is_an_attrs_class(shape: Shape) -> None:
    assert all(attrs.has(cls) for cls in input_classes(shape.app))


def test_the_readme_lists_every_limit() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| fields | at most |") :].split("\n\n", 1)[0]
    missing = [field for field in MAX_LENGTH if f"`{field}" not in table]
    assert missing == [], f"list these in README.md's table of maximum lengths: {missing}"
