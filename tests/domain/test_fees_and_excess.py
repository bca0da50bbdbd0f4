"""R-REQ-FEE and R-REQ-EXCESS.

The fee cases are received on Mon 2024-09-23. National Day 2024: 10/1–10/7 off, Sun 9/29 and Sat 10/12
worked. Reply due: 9/24–9/27 = 1–4, Sun 9/29 = 5, 9/30 = 6, 10/8–10/11 = 7–10, Sat 10/12 = 11,
10/14–10/18 = 12–16, 10/21–10/24 = 17–20 → Thu 2024-10-24.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st

from domain.disclosure_request import events as ev
from domain.disclosure_request.clock import fee_payment_due
from domain.disclosure_request.commands import (
    DeclareAbandoned,
    RecordFeeNoticeReceived,
    RecordFeePayment,
    RequestReasons,
    SendFeeNotice,
    SetLaterDueDate,
    WaiveFee,
)
from domain.disclosure_request.fees import fee, per_item_fee
from domain.disclosure_request.register import ItemsRecounted, NumberAssigned, Register, register_id
from domain.disclosure_request.register import evolve as evolve_register
from domain.disclosure_request.values import DeliveryForm, FeeScale, Outcome, OutcomeCategory, Status
from tests.domain.builders import (
    CALENDAR,
    CLERK,
    DISCLOSED,
    RULES,
    applied,
    at,
    clock,
    due,
    given,
    instant,
    only_event,
    refusal,
    reply,
    run,
    then,
)

RECEIVED = date(2024, 9, 23)
DUE = date(2024, 10, 24)
SENT = date(2024, 9, 27)
PAY_BY = date(2024, 10, 30)
"""20 wd after the notice of Fri 9/27: Sun 9/29 = 1, 9/30 = 2, 10/8–10/11 = 3–6, Sat 10/12 = 7,
10/14–10/18 = 8–12, 10/21–10/25 = 13–17, 10/28 = 18, 10/29 = 19, 10/30 = 20."""
EXCESSIVE = Outcome(category=OutcomeCategory.NOT_PROCESSED, ground=4)


def notice(
    scale: FeeScale = FeeScale.PER_ITEM,
    quantity: int = 12,
    form: DeliveryForm = DeliveryForm.PAPER,
    sent_on: date = SENT,
) -> SendFeeNotice:
    """A fee notice; by default 12 items this month, on paper."""
    return SendFeeNotice(sent_on=sent_on, scale=scale, quantity=quantity, form=form)


def reasons(sent_on: date) -> RequestReasons:
    """Ask the applicant why he files so many applications."""
    return RequestReasons(sent_on=sent_on, note="本月已提交申请45件，请说明理由")


def later_due(due_on: date, notified_on: date) -> SetLaterDueDate:
    """A later reasonable due date for an excessive application."""
    return SetLaterDueDate(due=due_on, reason="申请数量明显超出合理范围", notified_on=notified_on)


def test_the_fee_cases_are_due_on_the_twenty_fourth_of_october_2024() -> None:
    assert due(given(applied(RECEIVED))) == DUE


# R-REQ-FEE: the two scales ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "amount"),
    [(1, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000), (51, 7400)],
)
def test_the_per_item_scale_at_its_band_edges(items: int, amount: int) -> None:
    # 11–30 at 100 each; 31–40 at 200; 41–50 at 300; 51– at 400.
    assert fee(FeeScale.PER_ITEM, items) == Decimal(amount)


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_the_per_volume_scale_at_its_band_edges(pages: int, amount: int) -> None:
    # 31–100 at 10 a page; 101–200 at 20; 201– at 40.
    assert fee(FeeScale.PER_VOLUME, pages) == Decimal(amount)


@pytest.mark.parametrize(("items", "amount"), [(11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300)])
def test_a_per_item_fee_notice_charges_the_scale(items: int, amount: int) -> None:
    state = given(applied(RECEIVED))
    sent = only_event(state, at(SENT, notice(FeeScale.PER_ITEM, items, DeliveryForm.ELECTRONIC)))
    assert isinstance(sent, ev.FeeNoticeSent)
    assert (sent.scale, sent.quantity, sent.amount) == (FeeScale.PER_ITEM, items, Decimal(amount))


@pytest.mark.parametrize(("pages", "amount"), [(31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)])
@pytest.mark.parametrize("form", [DeliveryForm.PAPER, DeliveryForm.COPIED_DATA])
def test_a_per_volume_fee_notice_charges_the_scale_for_paper_or_copied_data(
    pages: int, amount: int, form: DeliveryForm
) -> None:
    state = given(applied(RECEIVED))
    sent = only_event(state, at(SENT, notice(FeeScale.PER_VOLUME, pages, form)))
    assert isinstance(sent, ev.FeeNoticeSent)
    assert (sent.scale, sent.form, sent.amount) == (FeeScale.PER_VOLUME, form, Decimal(amount))


def test_the_per_volume_scale_does_not_apply_to_electronic_information() -> None:
    state = given(applied(RECEIVED))
    error = refusal(state, at(SENT, notice(FeeScale.PER_VOLUME, 300, DeliveryForm.ELECTRONIC)))
    assert (error.code, error.field) == ("R-REQ-FEE", "scale")


@pytest.mark.parametrize(("scale", "quantity"), [(FeeScale.PER_ITEM, 10), (FeeScale.PER_VOLUME, 30)])
def test_no_fee_notice_for_a_free_quantity(scale: FeeScale, quantity: int) -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(SENT, notice(scale, quantity))).code == "R-REQ-FEE"


def test_a_fee_notice_counts_at_least_one() -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(SENT, notice(quantity=0))).code == "R-VALUE"


def test_a_fee_notice_dated_before_receipt_is_refused() -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(SENT, notice(sent_on=date(2024, 9, 20)))).code == "R-REQ-FEE"


# R-REQ-FEE: one notice, one scale ---------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [FeeScale.PER_ITEM, FeeScale.PER_VOLUME])
def test_only_one_fee_notice_on_one_scale(scale: FeeScale) -> None:
    state = given(applied(RECEIVED), at(SENT, notice(FeeScale.PER_ITEM, 12)))
    assert refusal(state, at(date(2024, 9, 30), notice(scale, 40, sent_on=date(2024, 9, 30)))).code == "R-REQ-FEE"


def test_no_second_fee_notice_after_payment() -> None:
    state = given(
        applied(RECEIVED),
        at(SENT, notice(FeeScale.PER_ITEM, 12)),
        at(date(2024, 10, 9), RecordFeePayment(paid_on=date(2024, 10, 9))),
    )
    step = at(date(2024, 10, 10), notice(FeeScale.PER_VOLUME, 40, sent_on=date(2024, 10, 10)))
    assert refusal(state, step).code == "R-REQ-FEE"


# R-REQ-FEE: the clock stops until payment ------------------------------------------------------------------


def test_a_fee_notice_stops_the_clock_until_payment() -> None:
    # Sent Fri 9/27, paid Wed 10/9: Sun 9/29, 9/30, 10/8, 10/9 = 4 working days not counted.
    # Reply: 9/24–9/27 = 1–4, 10/10 = 5, 10/11 = 6, Sat 10/12 = 7, 10/14–10/18 = 8–12, 10/21–10/25 = 13–17,
    # 10/28 = 18, 10/29 = 19, 10/30 = 20.
    state = given(applied(RECEIVED), at(SENT, notice()))
    assert state.status is Status.AWAITING_FEE
    assert clock(state).stopped
    paid = then(state, at(date(2024, 10, 9), RecordFeePayment(paid_on=date(2024, 10, 9))))
    assert paid.status is Status.IN_PROGRESS
    assert not clock(paid).stopped
    assert due(paid) == date(2024, 10, 30)


def test_a_waived_fee_restarts_the_clock_like_a_payment() -> None:
    state = given(
        applied(RECEIVED),
        at(SENT, notice()),
        at(date(2024, 10, 9), WaiveFee(waived_on=date(2024, 10, 9), reason="申请人为低保户")),
    )
    assert state.status is Status.IN_PROGRESS
    assert due(state) == date(2024, 10, 30)


def test_a_waiver_records_its_reason() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()))
    waived = only_event(state, at(date(2024, 10, 9), WaiveFee(waived_on=date(2024, 10, 9), reason="申请人为低保户")))
    assert isinstance(waived, ev.FeeWaived)
    assert waived.reason == "申请人为低保户"
    error = refusal(state, at(date(2024, 10, 9), WaiveFee(waived_on=date(2024, 10, 9), reason=" ")))
    assert (error.code, error.field) == ("R-VALUE", "reason")


def test_while_unpaid_the_due_date_counts_the_whole_payment_period_as_stopped() -> None:
    # Not counted: 9/29 through the payment deadline 10/30 = 20 working days.
    # Reply: 9/24–9/27 = 1–4, 10/31 = 5, 11/1 = 6, 11/4–11/8 = 7–11, 11/11–11/15 = 12–16, 11/18–11/21 = 17–20.
    state = given(applied(RECEIVED), at(SENT, notice()))
    assert due(state) == date(2024, 11, 21)


def test_no_reply_while_the_fee_is_awaited() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()))
    assert refusal(state, at(date(2024, 10, 8), reply(date(2024, 10, 8), DISCLOSED))).code == "R-REQ-FEE"


def test_a_payment_nobody_asked_for_is_refused() -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(date(2024, 10, 9), RecordFeePayment(paid_on=date(2024, 10, 9)))).code == "R-REQ-FEE"


def test_a_payment_dated_before_the_notice_is_refused() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()))
    assert refusal(state, at(date(2024, 10, 9), RecordFeePayment(paid_on=date(2024, 9, 26)))).code == "R-REQ-FEE"


# R-REQ-FEE: unpaid after 20 wd ------------------------------------------------------------------------------


def test_a_fee_may_be_paid_on_the_twentieth_working_day() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()), at(PAY_BY, RecordFeePayment(paid_on=PAY_BY)))
    assert state.status is Status.IN_PROGRESS


def test_a_payment_after_the_twentieth_working_day_is_refused() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()))
    error = refusal(state, at(date(2024, 10, 31), RecordFeePayment(paid_on=date(2024, 10, 31))))
    assert (error.code, error.field) == ("R-REQ-FEE", "paid_on")


def test_an_unpaid_fee_does_not_abandon_the_application_on_its_last_day() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()))
    assert refusal(state, at(PAY_BY, DeclareAbandoned())).code == "R-REQ-FEE"


def test_an_unpaid_fee_after_twenty_working_days_abandons_the_application_as_other_ground_2() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()))
    abandoned = only_event(state, at(date(2024, 10, 31), DeclareAbandoned()))
    assert isinstance(abandoned, ev.DeemedAbandoned)
    assert abandoned.outcome == Outcome(category=OutcomeCategory.OTHER, ground=2)
    closed = then(state, at(date(2024, 10, 31), DeclareAbandoned()))
    assert (closed.status, closed.closed_on) == (Status.CLOSED, date(2024, 10, 31))


def test_a_paid_application_cannot_be_deemed_abandoned_for_the_fee() -> None:
    state = given(
        applied(RECEIVED), at(SENT, notice()), at(date(2024, 10, 9), RecordFeePayment(paid_on=date(2024, 10, 9)))
    )
    assert refusal(state, at(date(2024, 11, 15), DeclareAbandoned())).code == "R-STEP"


# R-REQ-EXCESS ---------------------------------------------------------------------------------------------


def test_a_later_due_date_needs_reasons_requested_first() -> None:
    state = given(applied(RECEIVED))
    assert (
        refusal(state, at(date(2024, 10, 8), later_due(date(2024, 12, 31), date(2024, 10, 8)))).code == "R-REQ-EXCESS"
    )


@pytest.mark.parametrize("too_early", [DUE, date(2024, 10, 23)])
def test_a_later_due_date_comes_after_the_current_due_date(too_early: date) -> None:
    state = given(applied(RECEIVED), at(date(2024, 9, 25), reasons(date(2024, 9, 25))))
    error = refusal(state, at(date(2024, 10, 8), later_due(too_early, date(2024, 10, 8))))
    assert (error.code, error.field) == ("R-REQ-EXCESS", "due")


def test_a_later_due_date_after_reasons_becomes_the_reply_due_date() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2024, 9, 25), reasons(date(2024, 9, 25))),
        at(date(2024, 10, 8), later_due(date(2024, 10, 25), date(2024, 10, 8))),
    )
    assert due(state) == date(2024, 10, 25)


def test_a_later_due_date_is_set_once() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2024, 9, 25), reasons(date(2024, 9, 25))),
        at(date(2024, 10, 8), later_due(date(2024, 11, 29), date(2024, 10, 8))),
    )
    assert refusal(state, at(date(2024, 10, 9), later_due(date(2024, 12, 31), date(2024, 10, 9)))).code == (
        "R-REQ-EXCESS"
    )


def test_a_later_due_date_is_set_before_the_current_one_passes() -> None:
    state = given(applied(RECEIVED), at(date(2024, 9, 25), reasons(date(2024, 9, 25))))
    assert refusal(state, at(date(2024, 10, 25), later_due(date(2024, 12, 31), date(2024, 10, 25)))).code == (
        "R-REQ-EXCESS"
    )


def test_reasons_are_requested_once() -> None:
    state = given(applied(RECEIVED), at(date(2024, 9, 25), reasons(date(2024, 9, 25))))
    assert refusal(state, at(date(2024, 9, 26), reasons(date(2024, 9, 26)))).code == "R-REQ-EXCESS"


def test_not_processing_an_excessive_application_needs_reasons_requested_first() -> None:
    state = given(applied(RECEIVED))
    assert refusal(state, at(date(2024, 10, 8), reply(date(2024, 10, 8), EXCESSIVE))).code == "R-REQ-EXCESS"


def test_an_excessive_application_is_not_processed_after_reasons_were_requested() -> None:
    state = given(
        applied(RECEIVED),
        at(date(2024, 9, 25), reasons(date(2024, 9, 25))),
        at(date(2024, 10, 8), reply(date(2024, 10, 8), EXCESSIVE)),
    )
    assert (state.status, state.outcome) == (Status.REPLIED, EXCESSIVE)


@for_all(st.integers(min_value=0, max_value=400))
def test_the_per_item_fee_is_the_sum_of_each_items_band_rate(items: int) -> None:
    # Item n of the month: 1–10 free, 11–30 ¥100, then ¥100 more for each further band of 10 (31–40 ¥200, …).
    def rate(n: int) -> int:
        return 0 if n <= 10 else 100 if n <= 30 else 100 * ((n - 31) // 10 + 2)

    assert per_item_fee(items) == sum(rate(n) for n in range(1, items + 1))


# R-REQ-FEE: the per-item scale counts the applicant's month (109号 第四条) -----------------------------------------

APPLICANT = "a1b2c3"
"""An applicant's key, as the register keeps it."""


