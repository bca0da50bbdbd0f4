"""Query and path parameters are read strictly too: unknown or repeated ones are named, malformed encodings and
paths get a problem body like every other refusal, never a bare text or a 500."""

from __future__ import annotations

import uuid

import pytest

from tests.http.conftest import API, Api, assert_problem

PUBLIC = "/api/v1/public/documents"


def test_an_unknown_query_parameter_is_named_with_the_nearest_known_one(api: Api) -> None:
    response = api.client.get(API, params={"stauts": "replied"}, headers=api.clerk.headers)
    problem = assert_problem(response, 400, "R-INPUT", "stauts")
    assert problem["errors"] == [{"field": "stauts", "message": "unknown field; did you mean status?"}]


def test_a_parameter_given_twice_where_one_is_taken_is_refused(api: Api) -> None:
    response = api.client.get(f"{API}?page=1&page=2", headers=api.clerk.headers)
    assert_problem(response, 400, "R-INPUT", "page")
    listed = api.client.get(f"{API}?status=replied&status=delivered", headers=api.clerk.headers)
    assert listed.status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [("q=%E6%96", "q"), ("organ=%FF", "organ"), ("%FF=1", "\ufffd")],
    ids=["cut UTF-8", "not UTF-8", "name not UTF-8"],
)
def test_a_query_that_is_not_utf8_once_decoded_is_a_problem(api: Api, query: str, field: str) -> None:
    problem = assert_problem(api.client.get(f"{PUBLIC}?{query}"), 400, "R-INPUT", field)
    assert "percent-encode UTF-8" in problem["errors"][0]["message"]


def test_a_path_that_is_not_utf8_once_decoded_is_a_problem(api: Api) -> None:
    assert_problem(api.client.get("/api/v1/catalogue/%FF%FE"), 400, "R-INPUT", "path")


def test_a_non_ascii_path_gets_a_problem_body(api: Api) -> None:
    assert_problem(api.client.get("/api/v1/catalogue/闵行区某局"), 404, "R-NOT-FOUND")
    assert_problem(api.client.get("/api/v1/目录"), 404, "R-NOT-FOUND")


def test_a_malformed_path_parameter_gets_a_problem_body(api: Api) -> None:
    assert_problem(api.client.get(f"{API}/not-an-id", headers=api.clerk.headers), 404, "R-NOT-FOUND")
    assert_problem(api.client.post(f"{API}/{uuid.uuid4()}x/reply", headers=api.clerk.headers), 404, "R-NOT-FOUND")


def test_an_instant_whose_plus_became_a_space_says_how_to_write_it(api: Api) -> None:
    rid = api.new_request()["id"]
    response = api.client.get(f"{API}/{rid}?as_of=2025-03-03T12:00:00+08:00", headers=api.clerk.headers)
    problem = assert_problem(response, 400, "R-INPUT", "as_of")
    assert problem["errors"][0]["message"].endswith("in a query, write the + of the offset as %2B")
    assert api.read(rid, as_of="2025-03-03T12:00:00+08:00")["version"] == 1


def test_a_number_out_of_range_says_the_range(api: Api) -> None:
    problem = assert_problem(api.client.get(PUBLIC, params={"page_size": "101"}), 400, "R-INPUT", "page_size")
    assert problem["errors"][0]["message"] == "must be at most 100"
    problem = assert_problem(api.client.get(PUBLIC, params={"page": "9" * 400}), 400, "R-INPUT", "page")
    assert problem["errors"][0]["message"] == "must be at most 1000000"
