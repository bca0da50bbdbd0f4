"""`gongkai report annual`: the annual report's tables from the command line, as JSON (the web API's form, with the
records behind each cell: the operator at the server's shell sees what an auditor sees), a printable HTML page, an
XLSX workbook in the official layout, or CSV (one line a cell), with a progress bar over the log on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from adapters.audit_table import AUDITOR
from adapters.bootstrap import build
from adapters.http.report_schemas import AnnualReportOut
from adapters.progress import progress_bar
from adapters.report_files import to_csv, to_html, to_xlsx
from application.plain_json import plain

FORMATS = ("json", "html", "xlsx", "csv")


def _instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"an instant with its offset, such as 2026-01-31T17:00:00+08:00: {text!r}"
        ) from None
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give the instant's offset (+08:00 for Shanghai): {text!r}")
    return instant


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """`report annual`."""
    report = commands.add_parser("report", help="reports computed from the log").add_subparsers(
        dest="report", required=True
    )
    annual = report.add_parser(
        "annual", parents=[common], help="the annual report's tables 2-4 for an organ (or the district) and a year"
    )
    annual.add_argument("--organ", help="the organ, as its applications name it (default: every organ, summed)")
    annual.add_argument("--year", type=int, required=True)
    annual.add_argument("--as-of", type=_instant, help="the log as it stood at this instant (default: as it stands)")
    annual.add_argument("--format", choices=FORMATS, default="json")
    annual.add_argument("--out", required=True, metavar="FILE", help="the file to write ('-': standard output)")
    annual.set_defaults(run=_annual)


def _annual(args: argparse.Namespace) -> int:
    gongkai = build(args.database_url)
    try:
        show = progress_bar("report", gongkai.store.last_position())
        show(0)
        report = gongkai.annual_reports.report(AUDITOR, args.year, args.organ, args.as_of, progress=show)
        print(file=sys.stderr)
    finally:
        gongkai.close()
    out = AnnualReportOut.of(report)
    content = _render(out, args.format)
    if args.out == "-":
        sys.stdout.buffer.write(content)
    else:
        Path(args.out).write_bytes(content)
        print(f"wrote the {args.year} report of {args.organ or 'every organ'} to {args.out}", file=sys.stderr)
    return 0


def _render(out: AnnualReportOut, form: str) -> bytes:
    if form == "xlsx":
        return to_xlsx(out)
    if form == "html":
        return to_html(out).encode()
    if form == "csv":
        return to_csv(out).encode()
    return json.dumps(plain.unstructure(out), ensure_ascii=False, indent=2).encode()
