"""Read models as pure folds over the log, kept by a runner that moves each one's position with its rows."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, Protocol, TypeVar
from uuid import UUID

import attrs

from application.errors import Unavailable
from application.ports import LoggedEvent
from domain.errors import InvalidValue
from domain.events import DomainEvent

R = TypeVar("R")
BATCH = 500


class ReadSide(Protocol):
    """Where a read model keeps its log position, and how it follows the log."""

    async def position(self) -> int:
        """The log position of the last event applied."""
        ...

    async def events_after(self, position: int, limit: int) -> list[LoggedEvent]:
        """Events of the log after a position, in order."""
        ...

    async def events_of(self, position: int, limit: int, types: frozenset[str]) -> tuple[list[LoggedEvent], int]:
        """The events of these type names among the log's next `limit` events after a position, in order, and the
        position of the last of those `limit` (`position` when there are none): the others are not decoded."""
        ...

    async def head(self) -> int:
        """The position of the newest event in the log (0 when it is empty): one cheap query."""
        ...

    async def lead(self) -> bool:
        """Whether this process may advance the read model now: one process at a time does, across every process
        and host serving the store (an advisory lock on PostgreSQL, a file lock beside an SQLite file)."""
        ...

    notified: bool
    """Whether the store wakes a runner waiting for events when the log is written (PostgreSQL's NOTIFY): its runners
    then look on their own only every IDLE_SECONDS, not every POLL_SECONDS."""

    async def wait_for_events(self, seconds: float, types: frozenset[str] | None = None) -> None:
        """Return when events of these type names (of any, if None) may have been logged since the last call
        (LISTEN/NOTIFY on PostgreSQL), or after `seconds` at most (stores that cannot tell are polled)."""
        ...

    async def reset(self) -> None:
        """Empty the read model and move its position back to the start."""
        ...


class ProjectionStore(ReadSide, Protocol[R]):
    """A read model whose rows are folded one event at a time, by stream."""

    async def rows(self, ids: Sequence[UUID]) -> dict[UUID, R]:
        """The stored rows of these streams."""
        ...

    async def save(self, rows: Sequence[R], expected: int, position: int) -> bool:
        """Upsert rows and move the position from `expected` in one transaction; False if another runner moved it."""
        ...


@attrs.frozen
class Projection(Generic[R]):
    """Which events a read model follows, and the pure fold of one stream's row."""

    event_types: tuple[type[DomainEvent], ...]
    apply: Callable[[R | None, DomainEvent], R]

    @property
    def followed(self) -> frozenset[str]:
        """The type names of the events it folds."""
        return frozenset(t.type_name for t in self.event_types)


async def catch_up(
    store: ProjectionStore[R], projection: Projection[R], progress: Callable[[int], None] | None = None
) -> int:
    """Apply every event not yet applied, batch by batch; returns the position reached.

    Each event has exactly one effect: rows and position move together, and a runner that finds the
    position moved by another process rereads from there.
    """
    # Only the followed events' bodies are read and decoded: the others (a registration rush's thousands of sealed
    # registrations, for the documents' index) cost each read model nothing but their positions.
    followed = projection.followed
    while True:
        position = await store.position()
        events, last = await store.events_of(position, BATCH, followed)
        if last == position:
            return position
        relevant = [e.event for e in events if isinstance(e.event, projection.event_types)]
        ids = list(dict.fromkeys(e.originator_id for e in relevant))
        rows = dict(await store.rows(ids)) if ids else {}
        for event in relevant:
            rows[event.originator_id] = projection.apply(rows.get(event.originator_id), event)
        if await store.save([rows[i] for i in ids], position, last) and progress is not None:
            progress(last)


READ_WAIT_SECONDS = 5.0
"""How long a read waits for its read model to reach the position it must reflect before it answers 503."""
POLL_SECONDS = 0.1
"""How often a background runner looks for new events when the store cannot wake it (SQLite, memory), and how often
a process that does not lead a read model looks whether the leader has gone."""
IDLE_SECONDS = 1.0
"""How often a background runner looks anyway when the store wakes it at each write (a notification lost with its
connection), and whether the leader has gone: ten looks a second by every read model cost an idle server 7% of a
core and 100 transactions a second."""

FOLLOWED_CHECK = 2_000
"""How many positions behind the log a read model may be for a read to look whether any of them is an event it
follows, rather than wait for its runner to pass them."""
GATHER_SECONDS = 0.05
"""How long a background runner, woken by a write, waits for more before it catches up (unless a read is waiting)."""
STOP_SECONDS = 5.0
"""How long a shutdown waits for a background runner to stop."""

logger = logging.getLogger("gongkai.read_models")


Advance = Callable[[Callable[[int], None] | None], Awaitable[int]]
"""A read model's catch-up: applies every event not yet applied, reporting positions reached to the callback if one
is given; returns the position reached."""


class Runner:
    """Keeps one read model caught up with the log: in the background (`run`, one task per serving process), or, where
    nothing runs in the background (the CLI, tests of the use cases), inside the read that needs it.

    A read must reflect the log at least as it stood when the read arrived (or up to a position its caller names):
    `reached` waits, bounded, for the background runner (of this process, or of whichever process leads) to get
    there. Catch-ups inside reads are shared: requests that arrive while one runs wait, and the first of them runs
    the next catch-up for all of them (without this every request would fold the same events, all but one failing
    to move the position, and after a release that rebuilds a read model each would redo the whole log).
    """

    def __init__(
        self,
        name: str,
        store: ReadSide,
        advance: Advance,
        on_lead: Callable[[], Awaitable[None]] | None = None,
        follows: frozenset[str] | None = None,
    ) -> None:
        self.name = name
        self._store = store
        self._advance = advance
        self._on_lead = on_lead
        """Called when this process begins to lead the read model, before its first catch-up as leader (what another
        leader applied since this process last led is not in this process's caches)."""
        self._follows = follows
        """The type names of the events the read model folds (None: any may change it). Writes of others do not wake
        its runner (it passes them once every IDLE_SECONDS), and a read does not wait for it to pass them."""
        self._locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self._background: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}
        self._progress: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        """Set when a catch-up ends."""
        self._wanted: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        """Set when a read waits for the read model."""
        self._stopping: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        """Set when the background runner is to stop."""
        self._begun = 0
        """How many catch-ups have begun."""
        self._ended: tuple[int, int] = (0, 0)
        """The number of the last catch-up that ended, and the position it reached."""

    @property
    def store(self) -> ReadSide:
        """Where the read model keeps its position."""
        return self._store

    async def catch_up(self) -> int:
        """Apply every event logged before this call; returns the position reached."""
        arrived = self._begun
        async with self._loop_lock():
            number, position = self._ended
            if number > arrived:  # begun after this request arrived, so it has seen what the request must see
                return position
            self._begun += 1
            number = self._begun
            position = await self._advance(None)
            self._ended = (number, position)
            self._loop_event(self._progress).set()
            return position

    async def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Drop the read model and build it again from the whole log, reporting the positions reached."""
        async with self._loop_lock():
            await self._store.reset()
            return await self._advance(progress)

    def start(self) -> asyncio.Task[None]:
        """Run in the background on the running loop until cancelled (see `stop`)."""
        loop = asyncio.get_running_loop()
        task = self._background.get(loop)
        if task is None or task.done():
            task = self._background[loop] = loop.create_task(self.run(), name=f"read model {self.name}")
        return task

    async def stop(self) -> None:
        """Stop the background runner of the running loop, if any: it ends the step it is in (work in a worker thread
        cannot be cancelled, and the store must not be closed under it), then stops; cancelled if it takes too long."""
        task = self._background.pop(asyncio.get_running_loop(), None)
        if task is None:
            return
        self._loop_event(self._stopping).set()
        done, _ = await asyncio.wait({task}, timeout=STOP_SECONDS)
        if not done:  # a store that does not answer: a shutdown must not hang on it
            logger.warning("read model %s: its runner did not stop within %s s", self.name, STOP_SECONDS)
            task.cancel()

    @property
    def running(self) -> bool:
        """Whether a background runner follows the log on the running loop."""
        task = self._background.get(asyncio.get_running_loop())
        return task is not None and not task.done()

    async def run(self) -> None:
        """Follow the log: whenever events may have arrived, catch up if this process leads the read model. A failing
        store (the database restarting) is retried with a growing pause, never given up on."""
        pause = POLL_SECONDS
        leading = False
        stopping = self._loop_event(self._stopping)
        stopping.clear()
        while not stopping.is_set():
            try:
                leads = await self._store.lead()
                if leads and not leading and self._on_lead is not None:
                    await self._on_lead()
                leading = leads
                if leads:
                    await self.catch_up()
                wanted = self._loop_event(self._wanted)
                await self._until_work(wanted, stopping)
                if stopping.is_set():
                    break
                # Gather what else arrives for a moment, unless a read here is waiting: one catch-up for many events,
                # not one for each (under load they cost a third of the server's time).
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wanted.wait(), timeout=GATHER_SECONDS)
                wanted.clear()
                pause = POLL_SECONDS
            except asyncio.CancelledError:
                raise
            except Exception:  # the store is unreachable or failing: keep trying, the reads answer 503 meanwhile
                logger.warning("read model %s cannot catch up; retrying in %.1f s", self.name, pause, exc_info=True)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), timeout=pause)
                pause = min(pause * 2, 5.0)

    async def _until_work(self, wanted: asyncio.Event, stopping: asyncio.Event) -> None:
        """Wait until the log has events the read model follows, a read in this process waits for it, the runner is
        to stop, or it is time to look anyway."""
        seconds = IDLE_SECONDS if self._store.notified else POLL_SECONDS
        writes = asyncio.ensure_future(self._store.wait_for_events(seconds, self._follows))
        others = [asyncio.ensure_future(event.wait()) for event in (wanted, stopping)]
        try:
            await asyncio.wait({writes, *others}, return_when=asyncio.FIRST_COMPLETED)
            if writes.done():
                writes.result()  # a failing store raises here
        finally:
            for task in (writes, *others):
                task.cancel()

    async def _nothing_followed(self, after: int, up_to: int) -> bool:
        """Whether the log holds none of the events the read model follows after one position up to another: then
        the read model as it stands is what the log up to the second gives (checked over a short stretch only)."""
        if self._follows is None or up_to - after > FOLLOWED_CHECK:
            return False
        events, last = await self._store.events_of(after, up_to - after, self._follows)
        return last >= up_to and not any(e.position <= up_to for e in events)

    async def reached(self, position: int | None = None, seconds: float | None = None) -> int:
        """Wait until the read model reflects the log up to `position` (by default, the log's head now); returns the
        position it reflects. Raises Unavailable when it does not get there within `seconds`."""
        if not self.running:
            reached = await self.catch_up()
            if position is None or reached >= position:
                return reached
        head = await self._store.head()
        if position is not None and position > head:
            raise InvalidValue(f"position {position} is past the log's newest, {head}", field="position")
        target = head if position is None else position
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (READ_WAIT_SECONDS if seconds is None else seconds)
        progress = self._loop_event(self._progress)
        pause = 0.002
        reached = await self._store.position()
        if reached < target and await self._nothing_followed(reached, target):
            return target
        while True:
            if reached >= target:
                return reached
            if loop.time() >= deadline:
                raise Unavailable(
                    f"the {self.name.replace('_', ' ')} has not yet caught up with the log (at {reached} of {target}); "
                    "retry in a moment",
                    retry_after=1,
                )
            progress.clear()
            self._loop_event(self._wanted).set()  # this process's runner, waiting or gathering, goes now
            with contextlib.suppress(TimeoutError):
                # Woken at once by this process's runner; polled for another process's.
                await asyncio.wait_for(progress.wait(), timeout=min(pause, max(deadline - loop.time(), 0)))
            pause = min(pause * 2, POLL_SECONDS)
            reached = await self._store.position()

    def _loop_lock(self) -> asyncio.Lock:
        """The lock of the running event loop: a lock belongs to one loop, and the application may be served by
        several, one after another (the tests' clients)."""
        loop = asyncio.get_running_loop()
        if loop not in self._locks:
            self._locks = {known: lock for known, lock in self._locks.items() if not known.is_closed()}
            self._locks[loop] = asyncio.Lock()
        return self._locks[loop]

    @staticmethod
    def _loop_event(events: dict[asyncio.AbstractEventLoop, asyncio.Event]) -> asyncio.Event:
        """The running loop's event of these (an event belongs to one loop); those of closed loops are forgotten."""
        loop = asyncio.get_running_loop()
        if loop not in events:
            for known in [known for known in events if known.is_closed()]:
                del events[known]
            events[loop] = asyncio.Event()
        return events[loop]


T = TypeVar("T")
MAX_PAGE_SIZE = 500


def check_page(page: int, page_size: int) -> None:
    """Refuse a page out of range, naming the field."""
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidValue(f"page is at least 1 and page_size 1 to {MAX_PAGE_SIZE}", field="page_size")


def one_page(items: Sequence[T], page: int, page_size: int) -> tuple[T, ...]:
    """The items of one page (pages count from 1)."""
    start = (page - 1) * page_size
    return tuple(items[start : start + page_size])
