"""What every aggregate's decisions share: a table of deciders by command type, the first and the next event,
blank checks, and the dates and instants a step carries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from domain.calendar import business_date
from domain.context import Context
from domain.errors import InvalidValue, RuleViolation
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


def step_dated(day: date, earliest: date, ctx: Context, field: str, code: str) -> None:
    """A step carries the day it was decided or happened, which may be entered later: refuse a day in the future
    (R-VALUE), or one before the fact the step follows (the rule's code)."""
    if day > ctx.today:
        raise InvalidValue(f"{field} {day} is in the future", field=field)
    if day < earliest:
        raise RuleViolation(f"{field} {day} is before {earliest}", code=code, field=field)


def instant_in_past(instant: datetime, ctx: Context, field: str) -> None:
    """Refuse an instant without a UTC offset, out of range, or in the future (R-VALUE)."""
    if instant.tzinfo is None:
        raise InvalidValue(f"{field} needs a UTC offset, e.g. 2025-03-03T09:30:00+08:00", field=field)
    try:
        business_date(instant)
    except OverflowError:
        raise InvalidValue(f"{field} is out of range", field=field) from None
    if instant > ctx.now:
        raise InvalidValue(f"{field} is in the future", field=field)
