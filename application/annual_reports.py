"""The annual report's tables 2, 3 and 4 for an organ (or every organ of the deployment) and a year, computed from the
log as it stands or as it stood at an instant (R-REPORT; the counting is domain/proactive_table.py's and
domain/annual_report.py's).

Each report reads the log in two passes (the records' first events and the monthly returns, then the counted events
of the organ's records), without opening anyone's personal data (no table counts it). Each record is folded as the log
held it at the instant asked for: only events recorded at or before it count, so a report as of the moment it was
published is the report as published."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from itertools import islice
from typing import Protocol, cast
from uuid import UUID

import attrs

from application.calendar import Contexts
from application.errors import NotFound
from application.permissions import Operation, acting, permits
from application.ports import EventStore, LoggedEvent
from application.saving import Decision, after, decide_and_save
from application.streams import ANNUAL_REPORT
from domain import monthly_return, proactive_table, reviews
from domain.annual_report import COUNTED, FIRST_YEAR, Case, CaseRef, case_from
from domain.calendar import business_date
from domain.disclosure_request import events as request_events
from domain.document import events as document_events
from domain.errors import InvalidValue
from domain.events import DomainEvent
from domain.report_publication import Publication, PublishedReport, figures_digest, publish, report_id
from domain.report_tables import Records, ReportTables, report_tables
from domain.staff import Credential

WINDOW = 20_000
"""Positions of the log read at a time (so at most as many events)."""
READERS = 2
"""Windows read at once."""
Challenged = tuple[CaseRef, tuple[reviews.Review, ...]]
"""A document and the reconsiderations and lawsuits against its proactive disclosure."""
_ReturnEntry = monthly_return.DecisionsCounted | monthly_return.FeeIncomeRecorded
REQUEST_TYPES = tuple(t.type_name for t in COUNTED)
"""The requests' events the tables read (the rest are not even read from the log)."""
_CHALLENGES: tuple[type[DomainEvent], ...] = (
    document_events.Registered,
    document_events.ReviewFiled,
    document_events.ReviewDecided,
)
DOCUMENT_TYPES = tuple(
    dict.fromkeys(t.type_name for t in (*_CHALLENGES, *proactive_table.COUNTED) if t in document_events.EVENT_TYPES)
)
"""The documents' events the tables read: their challenges (table 4) and what table 2 counts."""
RETURN_TYPES = tuple(t.type_name for t in monthly_return.EVENT_TYPES)


class ReportStore(EventStore, Protocol):
    """The log the report reads (its events of some types in a range of positions) and writes publications to."""

    def read_log_of(
        self,
        types: Sequence[str],
        after: int,
        up_to: int,
        limit: int,
        personal_data: bool = True,
        streams: Collection[UUID] | Mapping[str, Collection[UUID]] | None = None,
        matching: Mapping[str, str] | None = None,
    ) -> list[LoggedEvent]:
        """Up to `limit` events of these type names after `after` and at most `up_to`, in log order; with `streams`,
        only those streams' events (given by type name, each type's own streams'), with `matching` only those that
        may have these values in these fields (the others are read, not decoded)."""
        ...


@attrs.frozen
class Cause:
    """An event recorded after a publication, of a record whose cell it moved."""

    record: CaseRef
    type_name: str
    position: int
    recorded_at: datetime


@attrs.frozen
class Difference:
    """A cell whose figure differs from the one published, the records that entered or left it, and why."""

    table: int
    row: str
    column: str
    published: int
    now: int
    entered: tuple[CaseRef, ...]
    left: tuple[CaseRef, ...]
    causes: tuple[Cause, ...]
    """The events of those records recorded after the publication (a late reply, a corrected type or outcome)."""


@attrs.frozen
class Comparison:
    """The report as last published (before the instant the report is read as of), and how it differs now."""

    publication: Publication
    digest_holds: bool
    """Whether the published figures still hash to the published digest."""
    differences: tuple[Difference, ...]


