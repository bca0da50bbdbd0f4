"""Every read model stores, lists and finds any value the log can hold, however long, on both stores.

The events are appended straight to the log (`EventsourcingStore.append`), as events stored before the door had
its limits were: never through a use case or the HTTP layer. Each test has a store of its own: a read model that
cannot keep a row fails every read after it, and on a shared database would take the session's other tests with it.

The long values are Chinese characters in no order: PostgreSQL compresses an index entry before it measures it, so
9 KB of one repeated character would fit where 9 KB of real text does not.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import psycopg
import pytest

from adapters.bootstrap import Gongkai, build
from application.document_worklist import DocumentWorklistQuery
from application.publications import MAX_QUERY_WORDS, HitPage, SearchQuery
from application.worklist import WorklistQuery
from application.worklists import RowFilter
from domain.actors import Role
from domain.calendar import SHANGHAI
from domain.disclosure_request import events as request_events
from domain.disclosure_request.values import ApplicantType, Channel, DeliveryForm
from domain.document import events as document_events
from domain.document.values import DisclosureAttribute, DocumentKind
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from tests.support import FixedClock, actor, credential

TODAY = date(2025, 3, 10)
AT = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
SIZES = {"9KB": 9 * 1024, "1MB": 1024 * 1024}
"""Bytes of UTF-8: more than an index entry holds (2,704 bytes on PostgreSQL), and a megabyte."""
KEY = 200
"""Characters: long values sharing this many first characters are told apart all the same."""


@pytest.fixture
async def gongkai(empty_store_url: str) -> AsyncIterator[Gongkai]:
    """The application on a store of the test's own."""
    clock = FixedClock()
    clock.set_business_day(TODAY)
    app = build(empty_store_url, clock=clock)
    yield app
    await app.close_read_side()
    app.close()


def varied(size: int, seed: int) -> str:
    """About `size` bytes of Chinese characters in no order (three bytes each), which hardly compress."""
    rng = random.Random(seed)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(size // 3))


def twins(size: int, seed: int) -> tuple[str, str]:
    """Two long values alike but for their last character."""
    base = varied(size, seed)
    return base + "甲", base + "乙"


# ---------------------------------------------------------------- events, as the log holds them


def received(request_id: UUID, organ: str, department: str) -> DomainEvent:
    """收到申请 in person."""
    clerk = actor(Role.CLERK, name="李雷")
    return request_events.Received(
        originator_id=request_id, originator_version=1, timestamp=AT, actor=clerk, organ=organ,
        department=department, channel=Channel.IN_PERSON, arrived_at=datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI),
        receipt_date=date(2025, 3, 3), applicant=PersonalData(name="张三", phone="13800000000"),
        applicant_type=ApplicantType.NATURAL_PERSON, information_requested="2024年度稳岗补贴发放情况",
        preferred_form=DeliveryForm.PAPER, handler_id=clerk.person_id, handler_name=clerk.name,
        registration_number=None, items=1, applicant_key=None, late_confirmation_reason=None,
    )  # fmt: skip


def handed_over(request_id: UUID, department: str) -> DomainEvent:
    """The case moved to another department."""
    head = actor(Role.OFFICE_HEAD, name="韩梅梅")
    return request_events.HandlerAssigned(
        originator_id=request_id, originator_version=2, timestamp=AT, actor=head, department=department,
        handler_id="staff-qianfang", handler_name="钱芳",
    )  # fmt: skip


def registered(document_id: UUID, organ: str, **fields: Any) -> DomainEvent:
    """Revision 1 of a work-information document; any field may be given."""
    values: dict[str, Any] = {
        "department": "就业促进科",
        "kind": DocumentKind.WORK_INFORMATION,
        "title": "关于开展职业技能培训补贴申领工作的通知",
        "document_number": None,
        "formed_on": date(2025, 1, 2),
        "text": "对参加职业技能培训并取得证书的劳动者，按规定给予培训补贴。",
        "has_service_items": False,
        "interprets": None,
        "interpretation_form": None,
    }
    values.update(fields)
    drafter = actor(Role.DRAFTER, name="陈静")
    return document_events.Registered(
        originator_id=document_id, originator_version=1, timestamp=AT, actor=drafter, organ=organ, **values
    )


