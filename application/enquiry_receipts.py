"""反馈: an asker looks up their question by the receipt code they were given, without a token, and reads where it
stands and, once given, the reply. The code is the only key: the records keep its digest, never the code."""

from __future__ import annotations

from datetime import date

import anyio.to_thread
import attrs

from application.calendar import CalendarBook
from application.enquiry_list import RecordStore
from application.enquiry_queues import EnquiryQueues, receipt_digest
from application.errors import NotFound
from application.ports import EventStore
from application.settings import Settings
from application.streams import POLICY_ENQUIRY
from domain.policy_enquiry.deadlines import reply_due
from domain.policy_enquiry.state import PolicyEnquiry
from domain.policy_enquiry.values import EnquiryStatus


@attrs.frozen
class Receipt:
    """What the asker is shown of their question: never who asked, nor the departments' own answers."""

    receipt_date: date
    status: EnquiryStatus
    reply_due: date
    reply_due_provisional: bool
    replied_on: date | None
    reply: str | None
    published: bool


class Receipts:
    """Looks questions up by their receipt codes."""

    def __init__(
        self,
        queues: EnquiryQueues,
        records: RecordStore,
        events: EventStore,
        calendar: CalendarBook,
        settings: Settings,
    ) -> None:
        self._queues = queues
        self._records = records
        self._events = events
        self._calendar = calendar
        self._settings = settings

    async def look_up(self, code: str) -> Receipt:
        """The question with this receipt code as it stands now; NotFound for a code no question has."""
        await self._queues.runner.reached()
        enquiry_id = await self._records.with_code(receipt_digest(code))
        if enquiry_id is None:
            raise NotFound("no question has that receipt code", field="receipt_code")
        state = await anyio.to_thread.run_sync(self._events.load, POLICY_ENQUIRY, enquiry_id)
        return await anyio.to_thread.run_sync(self._receipt, state)

    def _receipt(self, state: PolicyEnquiry) -> Receipt:
        due = reply_due(state, self._calendar.current(), self._settings.enquiry_rules(state.organ))
        return Receipt(
            receipt_date=state.receipt_date,
            status=state.status,
            reply_due=due.due,
            reply_due_provisional=due.provisional,
            replied_on=state.replied_on,
            reply=state.reply,
            published=state.publication is not None,
        )
