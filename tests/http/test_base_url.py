"""Links in answers (problem types, rules, schemas) start with the URL clients reach the API under, and a Host header
that makes no URL leaves them paths instead of failing the request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import build
from adapters.http.app import create_app


@pytest.fixture
def client() -> Iterator[TestClient[Any]]:
    gongkai = build("memory://")
    try:
        with TestClient(create_app(gongkai)) as test_client:
            yield test_client
    finally:
        gongkai.close()


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/disclosure-requests", "/api/v1/reference/rules"])
def test_a_host_header_that_makes_no_url_leaves_links_as_paths(client: TestClient[Any], path: str) -> None:
    response = client.get(path, headers={"Host": "gongkai.example:99999"})
    assert response.status_code in (200, 401, 404), response.text
    body = response.json()
    first = body[0] if isinstance(body, list) else body
    assert (first.get("type") or first.get("url")).startswith("/api/v1/reference/rules/")


def test_the_public_url_starts_every_link(client: TestClient[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_PUBLIC_URL", "https://gongkai.example/")
    problem = client.get("/api/v1/disclosure-requests").json()
    assert problem["type"] == "https://gongkai.example/api/v1/reference/rules/R-AUTH"
