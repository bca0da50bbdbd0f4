"""The `gongkai` command line: adding staff prints a working token; loading a year file loads the table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import build
from adapters.cli import main
from adapters.http.app import create_app
from adapters.persistence.database import DatabaseURL
from application.errors import Unauthenticated
from application.staff import token_hash
from domain.actors import Role
from tests.support import unique

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


def last_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The last line the command printed: the token, after `staff add`."""
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_staff_add_with_several_roles_then_a_new_token_for_the_same_person_revokes_the_first(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "赵主任", "--role", "clerk", "office_head"]) == 0
    first = last_line(capsys)
    gongkai = build(url)
    try:
        person_id = gongkai.staff.authenticate(first).person_id
    finally:
        gongkai.close()

    assert main(["staff", "add", "赵主任", "--person-id", person_id]) == 0
    out = capsys.readouterr().out
    second = out.strip().splitlines()[-1]
    assert "revoked their other tokens" in out
    gongkai = build(url)
    try:
        again = gongkai.staff.authenticate(second)
        assert (again.person_id, again.roles) == (person_id, (Role.CLERK, Role.OFFICE_HEAD))
        with pytest.raises(Unauthenticated):
            gongkai.staff.authenticate(first)
    finally:
        gongkai.close()


def test_staff_add_keeps_the_other_tokens_when_asked(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["staff", "add", "赵主任", "--role", "office_head", "--person-id", "staff-zhao", "--new-person"]) == 0
    first = last_line(capsys)
    assert main(["staff", "add", "赵主任", "--person-id", "staff-zhao", "--keep-other-tokens"]) == 0
    second = last_line(capsys)
    gongkai = build(url)
    try:
        assert gongkai.staff.authenticate(first).person_id == gongkai.staff.authenticate(second).person_id
    finally:
        gongkai.close()


def test_staff_add_refuses_a_name_on_the_staff_naming_the_person_unless_asked(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "王敏", "--role", "clerk", "--person-id", "staff-wang", "--new-person"]) == 0
    capsys.readouterr()

    assert main(["staff", "add", "王敏", "--role", "auditor"]) == 2
    err = capsys.readouterr().err
    assert "staff-wang" in err and "--same-name-as-another" in err

    assert main(["staff", "add", "王敏", "--role", "auditor", "--same-name-as-another"]) == 0
    assert "added 王敏" in capsys.readouterr().out


def test_staff_add_refuses_an_unknown_person_id_unless_asked(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["staff", "add", "赵主任", "--role", "office_head", "--person-id", "staff-zhao"]) == 2
    err = capsys.readouterr().err
    assert "R-NOT-FOUND" in err and "staff-zhao" in err and "--new-person" in err

    assert main(["staff", "add", "赵主任", "--role", "office_head", "--person-id", "staff-zhao", "--new-person"]) == 0
    assert "added 赵主任 (staff-zhao)" in capsys.readouterr().out


def test_staff_list_shows_people_roles_and_tokens_but_never_a_token_or_its_hash(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "王敏", "--role", "clerk", "--person-id", "staff-wang", "--new-person"]) == 0
    token = last_line(capsys)
    assert main(["staff", "add", "刘洋", "--role", "auditor", "--person-id", "staff-liu", "--new-person"]) == 0
    capsys.readouterr()
    assert main(["staff", "revoke", "staff-liu", "--reason", "调离"]) == 0
    capsys.readouterr()

    assert main(["staff", "list"]) == 0
    out = capsys.readouterr().out
    assert token not in out and token_hash(token) not in out and token_hash(token)[:12] not in out
    wang = next(line for line in out.splitlines() if line.startswith("staff-wang"))
    assert "王敏" in wang and "clerk" in wang and "active" in wang
    liu = next(line for line in out.splitlines() if line.startswith("staff-liu"))
    assert "revoked" in liu and "调离" in liu
    assert "in use" in out and "expires" in out


