"""R-REPORT: an organ's monthly return (月报) for table 2: decisions counted by department and kind, and the fee
income in yuan to the fen, each entered once the month has ended; a figure entered again is a correction with its
reason, and the later one stands.

The bureau's disclosure office enters March 2025's return in April 2025.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import DomainError, InvalidValue, StepOutOfOrder
from domain.events import DomainEvent
from domain.monthly_return import (
    CountDecisions,
    DecisionKind,
    DecisionsCounted,
    FeeIncomeRecorded,
    MonthlyReturn,
    RecordFeeIncome,
    decide,
    evolve,
    month_of,
    return_id,
)
from tests.domain.builders import HEAD, context

ORGAN = "闵行区人力资源和社会保障局"
MARCH = date(2025, 3, 1)
ENTERED = date(2025, 4, 2)
"""Wed 2025-04-02: March has ended."""
SUPERVISION = "劳动保障监察支队"
EMPLOYMENT = "就业促进科"

Command = CountDecisions | RecordFeeIncome


def entry(state: MonthlyReturn | None, command: Command, month: date = MARCH, day: date = ENTERED) -> DomainEvent:
    """The one event the command makes in the organ's return for the month, entered on a day."""
    return decide(state, ORGAN, month, command, context(day, HEAD))


def refused(state: MonthlyReturn | None, command: Command, month: date = MARCH, day: date = ENTERED) -> DomainError:
    """The refusal of the command; the test fails if it is accepted."""
    with pytest.raises(DomainError) as caught:
        entry(state, command, month, day)
    return caught.value


def returned(*commands: Command, month: date = MARCH) -> MonthlyReturn:
    """The return after each command is decided on the state before it and folded in."""
    state: MonthlyReturn | None = None
    for command in commands:
        event = decide(state, ORGAN, month, command, context(ENTERED, HEAD))
        state = evolve(state, event)
    assert state is not None
    return state


def penalties(count: int, reason: str = "", department: str = SUPERVISION) -> CountDecisions:
    """The supervision detachment's penalty decisions of the month."""
    return CountDecisions(department=department, kind=DecisionKind.PENALTY, count=count, reason=reason)


def fee(yuan: str, reason: str = "") -> RecordFeeIncome:
    """The month's fee income, written as the office types it."""
    return RecordFeeIncome(yuan=Decimal(yuan), reason=reason)


# month_of ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month"),
    [("2025-03", date(2025, 3, 1)), ("2008-01", date(2008, 1, 1)), ("2024-12", date(2024, 12, 1))],
)
def test_a_month_written_yyyy_mm_is_its_first_day(text: str, month: date) -> None:
    assert month_of(text) == month


@pytest.mark.parametrize(
    "text",
    ["2025-3", "2025/03", "25-03", "2025-13", "2025-00", "", "2025-03-01", "2025", "March 2025", "abcd-ef", "2025-03 "],
)
def test_text_that_is_not_a_month_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        month_of(text)
    assert refusal.value.field == "month"


@pytest.mark.parametrize("text", ["2025-+3", "2025- 3", "2025-3 ", "2_25-03", "+025-03"])
def test_text_with_a_sign_a_space_or_an_underscore_is_not_a_month(text: str) -> None:
    with pytest.raises(InvalidValue):
        month_of(text)


# Which months ------------------------------------------------------------------------------------------------


def test_a_month_is_entered_once_it_has_ended() -> None:
    # On Sat 3/1 February (28 days in 2025) has ended and March has just begun.
    assert isinstance(entry(None, penalties(4), month=date(2025, 2, 1), day=date(2025, 3, 1)), DecisionsCounted)
    error = refused(None, penalties(4), month=MARCH, day=date(2025, 3, 31))
    assert (error.code, error.field) == ("R-VALUE", "month")


def test_a_month_still_to_come_is_refused() -> None:
    # On 4/2, May has not even begun.
    error = refused(None, fee("10.00"), month=date(2025, 5, 1))
    assert (error.code, error.field) == ("R-VALUE", "month")


