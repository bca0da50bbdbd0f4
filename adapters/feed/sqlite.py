"""The log as the feed reads it in the embedded SQLite file (`stored_events`, its rowid the position), through the
standard library in worker threads; new events are found by polling the head."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

import anyio.to_thread

from adapters.persistence.stored_json import body
from application.feed import LogRow

POLL_SECONDS = 0.1
"""How often a waiting reader looks at the head: SQLite cannot tell of new events."""
IDS_PER_QUERY = 500
"""Stream ids per `IN (…)` (SQLite limits a statement's variables)."""


class SQLiteEventLog:
    """The embedded store's log: rows decoded from their stored JSON in the worker thread that read them."""

    def __init__(self, path: str) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    async def head(self) -> int:
        """The newest position (0 when the log is empty)."""
        return await anyio.to_thread.run_sync(self._head)

    def _head(self) -> int:
        with self._connect() as conn:
            return int(conn.execute("SELECT max(rowid) FROM stored_events").fetchone()[0] or 0)

    async def rows(self, after: int, up_to: int, limit: int, stream_types: Sequence[str]) -> list[LogRow]:
        """Rows in (after, up_to], in order; only of these stream types unless empty (the topic's first part)."""
        return await anyio.to_thread.run_sync(self._rows, after, up_to, limit, tuple(stream_types))

    def _rows(self, after: int, up_to: int, limit: int, stream_types: tuple[str, ...]) -> list[LogRow]:
        query = (
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "WHERE rowid > ? AND rowid <= ?"
        )
        params: list[Any] = [after, up_to]
        if stream_types:
            query += f" AND substr(topic, 1, instr(topic, '.') - 1) IN ({', '.join('?' * len(stream_types))})"
            params += stream_types
        with self._connect() as conn:
            found = conn.execute(query + " ORDER BY rowid LIMIT ?", [*params, limit]).fetchall()
        return [LogRow(p, UUID(stream_id), v, topic, body(state)) for p, stream_id, v, topic, state in found]

    async def first_bodies(self, stream_ids: Collection[UUID]) -> dict[UUID, dict[str, Any]]:
        """The bodies of these streams' first events."""
        return await anyio.to_thread.run_sync(self._first_bodies, [i.hex for i in stream_ids])

    def _first_bodies(self, ids: list[str]) -> dict[UUID, dict[str, Any]]:
        bodies: dict[UUID, dict[str, Any]] = {}
        with self._connect() as conn:
            for start in range(0, len(ids), IDS_PER_QUERY):
                chunk = ids[start : start + IDS_PER_QUERY]
                found = conn.execute(
                    "SELECT originator_id, state FROM stored_events WHERE originator_version = 1 "
                    f"AND originator_id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                bodies.update({UUID(stream_id): body(state) for stream_id, state in found})
        return bodies

    async def wait_for_events(self, after: int, seconds: float) -> bool:
        """Polls the head until it is past `after`, for `seconds` at most."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while await self.head() <= after:
            left = deadline - loop.time()
            if left <= 0:
                return False
            await asyncio.sleep(min(POLL_SECONDS, left))
        return True

    async def close(self) -> None:
        """Connections are opened per call."""
