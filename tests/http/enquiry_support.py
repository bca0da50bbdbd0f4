"""The policy message board through the web API: its people, and the steps a test takes that must succeed.

Every test gets an organ of its own (the PostgreSQL database is shared by the session); the clock stands on Monday
3 March 2025 (conftest.START) unless the test moves it.
"""

from __future__ import annotations

from typing import Any

import attrs

from domain.actors import SYSTEM, Role
from tests.http.conftest import Api, Person
from tests.support import unique

STAFF = "/api/v1/enquiries"
PUBLIC = "/api/v1/public/enquiries"
ASKER = {"name": "张伟", "phone": "13912345678", "email": "zhangwei@example.com"}
QUESTION = "我是张伟，2024届高校毕业生，请问一次性就业补贴怎么申领？电话13912345678"
SELECTED = {
    "public_title": "高校毕业生一次性就业补贴如何申领",
    "public_question": "请问高校毕业生一次性就业补贴怎么申领？",
    "public_reply": "符合条件的高校毕业生可在“一网通办”申领一次性就业补贴。",
}


def staff(api: Api, name: str, *roles: Role) -> Person:
    """A new staff member holding the roles."""
    person_id, token = api.gongkai.staff.add(name, roles, SYSTEM)
    return Person(person_id=person_id, name=name, token=token)


@attrs.define
class Board:
    """The message board's API for one organ, with a clerk, a department handler and a publisher."""

    api: Api
    organ: str
    handler: Person
    publisher: Person

    @classmethod
    def open(cls, api: Api) -> Board:
        """Add the people and take an organ no other test uses."""
        return cls(
            api,
            unique("闵行区人社局"),
            staff(api, "孙科员", Role.DEPARTMENT_HANDLER),
            staff(api, "郑发布", Role.PUBLISHER),
        )

    @property
    def client(self) -> Any:
        """The test client."""
        return self.api.client

    @property
    def clerk(self) -> Person:
        """The disclosure office's clerk."""
        return self.api.clerk

    def ask(self, question: str = QUESTION, asker: dict[str, Any] | None = None) -> dict[str, Any]:
        """A question from the public endpoint, without a token; the answer's body."""
        body = {"organ": self.organ, "asker": asker or ASKER, "question": question}
        response = self.client.post(PUBLIC, json=body)
        assert response.status_code == 201, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def step(self, enquiry_id: str, path: str, body: dict[str, Any], who: Person | None = None) -> dict[str, Any]:
        """A step that must succeed; the enquiry as it stands after it."""
        response = self.client.post(f"{STAFF}/{enquiry_id}/{path}", json=body, headers=(who or self.clerk).headers)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def read(self, enquiry_id: str, who: Person | None = None) -> dict[str, Any]:
        """One enquiry as a staff member reads it."""
        response = self.client.get(f"{STAFF}/{enquiry_id}", headers=(who or self.clerk).headers)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def replied(self, department: str = "就业促进科") -> str:
        """A question asked, routed to one department, answered there and replied to today; its id."""
        enquiry_id = str(self.ask()["id"])
        self.step(enquiry_id, "route", {"department": department})
        self.step(enquiry_id, "answers", {"part": 1, "answer": "可在一网通办申领。"}, self.handler)
        self.step(enquiry_id, "reply", {"reply": "您好，可在一网通办申领一次性就业补贴。"}, self.handler)
        return enquiry_id

    def queues(self, **params: Any) -> dict[str, Any]:
        """A page of the departments' queues of this organ."""
        response = self.client.get(
            f"{STAFF}/queues", params={"organ": self.organ, **params}, headers=self.clerk.headers
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def search(self, **params: Any) -> dict[str, Any]:
        """A page of this organ's published questions, as the public reads them."""
        response = self.client.get(PUBLIC, params={"organ": self.organ, **params})
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer
