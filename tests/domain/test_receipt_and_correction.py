"""R-REQ-RECEIPT, R-REQ-REPLY and R-REQ-CORRECT on the real calendar.

Holidays used (State Council notices): 2025 Spring Festival 1/28–2/4 off, Sun 1/26 and Sat 2/8 worked;
2025 National Day + Mid-Autumn 10/1–10/8 off, Sun 9/28 and Sat 10/11 worked.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest

from domain.calendar import HolidayYear
from domain.disclosure_request import events as ev
from domain.disclosure_request.clock import reply_clock
from domain.disclosure_request.commands import (
    AcceptLateCorrection,
    CorrectApplicantType,
    DeclareAbandoned,
    GrantExtension,
    ReceiveCorrection,
    RecordWithdrawal,
    RequestCorrection,
    SendFeeNotice,
)
from domain.disclosure_request.rules import RequestRules
from domain.disclosure_request.state import evolve
from domain.disclosure_request.values import (
    ApplicantType,
    Channel,
    DeliveryForm,
    FeeScale,
    Outcome,
    OutcomeCategory,
    Status,
)
from domain.events import DomainEvent
from tests.domain.builders import (
    CALENDAR,
    HEAD,
    RULES,
    application,
    applied,
    at,
    clock,
    due,
    given,
    instant,
    only_event,
    refusal,
    reply,
    then,
)


def correction(sent_on: date, correct_by: date) -> RequestCorrection:
    """A correction notice asking which year's compensation plan is meant."""
    return RequestCorrection(sent_on=sent_on, what_to_correct="请写明所需补偿方案的年份和街道", correct_by=correct_by)


def corrected(received_on: date) -> ReceiveCorrection:
    """The corrected application."""
    return ReceiveCorrection(received_on=received_on, summary="申请人补正为2024年某街道补偿方案")


# R-REQ-RECEIPT ---------------------------------------------------------------------------------------------


def test_an_application_handed_in_is_received_on_its_shanghai_date_with_channel_and_raw_instant() -> None:
    arrived_at = datetime(2025, 3, 2, 17, 30, tzinfo=UTC)  # 2025-03-03 01:30 in Shanghai
    command = attrs.evolve(application(date(2025, 3, 3)), arrived_at=arrived_at)
    received = only_event(None, at(date(2025, 3, 3), command))
    assert isinstance(received, ev.Received)
    assert received.receipt_date == date(2025, 3, 3)
    assert received.channel is Channel.IN_PERSON
    assert received.arrived_at == arrived_at


def test_an_application_handed_in_takes_no_other_receipt_day() -> None:
    command = application(date(2025, 3, 3), confirmed_on=date(2025, 3, 4))
    assert refusal(None, at(date(2025, 3, 4), command)).code == "R-REQ-RECEIPT"


def test_an_application_handed_in_may_repeat_its_own_day_as_confirmation() -> None:
    state = given(applied(date(2025, 3, 3), confirmed_on=date(2025, 3, 3)))
    assert state.receipt_date == date(2025, 3, 3)


@pytest.mark.parametrize("channel", [Channel.POST, Channel.POST_UNSIGNED, Channel.ONLINE, Channel.FAX])
def test_a_posted_online_or_faxed_application_needs_its_signing_or_confirmation_day(channel: Channel) -> None:
    assert refusal(None, applied(date(2025, 3, 3), channel=channel)).code == "R-REQ-RECEIPT"


@pytest.mark.parametrize("channel", [Channel.POST, Channel.ONLINE, Channel.FAX])
def test_a_posted_online_or_faxed_application_is_received_on_the_day_it_is_signed_for_or_confirmed(
    channel: Channel,
) -> None:
    command = application(date(2025, 3, 3), channel=channel, confirmed_on=date(2025, 3, 5))
    state = given(at(date(2025, 3, 5), command))
    assert state.receipt_date == date(2025, 3, 5)
    assert state.channel is channel
    assert state.late_confirmation_reason is None


def test_an_ordinary_letter_is_received_the_day_its_receipt_is_confirmed_on_arrival() -> None:
    command = application(date(2025, 3, 3), channel=Channel.POST_UNSIGNED, confirmed_on=date(2025, 3, 3))
    state = given(at(date(2025, 3, 3), command))
    assert (state.receipt_date, state.late_confirmation_reason) == (date(2025, 3, 3), None)


