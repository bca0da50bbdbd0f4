"""The write path's one shape: decide on fresh state, save atomically, retry once on a version conflict."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar
from uuid import UUID

import attrs

from application.errors import ConcurrencyConflict
from application.ports import EventStore
from application.streams import StreamType
from domain.events import DomainEvent

S = TypeVar("S")


class Versioned(Protocol):
    """A stream's state: its id and the version of its last event."""

    @property
    def id(self) -> UUID: ...

    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


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


def decide_on_remembered(
    store: EventStore, stream: StreamType[V], stream_id: UUID, decide: Callable[[V], Decision]
) -> tuple[int, Decision]:
    """Decide a step on one stream first on the state this process remembers of it, without reading the store; save.

    A remembered state may be behind the log (another process or thread wrote since). Only a decision that writes
    the next version of that very stream is saved from it: the store refuses a version already taken, so a stale state
    costs a conflict, never a step taken on what no longer holds. Anything else (a refusal, an error, a decision that
    leaves the stream alone) and any conflict: the step is decided again by `decide_and_save` on the state read now.
    """
    known = store.remembered(stream, stream_id)
    if known is not None:
        try:
            decision: Decision | None = decide(known)
        except Exception:  # a stale state may err where the current one would not: decide again
            decision = None
        if decision is not None and _writes_next(decision, known):
            try:
                return store.append(decision.events, decision.states), decision
            except ConcurrencyConflict:
                pass
    return decide_and_save(store, lambda: decide(store.load(stream, stream_id)))


def _writes_next(decision: Decision, state: Versioned) -> bool:
    """Whether a decision writes the version of a stream right after `state`'s, which the store refuses if taken."""
    return any(e.originator_id == state.id and e.originator_version == state.version + 1 for e in decision.events)
