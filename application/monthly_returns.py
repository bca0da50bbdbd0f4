"""An organ's monthly returns (月报) for the annual report's table 2: a department's count of licensing, penalty and
enforcement decisions, and the organ's fee income, entered by the disclosure office month by month."""

from __future__ import annotations

from datetime import date

from application.calendar import Contexts
from application.errors import NotFound
from application.permissions import Operation, acting
from application.ports import EventStore
from application.saving import Decision, after, decide_and_save
from application.streams import MONTHLY_RETURN
from domain.monthly_return import CountDecisions, MonthlyReturn, RecordFeeIncome, decide, return_id
from domain.staff import Credential

ENTRY_ATTEMPTS = 10
"""A month's return is one stream that each department's clerk may write at the start of the next month: enough
attempts that clerks entering different departments' figures at the same moment never refuse each other (the same
figure entered twice at once is still decided on what the other entered: a correction then needs its reason)."""


class MonthlyReturns:
    """Enters figures in an organ's return for a month, and reads a return."""

    def __init__(self, store: EventStore, contexts: Contexts) -> None:
        self._store = store
        self._contexts = contexts

    def enter(
        self, credential: Credential, organ: str, month: date, command: CountDecisions | RecordFeeIncome
    ) -> tuple[MonthlyReturn, int]:
        """Enter (or correct) one figure of the organ's return for the month; the return after it and its position."""
        actor = acting(credential, Operation.ENTER_MONTHLY_RETURN)

        def decide_it() -> Decision:
            state = self._state(organ, month)
            event = decide(state, organ, month, command, self._contexts.for_actor(actor, organ))
            return Decision([event], [(MONTHLY_RETURN, after(MONTHLY_RETURN, state, [event]))])

        position, decision = decide_and_save(self._store, decide_it, ENTRY_ATTEMPTS)
        saved: MonthlyReturn = decision.states[0][1]
        return saved, position

    def get(self, credential: Credential, organ: str, month: date) -> MonthlyReturn:
        """The organ's return for the month as it stands; NotFound when nothing was entered for it."""
        acting(credential, Operation.READ_ANNUAL_REPORT)
        state = self._state(organ, month)
        if state is None:
            raise NotFound(f"nothing was entered for {organ!r} for {month:%Y-%m}")
        return state

    def _state(self, organ: str, month: date) -> MonthlyReturn | None:
        try:
            state: MonthlyReturn = self._store.load(MONTHLY_RETURN, return_id(organ, month))
        except NotFound:
            return None
        return state