def test_staff_revoke_and_roles_from_the_command_line(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["staff", "add", "王敏", "--role", "clerk", "--person-id", "staff-wang", "--new-person"]) == 0
    first = last_line(capsys)
    assert main(["staff", "add", "王敏", "--person-id", "staff-wang", "--keep-other-tokens"]) == 0
    second = last_line(capsys)
    gongkai = build(url)
    try:
        first_id = gongkai.staff.authenticate(first).token_id
    finally:
        gongkai.close()

    assert main(["staff", "revoke", first_id, "--reason", "laptop lost"]) == 0
    assert main(["staff", "roles", "staff-wang", "--role", "clerk", "office_head"]) == 0
    gongkai = build(url)
    try:
        with pytest.raises(Unauthenticated):
            gongkai.staff.authenticate(first)
        assert gongkai.staff.authenticate(second).roles == (Role.CLERK, Role.OFFICE_HEAD)
    finally:
        gongkai.close()

    assert main(["staff", "revoke", "nobody"]) == 2
    assert "R-NOT-FOUND" in capsys.readouterr().err


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


# ---------------------------------------------------------------- the store each command acts on


def test_every_command_names_its_store_on_stderr_before_acting(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store_line = f"gongkai: store: SQLite file {tmp_path / 'gongkai.sqlite3'}"
    for argv in (["staff", "list"], ["calendar", "load", str(tmp_path / "nowhere.txt")], ["rebuild", "worklist"]):
        main(argv)
        assert capsys.readouterr().err.splitlines()[0] == store_line, argv

    served: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.append(app))
    assert main(["serve"]) == 0
    assert served and capsys.readouterr().err.splitlines()[0] == store_line


def test_the_store_line_masks_a_password() -> None:
    described = DatabaseURL.parse("postgresql://gongkai:s3cret@db.example:6432/gongkai").describe()
    assert described == "PostgreSQL postgresql://gongkai:***@db.example:6432/gongkai"


def test_database_option_overrides_the_environment(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    assert main(["staff", "add", "王敏", "--role", "clerk", "--database", elsewhere]) == 0
    captured = capsys.readouterr()
    token = captured.out.strip().splitlines()[-1]
    assert captured.err.splitlines()[0] == f"gongkai: store: SQLite file {tmp_path / 'elsewhere.sqlite3'}"
    assert main(["--database", elsewhere, "staff", "list"]) == 0
    assert "王敏" in capsys.readouterr().out

    for database, admitted in ((elsewhere, True), (url, False)):
        gongkai = build(database)
        try:
            if admitted:
                gongkai.staff.authenticate(token)
            else:
                with pytest.raises(Unauthenticated):
                    gongkai.staff.authenticate(token)
        finally:
            gongkai.close()


def test_database_option_works_on_postgresql(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    name = unique("王敏")
    assert main(["staff", "add", name, "--role", "clerk", "--database", postgres_url]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines()[0].startswith("gongkai: store: PostgreSQL postgresql://postgres@")
    assert main(["staff", "list", "--database", postgres_url]) == 0
    assert name in capsys.readouterr().out


def test_a_bad_database_url_is_refused(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["staff", "list", "--database", "mysql://somewhere/db"]) == 2
    assert "R-INPUT" in capsys.readouterr().err


def test_a_bad_token_lifetime_is_refused(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_TOKEN_DAYS", "half a year")
    assert main(["staff", "list"]) == 2
    assert "GONGKAI_TOKEN_DAYS" in capsys.readouterr().err


def test_the_token_lifetime_comes_from_the_environment(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_TOKEN_DAYS", "30")
    assert main(["staff", "add", "王敏", "--role", "clerk"]) == 0
    gongkai = build(url)
    try:
        credential = gongkai.staff.authenticate(last_line(capsys))
        assert credential.expires_at is not None
        assert credential.expires_at - gongkai.clock.now() < timedelta(days=30, seconds=5)
    finally:
        gongkai.close()


def test_a_fault_that_is_not_a_refusal_is_not_reported_as_one(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(text: str) -> None:
        raise ValueError("a bug, not the operator's input")

    monkeypatch.setattr("adapters.cli.parse_year_file", broken)
    path = tmp_path / "2027.txt"
    path.write_text(YEAR_FILE, encoding="utf-8")
    with pytest.raises(ValueError, match="a bug"):
        main(["calendar", "load", str(path)])
    assert "R-INPUT" not in capsys.readouterr().err