def registered(*applications: tuple[object, int, date], key: str | None = APPLICANT) -> Register:
    """The organ's register after each (request id, items, receipt date), numbered in order, of one applicant."""
    book: Register | None = None
    for number, (request_id, items, received) in enumerate(applications, start=1):
        book = evolve_register(
            book,
            NumberAssigned(
                originator_id=register_id("某区人社局", 2024),
                originator_version=number,
                timestamp=instant(received),
                actor=CLERK,
                organ="某区人社局",
                year=2024,
                number=number,
                request_id=request_id,  # type: ignore[arg-type]
                receipt_date=received,
                applicant_key=key,
                items=items,
            ),
        )
    assert book is not None
    return book


def test_the_per_item_scale_counts_the_applicants_earlier_items_that_month() -> None:
    # Ten items on 9/2 were free; this application's 5 are the month's 11th–15th: ¥100 each.
    state = given(applied(RECEIVED, items=5))
    book = registered((uuid.uuid4(), 10, date(2024, 9, 2)), (state.id, 5, RECEIVED))
    sent = only_event(
        state, at(SENT, SendFeeNotice(sent_on=SENT, scale=FeeScale.PER_ITEM, form=DeliveryForm.PAPER), register=book)
    )
    assert isinstance(sent, ev.FeeNoticeSent)
    assert (sent.items_before, sent.quantity, sent.amount) == (10, 5, Decimal(500))


