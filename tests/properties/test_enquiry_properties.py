"""R-ENQ-REPLY as a property: every enquiry's final reply is due on a working day, exactly the configured number of
working days after its receipt date (5 by default), however it arrived and whatever routing it went through since.

The working days are counted one day at a time over the holiday tables by the oracle of the disclosure-request
properties, independently of `WorkingCalendar`; arrivals span 2003–2027, so some fall in years without a table.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from application import enquiry_queues as queues
from domain.actors import Role
from domain.calendar import SHANGHAI, WorkingCalendar
from domain.context import Context
from domain.errors import DomainError
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.policy_enquiry import commands as cmd
from domain.policy_enquiry import events as ev
from domain.policy_enquiry.deadlines import received_before_due_on_or_after, reply_due
from domain.policy_enquiry.decisions import decide, receive
from domain.policy_enquiry.rules import EnquiryRules
from domain.policy_enquiry.state import PolicyEnquiry, evolve
from domain.policy_enquiry.values import EnquiryChannel, PartAssignment
from tests.properties.disclosure_request_oracle import TABLES, working, working_days
from tests.support import actor

CALENDAR = WorkingCalendar(TABLES)
CLERK = actor(Role.CLERK)
DEPARTMENTS = ("就业促进科", "社会保险科", "劳动关系科")

arrivals = st.datetimes(min_value=datetime(2003, 1, 1), max_value=datetime(2027, 12, 20), timezones=st.just(UTC))
configured = st.one_of(st.just(5), st.integers(min_value=1, max_value=30))
departments = st.sampled_from(DEPARTMENTS)
steps = st.one_of(
    st.builds(cmd.RouteEnquiry, department=departments),
    st.builds(
        lambda a, b: cmd.SplitEnquiry(parts=(PartAssignment(a, "一部分"), PartAssignment(b, "另一部分"))),
        departments,
        departments,
    ),
    st.builds(cmd.TransferPart, part=st.integers(1, 2), department=departments, reason=st.just("非本科室职责")),
    st.builds(cmd.AnswerPart, part=st.integers(1, 2), answer=st.just("答复内容")),
    st.builds(cmd.ReplyToEnquiry, reply=st.just("最终答复")),
)


def _context(day: date) -> Context:
    now = datetime.combine(day, time.max, tzinfo=SHANGHAI).astimezone(UTC)
    return Context(actor=CLERK, now=now, today=day, calendar=CALENDAR)


def _received(arrived_at: datetime) -> PolicyEnquiry:
    command = cmd.ReceiveEnquiry(
        enquiry_id=uuid.uuid4(),
        organ="某区人社局",
        channel=EnquiryChannel.ONLINE,
        arrived_at=arrived_at,
        asker=PersonalData(name="李雷"),
        question="请问政策如何执行？",
    )
    return evolve(None, receive(command, "Q", _context(arrived_at.astimezone(SHANGHAI).date())))


@given(arrivals, configured, st.lists(st.tuples(st.integers(0, 4), steps), max_size=8))
def test_the_reply_is_due_on_a_working_day_the_configured_working_days_after_receipt(
    arrived_at: datetime, n: int, taken: list[tuple[int, cmd.Command]]
) -> None:
    state = _received(arrived_at)
    assert state.receipt_date == arrived_at.astimezone(SHANGHAI).date()
    rules = EnquiryRules(enquiry_reply_working_days=n)
    first = reply_due(state, CALENDAR, rules)
    day = state.receipt_date
    for days_later, command in taken:  # routing, transfers, answers and the reply never move the due date
        day += timedelta(days=days_later)
        try:
            for event in decide(state, command, _context(day)):
                state = evolve(state, event)
        except DomainError:
            continue
        assert reply_due(state, CALENDAR, rules) == first
    due = first.due
    assert working(due)
    assert due > state.receipt_date
    assert len(working_days(state.receipt_date, due)) == n
    assert first.provisional == any(year not in TABLES for year in range(state.receipt_date.year, due.year + 1))


@given(st.dates(min_value=date(2003, 1, 1), max_value=date(2027, 12, 20)), st.integers(-40, 40), configured)
def test_the_receipt_cutoff_tells_exactly_which_replies_are_due_before_a_day(
    received: date, shift: int, n: int
) -> None:
    """What the queues' overdue filter rests on: due before `day` ⟺ received before the cutoff of `day`."""
    day = received + timedelta(days=shift)
    rules = EnquiryRules(enquiry_reply_working_days=n)
    state = attrs.evolve(_received(datetime(2003, 1, 1, tzinfo=UTC)), receipt_date=received)
    due = reply_due(state, CALENDAR, rules).due
    assert (due < day) == (received < received_before_due_on_or_after(day, CALENDAR, rules))


@given(arrivals, st.lists(st.tuples(st.integers(0, 4), steps), max_size=10))
def test_the_queues_hold_every_stay_the_enquiry_went_through(
    arrived_at: datetime, taken: list[tuple[int, cmd.Command]]
) -> None:
    """The queues' projection, folded from the same events, keeps each part's stays as the enquiry does, and the
    question's stay in the office until its routing."""
    state = _received(arrived_at)
    events: list[DomainEvent] = []
    day = state.receipt_date
    for days_later, command in taken:
        day += timedelta(days=days_later)
        try:
            decided = decide(state, command, _context(day))
        except DomainError:
            continue
        for event in decided:
            state = evolve(state, event)
        events += decided
    record = queues.apply(None, _received_event(state))
    for event in events:
        record = queues.apply(record, event)
    office = [(s.department, s.entered_on, s.left_on) for s in record.stays if s.part == queues.UNROUTED]
    routed_on = state.parts[0].stays[0].entered_on if state.parts else None
    assert office == [(queues.OFFICE, state.receipt_date, routed_on)]
    kept = sorted((s.part, s.entered_on, s.department, s.left_on or date.max) for s in record.stays if s.part)
    expected = [(p.number, s.entered_on, s.department, s.left_on or date.max) for p in state.parts for s in p.stays]
    assert kept == sorted(expected)
    assert record.replied_on == state.replied_on


def _received_event(state: PolicyEnquiry) -> ev.Received:
    """The first event of an enquiry as its state holds it."""
    return ev.Received(
        originator_id=state.id,
        originator_version=1,
        timestamp=state.arrived_at,
        actor=CLERK,
        organ=state.organ,
        channel=state.channel,
        arrived_at=state.arrived_at,
        receipt_date=state.receipt_date,
        receipt_code=state.receipt_code,
        asker=state.asker,
        question=state.question,
    )