def test_an_ordinary_letter_confirmed_after_it_arrived_states_why() -> None:
    # R-REQ-RECEIPT: the office confirms receipt with the applicant on the day an ordinary letter arrives.
    late = application(date(2025, 3, 3), channel=Channel.POST_UNSIGNED, confirmed_on=date(2025, 3, 5))
    refused = refusal(None, at(date(2025, 3, 5), late))
    assert (refused.code, refused.field) == ("R-REQ-RECEIPT", "late_confirmation_reason")


def test_an_ordinary_letter_confirmed_late_is_received_that_day_and_shown_as_late() -> None:
    late = application(
        date(2025, 3, 3),
        channel=Channel.POST_UNSIGNED,
        confirmed_on=date(2025, 3, 5),
        late_confirmation_reason="申请人预留电话3月3日、4日均无人接听",
    )
    state = given(at(date(2025, 3, 5), late))
    assert state.receipt_date == date(2025, 3, 5)
    assert state.late_confirmation_reason == "申请人预留电话3月3日、4日均无人接听"
    assert "Confirmed late" in clock(state).derivation[0]


@pytest.mark.parametrize("channel", [Channel.IN_PERSON, Channel.POST, Channel.ONLINE])
def test_only_an_ordinary_letter_confirmed_late_gives_a_late_reason(channel: Channel) -> None:
    confirmed = None if channel is Channel.IN_PERSON else date(2025, 3, 5)
    command = application(date(2025, 3, 3), channel=channel, confirmed_on=confirmed, late_confirmation_reason="迟了")
    assert refusal(None, at(date(2025, 3, 5), command)).field == "late_confirmation_reason"


def test_confirmation_before_arrival_is_refused() -> None:
    command = application(date(2025, 3, 3), channel=Channel.ONLINE, confirmed_on=date(2025, 3, 2))
    assert refusal(None, at(date(2025, 3, 3), command)).code == "R-REQ-RECEIPT"


def test_confirmation_in_the_future_is_refused() -> None:
    command = application(date(2025, 3, 3), channel=Channel.POST, confirmed_on=date(2025, 3, 6))
    assert refusal(None, at(date(2025, 3, 4), command)).code == "R-VALUE"


def test_an_arrival_in_the_future_is_refused() -> None:
    assert refusal(None, at(date(2025, 3, 2), application(date(2025, 3, 3)))).code == "R-VALUE"


def test_an_arrival_without_a_utc_offset_is_refused_naming_the_field() -> None:
    command = attrs.evolve(application(date(2025, 3, 3)), arrived_at=datetime(2025, 3, 3, 9, 30))
    error = refusal(None, at(date(2025, 3, 3), command))
    assert (error.code, error.field) == ("R-VALUE", "arrived_at")


def test_blank_information_requested_is_refused() -> None:
    command = attrs.evolve(application(date(2025, 3, 3)), information_requested="  ")
    error = refusal(None, at(date(2025, 3, 3), command))
    assert (error.code, error.field) == ("R-VALUE", "information_requested")


# R-REQ-REPLY ------------------------------------------------------------------------------------------------


def test_the_reply_is_due_twenty_working_days_after_receipt_across_the_spring_festival() -> None:
    # From Fri 2025-01-24 (not counted): Sun 1/26 = 1, 1/27 = 2, 1/28–2/4 off, 2/5 = 3, 2/6 = 4, 2/7 = 5,
    # Sat 2/8 = 6, 2/10 = 7, 2/11 = 8, 2/12 = 9, 2/13 = 10, 2/14 = 11, 2/17 = 12, 2/18 = 13, 2/19 = 14,
    # 2/20 = 15, 2/21 = 16, 2/24 = 17, 2/25 = 18, 2/26 = 19, 2/27 = 20.
    state = given(applied(date(2025, 1, 24)))
    assert due(state) == date(2025, 2, 27)
    assert not clock(state).provisional
    assert not clock(state).stopped


def test_an_application_confirmed_on_a_holiday_counts_from_the_next_working_day() -> None:
    # Confirmed on Fri 2025-10-03, a holiday: 10/9 = 1, 10/10 = 2, Sat 10/11 = 3, 10/13 = 4, … 10/17 = 8,
    # 10/20–10/24 = 9–13, 10/27–10/31 = 14–18, 11/3 = 19, 11/4 = 20.
    command = application(date(2025, 10, 3), channel=Channel.ONLINE, confirmed_on=date(2025, 10, 3))
    state = given(at(date(2025, 10, 3), command))
    assert due(state) == date(2025, 11, 4)