def cleared_and_published(document_id: UUID, column_id: str, column_name: str) -> list[DomainEvent]:
    """Set proactive, both reviews passed, published in a column: versions 2 to 5."""
    at = {"originator_id": document_id, "timestamp": AT}
    day = date(2025, 3, 3)
    return [
        document_events.AttributeSet(
            **at, originator_version=2, actor=actor(Role.DRAFTER), attribute=DisclosureAttribute.PROACTIVE,
            legal_ground=None,
        ),
        document_events.ConfidentialityReviewed(
            **at, originator_version=3, actor=actor(Role.CONFIDENTIALITY_REVIEWER), revision=1, passed=True,
            findings="未发现涉密内容", reviewed_on=day,
        ),
        document_events.DisclosureReviewed(
            **at, originator_version=4, actor=actor(Role.DISCLOSURE_REVIEWER), revision=1, approved=True,
            opinion="同意主动公开", reviewed_on=day,
        ),
        document_events.Published(
            **at, originator_version=5, actor=actor(Role.PUBLISHER), revision=1, column_id=column_id,
            column_name=column_name, channels=("portal",), published_on=day, published_with=(),
        ),
    ]  # fmt: skip


def publish(app: Gongkai, organ: str, column_id: str = "work", column_name: str = "工作动态", **fields: Any) -> UUID:
    """A document registered and published, appended straight to the log."""
    document_id = uuid.uuid4()
    log(app, [registered(document_id, organ, **fields), *cleared_and_published(document_id, column_id, column_name)])
    return document_id


def log(app: Gongkai, events: Sequence[DomainEvent]) -> None:
    """Append events to the log as they were stored long ago.

    On PostgreSQL each is written by an INSERT of its own: eventsourcing saves through psycopg's pipeline mode, which
    can wait forever on a save of megabytes (psycopg 3.3.9 stops sending once it has no statement left to queue,
    though part of the last one is still unsent, and waits for an answer the server cannot give before reading it).
    """
    if app.store.url.kind != "postgresql":
        app.store.append(events)
        return
    stored = [app.store.app.mapper.to_stored_event(event) for event in events]
    with psycopg.connect(app.store.url.dsn(), autocommit=True) as conn:
        for row in stored:
            conn.execute(
                "INSERT INTO gongkai_events (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)",
                (row.originator_id, row.originator_version, row.topic, row.state),
            )


def ids(page: HitPage) -> list[UUID]:
    """The ids of a page's hits, in order."""
    return [hit.id for hit in page.hits]


# ---------------------------------------------------------------- the request worklist


async def request_ids(app: Gongkai, organ: str | None = None, department: str | None = None) -> set[UUID]:
    """The requests the worklist lists for the filters, as the API asks for them."""
    query = WorklistQuery(organ=organ, department=department, page_size=500)
    page = await app.worklist.query(query, app.calendar.current(), TODAY, credential(Role.CLERK))
    assert page.total == len(page.items)
    return {item.state.id for item in page.items}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_requests_of_any_organ_and_department_are_listed_filtered_and_rebuilt(
    gongkai: Gongkai, size: int
) -> None:
    organ, twin_organ = twins(size, 1)
    department, twin_department = twins(size, 2)
    moved_to = varied(size, 3)
    first, twin, short = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    log(gongkai, [received(first, organ, department)])
    log(gongkai, [received(twin, twin_organ, twin_department)])
    log(gongkai, [received(short, "闵行区人力资源和社会保障局", "社会保险科"), handed_over(short, moved_to)])

    expected: list[tuple[dict[str, str], set[UUID]]] = [
        ({}, {first, twin, short}),
        ({"organ": organ}, {first}),
        ({"organ": organ, "department": department}, {first}),
        ({"organ": organ, "department": twin_department}, set()),
        ({"organ": twin_organ}, {twin}),
        ({"department": twin_department}, {twin}),
        ({"department": moved_to}, {short}),
        ({"organ": organ[:KEY]}, set()),
        ({"organ": organ[:-1]}, set()),
        ({"organ": organ + "丙"}, set()),
        ({"organ": varied(size, 99), "department": varied(size, 98)}, set()),
    ]
    for filters, found in expected:
        assert await request_ids(gongkai, **filters) == found, sorted(filters)
    [listed] = [s for s in (await gongkai.worklist_store.page(RowFilter(organ=organ), 0, 500))[0] if s.id == first]
    assert (listed.organ, listed.department) == (organ, department)

    await gongkai.worklist.rows.runner.rebuild()
    for filters, found in expected:
        assert await request_ids(gongkai, **filters) == found, sorted(filters)


# ---------------------------------------------------------------- the document worklist


