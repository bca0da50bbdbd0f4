"""Which failures mean "the store cannot be reached now" (PostgreSQL restarting, the network cut, SQLite busy), told
apart from bugs in one place, so that the web API answers them 503 with Retry-After and logs the rest as faults.

They come from three drivers: the write side's psycopg (raw, or wrapped by eventsourcing in its own
OperationalError/InterfaceError), the read side's asyncpg, and the sockets under both.
"""

from __future__ import annotations

import sqlite3

import asyncpg
import psycopg
from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import OperationalError as StoreOperationalError

RETRY_AFTER_SECONDS = 2
"""What a client is told to wait before retrying while the store is unreachable: about as long as the pools take to
notice that it is back."""

_UNREACHABLE: tuple[type[BaseException], ...] = (
    StoreOperationalError,  # eventsourcing's wrapper; its ConnectionUnavailableError too
    StoreInterfaceError,
    psycopg.OperationalError,  # raw psycopg, and psycopg_pool.PoolTimeout
    psycopg.InterfaceError,  # "the connection is closed"
    asyncpg.PostgresConnectionError,  # ConnectionDoesNotExistError, ConnectionFailureError, …
    asyncpg.CannotConnectNowError,  # the server is starting up or shutting down
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    OSError,  # refused, reset, timed out (TimeoutError is an OSError), a name that does not resolve
)
_ASYNCPG_CLOSED = ("connection is closed", "connection was closed", "pool is closing", "pool is closed")
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def _unreachable_itself(error: BaseException) -> bool:
    if isinstance(error, _UNREACHABLE):
        return True
    if isinstance(error, asyncpg.InterfaceError):  # also raised for misuse: only a closed connection or pool counts
        return any(words in str(error) for words in _ASYNCPG_CLOSED)
    if isinstance(error, sqlite3.OperationalError):  # also raised for bad SQL: only a lock held too long counts
        return any(words in str(error) for words in _SQLITE_BUSY)
    return False


def store_unreachable(error: BaseException) -> bool:
    """Whether an error means that the store could not be reached or was too busy, so that the same request may
    succeed later: the error itself, what it was raised from, or (for a group) every error it holds."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, BaseExceptionGroup):
            return all(store_unreachable(inner) for inner in current.exceptions)
        if _unreachable_itself(current):
            return True
        current = current.__cause__
    return False
