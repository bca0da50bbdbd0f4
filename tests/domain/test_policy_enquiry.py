"""R-ENQ-REPLY, R-ENQ-ROUTE and R-ENQ-PUBLISH on the real calendar, with dates worked out by hand.

Most questions arrive on Mon 2025-03-03; the final reply is due the 5th working day after it:
3/4 = 1, 3/5 = 2, 3/6 = 3, 3/7 = 4, Mon 3/10 = 5.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

import attrs
import pytest

from adapters.calendar_data import seed_tables
from domain.actors import Role
from domain.calendar import SHANGHAI, WorkingCalendar
from domain.context import Context
from domain.errors import DomainError, InvalidValue, RuleViolation, StepOutOfOrder
from domain.personal_data import PersonalData
from domain.policy_enquiry import commands as cmd
from domain.policy_enquiry import events as ev
from domain.policy_enquiry.deadlines import is_overdue, replied_late, reply_due, working_days_in_queue
from domain.policy_enquiry.decisions import decide, receive
from domain.policy_enquiry.rules import EnquiryRules
from domain.policy_enquiry.state import PolicyEnquiry, evolve
from domain.policy_enquiry.values import EnquiryChannel, EnquiryStatus, PartAssignment
from tests.support import actor

CALENDAR = WorkingCalendar.of(seed_tables())
RULES = EnquiryRules()
CLERK = actor(Role.CLERK, person_id="clerk-li-na", name="李娜")
HANDLER = actor(Role.DEPARTMENT_HANDLER, person_id="handler-sun", name="孙科员")
RECEIVED = date(2025, 3, 3)
ASKER = PersonalData(name="张伟", phone="13912345678", email="zhangwei@example.com", address="闵行区莘庄镇某路9号")
QUESTION = "我是张伟，2024年毕业，请问高校毕业生一次性就业补贴怎么申领？电话13912345678"


def context(day: date, by: object = CLERK) -> Context:
    """Acting on a business date, just before midnight Shanghai time (so every record made that day is past)."""
    now = datetime.combine(day, time(23, 59), tzinfo=SHANGHAI).astimezone(UTC)
    return Context(actor=by, now=now, today=day, calendar=CALENDAR)  # type: ignore[arg-type]


def received(day: date = RECEIVED, at: time = time(9, 30)) -> PolicyEnquiry:
    """A question asked online on a day."""
    arrived = datetime.combine(day, at, tzinfo=SHANGHAI)
    command = cmd.ReceiveEnquiry(
        enquiry_id=uuid.uuid4(),
        organ="闵行区人社局",
        channel=EnquiryChannel.ONLINE,
        arrived_at=arrived,
        asker=ASKER,
        question=QUESTION,
    )
    return evolve(None, receive(command, "Q-TEST", context(day)))


def step(state: PolicyEnquiry, day: date, command: cmd.Command, by: object = CLERK) -> PolicyEnquiry:
    """The state after a command taken on a day."""
    for event in decide(state, command, context(day, by)):
        state = evolve(state, event)
    return state


def refusal(state: PolicyEnquiry, day: date, command: cmd.Command) -> DomainError:
    """The error refusing a command on a day."""
    with pytest.raises(DomainError) as refused:
        decide(state, command, context(day))
    return refused.value


def replied(day: date = date(2025, 3, 7)) -> PolicyEnquiry:
    """A question routed to one department, answered and replied to on a day."""
    state = step(received(), RECEIVED, cmd.RouteEnquiry(department="就业促进科"))
    state = step(state, day, cmd.AnswerPart(part=1, answer="可在一网通办申领。"), HANDLER)
    return step(state, day, cmd.ReplyToEnquiry(reply="您好，可在一网通办“高校毕业生就业补贴”事项中申领。"))


# R-ENQ-REPLY


def test_the_receipt_date_is_the_shanghai_date_of_arrival() -> None:
    # 2025-03-02 23:30 in Shanghai is 15:30 UTC; 2025-03-03 00:30 in Shanghai is still 2 March in UTC.
    assert received(date(2025, 3, 2), time(23, 30)).receipt_date == date(2025, 3, 2)
    assert received(date(2025, 3, 3), time(0, 30)).receipt_date == date(2025, 3, 3)


def test_the_final_reply_is_due_five_working_days_after_receipt() -> None:
    # 3/4, 3/5, 3/6, 3/7, then Monday 3/10 is the 5th working day.
    assert reply_due(received(), CALENDAR, RULES).due == date(2025, 3, 10)


def test_the_reply_period_skips_national_day_and_counts_the_adjusted_sunday() -> None:
    # Thu 2025-09-25: Fri 9/26 = 1, Sun 9/28 (调休) = 2, Mon 9/29 = 3, Tue 9/30 = 4, 10/1–10/8 off, Thu 10/9 = 5.
    assert reply_due(received(date(2025, 9, 25)), CALENDAR, RULES).due == date(2025, 10, 9)


def test_a_question_asked_on_a_saturday_counts_from_monday() -> None:
    # Sat 2025-03-08: Mon 3/10 = 1 … Fri 3/14 = 5.
    assert reply_due(received(date(2025, 3, 8)), CALENDAR, RULES).due == date(2025, 3, 14)


def test_the_number_of_working_days_is_the_organs_setting() -> None:
    # 3 working days: 3/4, 3/5, 3/6.
    assert reply_due(received(), CALENDAR, EnquiryRules(enquiry_reply_working_days=3)).due == date(2025, 3, 6)


def test_an_unreplied_question_is_overdue_the_day_after_its_due_date() -> None:
    state = received()
    assert not is_overdue(state, CALENDAR, RULES, date(2025, 3, 10))
    assert is_overdue(state, CALENDAR, RULES, date(2025, 3, 11))


def test_a_reply_after_the_due_date_is_late_but_recorded() -> None:
    state = replied(date(2025, 3, 11))
    assert state.status is EnquiryStatus.REPLIED
    assert replied_late(state, CALENDAR, RULES)
    assert not is_overdue(state, CALENDAR, RULES, date(2025, 4, 1))
    assert not replied_late(replied(date(2025, 3, 10)), CALENDAR, RULES)


# R-ENQ-ROUTE


def test_a_question_is_routed_whole_to_one_department() -> None:
    state = step(received(), date(2025, 3, 4), cmd.RouteEnquiry(department="就业促进科", note="属就业补贴政策"))
    assert state.status is EnquiryStatus.ROUTED
    [part] = state.parts
    assert (part.number, part.department, part.scope, part.stays[0].entered_on) == (
        1,
        "就业促进科",
        None,
        date(2025, 3, 4),
    )


def test_a_routed_question_is_not_routed_or_split_again() -> None:
    state = step(received(), RECEIVED, cmd.RouteEnquiry(department="就业促进科"))
    assert refusal(state, RECEIVED, cmd.RouteEnquiry(department="社会保险科")).code == "R-ENQ-ROUTE"
    split = cmd.SplitEnquiry(
        parts=(PartAssignment("社会保险科", "社保部分"), PartAssignment("劳动关系科", "劳动合同部分"))
    )
    assert isinstance(refusal(state, RECEIVED, split), StepOutOfOrder)


def test_a_split_gives_each_department_its_share_in_consecutive_versions() -> None:
    start = received()
    split = cmd.SplitEnquiry(
        parts=(PartAssignment("就业促进科", "补贴标准"), PartAssignment("社会保险科", "社保缴费年限"))
    )
    events = decide(start, split, context(RECEIVED))
    assert [type(e) for e in events] == [ev.PartAssigned, ev.PartAssigned]
    assert [e.originator_version for e in events] == [2, 3]
    state = step(start, RECEIVED, split)
    assert [(p.number, p.department, p.scope) for p in state.parts] == [
        (1, "就业促进科", "补贴标准"),
        (2, "社会保险科", "社保缴费年限"),
    ]


@pytest.mark.parametrize(
    "parts",
    [
        (PartAssignment("就业促进科", "全部"),),
        (PartAssignment("就业促进科", "补贴标准"), PartAssignment("就业促进科", "申领流程")),
    ],
)
def test_a_split_needs_two_different_departments(parts: tuple[PartAssignment, ...]) -> None:
    refused = refusal(received(), RECEIVED, cmd.SplitEnquiry(parts=parts))
    assert isinstance(refused, RuleViolation)
    assert (refused.code, refused.field) == ("R-ENQ-ROUTE", "parts")


def test_a_transfer_is_recorded_and_each_queue_keeps_its_time() -> None:
    state = step(received(), RECEIVED, cmd.RouteEnquiry(department="社会保险科"))
    transfer = cmd.TransferPart(part=1, department="就业促进科", reason="属就业补贴政策，非社保政策")
    state = step(state, date(2025, 3, 5), transfer)
    state = step(state, date(2025, 3, 7), cmd.AnswerPart(part=1, answer="可在一网通办申领。"), HANDLER)
    first, second = state.parts[0].stays
    assert (first.department, first.entered_on, first.left_on) == ("社会保险科", RECEIVED, date(2025, 3, 5))
    assert (second.department, second.entered_on, second.left_on) == ("就业促进科", date(2025, 3, 5), date(2025, 3, 7))
    # 社会保险科: 3/4, 3/5 = 2 working days; 就业促进科: 3/6, 3/7 = 2.
    assert working_days_in_queue(first, CALENDAR, date(2025, 4, 1)) == 2
    assert working_days_in_queue(second, CALENDAR, date(2025, 4, 1)) == 2
    assert state.status is EnquiryStatus.ANSWERED


def test_time_in_a_queue_runs_until_today_while_the_part_is_there() -> None:
    state = step(received(), RECEIVED, cmd.RouteEnquiry(department="社会保险科"))
    # From Mon 3/3 to Mon 3/10: 3/4–3/7 and 3/10 = 5 working days.
    assert working_days_in_queue(state.parts[0].stays[0], CALENDAR, date(2025, 3, 10)) == 5


def test_a_part_is_not_transferred_to_its_own_department_or_after_its_answer() -> None:
    state = step(received(), RECEIVED, cmd.RouteEnquiry(department="社会保险科"))
    same = refusal(state, RECEIVED, cmd.TransferPart(part=1, department="社会保险科", reason="重复"))
    assert (same.code, same.field) == ("R-ENQ-ROUTE", "department")
    answered = step(state, RECEIVED, cmd.AnswerPart(part=1, answer="已答复"), HANDLER)
    late = refusal(answered, RECEIVED, cmd.TransferPart(part=1, department="就业促进科", reason="转"))
    assert isinstance(late, StepOutOfOrder)
    assert isinstance(refusal(state, RECEIVED, cmd.AnswerPart(part=2, answer="无")), InvalidValue)


def test_a_transfer_does_not_go_back_before_the_part_arrived() -> None:
    state = step(received(), date(2025, 3, 5), cmd.RouteEnquiry(department="社会保险科", routed_on=date(2025, 3, 5)))
    refused = refusal(
        state,
        date(2025, 3, 6),
        cmd.TransferPart(part=1, department="就业促进科", reason="转", transferred_on=date(2025, 3, 4)),
    )
    assert (refused.code, refused.field) == ("R-ENQ-ROUTE", "transferred_on")
    future = refusal(state, date(2025, 3, 6), cmd.AnswerPart(part=1, answer="答", answered_on=date(2025, 3, 7)))
    assert (future.code, future.field) == ("R-VALUE", "answered_on")


def test_the_final_reply_waits_for_routing_and_every_part() -> None:
    start = received()
    assert refusal(start, RECEIVED, cmd.ReplyToEnquiry(reply="答复")).code == "R-ENQ-ROUTE"
    split = cmd.SplitEnquiry(parts=(PartAssignment("就业促进科", "补贴"), PartAssignment("社会保险科", "社保")))
    state = step(start, RECEIVED, split)
    state = step(state, date(2025, 3, 4), cmd.AnswerPart(part=1, answer="补贴部分答复"), HANDLER)
    waiting = refusal(state, date(2025, 3, 4), cmd.ReplyToEnquiry(reply="答复"))
    assert waiting.code == "R-ENQ-ROUTE" and "2 (社会保险科)" in waiting.message
    state = step(state, date(2025, 3, 5), cmd.AnswerPart(part=2, answer="社保部分答复"), HANDLER)
    early = refusal(state, date(2025, 3, 5), cmd.ReplyToEnquiry(reply="答复", replied_on=date(2025, 3, 4)))
    assert (early.code, early.field) == ("R-ENQ-REPLY", "replied_on")
    state = step(state, date(2025, 3, 5), cmd.ReplyToEnquiry(reply="综合答复"))
    assert (state.status, state.replied_on) == (EnquiryStatus.REPLIED, date(2025, 3, 5))
    assert isinstance(refusal(state, date(2025, 3, 6), cmd.ReplyToEnquiry(reply="再答")), StepOutOfOrder)


# R-ENQ-PUBLISH

PUBLIC = cmd.SelectForPublication(
    public_title="高校毕业生一次性就业补贴如何申领",
    public_question="请问高校毕业生一次性就业补贴怎么申领？",
    public_reply="您好，可在一网通办“高校毕业生就业补贴”事项中申领。",
)


def test_only_a_replied_question_is_selected_for_publication() -> None:
    state = step(received(), RECEIVED, cmd.RouteEnquiry(department="就业促进科"))
    assert refusal(state, RECEIVED, PUBLIC).code == "R-ENQ-PUBLISH"


@pytest.mark.parametrize(
    ("field", "text", "detail"),
    [
        ("public_question", "我是张伟，请问补贴怎么申领？", "name"),
        ("public_question", "请回电13912345678", "phone"),
        ("public_reply", "已发邮件至zhangwei@example.com", "email"),
        ("public_title", "闵行区莘庄镇某路9号居民问补贴", "address"),
    ],
)
def test_a_public_text_holding_the_askers_details_is_refused(field: str, text: str, detail: str) -> None:
    refused = refusal(replied(), date(2025, 3, 10), attrs.evolve(PUBLIC, **{field: text}))
    assert isinstance(refused, RuleViolation)
    assert (refused.code, refused.field) == ("R-ENQ-PUBLISH", field)
    assert detail in refused.message


def test_a_selected_question_is_published_once_and_may_be_withdrawn_and_selected_again() -> None:
    state = step(replied(), date(2025, 3, 10), PUBLIC)
    assert state.publication is not None
    assert state.publication.published_on == date(2025, 3, 10)
    assert "张伟" not in state.publication.question
    assert isinstance(refusal(state, date(2025, 3, 11), PUBLIC), StepOutOfOrder)
    state = step(state, date(2025, 3, 11), cmd.WithdrawPublication(reason="政策已调整，答复内容过时"))
    assert state.publication is None
    assert isinstance(refusal(state, date(2025, 3, 11), cmd.WithdrawPublication(reason="再撤")), StepOutOfOrder)
    assert step(state, date(2025, 3, 12), PUBLIC).publication is not None


def test_publication_is_not_dated_before_the_reply() -> None:
    refused = refusal(replied(date(2025, 3, 7)), date(2025, 3, 10), attrs.evolve(PUBLIC, published_on=date(2025, 3, 6)))
    assert (refused.code, refused.field) == ("R-ENQ-PUBLISH", "published_on")


def test_a_blank_question_or_asker_is_refused_at_receipt() -> None:
    command = cmd.ReceiveEnquiry(
        enquiry_id=uuid.uuid4(),
        organ="闵行区人社局",
        channel=EnquiryChannel.HOTLINE,
        arrived_at=datetime(2025, 3, 3, 1, 0, tzinfo=UTC),
        asker=ASKER,
        question="  ",
    )
    with pytest.raises(InvalidValue) as blank:
        receive(command, "Q", context(RECEIVED))
    assert blank.value.field == "question"
    with pytest.raises(InvalidValue) as future:
        receive(
            attrs.evolve(command, question="问", arrived_at=datetime(2025, 3, 4, 1, 0, tzinfo=UTC)),
            "Q",
            context(RECEIVED),
        )
    assert future.value.field == "arrived_at"
