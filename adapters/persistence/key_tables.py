"""The table of per-person keys, beside the log in the same database: one module-level class per store.

A row holds one person's data key, wrapped by the key-encrypting key. Erasing a person overwrites their key with
NULL and numbers the erasure; the row stays as a tombstone, so that no process can ever give that person a key
again (a deleted row could be made anew by a writer sealing data it still holds in memory). Processes learn of
erasures by reading the numbers after the last one they saw.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import psycopg

from adapters.persistence.database import DatabaseURL

_DDL_LOCK = 728342
"""The advisory lock under which PostgreSQL's tables are made (two processes starting at once)."""
_ERASURE_LOCK = 728343
"""The advisory lock that orders erasures: each takes its number and commits before the next takes one, so a reader
that saw number n never misses an erasure numbered below n."""


class KeyTable(Protocol):
    """Where wrapped keys live."""

    def verifier(self, proposed: str) -> str:
        """The key-encrypting key's verifier the table was started with (`proposed`, on the first start)."""
        ...

    def wrapped(self, person_ids: Sequence[str]) -> dict[str, bytes | None]:
        """The wrapped keys of these people: None for an erased person, no entry for an unknown one."""
        ...

    def add(self, person_id: str, link: str | None, wrapped: bytes) -> bool:
        """Give a person a key, unless they have a row already (held or erased), or the link is another's."""
        ...

    def person_by_link(self, link: str) -> str | None:
        """The person (not erased) whose identity number has this applicant key."""
        ...

    def destroy(self, person_id: str) -> bool:
        """Overwrite a person's key and number the erasure; False when they hold no key (unknown, or erased)."""
        ...

    def erasures_after(self, number: int) -> list[tuple[int, str]]:
        """The erasures numbered after `number`, in order: (number, person id)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


class MemoryKeyTable:
    """Keys in memory, for memory:// (nothing is kept)."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[str | None, bytes | None]] = {}
        self._erasures: list[str] = []
        self._verifier: str | None = None

    def verifier(self, proposed: str) -> str:
        """The verifier of the first start."""
        self._verifier = self._verifier or proposed
        return self._verifier

    def wrapped(self, person_ids: Sequence[str]) -> dict[str, bytes | None]:
        """The wrapped keys held or erased."""
        return {p: self._rows[p][1] for p in person_ids if p in self._rows}

    def add(self, person_id: str, link: str | None, wrapped: bytes) -> bool:
        """Add a row unless the person or the link has one."""
        if person_id in self._rows or (link is not None and self.person_by_link(link) is not None):
            return False
        self._rows[person_id] = (link, wrapped)
        return True

    def person_by_link(self, link: str) -> str | None:
        """The person of a link."""
        return next((p for p, (found, _) in self._rows.items() if found == link), None)

    def destroy(self, person_id: str) -> bool:
        """Overwrite the key."""
        if self._rows.get(person_id, (None, None))[1] is None:
            return False
        self._rows[person_id] = (None, None)
        self._erasures.append(person_id)
        return True

    def erasures_after(self, number: int) -> list[tuple[int, str]]:
        """Erasures after a number (numbered from 1)."""
        return [(n, p) for n, p in enumerate(self._erasures, start=1) if n > number]

    def close(self) -> None:
        """Nothing to release."""


