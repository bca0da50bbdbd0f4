"""The EventStore port's contract: the same assertions on the embedded SQLite store and on PostgreSQL."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import attrs
import psycopg
import pytest
from psycopg import sql

from adapters.persistence import postgres_outages
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.persistence.mapper import SCHEMA_VERSION_KEY, Snapshot, decode_event, encode_event
from application.errors import ConcurrencyConflict, NotFound
from application.ports import LoggedEvent
from application.streams import DISCLOSURE_REQUEST, STAFF_CREDENTIAL
from domain import staff
from domain.actors import Role
from domain.calendar import SHANGHAI
from domain.disclosure_request import events as ev
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    ConferenceMember,
    ConferenceSide,
    ConsultedParty,
    ContactKind,
    DeliveryForm,
    FeeScale,
    Outcome,
    OutcomeCategory,
)
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from tests.support import actor

# ---------------------------------------------------------------- stores and raw tables

RAW_TABLES = {
    "sqlite": {"events": "stored_events", "snapshots": "stored_snapshots", "position": "rowid"},
    "postgresql": {"events": "gongkai_events", "snapshots": "gongkai_snapshots", "position": "notification_id"},
}
"""Where each store keeps events and snapshots; the SQLite names are fixed by eventsourcing.sqlite."""

OpenStore = Callable[[], EventsourcingStore]


@pytest.fixture
def open_store(database_url: str) -> Iterator[OpenStore]:
    """Opens stores on the test's database (another one stands for another process) and closes them all."""
    opened: list[EventsourcingStore] = []

    def open_one() -> EventsourcingStore:
        opened.append(EventsourcingStore(DatabaseURL.parse(database_url)))
        return opened[-1]

    yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: OpenStore) -> EventsourcingStore:
    """A store on the session's shared database: every test writes streams of its own."""
    return open_store()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store(request: pytest.FixtureRequest) -> Iterator[EventsourcingStore]:
    """A store on a database of the test's own, for assertions about the whole log."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "fresh_postgres_url")
    store = EventsourcingStore(DatabaseURL.parse(url))
    yield store
    store.close()


def raw_rows(
    url: str, table: str, stream_id: UUID, columns: Sequence[str] = ("topic", "state")
) -> list[tuple[Any, ...]]:
    """A stream's rows straight from the table, as SQL or the asyncpg read side would see them."""
    parsed = DatabaseURL.parse(url)
    if parsed.kind == "sqlite":
        query = f"SELECT {', '.join(columns)} FROM {table} WHERE originator_id = ? ORDER BY originator_version"
        with closing(sqlite3.connect(parsed.path)) as conn:
            return conn.execute(query, (stream_id.hex,)).fetchall()
    statement = sql.SQL("SELECT {} FROM {} WHERE originator_id = %s ORDER BY originator_version").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
    )
    with psycopg.connect(parsed.dsn()) as conn:
        return conn.execute(statement, (stream_id,)).fetchall()


# ---------------------------------------------------------------- test data with domain flavour

CLERK = actor(Role.CLERK, name="李雷")
OFFICE_HEAD = actor(Role.OFFICE_HEAD, name="韩梅梅")
START = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
ORGAN = "上海市闵行区人力资源和社会保障局"


def received(request_id: UUID) -> ev.Received:
    """收到申请 by post, with the applicant's personal data."""
    return ev.Received(
        originator_id=request_id,
        originator_version=1,
        timestamp=START,
        actor=CLERK,
        organ=ORGAN,
        department="政务公开办公室",
        channel=Channel.POST,
        arrived_at=datetime(2025, 3, 3, 9, 30, 15, 123456, tzinfo=SHANGHAI),
        receipt_date=date(2025, 3, 4),
        applicant=PersonalData(name="张三", id_number="31011219900101123X", phone="13800000000", address=None),
        applicant_type=ApplicantType.NATURAL_PERSON,
        information_requested="2024年度“稳岗补贴”发放情况，含企业名单\\附件（第1—3页）",
        preferred_form=DeliveryForm.PAPER,
        handler_id=CLERK.person_id,
        handler_name=CLERK.name,
        registration_number="2025-0001",
        items=1,
        applicant_key="8f2c1a9e0b7d4c3e5f6a7b8c9d0e1f2a",
        late_confirmation_reason=None,
    )


