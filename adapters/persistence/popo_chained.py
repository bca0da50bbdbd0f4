"""The in-memory store (memory://) with the chain of digests kept beside its log, as the other stores keep it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder as Recorder
from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from adapters.persistence.chain import logged_rows
from application.audit_chain import Link, LoggedRow, link_events


class ApplicationRecorder(POPOApplicationRecorder):
    """The log's recorder: a chain row for each event, under the lock that inserts it."""

    def __init__(self) -> None:
        super().__init__()
        self.chain: list[Link] = []

    def _insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        with self._database_lock:
            positions = super()._insert_events(stored_events, **kwargs)
            assert positions is not None
            self.chain += link_events(self.chain[-1] if self.chain else None, logged_rows(positions, stored_events))
            return positions


class Factory(POPOFactory):
    """eventsourcing's in-memory factory with the chained recorder above."""

    def application_recorder(self) -> Recorder:
        """The chained recorder."""
        return ApplicationRecorder()


class MemoryAuditedLog:
    """The log and its chain of an in-memory store, as they stand when this is made."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        with recorder._database_lock:
            self._events = list(recorder._stored_events)
            self._links = list(recorder.chain)

    def events_after(self, after: int, limit: int) -> Sequence[LoggedRow]:
        """Event rows after a position (a position is the event's place in the list, from 1)."""
        events = self._events[after : after + limit]
        return [
            LoggedRow(after + i, UUID(str(e.originator_id)), e.originator_version, e.topic, e.state)
            for i, e in enumerate(events, start=1)
        ]

    def links_after(self, after: int, limit: int) -> Sequence[Link]:
        """Chain rows after a position."""
        start = bisect_right(self._links, after, key=lambda link: link.position)
        return self._links[start : start + limit]

    def last_link(self) -> Link | None:
        """The newest chain row."""
        return self._links[-1] if self._links else None

    def last_position(self) -> int:
        """The newest event's position."""
        return len(self._events)
