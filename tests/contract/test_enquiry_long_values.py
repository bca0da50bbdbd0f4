"""The message board's read models store, list and find any value the log can hold, however long, on both stores:
an organ, a department or a public text of a megabyte, twins alike but for their last character, and NUL.

Events are appended straight to the log, as events stored before the door had its limits were (see
test_long_values, whose helpers these tests share)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from uuid import UUID

import pytest

from adapters.bootstrap import Gongkai
from application.enquiry_queues import QueueQuery
from application.published_enquiries import EnquirySearch
from domain.actors import Role
from domain.calendar import SHANGHAI
from domain.events import DomainEvent
from domain.personal_data import PersonalData
from domain.policy_enquiry import events as ev
from domain.policy_enquiry.values import EnquiryChannel
from tests.contract.test_long_values import AT, SIZES, TODAY, gongkai, log, twins, varied
from tests.support import actor, credential

__all__ = ["gongkai"]  # the fixture, shared


def asked_and_routed(enquiry_id: UUID, organ: str, department: str) -> list[DomainEvent]:
    """A question received online on Mon 3/3 and routed whole to a department the same day."""
    at = {"originator_id": enquiry_id, "timestamp": AT}
    return [
        ev.Received(
            **at, originator_version=1, actor=actor(Role.ADMINISTRATOR), organ=organ, channel=EnquiryChannel.ONLINE,
            arrived_at=datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI), receipt_date=date(2025, 3, 3),
            receipt_code="Q7KX3M9PTA", asker=PersonalData(name="张伟"), question="补贴怎么申领？",
        ),
        ev.PartAssigned(
            **at, originator_version=2, actor=actor(Role.CLERK), part=1, department=department, scope=None,
            assigned_on=date(2025, 3, 3), note=None,
        ),
    ]  # fmt: skip


def replied_and_published(enquiry_id: UUID, title: str, text: str) -> list[DomainEvent]:
    """Part 1 answered, the reply given and the question published on 3/4: versions 3 to 5."""
    at = {"originator_id": enquiry_id, "timestamp": AT}
    day = date(2025, 3, 4)
    return [
        ev.PartAnswered(**at, originator_version=3, actor=actor(Role.DEPARTMENT_HANDLER), part=1, answered_on=day,
                        answer="可在一网通办申领。"),
        ev.Replied(**at, originator_version=4, actor=actor(Role.CLERK), replied_on=day, reply="可在一网通办申领。"),
        ev.SelectedForPublication(**at, originator_version=5, actor=actor(Role.PUBLISHER), published_on=day,
                                  public_title=title, public_question=text, public_reply=text),
    ]  # fmt: skip


async def waiting_in(app: Gongkai, organ: str | None = None, department: str | None = None) -> set[UUID]:
    """The questions with a part waiting in the queues the filters name."""
    query = QueueQuery(organ=organ, department=department, waiting=True, page_size=500)
    page = await app.enquiry_board.queues.query(query, app.calendar.current(), TODAY, credential(Role.CLERK))
    assert page.total == len(page.items)
    return {item.row.enquiry_id for item in page.items}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_queues_of_any_organ_and_department_are_listed_and_filtered(gongkai: Gongkai, size: int) -> None:
    organ, twin_organ = twins(size, 11)
    department, twin_department = twins(size, 12)
    first, twin, nul = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    log(gongkai, asked_and_routed(first, organ, department))
    log(gongkai, asked_and_routed(twin, twin_organ, twin_department))
    log(gongkai, asked_and_routed(nul, "闵行区\x00人社局", "就业\\0促进科"))

    assert await waiting_in(gongkai, organ) == {first}
    assert await waiting_in(gongkai, organ, department) == {first}
    assert await waiting_in(gongkai, organ, twin_department) == set()
    assert await waiting_in(gongkai, department=twin_department) == {twin}
    assert await waiting_in(gongkai, "闵行区\x00人社局") == {nul}
    assert await waiting_in(gongkai, "闵行区\\0人社局") == set()
    counts, _ = await gongkai.enquiry_board.queues.departments(
        organ, gongkai.calendar.current(), TODAY, credential(Role.CLERK)
    )
    # Received Mon 3/3, due Mon 3/10 (TODAY): waiting, not yet overdue.
    assert [(c.department, c.waiting, c.overdue) for c in counts] == [(department, 1, 0)]


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_a_published_question_of_any_length_is_found(gongkai: Gongkai, size: int) -> None:
    organ = varied(size, 21)
    long_one, nul = uuid.uuid4(), uuid.uuid4()
    log(gongkai, [*asked_and_routed(long_one, organ, "就业促进科"), *replied_and_published(long_one, varied(size, 22),
        "高校毕业生就业补贴" + varied(size, 23))])  # fmt: skip
    log(gongkai, [*asked_and_routed(nul, "某局", "就业促进科"), *replied_and_published(nul, "标题\x00",
        "灵活就业\x00社保补贴")])  # fmt: skip
    published = gongkai.enquiry_board.published
    found = await published.search(EnquirySearch(text="就业补贴", organ=organ))
    assert [h.id for h in found.hits] == [long_one]
    found = await published.search(EnquirySearch(text="社保补贴"))
    assert nul in [h.id for h in found.hits]
    listed = await published.search(EnquirySearch(organ=organ))
    assert [h.id for h in listed.hits] == [long_one]
