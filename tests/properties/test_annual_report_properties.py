"""Properties of the annual report's tables (R-REPORT): for any history over several years every column of table 3
balances and each year carries in what the year before carried out; the report is the same on every replay of the
log, whatever the order in which different cases' events interleave; and the report as of an instant ignores every
event recorded after it."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta
from unittest import mock
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from application import annual_reports
from application.annual_reports import AnnualReports
from application.ports import LoggedEvent
from domain.actors import Role
from domain.annual_report import (
    ANSWERED,
    CARRIED_IN,
    CARRIED_OUT,
    COUNTED,
    NEW,
    OUTCOME_ROWS,
    TABLE3_COLUMNS,
    Case,
    CaseRef,
    case_from,
    tables,
)
from domain.calendar import SHANGHAI
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import GROUNDS, ApplicantType, Outcome, OutcomeCategory
from domain.errors import DomainError
from domain.events import DomainEvent
from tests.domain.builders import HEAD, applied, at, fold, reply, run
from tests.support import credential

YEARS = range(2022, 2028)

outcomes = st.one_of(
    st.sampled_from([Outcome(OutcomeCategory.DISCLOSED), Outcome(OutcomeCategory.PARTIALLY_DISCLOSED, withheld="x")]),
    st.sampled_from([Outcome(c, g) for c in GROUNDS for g in GROUNDS[c]]),
)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    received = draw(st.dates(date(2022, 1, 1), date(2027, 12, 31)))
    closed = draw(st.none() | st.integers(-30, 800).map(lambda days: received + timedelta(days=days)))
    return Case(
        CaseRef(uuid.uuid4(), draw(st.text("0123456789", min_size=1, max_size=4))),
        "闵行区人社局",
        received,
        draw(st.sampled_from(ApplicantType)),
        closed,
        draw(outcomes) if closed is not None else None,
    )


def _count(history: Sequence[Case], year: int, row: str, column: str) -> int:
    return tables(history, year).table3.count(row, column)


@given(st.lists(cases(), max_size=40))
def test_every_column_balances_and_each_year_carries_in_what_the_last_carried_out(history: list[Case]) -> None:
    for year in YEARS:
        t = tables(history, year).table3
        for column in TABLE3_COLUMNS:
            assert t.count(NEW, column) + t.count(CARRIED_IN, column) == t.count(ANSWERED, column) + t.count(
                CARRIED_OUT, column
            )
            assert t.count(ANSWERED, column) == sum(t.count(row, column) for row in OUTCOME_ROWS)
            assert t.count(CARRIED_IN, column) == _count(history, year - 1, CARRIED_OUT, column)


class ListLog:
    """A log in memory, in the order given."""

    def __init__(self, events: Sequence[DomainEvent]) -> None:
        self.logged = [LoggedEvent(n, e) for n, e in enumerate(events, start=1)]

    def last_position(self) -> int:
        return len(self.logged)

    def read_log_of(
        self,
        types: Sequence[str],
        after: int,
        up_to: int,
        limit: int,
        personal_data: bool = True,
        streams: Collection[UUID] | Mapping[str, Collection[UUID]] | None = None,
        matching: Mapping[str, str] | None = None,
    ) -> list[LoggedEvent]:
        found = [e for e in self.logged if after < e.position <= up_to and e.event.type_name in types][:limit]
        by_type = streams if isinstance(streams, Mapping) else {t: streams for t in types if streams is not None}
        return [
            e
            for e in found
            if (streams is None or e.event.originator_id in by_type.get(e.event.type_name, ()))
            and all(getattr(e.event, k, None) in (None, v) for k, v in (matching or {}).items())
        ]


@st.composite
def histories(draw: st.DrawFn) -> list[list[DomainEvent]]:
    """Applications received between 2024 and 2026, some replied to (some entered days late), as their events."""
    streams = []
    for _ in range(draw(st.integers(1, 8))):
        arrived = draw(st.dates(date(2024, 11, 1), date(2026, 1, 31)))
        receipt = run(None, applied(arrived, applicant_type=draw(st.sampled_from(ApplicantType))))
        events = list(receipt)
        if draw(st.booleans()):  # the applicant type corrected, some days later
            fix = cmd.CorrectApplicantType(applicant_type=draw(st.sampled_from(ApplicantType)), reason="核对身份证明")
            with contextlib.suppress(DomainError):
                events += run(fold(None, events), at(arrived + timedelta(days=draw(st.integers(0, 40))), fix))
        if draw(st.booleans()):
            replied_on = arrived + timedelta(days=draw(st.integers(1, 25)))
            entered = replied_on + timedelta(days=draw(st.sampled_from([0, 0, 3, 20])))
            with contextlib.suppress(DomainError):  # a reply the rules refuse (before receipt, say) is not given
                events += run(fold(None, events), at(entered, reply(replied_on, draw(outcomes))))
            if draw(st.booleans()):  # the reply corrected by the head of office
                fix_reply = cmd.CorrectReply(outcome=draw(outcomes), reason="答复类别登记有误")
                with contextlib.suppress(DomainError):
                    events += run(fold(None, events), at(entered + timedelta(days=2), fix_reply, by=HEAD))
        streams.append(events)
    return streams


def _interleaved(streams: list[list[DomainEvent]], order: list[int]) -> list[DomainEvent]:
    """The streams' events in one log, each stream's in its order, the streams interleaved as `order` picks them."""
    queues = [list(s) for s in streams]
    log: list[DomainEvent] = []
    for pick in order:
        live = [q for q in queues if q]
        if not live:
            break
        log.append(live[pick % len(live)].pop(0))
    for q in queues:
        log += q
    return log


NOW = datetime(2026, 12, 31, 12, tzinfo=SHANGHAI)


def _report(events: Sequence[DomainEvent], year: int, as_of: datetime | None = None) -> object:
    report = AnnualReports(ListLog(events), lambda: NOW).report(credential(Role.OFFICE_HEAD), year, as_of=as_of)
    return report.this_year.figures(), report.this_year.ambiguities


@settings(deadline=None)
@given(histories())
def test_a_case_is_what_the_requests_own_fold_gives(streams: list[list[DomainEvent]]) -> None:
    counted = tuple(t.type_name for t in COUNTED)
    for events in streams:
        state = fold(None, events)
        case = case_from([e for e in events if e.type_name in counted])
        assert (case.ref.id, case.organ, case.received_on, case.applicant_type) == (
            state.id,
            state.organ,
            state.receipt_date,
            state.applicant_type,
        )
        assert (case.closed_on, case.outcome, case.reviews) == (state.closed_on, state.outcome, state.reviews)


@settings(deadline=None)
@given(histories(), st.lists(st.integers(0, 7), max_size=40), st.lists(st.integers(0, 7), max_size=40))
def test_the_report_is_the_same_on_every_replay_whatever_the_interleaving(
    streams: list[list[DomainEvent]], one: list[int], other: list[int]
) -> None:
    for year in (2024, 2025, 2026):
        assert _report(_interleaved(streams, one), year) == _report(_interleaved(streams, other), year)


@settings(deadline=None)
@given(histories(), st.integers(1, 5))
def test_the_report_is_the_same_whatever_the_log_is_read_in_windows_of(
    streams: list[list[DomainEvent]], window: int
) -> None:
    # The log is read a window at a time, several windows at once: windows of a few positions cut every case apart.
    log = [e for s in streams for e in s]
    with mock.patch.object(annual_reports, "WINDOW", window):
        in_windows = [_report(log, year) for year in (2024, 2025, 2026)]
    assert in_windows == [_report(log, year) for year in (2024, 2025, 2026)]


@settings(deadline=None)
@given(histories(), st.dates(date(2024, 11, 1), date(2026, 3, 31)))
def test_the_report_as_of_an_instant_ignores_every_event_recorded_after_it(
    streams: list[list[DomainEvent]], day: date
) -> None:
    log = [e for s in streams for e in s]
    instant = datetime.fromisoformat(f"{day.isoformat()}T12:00:00+08:00")
    recorded_by_then = [e for e in log if e.timestamp <= instant]
    for year in (2024, 2025):
        assert _report(log, year, as_of=instant) == _report(recorded_by_then, year)
