"""One URL chooses the store: the embedded SQLite file, PostgreSQL, or memory for tests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import attrs

DEFAULT_URL = "sqlite:///var/gongkai.sqlite3"


class DatabaseURLError(ValueError):
    """A database URL that names no store gongkai can use."""


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
    connections: int = 16
    """The write side's pool of PostgreSQL connections: one for each thread that serves requests (GONGKAI_THREADS),
    so that no thread waits for a connection another thread of its own process holds."""
    read_connections: int = 8
    """The most connections the read models' shared asyncpg pool opens (GONGKAI_READ_CONNECTIONS), and the feed's."""

    @classmethod
    def parse(cls, url: str) -> DatabaseURL:
        """Parse `sqlite:///relative/file`, `sqlite:////absolute/file`, `postgresql://…` or `memory://`."""
        parts = urlsplit(url)
        if parts.scheme == "sqlite":
            path = parts.path[1:] if parts.path.startswith("/") else parts.path
            if not path:
                raise DatabaseURLError(f"database URL {url!r}: name the SQLite file, e.g. {DEFAULT_URL}")
            return cls(kind="sqlite", path=path)
        if parts.scheme in ("postgresql", "postgres"):
            try:
                port = parts.port or 5432
            except ValueError as error:
                raise DatabaseURLError(f"database URL {url!r}: {error}") from None
            return cls(
                kind="postgresql",
                host=parts.hostname or "127.0.0.1",
                port=port,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or ""),
                dbname=parts.path.lstrip("/") or "postgres",
            )
        if parts.scheme == "memory":
            return cls(kind="memory")
        raise DatabaseURLError(f"database URL {url!r}: use sqlite:///FILE, postgresql://… or memory://")

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing library's settings for this store."""
        if self.kind == "sqlite":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # eventsourcing's module with a chain of digests beside the log.
            return {"PERSISTENCE_MODULE": "adapters.persistence.sqlite_chained", "SQLITE_DBNAME": self.path}
        if self.kind == "postgresql":
            return {
                # eventsourcing's module with recorders that behave when the database goes away.
                "PERSISTENCE_MODULE": "adapters.persistence.postgres_outages",
                "POSTGRES_HOST": self.host,
                "POSTGRES_PORT": str(self.port),
                "POSTGRES_USER": self.user,
                "POSTGRES_PASSWORD": self.password,
                "POSTGRES_DBNAME": self.dbname,
                # With database functions on, concurrent writers can commit ids out of order (DESIGN.md).
                "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
                "POSTGRES_POOL_SIZE": str(self.connections),
                "POSTGRES_MAX_OVERFLOW": "0",
                # Seconds a statement waits for a pooled connection (the library's default is 30): with the
                # database gone, the answer is a 503 after this long.
                "POSTGRES_CONNECT_TIMEOUT": "5",
            }
        # The event store puts the chained in-memory recorder in (adapters.persistence.popo_chained): the library's
        # in-memory factory has no setting that names a recorder class.
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}

    def dsn(self) -> str:
        """A libpq connection string (PostgreSQL only)."""
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.dbname}"

    def describe(self) -> str:
        """The kind of store and where it is, for people: the password is masked."""
        if self.kind == "sqlite":
            return f"SQLite file {Path(self.path).resolve()}"
        if self.kind == "postgresql":
            password = ":***" if self.password else ""
            return f"PostgreSQL postgresql://{self.user}{password}@{self.host}:{self.port}/{self.dbname}"
        return "memory (nothing is kept)"