def test_the_reply_period_is_read_from_the_organs_settings() -> None:
    # 15 wd from Mon 2025-09-01: 9/2–9/5 = 1–4, 9/8–9/12 = 5–9, 9/15–9/19 = 10–14, 9/22 = 15.
    assert due(given(applied(date(2025, 9, 1))), RequestRules(reply_working_days=15)) == date(2025, 9, 22)


def test_a_due_date_in_a_year_without_a_holiday_table_is_provisional_until_the_table_is_loaded() -> None:
    # From Tue 2026-12-15: 12/16–12/18 = 1–3, 12/21–12/25 = 4–8, 12/28–12/31 = 9–12; 2027 has no table, so
    # weekends only: Fri 1/1 = 13, 1/4–1/8 = 14–18, 1/11 = 19, 1/12 = 20.
    state = given(applied(date(2026, 12, 15)))
    assert (clock(state).due, clock(state).provisional) == (date(2027, 1, 12), True)
    # Once a 2027 table with New Year's Day off is loaded, the same events give 1/4–1/8 = 13–17, 1/11 = 18,
    # 1/12 = 19, 1/13 = 20.
    with_2027 = CALENDAR.with_year(HolidayYear(2027, frozenset({date(2027, 1, 1)}), frozenset()))
    recomputed = reply_clock(state, with_2027, RULES)
    assert (recomputed.due, recomputed.provisional) == (date(2027, 1, 13), False)


# R-REQ-CORRECT: the 7-wd window ---------------------------------------------------------------------------


def test_a_correction_notice_may_be_sent_on_the_seventh_working_day_across_the_spring_festival() -> None:
    # From Fri 2025-01-24: Sun 1/26 = 1, 1/27 = 2, 1/28–2/4 off, 2/5 = 3, 2/6 = 4, 2/7 = 5, Sat 2/8 = 6, 2/10 = 7.
    state = given(applied(date(2025, 1, 24)), at(date(2025, 2, 10), correction(date(2025, 2, 10), date(2025, 2, 24))))
    assert state.status is Status.AWAITING_CORRECTION


def test_a_correction_notice_after_the_seventh_working_day_is_refused() -> None:
    # The window closed on 2025-02-10 (see above); 2/11 is the 8th working day.
    state = given(applied(date(2025, 1, 24)))
    error = refusal(state, at(date(2025, 2, 11), correction(date(2025, 2, 11), date(2025, 2, 25))))
    assert (error.code, error.field) == ("R-REQ-CORRECT", "sent_on")


def test_the_correction_window_spans_the_national_day_holiday() -> None:
    # From Fri 2025-09-26: Sun 9/28 = 1, 9/29 = 2, 9/30 = 3, 10/1–10/8 off, 10/9 = 4, 10/10 = 5, Sat 10/11 = 6,
    # Mon 10/13 = 7.
    state = given(applied(date(2025, 9, 26)))
    late = refusal(state, at(date(2025, 10, 14), correction(date(2025, 10, 14), date(2025, 10, 24))))
    assert late.code == "R-REQ-CORRECT"
    in_time = then(state, at(date(2025, 10, 14), correction(date(2025, 10, 13), date(2025, 10, 24))))
    assert in_time.status is Status.AWAITING_CORRECTION


def test_a_correction_notice_dated_before_receipt_is_refused() -> None:
    state = given(applied(date(2025, 9, 22)))
    assert refusal(state, at(date(2025, 9, 23), correction(date(2025, 9, 19), date(2025, 9, 30)))).code == (
        "R-REQ-CORRECT"
    )


@pytest.mark.parametrize("correct_by", [date(2025, 9, 24), date(2025, 9, 23)])
def test_the_correction_deadline_comes_after_the_notice(correct_by: date) -> None:
    state = given(applied(date(2025, 9, 22)))
    error = refusal(state, at(date(2025, 9, 24), correction(date(2025, 9, 24), correct_by)))
    assert (error.code, error.field) == ("R-REQ-CORRECT", "correct_by")


def test_a_correction_notice_states_what_to_fix() -> None:
    state = given(applied(date(2025, 9, 22)))
    blank = RequestCorrection(sent_on=date(2025, 9, 24), what_to_correct=" ", correct_by=date(2025, 10, 17))
    assert refusal(state, at(date(2025, 9, 24), blank)).field == "what_to_correct"


