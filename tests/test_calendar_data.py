"""The administrator's year file, and the history of holiday-table loads (R-COUNT-3, R-COUNT-4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from adapters.calendar_data import YearFileError, parse_year_file
from domain.actors import Role
from domain.calendar import DueDate, HolidayYear, WorkingCalendar, business_date
from domain.context import Context
from domain.errors import InvalidValue, StepOutOfOrder
from domain.working_calendar import CalendarHistory, evolve, load_years
from tests.support import actor

d = date

YEAR_FILE_2026 = """\
# 国务院办公厅关于2026年部分节假日安排的通知
year: 2026
source: 国办发明电〔2025〕7号
holiday: 2026-01-01..2026-01-03   # 元旦; Sat 1/3 is dropped
workday: 2026-01-04
holiday: 2026-02-15..2026-02-23   # 春节; Sun 15, Sat 21, Sun 22 are dropped

workday: 2026-02-14
WORKDAY: 2026-02-28
holiday: 2026-06-19
"""


def test_a_year_file_gives_the_weekdays_off_and_the_weekend_days_worked() -> None:
    table, source = parse_year_file(YEAR_FILE_2026)
    assert source == "国办发明电〔2025〕7号"
    assert table == HolidayYear(
        2026,
        frozenset({d(2026, 1, 1), d(2026, 1, 2), *(d(2026, 2, n) for n in (16, 17, 18, 19, 20, 23)), d(2026, 6, 19)}),
        frozenset({d(2026, 1, 4), d(2026, 2, 14), d(2026, 2, 28)}),
    )


def with_line(line: str) -> str:
    """A valid file with one more line, which is line 4."""
    return f"year: 2026\nsource: 国办发明电〔2025〕7号\nholiday: 2026-01-01\n{line}\n"


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("holidays: 2026-01-02", "unknown key “holidays”"),
        ("holiday 2026-01-02", "expected 'key: value'"),
        ("holiday: 2026-02-30", "not a date"),
        ("holiday: 26-1-2", "not a date"),
        ("holiday: 2026-02-23..2026-02-15", "ends before it starts"),
        ("holiday: 2027-01-01", "not in 2026"),
        ("holiday: 2026-12-31..2027-01-03", "not in 2026"),
        ("workday: 2026-01-05", "is a weekday already"),
        ("workday: 2026-01-01..2026-01-04", "is a weekday already"),
        ("year: MMXXVI", "not a number"),
    ],
)
def test_a_bad_line_is_refused_naming_the_line(line: str, complaint: str) -> None:
    with pytest.raises(YearFileError, match=complaint) as refused:
        parse_year_file(with_line(line))
    assert str(refused.value).startswith("line 4: ")


def test_a_day_both_off_and_worked_is_refused_naming_both_lines() -> None:
    text = "year: 2026\nsource: 国办发明电〔2025〕7号\nholiday: 2026-02-14..2026-02-16\nworkday: 2026-02-14\n"
    with pytest.raises(YearFileError, match="both as a holiday") as refused:
        parse_year_file(text)
    assert "line 4" in str(refused.value)
    assert "line 3" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("source: 国办发明电〔2025〕7号\nholiday: 2026-01-01\n", "'year:'"),
        ("year: 2026\nholiday: 2026-01-01\n", "'source:'"),
        ("year: 2026\nsource:   # to be filled in\nholiday: 2026-01-01\n", "'source:'"),
    ],
)
def test_a_file_without_year_or_source_is_refused_naming_the_field(text: str, field: str) -> None:
    with pytest.raises(YearFileError, match=field):
        parse_year_file(text)


# The history of loads ------------------------------------------------------------------------------

T0 = datetime(2025, 12, 1, 2, 0, tzinfo=UTC)

TABLE_2025 = HolidayYear(2025, frozenset({d(2025, 1, 1)}), frozenset())
ANNOUNCED_2026 = HolidayYear(2026, frozenset({d(2026, 1, 1), d(2026, 1, 2)}), frozenset({d(2026, 1, 4)}))
MISTYPED_2026 = HolidayYear(2026, frozenset({d(2026, 1, 1)}), frozenset())


def admin_at(at: datetime) -> Context:
    """An administrator acting at an instant."""
    return Context(actor=actor(Role.ADMINISTRATOR), now=at, today=business_date(at), calendar=WorkingCalendar())


def load(state: CalendarHistory | None, tables: list[HolidayYear], at: datetime) -> CalendarHistory:
    """The history after an administrator loads tables at an instant."""
    for event in load_years(state, tables, "国办发明电〔2025〕7号", admin_at(at)):
        state = evolve(state, event)
    assert state is not None
    return state


def test_reloading_an_identical_table_is_refused() -> None:
    history = load(None, [TABLE_2025, ANNOUNCED_2026], T0)
    with pytest.raises(StepOutOfOrder) as refused:
        load(history, [ANNOUNCED_2026], T0 + timedelta(days=1))
    assert refused.value.code == "R-COUNT-3"


def test_a_table_needs_a_source() -> None:
    with pytest.raises(InvalidValue) as refused:
        load_years(None, [ANNOUNCED_2026], "  ", admin_at(T0))
    assert refused.value.field == "source"


def test_a_later_load_of_the_same_year_replaces_it() -> None:
    history = load(load(None, [MISTYPED_2026], T0), [ANNOUNCED_2026], T0 + timedelta(days=2))
    assert history.calendar().years[2026] == ANNOUNCED_2026
    assert history.version == 2


def test_a_replaced_table_can_be_loaded_again() -> None:
    history = load(load(None, [ANNOUNCED_2026], T0), [MISTYPED_2026], T0 + timedelta(days=1))
    history = load(history, [ANNOUNCED_2026], T0 + timedelta(days=2))
    assert history.calendar().years[2026] == ANNOUNCED_2026


def test_the_calendar_as_of_a_moment_is_the_calendar_known_then() -> None:
    second, third = T0 + timedelta(days=10), T0 + timedelta(days=20)
    history = load(load(load(None, [TABLE_2025], T0), [MISTYPED_2026], second), [ANNOUNCED_2026], third)
    monday = d(2025, 12, 29)

    def due_as_of(moment: datetime) -> DueDate:
        return history.calendar(as_of=moment).add_working_days(monday, 3)

    assert history.calendar(as_of=T0 - timedelta(seconds=1)).years == {}
    # Tue 12/30 (1), Wed 31 (2), then:
    assert due_as_of(T0) == DueDate(d(2026, 1, 1), provisional=True)  # Thu 1/1, weekends only (3)
    assert due_as_of(second - timedelta(seconds=1)) == DueDate(d(2026, 1, 1), provisional=True)
    assert due_as_of(second) == DueDate(d(2026, 1, 2), provisional=False)  # 1/1 off; Fri 1/2 (3)
    assert due_as_of(third) == DueDate(d(2026, 1, 4), provisional=False)  # 1/1–1/3 off; Sun 1/4 worked (3)
    assert history.calendar() == history.calendar(as_of=third)


def test_the_same_table_twice_in_one_load_is_refused() -> None:
    table = HolidayYear(2031, frozenset({date(2031, 1, 1)}), frozenset())
    ctx = Context(
        actor=actor(Role.ADMINISTRATOR),
        now=datetime(2030, 11, 20, tzinfo=UTC),
        today=date(2030, 11, 20),
        calendar=WorkingCalendar(),
    )
    with pytest.raises(StepOutOfOrder) as refusal:
        load_years(None, [table, table], "国办发明电〔2030〕N号", ctx)
    assert refusal.value.code == "R-COUNT-3"
