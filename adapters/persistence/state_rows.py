"""Read models whose rows are each stream's folded state, filterable by organ, department and status.

The disclosure-request worklist and the document worklist are both of this shape; each lives beside
the log, in SQLite, PostgreSQL (asyncpg) or memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar
from uuid import UUID

import attrs

from adapters.persistence.converter import converter
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.persistence.read_side import (
    MemoryReadSide,
    PostgresReadSide,
    SQLiteReadSide,
    key_column,
    keyed,
    postgres_text,
    where,
)

S = TypeVar("S")


@attrs.frozen
class StateRowsSpec(Generic[S]):
    """One read model of folded states: its name, tables, state type and the columns it filters on."""

    name: str
    sqlite_table: str
    postgres_table: str
    state_type: type[S]
    keys: Callable[[S], tuple[str, str, str]]
    """A state's (organ, department, status)."""
    fold_version: int = 1
    """The version of the fold whose states the rows hold: part of the schema's fingerprint, so that rows of another
    version are dropped and folded again from the log, never read as this one's."""

    def dump(self, state: S) -> str:
        """A state as JSON text."""
        return json.dumps(converter.unstructure(state), ensure_ascii=False)

    def load(self, text: str | bytes) -> S:
        """A state from JSON text."""
        return converter.structure(json.loads(text), self.state_type)

    def row(self, state: S) -> tuple[str, str, str, str, str]:
        """The columns of a state's row."""
        return (str(getattr(state, "id")), *self.keys(state), self.dump(state))  # noqa: B009


def _filters(organ: str | None, department: str | None, statuses: Sequence[str]) -> dict[str, Any]:
    return {"organ": organ, "department": department, "status": list(statuses)}


class MemoryStateRows(MemoryReadSide[S]):
    """Rows kept in memory over the store's own log: for tests and `memory://`."""

    def __init__(self, spec: StateRowsSpec[S], events: EventsourcingStore) -> None:
        super().__init__(events)
        self._spec = spec

    async def find(self, organ: str | None, department: str | None, statuses: Sequence[str]) -> list[S]:
        found = []
        for state in self._rows.values():
            s_organ, s_department, s_status = self._spec.keys(state)
            if (
                (organ is None or s_organ == organ)
                and (department is None or s_department == department)
                and (not statuses or s_status in statuses)
            ):
                found.append(state)
        return found


class SQLiteStateRows(SQLiteReadSide, Generic[S]):
    """Rows in the embedded SQLite file."""

    def __init__(self, spec: StateRowsSpec[S], path: str) -> None:
        self._spec = spec
        self._table = spec.sqlite_table
        schema = f"""
        -- states of fold version {spec.fold_version}
        CREATE TABLE IF NOT EXISTS {self._table} (
            stream_id TEXT PRIMARY KEY, organ TEXT NOT NULL, department TEXT NOT NULL,
            status TEXT NOT NULL, state TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS {self._table}_filter ON {self._table} (organ, department, status);
        """
        super().__init__(path, spec.name, schema, (self._table,))

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, S]:
        found = await self.run(self._rows, [str(i) for i in ids])
        return {UUID(i): self._spec.load(state) for i, state in found}

    def _rows(self, ids: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        with self.connect() as conn:
            return conn.execute(
                f"SELECT stream_id, state FROM {self._table} WHERE stream_id IN ({marks})", ids
            ).fetchall()

    async def save(self, states: Sequence[S], expected: int, position: int) -> bool:
        return await self.run(self._save, [self._spec.row(s) for s in states], expected, position)

    def _save(self, rows: list[tuple[str, ...]], expected: int, position: int) -> bool:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if not self.move_position(conn, expected, position):
                conn.execute("ROLLBACK")
                return False
            conn.executemany(
                f"INSERT INTO {self._table} (stream_id, organ, department, status, state) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (stream_id) DO UPDATE SET organ = excluded.organ, department = excluded.department, "
                "status = excluded.status, state = excluded.state",
                rows,
            )
            conn.execute("COMMIT")
            return True

    async def find(self, organ: str | None, department: str | None, statuses: Sequence[str]) -> list[S]:
        found = await self.run(self._find, _filters(organ, department, statuses))
        return [self._spec.load(state) for (state,) in found]

    def _find(self, filters: dict[str, Any]) -> list[tuple[str]]:
        condition, params = where(False, filters)
        with self.connect() as conn:
            query = f"SELECT state FROM {self._table}" + (f" WHERE {condition}" if condition else "")
            return conn.execute(query, params).fetchall()


class PostgresStateRows(PostgresReadSide, Generic[S]):
    """Rows in PostgreSQL.

    The organ and the department are filtered on through their keys (`keyed`): an index entry holds at most 2,704
    bytes, and the log may hold an organ of any length. Text goes in as `postgres_text`, and the state as JSON text
    rather than jsonb, which cannot hold the NUL character the log can.
    """

    def __init__(self, spec: StateRowsSpec[S], url: DatabaseURL) -> None:
        self._spec = spec
        self._table = spec.postgres_table
        schema = f"""
        -- states of fold version {spec.fold_version}
        CREATE TABLE IF NOT EXISTS {self._table} (
            stream_id uuid PRIMARY KEY, organ text NOT NULL, department text NOT NULL,
            status text NOT NULL, state text NOT NULL,
            {key_column("organ")}, {key_column("department")}
        );
        CREATE INDEX IF NOT EXISTS {self._table}_filter ON {self._table} (organ_key, department_key, status);
        """
        super().__init__(url, spec.name, schema, (self._table,))

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, S]:
        pool = await self.pool()
        query = f"SELECT stream_id, state FROM {self._table} WHERE stream_id = ANY($1)"
        return {row[0]: self._spec.load(row[1]) for row in await pool.fetch(query, list(ids))}

    async def save(self, states: Sequence[S], expected: int, position: int) -> bool:
        pool = await self.pool()
        rows = []
        for state in states:
            stream_id, organ, department, status, dumped = self._spec.row(state)
            rows.append((stream_id, postgres_text(organ), postgres_text(department), status, dumped))
        async with pool.acquire() as conn, conn.transaction():
            if not await self.move_position(conn, expected, position):
                return False
            await conn.executemany(
                f"INSERT INTO {self._table} (stream_id, organ, department, status, state) "
                "VALUES ($1::uuid, $2, $3, $4, $5) ON CONFLICT (stream_id) DO UPDATE SET "
                "organ = excluded.organ, department = excluded.department, status = excluded.status, "
                "state = excluded.state",
                rows,
            )
            return True

    async def find(self, organ: str | None, department: str | None, statuses: Sequence[str]) -> list[S]:
        pool = await self.pool()
        filters = {
            **keyed("organ", organ),
            **keyed("department", department),
            "status": list(statuses),
        }
        condition, params = where(True, filters)
        query = f"SELECT state FROM {self._table}" + (f" WHERE {condition}" if condition else "")
        return [self._spec.load(row[0]) for row in await pool.fetch(query, *params)]


def state_rows(
    spec: StateRowsSpec[S], url: DatabaseURL, events: EventsourcingStore
) -> MemoryStateRows[S] | SQLiteStateRows[S] | PostgresStateRows[S]:
    """The store of one read model of folded states, beside the event store."""
    if url.kind == "sqlite":
        return SQLiteStateRows(spec, url.path)
    if url.kind == "postgresql":
        return PostgresStateRows(spec, url)
    return MemoryStateRows(spec, events)
