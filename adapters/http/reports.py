"""/api/v1/reports/annual: the annual report's tables (R-REPORT), for an organ or the district, for any year, as the
log stands or as it stood at an instant (the report as it was when published)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from litestar import Controller, MediaType, Response, get, post
from litestar.params import Parameter

from adapters.http.markers import Caller, Core, text_path
from adapters.http.report_schemas import AnnualReportOut
from adapters.report_files import XLSX, title_of, to_csv, to_html, to_xlsx
from application.annual_reports import FIRST_YEAR

YEAR = Parameter(ge=FIRST_YEAR, le=9999, description="the calendar year reported on")
AS_OF = Parameter(
    description="the report as the log stood at this instant (the moment it was published, say); by default as it "
    "stands now. Only events recorded at or before it count."
)
REPORT = {"sync_to_thread": True, "problems": (422,)}  # a year after this one
ORGAN = text_path("organ", "the organ reported on, as its applications name it")


def _computed(
    gongkai: Core, credential: Caller, organ: str | None, year: int, as_of: datetime | None
) -> AnnualReportOut:
    return AnnualReportOut.of(gongkai.annual_reports.report(credential, year, organ, as_of))


def _attachment(out: AnnualReportOut, suffix: str) -> dict[str, str]:
    """The header that names the file as the report's title (RFC 6266: a UTF-8 name, percent-encoded)."""
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(title_of(out) + suffix)}"}


class AnnualReportController(Controller):
    """政府信息公开工作年度报告: tables 2 (proactive disclosure), 3 (applications) and 4 (reconsideration, litigation),
    computed from the log."""

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
        return _computed(gongkai, credential, None, year, as_of)

    @get("/{organ:str}/{year:int}", operation_id="getAnnualReport", **REPORT)
    def organ(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, ORGAN],
        year: Annotated[int, YEAR],
        as_of: Annotated[datetime | None, AS_OF] = None,
    ) -> AnnualReportOut:
        """One organ's tables, with last year's figure beside each; the records behind each cell for auditors.
        Cases the log leaves ambiguous are named with the reason. 404 for an organ the log holds nothing of."""
        return _computed(gongkai, credential, organ, year, as_of)

    @post("/{organ:str}/{year:int}/publication", operation_id="publishAnnualReport", status_code=201,
          sync_to_thread=True)  # fmt: skip
    def publish(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, text_path("organ", "the organ whose report is published")],
        year: Annotated[int, YEAR],
    ) -> AnnualReportOut:
        """Publish the organ's report for a year that has ended: every figure of tables 2, 3 and 4 as the log stands
        now, frozen in the log with their digest (R-REPORT). Published again, the report is a corrected one; each
        publication is kept. A later read of the report shows the cells that differ from the last publication."""
        gongkai.report_publications.publish(credential, organ, year)
        return _computed(gongkai, credential, organ, year, None)

    @get("/{organ:str}/{year:int}/report.html", operation_id="getAnnualReportPage", media_type=MediaType.HTML,
         **REPORT)  # fmt: skip
    def page(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, ORGAN],
        year: Annotated[int, YEAR],
        as_of: Annotated[datetime | None, AS_OF] = None,
    ) -> str:
        """The organ's report as a printable page in the official layout (tables 2, 3 and 4, last year's figures, charts
        drawn as SVG on the server: no script, nothing fetched from the internet)."""
        return to_html(_computed(gongkai, credential, organ, year, as_of))

    @get("/{organ:str}/{year:int}/tables.xlsx", operation_id="getAnnualReportWorkbook", media_type=XLSX, **REPORT)
    def workbook(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, ORGAN],
        year: Annotated[int, YEAR],
        as_of: Annotated[datetime | None, AS_OF] = None,
    ) -> Response[bytes]:
        """Tables 2, 3 and 4 as an XLSX workbook in the official layout, with its merged header cells."""
        out = _computed(gongkai, credential, organ, year, as_of)
        return Response(to_xlsx(out), media_type=XLSX, headers=_attachment(out, ".xlsx"))

    @get("/{organ:str}/{year:int}/tables.csv", operation_id="getAnnualReportCsv", media_type="text/csv", **REPORT)
    def table_lines(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, ORGAN],
        year: Annotated[int, YEAR],
        as_of: Annotated[datetime | None, AS_OF] = None,
    ) -> Response[str]:
        """Tables 2, 3 and 4 as CSV: one line a cell (the table, the row and column with their names, this year's count
        and last year's)."""
        out = _computed(gongkai, credential, organ, year, as_of)
        return Response(to_csv(out), media_type="text/csv; charset=utf-8", headers=_attachment(out, ".csv"))
