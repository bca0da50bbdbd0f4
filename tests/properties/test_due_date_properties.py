"""Properties of working-day counting (R-COUNT-1, R-COUNT-3) and of the reply clock (R-REQ-REPLY and what moves it).

The expected due dates are counted here day by day over the holiday tables, independently of
`WorkingCalendar.add_working_days`. The tables cover 2004–2026, so start dates in 2003 and 2027 fall in
years without a table.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

import attrs
from hypothesis import given
from hypothesis import strategies as st

from adapters.calendar_data import seed_tables
from domain.actors import Role
from domain.calendar import SHANGHAI, WorkingCalendar
from domain.context import Context
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.clock import reply_clock
from domain.disclosure_request.decisions import decide, receive
from domain.disclosure_request.rules import RequestRules
from domain.disclosure_request.state import Consultation, DisclosureRequest, FeeNotice, evolve
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    ConsultedParty,
    FeeScale,
    Position,
    Status,
)
from domain.personal_data import PersonalData
from tests.support import actor

ONE_DAY = timedelta(days=1)
TABLES = {table.year: table for table in seed_tables() if 2004 <= table.year <= 2026}
CALENDAR = WorkingCalendar(TABLES)
RULES = RequestRules()

starts = st.dates(min_value=date(2003, 1, 1), max_value=date(2027, 12, 31))
periods = st.integers(min_value=1, max_value=60)


def working(day: date) -> bool:
    """Mon–Fri not a holiday, or a weekend day worked; weekends only in a year without a table."""
    table = TABLES.get(day.year)
    if table is None:
        return day.weekday() < 5
    if day in table.adjusted_working_days:
        return True
    return day.weekday() < 5 and day not in table.holidays


def count(after: date, n: int, skip: frozenset[date] = frozenset()) -> date:
    """The n-th working day after `after` that is not in `skip`, walking one day at a time."""
    day, counted = after, 0
    while counted < n:
        day += ONE_DAY
        if working(day) and day not in skip:
            counted += 1
    return day


def working_between(after: date, through: date) -> frozenset[date]:
    """The working days d with after < d <= through."""
    return frozenset(after + k * ONE_DAY for k in range(1, (through - after).days + 1) if working(after + k * ONE_DAY))


@st.composite
def start_and_skip(draw: st.DrawFn) -> tuple[date, frozenset[date]]:
    """A start date and some days after it on which the clock stood still."""
    start = draw(starts)
    offsets = draw(st.frozensets(st.integers(min_value=0, max_value=150), max_size=40))
    return start, frozenset(start + k * ONE_DAY for k in offsets)


# Counting ----------------------------------------------------------------------------------------


@given(starts, periods)
def test_the_due_date_is_a_working_day_strictly_after_the_start(start: date, n: int) -> None:
    due = CALENDAR.add_working_days(start, n).due
    assert due > start
    assert working(due)
    assert CALENDAR.is_working_day(due)


@given(starts, periods)
def test_the_due_date_is_the_nth_working_day_counted_one_day_at_a_time(start: date, n: int) -> None:
    assert CALENDAR.add_working_days(start, n).due == count(start, n)


@given(starts, periods)
def test_a_due_date_is_provisional_exactly_when_a_year_it_spans_has_no_table(start: date, n: int) -> None:
    result = CALENDAR.add_working_days(start, n)
    assert result.provisional == any(year not in TABLES for year in range(start.year, result.due.year + 1))


@given(start_and_skip(), periods)
def test_a_pause_never_makes_the_due_date_earlier(start_skip: tuple[date, frozenset[date]], n: int) -> None:
    start, skip = start_skip
    paused = CALENDAR.add_working_days(start, n, skip=skip).due
    assert paused >= CALENDAR.add_working_days(start, n).due
    assert paused == count(start, n, skip)


@given(starts, periods, periods)
def test_a_longer_period_never_ends_earlier(start: date, n: int, m: int) -> None:
    shorter, longer = sorted((n, m))
    assert CALENDAR.add_working_days(start, shorter).due <= CALENDAR.add_working_days(start, longer).due


# The reply clock ---------------------------------------------------------------------------------


def request_received_on(day: date) -> DisclosureRequest:
    """An application handed in on a day, nothing else done yet."""
    return DisclosureRequest(
        id=UUID("00000000-0000-4000-8000-000000000001"),
        version=1,
        organ="某区人民政府",
        department="政务公开办公室",
        channel=Channel.IN_PERSON,
        receipt_date=day,
        applicant_type=ApplicantType.NATURAL_PERSON,
        handler_id="staff-1",
    )


def days_after(day: date, most: int) -> st.SearchStrategy[date]:
    """A day from `day` to `most` days later."""
    return st.integers(min_value=0, max_value=most).map(lambda k: day + k * ONE_DAY)


@st.composite
def consultations(draw: st.DrawFn, since: date, number: int) -> Consultation:
    """A consultation started on or after `since`, its letter received or not, answered (in time or late) or not."""
    sent = draw(days_after(since, 40))
    received = draw(st.none() | days_after(sent, 10))
    answered = draw(st.none() | days_after(received or sent, 60))
    return Consultation(
        consultation_id=f"C{number}",
        party=draw(st.sampled_from(ConsultedParty)),
        letter_sent_on=sent,
        letter_received_on=received,
        answered_on=answered,
        position=None if answered is None else Position.CONSENTS,
    )


@st.composite
def fee_notices(draw: st.DrawFn, since: date) -> FeeNotice:
    """A fee notice sent on or after `since`, settled (paid or waived) or not."""
    sent = draw(days_after(since, 40))
    settled_on = draw(st.none() | days_after(sent, 60))
    return FeeNotice(sent_on=sent, scale=FeeScale.PER_ITEM, amount=Decimal(200), settled_on=settled_on)


@st.composite
def paused(draw: st.DrawFn, state: DisclosureRequest, since: date) -> DisclosureRequest:
    """The state with up to three consultations and perhaps a fee notice, each from `since` on."""
    found = tuple(draw(consultations(since, i + 1)) for i in range(draw(st.integers(0, 3))))
    fee = draw(st.none() | fee_notices(since))
    status = Status.AWAITING_FEE if fee is not None and fee.settled_on is None else state.status
    return attrs.evolve(state, consultations=found, fee_notice=fee, status=status)


@st.composite
def received_requests(draw: st.DrawFn) -> DisclosureRequest:
    """A request received on some day, with whatever pauses it had."""
    return draw(paused(request_received_on(draw(starts)), since=draw(starts)))


@st.composite
def corrected_requests(draw: st.DrawFn) -> DisclosureRequest:
    """A request whose correction notice was sent and whose corrected application arrived, with pauses."""
    receipt = draw(starts)
    sent = count(receipt, draw(st.integers(1, 7)))
    corrected_on = draw(days_after(sent, 30))
    state = attrs.evolve(
        request_received_on(receipt),
        correction_sent_on=sent,
        correct_by=sent + 30 * ONE_DAY,
        corrected_on=corrected_on,
    )
    return draw(paused(state, since=receipt))


def pause_days(state: DisclosureRequest) -> frozenset[date]:
    """The working days the clock stood still: each consultation and the fee notice, as RULES.md describes."""
    days: set[date] = set()
    for c in state.consultations:
        answer_due = count(c.letter_received_on or c.letter_sent_on, RULES.consultation_answer_working_days)
        end = answer_due if c.answered_on is None else min(c.answered_on, answer_due)
        days |= working_between(c.letter_sent_on, end)
    if state.fee_notice is not None:
        notice = state.fee_notice
        end = notice.settled_on or count(notice.sent_on, RULES.fee_payment_working_days)
        days |= working_between(notice.sent_on, end)
    return frozenset(days)


def reply_due(state: DisclosureRequest) -> date:
    """The reply due date the clock shows."""
    due = reply_clock(state, CALENDAR, RULES).due
    assert due is not None
    return due


@given(received_requests(), st.integers(0, 20))
def test_the_reply_is_due_twenty_working_days_after_receipt_not_counting_pauses(
    state: DisclosureRequest, extension: int
) -> None:
    state = attrs.evolve(state, extension_days=extension)
    after_receipt = frozenset(day for day in pause_days(state) if day > state.receipt_date)
    assert reply_due(state) == count(state.receipt_date, 20 + extension, after_receipt)


@given(st.data())
def test_consultations_and_a_fee_notice_never_make_the_reply_due_earlier(data: st.DataObject) -> None:
    unpaused = request_received_on(data.draw(starts))
    with_pauses = data.draw(paused(unpaused, since=unpaused.receipt_date))
    assert reply_due(with_pauses) >= reply_due(unpaused)


@given(received_requests(), st.integers(1, 20))
def test_an_extension_never_makes_the_reply_due_earlier(state: DisclosureRequest, extension: int) -> None:
    assert reply_due(attrs.evolve(state, extension_days=extension)) > reply_due(state)


@given(corrected_requests())
def test_a_correction_restarts_the_reply_clock_from_the_day_it_arrives(state: DisclosureRequest) -> None:
    assert state.corrected_on is not None
    after_correction = frozenset(day for day in pause_days(state) if day > state.corrected_on)
    assert reply_due(state) == CALENDAR.add_working_days(state.corrected_on, 20, skip=after_correction).due


def clerk_on(day: date) -> Context:
    """A clerk acting on a business day (late enough that every date drawn is in the past)."""
    now = datetime.combine(day, time(17, 0), tzinfo=SHANGHAI).astimezone(UTC)
    return Context(actor=actor(Role.CLERK), now=now, today=day, calendar=CALENDAR)


@given(starts, st.integers(1, 7), st.integers(0, 30))
def test_a_correction_decided_through_the_domain_restarts_the_reply_clock(
    receipt: date, notice_after: int, corrected_after: int
) -> None:
    sent = count(receipt, notice_after)
    corrected_on = sent + corrected_after * ONE_DAY
    ctx = clerk_on(date(2030, 1, 1))
    received = receive(
        cmd.ReceiveRequest(
            request_id=UUID("00000000-0000-4000-8000-000000000002"),
            organ="某区人民政府",
            department="政务公开办公室",
            channel=Channel.IN_PERSON,
            arrived_at=datetime.combine(receipt, time(10, 0), tzinfo=SHANGHAI),
            confirmed_on=None,
            applicant=PersonalData(name="李华"),
            applicant_type=ApplicantType.NATURAL_PERSON,
            information_requested="2024年本区老旧小区改造项目清单",
        ),
        ctx,
    )
    state = evolve(None, received)
    steps: list[cmd.Command] = [
        cmd.RequestCorrection(sent_on=sent, what_to_correct="写明所需信息的年份", correct_by=sent + 30 * ONE_DAY),
        cmd.ReceiveCorrection(received_on=corrected_on, summary="补正为2024年"),
    ]
    for command in steps:
        for event in decide(state, command, ctx):
            state = evolve(state, event)
    assert reply_due(state) == CALENDAR.add_working_days(corrected_on, 20).due