# R-REQ-CORRECT: only one notice ----------------------------------------------------------------------------


def test_a_second_correction_notice_is_refused_while_the_first_is_awaited() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    assert refusal(state, at(date(2025, 9, 25), correction(date(2025, 9, 25), date(2025, 10, 17)))).code == (
        "R-REQ-CORRECT"
    )


def test_a_second_correction_notice_is_refused_after_the_correction_arrived() -> None:
    state = given(
        applied(date(2025, 9, 22)),
        at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))),
        at(date(2025, 9, 25), corrected(date(2025, 9, 25))),
    )
    assert refusal(state, at(date(2025, 9, 26), correction(date(2025, 9, 26), date(2025, 10, 17)))).code == (
        "R-REQ-CORRECT"
    )


# R-REQ-CORRECT: the clock stops, then restarts ------------------------------------------------------------


def test_the_reply_clock_has_no_due_date_while_a_correction_is_awaited() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    assert due(state) is None
    assert clock(state).stopped


def test_correction_restarts_the_reply_clock() -> None:
    # Uncorrected, due 2025-10-24 (from Mon 9/22: 9/23–9/26 = 1–4, Sun 9/28 = 5, 9/29 = 6, 9/30 = 7, 10/9 = 8,
    # 10/10 = 9, Sat 10/11 = 10, 10/13–10/17 = 11–15, 10/20–10/24 = 16–20).
    # Corrected on Tue 9/30: 10/9 = 1, 10/10 = 2, Sat 10/11 = 3, 10/13–10/17 = 4–8, 10/20–10/24 = 9–13,
    # 10/27–10/31 = 14–18, 11/3 = 19, 11/4 = 20.
    received = given(applied(date(2025, 9, 22)))
    assert due(received) == date(2025, 10, 24)
    state = then(
        received,
        at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))),
        at(date(2025, 9, 30), corrected(date(2025, 9, 30))),
    )
    assert state.status is Status.IN_PROGRESS
    assert due(state) == date(2025, 11, 4)


def test_a_correction_may_arrive_on_its_deadline() -> None:
    state = given(
        applied(date(2025, 9, 22)),
        at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))),
        at(date(2025, 10, 17), corrected(date(2025, 10, 17))),
    )
    # From Fri 10/17: 10/20–10/24 = 1–5, 10/27–10/31 = 6–10, 11/3–11/7 = 11–15, 11/10–11/14 = 16–20.
    assert due(state) == date(2025, 11, 14)


def test_a_correction_after_its_deadline_is_refused() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    error = refusal(state, at(date(2025, 10, 20), corrected(date(2025, 10, 20))))
    assert (error.code, error.field) == ("R-REQ-CORRECT", "received_on")


def test_a_correction_dated_before_the_notice_is_refused() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    assert refusal(state, at(date(2025, 9, 25), corrected(date(2025, 9, 23)))).code == "R-REQ-CORRECT"


def test_a_correction_nobody_asked_for_is_refused() -> None:
    state = given(applied(date(2025, 9, 22)))
    assert refusal(state, at(date(2025, 9, 25), corrected(date(2025, 9, 25)))).code == "R-REQ-CORRECT"


def test_no_reply_is_given_while_a_correction_is_awaited() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    disclosed = Outcome(category=OutcomeCategory.DISCLOSED)
    assert refusal(state, at(date(2025, 9, 25), reply(date(2025, 9, 25), disclosed))).code == "R-REQ-CORRECT"


def test_no_extension_or_fee_notice_while_a_correction_is_awaited() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    extension = GrantExtension(working_days=10, reason="需调取档案", notified_on=date(2025, 9, 25))
    fee = SendFeeNotice(sent_on=date(2025, 9, 25), scale=FeeScale.PER_ITEM, quantity=12, form=DeliveryForm.PAPER)
    assert refusal(state, at(date(2025, 9, 25), extension, by=HEAD)).code == "R-REQ-CORRECT"
    assert refusal(state, at(date(2025, 9, 25), fee)).code == "R-REQ-CORRECT"


# R-REQ-CORRECT: deemed abandoned ---------------------------------------------------------------------------


def test_an_uncorrected_application_is_not_abandoned_on_its_deadline() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    assert refusal(state, at(date(2025, 10, 17), DeclareAbandoned())).code == "R-REQ-CORRECT"


