"""The web API over a real store: a FixedClock, a TestClient, and tokens for the people who use it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import attrs
import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from adapters.bootstrap import Gongkai, build
from adapters.http.app import create_app
from domain.actors import SYSTEM, Role
from tests.support import FixedClock, unique

API = "/api/v1/disclosure-requests"
PROBLEM_JSON = "application/problem+json"
START = date(2025, 3, 3)
"""A Monday with no holiday near it: the clock stands here unless a test moves it."""


@attrs.define
class Person:
    """Someone holding a bearer token."""

    person_id: str
    name: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header of this person."""
        return {"Authorization": f"Bearer {self.token}"}


@attrs.define
class Api:
    """A client of the web API with the clock, the core it drives, and four staff members."""

    client: TestClient[Any]
    clock: FixedClock
    gongkai: Gongkai
    clerk: Person
    clerk2: Person
    head: Person
    admin: Person

    def new_request(self, who: Person | None = None, **overrides: Any) -> dict[str, Any]:
        """Register an application (in person, today, unless overridden); the response body."""
        response = self.client.post(API, json=application(**overrides), headers=(who or self.clerk).headers)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def step(self, request_id: str, path: str, body: dict[str, Any] | None, who: Person | None = None) -> Any:
        """Take a step that must succeed; the case as it stands after it."""
        response = self.client.post(f"{API}/{request_id}/{path}", json=body, headers=(who or self.clerk).headers)
        assert response.status_code == 200, response.text
        return response.json()

    def read(self, request_id: str, **params: Any) -> dict[str, Any]:
        """Read one case."""
        response = self.client.get(f"{API}/{request_id}", params=params, headers=self.clerk.headers)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def version_of(self, request_id: str) -> int:
        """The case's version as the store has it."""
        return self.gongkai.requests.get(UUID(request_id)).version


def assert_problem(response: httpx.Response, status: int, code: str | None = None, field: str | None = None) -> Any:
    """The response is a problem of this status, with a code, naming the field if given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["code"].startswith("R-")
    if code is not None:
        assert body["code"] == code
    if field is not None:
        assert field in [error["field"] for error in body.get("errors", [])], body
    return body


class Unchanged:
    """Remembers the log's last position and a case's version, to check that nothing was written."""

    def __init__(self, api: Api, request_id: str | None = None) -> None:
        self.api = api
        self.request_id = request_id
        self.position = api.gongkai.store.last_position()
        self.version = api.version_of(request_id) if request_id else None

    def check(self) -> None:
        """Neither the log nor the case moved."""
        assert self.api.gongkai.store.last_position() == self.position
        if self.request_id:
            assert self.api.version_of(self.request_id) == self.version
            assert self.api.read(self.request_id)["version"] == self.version


def application(**overrides: Any) -> dict[str, Any]:
    """The body of a new application, handed in at 09:30 on the start day, for an organ no other test uses."""
    body: dict[str, Any] = {
        "organ": unique("organ"),
        "department": "社会保险科",
        "channel": "in_person",
        "arrived_at": "2025-03-03T09:30:00+08:00",
        "applicant": {"name": "陈静", "phone": "13800000000"},
        "applicant_type": "natural_person",
        "information_requested": "2024年度本区社会保险补贴发放情况",
    }
    body.update(overrides)
    return body


def _staff(gongkai: Gongkai, name: str, *roles: Role) -> Person:
    person_id, token = gongkai.staff.add(name, roles, SYSTEM)
    return Person(person_id=person_id, name=name, token=token)


def open_api(database_url: str) -> Iterator[Api]:
    """Build gongkai on a store with a FixedClock, add four staff members, serve it through a TestClient."""
    clock = FixedClock()
    clock.set_business_day(START)
    gongkai = build(database_url, clock=clock)
    try:
        clerk = _staff(gongkai, "王敏", Role.CLERK)
        clerk2 = _staff(gongkai, "刘洋", Role.CLERK)
        head = _staff(gongkai, "赵主任", Role.OFFICE_HEAD)
        admin = _staff(gongkai, "系统管理员", Role.ADMINISTRATOR)
        with TestClient(create_app(gongkai)) as client:
            yield Api(client, clock, gongkai, clerk, clerk2, head, admin)
    finally:
        gongkai.close()


@pytest.fixture
def api(database_url: str) -> Iterator[Api]:
    """The API on each store in turn (PostgreSQL: the session's shared database, so use unique organs)."""
    yield from open_api(database_url)


@pytest.fixture
def fresh_api(empty_store_url: str) -> Iterator[Api]:
    """The API on an empty store of its own, for tests that load holiday tables or need a clean log."""
    yield from open_api(empty_store_url)


@attrs.frozen
class Shape:
    """An app over the in-memory store and its OpenAPI document: for tests of the API's shape, which write nothing."""

    app: Litestar
    client: TestClient[Any]
    openapi: dict[str, Any]

    def component(self, name: str) -> dict[str, Any]:
        """A schema of the document's components by its name."""
        found: dict[str, Any] = self.openapi["components"]["schemas"][name]
        return found


@pytest.fixture(scope="session")
def shape() -> Iterator[Shape]:
    """One app for the session's tests of the API's shape."""
    gongkai = build("memory://")
    app = create_app(gongkai)
    try:
        with TestClient(app) as client:
            yield Shape(app, client, client.get("/schema/openapi.json").json())
    finally:
        gongkai.close()
