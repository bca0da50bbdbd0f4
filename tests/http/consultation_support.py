"""Consultations through the web API: the people of a drafting unit and the disclosure office, a draft policy to
consult on, and the steps a test takes that must succeed. The clock stands on Monday 10 March 2025 (document_support's
TODAY) unless a test moves it; each test takes an organ of its own."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from tests.http.conftest import Api, Person
from tests.http.document_support import DocApi

STAFF = "/api/v1/consultations"
PUBLIC = "/api/v1/public/consultations"
CLOSES = "2025-03-19"
"""Seven working days after Monday 10 March, not counting it: 11–14 (4), 17, 18, 19 March (7)."""
COMMENTER = {"name": "张三", "phone": "13912345678", "email": "zhangsan@example.com"}


@attrs.define
class ConApi:
    """The document API's people, and a clerk who enters letters and a drafter's colleague."""

    docs: DocApi
    policy: str
    interpretation: str

    @classmethod
    def open(cls, docs: DocApi) -> ConApi:
        """A cleared draft policy with its interpretation attached (not published), in the test's organ."""
        policy, interpretation = docs.policy_pair()
        return cls(docs, policy, interpretation)

    @property
    def client(self) -> Any:
        """The test client."""
        return self.docs.client

    @property
    def api(self) -> Api:
        """The web API."""
        return self.docs.api

    def consult(self, who: Person | None = None, **overrides: Any) -> Any:
        """Open a consultation on the policy's revision 1 until CLOSES; the consultation after it."""
        body = {
            "document_id": self.policy,
            "revision": 1,
            "category": "other_normative",
            "draft_interpretation": "一问一答：哪些毕业生可以申领？答：离校两年内未就业的高校毕业生。",
            "closes_on": CLOSES,
            "channels": ["online", "letter", "phone"],
            **overrides,
        }
        response = self.client.post(STAFF, json=body, headers=(who or self.docs.drafter).headers)
        assert response.status_code == 201, response.text
        return response.json()

    def comment_online(self, consultation_id: str, text: str = "建议简化申领材料。", **commenter: Any) -> Any:
        """A comment through the public endpoint, without a token; the receipt."""
        body = {"commenter": {**COMMENTER, **commenter}, "comment": text}
        response = self.client.post(f"{PUBLIC}/{consultation_id}/comments", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def comment_by_letter(self, consultation_id: str, who: Person | None = None, **overrides: Any) -> Any:
        """A letter entered by the clerk; the comment after it."""
        body = {
            "channel": "letter",
            "commenter": {"name": "李四", "address": "闵行区某路1号"},
            "comment": "建议延长申领期限。",
        }
        body.update(overrides)
        response = self.client.post(
            f"{STAFF}/{consultation_id}/comments", json=body, headers=(who or self.api.clerk).headers
        )
        assert response.status_code == 201, response.text
        return response.json()

    def dispose(self, consultation_id: str, comment_id: str, disposition: str = "adopted", reason: str = "采纳") -> Any:
        """The drafter's disposition of a comment; the comment after it."""
        response = self.client.post(
            f"{STAFF}/{consultation_id}/comments/{comment_id}/disposition",
            json={"disposition": disposition, "reason": reason},
            headers=self.docs.drafter.headers,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def publish_final(self, on: date) -> None:
        """Publish the policy (with its interpretation) as the final document on a day."""
        self.docs.clock.set_business_day(on)
        self.docs.column("policies", "政策文件")
        self.docs.publish(self.policy, "policies", on.isoformat())

    def read(self, consultation_id: str, who: Person | None = None) -> Any:
        """A consultation as staff see it."""
        response = self.client.get(f"{STAFF}/{consultation_id}", headers=(who or self.docs.drafter).headers)
        assert response.status_code == 200, response.text
        return response.json()

    def public(self, path: str = "", **params: Any) -> Any:
        """A public read that must succeed."""
        response = self.client.get(f"{PUBLIC}{path}", params=params)
        assert response.status_code == 200, response.text
        return response.json()
