"""Keys in the embedded SQLite file."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

import attrs


@attrs.define
class _Row:
    """A key waiting to be added, and whether it was (None until its transaction ends)."""

    person_id: str
    link: str | None
    wrapped: bytes
    added: bool | None = None
    error: Exception | None = None
    """Why its transaction failed: raised in each thread whose key was in it."""


class SQLiteKeyTable:
    """Keys in the embedded SQLite file, beside `stored_events`, through one connection; overwritten keys are
    zeroed."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._waiting = threading.Lock()
        self._queue: list[_Row] = []
        with self._lock:
            # Overwritten keys are zeroed in the file's pages, not left in free space.
            self._conn.execute("PRAGMA secure_delete = ON")
            # In the write-ahead log a key's commit needs no flush of its own: it is written before the events sealed
            # with it, and the events' commit flushes the log up to and past it (a crash keeps a prefix of the log),
            # so no event is ever durable without its key.
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
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
        """Add a row unless the person or the link has one. Rows other threads add meanwhile go in the same
        transaction: SQLite has one writer at a time, and the log's writers wait for every one of them."""
        row = _Row(person_id, link, wrapped)
        with self._waiting:
            self._queue.append(row)
        with self._lock:
            if row.added is None and row.error is None:
                with self._waiting:
                    rows, self._queue = self._queue, []
                self._add(rows)
        if row.error is not None:
            raise row.error
        return bool(row.added)

    def _add(self, rows: list[_Row]) -> None:
        query = "INSERT OR IGNORE INTO personal_data_keys (person_id, link, wrapped) VALUES (?, ?, ?)"
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for row in rows:
                row.added = bool(self._conn.execute(query, (row.person_id, row.link, row.wrapped)).rowcount)
            self._conn.execute("COMMIT")
        except Exception as error:  # the store busy past its timeout, or gone: every waiting thread is told
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            for row in rows:
                row.added, row.error = None, error

    def person_by_link(self, link: str) -> str | None:
        """The person of a link."""
        found = self._all("SELECT person_id FROM personal_data_keys WHERE link = ?", (link,))
        return str(found[0][0]) if found else None

    def destroy(self, person_id: str) -> bool:
        """Overwrite the key (SQLite has one writer at a time: numbers are taken in commit order)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                changed = self._conn.execute(
                    "UPDATE personal_data_keys SET wrapped = NULL, link = NULL, "
                    "erased_at = strftime('%Y-%m-%dT%H:%M:%fZ'), "
                    "erasure = (SELECT coalesce(max(erasure), 0) + 1 FROM personal_data_keys) "
                    "WHERE person_id = ? AND wrapped IS NOT NULL",
                    (person_id,),
                ).rowcount
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
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
