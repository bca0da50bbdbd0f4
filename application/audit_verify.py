"""Verifying the log against its chain of digests, and against a digest published earlier.

The walk reads event rows and chain rows in pages, in position order, recomputes each digest from the event row and
the digest before it, and stops at the first problem, naming what happened there. A walk may start at a position:
it then trusts the stored digest of the chain row there, and says so.
"""

from __future__ import annotations

import enum
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from uuid import UUID

import attrs

from application.audit_chain import GENESIS, START, AuditedLog, Link, LoggedRow, chain_digest
from domain.errors import InvalidValue

PAGE = 20_000
"""Rows read at a time: large pages keep the number of queries, not memory, the cost that matters."""
_LOOKBACK = 1024
"""Events kept after they were checked, to name the first of those a chain row skips (inserted by hand)."""


class ProblemKind(enum.Enum):
    """What happened to the log at a position."""

    ALTERED = "an event was altered"
    CHAIN_ALTERED = "a chain row was altered"
    INSERTED = "an event was inserted behind the application's back"
    REMOVED = "an event was removed"
    UNCHAINED = "the log has no chain"
    NOT_AS_PUBLISHED = "the log differs from a digest published earlier"


@attrs.frozen
class Problem:
    """The first problem a walk found: where, in which stream, and what happened."""

    kind: ProblemKind
    position: int
    stream_id: UUID | None
    """None when the event's row is gone (only its position is known)."""
    version: int | None
    detail: str


@attrs.frozen
class PublishedDigest:
    """A digest of the log up to a position, as `gongkai audit digest` gave it and someone kept it."""

    position: int
    digest: bytes

    @classmethod
    def parse(cls, text: str) -> PublishedDigest:
        """`POSITION:HEX`, the digest in 64 hexadecimal digits."""
        found = re.fullmatch(r"\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*", text)
        if found is None or int(found.group(1)) < 1:
            raise InvalidValue(f"a published digest is POSITION:HEX (a position from 1, 64 hex digits), not {text!r}")
        return cls(int(found.group(1)), bytes.fromhex(found.group(2)))


@attrs.frozen
class Verification:
    """What a walk checked, and the first problem it found (None: the log is intact)."""

    checked: int
    head: Link
    """The last chain row checked, its digest recomputed (the start's, when nothing was checked)."""
    trusted_from: int | None
    """The position whose stored digest the walk started from, trusting it; None: from the chain's start."""
    published: PublishedDigest | None
    problem: Problem | None

    @property
    def intact(self) -> bool:
        """Whether the walk found no problem."""
        return self.problem is None


def log_head(log: AuditedLog) -> Link:
    """The position and stored digest of the newest chain row (position 0 and the genesis for an empty chain)."""
    return log.last_link() or Link(START, START, GENESIS)


def verify(
    log: AuditedLog,
    *,
    start: int = START,
    published: PublishedDigest | None = None,
    progress: Callable[[int], None] = lambda position: None,
    page: int = PAGE,
) -> Verification:
    """Walk the log after `start` (trusting its stored digest), checking every event against the chain."""
    head = Link(START, START, GENESIS) if start == START else _trusted(log, start)
    if published is not None and published.position <= start:
        raise InvalidValue(f"the published digest's position {published.position} must be after the start {start}")
    walk = _Walk(head, published)
    problem = _unchained(log) if start == START else None
    if problem is None:
        problem = _walk_pages(log, walk, start, page, progress) or walk.finish()
    return Verification(walk.checked, walk.head, None if start == START else start, published, problem)


def _walk_pages(log: AuditedLog, walk: _Walk, start: int, page: int, progress: Callable[[int], None]) -> Problem | None:
    for rows, end in _pages(log, start, page):
        for position, event, link in rows:
            if (problem := walk.step(position, event, link)) is not None:
                return problem
        progress(end)
    return None


def _trusted(log: AuditedLog, start: int) -> Link:
    found = log.links_after(start - 1, 1)
    if not found or found[0].position != start:
        raise InvalidValue(f"there is no chain row at position {start} to start from")
    return found[0]


def _unchained(log: AuditedLog) -> Problem | None:
    if log.last_link() is not None or not (first := log.events_after(START, 1)):
        return None
    return Problem(
        ProblemKind.UNCHAINED, first[0].position, first[0].originator_id, first[0].originator_version,
        "no event of the log is chained: a store from before tamper evidence that gongkai has not opened since "
        "(open it once, e.g. `gongkai staff list`, to chain its events), or its whole chain was removed",
    )  # fmt: skip


Row = tuple[int, LoggedRow | None, Link | None]


def _pages(log: AuditedLog, after: int, size: int) -> Iterator[tuple[list[Row], int]]:
    """Event rows and chain rows side by side by position, a page at a time, with the position each page ends at."""
    while True:
        events, links = log.events_after(after, size), log.links_after(after, size)
        full = [page[-1].position for page in (events, links) if len(page) == size]
        # Beyond the end of a full page the other side may hold rows this page cannot pair: stop at the lower end.
        end = min(full) if full else max([after] + [page[-1].position for page in (events, links) if page])
        yield _side_by_side(events, links, end), end
        if not full:
            return
        after = end


