"""Telling registrants what concerns them — a place confirmed, a promotion from the waiting list, the open day
cancelled or moved — from the log, after the fact (an outbox): a notice is due from the moment the log holds its
cause until the log holds its `open_day_notice.sent`. A failed send is tried again later; the registration was saved
before anything was sent, so no failure of a channel can lose it. A notice sent whose record could not be written is
sent again (at least once, never lost)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, Protocol
from uuid import UUID

import attrs

from application.errors import NotFound
from application.open_day_board import Board, OpenDayLog
from application.ports import Clock, EventStore
from application.saving import Decision, after, decide_and_save
from application.streams import OPEN_DAY_NOTICES, OPEN_DAY_REGISTRATION
from domain.actors import SYSTEM
from domain.events import DomainEvent
from domain.open_day import events as ev
from domain.open_day.roster import Change
from domain.open_day.state import Notices, OpenDay, evolve_notices
from domain.open_day.values import NoticeKind, notices_id
from domain.personal_data import PersonalData

logger = logging.getLogger("gongkai.notices")

FIRST_RETRY_SECONDS = 5.0
LAST_RETRY_SECONDS = 600.0


@attrs.frozen
class Notice:
    """What one registrant is told about one open day."""

    kind: NoticeKind
    registration_id: UUID
    registrant: PersonalData
    title: str
    starts_at: datetime
    ends_at: datetime
    where: str
    """The venue, or the stream link."""


class NotificationFailed(Exception):
    """A channel could not deliver a notice now; it is tried again later."""


class Notifier(Protocol):
    """The notification port: delivers a notice, or raises NotificationFailed."""

    def send(self, notice: Notice) -> str:
        """Deliver the notice; the channel it went by (`email`, `log`, or why it went by none)."""
        ...


Key = tuple[UUID, NoticeKind, int]


@attrs.define
class _Attempts:
    count: int
    next_at: float


class NoticeStore(EventStore, OpenDayLog, Protocol):
    """The log the outbox reads its causes from and writes its records to."""


class Outbox:
    """The notices due, folded from the log in order, and their sending; `run_once` is one pass."""

    def __init__(
        self,
        store: NoticeStore,
        notifier: Notifier,
        clock: Clock,
        monotonic: Callable[[], float],
        board: Board | None = None,
    ) -> None:
        """`board` is the registrations' own where there is one: the log's open-day events are then read and folded once
        in a process, not once for registering and again for telling."""
        self._store = store
        self._notifier = notifier
        self._clock = clock
        self._monotonic = monotonic
        self._due: dict[Key, Change] = {}
        self._attempts: dict[Key, _Attempts] = {}
        self._told: dict[UUID, Notices] = {}
        """Each registrant's notice stream as the log holds it, folded with the rest: a notice's record is written
        without reading the stream first."""
        self.board = board or Board(store)
        self.board.also_fold(self._fold_sent, on_change=self._became_due)

    def _became_due(self, change: Change) -> None:
        self._due[(change.registration_id, change.kind, change.cause)] = change

    def _fold_sent(self, position: int, event: DomainEvent) -> None:
        if isinstance(event, ev.NoticeSent):
            key = (event.registration_id, event.kind, event.cause)
            self._due.pop(key, None)
            self._attempts.pop(key, None)
            self._told[event.originator_id] = evolve_notices(self._told.get(event.originator_id), event)

    @property
    def due(self) -> list[Change]:
        """The notices due, in the order their causes were logged."""
        return self.board.locked(lambda: list(self._due.values()))

    def run_once(self) -> int:
        """Catch up with the log and send every notice due whose retry time has come; the number sent."""
        self.board.catch_up()
        sent = 0
        for key, change in self.board.locked(lambda: list(self._due.items())):
            attempts = self._attempts.get(key)
            if attempts is not None and attempts.next_at > self._monotonic():
                continue
            try:
                self._send(change)
            except Exception as error:  # any channel's failure: the notice stays due and is tried again
                count = attempts.count + 1 if attempts else 1
                wait = min(FIRST_RETRY_SECONDS * 2 ** (count - 1), LAST_RETRY_SECONDS)
                self._attempts[key] = _Attempts(count, self._monotonic() + wait)
                logger.warning("notice %s to registration %s failed (%s); again in %.0f s", change.kind,
                               change.registration_id, error, wait)  # fmt: skip
                continue
            self.board.locked(partial(self._due.pop, key, None))
            self._attempts.pop(key, None)
            sent += 1
        return sent

    def _send(self, change: Change) -> None:
        registration = self._store.load(OPEN_DAY_REGISTRATION, change.registration_id)
        open_day = self.board.open_day(change.open_day_id)
        assert open_day is not None
        channel = self._notifier.send(_notice(change, registration.registrant, open_day))
        stream = notices_id(change.registration_id)
        attempts = 0

        def decide() -> Decision:
            nonlocal attempts
            attempts += 1
            # The board's fold has the stream as the log held it when the notice fell due; only a save that conflicts
            # (another process recorded a notice to this registrant meanwhile) reads the stream itself.
            known = self.board.locked(lambda: self._told.get(stream)) if attempts == 1 else self._notices(stream)
            fields: dict[str, Any] = {"open_day_id": change.open_day_id, "registration_id": change.registration_id,
                      "kind": change.kind, "cause": change.cause, "channel": channel}  # fmt: skip
            event = _sent(known, stream, self._clock.now(), fields)
            return Decision([event], [(OPEN_DAY_NOTICES, after(OPEN_DAY_NOTICES, known, [event]))])

        decide_and_save(self._store, decide)

    def _notices(self, stream: UUID) -> Notices | None:
        try:
            return self._store.load(OPEN_DAY_NOTICES, stream)
        except NotFound:
            return None


def _sent(known: Notices | None, stream: UUID, now: datetime, fields: dict[str, Any]) -> ev.NoticeSent:
    """The record of a notice sent, by the software, as the next event of the registrant's notice stream."""
    version = (known.version if known else 0) + 1
    return ev.NoticeSent(originator_id=stream, originator_version=version, timestamp=now, actor=SYSTEM, **fields)


def _notice(change: Change, registrant: PersonalData, open_day: OpenDay) -> Notice:
    where = open_day.venue or open_day.stream_link or ""
    return Notice(change.kind, change.registration_id, registrant, open_day.title, open_day.starts_at,
                  open_day.ends_at, where)  # fmt: skip
