"""/api/v1/reports/annual: the annual report's tables (R-REPORT), for an organ or the district, for any year, as the
log stands or as it stood at an instant (the report as it was when published)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import Parameter

from adapters.http.markers import Caller, Core, text_path
from adapters.http.report_schemas import AnnualReportOut
from application.annual_reports import FIRST_YEAR

YEAR = Parameter(ge=FIRST_YEAR, le=9999, description="the calendar year reported on")
AS_OF = Parameter(
    description="the report as the log stood at this instant (the moment it was published, say); by default as it "
    "stands now. Only events recorded at or before it count."
)
REPORT = {"sync_to_thread": True, "problems": (422,)}  # a year after this one


class AnnualReportController(Controller):
    """政府信息公开工作年度报告: tables 3 (applications) and 4 (reconsideration, litigation), computed from the log."""

    path = "/api/v1/reports/annual"
    tags = ("annual report",)

    @get("/district/{year:int}", operation_id="getDistrictAnnualReport", **REPORT)
    def district(
        self,
        gongkai: Core,
        credential: Caller,
        year: Annotated[int, YEAR],
        as_of: Annotated[datetime | None, AS_OF] = None,
    ) -> AnnualReportOut:
        """The tables summed over every organ of the deployment, with last year's figure beside each; the records
        behind each cell for auditors. Cases the log leaves ambiguous are named with the reason."""
        return AnnualReportOut.of(gongkai.annual_reports.report(credential, year, None, as_of))

    @get("/{organ:str}/{year:int}", operation_id="getAnnualReport", **REPORT)
    def organ(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, text_path("organ", "the organ reported on, as its applications name it")],
        year: Annotated[int, YEAR],
        as_of: Annotated[datetime | None, AS_OF] = None,
    ) -> AnnualReportOut:
        """One organ's tables, with last year's figure beside each; the records behind each cell for auditors.
        Cases the log leaves ambiguous are named with the reason. 404 for an organ the log holds nothing of."""
        return AnnualReportOut.of(gongkai.annual_reports.report(credential, year, organ, as_of))

    @post("/{organ:str}/{year:int}/publication", operation_id="publishAnnualReport", status_code=201,
          sync_to_thread=True)  # fmt: skip
    def publish(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, text_path("organ", "the organ whose report is published")],
        year: Annotated[int, YEAR],
    ) -> AnnualReportOut:
        """Publish the organ's report for a year that has ended: every figure of tables 3 and 4 as the log stands now,
        frozen in the log with their digest (R-REPORT). Published again, the report is a corrected one; each
        publication is kept. A later read of the report shows the cells that differ from the last publication."""
        gongkai.report_publications.publish(credential, organ, year)
        return AnnualReportOut.of(gongkai.annual_reports.report(credential, year, organ))
