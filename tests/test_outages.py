"""Which failures are the store being unreachable (answered 503), told apart from bugs (answered 500)."""

from __future__ import annotations

import sqlite3

import asyncpg
import psycopg
import psycopg_pool
import pytest
from eventsourcing.persistence import IntegrityError, OperationalError, ProgrammingError

from adapters.outages import store_unreachable


def raised_from(error: BaseException, cause: BaseException) -> BaseException:
    """`error` as if raised from `cause`."""
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    "error",
    [
        raised_from(OperationalError("couldn't get a connection"), psycopg_pool.PoolTimeout("5 s")),
        psycopg.OperationalError("server closed the connection unexpectedly"),
        psycopg.InterfaceError("the connection is closed"),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.InterfaceError("cannot call Connection.fetch(): connection is closed"),
        ConnectionRefusedError(111, "Connect call failed"),
        TimeoutError(),
        sqlite3.OperationalError("database is locked"),
        raised_from(RuntimeError("catching up failed"), ConnectionResetError()),
        ExceptionGroup("page and count", [ConnectionResetError(), asyncpg.CannotConnectNowError("starting")]),
    ],
    ids=lambda e: type(e).__name__,
)
def test_the_store_out_of_reach(error: BaseException) -> None:
    assert store_unreachable(error)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("a bug"),
        ProgrammingError("syntax error at or near"),
        IntegrityError("duplicate key value"),
        asyncpg.InterfaceError("cannot perform operation: another operation is in progress"),
        sqlite3.OperationalError("no such table: stored_events"),
        ExceptionGroup("page and count", [ConnectionResetError(), KeyError("a bug beside it")]),
    ],
    ids=lambda e: type(e).__name__,
)
def test_bugs_are_not_outages(error: BaseException) -> None:
    assert not store_unreachable(error)
