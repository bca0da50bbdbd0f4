"""Ports: what the application needs from the outside world, as protocols."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

import attrs

from application.streams import StreamType
from domain.disclosure_request.values import ApplicantType
from domain.events import DomainEvent
from domain.personal_data import PersonalData

S = TypeVar("S")


@attrs.frozen
class LoggedEvent:
    """An event with its position in the one ordered log."""

    position: int
    event: DomainEvent


class EventStore(Protocol):
    """The one ordered log of every aggregate's events."""

    def load(self, stream: StreamType[S], stream_id: UUID, version: int | None = None) -> S:
        """The state of a stream, at a version if given; raises NotFound."""
        ...

    def remembered(self, stream: StreamType[S], stream_id: UUID) -> S | None:
        """The state of a stream as this process last loaded or saved it, without reading the store; None when not
        remembered. It may be behind the log (another process may have written since): see `decide_on_remembered`."""
        ...

    def history(self, stream_id: UUID, up_to_version: int | None = None) -> list[DomainEvent]:
        """A stream's events in order."""
        ...

    def append(self, events: Sequence[DomainEvent], states: Sequence[tuple[StreamType[Any], Any]] = ()) -> int:
        """Write events atomically; returns the log position of the last; raises ConcurrencyConflict.

        `states` are the new states of the streams written, for snapshots.
        """
        ...

    def read_log(self, after: int, limit: int) -> list[LoggedEvent]:
        """Up to `limit` events with positions after `after`, in log order."""
        ...

    def last_position(self) -> int:
        """The position of the newest event, 0 when the log is empty."""
        ...


class Clock(Protocol):
    """Tells the time; the domain never reads a clock itself."""

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class ApplicantKeys(Protocol):
    """Keys that tell the same applicant across applications without keeping who they are (R-REQ-FEE)."""

    def key(self, applicant: PersonalData, applicant_type: ApplicantType) -> str | None:
        """A keyed hash of the identity document number (a natural person) or unified social credit code (a legal
        person or other organisation); None when no number was given. The key is a server secret, never logged."""
        ...
