"""The annual report's tables as files, in the official layout of 国办公开办函〔2021〕30号: an XLSX workbook with the
merged header cells offices file, a printable HTML page with its charts drawn here as SVG (no script, nothing
fetched from the internet), and CSV (one line a cell). Each is made from the web API's JSON form of the report."""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal

import pygal
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pygal.style import Style

from adapters.http.report_schemas import AnnualReportOut, RowOut
from domain.annual_report import (
    CATEGORY_LABELS,
    CATEGORY_ROWS,
    NEW,
    TABLE3_COLUMNS,
    TABLE3_LABELS,
    TABLE3_NAMES,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    TABLE4_LABELS,
    TABLE4_ROWS,
    TOTAL,
)
from domain.monthly_return import DecisionKind
from domain.proactive_table import (
    DECISIONS,
    DOCUMENT_COLUMNS,
    FEE_INCOME,
    FEN,
    NORMATIVE,
    REGULATION,
    TABLE2_LABELS,
)

BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
"""The note the official table 3 puts in its corner."""
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


TABLE2_TITLE = "二、主动公开政府信息情况"
CONTENT = "信息内容"
"""The official table 2's heading of its rows' names, in every section."""
WAN_YUAN = "wan_yuan"
"""The fee income's column in the CSV: its figure in 万元, exact."""
TABLE2_SECTIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("第二十条第（一）项", DOCUMENT_COLUMNS, (REGULATION, NORMATIVE)),
    ("第二十条第（五）项", (DECISIONS,), (DecisionKind.LICENSING.value,)),
    ("第二十条第（六）项", (DECISIONS,), (DecisionKind.PENALTY.value, DecisionKind.ENFORCEMENT.value)),
    ("第二十条第（八）项", (FEN,), (FEE_INCOME,)),
)
"""The official table 2 section by section: the article of 《政府信息公开条例》 it discloses under, its columns and its
rows. The fee income's one cell is an amount in 万元; the others are counts."""
_TABLE2_WIDTH = 1 + len(DOCUMENT_COLUMNS)
"""Table 2's columns: the rows' names, then the widest section's figures (a narrower section's are merged across)."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""The workbook's media type."""


def title_of(out: AnnualReportOut) -> str:
    return f"{out.organ or '全区'}{out.year}年政府信息公开工作年度报告"


def _count(rows: tuple[RowOut, ...], row: str, column: str) -> tuple[int, int]:
    """A cell's count and last year's."""
    for r in rows:
        if r.row == row:
            for cell in r.cells:
                if cell.column == column:
                    return cell.count, cell.last_year
    raise KeyError((row, column))


def wan_yuan(amount: Decimal) -> str:
    """An amount in 万元 as plain text, exact: no exponent and no trailing zeros (`1.234567`, `100`, `0`)."""
    return format(amount.normalize(), "f")


_TABLE3_LINES = [(*TABLE3_NAMES[row], row) for row in TABLE3_ROWS]
"""Table 3's data rows: (first, second and third level of the row's name, the row's code)."""


# ---------------------------------------------------------------- CSV


def to_csv(out: AnnualReportOut) -> str:
    """One line a cell: the table, the row and column with their names, the count and last year's. Table 2's fee
    income is one line too, its figures in 万元 as exact decimals (`1.234567`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["table", "row", "row_label", "column", "column_label", "count", "last_year"])
    for row in out.table2:
        for cell in row.cells:
            writer.writerow(["2", row.row, row.label, cell.column, cell.label, cell.count, cell.last_year])
    fee = out.fee_income
    writer.writerow(["2", FEE_INCOME, TABLE2_LABELS[FEE_INCOME], WAN_YUAN, TABLE2_LABELS[FEN],
                     wan_yuan(fee.wan_yuan), wan_yuan(fee.last_year_wan_yuan)])  # fmt: skip
    for name, rows in (("3", out.table3), ("4", out.table4)):
        for row in rows:
            for cell in row.cells:
                writer.writerow([name, row.row, row.label, cell.column, cell.label, cell.count, cell.last_year])
    return buffer.getvalue()


# ---------------------------------------------------------------- XLSX


def to_xlsx(out: AnnualReportOut) -> bytes:
    """A workbook with a sheet for each of tables 2, 3 and 4, laid out and merged as the official tables."""
    book = Workbook()
    sheet2 = book.active
    assert sheet2 is not None
    sheet2.title = TABLE2_TITLE[:31]
    _sheet2(sheet2, out)
    _sheet3(book.create_sheet("三、收到和处理政府信息公开申请情况"[:31]), out)
    _sheet4(book.create_sheet("四、政府信息公开行政复议、行政诉讼情况"[:31]), out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: object,
    to_row: int | None = None,
    to_column: int | None = None,
    bold: bool = False,
    number_format: str | None = None,
) -> None:
    """A value in a cell (merged over a range when given), boxed and centred."""
    cell = sheet.cell(row=row, column=column, value=value)
    cell.alignment = _CENTRE
    if bold:
        cell.font = Font(bold=True)
    if number_format is not None:
        cell.number_format = number_format
    last_row, last_column = to_row or row, to_column or column
    for r in range(row, last_row + 1):
        for c in range(column, last_column + 1):
            sheet.cell(row=r, column=c).border = _BOX
    if (last_row, last_column) != (row, column):
        sheet.merge_cells(start_row=row, start_column=column, end_row=last_row, end_column=last_column)


AMOUNT_FORMAT = "0.00####"
"""The fee income's cell: an amount in 万元 to the fen (six decimals), shown with at least two."""


