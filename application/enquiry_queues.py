"""The departments' queues of policy enquiries: per department, the questions open and overdue, and the working days
each part spent in each department's queue (R-ENQ-ROUTE, R-ENQ-REPLY).

A projection of the log: one record per enquiry (its organ, receipt date and every stay of its parts in a
department's queue, beginning with the question's stay in the disclosure office until it is routed, as part 0 in the
queue `OFFICE`), kept as rows per stay beside the log by a runner. No due date is stored: a reply is due a fixed
number of working days after receipt, so "overdue today" is "received before a cutoff" worked out from today and the
calendar (`received_before_due_on_or_after`), and a newly loaded holiday table changes every answer at once with no
row to derive again (R-COUNT-4). Working days in a queue are counted for the page shown, with today's calendar.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Protocol
from uuid import UUID

import attrs

from application.permissions import Operation, acting
from application.projections import Projection, ProjectionStore, Runner, catch_up, check_page
from application.settings import Settings
from application.streams import POLICY_ENQUIRY
from domain.calendar import ONE_DAY, WorkingCalendar
from domain.events import DomainEvent
from domain.policy_enquiry import events as ev
from domain.policy_enquiry.deadlines import received_before_due_on_or_after, working_days_in_queue
from domain.policy_enquiry.rules import EnquiryRules
from domain.policy_enquiry.values import EnquiryStatus, Stay
from domain.staff import Credential


@attrs.frozen
class QueuedStay:
    """One part's stay in one department's queue."""

    part: int
    department: str
    entered_on: date
    left_on: date | None = None

    @property
    def waiting(self) -> bool:
        """Still in the department's queue: neither answered there nor moved on."""
        return self.left_on is None


@attrs.frozen
class QueueRecord:
    """An enquiry as the queues know it: no personal data, no text."""

    id: UUID
    organ: str
    receipt_date: date
    stays: tuple[QueuedStay, ...] = ()
    replied_on: date | None = None
    published: bool = False
    code_digest: str = ""
    """The digest of the question's receipt code (`receipt_digest`), by which its asker looks it up; the code itself
    is kept only in the log."""

    @property
    def status(self) -> EnquiryStatus:
        """Where the question stands, as the enquiry's own status says it."""
        if self.replied_on is not None:
            return EnquiryStatus.REPLIED
        parts = [s for s in self.stays if s.part != UNROUTED]
        if not parts:
            return EnquiryStatus.RECEIVED
        return EnquiryStatus.ROUTED if any(s.waiting for s in parts) else EnquiryStatus.ANSWERED


def _left(stays: tuple[QueuedStay, ...], part: int, on: date) -> tuple[QueuedStay, ...]:
    last = max(i for i, s in enumerate(stays) if s.part == part)
    return tuple(attrs.evolve(s, left_on=on) if i == last else s for i, s in enumerate(stays))


def receipt_digest(code: str) -> str:
    """A receipt code's digest, as the records keep it, from the code as an asker may type it (any case, with spaces
    or hyphens)."""
    normal = "".join(c for c in code.upper() if c.isalnum())
    return hashlib.sha256(f"gongkai receipt code {normal}".encode()).hexdigest()


OFFICE = "（待转办）"
"""The queue of the disclosure office, where a question waits to be routed: its stays are part 0."""
UNROUTED = 0


def apply(row: QueueRecord | None, event: DomainEvent) -> QueueRecord:
    """The record after one more enquiry event."""
    if isinstance(event, ev.Received):
        office = QueuedStay(UNROUTED, OFFICE, event.receipt_date)
        digest = receipt_digest(event.receipt_code)
        return QueueRecord(event.originator_id, event.organ, event.receipt_date, (office,), code_digest=digest)
    assert row is not None
    if isinstance(event, ev.PartAssigned):
        stays = row.stays
        if any(s.part == UNROUTED and s.waiting for s in stays):
            stays = _left(stays, UNROUTED, event.assigned_on)
        return attrs.evolve(row, stays=(*stays, QueuedStay(event.part, event.department, event.assigned_on)))
    if isinstance(event, ev.PartTransferred):
        moved = QueuedStay(event.part, event.department, event.transferred_on)
        return attrs.evolve(row, stays=(*_left(row.stays, event.part, event.transferred_on), moved))
    if isinstance(event, ev.PartAnswered):
        return attrs.evolve(row, stays=_left(row.stays, event.part, event.answered_on))
    if isinstance(event, ev.Replied):
        return attrs.evolve(row, replied_on=event.replied_on)
    if isinstance(event, ev.SelectedForPublication | ev.PublicationWithdrawn):
        return attrs.evolve(row, published=isinstance(event, ev.SelectedForPublication))
    return row


QUEUES = Projection[QueueRecord](POLICY_ENQUIRY.event_types, apply)


@attrs.frozen
class Cutoffs:
    """The receipt date before which a reply is due before a day, per organ that has its own rules, and otherwise."""

    default: date
    by_organ: tuple[tuple[str, date], ...] = ()

    def of(self, organ: str) -> date:
        """The cutoff for one organ."""
        return dict(self.by_organ).get(organ, self.default)


