"""A step decides first on the case as this process remembers it, unread: that may never hide another writer's event.

Two use-case objects over two stores on one database stand for two serving processes; each keeps its own memory.
"""

from __future__ import annotations

import concurrent.futures
import threading
import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

import attrs
import pytest

from adapters.persistence.database import DatabaseURL
from adapters.persistence.event_store import EventsourcingStore
from application.calendar import CalendarBook
from application.disclosure_requests import DisclosureRequests, Saved
from application.documents import Documents, current_text
from application.settings import Settings
from application.streams import DISCLOSURE_REQUEST, DOCUMENT, StreamType
from domain.actors import Role
from domain.calendar import SHANGHAI
from domain.disclosure_request import commands as cmd
from domain.disclosure_request import events as ev
from domain.disclosure_request.values import ApplicantType, Channel, ContactKind
from domain.document import commands as doc_cmd
from domain.document.values import DocumentKind
from domain.errors import RuleViolation
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from tests.support import FixedClock, credential, unique

S = TypeVar("S")
START = date(2025, 3, 3)
CLERK = credential(Role.CLERK)
HEAD = credential(Role.OFFICE_HEAD)


class ReadCountingStore:
    """The real store, counting the states read from it (a fake of the port that delegates)."""

    def __init__(self, inner: EventsourcingStore) -> None:
        self.inner = inner
        self.loads = 0

    def load(self, stream: StreamType[S], stream_id: UUID, version: int | None = None) -> S:
        self.loads += 1
        return self.inner.load(stream, stream_id, version)

    def remembered(self, stream: StreamType[S], stream_id: UUID) -> S | None:
        return self.inner.remembered(stream, stream_id)

    def history(self, stream_id: UUID, up_to_version: int | None = None) -> list[DomainEvent]:
        return self.inner.history(stream_id, up_to_version)

    def append(self, events: Sequence[DomainEvent], states: Sequence[tuple[StreamType[Any], Any]] = ()) -> int:
        return self.inner.append(events, states)

    def read_log(self, after: int, limit: int) -> list[Any]:
        return self.inner.read_log(after, limit)

    def last_position(self) -> int:
        return self.inner.last_position()


@attrs.frozen
class Process:
    """One serving process: its own store (its own connections and memory) and use cases over it."""

    store: ReadCountingStore
    requests: DisclosureRequests
    documents: Documents


@pytest.fixture
def processes(database_url: str) -> Iterator[tuple[Process, Process]]:
    """Two processes over one database, their clocks at 10:00 on the start day."""
    made: list[Process] = []
    for _ in range(2):
        clock = FixedClock()
        clock.set_business_day(START)
        store = ReadCountingStore(EventsourcingStore(DatabaseURL.parse(database_url)))
        calendar = CalendarBook(store, clock)
        settings = Settings()
        made.append(
            Process(
                store,
                DisclosureRequests(store, calendar, clock, settings, _NoKeys()),
                Documents(store, calendar, clock, settings),
            )
        )
    yield made[0], made[1]
    for process in made:
        process.store.inner.close()


class _NoKeys:
    def key(self, applicant: PersonalData, applicant_type: ApplicantType) -> str | None:
        return None


def _received(process: Process) -> UUID:
    command = cmd.ReceiveRequest(
        request_id=uuid.uuid4(),
        organ=unique("organ"),
        department="社会保险科",
        channel=Channel.IN_PERSON,
        arrived_at=datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI),
        confirmed_on=None,
        applicant=PersonalData(name="陈静", phone="13800000000"),
        applicant_type=ApplicantType.NATURAL_PERSON,
        information_requested="2024年度本区社会保险补贴发放情况",
    )
    return process.requests.receive(command, CLERK).request_id


def _contact(summary: str) -> cmd.RecordContact:
    return cmd.RecordContact(
        kind=ContactKind.CALL, occurred_at=datetime(2025, 3, 3, 9, 45, tzinfo=SHANGHAI), summary=summary
    )


def _extension() -> cmd.GrantExtension:
    return cmd.GrantExtension(working_days=20, reason="需要向多个科室调取材料", notified_on=START)


def test_a_step_on_a_case_this_process_remembers_reads_nothing_first(processes: tuple[Process, Process]) -> None:
    one, _ = processes
    request_id = _received(one)
    one.store.loads = 0
    saved = one.requests.execute(request_id, _contact("电话沟通"), CLERK)
    assert (saved.version, one.store.loads) == (2, 0)
    assert one.store.remembered(DISCLOSURE_REQUEST, request_id) == saved.state


