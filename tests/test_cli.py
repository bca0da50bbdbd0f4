"""The `gongkai` command line: adding staff prints a working token; loading a year file loads the table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import build
from adapters.cli import main
from adapters.http.app import create_app
from domain.actors import Role

YEAR_FILE = """\
# 2027: made up for the test
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知 (测试用)
holiday: 2027-01-01
holiday: 2027-02-06..2027-02-14   # the weekend days inside the range are dropped
workday: 2027-02-20
"""


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """GONGKAI_DATABASE_URL pointing at an embedded store in a fresh file."""
    database_url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    monkeypatch.setenv("GONGKAI_DATABASE_URL", database_url)
    yield database_url


def test_staff_add_prints_a_token_on_its_last_line_that_authenticates(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "王敏", "--role", "clerk"]) == 0
    out = capsys.readouterr().out
    token = out.strip().splitlines()[-1]
    assert "王敏" in out
    assert len(token) >= 40 and " " not in token

    gongkai = build(url)
    try:
        credential = gongkai.staff.authenticate(token)
        assert credential.name == "王敏"
        assert credential.roles == (Role.CLERK,)
        with TestClient(create_app(gongkai)) as client:
            response = client.get("/api/v1/disclosure-requests", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.text
            response = client.get("/api/v1/disclosure-requests", headers={"Authorization": f"Bearer {token}x"})
            assert response.status_code == 401
    finally:
        gongkai.close()


def test_staff_add_with_several_roles_and_a_second_token_for_the_same_person(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "赵主任", "--role", "clerk", "office_head"]) == 0
    first = capsys.readouterr().out.strip().splitlines()
    assert main(["staff", "add", "赵主任", "--role", "office_head", "--person-id", "staff-zhao"]) == 0
    second = capsys.readouterr().out.strip().splitlines()[-1]
    gongkai = build(url)
    try:
        assert gongkai.staff.authenticate(first[-1]).roles == (Role.CLERK, Role.OFFICE_HEAD)
        again = gongkai.staff.authenticate(second)
        assert (again.person_id, again.roles) == ("staff-zhao", (Role.OFFICE_HEAD,))
    finally:
        gongkai.close()


def test_staff_add_refuses_an_unknown_role(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["staff", "add", "王敏", "--role", "janitor"])
    assert exit_.value.code == 2
    assert "janitor" in capsys.readouterr().err


def test_calendar_load_loads_a_year_file(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = build(url)
    try:
        assert before.calendar.current().add_working_days(date(2027, 2, 5), 3).provisional is True
    finally:
        before.close()

    path = tmp_path / "2027.txt"
    path.write_text(YEAR_FILE, encoding="utf-8")
    assert main(["calendar", "load", str(path)]) == 0
    assert "loaded 2027: 6 weekdays off, 1 weekend days worked" in capsys.readouterr().out

    gongkai = build(url)
    try:
        calendar = gongkai.calendar.current()
        assert calendar.knows(2027)
        due = calendar.add_working_days(date(2027, 2, 5), 3)  # 8–12 February off → 15, 16, 17 February
        assert (due.due, due.provisional) == (date(2027, 2, 17), False)
        assert calendar.is_working_day(date(2027, 2, 20))
        with TestClient(create_app(gongkai)) as client:
            body = client.get("/api/v1/calendar/due-date", params={"after": "2027-02-05", "working_days": 3}).json()
            assert (body["due"], body["provisional"]) == ("2027-02-17", False)
    finally:
        gongkai.close()

    # The same table again is refused with its rule code, and nothing changes.
    assert main(["calendar", "load", str(path)]) == 2
    assert "R-COUNT-3" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("year: 2027\nholiday: 2027-01-01\n", "source"),
        ("source: 通知\nholiday: 2027-01-01\n", "year"),
        ("year: 2027\nsource: 通知\nholiday: 2027/01/01\n", "line 3"),
        ("year: 2027\nsource: 通知\nworkday: 2027-02-17\n", "line 3"),
        ("year: 2027\nsource: 通知\nholyday: 2027-01-01\n", "line 3"),
    ],
)
def test_calendar_load_refuses_a_bad_file_naming_what_is_wrong(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["calendar", "load", str(path)]) == 2
    assert message in capsys.readouterr().err
    gongkai = build(url)
    try:
        assert not gongkai.calendar.current().knows(2027)
    finally:
        gongkai.close()


def test_calendar_load_of_a_missing_file(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "load", str(tmp_path / "nowhere.txt")]) == 2
    assert "nowhere.txt" in capsys.readouterr().err
