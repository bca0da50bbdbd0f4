"""The annual report's files (R-REPORT): the XLSX workbook in the official layout with its merged header cells, the
printable HTML page with its charts drawn as SVG and no script, and CSV, all from one report."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from adapters.http.report_schemas import AnnualReportOut
from adapters.report_files import BALANCE_NOTE, to_csv, to_html, to_xlsx, wan_yuan
from application.annual_reports import AnnualReport
from domain.annual_report import Case, CaseRef
from domain.disclosure_request.values import ApplicantType, Outcome, OutcomeCategory
from domain.document.values import DocumentKind
from domain.monthly_return import DecisionKind, return_id
from domain.proactive_table import DocumentFacts, MonthlyCount, MonthlyFee
from domain.report_tables import Records, report_tables
from domain.reviews import Review, ReviewKind

ORGAN = "闵行区人社局"


def _document(number: str, kind: DocumentKind, issued_on: date, repealed_on: date | None = None) -> DocumentFacts:
    ref = CaseRef(uuid.uuid4(), number)
    return DocumentFacts(ref, ORGAN, kind, "政策法规科", issued_on, True, repealed_on=repealed_on)


def _count(month: date, kind: DecisionKind, count: int) -> MonthlyCount:
    label = f"{month:%Y-%m} 劳动保障监察大队 {kind}"
    return MonthlyCount(CaseRef(return_id(ORGAN, month), label, count), ORGAN, month, "劳动保障监察大队", kind, count)


def _fee(month: date, yuan: str) -> MonthlyFee:
    fen = int(Decimal(yuan) * 100)
    return MonthlyFee(CaseRef(return_id(ORGAN, month), f"{month:%Y-%m}", fen), ORGAN, month, Decimal(yuan))


def _report() -> AnnualReportOut:
    cases = [
        Case(CaseRef(uuid.uuid4(), "2025-001"), "闵行区人社局", date(2025, 3, 3), ApplicantType.NATURAL_PERSON,
             date(2025, 3, 20), Outcome(OutcomeCategory.NOT_DISCLOSED, 4),
             reviews=(Review("R-1", ReviewKind.DIRECT_LITIGATION, date(2025, 6, 1)),)),
        Case(CaseRef(uuid.uuid4(), "2025-002"), "闵行区人社局", date(2025, 4, 1), ApplicantType.BUSINESS, None, None),
        Case(CaseRef(uuid.uuid4(), "2024-009"), "闵行区人社局", date(2024, 6, 1), ApplicantType.BUSINESS,
             date(2024, 6, 20), Outcome(OutcomeCategory.DISCLOSED)),
    ]  # fmt: skip
    documents = [
        _document("沪闵人社规〔2025〕1号", DocumentKind.REGULATION, date(2025, 2, 1)),
        _document("沪闵人社规〔2025〕2号", DocumentKind.NORMATIVE, date(2025, 3, 1)),
        _document("沪闵人社规〔2024〕1号", DocumentKind.NORMATIVE, date(2024, 1, 10)),
        _document("沪闵人社规〔2023〕5号", DocumentKind.NORMATIVE, date(2023, 5, 1), repealed_on=date(2025, 7, 1)),
        _document("沪闵人社罚〔2025〕9号", DocumentKind.PENALTY_DECISION, date(2025, 5, 10)),
        _document("沪闵人社强〔2024〕1号", DocumentKind.ENFORCEMENT_DECISION, date(2024, 8, 1)),
    ]
    counts = [_count(date(2025, 3, 1), DecisionKind.LICENSING, 7), _count(date(2025, 4, 1), DecisionKind.PENALTY, 3)]
    fees = [_fee(date(2025, 1, 1), "12345.67"), _fee(date(2024, 1, 1), "5000")]
    records = Records(cases=cases, documents=documents, counts=counts, fees=fees)
    report = AnnualReport(ORGAN, 2025, None, 10, report_tables(records, 2025), report_tables(records, 2024), False)
    return AnnualReportOut.of(report)


def test_the_workbook_is_laid_out_and_merged_as_the_official_tables() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(_report())))
    _, table3, table4 = book.worksheets
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
    assert len(rows) == 3 * 2 + 3 + 1 + 25 * 7 + 3 * 5
    new_business = next(r for r in rows if r["row"] == "new" and r["column"] == "business")
    assert (new_business["count"], new_business["last_year"], new_business["column_label"]) == ("1", "1", "商业企业")


def test_the_workbook_starts_with_table_2_in_the_official_layout_and_the_exact_fee_income() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(_report())))
    table2 = book.worksheets[0]
    assert book.sheetnames[0] == "二、主动公开政府信息情况"
    merged = {str(r) for r in table2.merged_cells.ranges}
    assert {"A1:D1", "A2:D2", "A6:D6", "B7:D7", "B8:D8", "A9:D9", "B10:D10", "B11:D11", "B12:D12"} <= merged
    assert {"A13:D13", "B14:D14", "B15:D15"} <= merged
    headings = {
        "A2": "第二十条第（一）项",
        "A6": "第二十条第（五）项",
        "A9": "第二十条第（六）项",
        "A13": "第二十条第（八）项",
    }
    assert {ref: table2[ref].value for ref in headings} == headings
    assert [table2.cell(3, c).value for c in range(1, 5)] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert [(table2.cell(r, 1).value, table2.cell(r, 2).value) for r in (7, 10, 14)] == [
        ("信息内容", "本年处理决定数量"),
        ("信息内容", "本年处理决定数量"),
        ("信息内容", "本年收费金额（单位：万元）"),
    ]
    assert [table2.cell(4, c).value for c in range(1, 5)] == ["规章", 1, 0, 1]
    assert [table2.cell(5, c).value for c in range(1, 5)] == ["行政规范性文件", 1, 1, 2]
    assert [(table2.cell(r, 1).value, table2.cell(r, 2).value) for r in (8, 11, 12)] == [
        ("行政许可", 7),
        ("行政处罚", 4),  # the month's count, and a decision registered in another month
        ("行政强制", 0),
    ]
    fee = table2["B15"]
    assert table2["A15"].value == "行政事业性收费"
    assert isinstance(fee.value, (int, float)) and Decimal(str(fee.value)) == Decimal("1.234567")
    assert fee.number_format == "0.00####"
    assert table2["B15"].border.left.style == "thin" and table2["D15"].border.right.style == "thin"


def test_the_csv_has_table_2_first_with_the_exact_fee_income_in_wan_yuan() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(_report()))))
    table2 = [(r["row"], r["column"], r["count"], r["last_year"]) for r in rows if r["table"] == "2"]
    assert table2 == [
        ("regulation", "issued", "1", "0"),
        ("regulation", "repealed", "0", "0"),
        ("regulation", "in_force", "1", "0"),
        ("normative", "issued", "1", "1"),
        ("normative", "repealed", "1", "0"),
        ("normative", "in_force", "2", "2"),
        ("licensing", "decisions", "7", "0"),
        ("penalty", "decisions", "4", "0"),
        ("enforcement", "decisions", "0", "1"),
        ("fee_income", "wan_yuan", "1.234567", "0.5"),
    ]
    assert rows[0]["table"] == "2" and rows[len(table2)]["table"] == "3"
    fee = rows[len(table2) - 1]
    assert (fee["row_label"], fee["column_label"]) == ("行政事业性收费", "本年收费金额（单位：万元）")


def test_an_amount_in_wan_yuan_is_written_plain_and_exact() -> None:
    assert wan_yuan(Decimal(0) / 1_000_000) == "0"
    assert wan_yuan(Decimal(100_000_000) / 1_000_000) == "100"
    assert wan_yuan(Decimal(1) / 1_000_000) == "0.000001"
    assert wan_yuan(Decimal(1_234_567) / 1_000_000) == "1.234567"


def test_the_page_prints_table_2_before_table_3_with_last_years_figures() -> None:
    page = to_html(_report())
    assert "<script" not in page
    assert page.index("二、主动公开政府信息情况") < page.index("三、收到和处理政府信息公开申请情况")
    for label in ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"):
        assert f"<tr><th>{label}</th>" in page
    assert '<th colspan="4">第二十条第（一）项</th>' in page
    assert '<tr><th>规章</th><td>1<span class="last">0</span></td><td>0<span class="last">0</span></td>' in page
    assert '<tr><th>行政许可</th><td colspan="3">7<span class="last">0</span></td></tr>' in page
    assert '<tr><th>行政强制</th><td colspan="3">0<span class="last">1</span></td></tr>' in page
    assert '<tr><th>行政事业性收费</th><td colspan="3">1.234567<span class="last">0.5</span></td></tr>' in page