def _sheet2(sheet: Worksheet, out: AnnualReportOut) -> None:
    width = _TABLE2_WIDTH
    _put(sheet, 1, 1, title_of(out) + " 表二", to_column=width, bold=True)
    row = 2
    for heading, columns, rows in TABLE2_SECTIONS:
        _put(sheet, row, 1, heading, to_column=width, bold=True)
        _put(sheet, row + 1, 1, CONTENT)
        span = (width - 1) // len(columns)  # a section with fewer columns has each merged across
        for offset, column in enumerate(columns):
            _put(sheet, row + 1, 2 + offset * span, TABLE2_LABELS[column], to_column=1 + (offset + 1) * span)
        row += 2
        for code in rows:
            _put(sheet, row, 1, TABLE2_LABELS[code])
            if code == FEE_INCOME:
                # A number cell, not text: openpyxl writes a Decimal to 16 significant digits, so any amount
                # under a billion 万元 reads back exactly (to the fen, 0.000001 万元).
                amount = Decimal(wan_yuan(out.fee_income.wan_yuan))
                _put(sheet, row, 2, amount, to_column=width, number_format=AMOUNT_FORMAT)
            else:
                for offset, column in enumerate(columns):
                    first = 2 + offset * span
                    _put(sheet, row, first, _count(out.table2, code, column)[0], to_column=first + span - 1)
            row += 1
    sheet.column_dimensions["A"].width = 18
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16


def _sheet3(sheet: Worksheet, out: AnnualReportOut) -> None:
    _put(sheet, 1, 1, title_of(out) + " 表三", to_column=10, bold=True)
    # The official header: the balance note in the corner, the applicants' columns in three rows.
    _put(sheet, 2, 1, BALANCE_NOTE, to_row=4, to_column=3)
    _put(sheet, 2, 4, "申请人情况", to_column=10, bold=True)
    _put(sheet, 3, 4, TABLE3_LABELS[TABLE3_COLUMNS[0]], to_row=4)
    _put(sheet, 3, 5, "法人或其他组织", to_column=9)
    for offset, column in enumerate(TABLE3_COLUMNS[1:6]):
        _put(sheet, 4, 5 + offset, TABLE3_LABELS[column])
    _put(sheet, 3, 10, TABLE3_LABELS[TABLE3_COLUMNS[6]], to_row=4)
    lines = _TABLE3_LINES
    first_data = 5
    for index, (first, second, third, code) in enumerate(lines):
        row = first_data + index
        for offset, column in enumerate(TABLE3_COLUMNS):
            _put(sheet, row, 4 + offset, _count(out.table3, code, column)[0])
        if not second:
            _put(sheet, row, 1, first, to_column=3)
        elif not third:
            _put(sheet, row, 2, second, to_column=3)
        else:
            _put(sheet, row, 3, third)
    section = [i for i, line in enumerate(lines) if line[1]]  # 三: its rows name a second level
    _put(sheet, first_data + section[0], 1, lines[section[0]][0], to_row=first_data + section[-1])
    for second in dict.fromkeys(line[1] for line in lines if line[2]):  # a category with grounds
        rows = [i for i, line in enumerate(lines) if line[1] == second]
        _put(sheet, first_data + rows[0], 2, second, to_row=first_data + rows[-1])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 30
    for column in range(4, 11):
        sheet.column_dimensions[get_column_letter(column)].width = 11