def case_history(request_id: UUID) -> list[DomainEvent]:
    """A case touching every kind of value: text, dates, datetimes, Decimal, enums, nested values and None."""
    at = {"originator_id": request_id, "timestamp": START, "actor": CLERK}
    members = (
        ConferenceMember(name="王敏", department="政务公开办公室", side=ConferenceSide.DISCLOSURE),
        ConferenceMember(name="赵强", department="法规科", side=ConferenceSide.LEGAL),
        ConferenceMember(name="钱芳", department="就业促进科", side=ConferenceSide.BUSINESS),
    )
    outcome = Outcome(
        category=OutcomeCategory.PARTIALLY_DISCLOSED,
        withheld="企业银行账户信息",
        withheld_grounds=(4, 6),
    )
    return [
        received(request_id),
        ev.ConsultationStarted(
            **at,
            originator_version=2,
            consultation_id="C1",
            party=ConsultedParty.ORGAN,
            third_party=None,
            organ_name="上海市人力资源和社会保障局",
            subject="稳岗补贴名单是否可以公开",
            letter_sent_on=date(2025, 3, 5),
            jointly_produced=True,
        ),
        ev.FeeNoticeSent(
            **at,
            originator_version=3,
            sent_on=date(2025, 3, 6),
            scale=FeeScale.PER_VOLUME,
            quantity=120,
            form=DeliveryForm.PAPER,
            amount=Decimal("110.50"),
            items_before=0,
        ),
        ev.ConferenceHeld(
            **at, originator_version=4, held_on=date(2025, 3, 10), members=members, conclusion="部分公开"
        ),
        ev.ContactRecorded(
            **at,
            originator_version=5,
            kind=ContactKind.CALL,
            occurred_at=datetime(2025, 3, 11, 16, 5, tzinfo=SHANGHAI),
            summary='电话沟通："按量计收"已告知。\n申请人同意',
        ),
        ev.Replied(**at, originator_version=6, replied_on=date(2025, 3, 20), outcome=outcome),
    ]


def handed_over(request_id: UUID, version: int) -> ev.HandlerAssigned:
    """The case moved to another handler: an event that changes the state."""
    return ev.HandlerAssigned(
        originator_id=request_id,
        originator_version=version,
        timestamp=START,
        actor=OFFICE_HEAD,
        department=f"就业促进科{version}",
        handler_id=f"staff-{version}",
        handler_name="钱芳",
    )


def credential_issued(credential_id: UUID) -> staff.CredentialIssued:
    """A stream of another type, sharing the one log."""
    return staff.CredentialIssued(
        originator_id=credential_id,
        originator_version=1,
        timestamp=START,
        actor=OFFICE_HEAD,
        person_id="staff-wangmin",
        name="王敏",
        roles=(Role.CLERK, Role.AUDITOR),
        token_hash="sha256:0f1e2d",
    )


def fold(events: Sequence[DomainEvent]) -> DisclosureRequest:
    """A disclosure request's state from its events alone, without the store."""
    state: DisclosureRequest | None = None
    for event in events:
        state = DISCLOSURE_REQUEST.evolve(state, event)
    assert state is not None
    return state


def append_case(store: EventsourcingStore, events: Sequence[DomainEvent], after: Sequence[DomainEvent] = ()) -> int:
    """Append as the use cases do: the new events, `after` those already stored, beside the new state."""
    return store.append(events, states=[(DISCLOSURE_REQUEST, fold([*after, *events]))])


# ---------------------------------------------------------------- round trip and as-of reads


