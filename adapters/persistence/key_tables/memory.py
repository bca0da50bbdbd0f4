"""Keys in memory, for memory://."""

from __future__ import annotations

import threading
from collections.abc import Sequence


class MemoryKeyTable:
    """Keys in memory, for memory:// (nothing is kept)."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[str | None, bytes | None]] = {}
        self._erasures: list[str] = []
        self._verifier: str | None = None
        self._lock = threading.Lock()

    def verifier(self, proposed: str) -> str:
        """The verifier of the first start."""
        self._verifier = self._verifier or proposed
        return self._verifier

    def wrapped(self, person_ids: Sequence[str]) -> dict[str, bytes | None]:
        """The wrapped keys held or erased."""
        return {p: self._rows[p][1] for p in person_ids if p in self._rows}

    def add(self, person_id: str, link: str | None, wrapped: bytes) -> bool:
        """Add a row unless the person or the link has one."""
        with self._lock:
            if person_id in self._rows or (link is not None and self.person_by_link(link) is not None):
                return False
            self._rows[person_id] = (link, wrapped)
            return True

    def person_by_link(self, link: str) -> str | None:
        """The person of a link."""
        return next((p for p, (found, _) in list(self._rows.items()) if found == link), None)

    def destroy(self, person_id: str) -> bool:
        """Overwrite the key."""
        with self._lock:
            if self._rows.get(person_id, (None, None))[1] is None:
                return False
            self._rows[person_id] = (None, None)
            self._erasures.append(person_id)
            return True

    def erasures_after(self, number: int) -> list[tuple[int, str]]:
        """Erasures after a number (numbered from 1)."""
        return [(n, p) for n, p in enumerate(self._erasures, start=1) if n > number]

    def close(self) -> None:
        """Nothing to release."""
