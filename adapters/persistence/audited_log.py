"""The log and its chain of any store, opened read-only for an audit (the AuditedLog port)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from adapters.persistence import popo_chained
from adapters.persistence.database import DatabaseURL
from adapters.persistence.postgres_chain import postgres_audited_log
from adapters.persistence.sqlite_chained import sqlite_audited_log
from application.audit_chain import AuditedLog


@contextmanager
def audited_log(url: DatabaseURL, memory: popo_chained.ApplicationRecorder | None = None) -> Iterator[AuditedLog]:
    """The store's log as it stands now, read in one snapshot; it writes nothing, and does not chain an old store's
    events (opening the store does). For memory:// the recorder `memory` holds the log (none: an empty log)."""
    if url.kind == "postgresql":
        with postgres_audited_log(url) as log:
            yield log
    elif url.kind == "sqlite":
        with sqlite_audited_log(Path(url.path)) as sqlite_log:
            yield sqlite_log
    else:
        yield popo_chained.MemoryAuditedLog(memory or popo_chained.ApplicationRecorder())
