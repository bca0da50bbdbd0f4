"""Keys in PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import Connection, OperationalError
from psycopg_pool import ConnectionPool, PoolTimeout

from adapters.persistence.database import DatabaseURL
from adapters.persistence.postgres_outages import RECONNECT_SECONDS

_DDL_LOCK = 728342
"""The advisory lock under which PostgreSQL's tables are made (two processes starting at once)."""
_ERASURE_LOCK = 728343
"""The advisory lock that orders erasures: each takes its number and commits before the next takes one, so a reader
that saw number n never misses an erasure numbered below n."""


class PostgresKeyTable:
    """Keys in PostgreSQL beside `gongkai_events`, through a small pool of their own, so that a read side waiting for
    a key never waits for the write side's pool, and new people's keys are written side by side (their commits share
    PostgreSQL's flushes)."""

    def __init__(self, url: DatabaseURL, connections: int = 4) -> None:
        # No check of each connection before it is handed out (a round trip, 0.2 ms of every receipt): a statement on a
        # connection a restart broke is run again on a fresh one (`_all`).
        self._pool: ConnectionPool[Connection[Any]] = ConnectionPool(
            url.dsn(),
            min_size=1,
            max_size=connections,
            # A key's commit waits for no flush of its own: it is logged before the events sealed with it, whose
            # commit flushes the log up to and past it, so no event is ever durable without its key. An erasure
            # waits for its flush (`destroy`).
            kwargs={"autocommit": True, "connect_timeout": 5, "options": "-c synchronous_commit=off"},
            timeout=5,
            # Give up a connection that cannot be made within moments, and make one when next needed: back as soon
            # as the database is (psycopg_pool otherwise backs off for minutes), as the log's pool does.
            reconnect_timeout=RECONNECT_SECONDS,
            open=True,
        )
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
                conn.execute(
                    """
                    CREATE TABLE IF NOT EXISTS gongkai_personal_data_keys (
                        person_id text PRIMARY KEY, link text UNIQUE, wrapped bytea,
                        created_at timestamptz NOT NULL DEFAULT now(), erased_at timestamptz, erasure bigint UNIQUE
                    )
                    """
                )
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS gongkai_personal_data_kek "
                    "(one boolean PRIMARY KEY DEFAULT true CHECK (one), verifier text NOT NULL)"
                )
        except BaseException:
            self._pool.close()
            raise

    def _all(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        """Run one statement; again at once while pooled connections turn out broken (a restart left them behind: the
        pool drops each), up to once per connection it may hold, never after the pool could not give one in time.
        Every statement here may run twice: reads, and inserts that do nothing when the row is there."""
        attempts = self._pool.max_size + 1
        for attempt in range(1, attempts + 1):
            try:
                with self._pool.connection() as conn:
                    cursor = conn.execute(query, params)
                    return cursor.fetchall() if cursor.description else []
            except PoolTimeout:
                raise
            except OperationalError:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def verifier(self, proposed: str) -> str:
        """The verifier of the first start."""
        self._all("INSERT INTO gongkai_personal_data_kek (verifier) VALUES (%s) ON CONFLICT DO NOTHING", (proposed,))
        return str(self._all("SELECT verifier FROM gongkai_personal_data_kek")[0][0])

    def wrapped(self, person_ids: Sequence[str]) -> dict[str, bytes | None]:
        """The wrapped keys held or erased."""
        if not person_ids:
            return {}
        query = "SELECT person_id, wrapped FROM gongkai_personal_data_keys WHERE person_id = ANY(%s)"
        return {p: (bytes(w) if w is not None else None) for p, w in self._all(query, (list(person_ids),))}

    def add(self, person_id: str, link: str | None, wrapped: bytes) -> bool:
        """Add a row unless the person or the link has one."""
        query = (
            "INSERT INTO gongkai_personal_data_keys (person_id, link, wrapped) VALUES (%s, %s, %s) "
            "ON CONFLICT DO NOTHING RETURNING person_id"
        )
        return bool(self._all(query, (person_id, link, wrapped)))

    def person_by_link(self, link: str) -> str | None:
        """The person of a link."""
        found = self._all("SELECT person_id FROM gongkai_personal_data_keys WHERE link = %s", (link,))
        return str(found[0][0]) if found else None

    def destroy(self, person_id: str) -> bool:
        """Overwrite the key, numbering the erasure under a lock held until commit."""
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SET LOCAL synchronous_commit = on")  # an erasure is done once it is said to be
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ERASURE_LOCK,))
            changed = conn.execute(
                "UPDATE gongkai_personal_data_keys SET wrapped = NULL, link = NULL, erased_at = now(), "
                "erasure = (SELECT coalesce(max(erasure), 0) + 1 FROM gongkai_personal_data_keys) "
                "WHERE person_id = %s AND wrapped IS NOT NULL",
                (person_id,),
            ).rowcount
        return bool(changed)

    def erasures_after(self, number: int) -> list[tuple[int, str]]:
        """Erasures after a number."""
        query = "SELECT erasure, person_id FROM gongkai_personal_data_keys WHERE erasure > %s ORDER BY erasure"
        return [(int(n), str(p)) for n, p in self._all(query, (number,))]

    def close(self) -> None:
        """Close the pool."""
        self._pool.close()
