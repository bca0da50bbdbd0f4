"""Read models in PostgreSQL beside the log table `gongkai_events`, through asyncpg on the server's event loop.

Several processes and hosts may serve one database: one at a time advances each read model (a session-level
advisory lock, released when its connection ends), woken by the NOTIFY each write sends; every process answers from
the rows, and every save checks the position it moves from.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import date
from typing import Any, Generic, TypeVar
from uuid import UUID

import asyncpg

from adapters.persistence.database import DatabaseURL
from adapters.persistence.log_notices import written_types
from adapters.persistence.sealing import PLAIN, Codec
from adapters.read_models.common import (
    LOG_TABLE_POSTGRES,
    NO_DUE,
    WorklistTable,
    fingerprint,
    key_column,
    keyed,
    lock_key,
    postgres_text,
    row_filters,
    where,
)
from application.ports import LoggedEvent
from application.worklists import Cursor, Row, RowFilter

S = TypeVar("S")

_POSTGRES_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS gongkai_projection_positions (name text PRIMARY KEY, position bigint NOT NULL);
CREATE TABLE IF NOT EXISTS gongkai_projection_schemas (name text PRIMARY KEY, fingerprint text NOT NULL);
"""


async def _no_reset(_: asyncpg.Connection) -> None:
    """Nothing to reset on a read model's connection going back to its pool."""


class Writes:
    """One listener's wake-up by the log's writes: set by a write of one of the types it follows (of any, while it
    has not said which), or by a write whose notice does not say what it logged."""

    def __init__(self) -> None:
        self.heard = asyncio.Event()
        self.types: frozenset[str] | None = None
        """The type names it follows (None: all)."""

    def add(self, payload: str) -> None:
        """A write's notice (see log_notices)."""
        written = written_types(payload)
        if written is None or self.types is None or not written.isdisjoint(self.types):
            self.heard.set()


class Leadership:
    """What a serving application's read models share: one connection that holds the advisory locks of those it
    advances and listens for the NOTIFY each write to the log sends, and one pool for their queries (a pool each
    would hold connections for every read model, most of them idle, and the server's `max_connections` is shared by
    every process). When the connection breaks, its locks are gone with it, and each read model leads again only once
    it wins its lock again. Both close when the last read model gives them up."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        """One statement at a time on the connection."""
        self._held: set[int] = set()
        self._listeners: set[Writes] = set()
        self._pool: asyncpg.Pool | None = None
        self._pool_users: set[object] = set()
        self._pooling = asyncio.Lock()

    async def pool(self, user: object, size: int) -> asyncpg.Pool:
        """The read models' pool (of `size` connections at most), made on first use on the running loop."""
        async with self._pooling:
            if self._pool is None:
                # Read models answer short queries: compiling one with JIT would cost more than running it.
                # No reset when a connection goes back to the pool (a query each time, 0.6 ms): read models leave no
                # session state behind, and their transactions end with their blocks.
                self._pool = await asyncpg.create_pool(
                    self._dsn, min_size=1, max_size=size, server_settings={"jit": "off"}, reset=_no_reset
                )
            self._pool_users.add(user)
            return self._pool

    async def release_pool(self, user: object) -> None:
        """A read model is done with the pool: it closes when the last one is (on the loop that made it)."""
        async with self._pooling:
            self._pool_users.discard(user)
            if not self._pool_users and self._pool is not None:
                pool, self._pool = self._pool, None
                await pool.close()

    async def lead(self, key: int) -> bool:
        """Whether this application holds the advisory lock `key`, trying to take it if not."""
        async with self._lock:
            if self._conn is not None and self._conn.is_closed():
                self._conn = None
                self._held.clear()
            if self._conn is None:
                conn = await asyncpg.connect(self._dsn, server_settings={"jit": "off"})
                await conn.add_listener(LOG_TABLE_POSTGRES, self._notified)
                self._conn = conn
            if key not in self._held and await self._conn.fetchval("SELECT pg_try_advisory_lock($1)", key):
                self._held.add(key)
            return key in self._held

    def listen(self) -> Writes:
        """What the log notifies of its writes from now on (made on the running loop)."""
        listener = Writes()
        self._listeners.add(listener)
        return listener

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        for listener in self._listeners:
            listener.add(payload)

    async def give_up(self, key: int, listener: Writes | None) -> None:
        """Release the lock `key` and stop listening; the connection closes with the last read model's."""
        async with self._lock:
            if listener is not None:
                self._listeners.discard(listener)
            if key in self._held and self._conn is not None and not self._conn.is_closed():
                with contextlib.suppress(Exception):
                    await self._conn.execute("SELECT pg_advisory_unlock($1)", key)
            self._held.discard(key)
            if not self._held and not self._listeners and self._conn is not None:
                with contextlib.suppress(Exception):
                    await self._conn.close(timeout=2)
                self._conn = None


