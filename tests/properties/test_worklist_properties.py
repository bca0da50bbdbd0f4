"""The worklist's page, filtered, sorted and cut by the database on each store, is the page a clerk would count by
hand: reply due 20 working days after receipt (R-REQ-REPLY, counted by the oracle), overdue when open and past it,
due within N working days when open and due from today through the N-th working day, soonest due first."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.bootstrap import Gongkai, build
from application.worklist import WorklistQuery
from domain.actors import Role
from domain.disclosure_request import events as ev
from domain.disclosure_request.values import Outcome, OutcomeCategory
from tests.contract.test_worklist_rows import received
from tests.properties.disclosure_request_oracle import REPLY_WD, nth_working_day
from tests.support import FixedClock, actor, credential, unique

TODAY = date(2026, 11, 30)
Case = tuple[date, bool, str]
"""A case: its receipt date, whether it has been replied to, its department."""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def bureau(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gongkai]:
    """One store for all examples (each example its own organ)."""
    if request.param == "sqlite":
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('worklist')) / 'gongkai.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    clock = FixedClock()
    clock.set_business_day(TODAY)
    gongkai = build(url, clock=clock)
    yield gongkai
    gongkai.close()


cases = st.lists(
    st.tuples(
        # Mostly received within weeks of today's deadline, so due dates fall on today and on the horizon often.
        st.dates(date(2026, 10, 28), date(2026, 11, 4))  # due around today
        | st.dates(date(2026, 11, 1), date(2026, 12, 31))
        | st.dates(date(2025, 10, 1), date(2026, 12, 31)),
        st.booleans(),
        st.sampled_from(["就业促进科", "社会保险科"]),
    ),
    min_size=1,
    max_size=25,
)


def replied(event: ev.Received) -> ev.Replied:
    """The reply to an application, the day after it arrived."""
    return ev.Replied(
        originator_id=event.originator_id, originator_version=2, timestamp=event.timestamp,
        actor=actor(Role.CLERK), replied_on=event.receipt_date + timedelta(days=1),
        outcome=Outcome(OutcomeCategory.DISCLOSED),
    )  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    cases=cases,
    overdue=st.none() | st.booleans(),
    within=st.none() | st.integers(1, 40),
    department=st.none() | st.just("就业促进科"),
    page_size=st.integers(1, 30),
)
def test_a_worklist_page_is_the_page_a_clerk_would_count_by_hand(
    bureau: Gongkai, cases: list[Case], overdue: bool | None, within: int | None, department: str | None, page_size: int
) -> None:
    organ = unique("闵行区")
    arrived = [(received(day, organ=organ, department=dept), closed) for day, closed, dept in cases]
    bureau.store.append([e for r, closed in arrived for e in ([r, replied(r)] if closed else [r])])

    def due(r: ev.Received) -> date:
        return nth_working_day(r.receipt_date, REPLY_WD)

    horizon = nth_working_day(TODAY, within) if within else None
    wanted = [
        r
        for r, closed in arrived
        if (department is None or r.department == department)
        and (overdue is None or overdue == (not closed and due(r) < TODAY))
        and (horizon is None or (not closed and TODAY <= due(r) <= horizon))
    ]
    wanted.sort(key=lambda r: (due(r), r.receipt_date, str(r.originator_id)))

    async def page() -> tuple[list[UUID], int]:
        try:
            query = WorklistQuery((), organ, department, overdue, within, 1, page_size)
            found = await bureau.worklist.query(query, bureau.calendar.current(), TODAY, credential(Role.CLERK))
            return [item.state.id for item in found.items], found.total
        finally:
            await bureau.close_read_side()  # its pools belong to this example's loop

    ids, total = asyncio.run(page())
    assert total == len(wanted)
    assert ids == [r.originator_id for r in wanted[:page_size]]
