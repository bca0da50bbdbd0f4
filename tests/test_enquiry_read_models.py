"""The message board's read models on every store: no due date is kept in them, so a holiday table loaded later
changes which questions are overdue at once, with no row derived again (R-COUNT-4, R-COUNT-3); and a rebuild from the
log gives the same pages."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

from adapters.bootstrap import Gongkai, build
from application.enquiry_list import EnquiryListQuery
from application.enquiry_queues import QueueQuery
from domain.actors import Role
from domain.calendar import HolidayYear
from domain.personal_data import PersonalData
from domain.policy_enquiry import commands as cmd
from domain.policy_enquiry.values import EnquiryChannel
from tests.support import FixedClock, credential

CLERK = credential(Role.CLERK)


def _asked(gongkai: Gongkai, clock: FixedClock, organ: str, department: str | None = None) -> uuid.UUID:
    command = cmd.ReceiveEnquiry(
        enquiry_id=uuid.uuid4(),
        organ=organ,
        channel=EnquiryChannel.ONLINE,
        arrived_at=clock.now(),
        asker=PersonalData(name="韩梅梅"),
        question="请问稳岗补贴何时发放？",
    )
    saved = gongkai.enquiry_board.enquiries.submit(command)
    if department:
        gongkai.enquiry_board.enquiries.execute(saved.enquiry_id, cmd.RouteEnquiry(department=department), CLERK)
    return saved.enquiry_id


async def _overdue(gongkai: Gongkai, today: date) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """The overdue questions in the queues and in the list, as a request today would ask for them."""
    board, calendar = gongkai.enquiry_board, gongkai.calendar.current()
    try:
        queues = await board.queues.query(QueueQuery(overdue=True), calendar, today, CLERK)
        listed = await board.listing.query(EnquiryListQuery(overdue=True), calendar, today, CLERK)
        return [i.row.enquiry_id for i in queues.items], [i.record.id for i in listed.items]
    finally:
        await gongkai.close_read_side()


def test_a_holiday_table_loaded_later_moves_the_overdue_questions_at_once(empty_store_url: str) -> None:
    clock = FixedClock()
    clock.set_business_day(date(2027, 3, 1))
    gongkai = build(empty_store_url, clock=clock)
    try:
        asked = _asked(gongkai, clock, "某区人社局", "就业促进科")
        # 2027 has no table yet: Monday to Friday count, so received Mon 3/1 it is due Mon 3/8, overdue on Tue 3/9.
        assert asyncio.run(_overdue(gongkai, date(2027, 3, 9))) == ([asked], [asked])
        # The year's table (a made-up one) takes 3/2–3/5 off: 3/8 = 1 … 3/12 = 5, so not overdue on 3/9.
        days_off = frozenset(date(2027, 3, d) for d in range(2, 6))
        gongkai.calendar.load(
            [HolidayYear(2027, days_off, frozenset())], "测试用节假日安排", credential(Role.ADMINISTRATOR)
        )
        assert asyncio.run(_overdue(gongkai, date(2027, 3, 9))) == ([], [])
        assert asyncio.run(_overdue(gongkai, date(2027, 3, 15))) == ([asked], [asked])
    finally:
        gongkai.close()


def test_a_rebuild_from_the_log_gives_the_same_pages(empty_store_url: str) -> None:
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 3))
    gongkai = build(empty_store_url, clock=clock)
    try:
        for department in ("就业促进科", None, "社会保险科"):
            _asked(gongkai, clock, "某区人社局", department)
        board, calendar, today = gongkai.enquiry_board, gongkai.calendar.current(), date(2025, 3, 12)

        async def pages() -> tuple[object, object]:
            try:
                queues = await board.queues.query(QueueQuery(), calendar, today, CLERK)
                listed = await board.listing.query(EnquiryListQuery(), calendar, today, CLERK)
                return queues.items, listed.items
            finally:
                await gongkai.close_read_side()

        async def rebuilt() -> None:
            try:
                await board.queues.runner.rebuild()
                await board.published.runner.rebuild()
            finally:
                await gongkai.close_read_side()

        before = asyncio.run(pages())
        assert len(before[0]) == 5 and len(before[1]) == 3  # 3 office stays, 2 department stays
        asyncio.run(rebuilt())
        assert asyncio.run(pages()) == before
    finally:
        gongkai.close()
