"""The holiday tables as loaded over time, so any due date can be recomputed as the calendar was known then.

The first start loads every year the `chinesecalendar` package covers; an administrator loads each
newly announced year from the State Council's notice (R-COUNT-3).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid5

import attrs

from domain.calendar import HolidayYear, WorkingCalendar
from domain.context import Context
from domain.errors import InvalidValue, StepOutOfOrder
from domain.events import DomainEvent

CALENDAR_ID: UUID = uuid5(UUID("6f1d2c8e-0000-4000-8000-000000000000"), "gongkai.working-calendar")
"""The one stream of holiday-table loads."""

FIRST_YEAR, LAST_YEAR = 1990, 2200


@attrs.frozen(kw_only=True)
class YearLoaded(DomainEvent):
    """节假日安排: one year's holidays and adjusted working days were loaded, with their source."""

    type_name = "working_calendar.year_loaded"
    public_fields = frozenset({"year", "holidays", "adjusted_working_days"})
    year: int
    holidays: tuple[date, ...]
    adjusted_working_days: tuple[date, ...]
    source: str


@attrs.frozen
class Load:
    """One table as loaded at one instant."""

    table: HolidayYear
    loaded_at: datetime
    source: str


@attrs.frozen
class CalendarHistory:
    """Every load of a holiday table, in order."""

    id: UUID
    version: int
    loads: tuple[Load, ...] = ()

    def calendar(self, as_of: datetime | None = None) -> WorkingCalendar:
        """The calendar as known at `as_of` (default: now), later loads of a year replacing earlier ones."""
        return WorkingCalendar.of(load.table for load in self.loads if as_of is None or load.loaded_at <= as_of)


def evolve(state: CalendarHistory | None, event: DomainEvent) -> CalendarHistory:
    """The history after one more load."""
    assert isinstance(event, YearLoaded)
    table = HolidayYear(event.year, frozenset(event.holidays), frozenset(event.adjusted_working_days))
    load = Load(table=table, loaded_at=event.timestamp, source=event.source)
    loads = (*state.loads, load) if state else (load,)
    return CalendarHistory(id=event.originator_id, version=event.originator_version, loads=loads)


def load_years(
    state: CalendarHistory | None, tables: list[HolidayYear], source: str, ctx: Context
) -> list[DomainEvent]:
    """Load tables; refuse one identical to the table in force for its year."""
    if not source.strip():
        raise InvalidValue("name the source of the table (e.g. the State Council notice)", field="source")
    current = state.calendar() if state else WorkingCalendar()
    version = state.version if state else 0
    loaded: list[DomainEvent] = []
    for table in tables:
        if not FIRST_YEAR <= table.year <= LAST_YEAR:
            raise InvalidValue(f"year {table.year} is out of range", field="year")
        if current.years.get(table.year) == table:
            raise StepOutOfOrder(f"the table for {table.year} is already loaded as given", code="R-COUNT-3")
        current = current.with_year(table)
        version += 1
        loaded.append(
            YearLoaded(
                originator_id=CALENDAR_ID,
                originator_version=version,
                timestamp=ctx.now,
                actor=ctx.actor,
                year=table.year,
                holidays=tuple(sorted(table.holidays)),
                adjusted_working_days=tuple(sorted(table.adjusted_working_days)),
                source=source,
            )
        )
    return loaded
