"""The read side's storage: every read model's rows beside the log, one module per store.

- `common`: what every store shares (decoding the log, schema fingerprints, the SQL of filters, long text on
  PostgreSQL) and `WorklistTable`, where a worklist's rows live;
- `sqlite`, `postgres`, `memory`: each store's base (`…ReadSide`: the position, the log after it, its head, who
  leads, wake-ups, made again when its schema changes) and its worklist rows (`…WorklistRows`);
- the public documents and their full-text index are in `adapters/search`, on the same bases.

A new read model: its projection (a pure fold) in `application/`; for a list by due date, a `WorklistShape` there
and a `WorklistTable` below; for another shape, a class per store on the store's base.
"""

from __future__ import annotations

from typing import Any, TypeVar

from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.read_models.common import WorklistTable
from adapters.read_models.memory import MemoryWorklistRows
from adapters.read_models.postgres import Leadership, PostgresWorklistRows
from adapters.read_models.sqlite import SQLiteWorklistRows
from application.document_worklist import DOCUMENTS
from application.settings import Settings
from application.worklist import REQUESTS

S = TypeVar("S")


def request_worklist(settings: Settings) -> WorklistTable[Any]:
    """Where the disclosure-request worklist's rows live."""
    return WorklistTable(REQUESTS, "request_worklist", "gongkai_request_worklist", settings.digest())


def document_worklist(settings: Settings) -> WorklistTable[Any]:
    """Where the document worklist's rows live."""
    return WorklistTable(DOCUMENTS, "document_worklist", "gongkai_document_worklist", settings.digest())


def worklist_rows(
    table: WorklistTable[S], url: DatabaseURL, events: EventsourcingStore, leadership: Leadership | None = None
) -> MemoryWorklistRows[S] | SQLiteWorklistRows[S] | PostgresWorklistRows[S]:
    """A worklist's rows on the store of this URL (on PostgreSQL, with the application's leadership connection)."""
    if url.kind == "sqlite":
        return SQLiteWorklistRows(table, url.path, events.codec)
    if url.kind == "postgresql":
        return PostgresWorklistRows(table, url, leadership, events.codec)
    return MemoryWorklistRows(events, table.shape.stream.state_type)
