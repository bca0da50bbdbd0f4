"""Where the worklist projection lives: beside the log, in SQLite, PostgreSQL (asyncpg) or memory."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import anyio.to_thread
import asyncpg

from adapters.persistence.converter import converter
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.persistence.mapper import decode_event
from application.ports import LoggedEvent
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import Status

NAME = "worklist"


def _dump(state: DisclosureRequest) -> str:
    return json.dumps(converter.unstructure(state), ensure_ascii=False)


def _load(text: str | bytes) -> DisclosureRequest:
    return converter.structure(json.loads(text), DisclosureRequest)


def _logged(position: int, stream_id: Any, version: int, topic: str, state: bytes) -> LoggedEvent:
    return LoggedEvent(position, decode_event(topic, UUID(str(stream_id)), version, json.loads(state)))


class MemoryWorklistStore:
    """The worklist kept in memory over the store's own log: for tests and `memory://`."""

    def __init__(self, events: EventsourcingStore) -> None:
        self._events = events
        self._rows: dict[UUID, DisclosureRequest] = {}
        self._position = 0

    async def position(self) -> int:
        return self._position

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        return self._events.read_log(position, limit)

    async def states(self, ids: Sequence[UUID]) -> dict[UUID, DisclosureRequest]:
        return {i: self._rows[i] for i in ids if i in self._rows}

    async def save(self, states: Sequence[DisclosureRequest], expected: int, position: int) -> bool:
        if self._position != expected:
            return False
        self._rows.update({s.id: s for s in states})
        self._position = position
        return True

    async def find(
        self, organ: str | None, department: str | None, statuses: Sequence[Status]
    ) -> list[DisclosureRequest]:
        return [
            s
            for s in self._rows.values()
            if (organ is None or s.organ == organ)
            and (department is None or s.department == department)
            and (not statuses or s.status in statuses)
        ]

    async def close(self) -> None:
        """Nothing to release."""


