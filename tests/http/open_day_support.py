"""Open days through the web API: an organiser, an open day planned for Friday 14 March 2025 with registration open
from Tuesday 4 March, and registrants, each with an identity number of their own.

The clock stands on Wednesday 5 March 2025, 10:00 Shanghai, unless a test moves it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import attrs
import httpx

from domain.actors import SYSTEM, Role
from tests.http.conftest import Api, Person

STAFF = "/api/v1/open-days"
PUBLIC = "/api/v1/public/open-days"
REGISTRATION_DAY = date(2025, 3, 5)


def staff(api: Api, name: str, *roles: Role) -> Person:
    """A new staff member holding the roles."""
    person_id, token = api.gongkai.staff.add(name, roles, SYSTEM)
    return Person(person_id=person_id, name=name, token=token)


def plan_body(**overrides: Any) -> dict[str, Any]:
    """A lecture on 14 March 2025 for `capacity` (2) people, registration 4–12 March, ages 18–65."""
    body: dict[str, Any] = {
        "organ": "闵行区人力资源和社会保障局",
        "department": "就业促进科",
        "title": "“乐业闵行”就业政策宣讲会",
        "description": "介绍2025年本区就业补贴政策，现场答疑",
        "format": "lecture",
        "venue": "闵行区人社局三楼报告厅",
        "starts_at": "2025-03-14T09:30:00+08:00",
        "ends_at": "2025-03-14T11:30:00+08:00",
        "capacity": 2,
        "registration_opens_at": "2025-03-04T09:00:00+08:00",
        "registration_closes_at": "2025-03-12T17:00:00+08:00",
    }
    body.update(overrides)
    return body


def registrant(n: int | None = None, **fields: Any) -> dict[str, Any]:
    """A registration body for a person with an identity number no other test uses (or person `n`'s of this run)."""
    number = f"3101121980{uuid.uuid4().int % 10**8:08d}" if n is None else f"31011219800101{n:04d}"
    person = {"name": "陈静", "id_number": number, "email": "chenjing@example.org", **fields}
    return {"registrant": person, "age": 40}


@attrs.define
class OpenDayApi:
    """The API with an organiser and helpers for steps that must succeed."""

    api: Api
    organiser: Person

    @classmethod
    def open(cls, api: Api) -> OpenDayApi:
        """Put the clock on the registration day and add an organiser."""
        api.clock.set_business_day(REGISTRATION_DAY)
        return cls(api, staff(api, "李组织", Role.ORGANISER))

    def plan(self, **overrides: Any) -> dict[str, Any]:
        """Plan an open day that must be accepted; its staff form."""
        response = self.api.client.post(STAFF, json=plan_body(**overrides), headers=self.organiser.headers)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def step(self, open_day_id: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A staff step that must succeed; the staff form after it."""
        response = self.api.client.post(
            f"{STAFF}/{open_day_id}/{path}", json=body or {}, headers=self.organiser.headers
        )
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def opened(self, **overrides: Any) -> str:
        """An open day planned with registration open; its id."""
        open_day_id: str = self.plan(**overrides)["open_day"]["id"]
        self.step(open_day_id, "registration/open")
        return open_day_id

    def register(self, open_day_id: str, body: dict[str, Any] | None = None) -> httpx.Response:
        """A registration without a token."""
        return self.api.client.post(f"{PUBLIC}/{open_day_id}/registrations", json=body or registrant())

    def registered(self, open_day_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A registration that must be taken."""
        response = self.register(open_day_id, body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    def own(self, code: str) -> dict[str, Any]:
        """One's own registration by its code."""
        response = self.api.client.get(f"{PUBLIC}/registrations/{code}")
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result
