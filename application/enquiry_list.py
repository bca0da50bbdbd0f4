"""The message board's list of questions as the disclosure office and publishers read it: by status (awaiting
routing, with departments, answered, replied), published or not, overdue; oldest first. From the queues' records
(application/enquiry_queues.py), kept by the same runner; the due dates are derived for the page, and "overdue" is a
receipt-date cutoff, as in the queues (R-COUNT-4)."""

from __future__ import annotations

from datetime import date
from typing import Protocol
from uuid import UUID

import attrs

from application.enquiry_queues import Cutoffs, EnquiryQueues, QueueRecord, cutoffs
from application.permissions import Operation, acting
from application.projections import check_page
from application.settings import Settings
from domain.calendar import WorkingCalendar
from domain.policy_enquiry.values import EnquiryStatus
from domain.staff import Credential


@attrs.frozen
class RecordFilter:
    """Which questions a page lists; a filter left at its default lists all."""

    organ: str | None = None
    statuses: tuple[EnquiryStatus, ...] = ()
    published: bool | None = None
    overdue_before: Cutoffs | None = None
    """Only questions not replied to, received before their organ's cutoff: overdue."""


class RecordStore(Protocol):
    """The queues' records, filtered and paged by the store."""

    async def records(self, where: RecordFilter, offset: int, limit: int) -> tuple[list[QueueRecord], int]:
        """One page of matching records, oldest receipt first (then by id), and how many match."""
        ...

    async def with_code(self, digest: str) -> UUID | None:
        """The question whose receipt code has this digest (`receipt_digest`), if any."""
        ...


@attrs.frozen
class EnquiryListQuery:
    """What a person asks of the list."""

    organ: str | None = None
    statuses: tuple[EnquiryStatus, ...] = ()
    published: bool | None = None
    overdue: bool = False
    page: int = 1
    page_size: int = 50


@attrs.frozen
class EnquiryListItem:
    """A question with its reply due date as of today."""

    record: QueueRecord
    reply_due: date
    provisional: bool
    overdue: bool


@attrs.frozen
class EnquiryListPage:
    """One page of questions, and the log position it reflects."""

    items: tuple[EnquiryListItem, ...]
    total: int
    page: int
    page_size: int
    position: int


class EnquiryList:
    """Answers the list from the queues' records, caught up by the queues' runner."""

    def __init__(self, queues: EnquiryQueues, store: RecordStore, settings: Settings) -> None:
        self._queues = queues
        self._store = store
        self._settings = settings

    async def query(
        self,
        query: EnquiryListQuery,
        calendar: WorkingCalendar,
        today: date,
        me: Credential,
        position: int | None = None,
    ) -> EnquiryListPage:
        """Matching questions, oldest first, reflecting the log up to `position` (its head by default)."""
        acting(me, Operation.READ_ENQUIRIES)
        check_page(query.page, query.page_size)
        overdue = cutoffs(today, calendar, self._settings) if query.overdue else None
        where = RecordFilter(query.organ, query.statuses, query.published, overdue)
        reached = await self._queues.runner.reached(position)
        records, total = await self._store.records(where, (query.page - 1) * query.page_size, query.page_size)
        items = tuple(self._item(r, calendar, today) for r in records)
        return EnquiryListPage(items, total, query.page, query.page_size, reached)

    def _item(self, record: QueueRecord, calendar: WorkingCalendar, today: date) -> EnquiryListItem:
        rules = self._settings.enquiry_rules(record.organ)
        due = calendar.add_working_days(record.receipt_date, rules.enquiry_reply_working_days)
        overdue = record.replied_on is None and due.due < today
        return EnquiryListItem(record, due.due, due.provisional, overdue)
