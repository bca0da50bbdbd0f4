"""Documents, the catalogue and the public read side through the web API: the people who use them and the
steps a test takes that must succeed.

Every test gets an organ of its own (the PostgreSQL database is shared by the session), and the clock stands
on Monday 10 March 2025 unless the test moves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import attrs
import pytest

from domain.actors import SYSTEM, Role
from domain.calendar import business_date
from tests.http.conftest import Api, Person, open_api
from tests.support import unique

DOCS = "/api/v1/documents"
CATALOGUE = "/api/v1/catalogue"
PUBLIC = "/api/v1/public/documents"
TODAY = date(2025, 3, 10)
"""A Monday: the clock stands here unless a test moves it."""
FORMED = "2025-03-07"
"""The Friday before: the day the test documents were formed."""
EVENT = "document."


def staff(api: Api, name: str, *roles: Role) -> Person:
    """A new staff member holding the roles."""
    person_id, token = api.gongkai.staff.add(name, roles, SYSTEM)
    return Person(person_id=person_id, name=name, token=token)


@attrs.define
class DocApi:
    """The web API with the people of a drafting unit, its reviewers and its publisher, for one organ."""

    api: Api
    organ: str
    drafter: Person
    drafter2: Person
    both: Person
    """A drafter who is also a confidentiality and disclosure reviewer (R-DOC-SOD)."""
    cr: Person
    dr: Person
    publisher: Person

    @classmethod
    def open(cls, api: Api) -> DocApi:
        """Add the people, put the clock on TODAY, and take an organ no other test uses."""
        api.clock.set_business_day(TODAY)
        return cls(
            api=api,
            organ=unique("闵行区人社局"),
            drafter=staff(api, "李起草", Role.DRAFTER),
            drafter2=staff(api, "周起草", Role.DRAFTER),
            both=staff(api, "吴兼任", Role.DRAFTER, Role.CONFIDENTIALITY_REVIEWER, Role.DISCLOSURE_REVIEWER),
            cr=staff(api, "孙保密", Role.CONFIDENTIALITY_REVIEWER),
            dr=staff(api, "钱审签", Role.DISCLOSURE_REVIEWER),
            publisher=staff(api, "郑发布", Role.PUBLISHER),
        )

    def fresh(self) -> DocApi:
        """The same people for a new test: an organ no other test uses, the clock back on TODAY."""
        self.api.clock.set_business_day(TODAY)
        return attrs.evolve(self, organ=unique("闵行区人社局"))

    @property
    def client(self) -> Any:
        """The test client."""
        return self.api.client

    @property
    def clock(self) -> Any:
        """The clock the test moves."""
        return self.api.clock

    @property
    def clerk(self) -> Person:
        """A disclosure-office clerk: no role in documents."""
        return self.api.clerk

    @property
    def head(self) -> Person:
        """The head of the disclosure office: may publish and keep the catalogue."""
        return self.api.head

    # The catalogue -----------------------------------------------------------------------------------------

    def column(self, column_id: str, name: str, organ: str | None = None, who: Person | None = None) -> Any:
        """Add a column; the catalogue after it."""
        url = f"{CATALOGUE}/{organ or self.organ}/columns"
        response = self.client.post(url, json={"column_id": column_id, "name": name}, headers=self._h(who))
        assert response.status_code == 201, response.text
        return response.json()

    def catalogue(self, organ: str | None = None) -> Any:
        """The catalogue, read without a token."""
        response = self.client.get(f"{CATALOGUE}/{organ or self.organ}")
        assert response.status_code == 200, response.text
        return response.json()

    def step_catalogue(
        self, path: str, body: dict[str, Any], who: Person | None = None, organ: str | None = None
    ) -> Any:
        """A change to the catalogue that must succeed; the catalogue after it."""
        url = f"{CATALOGUE}/{organ or self.organ}/{path}"
        response = self.client.post(url, json=body, headers=self._h(who))
        assert response.status_code == 200, response.text
        return response.json()

    def _h(self, who: Person | None) -> dict[str, str]:
        return (who or self.publisher).headers

    # Documents ---------------------------------------------------------------------------------------------

    def register(self, kind: str = "work_information", who: Person | None = None, **overrides: Any) -> Any:
        """Register a document (formed on FORMED); the document after it."""
        body = new_document(overrides.pop("organ", self.organ), kind, **overrides)
        response = self.client.post(DOCS, json=body, headers=(who or self.drafter).headers)
        assert response.status_code == 201, response.text
        return response.json()

    def step(self, doc_id: str, path: str, body: dict[str, Any] | None, who: Person | None = None) -> Any:
        """A step that must succeed; the document after it."""
        response = self.client.post(f"{DOCS}/{doc_id}/{path}", json=body, headers=(who or self.drafter).headers)
        assert response.status_code == 200, response.text
        return response.json()

    def attribute(self, doc_id: str, attribute: str = "proactive", who: Person | None = None) -> Any:
        """Set the disclosure attribute."""
        return self.step(doc_id, "attribute", {"attribute": attribute}, who)

    def review(self, doc_id: str, revision: int = 1, on: str | None = None) -> Any:
        """Both reviews of a revision, passed, by the two reviewers (today, or on the day given); the document after
        them."""
        day = {"reviewed_on": on} if on else {}
        self.step(doc_id, "confidentiality-review", {"revision": revision, "passed": True, **day}, self.cr)
        return self.step(doc_id, "disclosure-review", {"revision": revision, "approved": True, **day}, self.dr)

    def cleared(self, kind: str = "work_information", **overrides: Any) -> str:
        """A document registered, set proactive and cleared by both reviews on the day it was formed; its id."""
        doc_id = str(self.register(kind, **overrides)["id"])
        self.attribute(doc_id)
        self.review(doc_id, on=overrides.get("formed_on", FORMED))
        return doc_id

    def policy_pair(self, **overrides: Any) -> tuple[str, str]:
        """A cleared policy and a cleared interpretation of it, attached; their ids."""
        policy = self.cleared("policy", **overrides)
        interpretation = self.cleared(
            "interpretation",
            title="政策问答",
            text="问：如何申领？答：线上办理。",
            formed_on=overrides.get("formed_on", FORMED),
            interprets=policy,
            interpretation_form="qa",
        )
        self.step(policy, "interpretations", {"interpretation_id": interpretation})
        return policy, interpretation

    def publish(self, doc_id: str, column_id: str, published_on: str | None = None, **extra: Any) -> Any:
        """Publish; the document after it."""
        body = {"column_id": column_id, "published_on": published_on or self.today().isoformat(), **extra}
        return self.step(doc_id, "publication", body, self.publisher)

    def read(self, doc_id: str, **params: Any) -> Any:
        """Read one document."""
        response = self.client.get(f"{DOCS}/{doc_id}", params=params, headers=self.publisher.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def version_of(self, doc_id: str) -> int:
        """The document's version as the store has it."""
        return self.api.gongkai.documents.get(UUID(doc_id)).version

    def today(self) -> date:
        """The business day the clock stands on."""
        return business_date(self.clock.now())

    # Read sides --------------------------------------------------------------------------------------------

    def worklist(self, who: Person | None = None, **params: Any) -> Any:
        """A page of this organ's document worklist."""
        query = {"organ": self.organ, **params}
        response = self.client.get(DOCS, params=query, headers=(who or self.publisher).headers)
        assert response.status_code == 200, response.text
        return response.json()

    def search(self, **params: Any) -> Any:
        """The public search, within this organ unless told otherwise (organ=None: every organ), without a token."""
        query = {k: v for k, v in {"organ": self.organ, **params}.items() if v is not None}
        response = self.client.get(PUBLIC, params=query)
        assert response.status_code == 200, response.text
        return response.json()

    def titles(self, **params: Any) -> list[str]:
        """The titles found, in order."""
        return [hit["title"] for hit in self.search(**params)["items"]]


