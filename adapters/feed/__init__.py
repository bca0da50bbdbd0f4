"""The log as the event feed reads it, one module per store: rows after a position straight from their stored JSON,
the head, and a wake-up when events are logged (LISTEN/NOTIFY on PostgreSQL, polling on SQLite and in memory)."""

from __future__ import annotations

from typing import Any, Protocol

from adapters.feed.memory import MemoryEventLog
from adapters.feed.postgres import PostgresEventLog
from adapters.feed.sqlite import SQLiteEventLog
from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from application.feed import BodyOpener


class Opening(Protocol):
    """What opens the personal data sealed in stored bodies (the store's codec)."""

    def prefetch(self, values: list[dict[str, Any]]) -> None:
        """Read the keys of every person sealed in these values at once."""
        ...

    def open_body(self, value: Any) -> Any:
        """A stored value with each sealed form replaced by the plain (or erased) form."""
        ...


def event_log(url: DatabaseURL, store: EventsourcingStore) -> MemoryEventLog | PostgresEventLog | SQLiteEventLog:
    """The feed's reader of the log of this URL's store."""
    if url.kind == "sqlite":
        return SQLiteEventLog(url.path)
    if url.kind == "postgresql":
        return PostgresEventLog(url)
    return MemoryEventLog(store)


def body_opener(codec: Opening) -> BodyOpener:
    """Opens the personal data of a page's bodies, their people's keys read in one query."""

    def open_bodies(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        codec.prefetch(bodies)
        return [codec.open_body(body) for body in bodies]

    return open_bodies
