"""/api/v1/monthly-returns: an organ's monthly return (月报) for the annual report's table 2 — a department's count of
licensing, penalty and enforcement decisions in a month, and the organ's fee income of the month in yuan."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import attrs
from litestar import Controller, get, post
from litestar.params import JSONBody, PathParameter

from adapters.http.markers import Caller, Core, text_path
from domain.monthly_return import CountDecisions, DecisionKind, MonthlyReturn, RecordFeeIncome, month_of

MONTH_PATTERN = r"^(200[89]|20[1-9][0-9])-(0[1-9]|1[0-2])$"
"""A month, YYYY-MM, from 2008 (no report is for an earlier year) to 2099: narrower than any text without NUL."""
MONTH = PathParameter(
    max_length=7,
    pattern=MONTH_PATTERN,
    description="the month, written YYYY-MM (e.g. 2025-03), from 2008-01; one that has ended",
)
ORGAN = text_path("organ", "the organ whose return it is, as its documents and applications name it")
STEP = {"sync_to_thread": True, "problems": (422,)}


@attrs.frozen
class DecisionCountOut:
    """A department's count of one kind of decision in the month, as last corrected."""

    department: str
    kind: DecisionKind
    count: int


@attrs.frozen
class MonthlyReturnOut:
    """An organ's return for a month, as it stands."""

    organ: str
    month: str
    """YYYY-MM."""
    version: int
    """How many entries and corrections it has had."""
    decisions: tuple[DecisionCountOut, ...]
    """Each department's count of each kind of decision entered, in the order first entered."""
    fee_income_yuan: Decimal | None
    """The organ's administrative fee income of the month in yuan, exact (a decimal written as text); null when
    none was entered."""
    position: int | None = None
    """The log position of the entry just made (for a read that must reflect it); null on a plain read."""

    @classmethod
    def of(cls, state: MonthlyReturn, position: int | None = None) -> MonthlyReturnOut:
        return cls(
            organ=state.organ,
            month=f"{state.month:%Y-%m}",
            version=state.version,
            decisions=tuple(DecisionCountOut(department=d, kind=k, count=n) for d, k, n in state.decisions),
            fee_income_yuan=state.yuan,
            position=position,
        )


class MonthlyReturnController(Controller):
    """月报: the figures table 2 of the annual report counts that are not documents (R-REPORT)."""

    path = "/api/v1/monthly-returns"
    tags = ("annual report",)

    @get("/{organ:str}/{month:str}", operation_id="getMonthlyReturn", problems=(404,), sync_to_thread=True)
    def read(
        self, gongkai: Core, credential: Caller, organ: Annotated[str, ORGAN], month: Annotated[str, MONTH]
    ) -> MonthlyReturnOut:
        """The organ's return for the month as it stands; 404 when nothing was entered for it."""
        return MonthlyReturnOut.of(gongkai.monthly_returns.get(credential, organ, month_of(month)))

    @post("/{organ:str}/{month:str}/decisions", operation_id="countDecisions", status_code=200, **STEP)
    def count_decisions(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, ORGAN],
        month: Annotated[str, MONTH],
        data: JSONBody[CountDecisions],
    ) -> MonthlyReturnOut:
        """How many licensing, penalty or enforcement decisions a department made in the month: all of them, those
        published one by one included (the count replaces them in table 2). Entered again, it is a correction and
        states its reason."""
        return MonthlyReturnOut.of(*gongkai.monthly_returns.enter(credential, organ, month_of(month), data))

    @post("/{organ:str}/{month:str}/fee-income", operation_id="recordFeeIncome", status_code=200, **STEP)
    def fee_income(
        self,
        gongkai: Core,
        credential: Caller,
        organ: Annotated[str, ORGAN],
        month: Annotated[str, MONTH],
        data: JSONBody[RecordFeeIncome],
    ) -> MonthlyReturnOut:
        """The organ's administrative fee income (行政事业性收费) of the month, in yuan to the fen, as a decimal written
        as text ("12345.60"). Entered again, it is a correction and states its reason."""
        return MonthlyReturnOut.of(*gongkai.monthly_returns.enter(credential, organ, month_of(month), data))
