"""The public endpoints' limits: requests per client (429 as a problem with Retry-After, staff never counted), the
size of a body (413), the setting that configures them, and the OpenAPI document saying so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar, post
from litestar.params import JSONBody
from litestar.testing import TestClient

from adapters.bootstrap import build
from adapters.http.app import create_app
from adapters.http.problems import EXCEPTION_HANDLERS
from adapters.http.throttle import (
    DEFAULT_RATE,
    PUBLIC_BODY_BYTES,
    RATE_VARIABLE,
    PublicBodyLimit,
    is_public,
    public_rate,
)
from adapters.settings_file import SettingsFileError
from domain.actors import SYSTEM, Role
from tests.http.conftest import PROBLEM_JSON, Shape, assert_problem

SEARCH = "/api/v1/public/documents"


@pytest.fixture
def limited(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient[Any], dict[str, str]]]:
    """The app with a limit of 3 public requests a minute, and a clerk's headers."""
    monkeypatch.setenv(RATE_VARIABLE, "3/minute")
    gongkai = build("memory://")
    try:
        _, token = gongkai.staff.add("王敏", (Role.CLERK,), SYSTEM)
        with TestClient(create_app(gongkai)) as client:
            yield client, {"Authorization": f"Bearer {token}"}
    finally:
        gongkai.close()


def test_a_client_past_the_limit_gets_429_with_retry_after_and_staff_are_not_counted(
    limited: tuple[TestClient[Any], dict[str, str]],
) -> None:
    client, clerk = limited
    for _ in range(3):
        answer = client.get(SEARCH)
        assert answer.status_code == 200, answer.text
        assert answer.headers["RateLimit-Limit"] == "3"
    for _ in range(10):  # staff endpoints are neither counted nor refused
        assert client.get("/api/v1/disclosure-requests", headers=clerk).status_code == 200
    refused = client.get(SEARCH, params={"q": "社会保险"})
    problem = assert_problem(refused, 429, "R-RATE-LIMIT")
    assert refused.headers["content-type"].startswith(PROBLEM_JSON)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "3 requests" in problem["detail"]
    assert client.get("/api/v1/disclosure-requests", headers=clerk).status_code == 200


def test_the_limit_is_configured_or_turned_off_and_a_wrong_setting_is_named() -> None:
    assert public_rate(None) == public_rate("") == DEFAULT_RATE
    assert public_rate("10/second") == ("second", 10)
    assert public_rate(" 500 / hour ") == ("hour", 500)
    assert public_rate("OFF") is None
    for wrong in ("10", "ten/minute", "10/week", "0/minute", "-5/minute"):
        with pytest.raises(SettingsFileError, match=RATE_VARIABLE):
            public_rate(wrong)


def test_a_wrong_setting_stops_the_app_before_it_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RATE_VARIABLE, "many")
    gongkai = build("memory://")
    try:
        with pytest.raises(SettingsFileError, match=RATE_VARIABLE):
            create_app(gongkai)
    finally:
        gongkai.close()


def test_a_public_body_past_its_limit_is_413_and_never_read() -> None:
    """On an app of one public endpoint: the limit is given by the plugin to every route under the public path."""
    read: list[int] = []

    @post("/api/v1/public/echo", status_code=200)
    async def echo(data: JSONBody[dict[str, Any]]) -> int:
        read.append(len(data))
        return len(data)

    app = Litestar([echo], plugins=[PublicBodyLimit()], exception_handlers=EXCEPTION_HANDLERS)  # type: ignore[arg-type]
    with TestClient(app) as client:
        assert client.post("/api/v1/public/echo", json={"text": "x" * 1000}).status_code == 200
        big = {"text": "政" * PUBLIC_BODY_BYTES}
        problem = assert_problem(client.post("/api/v1/public/echo", json=big), 413, "R-INPUT")
        assert "larger than this endpoint reads" in problem["detail"]
    assert read == [1]


def test_the_document_lists_429_on_every_public_operation_and_413_on_their_posts(shape: Shape) -> None:
    public = staff = 0
    for path, operations in shape.openapi["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if is_public(path):
                public += 1
                assert "429" in responses, (method, path)
                assert ("413" in responses) == (method == "post"), (method, path)
            elif path.startswith("/api/"):
                staff += 1
                assert "429" not in responses and "413" not in responses, (method, path)
    assert public >= 3 and staff >= 10
