"""A problem's `type` is a URL this server answers with the rule; reference lists give every value a form offers
with its Chinese label; each list and each rule code is checked to be complete, so a later one cannot slip by."""

from __future__ import annotations

import enum
import re
import typing
from pathlib import Path
from urllib.parse import urlsplit

from adapters.http.bodies import body_types, handlers, leaf_types, nested_types
from adapters.http.reference import LISTS, PATH
from domain.disclosure_request.values import GROUNDS, OutcomeCategory
from domain.labels import LABELS
from domain.rulebook import RULES
from tests.http.conftest import API, Api, Shape, application, assert_problem

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"""["'](R-[A-Z][A-Z0-9-]*)["']""")


def test_a_problems_type_is_a_url_this_server_answers_with_the_rule(api: Api) -> None:
    response = api.client.post(API, json=application(channel="post"), headers=api.clerk.headers)
    problem = assert_problem(response, 422, "R-REQ-RECEIPT")
    rule = api.client.get(urlsplit(problem["type"]).path)
    assert rule.status_code == 200
    assert rule.json()["code"] == "R-REQ-RECEIPT"
    assert "Art. 31" in rule.json()["source"]
    assert rule.json()["url"] == problem["type"]


def test_every_rule_code_in_the_code_has_an_entry_in_the_rulebook() -> None:
    found = {
        code
        for folder in ("domain", "application", "adapters")
        for source in (ROOT / folder).rglob("*.py")
        for code in CODE.findall(source.read_text(encoding="utf-8"))
    }
    assert len(found) > 20
    assert sorted(found - set(RULES)) == [], "add each to domain/rulebook.py, transcribed from RULES.md"


def test_every_rule_and_every_code_of_the_api_is_served(shape: Shape) -> None:
    served = shape.client.get(f"{PATH}/rules").json()
    assert [r["code"] for r in served] == list(RULES)
    for code in ("R-INPUT", "R-AUTH", "R-ROLE", "R-NOT-FOUND", "R-CONFLICT", "R-STEP", "R-VALUE", "R-INTERNAL"):
        assert shape.client.get(f"{PATH}/rules/{code}").json()["text"]


def test_the_outcome_rule_lists_the_categories_with_their_grounds(shape: Shape) -> None:
    outcomes = shape.client.get(f"{PATH}/rules/R-REQ-OUTCOME").json()["outcomes"]
    assert [o["value"] for o in outcomes] == [c.value for c in OutcomeCategory]
    not_disclosed = next(o for o in outcomes if o["value"] == "not_disclosed")
    assert not_disclosed["label"] == "不予公开"
    assert [g["number"] for g in not_disclosed["grounds"]] == list(GROUNDS[OutcomeCategory.NOT_DISCLOSED])


def test_an_unknown_rule_or_list_is_a_problem(shape: Shape) -> None:
    assert_problem(shape.client.get(f"{PATH}/rules/R-NOTHING"), 404, "R-NOT-FOUND", "code")
    assert_problem(shape.client.get(f"{PATH}/nothing-here"), 404, "R-NOT-FOUND", "name")


def test_every_member_of_every_served_list_has_a_chinese_label(shape: Shape) -> None:
    for enum_type, labels in LABELS.items():
        missing = [m.value for m in enum_type if m.value not in labels]
        assert missing == [], f"add labels for {enum_type.__name__} to domain/labels.py: {missing}"
    for name in LISTS:
        values = shape.client.get(f"{PATH}/{name}").json()["values"]
        assert all(re.search(r"[\u4e00-\u9fff]", v["label"]) for v in values), name


def test_every_value_a_request_takes_is_served_as_a_list(shape: Shape) -> None:
    in_bodies = {t for t in nested_types(body_types(shape.app)) if issubclass(t, enum.Enum)}
    in_queries = {
        leaf
        for _, _, handler in handlers(shape.app)
        for field in handler.parsed_fn_signature.parameters.values()
        for leaf in leaf_types(field.annotation)
        if isinstance(leaf, type) and issubclass(leaf, enum.Enum)
    }
    assert sorted(t.__name__ for t in (in_bodies | in_queries) - set(LABELS)) == []
    assert {"outcome-categories", "request-statuses", "roles", "channels", "applicant-types"} <= set(LISTS)
    assert {"document-kinds", "disclosure-attributes", "document-stages"} <= set(LISTS)


def test_the_reference_needs_no_token(shape: Shape) -> None:
    index = shape.client.get(PATH)
    assert index.status_code == 200
    assert [item["name"] for item in index.json()] == list(LISTS)
    assert typing.cast(list[dict[str, str]], index.json())[0]["values"]