class SQLiteKeyTable:
    """Keys in the embedded SQLite file, beside `stored_events`; deleted content is overwritten with zeros."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            # Overwritten keys are zeroed in the file's pages, not left in free space.
            self._conn.execute("PRAGMA secure_delete = ON")
            self._conn.executescript(
                """
                CREATE TABLE IF NOT EXISTS personal_data_keys (
                    person_id TEXT PRIMARY KEY, link TEXT UNIQUE, wrapped BLOB,
                    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')), erased_at TEXT,
                    erasure INTEGER UNIQUE
                );
                CREATE TABLE IF NOT EXISTS personal_data_kek (one INTEGER PRIMARY KEY CHECK (one = 1), verifier TEXT);
                """
            )

    def _all(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._conn.execute(query, params).fetchall()

    def verifier(self, proposed: str) -> str:
        """The verifier of the first start."""
        self._all("INSERT OR IGNORE INTO personal_data_kek (one, verifier) VALUES (1, ?)", (proposed,))
        return str(self._all("SELECT verifier FROM personal_data_kek")[0][0])

    def wrapped(self, person_ids: Sequence[str]) -> dict[str, bytes | None]:
        """The wrapped keys held or erased."""
        marks = ",".join("?" * len(person_ids))
        query = f"SELECT person_id, wrapped FROM personal_data_keys WHERE person_id IN ({marks})"
        return {p: w for p, w in self._all(query, person_ids)} if person_ids else {}

    def add(self, person_id: str, link: str | None, wrapped: bytes) -> bool:
        """Add a row unless the person or the link has one."""
        with self._lock:
            query = "INSERT OR IGNORE INTO personal_data_keys (person_id, link, wrapped) VALUES (?, ?, ?)"
            return bool(self._conn.execute(query, (person_id, link, wrapped)).rowcount)

    def person_by_link(self, link: str) -> str | None:
        """The person of a link."""
        found = self._all("SELECT person_id FROM personal_data_keys WHERE link = ?", (link,))
        return str(found[0][0]) if found else None

    def destroy(self, person_id: str) -> bool:
        """Overwrite the key (SQLite has one writer at a time: numbers are taken in commit order)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                changed = self._conn.execute(
                    "UPDATE personal_data_keys SET wrapped = NULL, link = NULL, "
                    "erased_at = strftime('%Y-%m-%dT%H:%M:%fZ'), "
                    "erasure = (SELECT coalesce(max(erasure), 0) + 1 FROM personal_data_keys) "
                    "WHERE person_id = ? AND wrapped IS NOT NULL",
                    (person_id,),
                ).rowcount
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            if changed:
                # The write-ahead log still holds the page with the key: copy it back and empty the log.
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return bool(changed)

    def erasures_after(self, number: int) -> list[tuple[int, str]]:
        """Erasures after a number."""
        query = "SELECT erasure, person_id FROM personal_data_keys WHERE erasure > ? ORDER BY erasure"
        return [(int(n), str(p)) for n, p in self._all(query, (number,))]

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()


class PostgresKeyTable:
    """Keys in PostgreSQL beside `gongkai_events`, through one connection of their own (made when first needed, and
    again after it broke), so that a read side waiting for a key never waits for the write side's pool."""

    def __init__(self, url: DatabaseURL) -> None:
        self._dsn = url.dsn()
        self._conn: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()
        with self._lock, self._connection().transaction():
            conn = self._connection()
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

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=5)
        return self._conn

    def _all(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._connection().execute(query, params).fetchall()
            except (psycopg.OperationalError, psycopg.InterfaceError):
                self._drop()  # a broken connection: the next statement makes another
                raise

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def verifier(self, proposed: str) -> str:
        """The verifier of the first start."""
        self._all(
            "INSERT INTO gongkai_personal_data_kek (verifier) VALUES (%s) ON CONFLICT DO NOTHING RETURNING one",
            (proposed,),
        )
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
        with self._lock:
            try:
                conn = self._connection()
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ERASURE_LOCK,))
                    changed = conn.execute(
                        "UPDATE gongkai_personal_data_keys SET wrapped = NULL, link = NULL, erased_at = now(), "
                        "erasure = (SELECT coalesce(max(erasure), 0) + 1 FROM gongkai_personal_data_keys) "
                        "WHERE person_id = %s AND wrapped IS NOT NULL",
                        (person_id,),
                    ).rowcount
            except (psycopg.OperationalError, psycopg.InterfaceError):
                self._drop()
                raise
            return bool(changed)

    def erasures_after(self, number: int) -> list[tuple[int, str]]:
        """Erasures after a number."""
        query = "SELECT erasure, person_id FROM gongkai_personal_data_keys WHERE erasure > %s ORDER BY erasure"
        return [(int(n), str(p)) for n, p in self._all(query, (number,))]

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._drop()


def key_table(url: DatabaseURL) -> KeyTable:
    """The key table of the store this URL names."""
    if url.kind == "sqlite":
        return SQLiteKeyTable(url.path)
    if url.kind == "postgresql":
        return PostgresKeyTable(url)
    return MemoryKeyTable()
