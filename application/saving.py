"""The write path's one shape: decide on fresh state, save atomically, retry once on a version conflict."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from application.errors import ConcurrencyConflict
from application.ports import EventStore
from application.streams import StreamType
from domain.events import DomainEvent

S = TypeVar("S")


@attrs.frozen
class Decision:
    """The events a command produced, and the new state of every stream they touch."""

    events: list[DomainEvent]
    states: list[tuple[StreamType[Any], Any]]


def after(stream: StreamType[S], state: S | None, events: Sequence[DomainEvent]) -> S:
    """The state of one stream after those of the events that belong to it."""
    stream_id = getattr(state, "id", None) if state is not None else events[0].originator_id
    for event in events:
        if event.originator_id == stream_id:
            state = stream.evolve(state, event)
    assert state is not None
    return state


def decide_and_save(store: EventStore, decide: Callable[[], Decision], attempts: int = 2) -> tuple[int, Decision]:
    """Save what `decide` returns; on a version conflict decide again on fresh state, and the last conflict stands.

    Two attempts suit a step on one case, where a conflict means someone else acted on it at the same moment. A step
    that also writes a stream many people write at once (an organ's register of applications) takes more: its
    conflicts are with other people's independent work, which must never refuse it.
    """
    for attempt in range(1, attempts + 1):
        decision = decide()
        try:
            return store.append(decision.events, decision.states), decision
        except ConcurrencyConflict:
            if attempt == attempts:
                raise
            if attempt > 1:
                # Writers that keep meeting each other wait a random, growing while, so that one gets through.
                time.sleep(random.uniform(0, 0.002 * 2 ** min(attempt, 6)))
    raise AssertionError("unreachable")  # pragma: no cover
