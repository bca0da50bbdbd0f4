"""The board's reads of the log: callers that come while one reads are served by one read after it, not one each,
and each caller has folded at least what the log held when it called."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from application.open_day_board import FRESH_SECONDS, Board
from application.ports import LoggedEvent
from domain.actors import SYSTEM
from domain.disclosure_request.events import ContactRecorded
from domain.disclosure_request.values import ContactKind
from domain.errors import InvalidValue
from domain.events import DomainEvent
from domain.open_day import events as ev
from domain.open_day.values import OpenDayFormat

NOW = datetime(2025, 3, 5, 2, 0, tzinfo=UTC)
DAY = uuid.uuid4()


def _planned() -> DomainEvent:
    return ev.Planned(
        originator_id=DAY, originator_version=1, timestamp=NOW, actor=SYSTEM, organ="o", department="d", title="t",
        description="d", format=OpenDayFormat.VISIT, venue="v", stream_link=None, starts_at=NOW + timedelta(days=3),
        ends_at=NOW + timedelta(days=3, hours=1), capacity=5, registration_opens_at=NOW,
        registration_closes_at=NOW + timedelta(days=2), min_age=18, max_age=65,
    )  # fmt: skip


class SlowLog:
    """A log whose first read waits until released; it counts the reads."""

    def __init__(self) -> None:
        self.events: list[LoggedEvent] = []
        self.reads = 0
        self.first_read_began = threading.Event()
        self.release = threading.Event()

    def last_position(self) -> int:
        return self.events[-1].position if self.events else 0

    def read_log_of(
        self, types: Sequence[str], after: int, up_to: int, limit: int, personal_data: bool = True
    ) -> list[LoggedEvent]:
        self.reads += 1
        seen = list(self.events)  # the reading transaction's snapshot
        if self.reads == 1:
            self.first_read_began.set()
            self.release.wait(10)
        return [e for e in seen if after < e.position <= up_to and e.event.type_name in types][:limit]


def test_callers_that_come_during_a_read_share_the_next_read_and_each_sees_what_was_logged_before_it_called() -> None:
    log = SlowLog()
    log.events.append(LoggedEvent(1, _planned()))
    board = Board(log)
    first = threading.Thread(target=board.catch_up)
    first.start()
    assert log.first_read_began.wait(10)
    # Logged after the first read took its snapshot: the first read does not see them, every later caller must.
    opened = ev.RegistrationOpened(originator_id=DAY, originator_version=2, timestamp=NOW, actor=SYSTEM)
    log.events.append(LoggedEvent(3, opened))
    for version in range(3, 10):
        moved = ev.Rescheduled(
            originator_id=DAY, originator_version=version, timestamp=NOW, actor=SYSTEM,
            starts_at=NOW + timedelta(days=version), ends_at=NOW + timedelta(days=version, hours=1),
            registration_closes_at=NOW + timedelta(days=2), reason="r",
        )  # fmt: skip
        log.events.append(LoggedEvent(version + 1, moved))
    reached: list[int] = []
    # Each at the position its own step was saved at, as a registration's answer waits for its own position.
    at_own = [threading.Thread(target=lambda p=p: reached.append(board.catch_up(p))) for p in range(3, 11)]
    for thread in at_own:
        thread.start()
        time.sleep(0.01)  # each waits for the board in turn, the lowest position first
    log.release.set()
    for thread in [first, *at_own]:
        thread.join(10)
    assert log.reads == 2
    assert len(reached) == 8 and min(reached) == 10
    state = board.open_day(DAY)
    assert state is not None and state.version == 9


def test_a_caller_at_a_position_the_board_has_passed_reads_nothing() -> None:
    log = SlowLog()
    log.release.set()
    log.events.append(LoggedEvent(1, _planned()))
    board = Board(log)
    assert board.catch_up() == 1
    assert board.catch_up(1) == 1
    assert log.reads == 1


class OtherEventsLog(SlowLog):
    """A log that records where each read began."""

    def __init__(self) -> None:
        super().__init__()
        self.release.set()
        self.read_from: list[int] = []

    def read_log_of(
        self, types: Sequence[str], after: int, up_to: int, limit: int, personal_data: bool = True
    ) -> list[LoggedEvent]:
        self.read_from.append(after)
        return super().read_log_of(types, after, up_to, limit)


def _contact_recorded(position: int) -> LoggedEvent:
    """An event of another aggregate (not the board's)."""
    return LoggedEvent(position, ContactRecorded(
        originator_id=uuid.uuid4(), originator_version=2, timestamp=NOW, actor=SYSTEM, kind=ContactKind.CALL,
        occurred_at=NOW, summary="s",
    ))  # fmt: skip


def test_the_board_moves_past_a_log_of_other_events_instead_of_reading_them_again_at_every_read() -> None:
    log = OtherEventsLog()
    log.events += [_contact_recorded(n) for n in range(1, 1001)]
    board = Board(log)
    assert board.catch_up() == 1000  # none of the board's events, yet the board has seen the log to its head
    log.events.append(LoggedEvent(1001, _planned()))
    log.events.append(_contact_recorded(1002))
    assert board.catch_up() == 1002
    assert board.open_day(DAY) is not None
    assert log.read_from == [0, 1000]  # the second read began where the first ended, not at the log's start


def test_a_decision_is_served_without_a_read_for_a_moment_after_one_ended() -> None:
    log = OtherEventsLog()
    log.events.append(LoggedEvent(1, _planned()))
    now = [100.0]
    board = Board(log, lambda: now[0])
    assert board.catch_up_unless_fresh() == 1
    log.events.append(_contact_recorded(2))
    now[0] += FRESH_SECONDS / 2
    assert board.catch_up_unless_fresh() == 1  # read a moment ago: served as it stands
    now[0] += FRESH_SECONDS
    assert board.catch_up_unless_fresh() == 2
    assert log.read_from == [0, 1]


def test_a_board_that_cannot_tell_the_time_reads_for_every_decision() -> None:
    log = OtherEventsLog()
    log.events.append(LoggedEvent(1, _planned()))
    board = Board(log)
    board.catch_up_unless_fresh()
    board.catch_up_unless_fresh()
    assert log.read_from == [0, 1]


def test_a_position_past_the_log_head_is_refused_and_leaves_the_board_reading() -> None:
    """A staff read may name a position (one a step answered with): one past the log's head was never written. It once
    moved the board there, so that every later read found nothing new: new open days answered 404 and registrations
    were decided on a board that no longer moved, until the process restarted."""
    log = OtherEventsLog()
    log.events.append(_contact_recorded(1))
    board = Board(log)
    with pytest.raises(InvalidValue) as refused:
        board.catch_up(9_007_199_254_740_991)
    assert refused.value.field == "position"
    log.events.append(LoggedEvent(2, _planned()))
    assert board.catch_up(2) == 2
    assert board.open_day(DAY) is not None
