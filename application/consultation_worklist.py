"""The consultation lists, from rows kept beside the log (see worklists): consultations by closing day — open ones for
the public, closing soon or closed awaiting their report for staff — and comments still awaiting a disposition."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Generic, TypeVar

import attrs

from application.permissions import Operation, acting
from application.projections import check_page
from application.settings import Settings
from application.streams import CONSULTATION, CONSULTATION_COMMENT
from application.worklists import Derived, Keys, RowFilter, Worklists, WorklistShape
from domain.calendar import WorkingCalendar, business_date
from domain.consultation.state import Comment, Consultation
from domain.consultation.values import CommentStatus, ConsultationStatus
from domain.staff import Credential

T = TypeVar("T")


def _consultation_keys(c: Consultation) -> Keys:
    status = ConsultationStatus.REPORTED if c.report else ConsultationStatus.CONSULTING
    return Keys(c.organ, c.department, status.value, c.opened_by.person_id)


def _consultation_due(c: Consultation, calendar: WorkingCalendar, settings: Settings) -> Derived:
    # The closing day is chosen when the consultation opens (R-CON-PERIOD checks it), not derived from the calendar.
    return Derived(due=c.closes_on, live_due=None if c.report else c.closes_on, since=c.opens_on)


def _comment_keys(c: Comment) -> Keys:
    status = CommentStatus.DISPOSED if c.disposition else CommentStatus.AWAITING_DISPOSITION
    return Keys(c.organ, c.department, status.value, str(c.consultation_id))


def _comment_due(c: Comment, calendar: WorkingCalendar, settings: Settings) -> Derived:
    return Derived(due=c.closes_on, live_due=None if c.disposition else c.closes_on, since=business_date(c.received_at))


CONSULTATIONS = WorklistShape("consultation_worklist", CONSULTATION, _consultation_keys, _consultation_due)
"""Consultations by closing day; one whose report is out has nothing left to miss."""
COMMENTS = WorklistShape("comment_worklist", CONSULTATION_COMMENT, _comment_keys, _comment_due)
"""Comments by their consultation's closing day, after which each awaits its disposition (R-CON-ADOPT)."""


@attrs.frozen
class ConsultationQuery:
    """What staff ask of the consultation list."""

    organ: str | None = None
    department: str | None = None
    statuses: tuple[ConsultationStatus, ...] = ()
    awaiting_report: bool | None = None
    """Closed and no report yet (true), or not (false)."""
    closing_within: int | None = None
    """Open and closing within N working days."""
    page: int = 1
    page_size: int = 50


@attrs.frozen
class CommentQuery:
    """What staff ask of the comments awaiting a disposition."""

    organ: str | None = None
    department: str | None = None
    after_close: bool = True
    """Only comments whose consultation has closed."""
    page: int = 1
    page_size: int = 50


@attrs.frozen
class Page(Generic[T]):
    """One page of a list, soonest closing first."""

    items: tuple[T, ...]
    total: int
    page: int
    page_size: int
    position: int
    """The log position the page reflects, at least."""


class ConsultationLists:
    """Answers the consultation lists from their rows."""

    def __init__(self, consultations: Worklists[Consultation], comments: Worklists[Comment]) -> None:
        self.consultations = consultations
        self.comments = comments

    async def open_now(
        self, organ: str | None, page: int, page_size: int, today: date, position: int | None = None
    ) -> Page[Consultation]:
        """What the public lists: consultations taking comments today, closing soonest first."""
        check_page(page, page_size)
        where = RowFilter(organ=organ, statuses=(ConsultationStatus.CONSULTING.value,), live_due_from=today)
        found, total, reached = await self.consultations.page(where, page, page_size, position)
        return Page(tuple(found), total, page, page_size, reached)

    async def staff_list(
        self,
        query: ConsultationQuery,
        calendar: WorkingCalendar,
        today: date,
        credential: Credential,
        position: int | None = None,
    ) -> Page[Consultation]:
        """Consultations closing within N working days, or closed and awaiting their report, soonest first."""
        acting(credential, Operation.READ_CONSULTATIONS)
        check_page(query.page, query.page_size)
        horizon = calendar.add_working_days(today, query.closing_within).due if query.closing_within else None
        where = RowFilter.of(
            today,
            query.awaiting_report,
            horizon,
            organ=query.organ,
            department=query.department,
            statuses=tuple(s.value for s in query.statuses),
        )
        found, total, reached = await self.consultations.page(where, query.page, query.page_size, position)
        return Page(tuple(found), total, query.page, query.page_size, reached)

    async def awaiting_disposition(
        self, query: CommentQuery, today: date, credential: Credential, position: int | None = None
    ) -> Page[Comment]:
        """Comments without a disposition, by their consultation's closing day; by default only once it has closed."""
        acting(credential, Operation.READ_CONSULTATIONS)
        check_page(query.page, query.page_size)
        where = RowFilter(
            organ=query.organ,
            department=query.department,
            statuses=(CommentStatus.AWAITING_DISPOSITION.value,),
            live_due_to=today - timedelta(days=1) if query.after_close else None,
        )
        found, total, reached = await self.comments.page(where, query.page, query.page_size, position)
        return Page(tuple(found), total, query.page, query.page_size, reached)
