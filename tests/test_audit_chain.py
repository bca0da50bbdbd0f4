"""Tamper evidence on both stores: every event saved through the application is chained in its transaction, the log
verifies while untouched, and each change made by hand to the tables is named by `verify` at its position."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import psycopg
import pytest

from adapters.bootstrap import Gongkai, build
from adapters.persistence.audited_log import audited_log
from adapters.persistence.database import DatabaseURL
from application.audit_chain import link_events
from application.audit_verify import ProblemKind, PublishedDigest, Verification, log_head, verify
from domain.actors import SYSTEM, Role
from tests.audit_support import TABLES, ByHand


@pytest.fixture
def bureau(empty_store_url: str) -> Iterator[Gongkai]:
    """A store opened by the application, with its seed events and three people added to the staff."""
    gongkai = build(empty_store_url)
    try:
        for n in range(3):
            gongkai.staff.add(f"王敏{n}", (Role.CLERK,), SYSTEM)
        yield gongkai
    finally:
        gongkai.close()


def verified(url: str, **options: Any) -> Verification:
    """The store's log verified, read as the command line reads it."""
    with audited_log(DatabaseURL.parse(url)) as log:
        return verify(log, **options)


def test_every_event_saved_through_the_application_has_one_chain_row_after_the_one_before(
    bureau: Gongkai, empty_store_url: str
) -> None:
    by_hand = ByHand(empty_store_url)
    positions = by_hand.positions()
    links = by_hand.links()
    assert len(positions) > 3
    assert [k.position for k in links] == positions
    assert [k.previous_position for k in links] == [0, *positions[:-1]]
    assert links == link_events(None, [by_hand.event(p) for p in positions])


def test_an_untouched_log_verifies_to_its_head(bureau: Gongkai, empty_store_url: str) -> None:
    result = verified(empty_store_url)
    head = ByHand(empty_store_url).links()[-1]
    assert result.problem is None
    assert (result.checked, result.head) == (len(ByHand(empty_store_url).positions()), head)
    with audited_log(DatabaseURL.parse(empty_store_url)) as log:
        assert log_head(log) == head


def test_the_in_memory_store_keeps_a_chain_as_the_others_do() -> None:
    gongkai = build("memory://")
    try:
        gongkai.staff.add("王敏", (Role.CLERK,), SYSTEM)
        recorder = gongkai.store.app.recorder
        with audited_log(gongkai.store.url, recorder) as log:  # type: ignore[arg-type]
            result = verify(log)
        assert result.problem is None
        assert result.checked == gongkai.store.last_position() == len(recorder.chain) > 1  # type: ignore[attr-defined]
    finally:
        gongkai.close()


def middle(url: str) -> int:
    """A position in the middle of the log: events and chain rows follow it."""
    positions = ByHand(url).positions()
    return positions[len(positions) // 2]


def test_an_event_altered_by_hand_is_named(bureau: Gongkai, empty_store_url: str) -> None:
    by_hand, position = ByHand(empty_store_url), middle(empty_store_url)
    event = by_hand.event(position)
    by_hand.run("UPDATE {events} SET state = ? WHERE {position} = ?", event.state.replace(b"}", b" }", 1), position)

    problem = verified(empty_store_url).problem
    assert problem is not None
    assert (problem.kind, problem.position) == (ProblemKind.ALTERED, position)
    assert (problem.stream_id, problem.version) == (event.originator_id, event.originator_version)


def test_an_event_inserted_by_hand_is_named_even_after_the_application_writes_past_it(
    bureau: Gongkai, empty_store_url: str
) -> None:
    by_hand = ByHand(empty_store_url)
    copied = by_hand.event(by_hand.positions()[-1])
    stream = uuid.uuid4()
    stored_id = stream.hex if by_hand.url.kind == "sqlite" else stream
    by_hand.run(
        "INSERT INTO {events} (originator_id, originator_version, topic, state) VALUES (?, 1, ?, ?)",
        stored_id, copied.topic, copied.state,
    )  # fmt: skip
    inserted = by_hand.positions()[-1]
    bureau.staff.add("李娜", (Role.CLERK,), SYSTEM)  # chained after the last event the application chained

    problem = verified(empty_store_url).problem
    assert problem is not None
    assert (problem.kind, problem.position, problem.stream_id, problem.version) == (
        ProblemKind.INSERTED, inserted, stream, 1,
    )  # fmt: skip


def test_an_event_removed_by_hand_is_named(bureau: Gongkai, empty_store_url: str) -> None:
    by_hand, position = ByHand(empty_store_url), middle(empty_store_url)
    by_hand.run("DELETE FROM {events} WHERE {position} = ?", position)

    problem = verified(empty_store_url).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.REMOVED, position)


def test_an_event_removed_with_its_chain_row_is_named(bureau: Gongkai, empty_store_url: str) -> None:
    by_hand, position = ByHand(empty_store_url), middle(empty_store_url)
    by_hand.run("DELETE FROM {events} WHERE {position} = ?", position)
    by_hand.run("DELETE FROM {chain} WHERE position = ?", position)

    problem = verified(empty_store_url).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.REMOVED, position)


