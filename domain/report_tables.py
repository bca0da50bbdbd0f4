"""The annual report's statistical tables together (R-REPORT): table 2 on proactive disclosure, tables 3 and 4 on
applications and the challenges to them, computed from one set of records for a year; every cell as a figure (what a
publication freezes), the records behind it, and the comparisons the report's text makes with the year before."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from domain import annual_report, proactive_table
from domain.annual_report import Ambiguity, ApplicationTables, Case, CaseRef, YearOverYear, tables
from domain.monthly_return import DecisionKind
from domain.proactive_table import DocumentFacts, MonthlyCount, MonthlyFee, ProactiveTable
from domain.reviews import Review


@attrs.frozen
class Figure:
    """One cell of a published table (table 2's fee income in fen)."""

    table: int
    row: str
    column: str
    count: int


@attrs.frozen
class Records:
    """What the tables count, as the log held it at an instant: the applications' cases, the documents (with the
    challenges to their disclosure) and the monthly returns."""

    cases: Sequence[Case] = ()
    challenged: Sequence[tuple[CaseRef, Sequence[Review]]] = ()
    documents: Sequence[DocumentFacts] = ()
    counts: Sequence[MonthlyCount] = ()
    fees: Sequence[MonthlyFee] = ()


@attrs.frozen
class ReportTables:
    """Tables 2, 3 and 4 of one year."""

    year: int
    table2: ProactiveTable
    applications: ApplicationTables

    @property
    def ambiguities(self) -> tuple[Ambiguity, ...]:
        """The records the log leaves open to more than one reading, by record."""
        both = (*self.table2.ambiguities, *self.applications.ambiguities)
        return tuple(sorted(both, key=lambda a: (*a.case.sort_key(), a.why)))

    def figures(self) -> tuple[Figure, ...]:
        """Every cell of tables 2, 3 and 4, in the tables' order."""
        return (
            *(Figure(2, row, column, self.table2.value(row, column)) for row, column in proactive_table.TABLE2_CELLS),
            *(self._cells(3)),
            *(self._cells(4)),
        )

    def _cells(self, number: int) -> tuple[Figure, ...]:
        table = self.applications.table3 if number == 3 else self.applications.table4
        return tuple(Figure(number, r, c, table.count(r, c)) for r in table.rows for c in table.columns)

    def records(self, table: int, row: str, column: str) -> tuple[CaseRef, ...]:
        """The records a cell counts."""
        if table == 2:
            return self.table2.cells.get((row, column), ())
        cells = self.applications.table3 if table == 3 else self.applications.table4
        return cells.cells.get((row, column), ())


def report_tables(records: Records, year: int) -> ReportTables:
    """Tables 2, 3 and 4 of `year` over these records (one organ's, or a district's)."""
    return ReportTables(
        year,
        proactive_table.proactive_table(records.documents, records.counts, records.fees, year),
        tables(records.cases, year, records.challenged),
    )


_TABLE2_SUBJECTS = (
    ("本年制发规章", proactive_table.REGULATION, proactive_table.ISSUED),
    ("本年废止规章", proactive_table.REGULATION, proactive_table.REPEALED),
    ("现行有效规章", proactive_table.REGULATION, proactive_table.IN_FORCE),
    ("本年制发行政规范性文件", proactive_table.NORMATIVE, proactive_table.ISSUED),
    ("本年废止行政规范性文件", proactive_table.NORMATIVE, proactive_table.REPEALED),
    ("现行有效行政规范性文件", proactive_table.NORMATIVE, proactive_table.IN_FORCE),
    ("本年作出行政许可决定", DecisionKind.LICENSING.value, proactive_table.DECISIONS),
    ("本年作出行政处罚决定", DecisionKind.PENALTY.value, proactive_table.DECISIONS),
    ("本年作出行政强制决定", DecisionKind.ENFORCEMENT.value, proactive_table.DECISIONS),
)


def year_over_year(this: ReportTables, last: ReportTables) -> tuple[YearOverYear, ...]:
    """The comparisons the report's text makes with the year before: table 2's documents and decisions, then the
    applications and the challenges to them."""
    documents = tuple(
        annual_report.sentence(subject, this.table2.value(row, column), last.table2.value(row, column))
        for subject, row, column in _TABLE2_SUBJECTS
    )
    return (*documents, *annual_report.year_over_year(this.applications, last.applications))
