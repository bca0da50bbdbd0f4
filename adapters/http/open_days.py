"""/api/v1/open-days (staff: plan and run open days) and /api/v1/public/open-days (anyone: list upcoming open days,
register, see and cancel one's own registration by its code)."""

from __future__ import annotations

import uuid
from typing import Annotated
from uuid import UUID

import anyio.to_thread
import attrs
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, Parameter

from adapters.http.limits import LAST_PAGE
from adapters.http.markers import SEEN_POSITION, Caller, Core, text_path, text_query
from adapters.http.open_day_schemas import (
    NewOpenDay,
    NewRegistration,
    OpenDayOut,
    OpenDayWorklistOut,
    PublicOpenDayListOut,
    PublicOpenDayOut,
    RegistrationOut,
)
from application.open_day_worklist import OpenDayWorklistQuery
from application.open_days import OpenDaySaved
from domain.calendar import business_date
from domain.open_day import commands as cmd
from domain.open_day.values import OpenDayStatus

STEP = {"status_code": 200, "sync_to_thread": True}
CODE = Annotated[str, text_path("code", "the code the registration's answer gave")]


def _out(gongkai: Core, saved: OpenDaySaved, credential: Caller) -> OpenDayOut:
    return OpenDayOut.of(gongkai.open_days.view(saved.state.id, credential, saved.position))


def _step(gongkai: Core, open_day_id: UUID, command: cmd.Command, credential: Caller) -> OpenDayOut:
    return _out(gongkai, gongkai.open_days.execute(open_day_id, command, credential), credential)


class OpenDayController(Controller):
    """政府开放活动: open days planned and run by their organisers (R-OPEN-SHAPE, R-OPEN-LIFECYCLE)."""

    path = "/api/v1/open-days"
    tags = ("open days",)

    @post("/", operation_id="planOpenDay", status_code=201, sync_to_thread=True)
    def plan(self, gongkai: Core, credential: Caller, data: JSONBody[NewOpenDay]) -> OpenDayOut:
        """Plan an open day: format, venue or stream link, date and time, capacity, registration window, ages."""
        command = cmd.PlanOpenDay(open_day_id=uuid.uuid4(), **attrs.asdict(data, recurse=False))
        return _out(gongkai, gongkai.open_days.plan(command, credential), credential)

    @get("/", operation_id="listOpenDays")
    async def worklist(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str | None, text_query("organ", "only this organ's")] = None,
        department: Annotated[str | None, text_query("department", "only this department's")] = None,
        status: Annotated[list[OpenDayStatus] | None, Parameter(description="one or more statuses")] = None,
        overdue: Annotated[bool | None, Parameter(description="only overdue (true) or only not (false)")] = None,
        due_within: Annotated[
            int | None, Parameter(ge=1, le=366, description="a step due within N working days")
        ] = None,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page to show, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=500)] = 50,
        position: Annotated[int | None, SEEN_POSITION] = None,
    ) -> OpenDayWorklistOut:
        """The organisers' worklist: each open day with the step it awaits and the day it is due; overdue, due
        within N working days, by status; soonest due first."""
        query = OpenDayWorklistQuery(organ, department, tuple(status or ()), overdue, due_within, page, page_size)
        calendar = await anyio.to_thread.run_sync(gongkai.calendar.current)
        today = business_date(gongkai.clock.now())
        found = await gongkai.open_day_worklist.query(query, calendar, today, credential, position)
        return OpenDayWorklistOut.of(found)

    @get("/{open_day_id:uuid}", operation_id="getOpenDay", sync_to_thread=True)
    def read(
        self,
        gongkai: Core,
        credential: Caller,
        open_day_id: FromPath[UUID],
        position: Annotated[int | None, SEEN_POSITION] = None,
        page: Annotated[int, Parameter(ge=1, le=LAST_PAGE, description="the page of registrants, from 1")] = 1,
        page_size: Annotated[int, Parameter(ge=1, le=500, description="registrants a page")] = 100,
    ) -> OpenDayOut:
        """One open day: its course, places and waiting list, and a page of its registrants in arrival order (those
        holding places, then those waiting) for organisers and auditors."""
        return OpenDayOut.of(gongkai.open_days.view(open_day_id, credential, position, page, page_size))

    @post("/{open_day_id:uuid}/registration/open", operation_id="openRegistration", **STEP)
    def open_registration(
        self, gongkai: Core, credential: Caller, open_day_id: FromPath[UUID], data: JSONBody[cmd.OpenRegistration]
    ) -> OpenDayOut:
        """Let the public register, within the registration window (R-OPEN-LIFECYCLE)."""
        return _step(gongkai, open_day_id, data, credential)

    @post("/{open_day_id:uuid}/registration/close", operation_id="closeRegistration", **STEP)
    def close_registration(
        self, gongkai: Core, credential: Caller, open_day_id: FromPath[UUID], data: JSONBody[cmd.CloseRegistration]
    ) -> OpenDayOut:
        """Take no more registrations; one the log holds after this step takes no place (R-OPEN-CAPACITY)."""
        return _step(gongkai, open_day_id, data, credential)

    @post("/{open_day_id:uuid}/reschedule", operation_id="rescheduleOpenDay", **STEP)
    def reschedule(
        self, gongkai: Core, credential: Caller, open_day_id: FromPath[UUID], data: JSONBody[cmd.Reschedule]
    ) -> OpenDayOut:
        """A new date and time, before it is held; every registrant is told (R-OPEN-LIFECYCLE)."""
        return _step(gongkai, open_day_id, data, credential)

    @post("/{open_day_id:uuid}/cancel", operation_id="cancelOpenDay", **STEP)
    def cancel(
        self, gongkai: Core, credential: Caller, open_day_id: FromPath[UUID], data: JSONBody[cmd.CancelOpenDay]
    ) -> OpenDayOut:
        """Cancel before it is held, with the reason; every registrant is told (R-OPEN-LIFECYCLE)."""
        return _step(gongkai, open_day_id, data, credential)

    @post("/{open_day_id:uuid}/held", operation_id="recordOpenDayHeld", **STEP)
    def held(
        self, gongkai: Core, credential: Caller, open_day_id: FromPath[UUID], data: JSONBody[cmd.RecordHeld]
    ) -> OpenDayOut:
        """Record that it was held, with the attendance, once registration is closed."""
        return _step(gongkai, open_day_id, data, credential)

    @post("/{open_day_id:uuid}/feedback", operation_id="recordOpenDayFeedback", **STEP)
    def feedback(
        self, gongkai: Core, credential: Caller, open_day_id: FromPath[UUID], data: JSONBody[cmd.RecordFeedback]
    ) -> OpenDayOut:
        """Record the feedback answers collected after it was held."""
        return _step(gongkai, open_day_id, data, credential)

    @post("/{open_day_id:uuid}/summary", operation_id="publishOpenDaySummary", **STEP)
    def summary(
        self, gongkai: Core, credential: Caller, open_day_id: FromPath[UUID], data: JSONBody[cmd.PublishSummary]
    ) -> OpenDayOut:
        """Publish the summary, once the feedback is collected."""
        return _step(gongkai, open_day_id, data, credential)