async def document_ids(app: Gongkai, organ: str | None = None, department: str | None = None) -> set[UUID]:
    """The documents the document worklist lists for the filters."""
    query = DocumentWorklistQuery(organ=organ, department=department, page_size=500)
    page = await app.document_worklist.query(query, app.calendar.current(), TODAY, credential(Role.DRAFTER))
    assert page.total == len(page.items)
    return {item.state.id for item in page.items}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_documents_of_any_length_are_listed_filtered_and_rebuilt_in_the_document_worklist(
    gongkai: Gongkai, size: int
) -> None:
    organ, twin_organ = twins(size, 11)
    department, twin_department = twins(size, 12)
    long_fields = {"title": varied(size, 13), "document_number": varied(size, 14), "text": varied(size, 15)}
    drafted = uuid.uuid4()
    log(gongkai, [registered(drafted, organ, department=department, **long_fields)])
    out = publish(gongkai, twin_organ, column_id=varied(size, 16), column_name=varied(size, 17),
                  department=twin_department)  # fmt: skip

    expected: list[tuple[dict[str, str], set[UUID]]] = [
        ({}, {drafted, out}),
        ({"organ": organ}, {drafted}),
        ({"organ": organ, "department": department}, {drafted}),
        ({"organ": twin_organ, "department": twin_department}, {out}),
        ({"department": department[:KEY]}, set()),
        ({"organ": organ + "丙"}, set()),
        ({"organ": varied(size, 99), "department": varied(size, 98)}, set()),
    ]
    for filters, found in expected:
        assert await document_ids(gongkai, **filters) == found, sorted(filters)
    [listed] = (await gongkai.document_worklist_store.page(RowFilter(organ=organ, department=department), 0, 500))[0]
    assert (listed.current.title, listed.document_number) == (long_fields["title"], long_fields["document_number"])

    await gongkai.document_worklist.rows.runner.rebuild()
    for filters, found in expected:
        assert await document_ids(gongkai, **filters) == found, sorted(filters)


# ---------------------------------------------------------------- publications and their full-text index


async def search(app: Gongkai, text: str = "", **fields: Any) -> HitPage:
    """Search the published documents."""
    fields.setdefault("page_size", 100)
    return await app.publications.search(SearchQuery(text=text, **fields))


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_published_documents_of_any_length_are_found_by_their_words_column_and_organ(
    gongkai: Gongkai, size: int
) -> None:
    organ, twin_organ = twins(size, 21)
    column, twin_column = twins(size, 22)
    title = "就业补贴申领指南。" + varied(size, 23)
    text = "灵活就业人员社会保险补贴。" + varied(size, 24)
    fields = {"department": varied(size, 25), "document_number": varied(size, 26), "title": title, "text": text}
    guide = publish(gongkai, organ, column, varied(size, 27), **fields)
    twin = publish(gongkai, twin_organ, twin_column, "工作动态", title="就业补贴发放名单")
    both = {guide, twin}

    # Both have every word in the title and were published the same day: their ids order them.
    tied = sorted(both, key=str)
    expected: list[tuple[dict[str, Any], list[UUID]]] = [
        ({}, tied),
        ({"text": "就业补贴"}, tied),
        ({"text": "社会保险"}, [guide]),
        ({"organ": organ}, [guide]),
        ({"organ": twin_organ, "text": "补贴"}, [twin]),
        ({"column_id": column}, [guide]),
        ({"column_id": column, "text": "就业补贴"}, [guide]),
        ({"column_id": twin_column}, [twin]),
        ({"column_id": column[:KEY]}, []),
        ({"column_id": column + "丙"}, []),
        ({"organ": varied(size, 99), "column_id": varied(size, 98)}, []),
        ({"organ": varied(size, 99), "column_id": varied(size, 98), "text": "补贴"}, []),
    ]
    for query, found in expected:
        page = await search(gongkai, **query)
        assert (ids(page), page.total) == (found, len(found)), sorted(query)
    [hit] = (await search(gongkai, "社会保险")).hits
    assert (hit.organ, hit.title, hit.column_id) == (organ, title, column)
    assert hit.document_number == fields["document_number"]
    assert hit.excerpt.startswith("灵活就业人员社会保险补贴。") and len(hit.excerpt) <= 120

    await gongkai.publications.runner.rebuild()
    for query, found in expected:
        page = await search(gongkai, **query)
        assert (ids(page), page.total) == (found, len(found)), sorted(query)


