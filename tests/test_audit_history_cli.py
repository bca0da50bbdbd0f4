"""`gongkai audit history ID`: any record's decision history on the server's shell, as a table or as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from adapters.bootstrap import build
from adapters.cli import main
from domain.actors import Role
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import ApplicantType, Channel, DeliveryForm
from domain.personal_data import PersonalData
from tests.support import FixedClock, credential

DAY = date(2025, 3, 3)


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """GONGKAI_DATABASE_URL pointing at an embedded store in a fresh file."""
    database_url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    monkeypatch.setenv("GONGKAI_DATABASE_URL", database_url)
    yield database_url


def _case(url: str) -> UUID:
    clock = FixedClock()
    clock.set_business_day(DAY)
    gongkai = build(url, clock=clock)
    try:
        clerk = credential(Role.CLERK, name="王敏")
        receive = cmd.ReceiveRequest(
            request_id=uuid4(),
            organ="闵行区人力资源和社会保障局",
            department="社会保险科",
            channel=Channel.IN_PERSON,
            arrived_at=clock.now(),
            confirmed_on=None,
            applicant=PersonalData(name="陈静"),
            applicant_type=ApplicantType.NATURAL_PERSON,
            information_requested="2024年度本区社会保险补贴发放情况",
            preferred_form=DeliveryForm.PAPER,
        )
        return gongkai.requests.receive(receive, clerk).request_id
    finally:
        gongkai.close()


def test_the_history_is_a_table_with_chinese_labels_and_the_due_dates(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _case(url)
    assert main(["audit", "history", str(record)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"依申请公开 {record}"
    assert "收到申请" in out and "王敏" in out and "依申请公开经办人" in out and "办理中" in out
    assert "答复期限（R-REQ-REPLY）：2025-03-31" in out


def test_the_history_as_json_holds_every_field(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    record = _case(url)
    assert main(["audit", "history", str(record), "--json", "--as-of-version", "1"]) == 0
    trail = json.loads(capsys.readouterr().out)
    assert trail["stream_type"] == "disclosure_request"
    [entry] = trail["entries"]
    assert entry["event"]["data"]["applicant"]["name"] == "陈静"
    assert entry["state_after"]["status"] == "in_progress"


def test_an_unknown_record_or_a_bad_id_is_refused(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "history", str(uuid4())]) == 2
    assert "R-NOT-FOUND" in capsys.readouterr().err
    assert main(["audit", "history", "no-such-id"]) == 2
    assert "not a record id" in capsys.readouterr().err
