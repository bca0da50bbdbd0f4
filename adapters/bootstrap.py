"""The composition root: one place that assembles gongkai from a database URL, a clock and settings."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio.to_thread
import attrs

from adapters.applicant_keys import applicant_keys
from adapters.calendar_data import seed_source, seed_tables
from adapters.clock import SystemClock
from adapters.enquiry_board import EnquiryBoard, enquiry_board
from adapters.feed import body_opener, event_log
from adapters.notifications import NOTICES_LOCK, OutboxRunner, monotonic, notices_enabled, notifier_from_env
from adapters.persistence.database import DEFAULT_URL, DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from adapters.persistence.legacy_credentials import legacy_credential_log
from adapters.read_models import document_worklist, request_worklist, worklist_rows
from adapters.read_models.consultation_tables import comment_worklist, consultation_worklist
from adapters.read_models.open_day_tables import open_day_worklist
from adapters.read_models.postgres import Leadership
from adapters.search import publication_store, segmenter
from adapters.settings_file import SettingsFileError, load_settings
from application.annual_reports import AnnualReports, ReportPublications
from application.audit import Audit
from application.calendar import CalendarBook, Contexts
from application.catalogues import Catalogues
from application.consultation_worklist import COMMENTS, CONSULTATIONS, ConsultationLists
from application.consultations import Consultations
from application.disclosure_requests import DisclosureRequests
from application.document_worklist import DOCUMENTS, DocumentWorklist
from application.documents import Documents
from application.feed import Feed
from application.monthly_returns import MonthlyReturns
from application.open_day_board import Board
from application.open_day_notices import Outbox
from application.open_day_worklist import OPEN_DAYS, OpenDayWorklist
from application.open_days import OpenDays
from application.personal_data import Intake, NewPersonEachTime
from application.ports import Clock
from application.privacy import NoKeys, Privacy
from application.projections import Runner
from application.public_documents import PublicDocuments
from application.publications import ColumnNames, Publications
from application.settings import Settings
from application.staff import StaffDirectory
from application.worklist import REQUESTS, Worklist
from application.worklists import Worklists
from domain.actors import SYSTEM


@attrs.define
class Gongkai:
    """Everything the edges need, wired together."""

    store: EventsourcingStore
    clock: Clock
    settings: Settings
    calendar: CalendarBook
    staff: StaffDirectory
    requests: DisclosureRequests
    worklist: Worklist
    worklist_store: Any
    documents: Documents
    public_documents: PublicDocuments
    catalogues: Catalogues
    publications: Publications
    publication_store: Any
    document_worklist: DocumentWorklist
    document_worklist_store: Any
    consultations: Consultations
    consultation_lists: ConsultationLists
    consultation_stores: tuple[Any, Any]
    privacy: Privacy
    feed: Feed
    audit: Audit
    enquiry_board: EnquiryBoard
    open_days: OpenDays
    open_day_notices: OutboxRunner
    open_day_worklist: OpenDayWorklist
    open_day_worklist_store: Any
    annual_reports: AnnualReports
    report_publications: ReportPublications
    monthly_returns: MonthlyReturns

    def close(self) -> None:
        """Release the event store's connections (the worklist's are async: see `aclose`)."""
        self.store.close()

    async def aclose(self) -> None:
        """Release the worklist store's connections, then the event store's."""
        await self.close_read_side()
        self.close()

    @property
    def read_models(self) -> dict[str, Runner]:
        """What keeps each read model caught up with the log, by the name `gongkai rebuild` gives it."""
        return {
            "worklist": self.worklist.rows.runner,
            "documents": self.document_worklist.rows.runner,
            "publications": self.publications.runner,
            "open_days": self.open_day_worklist.rows.runner,
            **self.enquiry_board.read_models,
            "consultations": self.consultation_lists.consultations.runner,
            "comments": self.consultation_lists.comments.runner,
        }

    @property
    def runners(self) -> tuple[Runner, ...]:
        """What keeps each read model caught up with the log."""
        return tuple(self.read_models.values())

    async def start_read_side(self) -> None:
        """Load the segmenter's dictionary (in a worker thread), then keep every read model caught up in the
        background, on the running loop (the server's)."""
        # The threads that serve requests, as many as the write side has connections (GONGKAI_THREADS): Litestar runs
        # sync handlers in the loop's default executor, sized here (left alone, it held CPUs + 4 threads whatever the
        # setting said); the read side's work goes through anyio's threads.
        threads = self.store.url.connections
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=threads, thread_name_prefix="gongkai-request")
        )
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        await anyio.to_thread.run_sync(segmenter.prepare)
        for runner in self.runners:
            runner.start()
        self.open_day_notices.start()

    async def close_read_side(self) -> None:
        """Stop the background runners and release the read models' connections (asyncpg pools belong to the loop
        that made them)."""
        for runner in self.runners:
            await runner.stop()
        await self.open_day_notices.stop()
        await self.open_day_worklist_store.close()
        await self.worklist_store.close()
        await self.publication_store.close()
        await self.document_worklist_store.close()
        await self.enquiry_board.close_read_side()
        for rows in self.consultation_stores:
            await rows.close()
        await self.feed.close()


