"""`gongkai rebuild open_days` drops the open-day worklist and builds it again from the log."""

from __future__ import annotations

import asyncio
from pathlib import Path

from adapters.bootstrap import build
from adapters.cli import main
from application.open_day_worklist import OpenDayWorklistQuery
from domain.actors import Role
from domain.open_day import commands as cmd
from tests.domain.open_day_builders import planning, shanghai
from tests.support import FixedClock, credential


def test_the_open_day_worklist_is_rebuilt_from_the_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    organiser = credential(Role.ORGANISER)
    clock = FixedClock(shanghai(5, 10))
    gongkai = build(url, clock=clock)
    try:
        saved = gongkai.open_days.plan(planning(), organiser)
        gongkai.open_days.execute(saved.state.id, cmd.OpenRegistration(), organiser)
    finally:
        gongkai.close()
    assert main(["rebuild", "open_days", "--database", url]) == 0
    gongkai = build(url, clock=clock)

    async def listed() -> list[tuple[str, str | None]]:
        try:
            calendar = gongkai.calendar.current()
            page = await gongkai.open_day_worklist.query(
                OpenDayWorklistQuery(), calendar, clock.now().date(), organiser
            )
            return [(str(i.state.id), i.next_step) for i in page.items]
        finally:
            await gongkai.aclose()

    assert asyncio.run(listed()) == [(str(saved.state.id), "close registration")]
