"""Tamper evidence on PostgreSQL alone: an event slipped into a gap of the positions, writers racing, a COMMIT whose
answer was lost, and the least-privilege roles the README gives (an application that cannot change the log, an
auditor who can only read it)."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import psycopg
import pytest
from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.utils import Environment

from adapters.persistence import postgres_outages
from adapters.persistence.audited_log import audited_log
from adapters.persistence.database import DatabaseURL
from application.audit_chain import Link, LoggedRow, link_events
from application.audit_verify import ProblemKind, verify
from tests.unattended.tcp_proxy import TcpProxy


@contextmanager
def log_recorder(url: DatabaseURL, **settings: str) -> Iterator[ApplicationRecorder]:
    """The log's recorder as gongkai makes it on PostgreSQL (its tables named after the application)."""
    factory = postgres_outages.Factory(Environment("gongkai", {**url.eventsourcing_env(), **settings}))
    try:
        yield factory.application_recorder()
    finally:
        factory.close()


def note(text: str) -> StoredEvent:
    """An event of a stream of its own."""
    return StoredEvent(uuid.uuid4(), 1, "test.note", json.dumps({"text": text}).encode())


def by_hand(url: DatabaseURL, statement: str, *params: Any) -> list[tuple[Any, ...]]:
    """A statement as the tables' owner, the append-only triggers not fired."""
    with psycopg.connect(url.dsn(), autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def test_an_event_slipped_into_a_gap_with_a_chain_row_of_its_own_is_named(fresh_postgres_url: str) -> None:
    url = DatabaseURL.parse(fresh_postgres_url)
    with log_recorder(url) as recorder:
        assert recorder.insert_events([note("一"), note("二")]) == [1, 2]
        by_hand(url, "SELECT nextval('gongkai_events_notification_id_seq')")  # a failed save leaves a gap
        assert recorder.insert_events([note("四")]) == [4]
    ((digest,),) = by_hand(url, "SELECT digest FROM gongkai_chain WHERE position = 2")
    slipped = LoggedRow(3, uuid.uuid4(), 1, "test.note", b'{"text": "slipped"}')
    (link,) = link_events(Link(2, 1, bytes(digest)), [slipped])
    by_hand(
        url,
        "INSERT INTO gongkai_events (notification_id, originator_id, originator_version, topic, state) "
        "VALUES (%s, %s, %s, %s, %s)",
        *slipped,
    )
    by_hand(url, "INSERT INTO gongkai_chain VALUES (%s, %s, %s)", *link)

    with audited_log(url) as log:
        problem = verify(log).problem
    assert problem is not None
    assert (problem.kind, problem.position, problem.stream_id) == (ProblemKind.INSERTED, 3, slipped.originator_id)
    assert "follows position 2" in problem.detail


def test_writers_racing_in_several_processes_leave_one_chain(fresh_postgres_url: str) -> None:
    url = DatabaseURL.parse(fresh_postgres_url)
    saves, failures = 20, list[BaseException]()

    def write(recorder: ApplicationRecorder) -> None:
        try:
            for n in range(saves):
                recorder.insert_events([note(f"{n}a"), note(f"{n}b")])
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    with log_recorder(url) as first, log_recorder(url) as second:  # two pools: two processes
        threads = [threading.Thread(target=write, args=(r,)) for r in (first, second, first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert failures == []
    with audited_log(url) as log:
        result = verify(log)
    assert result.problem is None and result.checked == 4 * saves * 2
    assert by_hand(url, "SELECT count(*) FROM gongkai_chain") == [(4 * saves * 2,)]


def test_a_save_whose_commit_was_not_acknowledged_is_chained_once(fresh_postgres_url: str) -> None:
    real = DatabaseURL.parse(fresh_postgres_url)
    with log_recorder(real):
        pass  # the tables, made before the proxy drops anything
    proxy = TcpProxy((real.host, real.port))
    try:
        through_proxy = attrs.evolve(real, host="127.0.0.1", port=proxy.port)
        with log_recorder(through_proxy, POSTGRES_CONNECT_TIMEOUT="1") as recorder:
            proxy.commits_to_drop = 3
            positions = [p for n in range(5) for p in recorder.insert_events([note(f"{n}")]) or []]
    finally:
        proxy.close()

    # Each save is recorded once, whether its COMMIT took effect (found, not inserted again) or not (inserted again,
    # after a position the rolled-back try consumed), and its event has one chain row.
    assert proxy.commits_dropped == 3
    assert [p for (p,) in by_hand(real, "SELECT notification_id FROM gongkai_events ORDER BY 1")] == positions
    assert by_hand(real, "SELECT count(DISTINCT state), count(*) FROM gongkai_events") == [(5, 5)]
    assert by_hand(real, "SELECT position FROM gongkai_chain ORDER BY 1") == [(p,) for p in positions]
    with audited_log(real) as log:
        assert verify(log).problem is None


GRANTS = """
GRANT CONNECT ON DATABASE {database} TO {app}, {auditor};
GRANT USAGE ON SCHEMA public TO {app}, {auditor};
GRANT SELECT, INSERT, UPDATE ON gongkai_events TO {app};
GRANT SELECT, INSERT ON gongkai_chain, gongkai_snapshots TO {app};
GRANT USAGE ON SEQUENCE gongkai_events_notification_id_seq TO {app};
GRANT SELECT ON gongkai_events, gongkai_chain TO {auditor};
"""
"""The README's grants for the log (the read models' tables are the application role's own)."""


@pytest.fixture
def roles(fresh_postgres_url: str) -> Iterator[tuple[DatabaseURL, DatabaseURL]]:
    """An application role and an auditor role on a store whose tables the superuser made, with the README's grants;
    dropped afterwards."""
    owner = DatabaseURL.parse(fresh_postgres_url)
    suffix = uuid.uuid4().hex[:8]
    app, auditor = f"gongkai_app_{suffix}", f"gongkai_auditor_{suffix}"
    factory = postgres_outages.Factory(Environment("gongkai", owner.eventsourcing_env()))
    try:
        factory.aggregate_recorder("snapshots")
        factory.application_recorder().insert_events([note("made by the owner")])
    finally:
        factory.close()
    try:
        with psycopg.connect(owner.dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {app} LOGIN; CREATE ROLE {auditor} LOGIN")
            conn.execute(GRANTS.format(database=owner.dbname, app=app, auditor=auditor))
        yield attrs.evolve(owner, user=app), attrs.evolve(owner, user=auditor)
    finally:
        # Roles belong to the whole server, not to the throwaway database.
        with psycopg.connect(owner.dsn(), autocommit=True) as conn:
            for role in (app, auditor):
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    conn.execute(f"DROP OWNED BY {role}; DROP ROLE {role}")


def refused(url: DatabaseURL, statement: str) -> str:
    """The error a statement meets."""
    with psycopg.connect(url.dsn(), autocommit=True) as conn, pytest.raises(psycopg.Error) as error:
        conn.execute(statement)
    return str(error.value)


def test_the_application_role_saves_but_cannot_change_the_log_and_the_auditor_only_reads(
    roles: tuple[DatabaseURL, DatabaseURL],
) -> None:
    app, auditor = roles
    with log_recorder(app, CREATE_TABLE="n") as recorder:  # the tables are the owner's
        assert recorder.insert_events([note("saved by the application role")]) == [2]  # took the table lock

    assert "append-only" in refused(app, "UPDATE gongkai_events SET topic = 'x'")
    assert "permission denied" in refused(app, "DELETE FROM gongkai_events")
    assert "permission denied" in refused(app, "DELETE FROM gongkai_chain")
    assert "permission denied" in refused(app, "TRUNCATE gongkai_events")
    assert "must be owner" in refused(app, "ALTER TABLE gongkai_events DISABLE TRIGGER ALL")
    assert "permission denied" in refused(app, "SET session_replication_role = replica")
    assert "permission denied" in refused(auditor, "INSERT INTO gongkai_chain VALUES (9, 2, '')")

    with audited_log(auditor) as log:
        result = verify(log)
    assert result.problem is None and result.checked == 2


def test_the_database_links_each_event_as_chain_digest_does(fresh_postgres_url: str) -> None:
    """The trigger's digest in SQL and `chain_digest` in Python are one encoding: a state of 300 KB, a version past
    2³², a topic outside ASCII, and several events in one save."""
    url = DatabaseURL.parse(fresh_postgres_url)
    large = json.dumps({"text": "政务公开" * 25_000}).encode()
    events = [
        StoredEvent(uuid.uuid4(), 2**40 + 3, "测试.事件", large),
        StoredEvent(uuid.uuid4(), 1, "test.note", b"{}"),
        StoredEvent(uuid.uuid4(), 7, "test.note", json.dumps({"text": "二"}).encode()),
    ]
    with log_recorder(url) as recorder:
        recorder.insert_events([note("一")])
        recorder.insert_events(events)
    rows = by_hand(url, "SELECT notification_id, originator_id, originator_version, topic, state FROM gongkai_events "
                        "ORDER BY 1")  # fmt: skip
    links = by_hand(url, "SELECT position, previous_position, digest FROM gongkai_chain ORDER BY 1")
    expected = link_events(None, [LoggedRow(p, i, v, t, bytes(s)) for p, i, v, t, s in rows])
    assert [Link(p, q, bytes(d)) for p, q, d in links] == expected
    assert len(expected) == 4
