"""Throwaway PostgreSQL databases for tests and benchmarks (not part of the served product)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from adapters.persistence.database import DatabaseURL


def admin_connection(url: str) -> Any:
    """A psycopg connection in autocommit mode, for statements outside transactions (CREATE DATABASE)."""
    import psycopg

    return psycopg.connect(DatabaseURL.parse(url).dsn(), autocommit=True, connect_timeout=5)


def create_database(admin_url: str, prefix: str) -> str:
    """A new empty PostgreSQL database named `prefix` plus a random suffix, on the server of `admin_url`."""
    name = f"{prefix}{uuid.uuid4().hex[:12]}"
    with admin_connection(admin_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return attrs.evolve(DatabaseURL.parse(admin_url), dbname=name).dsn()


def drop_database(admin_url: str, url: str) -> str:
    """Drop a database made by create_database, ending its sessions; returns its name."""
    name = DatabaseURL.parse(url).dbname
    with admin_connection(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return name


@contextmanager
def throwaway_database(admin_url: str, prefix: str) -> Iterator[str]:
    """A new empty database, dropped afterwards whatever happens."""
    url = create_database(admin_url, prefix)
    try:
        yield url
    finally:
        print(f"dropped database {drop_database(admin_url, url)}")