class PostgresReadSide:
    """A read model in PostgreSQL beside the log table `gongkai_events`, through an asyncpg pool.

    `tables` names every table the schema makes: they are emptied by `reset` and dropped when the schema changes.
    `leadership` is the application's connection for advisory locks and notifications, shared by its read models.
    `codec` is the event store's, which opens the personal data sealed in the log and in rows.
    """

    notified = True
    """Each write to the log sends a NOTIFY that wakes the runners."""

    def __init__(
        self,
        url: DatabaseURL,
        name: str,
        schema: str,
        tables: tuple[str, ...],
        leadership: Leadership | None = None,
        codec: Codec = PLAIN,
    ) -> None:
        self._dsn = url.dsn()
        self.codec = codec
        self.name = name
        self.tables = tables
        self._schema = schema
        self._connections = url.read_connections
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()
        self._leadership = leadership or Leadership(self._dsn)
        self._logged: Writes | None = None
        """The log's notifications (listened to from when this read model first asks to lead, on its loop)."""

    async def pool(self) -> asyncpg.Pool:
        """The application's read pool (its leadership's), the schema created under an advisory lock on first use."""
        async with self._lock:
            if self._pool is None:
                pool = await self._leadership.pool(self, self._connections)
                async with pool.acquire() as conn:
                    await conn.execute("SELECT pg_advisory_lock(728341)")
                    try:
                        await self._make_schema(conn)
                    finally:
                        await conn.execute("SELECT pg_advisory_unlock(728341)")
                self._pool = pool
            return self._pool

    async def _make_schema(self, conn: asyncpg.Connection) -> None:
        await conn.execute(_POSTGRES_BOOKKEEPING)
        wanted = fingerprint(self._schema)
        found = await conn.fetchval("SELECT fingerprint FROM gongkai_projection_schemas WHERE name = $1", self.name)
        if found == wanted:
            return  # made by this release; its DDL is not run again, as an ALTER TABLE would lock tables in use
        # Made by an earlier release, or never: made again.
        async with conn.transaction():
            await conn.execute(f"DROP TABLE IF EXISTS {', '.join(self.tables)}; {self._schema}")
            await conn.execute(
                "INSERT INTO gongkai_projection_positions (name, position) VALUES ($1, 0) "
                "ON CONFLICT (name) DO UPDATE SET position = 0",
                self.name,
            )
            await conn.execute(
                "INSERT INTO gongkai_projection_schemas (name, fingerprint) VALUES ($1, $2) "
                "ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint",
                self.name,
                wanted,
            )

    async def position(self) -> int:
        """The position of the last event applied."""
        pool = await self.pool()
        return int(await pool.fetchval("SELECT position FROM gongkai_projection_positions WHERE name = $1", self.name))

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        """Log events after a position (notification_id is the position)."""
        pool = await self.pool()
        rows = await pool.fetch(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM gongkai_events "
            "WHERE notification_id > $1 ORDER BY notification_id LIMIT $2",
            position,
            limit,
        )
        return self.codec.logged(rows)

    async def events_of(self, position: int, limit: int, types: frozenset[str]) -> tuple[list[LoggedEvent], int]:
        """The events of these types among the log's next `limit` rows, and the last row's position: the others'
        bodies are neither sent nor decoded."""
        pool = await self.pool()
        rows = await pool.fetch(
            "SELECT notification_id, originator_id, originator_version, topic, "
            "CASE WHEN topic = ANY($3::text[]) THEN state END FROM gongkai_events "
            "WHERE notification_id > $1 ORDER BY notification_id LIMIT $2",
            position,
            limit,
            list(types),
        )
        if not rows:
            return [], position
        return self.codec.logged([row for row in rows if row[4] is not None]), int(rows[-1][0])

    async def move_position(self, conn: asyncpg.Connection, expected: int, position: int) -> bool:
        """Inside an open transaction: move the position if no other runner did."""
        moved = await conn.execute(
            "UPDATE gongkai_projection_positions SET position = $1 WHERE name = $2 AND position = $3",
            position,
            self.name,
            expected,
        )
        return bool(moved == "UPDATE 1")

    async def reset(self) -> None:
        """Empty the read model and move its position back to the start, in one transaction."""
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(f"TRUNCATE {', '.join(self.tables)}")
            await conn.execute("UPDATE gongkai_projection_positions SET position = 0 WHERE name = $1", self.name)

    async def head(self) -> int:
        """The newest position of the log (0 when it is empty): the top of its primary key's index."""
        pool = await self.pool()
        return int(await pool.fetchval(f"SELECT coalesce(max(notification_id), 0) FROM {LOG_TABLE_POSTGRES}") or 0)

    async def lead(self) -> bool:
        """Whether this process advances the read model: the one whose leadership connection holds its advisory lock."""
        await self.pool()  # the schema first
        if self._logged is None:
            self._logged = self._leadership.listen()
        return await self._leadership.lead(lock_key(self.name))

    async def wait_for_events(self, seconds: float, types: frozenset[str] | None = None) -> None:
        """Return when the log notifies a write of one of these types (of any, if None), or after `seconds` at most."""
        logged = self._logged
        if logged is None:  # not listening yet
            await asyncio.sleep(seconds)
            return
        logged.types = types
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(logged.heard.wait(), timeout=seconds)
        logged.heard.clear()

    async def close(self) -> None:
        """Give up leading and the pool (connections belong to the loop they were made on: the last read model to give
        them up closes them)."""
        await self._leadership.give_up(lock_key(self.name), self._logged)
        self._logged = None
        if self._pool is not None:
            self._pool = None
            await self._leadership.release_pool(self)