def test_an_uncorrected_application_is_deemed_abandoned_after_its_deadline_as_other_ground_1() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    abandoned = only_event(state, at(date(2025, 10, 20), DeclareAbandoned()))
    assert isinstance(abandoned, ev.DeemedAbandoned)
    assert abandoned.outcome == Outcome(category=OutcomeCategory.OTHER, ground=1)
    assert abandoned.closed_on == date(2025, 10, 20)
    closed = then(state, at(date(2025, 10, 20), DeclareAbandoned()))
    assert closed.status is Status.CLOSED
    assert not closed.is_open


def test_a_request_not_awaiting_correction_or_fee_cannot_be_deemed_abandoned() -> None:
    state = given(applied(date(2025, 9, 22)))
    assert refusal(state, at(date(2025, 12, 1), DeclareAbandoned())).code == "R-STEP"


def test_an_abandoned_application_takes_neither_a_correction_nor_a_reply() -> None:
    state = given(
        applied(date(2025, 9, 22)),
        at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))),
        at(date(2025, 10, 20), DeclareAbandoned()),
    )
    assert refusal(state, at(date(2025, 10, 21), corrected(date(2025, 10, 21)))).code == "R-REQ-CORRECT"
    disclosed = Outcome(category=OutcomeCategory.DISCLOSED)
    assert refusal(state, at(date(2025, 10, 21), reply(date(2025, 10, 21), disclosed))).code == "R-STEP"
    assert refusal(state, at(date(2025, 10, 21), DeclareAbandoned())).code == "R-STEP"


# R-REQ-CORRECT: a deadline on a day off, a late correction with a good reason ------------------------------


def test_a_correction_deadline_on_a_saturday_moves_to_the_next_working_day() -> None:
    # R-COUNT-2: Sat 2025-10-18 is not a working day, so the applicant has until Mon 10/20.
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 18))))
    assert refusal(state, at(date(2025, 10, 20), DeclareAbandoned())).code == "R-REQ-CORRECT"
    assert then(state, at(date(2025, 10, 21), DeclareAbandoned())).status is Status.CLOSED
    assert then(state, at(date(2025, 10, 20), corrected(date(2025, 10, 20)))).corrected_on == date(2025, 10, 20)
    assert "until 2025-10-20 (2025-10-18 is not a working day)" in clock(state).derivation[1]


def test_a_correction_deadline_in_the_national_day_holiday_moves_past_it() -> None:
    # 10/1–10/8 are off: a deadline of Fri 10/3 becomes Thu 10/9.
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 3))))
    assert then(state, at(date(2025, 10, 9), corrected(date(2025, 10, 9)))).status is Status.IN_PROGRESS
    assert refusal(state, at(date(2025, 10, 10), corrected(date(2025, 10, 10)))).code == "R-REQ-CORRECT"


def late_correction(received_on: date, reason: str = "申请人住院治疗，有医院证明") -> AcceptLateCorrection:
    """A correction that arrived after its deadline, accepted for a good reason."""
    return AcceptLateCorrection(received_on=received_on, summary="申请人补正为2024年某街道补偿方案", reason=reason)


def test_the_head_of_office_accepts_a_late_correction_with_its_reason_and_the_clock_restarts() -> None:
    # Deadline Fri 10/17; corrected Mon 10/20: 10/21–10/24 = 1–4, 10/27–10/31 = 5–9, 11/3–11/7 = 10–14,
    # 11/10–11/14 = 15–19, 11/17 = 20.
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    accepted = only_event(state, at(date(2025, 10, 20), late_correction(date(2025, 10, 20)), by=HEAD))
    assert isinstance(accepted, ev.CorrectionReceived)
    assert (accepted.received_on, accepted.late_reason) == (date(2025, 10, 20), "申请人住院治疗，有医院证明")
    corrected_late = then(state, at(date(2025, 10, 20), late_correction(date(2025, 10, 20)), by=HEAD))
    assert (corrected_late.status, due(corrected_late)) == (Status.IN_PROGRESS, date(2025, 11, 17))
    assert "accepted for this reason: 申请人住院治疗，有医院证明" in clock(corrected_late).derivation[1]


def test_a_correction_in_time_is_received_not_accepted_late() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    error = refusal(state, at(date(2025, 10, 17), late_correction(date(2025, 10, 17)), by=HEAD))
    assert (error.code, error.field) == ("R-REQ-CORRECT", "received_on")