def database_url_from_env() -> str:
    """GONGKAI_DATABASE_URL, or the embedded SQLite file under ./var/."""
    return os.environ.get("GONGKAI_DATABASE_URL") or DEFAULT_URL


def _number(name: str, default: int, most: int) -> int:
    value = os.environ.get(name) or str(default)
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise SettingsFileError(f"{name} is a whole number from 1 to {most}, not {value!r}")
    return int(value)


def default_threads() -> int:
    """The CPUs + 4 (the standard library's default for a pool of threads): every thread holds the interpreter's lock
    while it computes, so past a few they wait on each other more than on the database. In a rush of registrations on
    two CPUs, 16 threads spent a quarter more CPU on each registration than 6, and answered a quarter fewer a second."""
    return min(32, (os.cpu_count() or 1) + 4)


def sizes_from_env() -> tuple[int, int]:
    """GONGKAI_THREADS (default: the CPUs + 4): the threads that serve requests in a process, and as many write
    connections; GONGKAI_READ_CONNECTIONS (default 8): the most connections the read models' pool opens."""
    return _number("GONGKAI_THREADS", default_threads(), 256), _number("GONGKAI_READ_CONNECTIONS", 8, 64)


def settings_from_env() -> Settings:
    """The settings file GONGKAI_SETTINGS names (or the statutory numbers), with GONGKAI_TOKEN_DAYS."""
    settings = load_settings(os.environ.get("GONGKAI_SETTINGS"))
    days = os.environ.get("GONGKAI_TOKEN_DAYS")
    if not days:
        return settings
    if not days.isdigit() or not 1 <= int(days) <= 3660:
        raise SettingsFileError(f"GONGKAI_TOKEN_DAYS is a whole number of days from 1 to 3660, not {days!r}")
    return attrs.evolve(settings, token_days=int(days))


def _column_names(catalogues: Catalogues) -> ColumnNames:
    """An organ's current column names, read from its catalogue in a worker thread."""

    async def names(organ: str) -> Mapping[str, str]:
        def read() -> Mapping[str, str]:
            found = catalogues.find(organ)
            return {c.column_id: c.name for c in found.columns} if found else {}

        return await anyio.to_thread.run_sync(read)

    return names


