"""What every aggregate's decisions share: a table of deciders by command type, the first and the next event,
blank checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from domain.context import Context
from domain.errors import InvalidValue
from domain.events import DomainEvent

E = TypeVar("E", bound=DomainEvent)
C = TypeVar("C")


class Versioned(Protocol):
    """A state with its stream id and version."""

    @property
    def id(self) -> UUID:
        """The stream id."""
        ...

    @property
    def version(self) -> int:
        """The version of the last event folded in."""
        ...


S = TypeVar("S", bound=Versioned)


class Deciders(Generic[S]):
    """The decision function for each command type of one aggregate."""

    def __init__(self) -> None:
        self._by_type: dict[type, Callable[[S, Any, Context], list[DomainEvent]]] = {}

    def decides(
        self, command_type: type[C]
    ) -> Callable[[Callable[[S, C, Context], list[DomainEvent]]], Callable[[S, C, Context], list[DomainEvent]]]:
        """Register the decision function of a command type."""

        def register(
            func: Callable[[S, C, Context], list[DomainEvent]],
        ) -> Callable[[S, C, Context], list[DomainEvent]]:
            self._by_type[command_type] = func
            return func

        return register

    def decide(self, state: S, command: object, ctx: Context) -> list[DomainEvent]:
        """The events the command produces, or a DomainError refusing it."""
        return self._by_type[type(command)](state, command, ctx)


def first_event(cls: type[E], stream_id: UUID, ctx: Context, **fields: Any) -> E:
    """The event that starts a stream, by the acting person, now."""
    return cls(originator_id=stream_id, originator_version=1, timestamp=ctx.now, actor=ctx.actor, **fields)


def next_event(cls: type[E], state: Versioned, ctx: Context, **fields: Any) -> E:
    """The next event of a stream, by the acting person, now."""
    return cls(
        originator_id=state.id, originator_version=state.version + 1, timestamp=ctx.now, actor=ctx.actor, **fields
    )


def not_blank(value: str, field: str) -> None:
    """Refuse an empty or whitespace-only text, naming the field."""
    if not value.strip():
        raise InvalidValue(f"{field} must not be blank", field=field)