@attrs.frozen
class AnnualReport:
    """Tables 2, 3 and 4 of a year and of the year before (for the changes the report's text discusses)."""

    organ: str | None
    """None: every organ of the deployment (the district's tables)."""
    year: int
    as_of: datetime | None
    """The instant the log was read as of; None: as it stands."""
    position: int
    """The log's head when it was read."""
    this_year: ReportTables
    last_year: ReportTables
    with_records: bool
    """Whether the caller may see the records behind each cell."""
    published: Comparison | None = None
    """The organ's report as published, if it has been; None for the district."""


@attrs.frozen
class _Log:
    """The events of the records a report counts (one organ's, or every organ's), and the log's head when read."""

    requests: dict[UUID, list[LoggedEvent]]
    documents: dict[UUID, list[LoggedEvent]]
    returns: dict[UUID, list[LoggedEvent]]
    head: int

    def records(self, instant: datetime | None) -> Records:
        """What the tables count as the log held it at `instant` (None: all of it)."""
        cases = [c for c in (_case(_upto(events, instant)) for events in self.requests.values()) if c is not None]
        documents = [_upto(events, instant) for events in self.documents.values()]
        counts, fees = proactive_table.returns_from(
            e for events in self.returns.values() for e in _upto(events, instant)
        )
        return Records(
            cases=cases,
            challenged=[d for d in map(_document, documents) if d],
            documents=[f for f in (proactive_table.facts_from(events) for events in documents if events) if f],
            counts=counts,
            fees=fees,
        )

    def events_of(self, record: UUID) -> list[LoggedEvent]:
        """A record's events the report read."""
        return self.requests.get(record) or self.documents.get(record) or self.returns.get(record) or []


def _upto(events: list[LoggedEvent], instant: datetime | None) -> list[DomainEvent]:
    if instant is None:
        return [e.event for e in events]
    return [e.event for e in events if e.event.timestamp <= instant]


