"""Upcasting end to end: an event stored under an older schema is never rewritten, yet it reads, replays, verifies
and streams in its type's current form (disclosure_request.received went from version 1 to 2: registration number,
items, applicant key and late confirmation were added)."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from uuid import UUID, uuid4

import jsonschema
from eventsourcing.persistence import StoredEvent

from adapters.bootstrap import Gongkai, build
from adapters.persistence.audited_log import audited_log
from adapters.persistence.database import DatabaseURL
from application.audit_verify import verify
from application.event_forms import Audience
from application.event_schemas import event_schema
from application.feed import FeedQuery
from domain.actors import Role
from tests.support import FixedClock, credential
from tests.test_upcasting import RECORDED, V1_BODIES

TYPE = "disclosure_request.received"


def _store_version_1(gongkai: Gongkai) -> UUID:
    """Write a version-1 receipt as an older gongkai did, through the log's own recorder (so it is chained)."""
    stream = uuid4()
    body, _ = V1_BODIES[TYPE]
    state = json.dumps({**RECORDED, **body}, ensure_ascii=False).encode()
    stored = StoredEvent(originator_id=stream, originator_version=1, topic=TYPE, state=state)
    gongkai.store.app.recorder.insert_events([stored])
    return stream


def test_an_old_event_reads_replays_verifies_and_streams_in_the_new_form(empty_store_url: str) -> None:
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 4))
    gongkai = build(empty_store_url, clock=clock)
    stream = _store_version_1(gongkai)

    async def check() -> None:
        try:
            # replays: the case folds from the old event, with the fields added since at their defaults
            case = gongkai.requests.get(stream)
            assert (case.items, case.registration_number) == (1, None)
            # reads: the auditor's history shows it in version 2
            [entry] = gongkai.audit.trail(credential(Role.AUDITOR), stream).entries
            assert entry.event.schema_version == 2 and entry.event.data["items"] == 1
            # streams: the feed sends version 2, valid against the schema its envelope names
            page = await gongkai.feed.page_for(Audience.PUBLIC, FeedQuery(after=0, limit=1000), "http://gongkai.test")
            [envelope] = [e for e in page.events if e["subject"] == str(stream)]
            assert envelope["schemaversion"] == 2 and envelope["data"]["items"] == 1
            assert envelope["dataschema"].endswith(f"/{TYPE}/v2/public")
            jsonschema.validate(envelope["data"], event_schema(TYPE, Audience.PUBLIC))
            # the worklist folds it too
            await gongkai.worklist.rows.catch_up()
            assert stream in await gongkai.worklist.rows.store.states([stream])
        finally:
            await gongkai.aclose()

    asyncio.run(check())
    # verifies: the chain covers the bytes as stored, which upcasting never changes
    with audited_log(DatabaseURL.parse(empty_store_url)) as log:
        result = verify(log)
    assert result.intact, result.problem
    assert result.checked >= 1
