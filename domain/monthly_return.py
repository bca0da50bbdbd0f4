"""An organ's monthly return (月报) for the annual report's table 2 (R-REPORT): how many licensing, penalty and
enforcement decisions each department made in a month, where they are not published one by one, and the organ's
administrative fee income (行政事业性收费) of the month, in yuan. One stream per organ and month; a figure entered
again for the same department and kind (or the fee income again) is a correction, with its reason, and the later
one stands."""

from __future__ import annotations

import enum
import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from domain.annual_report import FIRST_YEAR
from domain.context import Context
from domain.deciding import not_blank
from domain.document.values import DocumentKind
from domain.errors import InvalidValue, StepOutOfOrder
from domain.events import DomainEvent

PREFIX = "monthly_return."
_NAMESPACE = UUID("0b7c1e5a-3d92-4f61-8a0e-5c2b9d7f4e13")
FIRST_MONTH = date(FIRST_YEAR, 1, 1)
"""The first month of the first year a report is for."""
MOST_DECISIONS = 10_000_000
"""More decisions than one department makes in a month: a typo, refused."""
MOST_YUAN = Decimal("100000000000")
"""More fee income than an organ takes in a month (a hundred billion yuan): a typo, refused."""
FEN = Decimal("0.01")


class DecisionKind(enum.StrEnum):
    """The decisions table 2 counts."""

    LICENSING = "licensing"
    """行政许可"""
    PENALTY = "penalty"
    """行政处罚"""
    ENFORCEMENT = "enforcement"
    """行政强制"""

    @property
    def document_kind(self) -> DocumentKind:
        """The kind of document such a decision is when published one by one."""
        return _DOCUMENT_KINDS[self]


_DOCUMENT_KINDS = {
    DecisionKind.LICENSING: DocumentKind.LICENSING_DECISION,
    DecisionKind.PENALTY: DocumentKind.PENALTY_DECISION,
    DecisionKind.ENFORCEMENT: DocumentKind.ENFORCEMENT_DECISION,
}


def return_id(organ: str, month: date) -> UUID:
    """The stream of an organ's return for a month (one per organ and month, whoever enters it)."""
    return uuid.uuid5(_NAMESPACE, f"{organ}\x00{month:%Y-%m}")


@attrs.frozen(kw_only=True)
class DecisionsCounted(DomainEvent):
    """A department's decisions of one kind in a month: all of them, those published one by one included."""

    type_name = PREFIX + "decisions_counted"
    public_fields = frozenset({"organ", "month", "department", "kind", "count"})
    organ: str
    month: date
    """The month's first day."""
    department: str
    kind: DecisionKind
    count: int
    reason: str
    """Why an earlier count is corrected; empty for the first."""


@attrs.frozen(kw_only=True)
class FeeIncomeRecorded(DomainEvent):
    """The organ's administrative fee income of a month, in yuan to the fen."""

    type_name = PREFIX + "fee_income_recorded"
    public_fields = frozenset({"organ", "month", "yuan"})
    organ: str
    month: date
    yuan: Decimal
    reason: str
    """Why an earlier amount is corrected; empty for the first."""


EVENT_TYPES: tuple[type[DomainEvent], ...] = (DecisionsCounted, FeeIncomeRecorded)


@attrs.frozen(kw_only=True)
class CountDecisions:
    """Enter how many decisions of a kind a department made in the month."""

    department: str
    kind: DecisionKind
    count: int
    reason: str = ""


@attrs.frozen(kw_only=True)
class RecordFeeIncome:
    """Enter the organ's administrative fee income of the month, in yuan."""

    yuan: Decimal
    reason: str = ""


@attrs.frozen
class MonthlyReturn:
    """An organ's return for a month, as last corrected."""

    id: UUID
    version: int
    organ: str
    month: date
    decisions: tuple[tuple[str, DecisionKind, int], ...] = ()
    """(department, kind, count), in the order first entered."""
    yuan: Decimal | None = None

    def count_of(self, department: str, kind: DecisionKind) -> int | None:
        """The count entered for a department and kind, or None."""
        return next((n for d, k, n in self.decisions if (d, k) == (department, kind)), None)


