"""The embedded store's persistence module (its PERSISTENCE_MODULE): eventsourcing's SQLite module, with a chain of
digests beside the log (table `chain` beside `stored_events`) and both tables append-only.

A save inserts its events, then, in the same write transaction (SQLite lets one writer at a time in), reads the
chain's head and inserts a chain row for each event.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import eventsourcing.sqlite as lite
from eventsourcing.persistence import Notification, StoredEvent

from adapters.persistence.chain import NoLog, logged_rows
from application.audit_chain import Link, LoggedRow, link_events

CHAIN_TABLE = "chain"
EVENTS_TABLE = "stored_events"
PAGE = 10_000
"""Events chained at a time when an old store's chain is extended."""

log = logging.getLogger(__name__)

_HEAD = f"SELECT position, previous_position, digest FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1"
_LINK = f"INSERT INTO {CHAIN_TABLE} (position, previous_position, digest) VALUES (?, ?, ?)"
_LINKS = f"SELECT position, previous_position, digest FROM {CHAIN_TABLE} WHERE position > ? ORDER BY position LIMIT ?"
_EVENTS = (
    f"SELECT rowid, originator_id, originator_version, topic, state FROM {EVENTS_TABLE} "
    "WHERE rowid > ? ORDER BY rowid LIMIT ?"
)


_FIELD_IS = "coalesce(CASE WHEN json_valid(CAST(state AS TEXT)) THEN json_extract(CAST(state AS TEXT), ?) END, ?) = ?"


def _range(start: int | None, stop: int | None, inclusive: bool) -> tuple[list[str], list[Any]]:
    """The conditions and parameters of a range of positions."""
    conditions: list[str] = []
    params: list[Any] = []
    if start is not None:
        conditions.append("rowid >= ?" if inclusive else "rowid > ?")
        params.append(start)
    if stop is not None:
        conditions.append("rowid <= ?")
        params.append(stop)
    return conditions or ["1"], params


def _append_only(table: str) -> list[str]:
    refusal = f"gongkai: the log and its chain are append-only: {table} rows are tamper evidence"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_append_only_{change} BEFORE {change} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{refusal}'); END"
        for change in ("UPDATE", "DELETE")
    ]


def _row(row: Any) -> LoggedRow:
    """An event row of `stored_events` (the id is kept as 32 hex digits)."""
    return LoggedRow(row[0], UUID(row[1]), row[2], row[3], bytes(row[4]))


class ApplicationRecorder(lite.SQLiteApplicationRecorder):
    """The log's recorder: a chain row for each event, in the transaction that inserts it."""

    def construct_create_table_statements(self) -> list[str]:
        """The events table, the chain's table, and triggers refusing UPDATE and DELETE on both."""
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} (position INTEGER PRIMARY KEY, "
            "previous_position INTEGER NOT NULL, digest BLOB NOT NULL)",
            *_append_only(self.events_table_name),
            *_append_only(CHAIN_TABLE),
        ]

    matches_bodies = True
    """`select_notifications` compares bodies' top-level fields in SQL (`matching`), as PostgreSQL's recorder does."""

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
        matching: Mapping[str, str] | None = None,
    ) -> Sequence[Notification]:
        """eventsourcing's read of the log; with `matching`, only the rows whose body has these values in these
        top-level fields or lacks them (or is not JSON SQLite reads), compared in SQL: an annual report's first pass
        reads one organ's rows of a log of many, not every row to peek at it in Python."""
        if not matching:
            return super().select_notifications(start, limit, stop, topics, inclusive_of_start=inclusive_of_start)
        conditions, params = _range(start, stop, inclusive_of_start)
        if topics:
            conditions.append(f"topic IN ({', '.join('?' * len(topics))})")
            params += list(topics)
        for name, value in matching.items():
            conditions.append(_FIELD_IS)
            params += [f'$."{name}"', value, value]
        statement = (
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {self.events_table_name} "
            f"WHERE {' AND '.join(conditions)} ORDER BY rowid LIMIT ?"
        )
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, [*params, limit])
            rows = c.fetchall()
        return [
            Notification(id=r[0], originator_id=self.convert_originator_id(r[1]), originator_version=r[2], topic=r[3],
                         state=r[4])
            for r in rows
        ]  # fmt: skip

    def create_table(self) -> None:
        """Make the tables, then chain any events written without a chain (a store from before it)."""
        super().create_table()
        self._extend_chain()

    def _insert_events(
        self, c: lite.SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        assert positions is not None
        # The insert took the write lock: no other save can move the head until this one commits.
        c.execute(_HEAD)
        found = c.fetchone()
        links = link_events(Link(*found) if found else None, logged_rows(positions, stored_events))
        c.executemany(_LINK, links)
        return positions

    def _extend_chain(self) -> None:
        with self.datastore.get_connection(commit=True) as conn:
            c = conn.cursor()
            # IMMEDIATE: the write lock first, so that nothing is written between reading the head and extending it.
            c.execute("BEGIN IMMEDIATE")
            try:
                extended = self._extend(c)
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        if extended is not None:
            log.warning(
                "the log's chain was behind: events %s to %s were chained on opening the store, not when written "
                "(a store from before the chain, or events written without it)",
                *extended,
            )

    def _extend(self, c: lite.SQLiteCursor) -> tuple[int, int] | None:
        c.execute(_HEAD)
        found = c.fetchone()
        head, first = (Link(*found) if found else None), None
        while True:
            c.execute(_EVENTS, (head.position if head else 0, PAGE))
            page = [_row(row) for row in c.fetchall()]
            if not page:
                return None if first is None or head is None else (first, head.position)
            links = link_events(head, page)
            c.executemany(_LINK, links)
            head, first = links[-1], first or links[0].position


class Factory(lite.SQLiteFactory):
    """eventsourcing's SQLite factory with the chained recorder above."""

    application_recorder_class = ApplicationRecorder


class SQLiteAuditedLog:
    """The log and its chain read in one read transaction of the store's file: every page sees the same moment."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if EVENTS_TABLE not in tables:
            raise NoLog(f"the file holds no gongkai log (no table {EVENTS_TABLE})")
        self._chained = CHAIN_TABLE in tables

    def events_after(self, after: int, limit: int) -> Sequence[LoggedRow]:
        """Event rows after a position."""
        return [_row(row) for row in self._conn.execute(_EVENTS, (after, limit))]

    def links_after(self, after: int, limit: int) -> Sequence[Link]:
        """Chain rows after a position."""
        if not self._chained:
            return []
        return [Link(*row) for row in self._conn.execute(_LINKS, (after, limit))]

    def last_link(self) -> Link | None:
        """The newest chain row."""
        found = self._conn.execute(_HEAD).fetchone() if self._chained else None
        return Link(*found) if found else None

    def last_position(self) -> int:
        """The newest event's position."""
        return int(self._conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {EVENTS_TABLE}").fetchone()[0])


@contextmanager
def sqlite_audited_log(path: Path) -> Iterator[SQLiteAuditedLog]:
    """The log of an embedded store as it stands now, opened read-only."""
    if not path.exists():
        raise NoLog(f"there is no store at {path.resolve()}")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)) as conn:
        conn.execute("BEGIN")  # one snapshot for every page
        try:
            yield SQLiteAuditedLog(conn)
        finally:
            conn.rollback()