def build(
    database_url: str | None = None,
    clock: Clock | None = None,
    settings: Settings | None = None,
    seal_personal_data: bool = True,
) -> Gongkai:
    """Assemble gongkai; on the first start, load the seed holiday tables into the log; bring credentials of the
    one-stream-a-token era into the staff directory. `seal_personal_data=False` writes personal data in the plain,
    as releases before per-person encryption did: for benchmarks and tests of such stores, never for service."""
    clock = clock or SystemClock()
    settings = settings or settings_from_env()
    threads, read_connections = sizes_from_env()
    url = attrs.evolve(
        DatabaseURL.parse(database_url or database_url_from_env()),
        connections=threads,
        read_connections=read_connections,
    )
    store = EventsourcingStore(url, seal_personal_data=seal_personal_data)
    # One connection of this application's for every read model's advisory lock and the log's notifications.
    leadership = Leadership(url.dsn()) if url.kind == "postgresql" else None
    read_store = worklist_rows(request_worklist(settings), url, store, leadership)
    document_rows = worklist_rows(document_worklist(settings), url, store, leadership)
    consultation_rows = worklist_rows(consultation_worklist(settings), url, store, leadership)
    comment_rows = worklist_rows(comment_worklist(settings), url, store, leadership)
    published = publication_store(url, store, leadership)
    calendar = CalendarBook(store, clock, settings.calendar_refresh_seconds)
    calendar.seed(seed_tables(), seed_source(), SYSTEM)
    staff = StaffDirectory(store, clock, settings.token_days)
    staff.import_legacy(legacy_credential_log(store), SYSTEM)
    catalogues = Catalogues(store, clock)
    open_day_rows = worklist_rows(open_day_worklist(settings), url, store, leadership)
    keys = applicant_keys(url, os.environ.get("GONGKAI_APPLICANT_SECRET_FILE"))
    people = store.ring or NewPersonEachTime()
    board = Board(store, time.monotonic)
    reports = AnnualReports(store, clock.now)
    return Gongkai(
        store=store,
        clock=clock,
        settings=settings,
        calendar=calendar,
        staff=staff,
        requests=DisclosureRequests(
            store,
            calendar,
            clock,
            settings,
            applicant_keys(url, os.environ.get("GONGKAI_APPLICANT_SECRET_FILE")),
            store.ring or NewPersonEachTime(),
        ),
        worklist=Worklist(Worklists(REQUESTS, read_store, calendar.at_least, settings), settings),
        worklist_store=read_store,
        documents=Documents(store, calendar, clock, settings),
        public_documents=PublicDocuments(store),
        catalogues=catalogues,
        publications=Publications(published, _column_names(catalogues)),
        publication_store=published,
        document_worklist=DocumentWorklist(Worklists(DOCUMENTS, document_rows, calendar.at_least, settings), settings),
        document_worklist_store=document_rows,
        consultations=Consultations(
            store,
            calendar,
            clock,
            settings,
            applicant_keys(url, os.environ.get("GONGKAI_APPLICANT_SECRET_FILE")),
            store.ring or NewPersonEachTime(),
            settings.consultation_rules,
        ),
        consultation_lists=ConsultationLists(
            Worklists(CONSULTATIONS, consultation_rows, calendar.at_least, settings),
            Worklists(COMMENTS, comment_rows, calendar.at_least, settings),
        ),
        consultation_stores=(consultation_rows, comment_rows),
        privacy=Privacy(store, store.ring or NoKeys(), store, clock),
        feed=Feed(event_log(url, store), body_opener(store.codec)),
        audit=Audit(store, calendar, clock, settings),
        enquiry_board=enquiry_board(
            url,
            store,
            leadership,
            calendar,
            clock,
            settings,
            applicant_keys(url, os.environ.get("GONGKAI_APPLICANT_SECRET_FILE")),
            store.ring or NewPersonEachTime(),
        ),
        open_days=OpenDays(store, Contexts(calendar, clock, settings), keys, Intake(people, keys), board),
        open_day_notices=OutboxRunner(
            # The registrations' board is shared only where notices are sent: elsewhere nothing clears what falls due.
            Outbox(store, notifier_from_env(), clock, monotonic, board if notices_enabled() else None),
            (lambda: leadership.lead(NOTICES_LOCK)) if leadership else None,
            (lambda: leadership.give_up(NOTICES_LOCK, None)) if leadership else None,
        ),
        open_day_worklist=OpenDayWorklist(Worklists(OPEN_DAYS, open_day_rows, calendar.at_least, settings)),
        open_day_worklist_store=open_day_rows,
        annual_reports=reports,
        report_publications=ReportPublications(store, Contexts(calendar, clock, settings), reports),
        monthly_returns=MonthlyReturns(store, Contexts(calendar, clock, settings)),
    )
