"""Read models in the embedded SQLite file, beside the log table `stored_events`, through the standard library in
worker threads. Several processes may serve one file: one at a time advances each read model (a file lock beside
the database), and every save checks the position it moves from."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from typing import IO, Any, Generic, TypeVar
from uuid import UUID

import anyio.to_thread

from adapters.persistence.sealing import PLAIN, Codec
from adapters.read_models.common import NO_DUE, WorklistTable, fingerprint, row_filters, where
from application.ports import LoggedEvent
from application.worklists import Cursor, Row, RowFilter

T = TypeVar("T")
S = TypeVar("S")

_SQLITE_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS projection_positions (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS projection_schemas (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
"""


class SQLiteReadSide:
    """A read model in the embedded SQLite file, beside the log table `stored_events`.

    `tables` names every table the schema makes: they are emptied by `reset` and dropped when the schema changes.
    `codec` is the event store's, which opens the personal data sealed in the log and in rows.
    """

    notified = False
    """SQLite cannot tell of new events: runners poll."""

    def __init__(self, path: str, name: str, schema: str, tables: tuple[str, ...], codec: Codec = PLAIN) -> None:
        self.path = path
        self.codec = codec
        self.name = name
        self.tables = tables
        self._lock_file: IO[str] | None = None
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
        return self.codec.logged(rows)

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

    async def events_of(self, position: int, limit: int, types: frozenset[str]) -> tuple[list[LoggedEvent], int]:
        """The events of these types among the log's next `limit` rows, and the last row's position: the others are
        not decoded."""
        rows = await self.run(self._events_after, position, limit)
        if not rows:
            return [], position
        return self.codec.logged([row for row in rows if row[3] in types]), int(rows[-1][0])

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

    async def head(self) -> int:
        """The newest position of the log (0 when it is empty)."""
        return await self.run(self._head)

    def _head(self) -> int:
        with self.connect() as conn:
            try:
                return int(conn.execute("SELECT max(rowid) FROM stored_events").fetchone()[0] or 0)
            except sqlite3.OperationalError as error:
                if "no such table" in str(error):
                    return 0
                raise

    async def lead(self) -> bool:
        """Whether this process advances the read model: the one holding its lock file (`<database>.<name>.lock`),
        which the system releases when the process ends."""
        if self._lock_file is None:
            lock_file = open(f"{self.path}.{self.name}.lock", "a+")  # noqa: SIM115 (held while this process leads)
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock_file.close()
                return False
            self._lock_file = lock_file
        return True

    async def wait_for_events(self, seconds: float, types: frozenset[str] | None = None) -> None:
        """SQLite cannot tell of new events: wait, to be polled."""
        await asyncio.sleep(seconds)

    async def close(self) -> None:
        """Give up leading; connections are opened per call."""
        if self._lock_file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None


