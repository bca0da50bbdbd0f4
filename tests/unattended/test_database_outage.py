"""PostgreSQL going away while requests arrive: the server, under uvicorn, reaches the database through a proxy the
test cuts. Answers during the cut are 503 problems with Retry-After, the server recovers by itself, and every
acknowledged step is in the log exactly once (one whose answer was lost, at most once)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import httpx
import pytest

from adapters.bootstrap import build
from adapters.persistence.database import DatabaseURL
from domain.actors import SYSTEM, Role
from tests.databases import admin_connection
from tests.http.conftest import API, START, application
from tests.support import FixedClock, unique
from tests.unattended.serving import served
from tests.unattended.tcp_proxy import TcpProxy

WORKERS = 6
OCCURRED_AT = "2025-03-03T09:40:00+08:00"


@attrs.define
class Outage:
    """The served API, the proxy in front of its database, a clerk's token, and the database itself."""

    base: str
    proxy: TcpProxy
    token: str
    database_url: str

    @property
    def headers(self) -> dict[str, str]:
        """The clerk's Authorization header."""
        return {"Authorization": f"Bearer {self.token}"}

    def register(self, client: httpx.Client, text: str, organ: str) -> httpx.Response:
        """Register an application whose requested information is `text`."""
        return client.post(API, json=application(organ=organ, information_requested=text), headers=self.headers)

    def contact(self, client: httpx.Client, case: str, text: str) -> httpx.Response:
        """Record a contact on a case, its summary `text` (a step that may be taken any number of times)."""
        body = {"kind": "call", "occurred_at": OCCURRED_AT, "summary": text}
        return client.post(f"{API}/{case}/contacts", json=body, headers=self.headers)

    def times_logged(self, texts: list[str]) -> dict[str, int]:
        """How many events of the log hold each text, read from the database itself (not through the proxy)."""
        with admin_connection(self.database_url) as conn:
            states = [bytes(row[0]).decode() for row in conn.execute("SELECT state FROM gongkai_events")]
        return {text: sum(text in state for state in states) for text in texts}


@pytest.fixture
def outage(fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Outage]:
    """The API served through a proxy to a fresh database; statements wait 1 s for a connection, not 5."""
    # Named after the application: only so does the environment override what gongkai sets.
    monkeypatch.setenv("GONGKAI_POSTGRES_CONNECT_TIMEOUT", "1")
    real = DatabaseURL.parse(fresh_postgres_url)
    proxy = TcpProxy((real.host, real.port))
    clock = FixedClock()
    clock.set_business_day(START)
    gongkai = build(attrs.evolve(real, host="127.0.0.1", port=proxy.port).dsn(), clock=clock)
    try:
        _, token = gongkai.staff.add("王敏", (Role.CLERK,), SYSTEM)
        with served(gongkai) as base:
            yield Outage(base, proxy, token, fresh_postgres_url)
    finally:
        gongkai.close()
        proxy.close()


@attrs.frozen
class Answer:
    """One request of the load: what it was, in which phases it started and ended, and how it was answered."""

    kind: str
    text: str
    began: str
    ended: str
    status: int
    retry_after: str | None
    body: Any


class Phases:
    """before → cut → restoring → after, as the test moves the proxy."""

    def __init__(self) -> None:
        self.now = "before"


def wait_until(done: Callable[[], bool], rounds: int = 600) -> None:
    """Poll until `done`, at most `rounds` times 50 ms apart."""
    for _ in range(rounds):
        if done():
            return
        time.sleep(0.05)
    raise AssertionError("the load did not get there")


def load(outage: Outage, case: str, phases: Phases, stop: threading.Event, answers: list[Answer]) -> None:
    """Register applications, record contacts on a case and read the worklist (through the read side's asyncpg), one
    request after another, until stopped. Each worker has its case and organ: other workers' steps cannot meet its
    own (a conflict would be a 409 of its own)."""
    organ = unique("organ")
    with httpx.Client(base_url=outage.base, timeout=60) as client:
        for number in range(2000):
            if stop.is_set():
                return
            kind = ("receipt", "contact", "worklist")[number % 3]
            text = f"t{uuid.uuid4().hex}"
            began = phases.now
            if kind == "receipt":
                response = outage.register(client, text, organ)
            elif kind == "contact":
                response = outage.contact(client, case, text)
            else:
                response = client.get(API, params={"organ": organ}, headers=outage.headers)
            body = response.json() if response.content else None
            answers.append(Answer(kind, text, began, phases.now, response.status_code,
                                  response.headers.get("retry-after"), body))  # fmt: skip
            if response.status_code == 503:
                time.sleep(0.02)


def test_a_cut_mid_load_is_answered_503_and_the_server_recovers_without_losing_or_doubling_a_step(
    outage: Outage,
) -> None:
    with httpx.Client(base_url=outage.base, timeout=60) as client:
        cases = [outage.register(client, unique("case"), unique("organ")).json()["id"] for _ in range(WORKERS)]
    phases, stop, answers = Phases(), threading.Event(), list[Answer]()
    workers = [threading.Thread(target=load, args=(outage, case, phases, stop, answers)) for case in cases]
    for worker in workers:
        worker.start()
    try:
        wait_until(lambda: sum(a.status < 300 for a in answers) >= 40)
        outage.proxy.cut()
        phases.now = "cut"
        wait_until(lambda: sum(a.began == "cut" for a in answers) >= 2 * WORKERS)
        with httpx.Client(base_url=outage.base, timeout=60) as client:
            ready_during_cut = client.get("/health/ready")
        phases.now = "restoring"
        outage.proxy.restore()
        phases.now = "after"
        wait_until(lambda: sum(a.began == "after" and a.status < 300 for a in answers) >= 40)
    finally:
        stop.set()
        for worker in workers:
            worker.join()

    assert [a for a in answers if a.status not in (200, 201, 503)] == []
    during = [a for a in answers if a.began == a.ended == "cut"]
    assert during and all(a.status == 503 for a in during)
    for answer in (a for a in answers if a.status == 503):
        assert answer.retry_after is not None and int(answer.retry_after) > 0
        assert answer.body["code"] == "R-UNAVAILABLE" and answer.body["request_id"]
    assert ready_during_cut.status_code == 503 and ready_during_cut.headers["retry-after"]
    with httpx.Client(base_url=outage.base, timeout=60) as client:
        assert client.get("/health/ready").status_code == 200

    assert any(a.kind == "worklist" and a.status == 200 and a.began == "after" for a in answers)
    steps = [a for a in answers if a.kind != "worklist"]
    logged = outage.times_logged([a.text for a in steps])
    acknowledged = [a.text for a in steps if a.status < 300]
    unknown = [a.text for a in steps if a.status == 503]
    assert [text for text in acknowledged if logged[text] != 1] == []
    assert [text for text in unknown if logged[text] > 1] == []


def test_a_step_whose_commit_was_not_acknowledged_is_recorded_once_and_answered(outage: Outage) -> None:
    with httpx.Client(base_url=outage.base, timeout=60) as client:
        case = outage.register(client, unique("case"), unique("organ")).json()["id"]
        outage.proxy.commits_to_drop = 3
        texts = [f"t{uuid.uuid4().hex}" for _ in range(3)]
        answers = [outage.contact(client, case, text) for text in texts]
        read = client.get(f"{API}/{case}", headers=outage.headers).json()

    assert outage.proxy.commits_dropped == 3
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert outage.times_logged(texts) == dict.fromkeys(texts, 1)
    assert [a.json()["version"] for a in answers] == [2, 3, 4]
    assert read["version"] == 4
