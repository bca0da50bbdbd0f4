"""Chinese search of published documents: jieba segmentation (`segmenter`), the words a document is found by and
what every store shares (`index`), and one module per store (`sqlite`: FTS5, `postgres`: full-text search,
`memory`)."""

from __future__ import annotations

from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.read_models.postgres import Leadership
from adapters.search.memory import MemoryPublicationStore
from adapters.search.postgres import PostgresPublicationStore
from adapters.search.sqlite import SQLitePublicationStore


def publication_store(
    url: DatabaseURL, events: EventsourcingStore, leadership: Leadership | None = None
) -> MemoryPublicationStore | SQLitePublicationStore | PostgresPublicationStore:
    """The publication store that sits beside the event store (on PostgreSQL, with the application's leadership
    connection)."""
    if url.kind == "sqlite":
        return SQLitePublicationStore(url.path, events.codec)
    if url.kind == "postgresql":
        return PostgresPublicationStore(url, leadership, events.codec)
    return MemoryPublicationStore(events)