class SQLiteWorklistRows(SQLiteReadSide, Generic[S]):
    """A worklist's rows: filtered, sorted and paged by SQLite with indexes that serve each filter of the API. Dates
    are ISO text, which sorts as the dates do."""

    def __init__(self, table: WorklistTable[S], path: str, codec: Codec = PLAIN) -> None:
        self._table = table
        t = self._name = table.sqlite_table
        schema = f"""
        {table.made_of}
        CREATE TABLE IF NOT EXISTS {t} (
            stream_id TEXT PRIMARY KEY, organ TEXT NOT NULL, department TEXT NOT NULL, status TEXT NOT NULL,
            owner TEXT NOT NULL, due TEXT NOT NULL, live_due TEXT, since TEXT NOT NULL,
            calendar_version INTEGER NOT NULL, state TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS {t}_by_due ON {t} (due, since, stream_id);
        CREATE INDEX IF NOT EXISTS {t}_by_organ ON {t} (organ, department, due, since, stream_id);
        CREATE INDEX IF NOT EXISTS {t}_by_status ON {t} (status, due, since, stream_id);
        CREATE INDEX IF NOT EXISTS {t}_live ON {t} (due, since, stream_id) WHERE live_due IS NOT NULL;
        CREATE INDEX IF NOT EXISTS {t}_live_by_organ ON {t} (organ, due, since, stream_id) WHERE live_due IS NOT NULL;
        """
        super().__init__(path, table.name, schema, (t,), codec)

    async def states(self, ids: Sequence[UUID]) -> dict[UUID, S]:
        """The folded states of these streams."""
        found = await self.run(self._states, [str(i) for i in ids])
        states = self._table.load([state for _, state in found], self.codec)
        return dict(zip((UUID(i) for i, _ in found), states, strict=True))

    def _states(self, ids: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(ids))
        with self.connect() as conn:
            return conn.execute(
                f"SELECT stream_id, state FROM {self._name} WHERE stream_id IN ({marks})", ids
            ).fetchall()

    async def save(self, rows: Sequence[Row[S]], expected: int, position: int) -> bool:
        """Upsert rows and move the position from `expected`, in one transaction."""
        return await self.run(self._save, [self._columns(r) for r in rows], expected, position)

    def _columns(self, row: Row[S]) -> tuple[Any, ...]:
        k, d = row.keys, row.derived
        live = d.live_due.isoformat() if d.live_due else None
        due = (d.due or NO_DUE).isoformat()
        state = self._table.dump(row.state, self.codec)
        return (
            str(row.id),
            k.organ,
            k.department,
            k.status,
            k.owner,
            due,
            live,
            d.since.isoformat(),
            row.calendar_version,
            state,
        )

    def _save(self, rows: list[tuple[Any, ...]], expected: int, position: int) -> bool:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if not self.move_position(conn, expected, position):
                conn.execute("ROLLBACK")
                return False
            conn.executemany(
                f"INSERT OR REPLACE INTO {self._name} (stream_id, organ, department, status, owner, due, live_due, "
                "since, calendar_version, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.execute("COMMIT")
            return True

    async def due_from(self, day: date, after: Cursor | None, limit: int) -> tuple[list[S], Cursor | None]:
        """Rows due on or after `day`, in the list's order from `after`."""
        found = await self.run(self._due_from, day.isoformat(), after, limit)
        batch = found[:limit]
        states = self._table.load([row[3] for row in batch], self.codec)
        if len(found) <= limit:
            return states, None
        due, since, stream_id, _ = batch[-1]
        return states, (date.fromisoformat(due), date.fromisoformat(since), UUID(stream_id))

    def _due_from(self, day: str, after: Cursor | None, limit: int) -> list[tuple[str, str, str, str]]:
        # A row without a due date has none under any calendar: it is left alone.
        query = f"SELECT due, since, stream_id, state FROM {self._name} WHERE due >= ? AND due < '{NO_DUE}'"
        params: list[Any] = [day]
        if after is not None:
            query += " AND (due, since, stream_id) > (?, ?, ?)"
            params += [after[0].isoformat(), after[1].isoformat(), str(after[2])]
        with self.connect() as conn:
            return conn.execute(query + " ORDER BY due, since, stream_id LIMIT ?", [*params, limit + 1]).fetchall()

    async def page(self, where_: RowFilter, offset: int, limit: int) -> tuple[list[S], int]:
        """One page of matching rows, soonest due first, and how many match."""
        found, total = await self.run(self._page, where_, offset, limit)
        return self._table.load([state for (state,) in found], self.codec), total

    def _page(self, where_: RowFilter, offset: int, limit: int) -> tuple[list[tuple[str]], int]:
        filters = {"organ": where_.organ, "department": where_.department, **row_filters(where_, str, date.isoformat)}
        condition, params = where(False, filters)
        matching = f"FROM {self._name}" + (f" WHERE {condition}" if condition else "")
        # The page's ids from an index first, then only their rows: a page deep in the list skips index entries,
        # not whole rows.
        ids = f"SELECT stream_id {matching} ORDER BY due, since, stream_id LIMIT ? OFFSET ?"
        with self.connect() as conn:
            conn.execute("BEGIN")  # the page and its count from one snapshot
            rows = conn.execute(
                f"SELECT t.state FROM ({ids}) AS page JOIN {self._name} AS t USING (stream_id) "
                "ORDER BY t.due, t.since, t.stream_id",
                [*params, limit, offset],
            ).fetchall()
            total = int(conn.execute(f"SELECT count(*) {matching}", params).fetchone()[0])
            conn.execute("COMMIT")
            return rows, total
