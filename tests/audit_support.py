"""Changing a store's log and chain by hand, as someone with the tables' owner's rights could: for the tests of tamper
evidence."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from typing import Any

import psycopg

from adapters.persistence.database import DatabaseURL
from application.audit_chain import Link, LoggedRow

TABLES = {
    "sqlite": {"events": "stored_events", "chain": "chain", "position": "rowid"},
    "postgresql": {"events": "gongkai_events", "chain": "gongkai_chain", "position": "notification_id"},
}


class ByHand:
    """Statements on a store's tables run as their owner, with the triggers that make them append-only out of the way
    (PostgreSQL: not fired in this session; SQLite: dropped for the statement and made again)."""

    def __init__(self, url: str) -> None:
        self.url = DatabaseURL.parse(url)
        self.names = TABLES[self.url.kind]

    def run(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        """One statement, `{events}`, `{chain}` and `{position}` naming the store's own; `?` marks a parameter."""
        sql = statement.format(**self.names)
        if self.url.kind == "sqlite":
            with closing(sqlite3.connect(self.url.path, isolation_level=None)) as conn:
                triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
                for name, _ in triggers:
                    conn.execute(f"DROP TRIGGER {name}")
                rows = conn.execute(sql, params).fetchall()
                for _, made in triggers:
                    conn.execute(made)
                return rows
        with psycopg.connect(self.url.dsn(), autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")  # ordinary triggers do not fire
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def forget_the_chain(self) -> None:
        """Make the store one from before the chain: no chain table, no trigger, no trigger function."""
        if self.url.kind == "sqlite":
            with closing(sqlite3.connect(self.url.path, isolation_level=None)) as conn:
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                    conn.execute(f"DROP TRIGGER {name}")
                conn.execute("DROP TABLE chain")
            return
        with psycopg.connect(self.url.dsn(), autocommit=True) as conn:
            conn.execute("DROP TABLE gongkai_chain")
            conn.execute("DROP TRIGGER gongkai_events_append_only ON gongkai_events")
            conn.execute("DROP FUNCTION gongkai_append_only()")

    def event(self, position: int) -> LoggedRow:
        """The event row at a position, as stored."""
        ((stream, version, topic, state),) = self.run(
            "SELECT originator_id, originator_version, topic, state FROM {events} WHERE {position} = ?", position
        )
        return LoggedRow(position, uuid.UUID(str(stream)), version, topic, bytes(state))

    def positions(self) -> list[int]:
        """The positions of the event rows."""
        return [p for (p,) in self.run("SELECT {position} FROM {events} ORDER BY 1")]

    def links(self) -> list[Link]:
        """The chain rows."""
        return [Link(p, q, bytes(d)) for p, q, d in self.run("SELECT * FROM {chain} ORDER BY position")]
