"""What the tests of personal data share: an application with unique personal details, and a search of every row of
every table of a store for a text."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from datetime import date, datetime

import psycopg

from adapters.bootstrap import Gongkai, build
from adapters.persistence.database import DatabaseURL
from application.disclosure_requests import Saved
from domain.actors import Role
from domain.calendar import SHANGHAI
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import ApplicantType, Channel, ConsultedParty, ContactKind
from domain.personal_data import PersonalData
from tests.support import FixedClock, credential, unique

START = date(2025, 3, 3)
CLERK = credential(Role.CLERK)
HEAD = credential(Role.OFFICE_HEAD)


def details(id_number: str | None = None) -> PersonalData:
    """An applicant whose name, phone and identity number no other test uses."""
    tag = uuid.uuid4().hex[:10]
    return PersonalData(
        name=f"陈静{tag}",
        phone=f"138{tag}",
        id_number=id_number or f"31010119900101{tag[:4]}",
        address=f"闵行区某路{tag}号",
        email=f"{tag}@example.cn",
    )


def opened(url: str, seal: bool = True) -> Gongkai:
    """gongkai on a store, its clock at 10:00 on the start day (a Monday)."""
    clock = FixedClock()
    clock.set_business_day(START)
    return build(url, clock=clock, seal_personal_data=seal)


def receive(gongkai: Gongkai, applicant: PersonalData, organ: str | None = None, items: int = 1) -> Saved:
    """Register an application handed in at 09:30 on the start day."""
    command = cmd.ReceiveRequest(
        request_id=uuid.uuid4(),
        organ=organ or unique("organ"),
        department="社会保险科",
        channel=Channel.IN_PERSON,
        arrived_at=datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI),
        confirmed_on=None,
        applicant=applicant,
        applicant_type=ApplicantType.NATURAL_PERSON,
        information_requested="2024年度本区社会保险补贴发放情况",
        items=items,
    )
    return gongkai.requests.receive(command, CLERK)


def consult(gongkai: Gongkai, saved: Saved, third_party: PersonalData) -> Saved:
    """Consult a third party about the case."""
    command = cmd.StartConsultation(
        party=ConsultedParty.THIRD_PARTY, subject="是否同意公开", letter_sent_on=START, third_party=third_party
    )
    return gongkai.requests.execute(saved.request_id, command, CLERK)


def contact(gongkai: Gongkai, saved: Saved, summary: str = "电话沟通") -> Saved:
    """Record a call with the applicant."""
    command = cmd.RecordContact(
        kind=ContactKind.CALL, occurred_at=datetime(2025, 3, 3, 9, 45, tzinfo=SHANGHAI), summary=summary
    )
    return gongkai.requests.execute(saved.request_id, command, CLERK)


def catch_up_and_close(gongkai: Gongkai) -> None:
    """Bring every read model up to the log's head, then release the store."""

    async def run() -> None:
        try:
            for runner in gongkai.runners:
                await runner.catch_up()
        finally:
            await gongkai.aclose()

    asyncio.run(run())


def rows_holding(url: str, text: str) -> list[str]:
    """Every table of the store (the log, snapshots, read models, keys) with a row holding `text`, as stored: bytes
    read as UTF-8, everything else as its text."""
    found: list[str] = []
    database = DatabaseURL.parse(url)
    if database.kind == "sqlite":
        with sqlite3.connect(database.path) as conn:
            tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                if any(_holds(row, text) for row in conn.execute(f'SELECT * FROM "{table}"')):
                    found.append(table)
        return found
    with psycopg.connect(database.dsn()) as conn:
        query = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        for (table,) in conn.execute(query).fetchall():
            if any(_holds(row, text) for row in conn.execute(f'SELECT * FROM "{table}"')):
                found.append(table)
    return found


def _holds(row: tuple[object, ...], text: str) -> bool:
    for value in row:
        shown = bytes(value).decode("utf-8", "replace") if isinstance(value, bytes | memoryview) else str(value)
        if text in shown:
            return True
    return False
