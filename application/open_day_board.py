"""The board of open days: every open day as it stands and the places of its registrants (the roster), folded from
the log in this process and brought up to the log's head before each read, so a person sees at once what was just
done. Nothing but the log is read, so every process gives the same answer for the same position."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol, TypeVar
from uuid import UUID

from application.ports import LoggedEvent
from domain.errors import InvalidValue
from domain.events import DomainEvent
from domain.open_day import events as ev
from domain.open_day.roster import Change, Roster, Standing
from domain.open_day.state import OpenDay, evolve_open_day
from domain.open_day.values import OpenDayStatus

T = TypeVar("T")

BATCH = 2_000
FRESH_SECONDS = 0.1
"""How long after a read of the log the board serves a registration's decision as it stands, without reading."""


class OpenDayLog(Protocol):
    """What the board reads: the log's head, and the events of some types in a range of positions."""

    def last_position(self) -> int:
        """The position of the newest event, 0 when the log is empty."""
        ...

    def read_log_of(
        self, types: Sequence[str], after: int, up_to: int, limit: int, personal_data: bool = True
    ) -> list[LoggedEvent]:
        """Up to `limit` events of these type names after `after` and at most `up_to`, in log order; without
        `personal_data`, the people's details unopened (`PersonalData.unopened`)."""
        ...


FOLDED = tuple(t.type_name for t in (*ev.OPEN_DAY_EVENTS, *ev.REGISTRATION_EVENTS, *ev.NOTICE_EVENTS))
"""The events the board reads: the open days', the registrations' (for the roster), and the notices' (the outbox's)."""


