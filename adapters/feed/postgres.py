"""The log as the feed reads it on PostgreSQL (`gongkai_events`, its notification_id the position), through an
asyncpg pool on the server's event loop. One connection per process LISTENs on the log's channel (the library
NOTIFYs on every insert) and wakes every waiting reader at once: a broadcast, however many clients follow."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

import asyncpg

from adapters.persistence.database import DatabaseURL
from adapters.persistence.stored_json import body
from adapters.read_models.common import LOG_TABLE_POSTGRES
from application.feed import LogRow

POLL_SECONDS = 0.5
"""How often a waiting reader looks at the head while the listening connection cannot be made."""
CONNECT_SECONDS = 5.0
logger = logging.getLogger("gongkai.feed")

_COLUMNS = "notification_id, originator_id, originator_version, topic, state"
_ROWS = f"SELECT {_COLUMNS} FROM {LOG_TABLE_POSTGRES} WHERE notification_id > $1 AND notification_id <= $2"
_OF_TYPES = " AND split_part(topic, '.', 1) = ANY($4::text[])"
_ORDER = " ORDER BY notification_id LIMIT $3"


async def _no_reset(_: asyncpg.Connection) -> None:
    """Nothing to reset on a connection going back to the pool: the feed leaves no session state."""


class LogNotifications:
    """The connection that LISTENs on the log's channel: each notification sets the event every waiter holds, and
    hands out a new one for the next."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._conn: asyncpg.Connection | None = None
        self._woken: asyncio.Event | None = None

    async def current(self) -> asyncio.Event | None:
        """The event the next notification sets; None while the connection cannot be made (readers poll then)."""
        if self._conn is None or self._conn.is_closed():
            self._conn = None
            try:
                conn = await asyncpg.connect(self._dsn, timeout=CONNECT_SECONDS, server_settings={"jit": "off"})
                await conn.add_listener(LOG_TABLE_POSTGRES, self._notified)
            except (OSError, asyncpg.PostgresError, TimeoutError) as error:
                logger.warning("the feed cannot listen for the log's notifications (%s); polling", error)
                return None
            if self._conn is not None:  # another waiter connected meanwhile
                await conn.close()
            else:
                conn.add_termination_listener(self._lost)
                self._conn = conn
        if self._woken is None:
            self._woken = asyncio.Event()
        return self._woken

    def _notified(self, *_: Any) -> None:
        woken, self._woken = self._woken, asyncio.Event()
        if woken is not None:
            woken.set()

    def _lost(self, *_: Any) -> None:
        self._conn = None
        self._notified()  # every waiter looks at the head again, and listens anew

    async def close(self) -> None:
        """Stop listening."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close(timeout=2)
        self._notified()


class PostgresEventLog:
    """The log in PostgreSQL, read by the feed. The pool and the listening connection belong to the event loop that
    made them: another loop (a test's next client) gets new ones."""

    def __init__(self, url: DatabaseURL) -> None:
        self._dsn = url.dsn()
        self._size = url.read_connections
        self._pool: asyncpg.Pool | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._making: asyncio.Lock | None = None
        self._notifications = LogNotifications(self._dsn)

    async def _ready(self) -> asyncpg.Pool:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            if self._pool is not None:  # made on a loop that has gone: its connections cannot be awaited here
                self._pool.terminate()
            self._pool, self._loop, self._making = None, loop, asyncio.Lock()
            self._notifications = LogNotifications(self._dsn)
        assert self._making is not None
        async with self._making:
            if self._pool is None:
                # Short queries: compiling one with JIT would cost more than running it.
                self._pool = await asyncpg.create_pool(
                    self._dsn, min_size=1, max_size=self._size, server_settings={"jit": "off"}, reset=_no_reset
                )
        return self._pool

    async def head(self) -> int:
        """The newest position (0 when the log is empty): the top of its unique index."""
        pool = await self._ready()
        return int(await pool.fetchval(f"SELECT coalesce(max(notification_id), 0) FROM {LOG_TABLE_POSTGRES}"))

    async def rows(self, after: int, up_to: int, limit: int, stream_types: Sequence[str]) -> list[LogRow]:
        """Rows in (after, up_to], in order; only of these stream types unless empty (the topic's first part)."""
        pool = await self._ready()
        if stream_types:
            found = await pool.fetch(_ROWS + _OF_TYPES + _ORDER, after, up_to, limit, list(stream_types))
        else:
            found = await pool.fetch(_ROWS + _ORDER, after, up_to, limit)
        return [LogRow(r[0], r[1], r[2], r[3], body(r[4])) for r in found]

    async def first_bodies(self, stream_ids: Collection[UUID]) -> dict[UUID, dict[str, Any]]:
        """The bodies of these streams' first events (one lookup of the primary key each)."""
        pool = await self._ready()
        found = await pool.fetch(
            f"SELECT originator_id, state FROM {LOG_TABLE_POSTGRES} "
            "WHERE originator_id = ANY($1::uuid[]) AND originator_version = 1",
            list(stream_ids),
        )
        return {r[0]: body(r[1]) for r in found}

    async def wait_for_events(self, after: int, seconds: float) -> bool:
        """True as soon as the head is past `after` (woken by the log's notifications); False after `seconds`."""
        await self._ready()
        woken = await self._notifications.current()  # taken before looking, so no notification is missed
        if await self.head() > after:
            return True
        if woken is None:
            await asyncio.sleep(min(seconds, POLL_SECONDS))
            return await self.head() > after
        try:
            await asyncio.wait_for(woken.wait(), timeout=seconds)
        except TimeoutError:
            return False
        return True

    async def close(self) -> None:
        """Close the pool and the listening connection (on the loop that made them)."""
        pool, self._pool = self._pool, None
        await self._notifications.close()
        if pool is not None:
            await pool.close()
        self._loop = None
