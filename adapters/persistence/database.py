"""One URL chooses the store: the embedded SQLite file, PostgreSQL, or memory for tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs

DEFAULT_URL = "sqlite:///var/gongkai.sqlite3"


@attrs.frozen
class DatabaseURL:
    """A parsed GONGKAI_DATABASE_URL."""

    kind: str
    """'sqlite', 'postgresql' or 'memory'."""
    path: str = ""
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    dbname: str = "postgres"

    @classmethod
    def parse(cls, url: str) -> DatabaseURL:
        """Parse `sqlite:///relative/file`, `sqlite:////absolute/file`, `postgresql://…` or `memory://`."""
        parts = urlsplit(url)
        if parts.scheme == "sqlite":
            path = parts.path[1:] if parts.path.startswith("/") else parts.path
            if not path:
                raise ValueError(f"GONGKAI_DATABASE_URL {url!r}: name the SQLite file, e.g. {DEFAULT_URL}")
            return cls(kind="sqlite", path=path)
        if parts.scheme in ("postgresql", "postgres"):
            return cls(
                kind="postgresql",
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or ""),
                dbname=parts.path.lstrip("/") or "postgres",
            )
        if parts.scheme == "memory":
            return cls(kind="memory")
        raise ValueError(f"GONGKAI_DATABASE_URL {url!r}: use sqlite:///FILE, postgresql://… or memory://")

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing library's settings for this store."""
        if self.kind == "sqlite":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": self.path}
        if self.kind == "postgresql":
            return {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_HOST": self.host,
                "POSTGRES_PORT": str(self.port),
                "POSTGRES_USER": self.user,
                "POSTGRES_PASSWORD": self.password,
                "POSTGRES_DBNAME": self.dbname,
                # With database functions on, concurrent writers can commit ids out of order (DESIGN.md).
                "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
                "POSTGRES_POOL_SIZE": "8",
                "POSTGRES_MAX_OVERFLOW": "8",
            }
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}

    def dsn(self) -> str:
        """A libpq connection string (PostgreSQL only)."""
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.dbname}"


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