def test_a_chain_row_altered_by_hand_is_named(bureau: Gongkai, empty_store_url: str) -> None:
    by_hand, position = ByHand(empty_store_url), middle(empty_store_url)
    by_hand.run("UPDATE {chain} SET digest = ? WHERE position = ?", bytes(32), position)

    problem = verified(empty_store_url).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.CHAIN_ALTERED, position)


def test_a_published_digest_proves_the_log_up_to_its_position_however_the_chain_is_rewritten(
    bureau: Gongkai, empty_store_url: str
) -> None:
    by_hand = ByHand(empty_store_url)
    with audited_log(by_hand.url) as log:
        head = log_head(log)
    published = PublishedDigest(head.position, head.digest)
    bureau.staff.add("李娜", (Role.CLERK,), SYSTEM)
    assert verified(empty_store_url, published=published).problem is None

    # An event before the published position changed, and every chain row written again to match it.
    position = middle(empty_store_url)
    event = by_hand.event(position)
    by_hand.run("UPDATE {events} SET state = ? WHERE {position} = ?", event.state.replace(b"}", b" }", 1), position)
    for link in link_events(None, [by_hand.event(p) for p in by_hand.positions()]):
        by_hand.run("UPDATE {chain} SET digest = ? WHERE position = ?", link.digest, link.position)

    assert verified(empty_store_url).problem is None
    problem = verified(empty_store_url, published=published).problem
    assert problem is not None
    assert (problem.kind, problem.position) == (ProblemKind.NOT_AS_PUBLISHED, published.position)


def test_events_removed_from_the_end_with_their_chain_rows_are_caught_by_a_published_digest(
    bureau: Gongkai, empty_store_url: str
) -> None:
    by_hand = ByHand(empty_store_url)
    with audited_log(by_hand.url) as log:
        head = log_head(log)
    by_hand.run("DELETE FROM {events} WHERE {position} = ?", head.position)
    by_hand.run("DELETE FROM {chain} WHERE position = ?", head.position)

    assert verified(empty_store_url).problem is None  # the chain alone cannot tell an end cut off
    problem = verified(empty_store_url, published=PublishedDigest(head.position, head.digest)).problem
    assert problem is not None
    assert (problem.kind, problem.position) == (ProblemKind.NOT_AS_PUBLISHED, head.position)


REFUSED = {
    "postgresql": (psycopg.errors.RaiseException, ["UPDATE {table} SET {column} = {column}", "DELETE FROM {table}",
                                                   "TRUNCATE {table}"]),
    "sqlite": (sqlite3.IntegrityError, ["UPDATE {table} SET {column} = {column}", "DELETE FROM {table}"]),
}  # fmt: skip


def assert_append_only(url: DatabaseURL, table: str) -> None:
    """Every statement that would change or remove rows of the table is refused, naming why."""
    error, statements = REFUSED[url.kind]
    names = {"table": TABLES[url.kind][table], "column": "topic" if table == "events" else "digest"}
    for statement in statements:
        with pytest.raises(error, match="append-only"):
            if url.kind == "sqlite":
                with closing(sqlite3.connect(url.path)) as conn:
                    conn.execute(statement.format(**names))
            else:
                with psycopg.connect(url.dsn(), autocommit=True) as conn:
                    conn.execute(statement.format(**names))


@pytest.mark.parametrize("table", ["events", "chain"])
def test_the_log_and_its_chain_refuse_updates_and_deletes(bureau: Gongkai, empty_store_url: str, table: str) -> None:
    assert_append_only(DatabaseURL.parse(empty_store_url), table)
    assert verified(empty_store_url).problem is None


def test_a_store_from_before_the_chain_is_chained_when_opened(
    bureau: Gongkai, empty_store_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    by_hand = ByHand(empty_store_url)
    by_hand.forget_the_chain()
    problem = verified(empty_store_url).problem
    assert problem is not None and problem.kind is ProblemKind.UNCHAINED

    with caplog.at_level(logging.WARNING):
        build(empty_store_url).close()

    result = verified(empty_store_url)
    assert result.problem is None and result.checked == len(by_hand.positions())
    assert "chained on opening the store" in caplog.text
    assert_append_only(by_hand.url, "events")
    assert_append_only(by_hand.url, "chain")


def test_a_chain_left_behind_the_log_is_extended_when_the_store_is_opened(
    bureau: Gongkai, empty_store_url: str
) -> None:
    by_hand = ByHand(empty_store_url)
    last_two = by_hand.positions()[-2:]
    by_hand.run("DELETE FROM {chain} WHERE position >= ?", last_two[0])
    problem = verified(empty_store_url).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.INSERTED, last_two[0])

    build(empty_store_url).close()

    assert verified(empty_store_url).problem is None
    assert [k.position for k in by_hand.links()[-2:]] == last_two
