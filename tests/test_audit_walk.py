"""The verification walk over a fake of the AuditedLog port: every kind of change is named at its position, across
page boundaries, from the chain's start or from a trusted position, and against a published digest."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import attrs
import pytest

from application.audit_chain import GENESIS, AuditedLog, Link, LoggedRow, chain_digest, link_events
from application.audit_verify import ProblemKind, PublishedDigest, Verification, log_head, verify
from domain.errors import InvalidValue

STREAM = uuid.UUID("0b6b3f2e-6a3c-4f51-9a3e-2f1f1c1d0e01")


@attrs.define
class FakeLog:
    """A log and its chain in lists, as a store would hold them, for the walk to read."""

    events: list[LoggedRow]
    links: list[Link]

    def events_after(self, after: int, limit: int) -> Sequence[LoggedRow]:
        """Event rows after a position."""
        return [e for e in self.events if e.position > after][:limit]

    def links_after(self, after: int, limit: int) -> Sequence[Link]:
        """Chain rows after a position."""
        return [k for k in self.links if k.position > after][:limit]

    def last_link(self) -> Link | None:
        """The newest chain row."""
        return self.links[-1] if self.links else None

    def last_position(self) -> int:
        """The newest event's position."""
        return self.events[-1].position if self.events else 0

    def at(self, position: int) -> LoggedRow:
        """The event row at a position."""
        return next(e for e in self.events if e.position == position)

    def replace_event(self, position: int, **changes: object) -> None:
        """Change an event row in place, as someone with write access to the table could."""
        self.events = [e._replace(**changes) if e.position == position else e for e in self.events]  # type: ignore[arg-type]

    def replace_link(self, position: int, **changes: object) -> None:
        """Change a chain row in place."""
        self.links = [k._replace(**changes) if k.position == position else k for k in self.links]  # type: ignore[arg-type]


def row(position: int, version: int = 1, state: bytes = b'{"n": 1}') -> LoggedRow:
    """An event row of stream STREAM."""
    return LoggedRow(position, STREAM, version, "staff.person_added", state)


def chained(positions: Sequence[int]) -> FakeLog:
    """A log whose events at these positions were each chained when written."""
    events = [row(p, version=i, state=f'{{"n": {p}}}'.encode()) for i, p in enumerate(positions, start=1)]
    return FakeLog(events, link_events(None, events))


# Positions with gaps, as failed saves leave them.
POSITIONS = [1, 2, 3, 5, 6, 9, 10, 11, 14, 15]


def walk(log: AuditedLog, **options: object) -> Verification:
    """Verify in pages of 3 rows, so that every case meets page boundaries."""
    return verify(log, page=3, **options)  # type: ignore[arg-type]


def test_an_untouched_log_verifies_to_its_head() -> None:
    log = chained(POSITIONS)
    result = walk(log)
    assert result.problem is None
    assert (result.checked, result.head) == (10, log.links[-1])
    assert log_head(log) == log.links[-1]


def test_the_digest_covers_every_field_unambiguously() -> None:
    before = chain_digest(GENESIS, 1, STREAM, 1, "ab", b"c")
    assert before != chain_digest(GENESIS, 1, STREAM, 1, "a", b"bc")  # a byte moved between fields
    assert before != chain_digest(GENESIS, 2, STREAM, 1, "ab", b"c")
    assert before != chain_digest(GENESIS, 1, uuid.uuid4(), 1, "ab", b"c")
    assert before != chain_digest(GENESIS, 1, STREAM, 2, "ab", b"c")
    assert before != chain_digest(bytes(31) + b"\x01", 1, STREAM, 1, "ab", b"c")


def test_an_altered_event_is_named_at_its_position() -> None:
    log = chained(POSITIONS)
    log.replace_event(6, state=b'{"n": 7}')
    problem = walk(log).problem
    assert problem is not None
    assert (problem.kind, problem.position, problem.stream_id, problem.version) == (ProblemKind.ALTERED, 6, STREAM, 5)


def test_an_altered_chain_row_is_told_from_an_altered_event_by_the_row_after_it() -> None:
    log = chained(POSITIONS)
    log.replace_link(6, digest=bytes(32))
    problem = walk(log).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.CHAIN_ALTERED, 6)


def test_a_change_at_the_head_is_named_though_nothing_after_it_tells_which_row_changed() -> None:
    log = chained(POSITIONS)
    log.replace_link(15, digest=bytes(32))
    problem = walk(log).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.ALTERED, 15)
    assert "newest event" in problem.detail