def _sheet4(sheet: Worksheet, out: AnnualReportOut) -> None:
    _put(sheet, 1, 1, title_of(out) + " 表四", to_column=15, bold=True)
    results = TABLE4_COLUMNS
    _put(sheet, 2, 1, TABLE4_LABELS[TABLE4_ROWS[0]], to_column=5, bold=True)
    _put(sheet, 2, 6, "行政诉讼", to_column=15, bold=True)
    for offset, column in enumerate(results):
        _put(sheet, 3, 1 + offset, TABLE4_LABELS[column], to_row=4)
    for block, kind in enumerate(TABLE4_ROWS[1:]):
        start = 6 + block * 5
        _put(sheet, 3, start, TABLE4_LABELS[kind].split("：")[-1], to_column=start + 4)
        for offset, column in enumerate(results):
            _put(sheet, 4, start + offset, TABLE4_LABELS[column])
    for block, kind in enumerate(TABLE4_ROWS):
        for offset, column in enumerate(results):
            _put(sheet, 5, 1 + block * 5 + offset, _count(out.table4, kind, column)[0])
    for column in range(1, 16):
        sheet.column_dimensions[get_column_letter(column)].width = 10


# ---------------------------------------------------------------- HTML


_CHART_STYLE = Style(font_family="'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif",
                     background="white", plot_background="white")  # fmt: skip


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def _svg(chart: pygal.graph.graph.Graph) -> str:
    """A chart as inline SVG with no script: pygal links its tooltip script from the internet unless told not to
    (`js=[]`), and still writes its configuration in a script, which a printed page has no use for."""
    return _SCRIPT.sub("", str(chart.render(is_unicode=True, disable_xml_declaration=True)))


def charts(out: AnnualReportOut) -> list[str]:
    """The report's charts: this year's applications by outcome beside last year's, and by applicant type."""
    outcomes = pygal.HorizontalBar(style=_CHART_STYLE, js=[], width=720, height=420, legend_at_bottom=True,
                                   title="本年度办理结果（与上年比较）")  # fmt: skip
    outcomes.x_labels = list(CATEGORY_LABELS.values())

    def by_category(index: int) -> list[int]:
        return [sum(_count(out.table3, row, TOTAL)[index] for row in rows) for rows in CATEGORY_ROWS.values()]

    outcomes.add(f"{out.year}年", by_category(0))
    outcomes.add(f"{out.year - 1}年", by_category(1))
    applicants = pygal.Pie(style=_CHART_STYLE, js=[], width=600, height=400, legend_at_bottom=True,
                           title="本年新收申请的申请人类型")  # fmt: skip
    for column in TABLE3_COLUMNS[:-1]:
        applicants.add(TABLE3_LABELS[column], _count(out.table3, NEW, column)[0])
    return [_svg(outcomes), _svg(applicants)]


def to_html(out: AnnualReportOut) -> str:
    """A printable page: tables 2, 3 and 4 in the official layout, each figure with last year's beside it, the charts,
    and the cases the log leaves ambiguous."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{e(title_of(out))}</title>",
        "<style>body{font-family:'Noto Serif CJK SC','SimSun',serif;margin:2em}table{border-collapse:collapse;"
        "margin:1em 0}td,th{border:1px solid #000;padding:2px 6px;text-align:center;font-size:10.5pt}"
        ".last{color:#555;font-size:8.5pt;display:block}@media print{.chart{page-break-inside:avoid}}</style>",
        "</head><body>",
        f"<h1>{e(title_of(out))}</h1>",
        f"<p>依据日志计算{('，截至 ' + e(out.as_of.isoformat())) if out.as_of else ''}（日志位置 {out.position}）。"
        "每格下方为上年数字。</p>",
        "<h2>与上年比较</h2>",
        "<p>" + "".join(e(c.text) for c in out.year_over_year) + "</p>",
        f"<h2>{e(TABLE2_TITLE)}</h2>",
        _html_table2(out),
        "<h2>三、收到和处理政府信息公开申请情况</h2>",
        _html_table3(out),
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2>",
        _html_table4(out),
        "<h2>图表</h2>",
        *[f'<div class="chart">{svg}</div>' for svg in charts(out)],
    ]
    if out.ambiguities:
        parts.append("<h2>需要说明的案件</h2><ul>")
        parts += [f"<li>{e(a.registration_number or str(a.id))}：{e(a.why)}</li>" for a in out.ambiguities]
        parts.append("</ul>")
    if out.published is not None:
        p = out.published
        mismatch = "" if p.digest_holds else "（摘要与数字不符）"
        parts.append(f"<p>已于 {e(p.published_at.isoformat())} 发布，摘要 {e(p.digest)}{mismatch}；"
                     f"与发布时不同的数字 {len(p.differences)} 处。</p>")  # fmt: skip
    parts.append("</body></html>")
    return "\n".join(parts)


def _figure(rows: tuple[RowOut, ...], row: str, column: str, span: int = 1) -> str:
    count, last = _count(rows, row, column)
    return _td(str(count), str(last), span)


def _td(figure: str, last: str, span: int = 1) -> str:
    """A figure with last year's below it (merged across `span` columns)."""
    colspan = f' colspan="{span}"' if span > 1 else ""
    return f'<td{colspan}>{html.escape(figure)}<span class="last">{html.escape(last)}</span></td>'