def cutoffs(day: date, calendar: WorkingCalendar, settings: Settings) -> Cutoffs:
    """Receipt cutoffs for replies due before `day` under every organ's rules."""
    organs = tuple(
        (organ, received_before_due_on_or_after(day, calendar, rules))
        for organ, rules in sorted(settings.enquiry_rules_by_organ.items())
    )
    return Cutoffs(received_before_due_on_or_after(day, calendar, settings.default_enquiry_rules), organs)


@attrs.frozen
class StayFilter:
    """Which stays a page lists."""

    organ: str | None = None
    department: str | None = None
    waiting: bool | None = None
    """Only stays still in the queue (true), or only those over (false)."""
    overdue_before: Cutoffs | None = None
    """Only stays still in the queue whose enquiry was received before its organ's cutoff: overdue."""
    due_by: tuple[Cutoffs, Cutoffs] | None = None
    """Only stays still in the queue whose enquiry's reply is due from today (received on or after the first cutoff)
    through a day (received before the second)."""


@attrs.frozen
class StayRow:
    """A stay as the store returns it, with its enquiry's organ and receipt date."""

    enquiry_id: UUID
    organ: str
    receipt_date: date
    replied_on: date | None
    stay: QueuedStay


@attrs.frozen
class DepartmentCount:
    """A department's queue: how many parts wait in it, and how many of them are overdue."""

    organ: str
    department: str
    waiting: int
    overdue: int


class QueueStore(ProjectionStore[QueueRecord], Protocol):
    """The queues' rows: one per stay, filtered and paged by the store."""

    async def stays(self, where: StayFilter, offset: int, limit: int) -> tuple[list[StayRow], int]:
        """One page of matching stays, oldest receipt first (then enquiry, then order of stay), and how many match."""
        ...

    async def counts(self, organ: str | None, overdue: Cutoffs) -> list[DepartmentCount]:
        """Per organ and department with parts waiting: how many wait and how many are overdue."""
        ...


@attrs.frozen
class QueueQuery:
    """What a person asks of the queues."""

    organ: str | None = None
    department: str | None = None
    waiting: bool | None = None
    overdue: bool = False
    due_within: int | None = None
    page: int = 1
    page_size: int = 50


@attrs.frozen
class QueueItem:
    """A part's stay in a department's queue, with its enquiry's reply due date and the working days it spent there
    (until today while it waits)."""

    row: StayRow
    reply_due: date
    provisional: bool
    overdue: bool
    working_days: int


@attrs.frozen
class QueuePage:
    """One page of stays, and the log position it reflects."""

    items: tuple[QueueItem, ...]
    total: int
    page: int
    page_size: int
    position: int


class EnquiryQueues:
    """Keeps the queues caught up with the log and answers them."""

    def __init__(self, store: QueueStore, settings: Settings) -> None:
        self.store = store
        self._settings = settings
        self.runner = Runner("enquiry_queues", store, self.catch_up, follows=QUEUES.followed)

    async def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply every enquiry event not yet applied."""
        return await catch_up(self.store, QUEUES, progress)

    async def query(
        self, query: QueueQuery, calendar: WorkingCalendar, today: date, me: Credential, position: int | None = None
    ) -> QueuePage:
        """Matching stays, oldest question first, reflecting the log up to `position` (its head by default)."""
        acting(me, Operation.READ_ENQUIRIES)
        check_page(query.page, query.page_size)
        overdue = cutoffs(today, calendar, self._settings) if query.overdue else None
        due_by = None
        if query.due_within is not None:
            horizon = calendar.add_working_days(today, query.due_within).due
            due_by = (cutoffs(today, calendar, self._settings), cutoffs(horizon + ONE_DAY, calendar, self._settings))
        where = StayFilter(query.organ, query.department, query.waiting, overdue, due_by)
        reached = await self.runner.reached(position)
        rows, total = await self.store.stays(where, (query.page - 1) * query.page_size, query.page_size)
        items = tuple(self._item(row, calendar, today) for row in rows)
        return QueuePage(items, total, query.page, query.page_size, reached)

    def _item(self, row: StayRow, calendar: WorkingCalendar, today: date) -> QueueItem:
        rules: EnquiryRules = self._settings.enquiry_rules(row.organ)
        due = calendar.add_working_days(row.receipt_date, rules.enquiry_reply_working_days)
        stay = Stay(row.stay.department, row.stay.entered_on, row.stay.left_on)
        overdue = row.stay.waiting and row.replied_on is None and due.due < today
        return QueueItem(row, due.due, due.provisional, overdue, working_days_in_queue(stay, calendar, today))

    async def departments(
        self, organ: str | None, calendar: WorkingCalendar, today: date, me: Credential, position: int | None = None
    ) -> tuple[list[DepartmentCount], int]:
        """Per department: the parts waiting in its queue and how many are overdue; and the position reflected."""
        acting(me, Operation.READ_ENQUIRIES)
        reached = await self.runner.reached(position)
        return await self.store.counts(organ, cutoffs(today, calendar, self._settings)), reached