def test_a_chain_row_naming_a_previous_position_not_before_it_is_altered() -> None:
    log = chained(POSITIONS)
    log.replace_link(9, previous_position=9)
    problem = walk(log).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.CHAIN_ALTERED, 9)


def test_an_event_without_a_chain_row_was_inserted_behind_the_applications_back() -> None:
    log = chained(POSITIONS)
    log.events = sorted([*log.events, row(12, version=1)])
    problem = walk(log).problem
    assert problem is not None
    assert (problem.kind, problem.position, problem.version) == (ProblemKind.INSERTED, 12, 1)


def test_an_event_slipped_in_with_a_chain_row_of_its_own_is_named_by_the_row_that_skips_it() -> None:
    log = chained(POSITIONS)
    # In the gap between 11 and 14, chained after 11 as the application would have: only the next row shows it.
    slipped = row(12, version=1, state=b'{"slipped": true}')
    log.events = sorted([*log.events, slipped])
    log.links = sorted([*log.links, *link_events(log.links[7], [slipped])])
    problem = walk(log).problem
    assert problem is not None
    assert (problem.kind, problem.position) == (ProblemKind.INSERTED, 12)
    assert "follows position 11" in problem.detail


def test_an_event_whose_row_is_gone_was_removed() -> None:
    log = chained(POSITIONS)
    log.events = [e for e in log.events if e.position != 5]
    problem = walk(log).problem
    assert problem is not None
    assert (problem.kind, problem.position, problem.stream_id) == (ProblemKind.REMOVED, 5, None)


def test_an_event_removed_with_its_chain_row_is_named_by_the_row_after_it() -> None:
    log = chained(POSITIONS)
    log.events = [e for e in log.events if e.position != 9]
    log.links = [k for k in log.links if k.position != 9]
    problem = walk(log).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.REMOVED, 9)


def test_a_log_with_events_and_no_chain_is_not_verified() -> None:
    log = chained(POSITIONS)
    log.links = []
    problem = walk(log).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.UNCHAINED, 1)


def test_an_empty_log_is_intact_at_the_genesis() -> None:
    result = walk(FakeLog([], []))
    assert result.problem is None and (result.checked, result.head.position, result.head.digest) == (0, 0, GENESIS)


def test_a_walk_from_a_position_trusts_its_stored_digest_and_checks_what_follows() -> None:
    log = chained(POSITIONS)
    log.replace_event(2, state=b"changed before the start")  # not seen: the start's digest is trusted
    result = walk(log, start=5)
    assert result.problem is None and (result.checked, result.trusted_from) == (6, 5)
    log.replace_event(10, state=b"changed after the start")
    problem = walk(log, start=5).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.ALTERED, 10)


def test_a_walk_cannot_start_where_there_is_no_chain_row() -> None:
    with pytest.raises(InvalidValue, match="no chain row at position 4"):
        walk(chained(POSITIONS), start=4)


def test_a_published_digest_proves_the_log_up_to_its_position() -> None:
    log = chained(POSITIONS)
    published = PublishedDigest(9, next(k.digest for k in log.links if k.position == 9))
    assert walk(log, published=published).problem is None

    # Someone who can write the tables changes an event and writes the chain again to match: the chain is whole.
    log.replace_event(3, state=b'{"n": "rewritten"}')
    log.links = link_events(None, log.events)
    assert walk(log).problem is None
    problem = walk(log, published=published).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.NOT_AS_PUBLISHED, 9)


def test_a_published_position_gone_from_the_log_is_named() -> None:
    log = chained(POSITIONS)
    published = PublishedDigest(9, next(k.digest for k in log.links if k.position == 9))
    log.events = [e for e in log.events if e.position != 9]
    log.links = link_events(None, log.events)
    problem = walk(log, published=published).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.NOT_AS_PUBLISHED, 9)


def test_a_log_cut_short_before_a_published_position_is_named() -> None:
    log = chained(POSITIONS)
    published = PublishedDigest(15, log.links[-1].digest)
    log.events, log.links = log.events[:-2], log.links[:-2]  # the newest events and their chain rows removed
    assert walk(log).problem is None
    problem = walk(log, published=published).problem
    assert problem is not None and (problem.kind, problem.position) == (ProblemKind.NOT_AS_PUBLISHED, 15)


def test_progress_is_reported_page_by_page_up_to_the_head() -> None:
    seen: list[int] = []
    walk(chained(POSITIONS), progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 15 and len(seen) >= 3


@pytest.mark.parametrize("text", ["12", "12:abc", "0:" + "0" * 64, "x:" + "0" * 64, "12:" + "g" * 64])
def test_a_published_digest_that_is_not_position_and_64_hex_digits_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        PublishedDigest.parse(text)