def test_a_month_before_2008_is_refused() -> None:
    # The regulations took effect on 1 May 2008; no report is for a year before 2008.
    assert isinstance(entry(None, fee("10.00"), month=date(2008, 1, 1)), FeeIncomeRecorded)
    error = refused(None, fee("10.00"), month=date(2007, 12, 1))
    assert (error.code, error.field) == ("R-VALUE", "month")


def test_a_month_is_given_by_its_first_day() -> None:
    # 15 March is a day, not a month: the return would be March's stream under a date table 2 never matches.
    error = refused(None, fee("10.00"), month=date(2025, 3, 15))
    assert (error.code, error.field) == ("R-VALUE", "month")


def test_minus_nothing_is_nothing() -> None:
    event = entry(None, fee("-0"))
    assert isinstance(event, FeeIncomeRecorded)
    assert str(event.yuan) == "0.00"


def test_an_organ_is_named() -> None:
    with pytest.raises(InvalidValue) as refusal:
        decide(None, "  ", MARCH, fee("10.00"), context(ENTERED, HEAD))
    assert refusal.value.field == "organ"


# Counts ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 10_000_000])
def test_a_count_from_zero_to_ten_million_is_accepted(count: int) -> None:
    event = entry(None, penalties(count))
    assert isinstance(event, DecisionsCounted)
    assert (event.organ, event.month, event.department, event.kind, event.count) == (
        ORGAN,
        MARCH,
        SUPERVISION,
        DecisionKind.PENALTY,
        count,
    )


@pytest.mark.parametrize("count", [-1, 10_000_001])
def test_a_negative_or_implausible_count_is_refused(count: int) -> None:
    error = refused(None, penalties(count))
    assert (error.code, error.field) == ("R-VALUE", "count")


def test_a_count_names_its_department() -> None:
    assert refused(None, penalties(3, department=" ")).field == "department"


# Fee income --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12345.67", Decimal("12345.67")), ("0", Decimal("0.00")), ("12.5", Decimal("12.50")), ("7.000", Decimal("7.00"))],
)
def test_fee_income_is_kept_to_the_fen(typed: str, stored: Decimal) -> None:
    event = entry(None, fee(typed))
    assert isinstance(event, FeeIncomeRecorded)
    assert event.yuan == stored and event.yuan.as_tuple().exponent == -2


def test_the_largest_plausible_fee_income_is_accepted() -> None:
    # A hundred billion yuan in a month is the ceiling, itself accepted.
    event = entry(None, fee("100000000000"))
    assert isinstance(event, FeeIncomeRecorded) and event.yuan == Decimal("100000000000.00")


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("1.005", id="a tenth of a fen"),
        pytest.param("-0.01", id="negative"),
        pytest.param("NaN", id="NaN"),
        pytest.param("sNaN", id="signalling NaN"),
        pytest.param("Infinity", id="infinite"),
        pytest.param("100000000000.01", id="a fen over the ceiling"),
        pytest.param("1E+30", id="huge"),
    ],
)
def test_fee_income_that_is_not_an_amount_to_the_fen_is_refused(typed: str) -> None:
    error = refused(None, fee(typed))
    assert (error.code, error.field) == ("R-VALUE", "yuan")


# Corrections -------------------------------------------------------------------------------------------------


def test_the_first_figure_needs_no_reason_and_a_correction_does() -> None:
    state = returned(penalties(4))
    error = refused(state, penalties(5))
    assert isinstance(error, InvalidValue)
    assert error.field == "reason"
    assert refused(state, penalties(5, reason="   ")).field == "reason"
    corrected = entry(state, penalties(5, reason=" 漏报一件 "))
    assert isinstance(corrected, DecisionsCounted)
    assert (corrected.count, corrected.reason, corrected.originator_version) == (5, "漏报一件", 2)