class Board:
    """Open days and their rosters, as of a log position.

    Reads are served from memory after one query for what the log holds beyond the position reached; folding is
    done under a lock, one reader at a time, so the roster always sees the log in its order.
    """

    def __init__(self, store: OpenDayLog, monotonic: Callable[[], float] | None = None) -> None:
        self._store = store
        self._monotonic = monotonic
        """Seconds from some fixed moment (time.monotonic): without it, the board never counts as freshly read."""
        self._read_ended = -FRESH_SECONDS
        """When the last read of the log ended, by `_monotonic`."""
        self._lock = threading.Lock()
        self._begun = 0
        """Reads of the log begun (counted under the lock)."""
        self._folded = 0
        """The number of the last read begun that was folded to its end: a caller that came when `_begun` was lower
        has had the log's head of its call folded."""
        self._on_change: list[Callable[[Change], None]] = []
        self._on_event: list[Callable[[int, DomainEvent], None]] = []
        self.position = 0
        self.roster = Roster()
        self.open_days: dict[UUID, OpenDay] = {}

    def also_fold(
        self, fold: Callable[[int, DomainEvent], None], on_change: Callable[[Change], None] | None = None
    ) -> None:
        """Give every event of the log, in order, to `fold` as well, and each change of a registrant's standing to
        `on_change` (the outbox's notices due and its record of what was sent). Both are called under the board's lock,
        by whichever thread folds."""
        self._on_event.append(fold)
        if on_change is not None:
            self._on_change.append(on_change)

    def locked(self, read: Callable[[], T]) -> T:
        """`read` under the board's lock: what the folds keep does not change while it reads."""
        with self._lock:
            return read()

    def catch_up(self, position: int | None = None) -> int:
        """Fold the log up to `position` at least (by default its head now); the position reached. InvalidValue for a
        position past the log's head.

        One reader at a time reads everything the log holds beyond the position reached, not only what its caller
        needs: callers that came while it read are then served by the next read, one for all of them, instead of one
        read each (in a registration rush every answer waits here)."""
        ticket = self._begun
        with self._lock:
            if self._folded <= ticket and (position is None or self.position < position):
                self._read_to_head()
            # The board has now read up to a head read after the call began, which is past every position committed
            # before it: a position beyond it was never written (a caller's mistake), and must not move the board.
            if position is not None and position > self.position:
                raise InvalidValue(f"position {position} is past the log's newest, {self.position}", field="position")
            return self.position

    def catch_up_unless_reading(self) -> int:
        """Fold what the log holds beyond the position reached, unless another caller is reading it now: then what that
        read brings is what this caller gets (the board is as fresh as a read just begun). For a decision that a board a
        moment old serves as well as the log's head: in a rush one read serves every registration that comes while it
        runs, where each used to make one of its own."""
        if not self._lock.acquire(blocking=False):
            return self.position
        try:
            self._read_to_head()
            return self.position
        finally:
            self._lock.release()

    def catch_up_unless_fresh(self) -> int:
        """As `catch_up_unless_reading`, but without reading at all when the last read ended less than FRESH_SECONDS
        ago: in a rush every answer reads the log up to its own registration, so the board is never older than that,
        and the decisions it serves are ones a board a moment old may make (see OpenDays._open_day)."""
        if self._monotonic is not None and self._monotonic() - self._read_ended < FRESH_SECONDS:
            return self.position
        return self.catch_up_unless_reading()

    def _read_to_head(self) -> None:
        """Fold what the log holds beyond the position reached, up to its head as it stood when the read began; the
        position then moves to that head, whether or not the log held any of the board's events before it (else, in a
        log of other events, every read went over all of them again: a quarter of a second each over 1,000,000 events,
        twice a second for the notices' outbox)."""
        self._begun += 1
        read = self._begun
        # Positions are committed in order, so every event up to the head read now is in the reads that follow.
        head = self._store.last_position()
        while True:
            # Nothing the board keeps reads a registrant's details (the outbox reads them when it sends): opening
            # them was a twentieth of a serving process's time in a rush.
            logged = self._store.read_log_of(FOLDED, self.position, head, BATCH, personal_data=False)
            for item in logged:
                self._fold(item.position, item.event)
            if len(logged) < BATCH:
                self.position = max(self.position, head)
                self._folded = read
                if self._monotonic is not None:
                    self._read_ended = self._monotonic()
                return
            self.position = logged[-1].position

    def _fold(self, position: int, event: DomainEvent) -> None:
        if isinstance(event, ev.OPEN_DAY_EVENTS):
            self.open_days[event.originator_id] = evolve_open_day(self.open_days.get(event.originator_id), event)
        for change in self.roster.apply(position, event):
            for tell in self._on_change:
                tell(change)
        for fold in self._on_event:
            fold(position, event)

    def standing(self, registration: UUID, position: int | None = None) -> Standing | None:
        """Where a registration stands once the board has reached `position` (by default the log's head)."""
        self.catch_up(position)
        with self._lock:
            return self.roster.standing(registration)

    def open_day(self, open_day_id: UUID) -> OpenDay | None:
        """An open day as the board has it (call `catch_up` first for the log's head)."""
        with self._lock:
            return self.open_days.get(open_day_id)

    def listing(self, wanted: Callable[[OpenDay], bool]) -> list[tuple[OpenDay, int, int]]:
        """The open days `wanted` admits, soonest first, each with its places left and the length of its waiting list,
        as of the log's head."""
        self.catch_up()
        with self._lock:
            found = sorted((d for d in self.open_days.values() if wanted(d)), key=lambda d: (d.starts_at, str(d.id)))
            return [(d, self.roster.places_left(d.id), self.roster.waiting_count(d.id)) for d in found]

    def counts(self, open_day_id: UUID) -> tuple[int, int]:
        """Places left and the length of the waiting list, as of the position reached."""
        with self._lock:
            return self.roster.places_left(open_day_id), self.roster.waiting_count(open_day_id)

    def places(self, open_day_id: UUID) -> tuple[list[UUID], list[UUID]]:
        """The registrations holding places and those waiting, each in arrival order, as of the log's head."""
        self.catch_up()
        with self._lock:
            return self.roster.confirmed(open_day_id), self.roster.waiting(open_day_id)


def upcoming(now: datetime) -> Callable[[OpenDay], bool]:
    """What the public sees listed: open days announced (registration opened), not cancelled, not yet started."""
    shown = {OpenDayStatus.REGISTRATION_OPEN, OpenDayStatus.REGISTRATION_CLOSED}
    return lambda day: day.status in shown and day.starts_at > now
