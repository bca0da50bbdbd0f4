"""Shared fixtures: a throwaway PostgreSQL database for the session, and stores on both back ends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings

from tests.databases import admin_connection
from tests.databases import create_database as make_database
from tests.databases import drop_database as remove_database

POSTGRES_URL = os.environ.get("GONGKAI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

# Tests move their clocks years past the day their staff were given tokens; the tests of expiry set the lifetime.
os.environ.setdefault("GONGKAI_TOKEN_DAYS", "3650")
# A serving app sends the open days' notices in the background, writing to the log: tests that count what the log
# holds would see them. The tests of notices run the outbox themselves.
os.environ.setdefault("GONGKAI_NOTICES", "off")
# `make test` runs two test processes (pytest-xdist), each with its apps and their serving processes, against one
# PostgreSQL server of 100 connections: 8 write connections an app, whatever the machine's CPUs.
os.environ.setdefault("GONGKAI_THREADS", "8")

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """Fail at once, in one line, when PostgreSQL is not there: its tests are never skipped."""
    try:
        admin_connection(POSTGRES_URL).close()
    except psycopg.Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        pytest.exit(
            f"PostgreSQL is not reachable at {POSTGRES_URL} ({first_line}); start it "
            "(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) "
            "or set GONGKAI_TEST_POSTGRES_URL=postgresql://USER@HOST:PORT/DB",
            returncode=3,
        )


def create_database() -> str:
    """A new empty database for tests; returns its URL."""
    return make_database(POSTGRES_URL, "gongkai_test_")


def drop_database(url: str) -> None:
    """Drop a database made by create_database."""
    remove_database(POSTGRES_URL, url)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway database shared by the session's tests (they use unique ids), dropped afterwards."""
    url = create_database()
    yield url
    drop_database(url)


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """A throwaway database of the test's own, for tests that need an empty log."""
    url = create_database()
    yield url
    drop_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An embedded store in a fresh file."""
    return f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store in turn, empty and the test's own (PostgreSQL: a throwaway database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store in turn: the same test runs unchanged on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
