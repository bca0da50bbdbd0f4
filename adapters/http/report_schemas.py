"""The annual report's JSON: tables 2, 3 and 4 cell by cell, each cell with last year's figure beside it, and for
auditors the records it counts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

import attrs

from application.annual_reports import AnnualReport, Comparison, Difference
from domain.annual_report import TABLE3_LABELS, TABLE4_LABELS, Ambiguity, CaseRef, Table
from domain.proactive_table import FEE_INCOME, FEN, TABLE2_CELLS, TABLE2_LABELS, ProactiveTable
from domain.report_tables import year_over_year


@attrs.frozen
class RecordOut:
    """A record a cell counts."""

    id: UUID
    """The application's, the document's or the monthly return's id."""
    registration_number: str | None
    """The application's registration number, a document's number (文号) where it has one, or a monthly return's
    month, department and kind of decision (`2025-03 劳动保障监察大队 penalty`; the month alone for fee income)."""
    figure: int | None = None
    """What a monthly return's entry stands for: its count of decisions, or its fee income in fen; null for a record
    that counts once."""

    @classmethod
    def of(cls, ref: CaseRef) -> RecordOut:
        return cls(id=ref.id, registration_number=ref.registration_number, figure=ref.figure)


@attrs.frozen
class CellOut:
    """One figure of a table."""

    column: str
    """The column's code (in table 2 `issued`, `repealed`, `in_force` or `decisions`; an applicant type, a review's
    result, or `total`)."""
    label: str
    """The column as the official table names it."""
    count: int
    last_year: int
    """The same cell the year before: the report's text discusses the change."""
    records: tuple[RecordOut, ...] | None
    """The records counted, for auditors (null for others)."""


@attrs.frozen
class RowOut:
    """One row of a table."""

    row: str
    """The row's code: in table 2 `regulation`, `normative`, `licensing`, `penalty`, `enforcement`; in table 3
    `new`, `carried_in`, an outcome such as `not_disclosed.4`, `answered`, `carried_out`; in table 4 a kind of
    review."""
    label: str
    """The row as the official table names it."""
    cells: tuple[CellOut, ...]


@attrs.frozen
class AmbiguityOut:
    """A case the log leaves open to more than one reading, named instead of guessed at."""

    id: UUID
    registration_number: str | None
    why: str

    @classmethod
    def of(cls, ambiguity: Ambiguity) -> AmbiguityOut:
        return cls(id=ambiguity.case.id, registration_number=ambiguity.case.registration_number, why=ambiguity.why)


@attrs.frozen
class CauseOut:
    """An event recorded after the publication, of a record that entered or left a cell."""

    id: UUID
    registration_number: str | None
    type: str
    """The event's type (`disclosure_request.replied`, `disclosure_request.applicant_type_corrected`,
    `monthly_return.decisions_counted`…)."""
    position: int
    recorded_at: datetime


@attrs.frozen
class DifferenceOut:
    """A cell whose figure now differs from the one published."""

    table: int
    row: str
    column: str
    published: int
    """The figure as published (table 2's fee income in fen)."""
    now: int
    entered: tuple[RecordOut, ...] | None
    """The records counted now and not then (for auditors; null for others)."""
    left: tuple[RecordOut, ...] | None
    """The records counted then and not now (for auditors; null for others)."""
    causes: tuple[CauseOut, ...] | None
    """Their events recorded after the publication (for auditors; null for others)."""

    @classmethod
    def of(cls, difference: Difference, with_records: bool) -> DifferenceOut:
        d = difference
        return cls(
            table=d.table, row=d.row, column=d.column, published=d.published, now=d.now,
            entered=tuple(RecordOut.of(r) for r in d.entered) if with_records else None,
            left=tuple(RecordOut.of(r) for r in d.left) if with_records else None,
            causes=tuple(CauseOut(id=c.record.id, registration_number=c.record.registration_number, type=c.type_name,
                                  position=c.position, recorded_at=c.recorded_at) for c in d.causes)
            if with_records else None,
        )  # fmt: skip


@attrs.frozen
class PublishedOut:
    """The organ's report as last published (before the instant the report is read as of)."""

    published_at: datetime
    by: str
    """Who published it."""
    log_position: int
    """The log's head its figures were computed to."""
    digest: str
    """SHA-256 of the organ, the year and every published figure."""
    digest_holds: bool
    """Whether the published figures still hash to the digest."""
    differences: tuple[DifferenceOut, ...]
    """Every cell whose figure differs now from the published one; empty when the report stands as published."""

    @classmethod
    def of(cls, comparison: Comparison, with_records: bool) -> PublishedOut:
        p = comparison.publication
        return cls(
            published_at=p.published_at, by=p.by, log_position=p.log_position, digest=p.digest,
            digest_holds=comparison.digest_holds,
            differences=tuple(DifferenceOut.of(d, with_records) for d in comparison.differences),
        )  # fmt: skip


