"""The document worklist: what awaits my review, what is overdue or due soon (R-DOC-TIMELY, R-DOC-DUAL)."""

from __future__ import annotations

from datetime import date

import attrs

from application.permissions import Operation, acting
from application.projections import check_page
from application.settings import Settings
from application.streams import DOCUMENT
from application.worklists import Derived, Keys, RowFilter, Worklists, WorklistShape
from domain.actors import Role
from domain.calendar import WorkingCalendar
from domain.document.deadlines import Deadline, deadlines
from domain.document.stage import Stage, stage
from domain.document.state import Document
from domain.staff import Credential


def _keys(doc: Document) -> Keys:
    return Keys(doc.organ, doc.department, stage(doc).value, doc.current.drafter_id)


def _derive(doc: Document, calendar: WorkingCalendar, settings: Settings) -> Derived:
    # A document awaits at most one thing at a time: publication, or withdrawal of a changed penalty.
    due = min((d.due for d in deadlines(doc, calendar, settings.document_rules(doc.organ))), default=None)
    return Derived(due=due, live_due=due, since=doc.formed_on)


DOCUMENTS = WorklistShape("document_worklist", DOCUMENT, _keys, _derive)
"""The document worklist lists documents by their open deadline; a review never awaits its own drafter."""

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
    position: int
    """The log position the page reflects, at least."""


class DocumentWorklist:
    """Answers the document worklist from its rows."""

    def __init__(self, rows: Worklists[Document], settings: Settings) -> None:
        self.rows = rows
        self._settings = settings

    async def query(
        self,
        query: DocumentWorklistQuery,
        calendar: WorkingCalendar,
        today: date,
        me: Credential,
        position: int | None = None,
    ) -> DocumentWorklistPage:
        """Matching documents, soonest due first, one page, with deadlines derived now, reflecting the log up to
        `position` (by default its head when asked)."""
        acting(me, Operation.READ_DOCUMENTS)
        check_page(query.page, query.page_size)
        stages = query.stages
        if query.awaiting_my_review:
            stages = tuple(_REVIEWS[r] for r in me.roles if r in _REVIEWS)
            if not stages:
                reached = await self.rows.runner.reached(position)
                return DocumentWorklistPage((), 0, query.page, query.page_size, reached)
        horizon = calendar.add_working_days(today, query.due_within).due if query.due_within else None
        where = RowFilter.of(
            today,
            query.overdue,
            horizon,
            organ=query.organ,
            department=query.department,
            statuses=tuple(s.value for s in stages),
            not_owner=me.person_id if query.awaiting_my_review else None,
        )
        found, total, reached = await self.rows.page(where, query.page, query.page_size, position)
        items = []
        for doc in found:
            open_deadlines = deadlines(doc, calendar, self._settings.document_rules(doc.organ))
            overdue = any(d.overdue(today) for d in open_deadlines)
            items.append(DocumentWorklistItem(doc, stage(doc), open_deadlines, overdue))
        return DocumentWorklistPage(tuple(items), total, query.page, query.page_size, reached)