def test_a_fee_correction_needs_a_reason() -> None:
    state = returned(fee("100.00"))
    assert refused(state, fee("0.01")).field == "reason"
    corrected = entry(state, fee("0.01", reason="误将2月收入录入3月"))
    assert isinstance(corrected, FeeIncomeRecorded) and corrected.yuan == Decimal("0.01")


def test_the_same_count_again_is_refused_as_out_of_order() -> None:
    # The department's name is trimmed, so "劳动保障监察支队 " is the same department.
    state = returned(penalties(4))
    error = refused(state, penalties(4, reason="再次确认", department=SUPERVISION + " "))
    assert isinstance(error, StepOutOfOrder)
    assert error.code == "R-REPORT"


def test_the_same_fee_again_is_refused_as_out_of_order_however_it_is_written() -> None:
    # 12.5 yuan and 12.50 yuan are the same amount.
    state = returned(fee("12.50"))
    error = refused(state, fee("12.5", reason="再次确认"))
    assert isinstance(error, StepOutOfOrder)
    assert error.code == "R-REPORT"


def test_the_same_count_for_another_department_or_kind_is_a_first_figure() -> None:
    state = returned(penalties(4))
    assert isinstance(entry(state, penalties(4, department=EMPLOYMENT)), DecisionsCounted)
    licensing = CountDecisions(department=SUPERVISION, kind=DecisionKind.LICENSING, count=4)
    assert isinstance(entry(state, licensing), DecisionsCounted)


# The fold ----------------------------------------------------------------------------------------------------


def test_the_return_keeps_the_last_correction_per_department_and_kind_in_the_order_first_entered() -> None:
    # Supervision's penalties 4 → 5 → 3; employment's licensing 12; supervision's enforcement 1 → 0.
    state = returned(
        penalties(4),
        CountDecisions(department=EMPLOYMENT, kind=DecisionKind.LICENSING, count=12),
        penalties(5, reason="漏报一件"),
        CountDecisions(department=SUPERVISION, kind=DecisionKind.ENFORCEMENT, count=1),
        penalties(3, reason="两件为2月决定"),
        CountDecisions(department=SUPERVISION, kind=DecisionKind.ENFORCEMENT, count=0, reason="已撤销"),
    )
    assert state.decisions == (
        (SUPERVISION, DecisionKind.PENALTY, 3),
        (EMPLOYMENT, DecisionKind.LICENSING, 12),
        (SUPERVISION, DecisionKind.ENFORCEMENT, 0),
    )
    assert state.count_of(SUPERVISION, DecisionKind.LICENSING) is None
    assert (state.version, state.yuan) == (6, None)


def test_the_return_keeps_the_last_fee_of_the_month() -> None:
    # 100.00 entered, corrected to 0.01, then to 12345.67.
    state = returned(fee("100.00"), penalties(2), fee("0.01", reason="误录"), fee("12345.67", reason="补录"))
    assert state.yuan == Decimal("12345.67")
    assert state.decisions == ((SUPERVISION, DecisionKind.PENALTY, 2),)
    assert (state.id, state.organ, state.month, state.version) == (return_id(ORGAN, MARCH), ORGAN, MARCH, 4)


# The stream --------------------------------------------------------------------------------------------------


def test_one_stream_per_organ_and_month_whoever_enters_it() -> None:
    assert return_id(ORGAN, MARCH) == return_id(ORGAN, date(2025, 3, 1))
    assert return_id(ORGAN, MARCH) != return_id(ORGAN, date(2025, 4, 1))
    assert return_id(ORGAN, MARCH) != return_id("闵行区民政局", MARCH)
    assert return_id(ORGAN, MARCH) != return_id(ORGAN, date(2024, 3, 1))
    first = entry(None, penalties(4))
    assert isinstance(first, DecisionsCounted)
    assert (first.originator_id, first.originator_version) == (return_id(ORGAN, MARCH), 1)
    second = entry(evolve(None, first), fee("10.00"))
    assert isinstance(second, FeeIncomeRecorded)
    assert (second.originator_id, second.originator_version) == (return_id(ORGAN, MARCH), 2)
