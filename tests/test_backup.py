"""`gongkai backup` and `gongkai restore` of the embedded store: a backup taken while the server writes holds the log
as it stood at one moment (every event of every stream, nothing acknowledged before it missing), and the store
restored from it serves again, its read models rebuilt from its log."""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections import defaultdict
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient

from adapters.bootstrap import build
from adapters.cli import main
from adapters.http.app import create_app
from domain.actors import SYSTEM, Role
from tests.http.conftest import API, START, application
from tests.support import FixedClock, unique
from tests.unattended.serving import served

WRITERS = 4


def rows(path: Path) -> list[tuple[int, str, int, str, bytes]]:
    """The log of an SQLite store: position, stream, version, type and state of each event."""
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
        ).fetchall()


def assert_every_stream_whole(log: list[tuple[int, str, int, str, bytes]]) -> None:
    """Each stream's versions run 1, 2, … n in log order, with none missing."""
    versions: dict[str, list[int]] = defaultdict(list)
    for _, stream, version, _, _ in log:
        versions[stream].append(version)
    assert all(found == list(range(1, len(found) + 1)) for found in versions.values())


def write_while(base: str, headers: dict[str, str], organ: str, stop: threading.Event, acknowledged: list[str]) -> None:
    """Register applications through the served API until stopped; the text of each one acknowledged."""
    with httpx.Client(base_url=base, timeout=60, headers=headers) as client:
        for _ in range(500):
            if stop.is_set():
                return
            text = f"t{uuid.uuid4().hex}"
            response = client.post(API, json=application(organ=organ, information_requested=text))
            assert response.status_code == 201, response.text
            acknowledged.append(text)


def test_a_backup_taken_while_the_server_writes_restores_a_whole_log_that_serves_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "gongkai.sqlite3"
    url = f"sqlite:///{store}"
    clock = FixedClock()
    clock.set_business_day(START)
    gongkai = build(url, clock=clock)
    organ = unique("organ")
    _, token = gongkai.staff.add("王敏", (Role.CLERK,), SYSTEM)
    headers = {"Authorization": f"Bearer {token}"}
    backups: list[Path] = []
    acknowledged_before: list[set[str]] = []
    try:
        with served(gongkai) as base:
            stop, acknowledged = threading.Event(), list[str]()
            arguments = (base, headers, organ, stop, acknowledged)
            writers = [threading.Thread(target=write_while, args=arguments) for _ in range(WRITERS)]
            for writer in writers:
                writer.start()
            try:
                for number in range(3):
                    while len(acknowledged) < 20 * (number + 1):
                        threading.Event().wait(0.01)
                    acknowledged_before.append(set(acknowledged))
                    backups.append(tmp_path / f"backup-{number}.sqlite3")
                    assert main(["backup", "--database", url, "--out", str(backups[-1])]) == 0
            finally:
                stop.set()
                for writer in writers:
                    writer.join()
        source = rows(store)
    finally:
        gongkai.close()

    for backup, before in zip(backups, acknowledged_before, strict=True):
        log = rows(backup)
        assert log == source[: len(log)]  # the log as it stood at one moment
        assert_every_stream_whole(log)
        texts = {json.loads(state).get("information_requested") for *_, state in log}
        assert before <= texts

    restored = tmp_path / "restored.sqlite3"
    restored_url = f"sqlite:///{restored}"
    assert main(["restore", "--database", restored_url, str(backups[-1])]) == 0
    assert main(["rebuild", "all", "--database", restored_url]) == 0
    log = rows(restored)
    assert log == rows(backups[-1])
    received = [json.loads(state) for *_, topic, state in log if topic.endswith(".received")]
    registered = sum(event.get("organ") == organ for event in received)
    again = build(restored_url, clock=clock)
    try:
        with TestClient(create_app(again)) as client:
            page = client.get(API, params={"organ": organ}, headers=headers).json()
        assert page["total"] == registered > 0
    finally:
        again.close()
    capsys.readouterr()


def test_restore_is_refused_while_a_server_serves_the_store_and_keeps_the_store_it_replaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    gongkai = build(url)
    try:
        gongkai.staff.add("王敏", (Role.CLERK,), SYSTEM)
        assert main(["backup", "--database", url, "--out", str(tmp_path / "backup.sqlite3")]) == 0
        with TestClient(create_app(gongkai)):
            assert main(["restore", "--database", url, str(tmp_path / "backup.sqlite3")]) == 2
            assert "a server is serving" in capsys.readouterr().err
        gongkai.staff.add("刘洋", (Role.CLERK,), SYSTEM)
        after_backup = gongkai.store.last_position()
    finally:
        gongkai.close()
    assert main(["restore", "--database", url, str(tmp_path / "backup.sqlite3")]) == 0
    [aside] = tmp_path.glob("gongkai.sqlite3.before-restore-*[0-9]Z")
    assert rows(aside)[-1][0] == after_backup
    assert rows(tmp_path / "gongkai.sqlite3")[-1][0] < after_backup
    assert (tmp_path / "backup.sqlite3.applicant-secret").read_bytes() == (
        tmp_path / "gongkai.sqlite3.applicant-secret"
    ).read_bytes()


def test_backup_refuses_postgresql_and_a_file_in_the_way(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--database", postgres_url, "--out", str(tmp_path / "b.sqlite3")]) == 2
    assert "pg_dump" in capsys.readouterr().err
    url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    build(url).close()
    (tmp_path / "taken").write_text("something else")
    assert main(["backup", "--database", url, "--out", str(tmp_path / "taken")]) == 2
    assert "exists already" in capsys.readouterr().err
    assert (tmp_path / "taken").read_text() == "something else"