def test_items_of_another_month_or_applicant_or_a_later_application_do_not_count() -> None:
    state = given(applied(RECEIVED, items=12))
    book = registered(
        (uuid.uuid4(), 25, date(2024, 8, 30)),  # August
        (state.id, 12, RECEIVED),
        (uuid.uuid4(), 9, date(2024, 9, 24)),  # entered after this one
    )
    step = at(SENT, SendFeeNotice(sent_on=SENT, scale=FeeScale.PER_ITEM, form=DeliveryForm.PAPER), register=book)
    sent = only_event(state, step)
    assert isinstance(sent, ev.FeeNoticeSent)
    assert (sent.items_before, sent.amount) == (0, Decimal(200))


def test_an_application_that_is_free_by_itself_costs_once_the_month_is_past_ten_items() -> None:
    state = given(applied(RECEIVED, items=3))
    book = registered((uuid.uuid4(), 9, date(2024, 9, 2)), (state.id, 3, RECEIVED))
    step = at(SENT, SendFeeNotice(sent_on=SENT, scale=FeeScale.PER_ITEM, form=DeliveryForm.PAPER), register=book)
    sent = only_event(state, step)
    assert isinstance(sent, ev.FeeNoticeSent)
    # Items 10–12 of the month: the 10th free, the 11th and 12th ¥100 each.
    assert sent.amount == Decimal(200)


