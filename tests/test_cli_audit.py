"""`gongkai audit verify | digest`: exit 0 and one line when the log is intact, 1 naming the first problem, 2 when it
cannot run as asked; the digest to publish, and its proof later."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.bootstrap import build
from adapters.cli import main
from adapters.persistence.audited_log import audited_log
from application.audit_chain import Link
from application.audit_verify import log_head
from domain.actors import SYSTEM, Role
from tests.audit_support import ByHand


@pytest.fixture
def store(empty_store_url: str) -> Iterator[str]:
    """A store with its seed events and two people on the staff, closed."""
    gongkai = build(empty_store_url)
    try:
        for name in ("王敏", "李娜"):
            gongkai.staff.add(name, (Role.CLERK,), SYSTEM)
    finally:
        gongkai.close()
    yield empty_store_url


def head(url: str) -> Link:
    """The log's newest chain row."""
    by_hand = ByHand(url)
    with audited_log(by_hand.url) as log:
        return log_head(log)


def add_someone(url: str) -> None:
    """One more person on the staff, through the application."""
    gongkai = build(url)
    try:
        gongkai.staff.add("张伟", (Role.CLERK,), SYSTEM)
    finally:
        gongkai.close()


def test_verify_of_an_intact_log_exits_0_with_one_line_naming_the_head(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--database", store]) == 0
    out, err = capsys.readouterr()
    events = len(ByHand(store).positions())
    newest = head(store)
    assert out.splitlines() == [out.strip()]
    assert out.startswith(f"intact: {events} events checked from the chain's start in ")
    assert out.strip().endswith(f"; head {newest.position} {newest.digest.hex()}")
    assert f"100% {newest.position}/{newest.position}" in err  # the progress bar


def test_digest_prints_the_position_and_digest_of_the_head_plain_or_as_json(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    newest = head(store)
    assert main(["audit", "digest", "--database", store]) == 0
    assert capsys.readouterr().out == f"{newest.position} {newest.digest.hex()}\n"
    assert main(["audit", "digest", "--json", "--database", store]) == 0
    assert json.loads(capsys.readouterr().out) == {"position": newest.position, "digest": newest.digest.hex()}


def test_verify_exits_1_naming_the_position_stream_version_and_what_happened(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    by_hand = ByHand(store)
    position = by_hand.positions()[-2]
    event = by_hand.event(position)
    by_hand.run("UPDATE {events} SET state = ? WHERE {position} = ?", event.state.replace(b"}", b" }", 1), position)

    assert main(["audit", "verify", "--database", store]) == 1
    line = capsys.readouterr().out.strip()
    assert line.startswith(
        f"NOT INTACT at position {position} (stream {event.originator_id}, version {event.originator_version}): "
        "an event was altered: "
    )


def test_verify_exits_1_naming_an_event_whose_row_is_gone(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    by_hand = ByHand(store)
    position = by_hand.positions()[-2]
    by_hand.run("DELETE FROM {events} WHERE {position} = ?", position)

    assert main(["audit", "verify", "--database", store]) == 1
    assert capsys.readouterr().out.startswith(
        f"NOT INTACT at position {position} (stream and version unknown: the event's row is gone): "
        "an event was removed: "
    )


def test_a_digest_published_earlier_proves_the_log_up_to_it_until_something_before_it_changes(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "digest", "--database", store]) == 0
    published = capsys.readouterr().out.strip().replace(" ", ":")
    add_someone(store)

    assert main(["audit", "verify", "--digest", published, "--database", store]) == 0
    position = published.split(":")[0]
    assert f"the log up to position {position} is the one its published digest stands for" in capsys.readouterr().out

    by_hand = ByHand(store)
    changed = by_hand.positions()[1]
    event = by_hand.event(changed)
    by_hand.run("UPDATE {events} SET topic = ? WHERE {position} = ?", event.topic + "x", changed)
    assert main(["audit", "verify", "--digest", published, "--database", store]) == 1
    assert capsys.readouterr().out.startswith(f"NOT INTACT at position {changed} ")


def test_verify_from_a_position_trusts_its_digest_and_says_so(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    start = ByHand(store).positions()[-3]
    assert main(["audit", "verify", "--from", str(start), "--database", store]) == 0
    assert capsys.readouterr().out.startswith(
        f"intact: 2 events checked after position {start} (its stored digest trusted) in "
    )


def test_verify_from_a_position_with_no_chain_row_is_refused(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--from", "99999", "--database", store]) == 2
    assert "no chain row at position 99999" in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments", [["--digest", "12:abc"], ["--digest", "12"], ["--from", "0"], ["--from", "first"]]
)
def test_arguments_that_are_not_positions_or_digests_are_refused_with_usage(
    arguments: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["audit", "verify", *arguments, "--database", f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"])
    assert exited.value.code == 2
    assert "usage: gongkai audit verify" in capsys.readouterr().err


def test_a_store_that_is_not_there_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing.sqlite3"
    assert main(["audit", "verify", "--database", f"sqlite:///{missing}"]) == 2
    assert main(["audit", "digest", "--database", f"sqlite:///{missing}"]) == 2
    assert "there is no store at" in capsys.readouterr().err
    assert not missing.exists()  # an audit writes nothing, not even an empty file