def test_a_stream_reads_back_exactly_as_appended(store: EventsourcingStore, open_store: OpenStore) -> None:
    request_id = uuid4()
    events = case_history(request_id)
    append_case(store, events)

    for reader in (store, open_store()):
        history = reader.history(request_id)
        assert history == events
        assert [type(e) for e in history] == [type(e) for e in events]
        assert reader.load(DISCLOSURE_REQUEST, request_id) == fold(events)


def test_values_keep_their_exact_form(store: EventsourcingStore) -> None:
    request_id = uuid4()
    append_case(store, case_history(request_id))

    first, _, fee_notice, _, contact, reply = store.history(request_id)
    assert isinstance(first, ev.Received) and isinstance(fee_notice, ev.FeeNoticeSent)
    assert isinstance(contact, ev.ContactRecorded) and isinstance(reply, ev.Replied)
    assert str(fee_notice.amount) == "110.50"
    assert first.arrived_at.utcoffset() == SHANGHAI.utcoffset(None)
    assert first.arrived_at.microsecond == 123456
    assert first.timestamp.utcoffset() == UTC.utcoffset(None)
    assert first.applicant.address is None and first.applicant.email is None
    assert first.information_requested == received(request_id).information_requested
    assert reply.outcome.withheld_grounds == (4, 6) and reply.outcome.ground is None
    assert isinstance(reply.outcome.category, OutcomeCategory)


def test_a_stream_of_another_type_round_trips_in_the_same_log(store: EventsourcingStore) -> None:
    credential_id = uuid4()
    issued = credential_issued(credential_id)
    store.append([issued])

    assert store.history(credential_id) == [issued]
    credential = store.load(STAFF_CREDENTIAL, credential_id)
    assert credential.roles == (Role.CLERK, Role.AUDITOR) and all(isinstance(r, Role) for r in credential.roles)


def test_a_state_can_be_read_as_it_stood_at_any_version(store: EventsourcingStore) -> None:
    request_id = uuid4()
    events = case_history(request_id)
    append_case(store, events)

    for version in range(1, len(events) + 1):
        assert store.load(DISCLOSURE_REQUEST, request_id, version=version) == fold(events[:version])
        assert store.history(request_id, up_to_version=version) == events[:version]
    assert store.load(DISCLOSURE_REQUEST, request_id) == fold(events)


def test_an_unknown_id_is_not_found(store: EventsourcingStore) -> None:
    unknown = uuid4()

    with pytest.raises(NotFound):
        store.load(DISCLOSURE_REQUEST, unknown)
    with pytest.raises(NotFound):
        store.load(DISCLOSURE_REQUEST, unknown, version=1)
    assert store.history(unknown) == []


def test_the_id_of_another_kind_of_stream_is_not_found(store: EventsourcingStore) -> None:
    credential_id = uuid4()
    store.append([credential_issued(credential_id)])
    store.load(STAFF_CREDENTIAL, credential_id)  # now the store has seen it as a credential

    with pytest.raises(NotFound):
        store.load(DISCLOSURE_REQUEST, credential_id)


# ---------------------------------------------------------------- optimistic concurrency and atomic batches


def test_appending_a_version_already_taken_conflicts_and_writes_nothing(
    store: EventsourcingStore, caplog: pytest.LogCaptureFixture
) -> None:
    request_id = uuid4()
    events = [received(request_id), handed_over(request_id, 2)]
    append_case(store, events)
    position = store.last_position()

    with caplog.at_level(logging.WARNING), pytest.raises(ConcurrencyConflict):
        store.append([handed_over(request_id, 2)])

    assert store.last_position() == position
    assert store.read_log(after=position, limit=10) == []
    assert store.history(request_id) == events
    assert store.load(DISCLOSURE_REQUEST, request_id) == fold(events)
    # The failed transaction was ended where it failed (a pool rolling back a connection handed back says so).
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    store.append([handed_over(request_id, 3)])
    assert store.load(DISCLOSURE_REQUEST, request_id).version == 3


