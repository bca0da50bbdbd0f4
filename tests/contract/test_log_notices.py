"""The log's NOTIFY names the event types each write logged, and a read model's runner on PostgreSQL is woken only
by writes of the types it follows (in a registration rush, every read model was woken by every registration)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from adapters.bootstrap import Gongkai, build
from adapters.persistence.log_notices import PAYLOAD_LIMIT, notice, written_types
from adapters.read_models.postgres import Writes
from application.streams import DISCLOSURE_REQUEST, DOCUMENT
from domain.actors import Role
from domain.document import commands as doc_cmd
from domain.document.values import DocumentKind
from tests.contract.test_worklist_rows import TODAY, received
from tests.support import FixedClock, credential

REQUEST_TYPES = frozenset(t.type_name for t in DISCLOSURE_REQUEST.event_types)
DOCUMENT_TYPES = frozenset(t.type_name for t in DOCUMENT.event_types)
NOTICE_SECONDS = 10.0
"""How long a notification may take to arrive on a loaded machine (a wait that should end ends in milliseconds)."""


def test_a_notice_names_each_type_once_and_says_nothing_when_it_would_be_too_long() -> None:
    assert written_types(notice(["b.x", "a.y", "b.x"])) == {"a.y", "b.x"}
    assert notice([f"type_{n:05d}.happened" for n in range(1000)]) == ""
    assert len(notice([f"t{n}" for n in range(100)]).encode()) <= PAYLOAD_LIMIT
    assert written_types("") is None


def test_a_listener_is_woken_by_the_types_it_follows_and_by_any_write_that_does_not_say() -> None:
    writes = Writes()
    writes.add(notice(["open_day_registration.registered"]))
    assert writes.heard.is_set()  # before it says what it follows: by any write
    writes.heard.clear()
    writes.types = DOCUMENT_TYPES
    writes.add(notice(["open_day_registration.registered"]))
    assert not writes.heard.is_set()
    writes.add(notice(["open_day_registration.registered", "document.registered"]))
    assert writes.heard.is_set()
    writes.heard.clear()
    writes.add("")  # a writer of an earlier release, or too many types to name
    assert writes.heard.is_set()


@pytest.fixture
async def app(fresh_postgres_url: str) -> AsyncIterator[Gongkai]:
    clock = FixedClock()
    clock.set_business_day(TODAY)
    gongkai = build(fresh_postgres_url, clock=clock)
    yield gongkai
    await gongkai.close_read_side()
    gongkai.close()


async def test_a_read_model_on_postgresql_is_woken_only_by_writes_of_the_events_it_follows(app: Gongkai) -> None:
    requests, documents = app.worklist_store, app.document_worklist_store
    for store in (requests, documents):
        await store.lead()  # listens from now on
    request_wait = asyncio.create_task(requests.wait_for_events(60, REQUEST_TYPES))
    document_wait = asyncio.create_task(documents.wait_for_events(60, DOCUMENT_TYPES))
    await asyncio.sleep(0)

    app.store.append([received(TODAY)])
    await asyncio.wait_for(request_wait, NOTICE_SECONDS)  # the notice has come: the documents' listener heard it too
    await asyncio.sleep(0.05)
    assert not document_wait.done()

    register = doc_cmd.RegisterDocument(
        document_id=uuid.uuid4(), organ="闵行区人社局", department="就业促进科", kind=DocumentKind.POLICY,
        title="促进就业若干措施", formed_on=TODAY, text="正文",
    )  # fmt: skip
    app.documents.register(register, credential(Role.DRAFTER))
    await asyncio.wait_for(document_wait, NOTICE_SECONDS)
