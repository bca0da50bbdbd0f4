"""`gongkai report annual`: the annual report's tables written as JSON or CSV, with the records behind each cell, and
clear refusals."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from adapters.cli import main
from tests.http.conftest import open_api


def test_the_annual_report_as_json_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    for api in open_api(url):
        received = api.new_request(organ="闵行区人社局")["id"]
        api.new_request(organ="闵行区民政局", applicant_type="business")

    out = tmp_path / "report.json"
    assert main(["report", "annual", "--database", url, "--organ", "闵行区人社局", "--year", "2025",
                 "--out", str(out)]) == 0  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    new = next(r for r in report["table3"] if r["row"] == "new")
    natural = next(c for c in new["cells"] if c["column"] == "natural_person")
    assert natural["count"] == 1 and [r["id"] for r in natural["records"]] == [received]
    assert "report" in capsys.readouterr().err  # the progress bar

    table = tmp_path / "district.csv"
    assert main(["report", "annual", "--database", url, "--year", "2025", "--format", "csv", "--out", str(table)]) == 0
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert {"table": "3", "row": "new", "column": "total", "count": "2"}.items() <= next(
        r for r in rows if r["row"] == "new" and r["column"] == "total"
    ).items()
    # Table 2: 2 rows of 3 columns, 3 of 1, and the fee income; table 3: 25 rows of 7 columns; table 4: 3 of 5.
    assert len(rows) == 2 * 3 + 3 + 1 + 25 * 7 + 3 * 5

    for form, starts in (("xlsx", b"PK"), ("html", b"<!DOCTYPE html>")):
        made = tmp_path / f"report.{form}"
        command = ["report", "annual", "--database", url, "--year", "2025", "--format", form, "--out", str(made)]
        assert main(command) == 0
        assert made.read_bytes().startswith(starts)


def test_an_unknown_organ_and_a_bad_instant_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    out = tmp_path / "report.json"
    assert main(["report", "annual", "--database", url, "--organ", "没有这个局", "--year", "2025",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "R-NOT-FOUND" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit):
        main(["report", "annual", "--database", url, "--year", "2025", "--as-of", "2025-12-31", "--out", str(out)])
    assert "offset" in capsys.readouterr().err