class PostgresWorklistRows(PostgresReadSide, Generic[S]):
    """A worklist's rows, filtered, sorted and paged by PostgreSQL with indexes that serve each filter of the API.

    The organ and the department are filtered on through their keys (`keyed`): an index entry holds at most 2,704
    bytes, and the log may hold an organ of any length. Text goes in as `postgres_text`, and the state as JSON text
    rather than jsonb, which cannot hold the NUL character the log can.
    """

    def __init__(
        self, table: WorklistTable[S], url: DatabaseURL, leadership: Leadership | None = None, codec: Codec = PLAIN
    ) -> None:
        self._table = table
        t = self._name = table.postgres_table
        schema = f"""
        {table.made_of}
        CREATE TABLE IF NOT EXISTS {t} (
            stream_id uuid PRIMARY KEY, organ text NOT NULL, department text NOT NULL, status text NOT NULL,
            owner text NOT NULL, due date NOT NULL, live_due date, since date NOT NULL,
            calendar_version integer NOT NULL, state text NOT NULL,
            {key_column("organ")}, {key_column("department")}
        );
        CREATE INDEX IF NOT EXISTS {t}_by_due ON {t} (due, since, stream_id);
        CREATE INDEX IF NOT EXISTS {t}_by_organ ON {t} (organ_key, department_key, due, since, stream_id);
        CREATE INDEX IF NOT EXISTS {t}_by_status ON {t} (status, due, since, stream_id);
        CREATE INDEX IF NOT EXISTS {t}_live ON {t} (due, since, stream_id) WHERE live_due IS NOT NULL;
        CREATE INDEX IF NOT EXISTS {t}_live_by_organ ON {t} (organ_key, due, since, stream_id)
            WHERE live_due IS NOT NULL;
        """
        super().__init__(url, table.name, schema, (t,), leadership, codec)

    async def states(self, ids: Sequence[UUID]) -> dict[UUID, S]:
        """The folded states of these streams."""
        pool = await self.pool()
        query = f"SELECT stream_id, state FROM {self._name} WHERE stream_id = ANY($1)"
        found = await pool.fetch(query, list(ids))
        states = self._table.load([row[1] for row in found], self.codec)
        return dict(zip((row[0] for row in found), states, strict=True))

    async def save(self, rows: Sequence[Row[S]], expected: int, position: int) -> bool:
        """Upsert rows and move the position from `expected`, in one transaction."""
        pool = await self.pool()
        columns = list(zip(*(self._columns(row) for row in rows), strict=True))
        async with pool.acquire() as conn, conn.transaction():
            if not await self.move_position(conn, expected, position):
                return False
            if columns:
                # One statement over arrays, not one per row (executemany): a rebuild of 1,000,000 events took 13%
                # less time (bench.log_at_scale).
                await conn.execute(
                    f"INSERT INTO {self._name} (stream_id, organ, department, status, owner, due, live_due, since, "
                    "calendar_version, state) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], "
                    "$5::text[], $6::date[], $7::date[], $8::date[], $9::integer[], $10::text[]) "
                    "ON CONFLICT (stream_id) DO UPDATE SET organ = excluded.organ, department = excluded.department, "
                    "status = excluded.status, owner = excluded.owner, due = excluded.due, "
                    "live_due = excluded.live_due, since = excluded.since, "
                    "calendar_version = excluded.calendar_version, state = excluded.state",
                    *columns,
                )
            return True

    def _columns(self, row: Row[S]) -> tuple[Any, ...]:
        k, d = row.keys, row.derived
        return (
            str(row.id),
            postgres_text(k.organ),
            postgres_text(k.department),
            k.status,
            postgres_text(k.owner),
            d.due or NO_DUE,
            d.live_due,
            d.since,
            row.calendar_version,
            self._table.dump(row.state, self.codec),
        )

    async def due_from(self, day: date, after: Cursor | None, limit: int) -> tuple[list[S], Cursor | None]:
        """Rows due on or after `day`, in the list's order from `after`."""
        pool = await self.pool()
        # A row without a due date has none under any calendar: it is left alone.
        query = f"SELECT due, since, stream_id, state FROM {self._name} WHERE due >= $1 AND due < '{NO_DUE}'"
        params: list[Any] = [day]
        if after is not None:
            query += " AND (due, since, stream_id) > ($2, $3, $4)"
            params += list(after)
        found = await pool.fetch(query + f" ORDER BY due, since, stream_id LIMIT {limit + 1}", *params)
        batch = found[:limit]
        states = self._table.load([row[3] for row in batch], self.codec)
        if len(found) <= limit:
            return states, None
        last = batch[-1]
        return states, (last[0], last[1], last[2])

    async def page(self, where_: RowFilter, offset: int, limit: int) -> tuple[list[S], int]:
        """One page of matching rows, soonest due first, and how many match (from one snapshot)."""
        filters = {
            **keyed("organ", where_.organ),
            **keyed("department", where_.department),
            **row_filters(where_, postgres_text, lambda day: day),
        }
        condition, params = where(True, filters)
        matching = f"FROM {self._name}" + (f" WHERE {condition}" if condition else "")
        n = len(params)
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            # The page's ids from an index first (an index-only scan), then only their rows: a page deep in the
            # list skips index entries, not whole rows.
            ids = f"SELECT stream_id {matching} ORDER BY due, since, stream_id LIMIT ${n + 1} OFFSET ${n + 2}"
            rows = await conn.fetch(
                f"SELECT t.state FROM ({ids}) AS page JOIN {self._name} AS t USING (stream_id) "
                "ORDER BY t.due, t.since, t.stream_id",
                *params,
                limit,
                offset,
            )
            total = await conn.fetchval(f"SELECT count(*) {matching}", *params)
        return self._table.load([row[0] for row in rows], self.codec), int(total)
