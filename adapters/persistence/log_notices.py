"""What a write's NOTIFY on the log's channel says: the type names of the events it logged, so that a listener that
follows other types sleeps on (in a registration rush, the read models of documents and requests were woken by every
registration, and their empty catch-ups were a tenth of a serving process's time)."""

from __future__ import annotations

from collections.abc import Iterable

SEPARATOR = ","
PAYLOAD_LIMIT = 7_900
"""Bytes a notice may hold (PostgreSQL refuses a payload of 8,000 or more): a longer one is sent empty."""


def notice(type_names: Iterable[str]) -> str:
    """The payload naming these types, or empty when it would be too long."""
    payload = SEPARATOR.join(sorted(set(type_names)))
    return payload if len(payload.encode()) <= PAYLOAD_LIMIT else ""


def written_types(payload: str) -> frozenset[str] | None:
    """The types a notice names; None when it does not say (empty: too many types, or a writer of an earlier
    release), so that a listener takes it for a write of any type."""
    return frozenset(payload.split(SEPARATOR)) if payload else None
