"""Holiday tables: the seed from the `chinesecalendar` package, and the year file an administrator loads.

A year file is plain text, one entry a line; `#` starts a comment:

    year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕N号)
    holiday: 2027-01-01
    holiday: 2027-02-06..2027-02-14
    workday: 2027-02-15

`holiday` lists days off (a range `A..B` may include the weekend days inside it; only the weekdays are
kept, since weekends are days off anyway); `workday` lists the weekend days declared working days (调休).
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib.metadata import version

import chinese_calendar

from domain.calendar import HolidayYear


class YearFileError(ValueError):
    """A year file or payload that cannot be read, with the line or field at fault."""


def seed_tables() -> list[HolidayYear]:
    """Every year the `chinesecalendar` package covers, as holiday tables."""
    years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    return [
        HolidayYear(
            year,
            frozenset(d for d in chinese_calendar.holidays if d.year == year and d.weekday() < 5),
            frozenset(d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5),
        )
        for year in years
    ]


def seed_source() -> str:
    """Where the seed tables come from, with the package version."""
    return f"chinesecalendar {version('chinesecalendar')}"


def expand(entry: str, where: str) -> list[date]:
    """The days of one entry: `YYYY-MM-DD` or a range `YYYY-MM-DD..YYYY-MM-DD`."""
    first, _, last = entry.strip().partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if last else start
    except ValueError:
        raise YearFileError(f"{where}: “{entry.strip()}” is not a date YYYY-MM-DD or a range A..B") from None
    if end < start:
        raise YearFileError(f"{where}: the range “{entry.strip()}” ends before it starts")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def build_year(year: int, holidays: list[tuple[str, str]], workdays: list[tuple[str, str]]) -> HolidayYear:
    """A table from (entry, where) pairs; weekend days inside holiday ranges are dropped."""
    days_off = {d: where for entry, where in holidays for d in expand(entry, where)}
    worked = {d: where for entry, where in workdays for d in expand(entry, where)}
    for day, where in sorted({**days_off, **worked}.items()):
        if day.year != year:
            raise YearFileError(f"{where}: {day} is not in {year}")
    for day, where in sorted(worked.items()):
        if day.weekday() < 5:
            raise YearFileError(f"{where}: workday {day} is a weekday already; list only weekend days worked (调休)")
        if day in days_off:
            raise YearFileError(f"{where}: {day} is listed both as a holiday ({days_off[day]}) and as a workday")
    return HolidayYear(year, frozenset(d for d in days_off if d.weekday() < 5), frozenset(worked))


def parse_year_file(text: str) -> tuple[HolidayYear, str]:
    """A year file's table and its source."""
    year: int | None = None
    source = ""
    holidays: list[tuple[str, str]] = []
    workdays: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, sep, value = line.partition(":")
        where = f"line {number}"
        key = key.strip().lower()
        if not sep:
            raise YearFileError(f"{where}: expected 'key: value', got “{raw.strip()}”")
        if key == "year":
            try:
                year = int(value)
            except ValueError:
                raise YearFileError(f"{where}: year “{value.strip()}” is not a number") from None
        elif key == "source":
            source = value.strip()
        elif key == "holiday":
            holidays.append((value, where))
        elif key == "workday":
            workdays.append((value, where))
        else:
            raise YearFileError(f"{where}: unknown key “{key}”; use year, source, holiday or workday")
    if year is None:
        raise YearFileError("the file has no 'year:' line")
    if not source:
        raise YearFileError("the file has no 'source:' line naming the State Council notice")
    return build_year(year, holidays, workdays), source
