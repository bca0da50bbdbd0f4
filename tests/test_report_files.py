"""The annual report's files (R-REPORT): the XLSX workbook in the official layout with its merged header cells, the
printable HTML page with its charts drawn as SVG and no script, and CSV, all from one report."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date

from openpyxl import load_workbook

from adapters.http.report_schemas import AnnualReportOut
from adapters.report_files import BALANCE_NOTE, to_csv, to_html, to_xlsx
from application.annual_reports import AnnualReport
from domain.annual_report import Case, CaseRef
from domain.report_tables import Records, report_tables
from domain.disclosure_request.values import ApplicantType, Outcome, OutcomeCategory
from domain.reviews import Review, ReviewKind


def _report() -> AnnualReportOut:
    cases = [
        Case(CaseRef(uuid.uuid4(), "2025-001"), "闵行区人社局", date(2025, 3, 3), ApplicantType.NATURAL_PERSON,
             date(2025, 3, 20), Outcome(OutcomeCategory.NOT_DISCLOSED, 4),
             reviews=(Review("R-1", ReviewKind.DIRECT_LITIGATION, date(2025, 6, 1)),)),
        Case(CaseRef(uuid.uuid4(), "2025-002"), "闵行区人社局", date(2025, 4, 1), ApplicantType.BUSINESS, None, None),
        Case(CaseRef(uuid.uuid4(), "2024-009"), "闵行区人社局", date(2024, 6, 1), ApplicantType.BUSINESS,
             date(2024, 6, 20), Outcome(OutcomeCategory.DISCLOSED)),
    ]  # fmt: skip
    records = Records(cases=cases)
    report = AnnualReport("闵行区人社局", 2025, None, 10, report_tables(records, 2025), report_tables(records, 2024), False)
    return AnnualReportOut.of(report)


def test_the_workbook_is_laid_out_and_merged_as_the_official_tables() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(_report())))
    table3, table4 = book.worksheets
    merged = {str(r) for r in table3.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A7:A28", "B9:B16"} <= merged
    assert table3["A2"].value == BALANCE_NOTE and table3["D2"].value == "申请人情况"
    assert [table3.cell(4, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert table3["A5"].value == "一、本年新收政府信息公开申请数量"
    assert [table3.cell(5, c).value for c in range(4, 11)] == [1, 1, 0, 0, 0, 0, 2]  # new: one natural, one business
    assert table3["C12"].value == "4. 保护第三方合法权益" and table3["D12"].value == 1
    assert table3["A29"].value == "四、结转下年度继续办理" and table3["J29"].value == 1
    assert table4["A2"].value == "行政复议" and table4["F2"].value == "行政诉讼"
    assert table4["F3"].value == "未经复议直接起诉" and table4["K3"].value == "复议后起诉"
    assert [table4.cell(5, c).value for c in range(6, 11)] == [0, 0, 0, 1, 1]  # one lawsuit, pending


def test_the_page_prints_the_tables_with_last_years_figures_and_charts_without_any_script() -> None:
    page = to_html(_report())
    assert "<title>闵行区人社局2025年政府信息公开工作年度报告</title>" in page
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"(src|href)=\"https?://", page)
    assert page.count("<svg") == 2
    assert '<th rowspan="22">三、本年度办理结果</th>' in page
    assert '<td>1<span class="last">0</span></td>' in page


def test_the_csv_has_a_line_for_every_cell() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(_report()))))
    assert len(rows) == 25 * 7 + 3 * 5
    new_business = next(r for r in rows if r["row"] == "new" and r["column"] == "business")
    assert (new_business["count"], new_business["last_year"], new_business["column_label"]) == ("1", "1", "商业企业")