def test_a_save_that_succeeds_is_answered_by_its_own_trip(
    store: EventsourcingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: a save takes its positions from its own answer; the look for events committed as sent is only for a
    save whose outcome is unknown (an insert whose answer was lost and taken for a broken connection once went there
    on every save)."""
    if store.url.kind != "postgresql":
        pytest.skip("the look for events committed as sent is PostgreSQL's")

    def looked(self: object, stored_events: object) -> None:
        raise AssertionError("a save that succeeded looked for its events")

    monkeypatch.setattr(postgres_outages._CommittedCheck, "__call__", looked)
    request_id = uuid4()
    before = store.last_position()
    positions = store.append([received(request_id), handed_over(request_id, 2)])

    assert positions == store.last_position() > before
    assert [e.position for e in store.read_log(after=before, limit=10)] == [positions - 1, positions]


def test_the_second_of_two_writers_deciding_on_the_same_version_conflicts(open_store: OpenStore) -> None:
    first_writer, second_writer = open_store(), open_store()
    request_id = uuid4()
    first_writer.append([received(request_id)])
    seen_by_first = first_writer.load(DISCLOSURE_REQUEST, request_id)
    seen_by_second = second_writer.load(DISCLOSURE_REQUEST, request_id)

    first_writer.append([handed_over(request_id, seen_by_first.version + 1)])
    with pytest.raises(ConcurrencyConflict):
        second_writer.append([handed_over(request_id, seen_by_second.version + 1)])

    assert second_writer.load(DISCLOSURE_REQUEST, request_id).version == 2


@pytest.mark.parametrize("clash", ["with_the_log", "within_the_batch"])
def test_a_batch_with_one_clashing_event_writes_none_of_it(store: EventsourcingStore, clash: str) -> None:
    request_id, other_id = uuid4(), uuid4()
    events = [received(request_id), handed_over(request_id, 2)]
    append_case(store, events)
    position = store.last_position()
    clashing = handed_over(request_id, 2 if clash == "with_the_log" else 3)
    batch = [received(other_id), handed_over(request_id, 3), clashing]

    with pytest.raises(ConcurrencyConflict):
        store.append(batch)

    assert store.last_position() == position
    assert store.read_log(after=position, limit=10) == []
    assert store.history(request_id) == events
    assert store.history(other_id) == []
    with pytest.raises(NotFound):
        store.load(DISCLOSURE_REQUEST, other_id)


# ---------------------------------------------------------------- the one ordered log


def test_an_empty_log_has_position_zero_and_no_events(empty_store: EventsourcingStore) -> None:
    assert empty_store.last_position() == 0
    assert empty_store.read_log(after=0, limit=10) == []


def test_the_log_orders_every_stream_by_strictly_increasing_position(empty_store: EventsourcingStore) -> None:
    a, b, c = uuid4(), uuid4(), uuid4()
    writes: list[list[DomainEvent]] = [
        [received(a)],
        [credential_issued(c)],
        [received(b)],
        [handed_over(a, 2)],
        [handed_over(b, 2), handed_over(a, 3)],
    ]
    returned = [empty_store.append(batch) for batch in writes]

    log = empty_store.read_log(after=0, limit=100)
    assert [entry.event for entry in log] == [event for batch in writes for event in batch]
    positions = [entry.position for entry in log]
    assert positions == sorted(set(positions))
    assert returned == [positions[0], positions[1], positions[2], positions[3], positions[5]]
    assert empty_store.last_position() == positions[-1]


def test_reading_after_a_position_gives_exactly_the_later_events(empty_store: EventsourcingStore) -> None:
    a, b = uuid4(), uuid4()
    for batch in ([received(a)], [received(b)], [handed_over(a, 2), handed_over(b, 2)], [handed_over(a, 3)]):
        empty_store.append(batch)
    log = empty_store.read_log(after=0, limit=100)

    for index, entry in enumerate(log):
        assert empty_store.read_log(after=entry.position, limit=100) == log[index + 1 :]
        assert empty_store.read_log(after=entry.position, limit=1) == log[index + 1 : index + 2]
    assert empty_store.read_log(after=0, limit=3) == log[:3]


def test_paging_by_the_last_position_seen_misses_nothing_across_gaps(empty_store: EventsourcingStore) -> None:
    request_id = uuid4()
    append_case(empty_store, [received(request_id)])
    for version in range(2, 8):
        with pytest.raises(ConcurrencyConflict):  # a failed save may consume positions
            empty_store.append([handed_over(request_id, version - 1)])
        empty_store.append([handed_over(request_id, version)])

    pages: list[list[LoggedEvent]] = []
    after = 0
    while page := empty_store.read_log(after=after, limit=2):
        assert len(page) <= 2
        pages.append(page)
        after = page[-1].position  # never after + limit: positions are not contiguous

    seen = [entry for page in pages for entry in page]
    assert [entry.event for entry in seen] == empty_store.history(request_id)
    assert [entry.position for entry in seen] == sorted({entry.position for entry in seen})
    assert seen[-1].position == empty_store.last_position()


def test_reading_the_log_by_type_is_the_same_with_the_types_in_the_statement_or_sent_with_it(
    empty_store: EventsourcingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = uuid4(), uuid4()
    for batch in ([received(a)], [received(b)], [handed_over(a, 2), handed_over(b, 2)], [handed_over(a, 3)]):
        empty_store.append(batch)
    head = empty_store.last_position()
    types = [ev.HandlerAssigned.type_name, "no_such.type'); DROP TABLE gongkai_events; --"]
    written_in = empty_store.read_log_of(types, 0, head, 100)
    monkeypatch.setattr(postgres_outages, "STATEMENTS", 0)  # no statement of its own: the types go as a parameter
    sent_with = empty_store.read_log_of(types, 0, head, 100)
    handed = [e for e in empty_store.read_log(0, 100) if isinstance(e.event, ev.HandlerAssigned)]
    assert written_in == sent_with == handed
    assert len(written_in) == 3
    assert empty_store.read_log_of(types, written_in[0].position, head - 1, 1) == written_in[1:2]


# ---------------------------------------------------------------- what the tables hold


def test_stored_events_are_plain_json_under_their_stable_type_names(
    store: EventsourcingStore, database_url: str
) -> None:
    request_id = uuid4()
    events = case_history(request_id)
    append_case(store, events)
    tables = RAW_TABLES[store.url.kind]

    rows = raw_rows(database_url, tables["events"], request_id, ("topic", "state", tables["position"]))

    assert [topic for topic, _, _ in rows] == [type(e).type_name for e in events]
    assert rows[0][0] == "disclosure_request.received"
    for (_, state, _), event in zip(rows, events, strict=True):
        text = bytes(state).decode("utf-8")
        body = json.loads(text)
        assert body[SCHEMA_VERSION_KEY] == type(event).schema_version
        assert body == json.loads(json.dumps(encode_event(event)))
        assert "domain." not in text and "adapters." not in text and "__main__" not in text
    received_body = json.loads(bytes(rows[0][1]))
    assert received_body["applicant"]["name"] == "张三"
    assert received_body["receipt_date"] == "2025-03-04"
    assert "张三" in bytes(rows[0][1]).decode("utf-8")  # readable in SQL, not \\u-escaped
    fee_body = json.loads(bytes(rows[2][1]))
    assert fee_body["amount"] == "110.50" and fee_body["scale"] == "per_volume"
    log_positions = {
        e.event.originator_version: e.position
        for e in store.read_log(rows[0][2] - 1, 100)
        if e.event.originator_id == request_id
    }
    assert [position for _, _, position in rows] == [log_positions[v] for v in range(1, len(events) + 1)]


# ---------------------------------------------------------------- snapshots


def test_a_long_stream_loads_equal_to_the_fold_of_its_history_through_snapshots(
    open_store: OpenStore, database_url: str
) -> None:
    writer = open_store()
    request_id = uuid4()
    events: list[DomainEvent] = [received(request_id)]
    events += [handed_over(request_id, version) for version in range(2, 121)]
    for start in range(0, len(events), 7):  # batches of 7 cross the interval of 50 mid-batch
        append_case(writer, events[start : start + 7], after=events[:start])

    rows = raw_rows(database_url, RAW_TABLES[writer.url.kind]["snapshots"], request_id)
    assert rows, "a snapshot is stored once a stream passes its snapshot interval"
    for topic, state in rows:
        assert topic == DISCLOSURE_REQUEST.snapshot_type_name == "disclosure_request.snapshot.v2"
        body = json.loads(bytes(state))
        assert body[SCHEMA_VERSION_KEY] == 1 and body["state"]["id"] == str(request_id)

    reader = open_store()  # a fresh store, as another process would load it
    history = reader.history(request_id)
    assert history == events
    assert reader.load(DISCLOSURE_REQUEST, request_id) == fold(history)
    for version in (1, 49, 50, 51, 56, 57, 100, 105, 106, 119, 120):
        assert reader.load(DISCLOSURE_REQUEST, request_id, version=version) == fold(history[:version])


# ---------------------------------------------------------------- upcasting old schema versions


def test_a_snapshot_made_by_another_version_of_the_fold_is_passed_over(open_store: OpenStore) -> None:
    """A release that changes a state's shape must not read the snapshots of the release before as its own: the
    stream is folded from its events until a snapshot of the new fold is made."""
    writer = open_store()
    request_id = uuid4()
    events: list[DomainEvent] = [received(request_id)]
    events += [handed_over(request_id, version) for version in range(2, 56)]
    writer.app.save(*events)  # no snapshot of the current fold
    old_shape = {"id": str(request_id), "version": 55, "organ": ORGAN, "reviews": [{"result": None}]}
    assert writer.app.snapshots is not None
    writer.app.snapshots.put(
        [
            Snapshot(  # type: ignore[list-item]
                originator_id=request_id,
                originator_version=55,
                type_name="disclosure_request.snapshot",
                state=old_shape,
            )
        ]
    )

    reader = open_store()
    assert reader.load(DISCLOSURE_REQUEST, request_id) == fold(events)
    assert reader.load(DISCLOSURE_REQUEST, request_id, version=55) == fold(events)
    assert reader.load(DISCLOSURE_REQUEST, request_id, version=20) == fold(events[:20])


def _handler_assigned_v1_body(request_id: UUID) -> dict[str, Any]:
    """The body of a 'handler_assigned' as version 1 of a schema that later renamed `handler_name`."""
    body = json.loads(json.dumps(encode_event(handed_over(request_id, 2))))
    body[SCHEMA_VERSION_KEY] = 1
    body["handler"] = body.pop("handler_name")
    return body


def test_an_older_body_is_upcast_before_it_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    request_id = uuid4()
    steps: list[int] = []

    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        steps.append(1)
        body = dict(body)
        body["handler_name"] = body.pop("handler")
        return body

    def upcast_v2(body: dict[str, Any]) -> dict[str, Any]:
        steps.append(2)
        return {**body, "department": body["department"] + "（更名）"}

    monkeypatch.setattr(ev.HandlerAssigned, "schema_version", 3)
    monkeypatch.setattr(ev.HandlerAssigned, "upcast_v1", staticmethod(upcast_v1), raising=False)
    monkeypatch.setattr(ev.HandlerAssigned, "upcast_v2", staticmethod(upcast_v2), raising=False)

    event = decode_event("disclosure_request.handler_assigned", request_id, 2, _handler_assigned_v1_body(request_id))

    assert steps == [1, 2]
    expected = handed_over(request_id, 2)
    assert event == attrs.evolve(expected, department=expected.department + "（更名）")


def test_a_body_at_the_current_schema_version_is_not_upcast(monkeypatch: pytest.MonkeyPatch) -> None:
    request_id = uuid4()
    body = {**json.loads(json.dumps(encode_event(handed_over(request_id, 2)))), SCHEMA_VERSION_KEY: 2}
    monkeypatch.setattr(ev.HandlerAssigned, "schema_version", 2)
    monkeypatch.setattr(ev.HandlerAssigned, "upcast_v1", staticmethod(_must_not_run), raising=False)

    assert decode_event("disclosure_request.handler_assigned", request_id, 2, body) == handed_over(request_id, 2)


def _must_not_run(body: dict[str, Any]) -> dict[str, Any]:
    raise AssertionError("an upcaster ran on a body already at the current schema version")


def test_events_stored_under_an_older_schema_read_back_upcast(
    store: EventsourcingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = uuid4()
    append_case(store, [received(request_id), handed_over(request_id, 2)])

    def upcast_v1(body: dict[str, Any]) -> dict[str, Any]:
        return {**body, "handler_name": body["handler_name"] + "（已核对）"}

    monkeypatch.setattr(ev.HandlerAssigned, "schema_version", 2)
    monkeypatch.setattr(ev.HandlerAssigned, "upcast_v1", staticmethod(upcast_v1), raising=False)

    _, assigned = store.history(request_id)
    assert isinstance(assigned, ev.HandlerAssigned) and assigned.handler_name == "钱芳（已核对）"
    logged = [e.event for e in store.read_log(store.last_position() - 1, 10) if e.event.originator_id == request_id]
    assert logged == [assigned]


def test_a_body_without_a_schema_version_counts_as_version_one(monkeypatch: pytest.MonkeyPatch) -> None:
    request_id = uuid4()
    body = _handler_assigned_v1_body(request_id)
    del body[SCHEMA_VERSION_KEY]
    monkeypatch.setattr(ev.HandlerAssigned, "schema_version", 2)
    monkeypatch.setattr(
        ev.HandlerAssigned,
        "upcast_v1",
        staticmethod(lambda b: {**{k: v for k, v in b.items() if k != "handler"}, "handler_name": b["handler"]}),
        raising=False,
    )

    assert decode_event("disclosure_request.handler_assigned", request_id, 2, body) == handed_over(request_id, 2)


def test_reading_the_log_of_some_streams_or_of_bodies_with_some_values_decodes_only_those(
    empty_store: EventsourcingStore,
) -> None:
    ours, theirs, other = uuid4(), uuid4(), uuid4()
    empty_store.append([received(ours), handed_over(ours, 2)])
    empty_store.append([attrs.evolve(received(theirs), organ="闵行区民政局")])
    empty_store.append([received(other)])
    head, types = empty_store.last_position(), [ev.Received.type_name, ev.HandlerAssigned.type_name]

    of_streams = empty_store.read_log_of(types, 0, head, 100, streams={ours})
    assert [(e.event.originator_id, e.event.type_name) for e in of_streams] == [
        (ours, ev.Received.type_name),
        (ours, ev.HandlerAssigned.type_name),
    ]
    # Given by type: each type's own streams (a type the mapping lacks: none).
    by_type = empty_store.read_log_of(types, 0, head, 100, streams={ev.Received.type_name: {ours, other}})
    assert [(e.event.originator_id, e.event.type_name) for e in by_type] == [
        (ours, ev.Received.type_name),
        (other, ev.Received.type_name),
    ]
    # Bodies without the field (a handover names no organ) are decoded and left to the reader to judge.
    matching = empty_store.read_log_of(types, 0, head, 100, personal_data=False, matching={"organ": ORGAN})
    assert [e.event.originator_id for e in matching] == [ours, ours, other]
    theirs_only = empty_store.read_log_of(types[:1], 0, head, 100, matching={"organ": "闵行区民政局"})
    assert [e.event.originator_id for e in theirs_only] == [theirs]