def test_a_per_item_notice_with_another_count_recounts_the_application_in_the_register() -> None:
    state = given(applied(RECEIVED))
    book = registered((uuid.uuid4(), 10, date(2024, 9, 2)), (state.id, 1, RECEIVED))
    step = at(SENT, notice(FeeScale.PER_ITEM, 4), register=book)
    sent, recounted = run(state, step)
    assert isinstance(sent, ev.FeeNoticeSent) and sent.amount == Decimal(400)
    assert isinstance(recounted, ItemsRecounted)
    assert (recounted.originator_id, recounted.request_id, recounted.items) == (book.id, state.id, 4)
    assert evolve_register(book, recounted).items_of(state.id) == 4


def test_a_per_volume_notice_gives_its_pages() -> None:
    state = given(applied(RECEIVED))
    error = refusal(state, at(SENT, SendFeeNotice(sent_on=SENT, scale=FeeScale.PER_VOLUME, form=DeliveryForm.PAPER)))
    assert (error.code, error.field) == ("R-VALUE", "quantity")


def test_the_per_volume_scale_applies_to_e_mail() -> None:
    # 109号 第五条: paper, e-mail and copied electronic data.
    state = given(applied(RECEIVED))
    sent = only_event(state, at(SENT, notice(FeeScale.PER_VOLUME, 101, DeliveryForm.EMAIL)))
    assert isinstance(sent, ev.FeeNoticeSent) and sent.amount == Decimal(720)