def evolve(state: MonthlyReturn | None, event: DomainEvent) -> MonthlyReturn:
    """The return after one more entry."""
    if not isinstance(event, DecisionsCounted | FeeIncomeRecorded):
        raise TypeError(f"no fold for {event.type_name}")
    if state is None:
        state = MonthlyReturn(event.originator_id, event.originator_version, event.organ, event.month)
    state = attrs.evolve(state, version=event.originator_version)
    if isinstance(event, FeeIncomeRecorded):
        return attrs.evolve(state, yuan=event.yuan)
    key = (event.department, event.kind)
    if state.count_of(*key) is None:
        return attrs.evolve(state, decisions=(*state.decisions, (*key, event.count)))
    decisions = tuple((d, k, event.count if (d, k) == key else n) for d, k, n in state.decisions)
    return attrs.evolve(state, decisions=decisions)


def month_of(text: str) -> date:
    """A month written `YYYY-MM`, as its first day; InvalidValue naming `month` otherwise."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", text, re.ASCII) is None:
            raise ValueError(text)
        return date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        raise InvalidValue(f"month {text!r} is not a month written YYYY-MM, e.g. 2025-03", field="month") from None


def decide(
    state: MonthlyReturn | None, organ: str, month: date, command: CountDecisions | RecordFeeIncome, ctx: Context
) -> DomainEvent:
    """The entry a command makes in the organ's return for the month, or a refusal naming the field or the rule."""
    not_blank(organ, "organ")
    _check_month(month, ctx)
    reason = command.reason.strip()
    base: dict[str, Any] = {
        "originator_id": return_id(organ, month),
        "originator_version": (state.version if state else 0) + 1,
        "timestamp": ctx.now,
        "actor": ctx.actor,
        "organ": organ,
        "month": month,
        "reason": reason,
    }
    if isinstance(command, RecordFeeIncome):
        yuan = _checked_yuan(command.yuan)
        _check_correction(state.yuan if state else None, yuan, reason, f"the fee income of {month:%Y-%m}")
        return FeeIncomeRecorded(**base, yuan=yuan)
    not_blank(command.department, "department")
    if not 0 <= command.count <= MOST_DECISIONS:
        raise InvalidValue(f"count is from 0 to {MOST_DECISIONS:,}", field="count")
    department = command.department.strip()
    earlier = state.count_of(department, command.kind) if state else None
    what = f"{department}'s {command.kind} decisions of {month:%Y-%m}"
    _check_correction(earlier, command.count, reason, what)
    return DecisionsCounted(**base, department=department, kind=command.kind, count=command.count)


def _check_month(month: date, ctx: Context) -> None:
    """A month's figures are entered once it has ended: a count made while it runs would be frozen short."""
    if month.day != 1:
        raise InvalidValue(f"a month is given by its first day, not {month}", field="month")
    this_month = ctx.today.replace(day=1)
    if month >= this_month:
        raise InvalidValue(f"{month:%Y-%m} has not ended: its return is entered from {_next(month)}", field="month")
    if month < FIRST_MONTH:
        raise InvalidValue(f"a return is for a month from {FIRST_MONTH:%Y-%m}", field="month")


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _checked_yuan(yuan: Decimal) -> Decimal:
    if not yuan.is_finite() or yuan < 0 or yuan > MOST_YUAN:
        raise InvalidValue(f"yuan is an amount from 0 to {MOST_YUAN:,}", field="yuan")
    if yuan != yuan.quantize(FEN):
        raise InvalidValue("yuan is to the fen: at most two decimal places", field="yuan")
    return abs(yuan.quantize(FEN))  # -0.00 is 0.00


def _check_correction(earlier: object, now: object, reason: str, what: str) -> None:
    """The first figure needs no reason; a different one later is a correction and states why."""
    if earlier is None:
        return
    if earlier == now:
        raise StepOutOfOrder(f"{what}: {earlier} is entered already", code="R-REPORT")
    if not reason:
        raise InvalidValue(f"{what}: {earlier} is entered already; a correction states its reason", field="reason")
