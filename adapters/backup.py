"""Backup and restore of the embedded SQLite store, through SQLite's online backup API.

A backup copies the whole file in one step, inside one read transaction: with the log in WAL mode the server goes on
writing meanwhile, and the copy is the store as it stood at one moment (the log and the read models' tables with
their positions alike). It is written beside its name and moved into place when whole, as one self-contained file,
with the store's secrets beside it: the applicant-key secret (without it the applicants' keys of the log mean nothing)
and the personal-data key file unless GONGKAI_PERSONAL_DATA_KEY gives that key (without it no personal data in the
backup opens). Keep backups as safe as the store: with their keys, they hold the personal data as it stood.

A restore copies a backup over the store, in one transaction of the store's own file. It is refused while a server
serves that file: each serving process holds a shared lock on `<file>.serving` (see `ServingLock`), and a restore
takes it exclusively. The store restored over is first kept beside it, so that a restore can be undone.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import attrs

from adapters.applicant_keys import default_secret_file
from adapters.persistence.database import DatabaseURL
from adapters.persistence.key_ring import KEY_VARIABLE, key_file

LOG_TABLE = "stored_events"


class BackupRefused(Exception):
    """A backup or restore that cannot be done as asked (the wrong store, a file in the way, a server serving)."""


@attrs.frozen
class Copied:
    """What a backup or restore copied."""

    path: Path
    events: int
    position: int
    bytes: int


def serving_lock_path(database: Path) -> Path:
    """The file every serving process holds a shared lock on."""
    return database.with_name(database.name + ".serving")


class ServingLock:
    """Held (shared) by each process serving an SQLite store from its start to its shutdown."""

    def __init__(self, database: Path) -> None:
        self._path = serving_lock_path(database)
        self._file: int | None = None

    def acquire(self) -> None:
        """Hold the lock, shared with the other serving processes; a restore in progress makes this wait for it."""
        if self._file is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._file = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._file, fcntl.LOCK_SH)

    def release(self) -> None:
        """Let go of the lock."""
        if self._file is not None:
            os.close(self._file)  # closing the file releases its lock
            self._file = None


def _sqlite_file(database: DatabaseURL) -> Path:
    if database.kind != "sqlite":
        raise BackupRefused(
            "gongkai backup and restore copy the embedded SQLite store; back up PostgreSQL with pg_dump "
            "(see the README: Backups)"
        )
    return Path(database.path)


def _contents(conn: sqlite3.Connection) -> tuple[int, int]:
    """(events, last position) of a store's log; BackupRefused when the file is not a sound gongkai store."""
    if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        raise BackupRefused("the file is damaged (PRAGMA integrity_check)")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (LOG_TABLE,)).fetchone() is None:
        raise BackupRefused(f"the file holds no gongkai log (no table {LOG_TABLE})")
    events, position = conn.execute(f"SELECT count(*), coalesce(max(rowid), 0) FROM {LOG_TABLE}").fetchone()
    return int(events), int(position)


def _secrets(database: DatabaseURL) -> list[tuple[Path, str]]:
    """The store's secret files that exist, each with the suffix its copy takes beside a backup."""
    named = os.environ.get("GONGKAI_APPLICANT_SECRET_FILE")
    found = [(Path(named) if named else default_secret_file(database), ".applicant-secret")]
    if not os.environ.get(KEY_VARIABLE):
        found.append((key_file(database), ".personal-data-key"))
    return [(path, suffix) for path, suffix in found if path is not None]


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # All pages in one step, so one read transaction: a copy of one moment that never restarts however busy the
    # writers (a copy in steps starts again whenever another connection writes).
    source.backup(target, pages=-1)


def backup(database: DatabaseURL, out: Path) -> Copied:
    """Copy the store to `out` (which must not exist), safely while a server writes to it."""
    path = _sqlite_file(database)
    if not path.exists():
        raise BackupRefused(f"there is no store at {path.resolve()}")
    if out.exists():
        raise BackupRefused(f"{out} exists already: name a new file")
    draft = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        with (
            contextlib.closing(sqlite3.connect(path, timeout=30)) as source,
            contextlib.closing(sqlite3.connect(draft)) as target,
        ):
            _copy(source, target)
            # One self-contained file, whatever journal the store keeps.
            target.execute("PRAGMA journal_mode = DELETE")
            events, position = _contents(target)
        with open(draft, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(draft, out)
    finally:
        draft.unlink(missing_ok=True)
    for secret, suffix in _secrets(database):
        if secret.exists():
            _copy_secret(secret, _beside(out, suffix))
    return Copied(out, events, position, out.stat().st_size)


def _copy_secret(source: Path, target: Path) -> None:
    """A secret file copied, readable by its owner only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)


def restore(source_file: Path, database: DatabaseURL) -> Copied:
    """Copy a backup over the store (kept beside it first); refused while a server serves the store."""
    path = _sqlite_file(database)
    if not source_file.exists():
        raise BackupRefused(f"there is no backup at {source_file}")
    with contextlib.closing(sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)) as source:
        events, position = _contents(source)
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(serving_lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BackupRefused(f"a server is serving {path.resolve()}: stop it, then restore") from None
            if path.exists():
                _keep_aside(database, path)
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as target:
                _copy(source, target)
        finally:
            os.close(lock)
    for secret, suffix in _secrets(database):
        if _beside(source_file, suffix).exists():
            _copy_secret(_beside(source_file, suffix), secret)
    return Copied(path, events, position, path.stat().st_size)


def _keep_aside(database: DatabaseURL, path: Path) -> Path:
    """A backup of the store about to be restored over, beside it: `<file>.before-restore-<UTC time>`."""
    moment = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    aside = path.with_name(f"{path.name}.before-restore-{moment}")
    return backup(database, aside).path