_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS worklist_requests (
    request_id TEXT PRIMARY KEY, organ TEXT NOT NULL, department TEXT NOT NULL,
    status TEXT NOT NULL, state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS worklist_requests_filter ON worklist_requests (organ, department, status);
CREATE TABLE IF NOT EXISTS projection_positions (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
INSERT OR IGNORE INTO projection_positions (name, position) VALUES ('worklist', 0);
"""


class SQLiteWorklistStore:
    """The worklist in the embedded SQLite file, through the standard library in a worker thread."""

    def __init__(self, path: str) -> None:
        self._path = path
        with self._connect() as conn:
            conn.executescript(_SQLITE_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, timeout=30, isolation_level=None)

    async def _run(self, func: Any, *args: Any) -> Any:
        return await anyio.to_thread.run_sync(func, *args)

    async def position(self) -> int:
        return int(await self._run(self._select_position))

    def _select_position(self) -> int:
        with self._connect() as conn:
            return int(conn.execute("SELECT position FROM projection_positions WHERE name = ?", (NAME,)).fetchone()[0])

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        rows = await self._run(self._select_events, position, limit)
        return [_logged(*row) for row in rows]

    def _select_events(self, position: int, limit: int) -> list[tuple[Any, ...]]:
        query = (
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "WHERE rowid > ? ORDER BY rowid LIMIT ?"
        )
        with self._connect() as conn:
            try:
                return conn.execute(query, (position, limit)).fetchall()
            except sqlite3.OperationalError as error:
                if "no such table" in str(error):
                    return []
                raise

    async def states(self, ids: Sequence[UUID]) -> dict[UUID, DisclosureRequest]:
        rows = await self._run(self._select_states, [str(i) for i in ids])
        return {UUID(i): _load(state) for i, state in rows}

    def _select_states(self, ids: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        with self._connect() as conn:
            query = f"SELECT request_id, state FROM worklist_requests WHERE request_id IN ({marks})"
            return conn.execute(query, ids).fetchall()

    async def save(self, states: Sequence[DisclosureRequest], expected: int, position: int) -> bool:
        return bool(await self._run(self._write, states, expected, position))

    def _write(self, states: Sequence[DisclosureRequest], expected: int, position: int) -> bool:
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            moved = conn.execute(
                "UPDATE projection_positions SET position = ? WHERE name = ? AND position = ?",
                (position, NAME, expected),
            ).rowcount
            if not moved:
                conn.execute("ROLLBACK")
                return False
            conn.executemany(
                "INSERT INTO worklist_requests (request_id, organ, department, status, state) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (request_id) DO UPDATE SET organ = excluded.organ, department = excluded.department, "
                "status = excluded.status, state = excluded.state",
                [(str(s.id), s.organ, s.department, s.status.value, _dump(s)) for s in states],
            )
            conn.execute("COMMIT")
            return True

    async def find(
        self, organ: str | None, department: str | None, statuses: Sequence[Status]
    ) -> list[DisclosureRequest]:
        rows = await self._run(self._select_matching, organ, department, [s.value for s in statuses])
        return [_load(state) for (state,) in rows]

    def _select_matching(self, organ: str | None, department: str | None, statuses: list[str]) -> list[tuple[str]]:
        query, params = _matching_sql(False, organ, department, statuses)
        with self._connect() as conn:
            return conn.execute("SELECT state FROM worklist_requests" + query, params).fetchall()

    async def close(self) -> None:
        """Connections are opened per call; nothing to release."""


def _matching_sql(
    numbered: bool, organ: str | None, department: str | None, statuses: list[str]
) -> tuple[str, list[Any]]:
    """A WHERE clause for the filters: `$n` placeholders for asyncpg, `?` for sqlite3."""
    clauses: list[str] = []
    params: list[Any] = []

    def bind(value: Any) -> str:
        params.append(value)
        return f"${len(params)}" if numbered else "?"

    if organ is not None:
        clauses.append(f"organ = {bind(organ)}")
    if department is not None:
        clauses.append(f"department = {bind(department)}")
    if statuses:
        clauses.append(f"status IN ({', '.join(bind(s) for s in statuses)})")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


_POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS gongkai_worklist (
    request_id uuid PRIMARY KEY, organ text NOT NULL, department text NOT NULL,
    status text NOT NULL, state jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS gongkai_worklist_filter ON gongkai_worklist (organ, department, status);
CREATE TABLE IF NOT EXISTS gongkai_projection_positions (name text PRIMARY KEY, position bigint NOT NULL);
INSERT INTO gongkai_projection_positions (name, position) VALUES ('worklist', 0) ON CONFLICT DO NOTHING;
"""


class PostgresWorklistStore:
    """The worklist in PostgreSQL, through asyncpg on the web server's event loop."""

    def __init__(self, url: DatabaseURL) -> None:
        self._dsn = url.dsn()
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()

    async def _acquire_pool(self) -> asyncpg.Pool:
        async with self._lock:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(self._dsn, min_size=1, max_size=4)
                async with self._pool.acquire() as conn:
                    await conn.execute("SELECT pg_advisory_lock(728341)")
                    try:
                        await conn.execute(_POSTGRES_SCHEMA)
                    finally:
                        await conn.execute("SELECT pg_advisory_unlock(728341)")
            return self._pool

    async def position(self) -> int:
        pool = await self._acquire_pool()
        return int(await pool.fetchval("SELECT position FROM gongkai_projection_positions WHERE name = $1", NAME))

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        pool = await self._acquire_pool()
        rows = await pool.fetch(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM gongkai_events "
            "WHERE notification_id > $1 ORDER BY notification_id LIMIT $2",
            position,
            limit,
        )
        return [_logged(*row) for row in rows]

    async def states(self, ids: Sequence[UUID]) -> dict[UUID, DisclosureRequest]:
        pool = await self._acquire_pool()
        rows = await pool.fetch(
            "SELECT request_id, state::text FROM gongkai_worklist WHERE request_id = ANY($1)", list(ids)
        )
        return {row[0]: _load(row[1]) for row in rows}

    async def save(self, states: Sequence[DisclosureRequest], expected: int, position: int) -> bool:
        pool = await self._acquire_pool()
        async with pool.acquire() as conn, conn.transaction():
            moved = await conn.execute(
                "UPDATE gongkai_projection_positions SET position = $1 WHERE name = $2 AND position = $3",
                position,
                NAME,
                expected,
            )
            if moved != "UPDATE 1":
                return False
            await conn.executemany(
                "INSERT INTO gongkai_worklist (request_id, organ, department, status, state) "
                "VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (request_id) DO UPDATE SET organ = excluded.organ, "
                "department = excluded.department, status = excluded.status, state = excluded.state",
                [(s.id, s.organ, s.department, s.status.value, _dump(s)) for s in states],
            )
            return True

    async def find(
        self, organ: str | None, department: str | None, statuses: Sequence[Status]
    ) -> list[DisclosureRequest]:
        pool = await self._acquire_pool()
        query, params = _matching_sql(True, organ, department, [s.value for s in statuses])
        rows = await pool.fetch("SELECT state::text FROM gongkai_worklist" + query, *params)
        return [_load(row[0]) for row in rows]

    async def close(self) -> None:
        """Close the pool."""
        if self._pool is not None:
            await self._pool.close()
            self._pool = None


def worklist_store(
    url: DatabaseURL, events: EventsourcingStore
) -> MemoryWorklistStore | SQLiteWorklistStore | PostgresWorklistStore:
    """The worklist store that sits beside the event store."""
    if url.kind == "sqlite":
        return SQLiteWorklistStore(url.path)
    if url.kind == "postgresql":
        return PostgresWorklistStore(url)
    return MemoryWorklistStore(events)
