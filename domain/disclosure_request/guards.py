"""What the decisions on a disclosure request share: the table of deciders and the checks of where a case stands."""

from __future__ import annotations

from datetime import date

from domain.deciding import Deciders
from domain.disclosure_request.state import DisclosureRequest
from domain.disclosure_request.values import Status
from domain.errors import StepOutOfOrder

DECIDERS = Deciders[DisclosureRequest]()
"""Each rule family's module registers its commands here."""


def require_open(state: DisclosureRequest) -> None:
    """Refuse a step on a case already replied to or closed."""
    if not state.is_open:
        raise StepOutOfOrder(f"the request is {state.status}; it takes no more steps of this kind")


def require_clock_running(state: DisclosureRequest) -> None:
    """Refuse a step that needs the reply clock to run: not while a correction is awaited."""
    require_open(state)
    if state.status is Status.AWAITING_CORRECTION:
        raise StepOutOfOrder("the request awaits correction", code="R-REQ-CORRECT")


def period_start(state: DisclosureRequest) -> date:
    """The day the reply period runs from: receipt, or the corrected application's arrival (R-REQ-CORRECT)."""
    return state.corrected_on or state.receipt_date