def new_document(organ: str, kind: str = "work_information", **overrides: Any) -> dict[str, Any]:
    """The body of a new document of the organ."""
    body: dict[str, Any] = {
        "organ": organ,
        "department": "就业促进科",
        "kind": kind,
        "title": "关于做好2025年高校毕业生就业工作的通知",
        "formed_on": FORMED,
        "text": "为做好高校毕业生就业创业工作，现就有关事项通知如下。",
    }
    body.update(overrides)
    return body


class NothingWritten:
    """Remembers the log's last position and some documents' versions, to check that nothing was written."""

    def __init__(self, docs: DocApi, *doc_ids: str) -> None:
        self.docs = docs
        self.position = docs.api.gongkai.store.last_position()
        self.versions = {d: docs.version_of(d) for d in doc_ids}

    def check(self) -> None:
        """Neither the log nor any of the documents moved."""
        assert self.docs.api.gongkai.store.last_position() == self.position
        for doc_id, version in self.versions.items():
            assert self.docs.version_of(doc_id) == version
            assert self.docs.read(doc_id)["version"] == version


def types(doc: dict[str, Any]) -> list[str]:
    """The event types of a document's history, without the prefix."""
    return [event["type"].removeprefix(EVENT) for event in doc["history"]]


def shared_api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocApi]:
    """One API per store for a whole module (each test still takes an organ of its own, see `DocApi.fresh`):
    the SQLite store in a file of the module's own, PostgreSQL in the session's shared database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('documents') / 'gongkai.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    for api in open_api(url):
        yield DocApi.open(api)