def _html_table2(out: AnnualReportOut) -> str:
    e = html.escape
    width = _TABLE2_WIDTH
    body = []
    for heading, columns, rows in TABLE2_SECTIONS:
        span = (width - 1) // len(columns)
        colspan = f' colspan="{span}"' if span > 1 else ""
        body.append(f'<tr><th colspan="{width}">{e(heading)}</th></tr>')
        body.append(
            f"<tr><th>{e(CONTENT)}</th>"
            + "".join(f"<th{colspan}>{e(TABLE2_LABELS[c])}</th>" for c in columns)
            + "</tr>"
        )
        for code in rows:
            if code == FEE_INCOME:
                fee = out.fee_income
                figures = _td(wan_yuan(fee.wan_yuan), wan_yuan(fee.last_year_wan_yuan), span)
            else:
                figures = "".join(_figure(out.table2, code, c, span) for c in columns)
            body.append(f"<tr><th>{e(TABLE2_LABELS[code])}</th>{figures}</tr>")
    return "<table>" + "".join(body) + "</table>"


def _html_table3(out: AnnualReportOut) -> str:
    e = html.escape
    head = (
        f'<tr><th colspan="3" rowspan="3">{e(BALANCE_NOTE)}</th><th colspan="7">申请人情况</th></tr>'
        f'<tr><th rowspan="2">{e(TABLE3_LABELS[TABLE3_COLUMNS[0]])}</th><th colspan="5">法人或其他组织</th>'
        f'<th rowspan="2">{e(TABLE3_LABELS[TABLE3_COLUMNS[6]])}</th></tr>'
        "<tr>" + "".join(f"<th>{e(TABLE3_LABELS[c])}</th>" for c in TABLE3_COLUMNS[1:6]) + "</tr>"
    )
    lines = _TABLE3_LINES
    body = []
    for index, (first, second, third, code) in enumerate(lines):
        names = ""
        if not second:
            names = f'<th colspan="3">{e(first)}</th>'
        else:
            if index == 0 or lines[index - 1][0] != first:
                span = sum(1 for line in lines if line[0] == first)
                names += f'<th rowspan="{span}">{e(first)}</th>'
            if not third:
                names += f'<th colspan="2">{e(second)}</th>'
            else:
                if lines[index - 1][1] != second:
                    span = sum(1 for line in lines if line[1] == second)
                    names += f'<th rowspan="{span}">{e(second)}</th>'
                names += f"<th>{e(third)}</th>"
        body.append("<tr>" + names + "".join(_figure(out.table3, code, c) for c in TABLE3_COLUMNS) + "</tr>")
    return "<table>" + head + "".join(body) + "</table>"


def _html_table4(out: AnnualReportOut) -> str:
    e = html.escape
    results = TABLE4_COLUMNS
    head = (
        f'<tr><th colspan="5">{e(TABLE4_LABELS[TABLE4_ROWS[0]])}</th><th colspan="10">行政诉讼</th></tr>'
        "<tr>"
        + "".join(f'<th rowspan="2">{e(TABLE4_LABELS[c])}</th>' for c in results)
        + "".join(f'<th colspan="5">{e(TABLE4_LABELS[k].split("：")[-1])}</th>' for k in TABLE4_ROWS[1:])
        + "</tr>"
        "<tr>" + "".join(f"<th>{e(TABLE4_LABELS[c])}</th>" for _ in TABLE4_ROWS[1:] for c in results) + "</tr>"
    )
    figures = "".join(_figure(out.table4, kind, column) for kind in TABLE4_ROWS for column in results)
    return "<table>" + head + "<tr>" + figures + "</tr></table>"
