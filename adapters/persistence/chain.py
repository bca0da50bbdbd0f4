"""What the chain's writers and readers share on every store."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import StoredEvent

from adapters.persistence.mapper import as_uuid
from application.audit_chain import LoggedRow


class NoLog(LookupError):
    """The store named holds no gongkai log to audit."""


def logged_rows(positions: Sequence[int], stored_events: Sequence[StoredEvent]) -> list[LoggedRow]:
    """The rows a save is inserting, with the positions the store gave them."""
    return [
        LoggedRow(
            position,
            as_uuid(e.originator_id),
            e.originator_version,
            e.topic,
            e.state,
        )
        for position, e in zip(positions, stored_events, strict=True)
    ]
