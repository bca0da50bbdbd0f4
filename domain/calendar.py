"""Working days on the Chinese calendar (RULES.md R-COUNT-1…4).

工作日 / 调休: Monday–Friday minus statutory holidays, plus the weekend days that the State
Council's annual notice declares working days (adjusted working days).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta, timezone

import attrs

ONE_DAY = timedelta(days=1)
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
"""Business dates are dates in Asia/Shanghai, which has kept UTC+8 without daylight saving since 1991."""


def business_date(instant: datetime) -> date:
    """The date in Asia/Shanghai of an aware instant."""
    return instant.astimezone(SHANGHAI).date()


@attrs.frozen
class HolidayYear:
    """One year's holiday table: the weekdays off and the weekend days worked."""

    year: int
    holidays: frozenset[date] = attrs.field()
    adjusted_working_days: frozenset[date] = attrs.field()

    @holidays.validator
    def _holidays_in_year_on_weekdays(self, _: object, days: frozenset[date]) -> None:
        for day in days:
            if day.year != self.year:
                raise ValueError(f"holiday {day} is not in {self.year}")
            if day.weekday() >= 5:
                raise ValueError(f"holiday {day} falls on a weekend; list only weekdays off")

    @adjusted_working_days.validator
    def _adjusted_in_year_on_weekends(self, _: object, days: frozenset[date]) -> None:
        for day in days:
            if day.year != self.year:
                raise ValueError(f"adjusted working day {day} is not in {self.year}")
            if day.weekday() < 5:
                raise ValueError(f"adjusted working day {day} is a weekday already")


@attrs.frozen
class Assumed:
    """Days counted in a year whose holiday table is not loaded: Monday to Friday, nothing else (R-COUNT-3)."""

    first: date
    last: date

    def __str__(self) -> str:
        return (
            f"no holiday table is loaded for {self.first.year}: {self.first} to {self.last} were counted "
            "Monday to Friday, without its holidays or adjusted working days"
        )


@attrs.frozen
class DueDate:
    """A computed due date; provisional when it relied on a year with no holiday table."""

    due: date
    provisional: bool
    assumed: tuple[Assumed, ...] = attrs.field(default=(), eq=False)
    """What a provisional due date assumed, year by year."""

    @property
    def assumption(self) -> str | None:
        """What a provisional due date assumed, in a clerk's words; None when nothing was assumed."""
        return "; ".join(str(a) for a in self.assumed) or None


COUNTED_REMEMBERED = 50_000
"""The most periods a calendar remembers having counted."""


@attrs.frozen
class WorkingCalendar:
    """The holiday tables known at one moment; years without a table count weekends only."""

    years: Mapping[int, HolidayYear] = attrs.field(factory=dict)
    _counted: dict[tuple[date, int], DueDate] = attrs.field(factory=dict, init=False, eq=False, repr=False)
    """Periods already counted on this calendar (it never changes, so neither do they): a worklist derives the same
    few periods from the same receipt dates for every request received that day."""

    @classmethod
    def of(cls, tables: Iterable[HolidayYear]) -> WorkingCalendar:
        """A calendar from tables; a later table for the same year replaces an earlier one."""
        return cls({table.year: table for table in tables})

    def with_year(self, table: HolidayYear) -> WorkingCalendar:
        """This calendar with one year's table loaded or replaced."""
        return WorkingCalendar({**self.years, table.year: table})

    def knows(self, year: int) -> bool:
        """Whether the holiday table for this year is loaded."""
        return year in self.years

    def is_working_day(self, day: date) -> bool:
        """Weekday not a holiday, or a weekend day declared a working day."""
        table = self.years.get(day.year)
        if table is None:
            return day.weekday() < 5
        if day.weekday() >= 5:
            return day in table.adjusted_working_days
        return day not in table.holidays

    def working_days_after(self, after: date) -> Iterator[date]:
        """The working days strictly after `after`, in order, without end."""
        day = after + ONE_DAY
        while True:
            if self.is_working_day(day):
                yield day
            day += ONE_DAY

    def add_working_days(self, after: date, n: int, skip: frozenset[date] = frozenset()) -> DueDate:
        """The n-th working day strictly after `after` (R-COUNT-1), not counting days in `skip`."""
        if n < 1:
            raise ValueError("a period has at least one working day")
        if skip:
            return self._count(after, n, skip)
        found = self._counted.get((after, n))
        if found is None:
            if len(self._counted) >= COUNTED_REMEMBERED:
                self._counted.clear()
            found = self._counted[(after, n)] = self._count(after, n, skip)
        return found

    def _count(self, after: date, n: int, skip: frozenset[date]) -> DueDate:
        counted = 0
        for day in self.working_days_after(after):
            if day in skip:
                continue
            counted += 1
            if counted == n:
                return self._due(after, day)
        raise AssertionError("unreachable")  # pragma: no cover

    def end_of_calendar_day_period(self, start: date, days: int) -> DueDate:
        """A period of calendar days from `start`, moved to the next working day (R-COUNT-2)."""
        moved = self.on_or_next_working_day(start + timedelta(days=days))
        return self._due(start, moved.due)

    def working_days_in(self, after: date, through: date) -> frozenset[date]:
        """The working days d with after < d <= through."""
        days: set[date] = set()
        day = after + ONE_DAY
        while day <= through:
            if self.is_working_day(day):
                days.add(day)
            day += ONE_DAY
        return frozenset(days)

    def is_provisional(self, start: date, end: date) -> bool:
        """Whether any year from start to end has no table (R-COUNT-3)."""
        return any(not self.knows(year) for year in range(start.year, end.year + 1))

    def on_or_next_working_day(self, day: date) -> DueDate:
        """A deadline given as a date that is not a working day moves to the next working day (R-COUNT-2)."""
        last = day
        while not self.is_working_day(last):
            last += ONE_DAY
        return self._due(day - ONE_DAY, last)

    def _due(self, after: date, due: date) -> DueDate:
        """A due date counted from the day after `after`, with what it assumed of years without a table."""
        spans = (
            (max(after + ONE_DAY, date(y, 1, 1)), min(due, date(y, 12, 31))) for y in range(after.year, due.year + 1)
        )
        assumed = tuple(Assumed(first, last) for first, last in spans if first <= last and not self.knows(first.year))
        return DueDate(due, bool(assumed), assumed)