@attrs.frozen
class ComparisonOut:
    """A figure the report's text compares with the year before."""

    subject: str
    this_year: int
    last_year: int
    text: str
    """The sentence, as the report's text puts it (本年新收政府信息公开申请12件，比上年增加3件（33.3%）。)."""


@attrs.frozen
class FeeIncomeOut:
    """Table 2's administrative fee income (行政事业性收费) of the year, exact."""

    wan_yuan: Decimal
    """本年收费金额 in 万元 (a decimal written as text, exact: the sum of the months' yuan divided by 10,000)."""
    last_year_wan_yuan: Decimal
    months: tuple[RecordOut, ...] | None
    """The months' returns summed (each with its amount in fen), for auditors; null for others."""


@attrs.frozen
class AnnualReportOut:
    """The annual report's tables on proactive disclosure (表二), applications (表三) and reconsideration and litigation
    (表四)."""

    organ: str | None
    """The organ reported on; null for every organ of the deployment (the district's tables)."""
    year: int
    as_of: datetime | None
    """The instant the log was read as of; null: as it stands now."""
    position: int
    """The log's newest position when it was read."""
    table2: tuple[RowOut, ...]
    """主动公开政府信息情况: regulations and normative documents (issued this year, repealed or expired this year, in
    force at its end), then licensing, penalty and enforcement decisions (this year's); each row has its own columns."""
    fee_income: FeeIncomeOut
    """Table 2's last section: the administrative fee income of the year, in 万元."""
    table3: tuple[RowOut, ...]
    """政府信息公开申请情况: new, carried over, each outcome, answered, carried over to next year, by applicant type."""
    table4: tuple[RowOut, ...]
    """行政复议、行政诉讼情况: by kind, the result at the year's end."""
    ambiguities: tuple[AmbiguityOut, ...]
    """Records of the year the log leaves ambiguous (cases, monthly returns), and why."""
    year_over_year: tuple[ComparisonOut, ...]
    """The figures the report's text compares with the year before, each with its sentence."""
    published: PublishedOut | None
    """The organ's report as published and how it differs now; null when not published (or for the district)."""

    @classmethod
    def of(cls, report: AnnualReport) -> AnnualReportOut:
        this, last = report.this_year, report.last_year
        return cls(
            organ=report.organ,
            year=report.year,
            as_of=report.as_of,
            position=report.position,
            table2=_table2(this.table2, last.table2, report.with_records),
            fee_income=FeeIncomeOut(
                wan_yuan=this.table2.fee_income_wan_yuan,
                last_year_wan_yuan=last.table2.fee_income_wan_yuan,
                months=_records(this.table2.cells.get((FEE_INCOME, FEN), ())) if report.with_records else None,
            ),
            table3=_rows(this.applications.table3, last.applications.table3, TABLE3_LABELS, report.with_records),
            table4=_rows(this.applications.table4, last.applications.table4, TABLE4_LABELS, report.with_records),
            ambiguities=tuple(AmbiguityOut.of(a) for a in this.ambiguities),
            year_over_year=tuple(
                ComparisonOut(subject=c.subject, this_year=c.this_year, last_year=c.last_year, text=c.text)
                for c in year_over_year(this, last)
            ),
            published=PublishedOut.of(report.published, report.with_records) if report.published else None,
        )


def _rows(this: Table, last: Table, labels: dict[str, str], with_records: bool) -> tuple[RowOut, ...]:
    return tuple(
        RowOut(
            row=row,
            label=labels[row],
            cells=tuple(
                CellOut(
                    column=column,
                    label=labels[column],
                    count=this.count(row, column),
                    last_year=last.count(row, column),
                    records=tuple(RecordOut.of(r) for r in this.cells.get((row, column), ())) if with_records else None,
                )
                for column in this.columns
            ),
        )
        for row in this.rows
    )


def _records(refs: tuple[CaseRef, ...]) -> tuple[RecordOut, ...]:
    return tuple(RecordOut.of(r) for r in refs)


def _table2(this: ProactiveTable, last: ProactiveTable, with_records: bool) -> tuple[RowOut, ...]:
    """Table 2's rows of counts (the fee income is apart: it is an amount), each with its own columns."""
    rows: dict[str, list[CellOut]] = {}
    for row, column in TABLE2_CELLS:
        if row == FEE_INCOME:
            continue
        records = _records(this.cells.get((row, column), ())) if with_records else None
        cell = CellOut(column, TABLE2_LABELS[column], this.value(row, column), last.value(row, column), records)
        rows.setdefault(row, []).append(cell)
    return tuple(RowOut(row=row, label=TABLE2_LABELS[row], cells=tuple(cells)) for row, cells in rows.items())
