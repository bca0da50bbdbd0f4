"""The document worklist: what awaits my review, what is overdue or due soon (R-DOC-TIMELY, R-DOC-DUAL)."""

from __future__ import annotations

from datetime import date

import attrs

from application.permissions import Operation, acting
from application.projections import FilterableStore, Projection, Runner, check_page, one_page
from application.settings import Settings
from application.streams import DOCUMENT
from domain.actors import Role
from domain.calendar import WorkingCalendar
from domain.document.deadlines import Deadline, deadlines
from domain.document.stage import Stage, stage
from domain.document.state import Document
from domain.staff import Credential

DOCUMENTS = Projection[Document](DOCUMENT.event_types, DOCUMENT.evolve)
"""The document worklist follows document events; a row is the document's folded state."""

_REVIEWS = {
    Role.CONFIDENTIALITY_REVIEWER: Stage.AWAITING_CONFIDENTIALITY_REVIEW,
    Role.DISCLOSURE_REVIEWER: Stage.AWAITING_DISCLOSURE_REVIEW,
}


@attrs.frozen
class DocumentWorklistQuery:
    """What the person asks for."""

    organ: str | None = None
    department: str | None = None
    stages: tuple[Stage, ...] = ()
    awaiting_my_review: bool = False
    overdue: bool | None = None
    due_within: int | None = None
    page: int = 1
    page_size: int = 50


@attrs.frozen
class DocumentWorklistItem:
    """A document with its stage and open deadlines as of today."""

    state: Document
    stage: Stage
    deadlines: tuple[Deadline, ...]
    overdue: bool

    @property
    def next_due(self) -> date | None:
        """The earliest open deadline."""
        return min((d.due for d in self.deadlines), default=None)


@attrs.frozen
class DocumentWorklistPage:
    """One page, soonest due first."""

    items: tuple[DocumentWorklistItem, ...]
    total: int
    page: int
    page_size: int


class DocumentWorklist:
    """Keeps the document worklist up to date and answers it."""

    def __init__(self, store: FilterableStore[Document], settings: Settings) -> None:
        self._store = store
        self._runner = Runner(store, DOCUMENTS)
        self._settings = settings

    async def catch_up(self) -> int:
        """Apply every document event not yet applied."""
        return await self._runner.catch_up()

    async def query(
        self, query: DocumentWorklistQuery, calendar: WorkingCalendar, today: date, me: Credential
    ) -> DocumentWorklistPage:
        """Matching documents with deadlines derived now, filtered, soonest due first, paged."""
        acting(me, Operation.READ_DOCUMENTS)
        check_page(query.page, query.page_size)
        stages = query.stages
        if query.awaiting_my_review:
            stages = tuple(_REVIEWS[r] for r in me.roles if r in _REVIEWS)
            if not stages:
                return DocumentWorklistPage((), 0, query.page, query.page_size)
        await self.catch_up()
        found = await self._store.find(query.organ, query.department, [s.value for s in stages])
        horizon = calendar.add_working_days(today, query.due_within).due if query.due_within else None
        items = []
        for doc in found:
            if query.awaiting_my_review and doc.current.drafter_id == me.person_id:
                continue
            open_deadlines = deadlines(doc, calendar, self._settings.document_rules(doc.organ))
            overdue = any(d.overdue(today) for d in open_deadlines)
            if query.overdue is not None and overdue != query.overdue:
                continue
            if horizon is not None and not any(today <= d.due <= horizon for d in open_deadlines):
                continue
            items.append(DocumentWorklistItem(doc, stage(doc), open_deadlines, overdue))
        items.sort(key=lambda i: (i.next_due is None, i.next_due or date.max, i.state.formed_on, str(i.state.id)))
        return DocumentWorklistPage(
            one_page(items, query.page, query.page_size), len(items), query.page, query.page_size
        )
