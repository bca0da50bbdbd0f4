"""What every read model on a store shares: reading the log after a position, and moving the position.

SQLite through the standard library in a worker thread; PostgreSQL through asyncpg on the server's loop.

A read model is disposable: each remembers a fingerprint of the schema it was made with, and one whose schema
has changed since (a new release) is dropped and made again empty at position 0, to be caught up from the log.
A release that changes only what goes into the rows changes the schema's text too (a comment will do).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar
from uuid import UUID

import anyio.to_thread
import asyncpg

from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.persistence.mapper import decode_event
from application.ports import LoggedEvent

T = TypeVar("T")
R = TypeVar("R")


def logged(position: int, stream_id: Any, version: int, topic: str, state: bytes) -> LoggedEvent:
    """A log row as a domain event with its position."""
    return LoggedEvent(position, decode_event(topic, UUID(str(stream_id)), version, json.loads(state)))


class MemoryReadSide(Generic[R]):
    """A read model kept in memory over the event store's own log: for tests and `memory://`.

    Rows are keyed by their stream id (`row.id`).
    """

    def __init__(self, events: EventsourcingStore) -> None:
        self._events = events
        self._rows: dict[UUID, R] = {}
        self._position = 0

    async def position(self) -> int:
        """The position of the last event applied."""
        return self._position

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        """Log events after a position."""
        return self._events.read_log(position, limit)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, R]:
        """The rows of these streams."""
        return {i: self._rows[i] for i in ids if i in self._rows}

    async def save(self, rows: Sequence[R], expected: int, position: int) -> bool:
        """Keep rows and move the position, unless another runner moved it."""
        if self._position != expected:
            return False
        self._rows.update({getattr(r, "id"): r for r in rows})  # noqa: B009
        self._position = position
        return True

    async def reset(self) -> None:
        """Forget every row."""
        self._rows, self._position = {}, 0

    async def close(self) -> None:
        """Nothing to release."""


def fingerprint(schema: str) -> str:
    """What identifies a read model's schema: a digest of its DDL."""
    return hashlib.sha256(schema.encode()).hexdigest()[:16]


