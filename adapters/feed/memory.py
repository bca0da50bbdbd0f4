"""The log as the feed reads it in memory (`memory://`, tests): the library's own recorder, polled."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from adapters.persistence.event_store import EventsourcingStore
from adapters.persistence.stored_json import body
from application.event_forms import EVENT_TYPES
from application.feed import LogRow
from application.streams import stream_type_of

POLL_SECONDS = 0.05


class MemoryEventLog:
    """The in-memory store's log: rows decoded from the JSON the mapper stored."""

    def __init__(self, store: EventsourcingStore) -> None:
        self._store = store

    async def head(self) -> int:
        """The newest position."""
        return self._store.last_position()

    async def rows(self, after: int, up_to: int, limit: int, stream_types: Sequence[str]) -> list[LogRow]:
        """Rows in (after, up_to], in order; only of these stream types unless empty."""
        topics = [name for name in EVENT_TYPES if stream_type_of(name) in stream_types] if stream_types else []
        if stream_types and not topics:
            return []
        found = self._store.app.recorder.select_notifications(
            start=after, limit=limit, stop=up_to, topics=topics, inclusive_of_start=False
        )
        return [LogRow(n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, body(n.state)) for n in found]

    async def first_bodies(self, stream_ids: Collection[UUID]) -> dict[UUID, dict[str, Any]]:
        """The bodies of these streams' first events."""
        recorder = self._store.app.recorder
        bodies = {}
        for stream_id in stream_ids:
            first = recorder.select_events(stream_id, lte=1)
            if first:
                bodies[stream_id] = body(first[0].state)
        return bodies

    async def wait_for_events(self, after: int, seconds: float) -> bool:
        """Polls the head until it is past `after`, for `seconds` at most."""
        deadline = asyncio.get_running_loop().time() + seconds
        while self._store.last_position() <= after:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return False
            await asyncio.sleep(min(POLL_SECONDS, left))
        return True

    async def close(self) -> None:
        """Nothing to release."""