def letters(count: int, seed: int) -> str:
    """A word of `count` lowercase letters in no order."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(count))


@pytest.mark.parametrize("length", [3_000, 100_000])
async def test_a_word_thousands_of_characters_long_is_found_by_itself_and_nothing_like_it(
    gongkai: Gongkai, length: int
) -> None:
    """PostgreSQL keeps no word over 2,047 bytes in its index; jieba takes minutes over a long run it cannot
    segment. A long word is kept as runs of at most 100 characters, in the document and in the query alike."""
    word = letters(length, 31)
    other = word[:-1] + ("a" if word[-1] != "a" else "b")
    unsegmented = "".join(chr(0x4E00 + (i * 7919) % 20_000) for i in range(length))
    organ = f"闵行区人力资源和社会保障局{uuid.uuid4().hex[:8]}"
    first = publish(gongkai, organ, title=f"培训通知 {word}")
    second = publish(gongkai, organ, title=f"培训通知 {other}", text=unsegmented)

    queries = [word[:100], word[-100:], other[-100:], unsegmented[:100], unsegmented[-100:]]
    expected = [[second, first], [first], [second], [second], [second]]
    for query, found in zip(queries, expected, strict=True):
        page = await search(gongkai, query, organ=organ)
        assert sorted(ids(page)) == sorted(found), query[:20]
    # A word is cut from its start: a query that starts elsewhere in it asks for other words.
    assert ids(await search(gongkai, word[-150:], organ=organ)) == []
    assert ids(await search(gongkai, f"培训 {other[-100:]}", organ=organ)) == [second]
    if length <= 100 * MAX_QUERY_WORDS:
        assert ids(await search(gongkai, word, organ=organ)) == [first]
        assert ids(await search(gongkai, other, organ=organ)) == [second]


async def test_characters_outside_the_basic_plane_are_kept_and_found(gongkai: Gongkai) -> None:
    organ = f"𠀀𠀁人社局{uuid.uuid4().hex[:8]}"
    department, column = "𪚥𪚥科", "𠀀栏目"
    titled = publish(gongkai, organ, column, "𠀀𠀁栏目", title="𠀀𠀁就业补贴😀公告", department=department)
    in_text = publish(gongkai, organ, column, "𠀀𠀁栏目", title="通知", text="😀" * 3000 + "𪚥𪚥补贴")
    drafted = uuid.uuid4()
    log(gongkai, [registered(drafted, organ, department=department, title="𠀀😀")])
    request = uuid.uuid4()
    log(gongkai, [received(request, organ, department)])

    assert ids(await search(gongkai, "𠀀𠀁", organ=organ)) == [titled]
    assert ids(await search(gongkai, "𪚥𪚥 补贴", organ=organ)) == [in_text]
    assert set(ids(await search(gongkai, column_id=column, organ=organ))) == {titled, in_text}
    assert await request_ids(gongkai, organ, department) == {request}
    assert await document_ids(gongkai, organ, department) == {titled, drafted}


async def test_a_text_with_more_words_than_a_word_index_holds_is_kept_and_found_by_its_first_words(
    gongkai: Gongkai,
) -> None:
    """A PostgreSQL word index holds at most 1 MB of distinct words: this text has 1.6 MB of them."""
    numbers = " ".join(str(n) for n in range(1_000_000, 1_200_000))
    organ = f"闵行区统计局{uuid.uuid4().hex[:8]}"
    table = publish(gongkai, organ, title="2024年度就业统计数据", text=numbers)

    assert ids(await search(gongkai, "统计数据", organ=organ)) == [table]
    assert ids(await search(gongkai, "就业 1000000", organ=organ)) == [table]
    assert ids(await search(gongkai, organ=organ)) == [table]
    await gongkai.publications.runner.rebuild()
    assert ids(await search(gongkai, "统计数据 1000001", organ=organ)) == [table]


async def test_nul_and_backslashes_are_kept_and_told_apart(gongkai: Gongkai) -> None:
    """PostgreSQL holds NUL in neither text nor jsonb; the log holds it in events stored before the door refused it.
    Each value stays itself: `a\\0b` written with a backslash is not `a` NUL `b`."""
    suffix = uuid.uuid4().hex[:8]
    organ, lookalike = f"闵行\x00人社局{suffix}", f"闵行\\0人社局{suffix}"
    department, column = "社会\x00保险科\\", "wo\x00rk"
    request, other_request = uuid.uuid4(), uuid.uuid4()
    log(gongkai, [received(request, organ, department)])
    log(gongkai, [received(other_request, lookalike, department)])
    found = publish(gongkai, organ, column, "工作\x00动态", title="就业\x00补贴公告", department=department)
    lookalike_found = publish(gongkai, lookalike, column, "工作动态", title="就业补贴公告")

    assert await request_ids(gongkai, organ, department) == {request}
    assert await request_ids(gongkai, lookalike) == {other_request}
    assert await document_ids(gongkai, organ, department) == {found}
    assert ids(await search(gongkai, "补贴", organ=organ, column_id=column)) == [found]
    assert ids(await search(gongkai, organ=lookalike)) == [lookalike_found]
    [hit] = (await search(gongkai, "就业", organ=organ)).hits
    assert (hit.organ, hit.department, hit.title, hit.column_id) == (organ, department, "就业\x00补贴公告", column)
    [state] = [s for s in (await gongkai.worklist_store.page(RowFilter(organ=organ), 0, 500))[0] if s.id == request]
    assert (state.organ, state.department) == (organ, department)
