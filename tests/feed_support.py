"""For tests of the event feed's consumers: applications written from threads while they follow, the log's own
positions to compare with, and readers' tokens."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapters.bootstrap import Gongkai
from domain.actors import SYSTEM, Role
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import ApplicantType, Channel
from domain.personal_data import PersonalData
from tests.support import credential, unique


def receive(gongkai: Gongkai, organ: str) -> int:
    """Register one application through the use case (two events: the application and its number); the position."""
    command = cmd.ReceiveRequest(
        request_id=uuid.uuid4(), organ=organ, department="就业促进科", channel=Channel.IN_PERSON,
        arrived_at=datetime.now(UTC), confirmed_on=None, applicant=PersonalData(name="陈静", phone="13800000000"),
        applicant_type=ApplicantType.NATURAL_PERSON, information_requested="2024年度本区社会保险补贴发放情况",
    )  # fmt: skip
    return gongkai.requests.receive(command, credential(Role.CLERK)).position


@contextmanager
def writing(gongkai: Gongkai, threads: int, each: int | None = None) -> Iterator[threading.Event]:
    """`threads` threads each registering applications (an organ each: an organ's register is one stream), `each`
    of them or until the event yielded is set; on leaving, the threads are stopped and waited for."""
    failures: list[BaseException] = []
    stop = threading.Event()

    def write() -> None:
        organ = unique("闵行区人社局")
        written = 0
        try:
            while not stop.is_set() and (each is None or written < each):
                receive(gongkai, organ)
                written += 1
        except BaseException as error:  # reported by the test, not lost in a thread
            failures.append(error)

    workers = [threading.Thread(target=write, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    try:
        yield stop
    finally:
        stop.set()
        for worker in workers:
            worker.join()
    assert failures == [], failures


def token(gongkai: Gongkai, role: Role = Role.INTEGRATOR) -> str:
    """A new reader's token."""
    return gongkai.staff.add(unique("门户"), (role,), SYSTEM)[1]


def log_positions(gongkai: Gongkai) -> list[int]:
    """Every position of the log, as the event store itself reads it."""
    positions: list[int] = []
    while batch := gongkai.store.read_log(positions[-1] if positions else 0, 1000):
        positions += [logged.position for logged in batch]
    return positions


def printed(path: Path) -> list[dict[str, Any]]:
    """The envelopes a follower printed, one JSON object a line (a last line cut short by a kill is left out)."""
    lines = path.read_bytes().split(b"\n")
    return [json.loads(line) for line in lines[:-1] if line]