def test_a_step_on_a_case_another_process_moved_is_taken_on_the_case_as_it_stands(
    processes: tuple[Process, Process],
) -> None:
    one, two = processes
    request_id = _received(one)  # `one` remembers version 1
    two.requests.execute(request_id, _contact("第二个进程记录的电话"), CLERK)  # version 2, unknown to `one`
    saved = one.requests.execute(request_id, _contact("第一个进程记录的电话"), CLERK)
    assert saved.version == 3
    summaries = [e.summary for e in one.store.history(request_id) if isinstance(e, ev.ContactRecorded)]
    assert summaries == ["第二个进程记录的电话", "第一个进程记录的电话"]


def test_a_step_allowed_on_a_remembered_case_but_refused_on_the_case_as_it_stands_is_refused(
    processes: tuple[Process, Process],
) -> None:
    one, two = processes
    request_id = _received(one)
    one.requests.execute(request_id, _contact("电话沟通"), CLERK)  # `one` remembers version 2, not extended
    two.requests.execute(request_id, _extension(), HEAD)  # version 3: extended, which is allowed once only
    with pytest.raises(RuleViolation, match="once only"):
        one.requests.execute(request_id, _extension(), HEAD)
    assert one.requests.get(request_id).version == 3


def test_a_step_refused_on_a_remembered_case_but_allowed_on_the_case_as_it_stands_is_taken(
    processes: tuple[Process, Process],
) -> None:
    one, two = processes
    request_id = _received(one)  # `one` remembers version 1: no correction was asked for
    notice = cmd.RequestCorrection(
        sent_on=START, what_to_correct="请写明所需信息的年份", correct_by=START + timedelta(days=14)
    )
    two.requests.execute(request_id, notice, CLERK)  # version 2: a correction is awaited
    correction = cmd.ReceiveCorrection(received_on=START, summary="申请人补充了年份")
    saved: Saved = one.requests.execute(request_id, correction, CLERK)
    assert (saved.version, saved.state.corrected_on) == (3, START)


def test_a_document_step_on_a_document_another_process_moved_is_taken_on_it_as_it_stands(
    processes: tuple[Process, Process],
) -> None:
    one, two = processes
    drafter = credential(Role.DRAFTER)
    document_id = uuid.uuid4()
    one.documents.register(_document(document_id), drafter)  # `one` remembers version 1
    two.documents.execute(document_id, _revision("第二稿", "第二个进程改的"), drafter)  # version 2, unknown to `one`
    saved = one.documents.execute(document_id, _revision("第三稿", "第一个进程改的"), drafter)
    assert saved.version == 3
    assert [r.number for r in saved.state.revisions] == [1, 2, 3]
    assert current_text(one.store.history(document_id)) == "第三稿"


def test_the_store_remembers_a_stream_at_the_version_it_wrote_and_never_as_another_type(
    processes: tuple[Process, Process],
) -> None:
    one, two = processes
    request_id = _received(one)
    assert one.store.remembered(DISCLOSURE_REQUEST, request_id) is not None
    assert one.store.remembered(DOCUMENT, request_id) is None
    assert two.store.remembered(DISCLOSURE_REQUEST, request_id) is None
    assert one.store.remembered(DISCLOSURE_REQUEST, uuid.uuid4()) is None


def _document(document_id: UUID) -> doc_cmd.RegisterDocument:
    return doc_cmd.RegisterDocument(
        document_id=document_id,
        organ=unique("organ"),
        department="就业促进科",
        kind=DocumentKind.WORK_INFORMATION,
        title="关于做好2025年就业补贴申领工作的通知",
        formed_on=START,
        text="第一稿",
    )


def _revision(text: str, reason: str) -> doc_cmd.ReviseDocument:
    return doc_cmd.ReviseDocument(
        title="关于做好2025年就业补贴申领工作的通知", text=text, changed_on=START, reason=reason
    )


def test_threads_loading_one_remembered_stream_read_the_store_side_by_side(
    processes: tuple[Process, Process],
) -> None:
    # Every request loads the staff directory to authenticate: those loads must not wait for one another.
    one, _ = processes
    request_id = _received(one)
    store = one.store.inner
    together = threading.Barrier(4, timeout=10)
    events = store.app.events
    read = events.get

    def read_side_by_side(*args: Any, **kwargs: Any) -> Any:
        together.wait()  # broken (an error) unless all four threads are reading at once
        return read(*args, **kwargs)

    events.get = read_side_by_side  # type: ignore[method-assign]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        loaded = list(pool.map(lambda _: store.load(DISCLOSURE_REQUEST, request_id), range(4)))
    assert [state.version for state in loaded] == [1, 1, 1, 1]
