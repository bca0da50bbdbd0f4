"""The PostgreSQL persistence module gongkai runs on (its PERSISTENCE_MODULE): eventsourcing's own, with recorders
that behave when the database goes away (a restart, the network cut).

eventsourcing retries every statement ten times, 0.2 s apart, each waiting up to the pool's timeout for a
connection: with the database gone a request held its thread for minutes, and an insert whose COMMIT was sent but
not acknowledged was sent again, to fail as a version conflict that the use case then decided afresh, so that a
step that may be taken twice (a contact, a revision) could be written twice. Here:

- a statement is tried again at once when its connection broke (a pooled connection the restart left behind), up to
  once per connection the pool may hold, and never after the pool could not give a connection within its timeout:
  the caller gets the error, and the web API answers 503;
- an insert that failed with its outcome unknown looks, before trying again, whether its events are in the table
  exactly as it sent them: then it was committed and succeeds with their positions; a different event in their
  place is a conflict as before;
- once the pool has timed out, statements fail at once for PROBE_SECONDS while it has no idle connection, rather
  than each waiting out the timeout: eventsourcing serialises loads of one cached stream (every request loads the
  staff directory), so a hundred requests would otherwise be answered one timeout after another;
- the log's connections are its writer's (postgres_chain's CHAIN_WRITER_OPTIONS), so the database writes each
  event's chain row in the insert's transaction: an insert found committed after an unknown outcome was committed
  with its chain rows, which are never written twice;
- the pool gives up a connection that cannot be made after RECONNECT_SECONDS and makes one the next time a request
  needs it, so that it is back within moments of the database (psycopg_pool otherwise backs off for minutes).
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast
from uuid import UUID

import eventsourcing.postgres as pg
import psycopg_pool
from eventsourcing.persistence import IntegrityError, InterfaceError, Notification, OperationalError, StoredEvent
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composable, Composed, Identifier, Literal

from adapters.persistence.log_notices import notice
from adapters.persistence.postgres_chain import CHAIN_WRITER_OPTIONS, ChainWriting

T = TypeVar("T")
RECONNECT_SECONDS = 10.0
"""How long the pool keeps trying to make one connection before giving it up (psycopg_pool's reconnect_timeout)."""
PROBE_SECONDS = 1.0
"""After the pool timed out, how long statements fail at once (while it has no idle connection) before one waits for
a connection again."""


class _Unreachable:
    """When the pool last could not give a connection; cleared by any statement that gets one."""

    def __init__(self) -> None:
        self.since: float | None = None

    def check(self, datastore: pg.PostgresDatastore) -> None:
        """Fail at once if the pool timed out less than PROBE_SECONDS ago and still has no idle connection."""
        since = self.since
        if since is None or time.monotonic() - since >= PROBE_SECONDS:
            return
        if datastore.pool.get_stats().get("pool_available", 0) == 0:
            raise OperationalError("the database could not be reached a moment ago (no connection in the pool)")

    def saw(self, error: BaseException | None) -> None:
        """Remember a pool timeout; forget it after a statement that got a connection."""
        if error is None:
            self.since = None
        elif _pool_timed_out(error):
            self.since = time.monotonic()


_UNREACHABLE: weakref.WeakKeyDictionary[pg.PostgresDatastore, _Unreachable] = weakref.WeakKeyDictionary()


def _unreachable(datastore: pg.PostgresDatastore) -> _Unreachable:
    return _UNREACHABLE.setdefault(datastore, _Unreachable())


def _pool_timed_out(error: BaseException) -> bool:
    """Whether the pool could not give a connection within its timeout (trying again would wait as long again)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, psycopg_pool.PoolTimeout):
            return True
        cause = cause.__cause__
    return False


def _attempts(datastore: pg.PostgresDatastore) -> int:
    """One attempt per connection the pool may hold, and one on a fresh connection."""
    return int(datastore.pool.max_size) + 1


def _bounded(datastore: pg.PostgresDatastore, call: Callable[[], T]) -> T:
    """Run a statement, again at once while connections turn out broken; not after the pool timed out."""
    unreachable = _unreachable(datastore)
    unreachable.check(datastore)
    attempts = _attempts(datastore)
    for attempt in range(1, attempts + 1):
        try:
            result = call()
        except (InterfaceError, OperationalError) as error:
            unreachable.saw(error)
            if attempt == attempts or _pool_timed_out(error):
                raise
        else:
            unreachable.saw(None)
            return result
    raise AssertionError("unreachable")  # pragma: no cover


class _CommittedCheck:
    """Whether events an insert sent are in the table exactly as sent."""

    def __init__(self, datastore: pg.PostgresDatastore, table: str, with_positions: bool) -> None:
        columns = "t.topic, t.state" + (", t.notification_id" if with_positions else "")
        self._datastore = datastore
        self._with_positions = with_positions
        self._statement = SQL(
            "SELECT k.i, " + columns + " FROM unnest(%s::uuid[], %s::bigint[]) WITH ORDINALITY AS k(id, v, i) "
            "JOIN {schema}.{table} AS t ON t.originator_id = k.id AND t.originator_version = k.v"
        ).format(schema=Identifier(datastore.schema), table=Identifier(table))

    def __call__(self, stored_events: Sequence[StoredEvent]) -> list[int] | None:
        """The positions of the events (empty for a table without positions) if they were committed as sent; None if
        none of them is there; IntegrityError if other events took their place."""
        ids = [UUID(str(e.originator_id)) for e in stored_events]
        versions = [e.originator_version for e in stored_events]
        with self._datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._statement, (ids, versions))
            rows = {int(row["i"]) - 1: row for row in curs.fetchall()}
        if not rows:
            return None
        same = len(rows) == len(stored_events) and all(
            rows[i]["topic"] == e.topic and bytes(rows[i]["state"]) == e.state for i, e in enumerate(stored_events)
        )
        if not same:
            raise IntegrityError("other events were recorded at these versions")
        return [int(rows[i]["notification_id"]) for i in range(len(stored_events))] if self._with_positions else []


def _insert_once_or_find(
    datastore: pg.PostgresDatastore,
    insert: Callable[[], Sequence[int] | None],
    committed: Callable[[], list[int] | None],
) -> Sequence[int] | None:
    """Insert; after a failure whose outcome is unknown, find the events committed before inserting them again."""
    unreachable = _unreachable(datastore)
    unreachable.check(datastore)
    uncertain = False
    attempts = _attempts(datastore)
    for attempt in range(1, attempts + 1):
        try:
            if uncertain and (found := committed()) is not None:
                return found
            inserted = insert()
        except IntegrityError:
            # After an unknown outcome, our own commit may be what the insert ran into.
            if uncertain and (found := committed()) is not None:
                return found
            raise
        except (InterfaceError, OperationalError) as error:
            unreachable.saw(error)
            if attempt == attempts or _pool_timed_out(error):
                raise  # when uncertain, the web API's 503 says that the step may have been recorded
            uncertain = True
        else:
            unreachable.saw(None)
            return inserted
    raise AssertionError("unreachable")  # pragma: no cover


class AggregateRecorder(pg.PostgresAggregateRecorder):
    """The snapshots' recorder."""

    def __init__(self, datastore: pg.PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self._committed = _CommittedCheck(datastore, events_table_name, with_positions=False)

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Insert once; after an unknown outcome, succeed if the rows are there as sent."""
        insert = pg.PostgresAggregateRecorder.insert_events.__wrapped__
        _insert_once_or_find(
            self.datastore, lambda: insert(self, stored_events, **kwargs), lambda: self._committed(stored_events)
        )
        return None

    def select_events(self, originator_id: UUID | str, **kwargs: Any) -> Sequence[StoredEvent]:
        """A stream's rows, tried again at once on a broken connection."""
        select = pg.PostgresAggregateRecorder.select_events.__wrapped__
        result: Sequence[StoredEvent] = _bounded(self.datastore, lambda: select(self, originator_id, **kwargs))
        return result


def _as_bytes(statement: Any) -> bytes:
    """A statement as the bytes psycopg would send (composed SQL is rendered again on every execution)."""
    if isinstance(statement, Composable):
        return statement.as_bytes(None)
    return statement.encode() if isinstance(statement, str) else bytes(statement)


STATEMENTS = 64
"""Statements of the log's reads a process keeps made (beyond them, the topics are sent as a parameter)."""


class ApplicationRecorder(ChainWriting):
    """The log's recorder, which writes the chain of digests beside the log (see postgres_chain)."""

    matches_bodies = True
    """Its reads of the log take `matching` (fields of the stored bodies compared in SQL)."""

    def __init__(self, datastore: pg.PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self._committed = _CommittedCheck(datastore, events_table_name, with_positions=True)
        self._notifications_statements: dict[
            tuple[bool, bool, bool, tuple[str, ...], bool, tuple[str, ...]], bytes
        ] = {}
        self._notify = b"SELECT pg_notify(%s, %s)"
        # The library composes these on every save; as bytes, made once, psycopg sends them as they are.
        self.insert_events_statement = cast(Composed, _as_bytes(self.insert_events_statement))
        self.lock_table_statements = [_as_bytes(statement) for statement in self.lock_table_statements]
        self._max_notification_id = _as_bytes(self.max_notification_id_statement)

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Insert once; after an unknown outcome, take the positions of the events if they are there as sent."""
        if not stored_events:
            return []
        return _insert_once_or_find(
            self.datastore, lambda: self._insert_in_one_trip(stored_events), lambda: self._committed(stored_events)
        )

    def _insert_in_one_trip(self, stored_events: Sequence[StoredEvent]) -> list[int]:
        """BEGIN, the NOTIFY, the lock, the insert and COMMIT sent together, answered together.

        The library's insert waits for the insert's answer before it sends COMMIT, holding the table's lock over a
        round trip to this process, and over this process's wait for the interpreter's lock, which a busy web server's
        other threads hold for milliseconds at a time: every save of the deployment waited behind it. Sent at once,
        the lock is held for the database's own work alone."""
        rows = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        # A failure before COMMIT leaves the transaction failed: the connection's context rolls it back.
        with self.datastore.get_connection() as conn:
            assert conn.autocommit
            with conn.cursor() as curs, conn.cursor(row_factory=tuple_row) as inserted:
                with conn.pipeline():
                    curs.execute(b"BEGIN")
                    # The NOTIFY (sent at COMMIT) names the types written (log_notices), so that a read model that
                    # follows none of them sleeps on. Never prepared: a test's proxy knows a save by its text.
                    types = notice(e.topic for e in stored_events)
                    curs.execute(self._notify, (self.channel_name, types), prepare=False)
                    for statement in self.lock_table_statements:
                        curs.execute(statement, prepare=True)
                    inserted.execute(self.insert_events_statement, (rows,), prepare=True)
                    curs.execute(b"COMMIT")
                return [int(row[0]) for row in inserted.fetchall()]

    def select_events(self, originator_id: UUID | str, **kwargs: Any) -> Sequence[StoredEvent]:
        """A stream's events, tried again at once on a broken connection."""
        select = pg.PostgresAggregateRecorder.select_events.__wrapped__
        result: Sequence[StoredEvent] = _bounded(self.datastore, lambda: select(self, originator_id, **kwargs))
        return result

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
        matching: Mapping[str, str] | None = None,
    ) -> Sequence[Notification]:
        """Log events from a position (up to `stop`, of these topics; with `matching`, only those whose body has these
        values in these top-level fields or lacks the fields), tried again at once on a broken connection.

        eventsourcing's own composes its SQL on every call and reads each row as a dict: the registrations' board
        reads the log this way twice for every registration, so the statements are made once here, rows read as
        tuples."""
        # A few sets of topics are asked for again and again (the open days' board's at every registration): each is
        # written into a statement of its own, so that its list is not sent and converted on every read.
        written = tuple(topics) if len(self._notifications_statements) < STATEMENTS else ()
        sent = bool(topics) and not written
        fields = tuple(matching or ())
        wanted = (start is not None, inclusive_of_start, stop is not None, written, sent, fields)
        statement = self._notifications_statements.get(wanted) or self._notifications_statement(*wanted)
        params: list[Any] = [p for p in (start, stop) if p is not None]
        if sent:
            params.append(list(topics))
        for name in fields:
            params += [matching[name], matching[name]] if matching else []
        params.append(limit)

        def select() -> list[Notification]:
            with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
                curs.execute(statement, params, prepare=True)
                return [
                    Notification(id=r[0], originator_id=r[1], originator_version=r[2], topic=r[3], state=bytes(r[4]))
                    for r in curs.fetchall()
                ]

        result: list[Notification] = _bounded(self.datastore, select)
        return result

    def _notifications_statement(
        self, start: bool, inclusive: bool, stop: bool, written: tuple[str, ...], sent: bool, fields: tuple[str, ...]
    ) -> bytes:
        """The statement of a read of the log; the topics `written` into it, or one `sent` with it; a value sent for
        each of the body's `fields` (a body without the field passes: its reader judges it)."""
        conditions = [f"notification_id {'>=' if inclusive else '>'} %s"] if start else []
        conditions += ["notification_id <= %s"] if stop else []
        if written:
            conditions += [f"topic IN ({', '.join(Literal(topic).as_string(None) for topic in written)})"]
        conditions += ["topic = ANY(%s)"] if sent else []
        conditions += [
            f"coalesce(convert_from(state, 'UTF8')::jsonb ->> {Literal(name).as_string(None)}, %s) = %s"
            for name in fields
        ]
        table = SQL("{0}.{1}").format(Identifier(self.datastore.schema), Identifier(self.events_table_name))
        text = f"SELECT notification_id, originator_id, originator_version, topic, state FROM {table.as_string(None)}"
        text += (" WHERE " + " AND ".join(conditions) if conditions else "") + " ORDER BY notification_id LIMIT %s"
        statement = self._notifications_statements[(start, inclusive, stop, written, sent, fields)] = text.encode()
        return statement

    def max_notification_id(self) -> int | None:
        """The log's newest position, tried again at once on a broken connection."""

        def select() -> int | None:
            with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
                row = curs.execute(self._max_notification_id, prepare=True).fetchone()
                return None if row is None else row[0]

        result: int | None = _bounded(self.datastore, select)
        return result


class Factory(pg.PostgresFactory):
    """eventsourcing's PostgreSQL factory with the recorders above and a pool that reconnects promptly."""

    aggregate_recorder_class = AggregateRecorder
    application_recorder_class = ApplicationRecorder

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self.datastore.pool.reconnect_timeout = RECONNECT_SECONDS
        # Before the pool makes its first connection, which it makes on first use.
        assert isinstance(self.datastore.pool.kwargs, dict)
        self.datastore.pool.kwargs["options"] = CHAIN_WRITER_OPTIONS
