"""Clerks of several departments enter one month's return at the same moment, on both stores (R-REPORT): every figure
is recorded, nobody is refused for another department's entry; the same figure entered twice at once is decided on
what the other entered."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from adapters.bootstrap import Gongkai, build
from domain.actors import Role
from domain.errors import DomainError
from domain.monthly_return import CountDecisions, DecisionKind
from tests.support import FixedClock, credential, unique

CLERK = credential(Role.CLERK)
FEBRUARY = date(2025, 2, 1)


@pytest.fixture
def gongkai(database_url: str) -> Iterator[Gongkai]:
    """The application on each store, with the clock on Monday 3 March 2025 (February has ended)."""
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 3))
    core = build(database_url, clock=clock)
    try:
        yield core
    finally:
        core.close()


def test_departments_entering_one_months_return_at_once_never_refuse_each_other(gongkai: Gongkai) -> None:
    organ = unique("闵行区人社局")

    def enter(number: int) -> int:
        command = CountDecisions(department=f"第{number}科", kind=DecisionKind.LICENSING, count=number)
        saved, _ = gongkai.monthly_returns.enter(CLERK, organ, FEBRUARY, command)
        return saved.version

    with ThreadPoolExecutor(max_workers=8) as clerks:
        list(clerks.map(enter, range(1, 9)))
    entered = gongkai.monthly_returns.get(CLERK, organ, FEBRUARY)
    assert entered.version == 8
    assert sorted(count for _, _, count in entered.decisions) == list(range(1, 9))


def test_the_same_figure_entered_twice_at_once_is_recorded_once(gongkai: Gongkai) -> None:
    organ = unique("闵行区人社局")
    command = CountDecisions(department="劳动保障监察大队", kind=DecisionKind.PENALTY, count=5)

    def enter(_: int) -> str:
        try:
            gongkai.monthly_returns.enter(CLERK, organ, FEBRUARY, command)
        except DomainError as refused:
            return refused.code
        return "entered"

    with ThreadPoolExecutor(max_workers=4) as clerks:
        outcomes = sorted(clerks.map(enter, range(4)))
    assert outcomes == ["R-REPORT"] * 3 + ["entered"]  # the others find it entered already
    assert gongkai.monthly_returns.get(CLERK, organ, FEBRUARY).version == 1