def _side_by_side(events: Sequence[LoggedRow], links: Sequence[Link], end: int) -> list[Row]:
    rows: list[Row] = []
    i = j = 0
    while True:
        at_event = events[i].position if i < len(events) else end + 1
        at_link = links[j].position if j < len(links) else end + 1
        position = min(at_event, at_link)
        if position > end:
            return rows
        event = events[i] if at_event == position else None
        link = links[j] if at_link == position else None
        i, j = i + (event is not None), j + (link is not None)
        rows.append((position, event, link))


class _Walk:
    """The chain checked so far: the last chain row accepted, and the events accepted just before it."""

    def __init__(self, head: Link, published: PublishedDigest | None) -> None:
        self.head = head
        self.published = published
        self.checked = 0
        self.recent: deque[LoggedRow] = deque(maxlen=_LOOKBACK)
        self.mismatch: tuple[LoggedRow, bytes] | None = None
        """An event whose digest differs from its chain row's, with the digest recomputed: the next row tells
        whether the event or the chain row changed."""

    def step(self, position: int, event: LoggedRow | None, link: Link | None) -> Problem | None:
        """Check the next position; a problem ends the walk."""
        if self.mismatch is not None:
            return self._which_changed(event, link)
        if (missed := self._published_missed(position)) is not None:
            return missed
        if link is None:
            assert event is not None
            return _problem(ProblemKind.INSERTED, event, "the event has no chain row")
        if event is None:
            return Problem(ProblemKind.REMOVED, position, None, None, "its chain row is there, the event's row is not")
        if link.previous_position != self.head.position:
            return self._broken_link(event, link)
        digest = chain_digest(
            self.head.digest, position, event.originator_id, event.originator_version, event.topic, event.state
        )
        if digest != link.digest:
            self.mismatch = (event, digest)
            return None
        self.head = Link(position, link.previous_position, digest)
        self.checked += 1
        self.recent.append(event)
        if self.published is not None and position == self.published.position and digest != self.published.digest:
            return _problem(
                ProblemKind.NOT_AS_PUBLISHED, event,
                "the chain is whole, but the digest recomputed here is not the one published: events up to here were "
                "changed and the chain written again to match",
            )  # fmt: skip
        return None

    def finish(self) -> Problem | None:
        """The problem left at the end of the log, if any."""
        if self.mismatch is not None:
            event, _ = self.mismatch
            return _problem(
                ProblemKind.ALTERED, event,
                "its digest is not the one it was chained with (the newest event: nothing after it tells whether the "
                "event or its chain row was altered)",
            )  # fmt: skip
        if self.published is not None and self.published.position > self.head.position:
            return Problem(
                ProblemKind.NOT_AS_PUBLISHED, self.published.position, None, None,
                f"the log ends at position {self.head.position}, before the published position: "
                "events were removed from its end",
            )  # fmt: skip
        return None

    def _published_missed(self, position: int) -> Problem | None:
        published = self.published
        if published is None or not self.head.position < published.position < position:
            return None
        return Problem(
            ProblemKind.NOT_AS_PUBLISHED, published.position, None, None,
            "the log has no event at the published position: it was removed, with its chain row",
        )  # fmt: skip

    def _which_changed(self, event: LoggedRow | None, link: Link | None) -> Problem:
        altered, recomputed = self.mismatch or (None, b"")
        assert altered is not None
        if event is not None and link is not None and link.previous_position == altered.position:
            follows = chain_digest(
                recomputed, event.position, event.originator_id, event.originator_version, event.topic, event.state
            )
            if follows == link.digest:
                return _problem(
                    ProblemKind.CHAIN_ALTERED, altered,
                    "the event is as it was chained (the next chain row confirms it), but its chain row's digest is "
                    "not",
                )  # fmt: skip
        return _problem(ProblemKind.ALTERED, altered, "its stored fields no longer give the digest it was chained with")

    def _broken_link(self, event: LoggedRow, link: Link) -> Problem:
        previous = link.previous_position
        if previous >= link.position:
            return _problem(ProblemKind.CHAIN_ALTERED, event, f"its chain row names position {previous} before it")
        if previous > self.head.position:
            return Problem(
                ProblemKind.REMOVED, previous, None, None,
                f"the chain row at position {link.position} follows position {previous}, where neither an event nor "
                "a chain row is left: the event was removed with its chain row",
            )  # fmt: skip
        first = next((e for e in self.recent if e.position > previous), None)
        return _problem(
            ProblemKind.INSERTED, first or event,
            f"the chain row at position {link.position} follows position {previous}: the events after {previous} up "
            f"to {self.head.position} are not in the chain the application wrote",
        )  # fmt: skip


def _problem(kind: ProblemKind, event: LoggedRow, detail: str) -> Problem:
    return Problem(kind, event.position, event.originator_id, event.originator_version, detail)