class PublicOpenDayController(Controller):
    """Open days for the public, without a token: list, register, see and cancel one's own registration."""

    path = "/api/v1/public/open-days"
    tags = ("public",)
    security = ({},)

    @get("/", operation_id="listUpcomingOpenDays", sync_to_thread=True)
    def upcoming(self, gongkai: Core) -> PublicOpenDayListOut:
        """Open days announced and not yet begun, soonest first, with the places left."""
        return PublicOpenDayListOut(items=tuple(PublicOpenDayOut.of(*item) for item in gongkai.open_days.upcoming()))

    @get("/{open_day_id:uuid}", operation_id="getUpcomingOpenDay", sync_to_thread=True)
    def read(self, gongkai: Core, open_day_id: FromPath[UUID]) -> PublicOpenDayOut:
        """One open day announced and not yet begun; 404 for any other."""
        return PublicOpenDayOut.of(*gongkai.open_days.public_open_day(open_day_id))

    @post("/{open_day_id:uuid}/registrations", operation_id="registerForOpenDay", status_code=201, sync_to_thread=True)
    def register(self, gongkai: Core, open_day_id: FromPath[UUID], data: JSONBody[NewRegistration]) -> RegistrationOut:
        """Register: the answer says whether a place is held or where on the waiting list, and gives the code that
        shows and cancels the registration (R-OPEN-CAPACITY: one registration per identity document)."""
        fields = attrs.asdict(data, recurse=False)
        code = fields.pop("code")
        command = cmd.Register(open_day_id=open_day_id, registration_id=uuid.uuid4(), **fields)
        return RegistrationOut.of(gongkai.open_days.register(command, code))

    @get("/registrations/{code:str}", operation_id="getOwnRegistration", sync_to_thread=True)
    def registration(self, gongkai: Core, code: CODE) -> RegistrationOut:
        """One's own registration by its code: a place held, or the place on the waiting list."""
        return RegistrationOut.of(gongkai.open_days.registration(code))

    @post("/registrations/{code:str}/cancel", operation_id="cancelOwnRegistration", problems=(404,), **STEP)
    def cancel(self, gongkai: Core, code: CODE) -> RegistrationOut:
        """Cancel one's own registration by its code; the first on the waiting list takes the place."""
        return RegistrationOut.of(gongkai.open_days.cancel(code))