def test_a_late_correction_is_accepted_only_with_its_reason() -> None:
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17))))
    assert refusal(state, at(date(2025, 10, 20), late_correction(date(2025, 10, 20), " "), by=HEAD)).field == "reason"


# 其他处理 3: withdrawal by the applicant before the reply ---------------------------------------------------


def withdrawal(on: date) -> RecordWithdrawal:
    """The applicant withdraws in writing."""
    return RecordWithdrawal(withdrawn_on=on, reason="申请人来函称已通过其他途径获取")


@pytest.mark.parametrize(
    "before",
    [
        [],
        [at(date(2025, 9, 24), correction(date(2025, 9, 24), date(2025, 10, 17)))],
        [
            at(
                date(2025, 9, 24),
                SendFeeNotice(sent_on=date(2025, 9, 24), scale=FeeScale.PER_ITEM, quantity=12, form=DeliveryForm.PAPER),
            )
        ],
    ],
    ids=["in-progress", "awaiting-correction", "awaiting-fee"],
)
def test_an_applicant_withdraws_at_any_point_before_the_reply_closing_the_case_as_other_3(before: list[Any]) -> None:
    state = given(applied(date(2025, 9, 22)), *before)
    closed = then(state, at(date(2025, 9, 26), withdrawal(date(2025, 9, 25))))
    assert (closed.status, closed.closed_on, closed.is_open) == (Status.CLOSED, date(2025, 9, 25), False)
    assert closed.outcome is not None
    assert (closed.outcome.category, closed.outcome.ground) == (OutcomeCategory.OTHER, 3)
    assert "申请人来函称已通过其他途径获取" in (closed.outcome.description or "")
    disclosed = Outcome(category=OutcomeCategory.DISCLOSED)
    assert refusal(closed, at(date(2025, 9, 29), reply(date(2025, 9, 29), disclosed))).code == "R-STEP"


def test_no_withdrawal_after_the_reply_or_before_receipt() -> None:
    state = given(applied(date(2025, 9, 22)))
    assert refusal(state, at(date(2025, 9, 26), withdrawal(date(2025, 9, 19)))).field == "withdrawn_on"
    disclosed = Outcome(category=OutcomeCategory.DISCLOSED)
    replied = then(state, at(date(2025, 9, 25), reply(date(2025, 9, 25), disclosed)))
    assert refusal(replied, at(date(2025, 9, 26), withdrawal(date(2025, 9, 26)))).code == "R-STEP"


# R-REQ-APPLICANT-FIX --------------------------------------------------------------------------------------


def test_an_applicant_type_recorded_wrongly_is_corrected_with_its_reason_even_after_closing() -> None:
    disclosed = Outcome(category=OutcomeCategory.DISCLOSED)
    state = given(applied(date(2025, 9, 22)), at(date(2025, 9, 25), reply(date(2025, 9, 25), disclosed)))
    fix = CorrectApplicantType(
        applicant_type=ApplicantType.LEGAL_SERVICES, reason="申请人为律师事务所，登记时误选自然人"
    )
    fixed = only_event(state, at(date(2025, 12, 1), fix))
    assert isinstance(fixed, ev.ApplicantTypeCorrected)
    assert fixed.reason == "申请人为律师事务所，登记时误选自然人"
    assert then(state, at(date(2025, 12, 1), fix)).applicant_type is ApplicantType.LEGAL_SERVICES


def test_an_applicant_type_correction_changes_the_type_and_says_why() -> None:
    state = given(applied(date(2025, 9, 22)))
    same = CorrectApplicantType(applicant_type=ApplicantType.NATURAL_PERSON, reason="核对")
    assert refusal(state, at(date(2025, 9, 23), same)).code == "R-REQ-APPLICANT-FIX"
    blank = CorrectApplicantType(applicant_type=ApplicantType.BUSINESS, reason="")
    assert refusal(state, at(date(2025, 9, 23), blank)).field == "reason"


def test_the_request_fold_refuses_an_event_it_does_not_know() -> None:
    # Like the document fold: a type without a fold is a bug, never silently a no-op.
    state = given(applied(date(2025, 9, 22)))
    stranger = DomainEvent(
        originator_id=state.id, originator_version=2, timestamp=instant(date(2025, 9, 23)), actor=HEAD
    )
    with pytest.raises(TypeError, match="no fold"):
        evolve(state, stranger)
