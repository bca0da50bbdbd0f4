"""The table of per-person keys, beside the log in the same database: one module per store.

A row holds one person's data key, wrapped by the key-encrypting key. Erasing a person overwrites their key with
NULL and numbers the erasure; the row stays as a tombstone, so that no process can ever give that person a key
again (a deleted row could be made anew by a writer sealing data it still holds in memory). Processes learn of
erasures by reading the numbers after the last one they saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from adapters.persistence.database import DatabaseURL
from adapters.persistence.key_tables.memory import MemoryKeyTable
from adapters.persistence.key_tables.postgres import PostgresKeyTable
from adapters.persistence.key_tables.sqlite import SQLiteKeyTable


class KeyTable(Protocol):
    """Where wrapped keys live."""

    def verifier(self, proposed: str) -> str:
        """The key-encrypting key's verifier the table was started with (`proposed`, on the first start)."""
        ...

    def wrapped(self, person_ids: Sequence[str]) -> dict[str, bytes | None]:
        """The wrapped keys of these people: None for an erased person, no entry for an unknown one."""
        ...

    def add(self, person_id: str, link: str | None, wrapped: bytes) -> bool:
        """Give a person a key, unless they have a row already (held or erased), or the link is another's."""
        ...

    def person_by_link(self, link: str) -> str | None:
        """The person (not erased) whose identity number has this applicant key."""
        ...

    def destroy(self, person_id: str) -> bool:
        """Overwrite a person's key and number the erasure; False when they hold no key (unknown, or erased)."""
        ...

    def erasures_after(self, number: int) -> list[tuple[int, str]]:
        """The erasures numbered after `number`, in order: (number, person id)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def key_table(url: DatabaseURL) -> KeyTable:
    """The key table of the store this URL names."""
    if url.kind == "sqlite":
        return SQLiteKeyTable(url.path)
    if url.kind == "postgresql":
        return PostgresKeyTable(url)
    return MemoryKeyTable()
