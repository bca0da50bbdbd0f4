"""Where the worklist projection lives: beside the log, in SQLite, PostgreSQL (asyncpg) or memory."""

from __future__ import annotations

import json
from collections.abc import Sequence
from uuid import UUID

from adapters.persistence.converter import converter
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.persistence.read_side import PostgresReadSide, SQLiteReadSide, where
from application.ports import LoggedEvent
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import Status

NAME = "worklist"


def _dump(state: DisclosureRequest) -> str:
    return json.dumps(converter.unstructure(state), ensure_ascii=False)


def _load(text: str | bytes) -> DisclosureRequest:
    return converter.structure(json.loads(text), DisclosureRequest)


def _row(s: DisclosureRequest) -> tuple[str, str, str, str, str]:
    return (str(s.id), s.organ, s.department, s.status.value, _dump(s))


def _filters(organ: str | None, department: str | None, statuses: Sequence[Status]) -> dict[str, object]:
    return {"organ": organ, "department": department, "status": [s.value for s in statuses]}


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

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, DisclosureRequest]:
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
"""


class SQLiteWorklistStore(SQLiteReadSide):
    """The worklist in the embedded SQLite file."""

    def __init__(self, path: str) -> None:
        super().__init__(path, NAME, _SQLITE_SCHEMA)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, DisclosureRequest]:
        found = await self.run(self._rows, [str(i) for i in ids])
        return {UUID(i): _load(state) for i, state in found}

    def _rows(self, ids: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        with self.connect() as conn:
            query = f"SELECT request_id, state FROM worklist_requests WHERE request_id IN ({marks})"
            return conn.execute(query, ids).fetchall()

    async def save(self, states: Sequence[DisclosureRequest], expected: int, position: int) -> bool:
        return await self.run(self._save, states, expected, position)

    def _save(self, states: Sequence[DisclosureRequest], expected: int, position: int) -> bool:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if not self.move_position(conn, expected, position):
                conn.execute("ROLLBACK")
                return False
            conn.executemany(
                "INSERT INTO worklist_requests (request_id, organ, department, status, state) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (request_id) DO UPDATE SET organ = excluded.organ, department = excluded.department, "
                "status = excluded.status, state = excluded.state",
                [_row(s) for s in states],
            )
            conn.execute("COMMIT")
            return True

    async def find(
        self, organ: str | None, department: str | None, statuses: Sequence[Status]
    ) -> list[DisclosureRequest]:
        return [_load(state) for (state,) in await self.run(self._find, _filters(organ, department, statuses))]

    def _find(self, filters: dict[str, object]) -> list[tuple[str]]:
        condition, params = where(False, filters)
        with self.connect() as conn:
            query = "SELECT state FROM worklist_requests" + (f" WHERE {condition}" if condition else "")
            return conn.execute(query, params).fetchall()


_POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS gongkai_worklist (
    request_id uuid PRIMARY KEY, organ text NOT NULL, department text NOT NULL,
    status text NOT NULL, state jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS gongkai_worklist_filter ON gongkai_worklist (organ, department, status);
"""


class PostgresWorklistStore(PostgresReadSide):
    """The worklist in PostgreSQL."""

    def __init__(self, url: DatabaseURL) -> None:
        super().__init__(url, NAME, _POSTGRES_SCHEMA)

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, DisclosureRequest]:
        pool = await self.pool()
        found = await pool.fetch(
            "SELECT request_id, state::text FROM gongkai_worklist WHERE request_id = ANY($1)", list(ids)
        )
        return {row[0]: _load(row[1]) for row in found}

    async def save(self, states: Sequence[DisclosureRequest], expected: int, position: int) -> bool:
        pool = await self.pool()
        async with pool.acquire() as conn, conn.transaction():
            if not await self.move_position(conn, expected, position):
                return False
            await conn.executemany(
                "INSERT INTO gongkai_worklist (request_id, organ, department, status, state) "
                "VALUES ($1::uuid, $2, $3, $4, $5::jsonb) ON CONFLICT (request_id) DO UPDATE SET "
                "organ = excluded.organ, department = excluded.department, status = excluded.status, "
                "state = excluded.state",
                [_row(s) for s in states],
            )
            return True

    async def find(
        self, organ: str | None, department: str | None, statuses: Sequence[Status]
    ) -> list[DisclosureRequest]:
        pool = await self.pool()
        condition, params = where(True, _filters(organ, department, statuses))
        query = "SELECT state::text FROM gongkai_worklist" + (f" WHERE {condition}" if condition else "")
        return [_load(row[0]) for row in await pool.fetch(query, *params)]


def worklist_store(
    url: DatabaseURL, events: EventsourcingStore
) -> MemoryWorklistStore | SQLiteWorklistStore | PostgresWorklistStore:
    """The worklist store that sits beside the event store."""
    if url.kind == "sqlite":
        return SQLiteWorklistStore(url.path)
    if url.kind == "postgresql":
        return PostgresWorklistStore(url)
    return MemoryWorklistStore(events)
