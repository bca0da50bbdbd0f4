"""The annual report's tables 3 and 4 for an organ (or every organ of the deployment) and a year, computed from the
log as it stands or as it stood at an instant (R-REPORT; the counting is domain/annual_report.py's).

The log is read once for the report: the requests' events and the documents' challenges, without opening anyone's
personal data (no table counts it). Each request is folded as the log held it at the instant asked for: only events
recorded at or before it count, so a report as of the moment it was published is the report as published."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

import attrs

from application.errors import NotFound
from application.permissions import Operation, acting, permits
from application.ports import LoggedEvent
from application.streams import DISCLOSURE_REQUEST
from domain import reviews
from domain.annual_report import ApplicationTables, Case, CaseRef, case_of, tables
from domain.disclosure_request import events as request_events
from domain.disclosure_request.state import DisclosureRequest
from domain.document import events as document_events
from domain.errors import InvalidValue
from domain.events import DomainEvent
from domain.staff import Credential

PAGE = 5_000
"""Events read from the log at a time."""
FIRST_YEAR = 2008
"""The regulations took effect on 1 May 2008: no report is for an earlier year."""
REQUEST_TYPES = tuple(t.type_name for t in request_events.EVENT_TYPES)
DOCUMENT_TYPES = tuple(
    t.type_name for t in (document_events.Registered, document_events.ReviewFiled, document_events.ReviewDecided)
)


class ReportLog(Protocol):
    """What the report reads: the log's head, and its events of some types in a range of positions."""

    def last_position(self) -> int:
        """The position of the newest event, 0 when the log is empty."""
        ...

    def read_log_of(
        self, types: Sequence[str], after: int, up_to: int, limit: int, personal_data: bool = True
    ) -> list[LoggedEvent]:
        """Up to `limit` events of these type names after `after` and at most `up_to`, in log order."""
        ...


@attrs.frozen
class AnnualReport:
    """Tables 3 and 4 of a year and of the year before (for the changes the report's text discusses)."""

    organ: str | None
    """None: every organ of the deployment (the district's tables)."""
    year: int
    as_of: datetime | None
    """The instant the log was read as of; None: as it stands."""
    position: int
    """The log's head when it was read."""
    this_year: ApplicationTables
    last_year: ApplicationTables
    with_records: bool
    """Whether the caller may see the records behind each cell."""


@attrs.frozen
class _Read:
    """What the log held: every request's case, and every document's organ and challenges."""

    cases: list[Case]
    documents: list[tuple[str, CaseRef, tuple[reviews.Review, ...]]]
    position: int


class AnnualReports:
    """Computes the annual report's tables from the log."""

    def __init__(self, log: ReportLog, now: Callable[[], datetime]) -> None:
        self._log = log
        self._now = now

    def report(
        self,
        credential: Credential,
        year: int,
        organ: str | None = None,
        as_of: datetime | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> AnnualReport:
        """Tables 3 and 4 of `year` for `organ` (or every organ), as the log stood at `as_of` (or stands); `progress`
        is told the log position read up to after each page."""
        acting(credential, Operation.READ_ANNUAL_REPORT)
        now = self._now()
        if not FIRST_YEAR <= year <= now.year:
            raise InvalidValue(f"a report is for a year from {FIRST_YEAR} to this year, {now.year}", field="year")
        if as_of is not None and as_of > now:
            raise InvalidValue("as_of is in the future: a report is of the log as it stands or stood", field="as_of")
        read = self._read(as_of, progress)
        cases = [c for c in read.cases if organ is None or c.organ == organ]
        documents = [(ref, challenges) for o, ref, challenges in read.documents if organ is None or o == organ]
        if organ is not None and not cases and not documents:
            raise NotFound(f"the log holds no application or document of the organ {organ!r}")
        return AnnualReport(
            organ=organ,
            year=year,
            as_of=as_of,
            position=read.position,
            this_year=tables(cases, year, documents),
            last_year=tables(cases, year - 1, documents),
            with_records=permits(credential, Operation.READ_REPORT_RECORDS),
        )

    def _read(self, as_of: datetime | None, progress: Callable[[int], None] | None) -> _Read:
        head = self._log.last_position()
        requests: dict[UUID, list[DomainEvent]] = {}
        documents: dict[UUID, list[DomainEvent]] = {}
        for logged in self._events(REQUEST_TYPES + DOCUMENT_TYPES, head, progress):
            event = logged.event
            if as_of is not None and event.timestamp > as_of:
                continue
            stream = requests if event.type_name in REQUEST_TYPES else documents
            stream.setdefault(event.originator_id, []).append(event)
        return _Read(
            [_case(events) for events in requests.values()],
            [d for events in documents.values() if (d := _document(events)) is not None],
            head,
        )

    def _events(self, types: Sequence[str], head: int, progress: Callable[[int], None] | None) -> Iterator[LoggedEvent]:
        after = 0
        while True:
            page = self._log.read_log_of(types, after, head, PAGE, personal_data=False)
            yield from page
            if len(page) < PAGE:
                if progress is not None:
                    progress(head)
                return
            after = page[-1].position
            if progress is not None:
                progress(after)


def _case(events: list[DomainEvent]) -> Case:
    state: DisclosureRequest | None = None
    for event in events:
        state = DISCLOSURE_REQUEST.evolve(state, event)
    assert state is not None
    return case_of(state, events)


def _document(events: list[DomainEvent]) -> tuple[str, CaseRef, tuple[reviews.Review, ...]] | None:
    """A document's organ, reference and challenges; None for one whose registration is not in the log read."""
    first = events[0]
    if not isinstance(first, document_events.Registered):
        return None
    challenges: tuple[reviews.Review, ...] = ()
    for event in events[1:]:
        if isinstance(event, document_events.ReviewFiled):
            challenges = reviews.filed(challenges, event)
        elif isinstance(event, document_events.ReviewDecided):
            challenges = reviews.decided(challenges, event)
    return first.organ, CaseRef(first.originator_id, first.document_number), challenges