class AnnualReports:
    """Computes the annual report's tables from the log, and compares them with the report as published."""

    def __init__(self, store: ReportStore, now: Callable[[], datetime]) -> None:
        self._store = store
        self._now = now

    def report(
        self,
        credential: Credential,
        year: int,
        organ: str | None = None,
        as_of: datetime | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> AnnualReport:
        """Tables 2, 3 and 4 of `year` for `organ` (or every organ), as the log stood at `as_of` (or stands); `progress`
        is told the log position read up to after each page."""
        acting(credential, Operation.READ_ANNUAL_REPORT)
        now = self._now()
        this_year = business_date(now).year  # the year in Shanghai: 1 January begins there 8 hours before UTC's
        if not FIRST_YEAR <= year <= this_year:
            raise InvalidValue(f"a report is for a year from {FIRST_YEAR} to this year, {this_year}", field="year")
        if as_of is not None and as_of > now:
            raise InvalidValue("as_of is in the future: a report is of the log as it stands or stood", field="as_of")
        log = self._read(organ, year, progress)
        records = log.records(as_of)
        shown = report_tables(records, year)
        return AnnualReport(
            organ=organ,
            year=year,
            as_of=as_of,
            position=log.head,
            this_year=shown,
            last_year=report_tables(records, year - 1),
            with_records=permits(credential, Operation.READ_REPORT_RECORDS),
            published=None if organ is None else self._compare(log, organ, year, as_of, shown),
        )

    def tables_at(self, organ: str, year: int) -> tuple[ReportTables, int]:
        """The organ's tables of a year as the log stands, and the log's head they were computed to."""
        log = self._read(organ, year, None)
        return report_tables(log.records(None), year), log.head

    def _compare(
        self, log: _Log, organ: str, year: int, as_of: datetime | None, shown: ReportTables
    ) -> Comparison | None:
        try:
            published: PublishedReport = self._store.load(ANNUAL_REPORT, report_id(organ, year))
        except NotFound:
            return None
        before = [p for p in published.publications if as_of is None or p.published_at <= as_of]
        if not before:
            return None
        publication = before[-1]
        then = report_tables(log.records(publication.published_at), year)
        published_counts = {(f.table, f.row, f.column): f.count for f in publication.figures}
        differences = []
        for figure in shown.figures():
            # A cell a publication does not have (a row added to the tables since) was published as nothing: 0.
            was = published_counts.get((figure.table, figure.row, figure.column), 0)
            if was == figure.count:
                continue
            cell = (figure.table, figure.row, figure.column)
            old, new = set(then.records(*cell)), set(shown.records(*cell))
            moved = (new - old) | (old - new)  # a corrected monthly figure leaves as it was and enters as it is
            differences.append(Difference(
                figure.table, figure.row, figure.column, was, figure.count,
                tuple(sorted(new - old, key=CaseRef.sort_key)), tuple(sorted(old - new, key=CaseRef.sort_key)),
                _causes(log, moved, publication.published_at, as_of),
            ))  # fmt: skip
        holds = figures_digest(organ, year, publication.figures) == publication.digest
        return Comparison(publication, holds, tuple(differences))

    def _read(self, organ: str | None, year: int, progress: Callable[[int], None] | None) -> _Log:
        """The events of the organ's records that the report for `year` (and the year before it) counts, in two passes
        over the log: the first events of requests and documents, to find the organ's, and of those the requests
        received by the year's end, and the monthly returns; then the other events of those records alone (the rest are
        read, not decoded). NotFound for an organ the log holds no record of (of any year)."""
        tell = progress or _untold
        head = self._store.last_position()
        requests: dict[UUID, list[LoggedEvent]] = {}
        documents: dict[UUID, list[LoggedEvent]] = {}
        returns: dict[UUID, list[LoggedEvent]] = {}
        last_day = date(year, 12, 31)
        firsts = (request_events.Received.type_name, document_events.Registered.type_name)
        known = False
        matching = None if organ is None else {"organ": organ}
        for logged in self._events(firsts + RETURN_TYPES, head, None, lambda p: tell(p // 2), matching):
            event = logged.event
            assert isinstance(event, request_events.Received | document_events.Registered | _ReturnEntry)
            if organ is not None and event.organ != organ:  # a body that lacks the field passes `matching`
                continue
            known = True
            if isinstance(event, _ReturnEntry):
                returns.setdefault(event.originator_id, []).append(logged)
            elif isinstance(event, document_events.Registered):
                documents[event.originator_id] = [logged]
            elif event.receipt_date <= last_day:
                requests[event.originator_id] = [logged]
        if organ is not None and not known:
            raise NotFound(f"the log holds no application or document of the organ {organ!r}")
        rest = tuple(t for t in REQUEST_TYPES + DOCUMENT_TYPES if t not in firsts)
        for logged in self._events(rest, head, _wanted(rest, requests, documents), lambda p: tell((head + p) // 2)):
            (requests.get(logged.event.originator_id) or documents[logged.event.originator_id]).append(logged)
        return _Log(requests, documents, returns, head)

    def _events(
        self,
        types: Sequence[str],
        head: int,
        streams: Collection[UUID] | Mapping[str, Collection[UUID]] | None,
        progress: Callable[[int], object],
        matching: Mapping[str, str] | None = None,
    ) -> Iterator[LoggedEvent]:
        """The events of these types (of these streams) up to `head`, a window of positions at a time, READERS windows
        read at once: one thread decodes a window while another waits for the next from the store. One more waits its
        turn, so that no reader idles while the caller takes a window; no more is read ahead of the caller, who may
        stop early."""

        def window(start: int) -> tuple[int, list[LoggedEvent]]:
            up_to = min(start + WINDOW, head)
            read = self._store.read_log_of(
                types, start, up_to, WINDOW, personal_data=False, streams=streams, matching=matching
            )
            return up_to, read

        starts = iter(range(0, head, WINDOW))
        with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="annual-report") as readers:
            ahead = deque(readers.submit(window, start) for start in islice(starts, READERS + 1))
            while ahead:
                up_to, events = ahead.popleft().result()
                ahead.extend(readers.submit(window, start) for start in islice(starts, 1))
                yield from events
                progress(up_to)


class ReportPublications:
    """Publishing an organ's annual report: its figures frozen, with their digest, in the log."""

    def __init__(self, store: ReportStore, contexts: Contexts, reports: AnnualReports) -> None:
        self._store = store
        self._contexts = contexts
        self._reports = reports

    def publish(self, credential: Credential, organ: str, year: int) -> int:
        """Publish the organ's report for a year (a year that has ended) as the log stands; the log position."""
        actor = acting(credential, Operation.PUBLISH_ANNUAL_REPORT)
        computed, head = self._reports.tables_at(organ, year)

        def decide() -> Decision:
            stream_id = report_id(organ, year)
            try:
                state: PublishedReport | None = self._store.load(ANNUAL_REPORT, stream_id)
            except NotFound:
                state = None
            event = publish(state, organ, year, computed, head, self._contexts.for_actor(actor, organ))
            return Decision([event], [(ANNUAL_REPORT, after(ANNUAL_REPORT, state, [event]))])

        position, _ = decide_and_save(self._store, decide)
        return position


def _causes(log: _Log, records: set[CaseRef], since: datetime, until: datetime | None) -> tuple[Cause, ...]:
    """The events of these records recorded after `since` (and by `until`), once each: a corrected figure of a monthly
    return is two records (as it was, as it is) of one entry."""
    found: dict[int, Cause] = {}
    for ref in sorted(records, key=CaseRef.sort_key):
        for logged in log.events_of(ref.id):
            event = logged.event
            if isinstance(event, _ReturnEntry) and not _same_entry(proactive_table.return_ref(event), ref):
                continue  # another department's figure, or the fees, of the same month's return
            if event.timestamp > since and (until is None or event.timestamp <= until):
                found.setdefault(logged.position, Cause(ref, event.type_name, logged.position, event.timestamp))
    return tuple(found[p] for p in sorted(found))


def _wanted(
    types: Sequence[str], requests: Mapping[UUID, object], documents: Mapping[UUID, list[LoggedEvent]]
) -> dict[str, Collection[UUID]]:
    """The streams whose events of each type the tables read: the requests', every document's challenges, and only
    the documents table 2 counts for the rest (the others' publications are read, not decoded)."""
    counted = {
        stream
        for stream, events in documents.items()
        if proactive_table.counts_kind(cast(document_events.Registered, events[0].event).kind)
    }
    challenges = {t.type_name for t in _CHALLENGES}
    return {
        t: requests.keys() if t in REQUEST_TYPES else documents.keys() if t in challenges else counted for t in types
    }


def _same_entry(a: CaseRef, b: CaseRef) -> bool:
    """Whether two records are the same entry of a monthly return, whatever figure each gives it."""
    return (a.id, a.registration_number) == (b.id, b.registration_number)


def _case(events: list[DomainEvent]) -> Case | None:
    """A request's case from its counted events; None when none was recorded yet (as of the instant asked for)."""
    return case_from(events) if events else None


def _document(events: list[DomainEvent]) -> Challenged | None:
    """A document's reference and challenges; None for one whose registration is not among the events."""
    if not events or not isinstance(events[0], document_events.Registered):
        return None
    first = events[0]
    challenges: tuple[reviews.Review, ...] = ()
    for event in events[1:]:
        if isinstance(event, document_events.ReviewFiled):
            challenges = reviews.filed(challenges, event)
        elif isinstance(event, document_events.ReviewDecided):
            challenges = reviews.decided(challenges, event)
    return CaseRef(first.originator_id, first.document_number), challenges


def _untold(position: int) -> None:
    """No one is told how far the read has come."""