# R-REQ-FEE: 20 wd to pay from the day after the applicant received the notice --------------------------------


def test_the_payment_period_runs_from_the_day_after_the_notice_was_received() -> None:
    # Sent Fri 9/27, received Mon 9/30: 10/8–10/11 = 1–4, Sat 10/12 = 5, 10/14–10/18 = 6–10, 10/21–10/25 = 11–15,
    # 10/28–11/1 = 16–20 → Fri 11/1 (sent-based, it would be Wed 10/30).
    state = given(
        applied(RECEIVED),
        at(SENT, notice()),
        at(date(2024, 10, 8), RecordFeeNoticeReceived(received_on=date(2024, 9, 30))),
    )
    assert fee_payment_due(state.fee_notice, CALENDAR, RULES).due == date(2024, 11, 1)  # type: ignore[arg-type]
    assert then(state, at(date(2024, 11, 1), RecordFeePayment(paid_on=date(2024, 11, 1)))).status is Status.IN_PROGRESS
    assert refusal(state, at(date(2024, 11, 1), DeclareAbandoned())).code == "R-REQ-FEE"


def test_receipt_of_the_notice_is_recorded_once_and_not_before_it_was_sent() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()))
    early = refusal(state, at(date(2024, 10, 8), RecordFeeNoticeReceived(received_on=date(2024, 9, 26))))
    assert (early.code, early.field) == ("R-REQ-FEE", "received_on")
    received = then(state, at(date(2024, 10, 8), RecordFeeNoticeReceived(received_on=date(2024, 9, 30))))
    again = refusal(received, at(date(2024, 10, 8), RecordFeeNoticeReceived(received_on=date(2024, 10, 8))))
    assert again.code == "R-REQ-FEE"


def test_an_abandonment_entered_late_carries_the_day_it_was_decided() -> None:
    state = given(applied(RECEIVED), at(SENT, notice()))
    closed = then(state, at(date(2024, 11, 8), DeclareAbandoned(decided_on=date(2024, 10, 31))))
    assert closed.closed_on == date(2024, 10, 31)
    early = refusal(state, at(date(2024, 11, 8), DeclareAbandoned(decided_on=PAY_BY)))
    assert (early.code, early.field) == ("R-REQ-FEE", "decided_on")


def test_a_per_item_notice_counts_at_most_as_many_items_as_an_application_may_hold() -> None:
    state = given(applied(RECEIVED))
    error = refusal(state, at(SENT, notice(FeeScale.PER_ITEM, 1001)))
    assert (error.code, error.field) == ("R-VALUE", "quantity")
