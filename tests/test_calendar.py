"""Working-day counting (RULES.md R-COUNT-1…3), checked by hand against the State Council's notices.

Every expected date below was counted on paper from the notices, never from the `chinesecalendar`
package; the seed tables are compared with the same hand-written tables, so a wrong package update
fails here instead of moving due dates silently.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.calendar_data import seed_tables
from domain.calendar import DueDate, HolidayYear, WorkingCalendar

d = date

NOTICE_2024 = HolidayYear(
    2024,
    # 国办发明电〔2023〕7号: the weekdays off; weekend days inside each holiday are rest days anyway.
    frozenset(
        {
            d(2024, 1, 1),  # 元旦 Mon
            *(d(2024, 2, day) for day in range(12, 17)),  # 春节 2/10 Sat–2/17 Sat: Mon 12 – Fri 16
            d(2024, 4, 4),  # 清明 4/4 Thu–4/6 Sat
            d(2024, 4, 5),
            *(d(2024, 5, day) for day in (1, 2, 3)),  # 劳动节 5/1 Wed–5/5 Sun
            d(2024, 6, 10),  # 端午 Mon
            d(2024, 9, 16),  # 中秋 9/15 Sun–9/17 Tue
            d(2024, 9, 17),
            *(d(2024, 10, day) for day in (1, 2, 3, 4, 7)),  # 国庆 10/1 Tue–10/7 Mon
        }
    ),
    frozenset(
        {
            d(2024, 2, 4),  # Sun, 春节
            d(2024, 2, 18),  # Sun, 春节
            d(2024, 4, 7),  # Sun, 清明
            d(2024, 4, 28),  # Sun, 劳动节
            d(2024, 5, 11),  # Sat, 劳动节
            d(2024, 9, 14),  # Sat, 中秋
            d(2024, 9, 29),  # Sun, 国庆
            d(2024, 10, 12),  # Sat, 国庆
        }
    ),
)

NOTICE_2025 = HolidayYear(
    2025,
    # 国办发明电〔2024〕12号
    frozenset(
        {
            d(2025, 1, 1),  # 元旦 Wed
            *(d(2025, 1, day) for day in (28, 29, 30, 31)),  # 春节 1/28 Tue–2/4 Tue
            d(2025, 2, 3),
            d(2025, 2, 4),
            d(2025, 4, 4),  # 清明 4/4 Fri–4/6 Sun
            *(d(2025, 5, day) for day in (1, 2, 5)),  # 劳动节 5/1 Thu–5/5 Mon
            d(2025, 6, 2),  # 端午 5/31 Sat–6/2 Mon
            *(d(2025, 10, day) for day in (1, 2, 3, 6, 7, 8)),  # 国庆·中秋 10/1 Wed–10/8 Wed
        }
    ),
    frozenset(
        {
            d(2025, 1, 26),  # Sun, 春节
            d(2025, 2, 8),  # Sat, 春节
            d(2025, 4, 27),  # Sun, 劳动节
            d(2025, 9, 28),  # Sun, 国庆
            d(2025, 10, 11),  # Sat, 国庆
        }
    ),
)

NOTICE_2026 = HolidayYear(
    2026,
    # 国办发明电〔2025〕7号
    frozenset(
        {
            d(2026, 1, 1),  # 元旦 1/1 Thu–1/3 Sat
            d(2026, 1, 2),
            *(d(2026, 2, day) for day in (16, 17, 18, 19, 20, 23)),  # 春节 2/15 Sun–2/23 Mon
            d(2026, 4, 6),  # 清明 4/4 Sat–4/6 Mon
            *(d(2026, 5, day) for day in (1, 4, 5)),  # 劳动节 5/1 Fri–5/5 Tue
            d(2026, 6, 19),  # 端午 6/19 Fri–6/21 Sun
            d(2026, 9, 25),  # 中秋 9/25 Fri–9/27 Sun
            *(d(2026, 10, day) for day in (1, 2, 5, 6, 7)),  # 国庆 10/1 Thu–10/7 Wed
        }
    ),
    frozenset(
        {
            d(2026, 1, 4),  # Sun, 元旦
            d(2026, 2, 14),  # Sat, 春节
            d(2026, 2, 28),  # Sat, 春节
            d(2026, 5, 9),  # Sat, 劳动节
            d(2026, 9, 20),  # Sun, 国庆
            d(2026, 10, 10),  # Sat, 国庆
        }
    ),
)

NOTICES = (NOTICE_2024, NOTICE_2025, NOTICE_2026)
CALENDAR = WorkingCalendar.of(NOTICES)
"""2024–2026 as announced; 2023 and 2027 have no table here and count weekends only."""


def due(after: date, n: int, calendar: WorkingCalendar = CALENDAR) -> date:
    """The due date of an n-working-day period from `after`, which must not be provisional."""
    result = calendar.add_working_days(after, n)
    assert not result.provisional
    return result.due


@pytest.mark.parametrize("notice", NOTICES, ids=lambda t: str(t.year))
def test_the_seed_tables_match_the_state_council_notices(notice: HolidayYear) -> None:
    seeded = {table.year: table for table in seed_tables()}
    assert seeded[notice.year].holidays == notice.holidays
    assert seeded[notice.year].adjusted_working_days == notice.adjusted_working_days


def test_the_seed_covers_every_year_from_2004_to_2026() -> None:
    assert set(range(2004, 2027)) <= {table.year for table in seed_tables()}


# R-COUNT-1 ---------------------------------------------------------------------------------------


def test_the_day_of_receipt_is_not_counted() -> None:
    assert due(d(2025, 3, 3), 1) == d(2025, 3, 4)  # Mon 3/3 not counted; Tue 3/4 is day 1


def test_from_a_saturday_the_next_monday_is_day_one() -> None:
    assert due(d(2025, 3, 8), 1) == d(2025, 3, 10)  # Sat 3/8 → Mon 3/10 (1)
    assert due(d(2025, 3, 8), 5) == d(2025, 3, 14)  # Mon 10 (1) … Fri 14 (5)


def test_from_a_holiday_the_first_working_day_after_it_is_day_one() -> None:
    assert due(d(2025, 10, 1), 1) == d(2025, 10, 9)  # 10/1–10/8 off; Thu 10/9 (1)


def test_an_adjusted_working_sunday_counts() -> None:
    assert due(d(2025, 1, 24), 1) == d(2025, 1, 26)  # Fri 1/24; Sat 25 off; Sun 1/26 worked (1)
    assert due(d(2025, 9, 27), 1) == d(2025, 9, 28)  # from Sat 9/27, Sun 9/28 worked (1)


def test_a_period_has_at_least_one_working_day() -> None:
    with pytest.raises(ValueError):
        CALENDAR.add_working_days(d(2025, 3, 3), 0)


def test_skipped_days_are_not_counted() -> None:
    paused = frozenset({d(2025, 3, 4), d(2025, 3, 5)})
    # Mon 3/3; Tue 4 and Wed 5 paused; Thu 6 (1), Fri 7 (2)
    assert CALENDAR.add_working_days(d(2025, 3, 3), 2, skip=paused) == DueDate(d(2025, 3, 7), False)


# R-COUNT-2 ---------------------------------------------------------------------------------------


def test_a_calendar_day_period_ending_on_a_working_day_stays() -> None:
    assert CALENDAR.end_of_calendar_day_period(d(2025, 3, 3), 30).due == d(2025, 4, 2)  # 3/3 + 30 = Wed 4/2


def test_a_calendar_day_period_ending_on_a_holiday_moves_to_the_next_working_day() -> None:
    # 9/8 + 30 = Wed 10/8, the last day of 国庆; next working day Thu 10/9
    assert CALENDAR.end_of_calendar_day_period(d(2025, 9, 8), 30) == DueDate(d(2025, 10, 9), False)


def test_a_calendar_day_period_ending_on_a_weekend_moves_to_the_next_working_day() -> None:
    # 3/7 + 30 = Sun 4/6 (清明 4/4–4/6); next working day Mon 4/7
    assert CALENDAR.end_of_calendar_day_period(d(2025, 3, 7), 30).due == d(2025, 4, 7)


def test_a_calendar_day_period_ending_on_an_adjusted_working_sunday_stays() -> None:
    assert CALENDAR.end_of_calendar_day_period(d(2025, 8, 29), 30).due == d(2025, 9, 28)  # 8/29 + 30 = Sun 9/28


# R-COUNT-3 ---------------------------------------------------------------------------------------

WITHOUT_2026 = WorkingCalendar.of([NOTICE_2024, NOTICE_2025])


def test_a_period_into_a_year_without_a_table_is_provisional_and_counts_weekends_only() -> None:
    # Mon 2025-12-22: Dec 23–26 (1–4), 29–31 (5–7); 2026 weekdays: Jan 1, 2 (8, 9), 5–9 (10–14),
    # 12–16 (15–19), Mon 19 (20)
    assert WITHOUT_2026.add_working_days(d(2025, 12, 22), 20) == DueDate(d(2026, 1, 19), provisional=True)


def test_loading_the_missing_year_corrects_the_provisional_date() -> None:
    # with 2026: Dec 23–31 (1–7); Jan 1–3 off; Sun 1/4 worked (8), 5–9 (9–13), 12–16 (14–18), 19 (19), Tue 20 (20)
    loaded = WITHOUT_2026.with_year(NOTICE_2026)
    assert loaded.add_working_days(d(2025, 12, 22), 20) == DueDate(d(2026, 1, 20), provisional=False)


def test_a_calendar_day_period_into_a_year_without_a_table_is_provisional() -> None:
    # 12/2 + 30 = Thu 2026-01-01: a weekday, so a working day as far as is known
    assert WITHOUT_2026.end_of_calendar_day_period(d(2025, 12, 2), 30) == DueDate(d(2026, 1, 1), True)
    # with 2026: 1/1–1/3 off, Sun 1/4 worked
    loaded = WITHOUT_2026.with_year(NOTICE_2026)
    assert loaded.end_of_calendar_day_period(d(2025, 12, 2), 30) == DueDate(d(2026, 1, 4), False)


def test_a_period_within_known_years_is_not_provisional() -> None:
    assert not WITHOUT_2026.add_working_days(d(2025, 11, 3), 20).provisional


def test_a_period_from_a_year_without_a_table_is_provisional() -> None:
    # 2023 has no table here: Tue 12/26 (1) … Fri 12/29 (4), Tue 2024-01-02 (5; 1/1 off)
    assert CALENDAR.add_working_days(d(2023, 12, 25), 5) == DueDate(d(2024, 1, 2), provisional=True)


# Hand-checked reply periods (20 working days unless stated) ---------------------------------------


def test_2024_spring_festival() -> None:
    # Fri 2/2; Sat 3 off; Sun 2/4 worked (1), Mon 5 – Fri 9 (2–6); 2/10–2/17 off; Sun 2/18 worked (7),
    # 19–23 (8–12), 26–29 (13–16), Fri 3/1 (17), Mon 3/4 (18), 5 (19), Wed 3/6 (20)
    assert due(d(2024, 2, 2), 20) == d(2024, 3, 6)


def test_2024_labour_day() -> None:
    # Fri 4/26; Sun 4/28 worked (1), 29 (2), 30 (3); 5/1–5/5 off; Mon 5/6 (4), Tue 5/7 (5)
    assert due(d(2024, 4, 26), 5) == d(2024, 5, 7)


def test_2024_mid_autumn_saturday_worked() -> None:
    # Fri 9/13; Sat 9/14 worked (1); 9/15–9/17 off; Wed 18 (2), Thu 19 (3)
    assert due(d(2024, 9, 13), 3) == d(2024, 9, 19)


def test_2024_national_day() -> None:
    # Fri 9/27; Sun 9/29 worked (1), Mon 30 (2); 10/1–10/7 off; Tue 10/8 – Fri 11 (3–6), Sat 10/12 worked (7),
    # 14–18 (8–12), 21–25 (13–17), 28, 29 (18, 19), Wed 10/30 (20)
    assert due(d(2024, 9, 27), 20) == d(2024, 10, 30)


def test_2024_year_end() -> None:
    # Mon 12/16; 17–20 (1–4), 23–27 (5–9), 30, 31 (10, 11); 2025-01-01 off; Thu 2, Fri 3 (12, 13),
    # 6–10 (14–18), Mon 13 (19), Tue 2025-01-14 (20)
    assert due(d(2024, 12, 16), 20) == d(2025, 1, 14)


def test_2025_spring_festival() -> None:
    # Fri 1/24; Sun 1/26 worked (1), Mon 27 (2); 1/28–2/4 off; Wed 2/5 – Fri 7 (3–5), Sat 2/8 worked (6),
    # 10–14 (7–11), 17–21 (12–16), 24–26 (17–19), Thu 2/27 (20)
    assert due(d(2025, 1, 24), 20) == d(2025, 2, 27)


def test_2025_labour_day() -> None:
    # Fri 4/25; Sun 4/27 worked (1), 28–30 (2–4); 5/1–5/5 off; Tue 5/6 (5)
    assert due(d(2025, 4, 25), 5) == d(2025, 5, 6)


def test_2025_dragon_boat() -> None:
    assert due(d(2025, 5, 30), 1) == d(2025, 6, 3)  # Fri 5/30; 5/31–6/2 off; Tue 6/3 (1)


def test_2025_national_day_and_mid_autumn() -> None:
    # Fri 9/26; Sun 9/28 worked (1), 29, 30 (2, 3); 10/1–10/8 off; Thu 10/9, Fri 10 (4, 5), Sat 10/11 worked (6),
    # 13–17 (7–11), 20–24 (12–16), 27–29 (17–19), Thu 10/30 (20)
    assert due(d(2025, 9, 26), 20) == d(2025, 10, 30)


def test_2025_year_end() -> None:
    # Mon 12/15; 16–19 (1–4), 22–26 (5–9), 29–31 (10–12); 2026-01-01–03 off; Sun 1/4 worked (13),
    # 5–9 (14–18), Mon 12 (19), Tue 2026-01-13 (20)
    assert due(d(2025, 12, 15), 20) == d(2026, 1, 13)


def test_2026_new_year_sunday_worked() -> None:
    assert due(d(2025, 12, 31), 1) == d(2026, 1, 4)  # Wed 12/31; 1/1–1/3 off; Sun 1/4 worked (1)


def test_2026_spring_festival() -> None:
    # Fri 2/13; Sat 2/14 worked (1); 2/15–2/23 off; Tue 24 – Fri 27 (2–5), Sat 2/28 worked (6),
    # 3/2–6 (7–11), 9–13 (12–16), 16–18 (17–19), Thu 3/19 (20)
    assert due(d(2026, 2, 13), 20) == d(2026, 3, 19)


def test_2026_labour_day_saturday_worked() -> None:
    # Thu 4/30; 5/1–5/5 off; Wed 5/6 – Fri 8 (1–3), Sat 5/9 worked (4)
    assert due(d(2026, 4, 30), 4) == d(2026, 5, 9)


def test_2026_national_day() -> None:
    # Fri 9/18; Sun 9/20 worked (1), 21–24 (2–5); Fri 9/25 中秋 off; 28–30 (6–8); 10/1–10/7 off;
    # Thu 10/8, Fri 9 (9, 10), Sat 10/10 worked (11), 12–16 (12–16), 19–21 (17–19), Thu 10/22 (20)
    assert due(d(2026, 9, 18), 20) == d(2026, 10, 22)


def test_2026_year_end_runs_into_2027_without_a_table() -> None:
    # Mon 12/21; 22–25 (1–4), 28–31 (5–8); 2027 weekends only: Fri 1/1 (9), 4–8 (10–14), 11–15 (15–19),
    # Mon 2027-01-18 (20)
    assert CALENDAR.add_working_days(d(2026, 12, 21), 20) == DueDate(d(2027, 1, 18), provisional=True)