_SQLITE_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS projection_positions (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS projection_schemas (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
"""


class SQLiteReadSide:
    """A read model in the embedded SQLite file, beside the log table `stored_events`.

    `tables` names every table the schema makes: they are emptied by `reset` and dropped when the schema changes.
    """

    def __init__(self, path: str, name: str, schema: str, tables: tuple[str, ...]) -> None:
        self.path = path
        self.name = name
        self.tables = tables
        with self.connect() as conn:
            conn.executescript(_SQLITE_BOOKKEEPING)
            found = conn.execute("SELECT fingerprint FROM projection_schemas WHERE name = ?", (name,)).fetchone()
            if found is not None and found[0] == fingerprint(schema):
                return  # made by this release, with its position
            # Made by an earlier release, or never: made again, in one transaction (executescript's own).
            drops = "".join(f"DROP TABLE IF EXISTS {table};\n" for table in tables)
            conn.executescript(f"BEGIN IMMEDIATE;\n{drops}{schema}\nCOMMIT;")
            conn.execute("INSERT OR REPLACE INTO projection_positions (name, position) VALUES (?, 0)", (name,))
            conn.execute(
                "INSERT OR REPLACE INTO projection_schemas (name, fingerprint) VALUES (?, ?)",
                (name, fingerprint(schema)),
            )

    def connect(self) -> sqlite3.Connection:
        """A connection in autocommit mode; transactions are explicit."""
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run blocking SQLite work in a worker thread."""
        return await anyio.to_thread.run_sync(func, *args)

    async def position(self) -> int:
        """The position of the last event applied."""
        return await self.run(self._position)

    def _position(self) -> int:
        with self.connect() as conn:
            query = "SELECT position FROM projection_positions WHERE name = ?"
            return int(conn.execute(query, (self.name,)).fetchone()[0])

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        """Log events after a position (rowid is the position)."""
        rows = await self.run(self._events_after, position, limit)
        return [logged(*row) for row in rows]

    def _events_after(self, position: int, limit: int) -> list[tuple[Any, ...]]:
        query = (
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "WHERE rowid > ? ORDER BY rowid LIMIT ?"
        )
        with self.connect() as conn:
            try:
                return conn.execute(query, (position, limit)).fetchall()
            except sqlite3.OperationalError as error:
                if "no such table" in str(error):
                    return []
                raise

    def move_position(self, conn: sqlite3.Connection, expected: int, position: int) -> bool:
        """Inside an open transaction: move the position if no other runner did."""
        query = "UPDATE projection_positions SET position = ? WHERE name = ? AND position = ?"
        return bool(conn.execute(query, (position, self.name, expected)).rowcount)

    async def reset(self) -> None:
        """Empty the read model and move its position back to the start, in one transaction."""
        await self.run(self._reset)

    def _reset(self) -> None:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            for table in self.tables:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("UPDATE projection_positions SET position = 0 WHERE name = ?", (self.name,))
            conn.execute("COMMIT")

    async def close(self) -> None:
        """Connections are opened per call; nothing to release."""


_POSTGRES_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS gongkai_projection_positions (name text PRIMARY KEY, position bigint NOT NULL);
CREATE TABLE IF NOT EXISTS gongkai_projection_schemas (name text PRIMARY KEY, fingerprint text NOT NULL);
"""


class PostgresReadSide:
    """A read model in PostgreSQL beside the log table `gongkai_events`, through an asyncpg pool.

    `tables` names every table the schema makes: they are emptied by `reset` and dropped when the schema changes.
    """

    def __init__(self, url: DatabaseURL, name: str, schema: str, tables: tuple[str, ...]) -> None:
        self._dsn = url.dsn()
        self.name = name
        self.tables = tables
        self._schema = schema
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()

    async def pool(self) -> asyncpg.Pool:
        """The pool, made on first use on the running loop; the schema is created under an advisory lock."""
        async with self._lock:
            if self._pool is None:
                # Read models answer short queries: compiling one with JIT would cost more than running it.
                pool = await asyncpg.create_pool(self._dsn, min_size=1, max_size=4, server_settings={"jit": "off"})
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
        return [logged(*row) for row in rows]

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

    async def close(self) -> None:
        """Close the pool (it belongs to the loop it was made on)."""
        if self._pool is not None:
            await self._pool.close()
            self._pool = None


KEY_LENGTH = 200
"""Characters of a long text column that a PostgreSQL index holds, kept in a column of their own (`<column>_key`):
an index entry holds at most 2,704 bytes and the log may hold text of any length (200 characters are 800 bytes at
most, so two keys and a status fit in one entry)."""


def key_column(column: str) -> str:
    """The DDL of a text column's key, its first KEY_LENGTH characters, which PostgreSQL keeps up to date."""
    return f"{column}_key text GENERATED ALWAYS AS (left({column}, {KEY_LENGTH})) STORED"


def keyed(column: str, value: str | None) -> dict[str, str | None]:
    """`where` filters on a text column of PostgreSQL through its key, the value taken as `postgres_text`. A value
    shorter than a key is its own key, and no other value has that key, so the key alone finds it from the index
    (the column itself is not in the index: comparing it would read every row the key finds); a longer value is
    compared whole as well."""
    if value is None:
        return {}
    text = postgres_text(value)
    if len(text) < KEY_LENGTH:
        return {f"{column}_key": text}
    return {f"{column}_key": text[:KEY_LENGTH], column: text}


def postgres_text(value: str) -> str:
    """Text as a PostgreSQL text column can hold it, the same for a row and for a filter: NUL, which it cannot hold
    (the log can: events stored before the door refused it), as `\\0`, and a backslash doubled, so that no two
    values become one. Any other text is unchanged."""
    return value.replace("\\", "\\\\").replace("\x00", "\\0")


def where(numbered: bool, filters: dict[str, Any], params: list[Any] | None = None) -> tuple[str, list[Any]]:
    """`AND`-ed conditions for the filters that are set: `$n` placeholders for asyncpg, `?` for sqlite3.

    A key may carry its operator (`"published_on >="`); a list or tuple value becomes `IN (…)`, and an empty
    one is no filter.
    """
    params = [] if params is None else params
    clauses: list[str] = []

    def bind(value: Any) -> str:
        params.append(value)
        return f"${len(params)}" if numbered else "?"

    for column, value in filters.items():
        if value is None or (isinstance(value, list | tuple) and not value):
            continue
        if " " in column:
            clauses.append(f"{column} {bind(value)}")
        elif isinstance(value, list | tuple):
            clauses.append(f"{column} IN ({', '.join(bind(v) for v in value)})")
        else:
            clauses.append(f"{column} = {bind(value)}")
    return " AND ".join(clauses), params
