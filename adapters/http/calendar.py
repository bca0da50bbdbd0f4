"""/api/v1/calendar: the public due-date calculator and the holiday tables."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import JSONBody, Parameter

from adapters.calendar_data import YearFileError, build_year
from adapters.http.markers import Caller, Core
from adapters.http.schemas import DueDateOut, HolidayYearIn, HolidayYearOut
from domain.errors import InvalidValue


class CalendarController(Controller):
    """工作日: the working-day calendar on which every statutory period is counted."""

    path = "/api/v1/calendar"
    tags = ("calendar",)

    @get("/due-date", operation_id="dueDate", sync_to_thread=True, security=[{}], problems=(422,))
    def due_date(
        self,
        gongkai: Core,
        after: Annotated[date, Parameter(description="the day the period runs from; it is not counted")],
        working_days: Annotated[int, Parameter(ge=1, le=366, description="the length of the period")],
    ) -> DueDateOut:
        """The N-th working day strictly after `after` (R-COUNT-1); provisional past the loaded years (R-COUNT-3)."""
        try:
            result = gongkai.calendar.current().add_working_days(after, working_days)
        except OverflowError:
            message = f"{working_days} working days after {after} is past the last representable date"
            raise InvalidValue(message, field="after") from None
        return DueDateOut(
            after=after,
            working_days=working_days,
            due=result.due,
            provisional=result.provisional,
            assumption=result.assumption,
        )

    @get("/years", operation_id="listHolidayYears", sync_to_thread=True)
    def years(self, gongkai: Core, credential: Caller) -> list[HolidayYearOut]:
        """Every holiday table in force, with its source and when it was loaded."""
        return [HolidayYearOut.of(load) for load in gongkai.calendar.loaded_years(credential)]

    @post("/years", operation_id="loadHolidayYear", status_code=201, sync_to_thread=True)
    def load_year(self, gongkai: Core, credential: Caller, data: JSONBody[HolidayYearIn]) -> HolidayYearOut:
        """Load a newly announced year (administrators); every open case's due date follows at once (R-COUNT-4)."""
        try:
            table = build_year(
                data.year,
                [(entry, f"holidays[{i}]") for i, entry in enumerate(data.holidays)],
                [(entry, f"workdays[{i}]") for i, entry in enumerate(data.workdays)],
            )
        except YearFileError as error:
            field = "workdays" if str(error).startswith("workdays") else "holidays"
            raise InvalidValue(str(error), code="R-COUNT-3", field=field) from None
        [loaded] = gongkai.calendar.load([table], data.source, credential)
        return HolidayYearOut.of(loaded)
