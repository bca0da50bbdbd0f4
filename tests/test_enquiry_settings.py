"""R-ENQ-REPLY's number is the organ's setting (5 working days by default), read from the settings file, and every
due date the message board derives uses it: an enquiry's own, and the queues' overdue filter."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest

from adapters.bootstrap import build
from adapters.settings_file import SettingsFileError, parse_settings
from application.enquiry_queues import QueueQuery
from application.settings import Settings
from domain.actors import Role
from domain.personal_data import PersonalData
from domain.policy_enquiry import commands as cmd
from domain.policy_enquiry.rules import EnquiryRules
from domain.policy_enquiry.values import EnquiryChannel
from tests.support import FixedClock, credential, unique


def test_the_settings_file_sets_the_number_by_default_and_per_organ() -> None:
    settings = parse_settings(
        '{"default": {"enquiry_reply_working_days": 7}, "organs": {"甲局": {"enquiry_reply_working_days": 3}}}'
    )
    assert settings.enquiry_rules("甲局") == EnquiryRules(3)
    assert settings.enquiry_rules("乙局") == EnquiryRules(7)
    assert parse_settings("{}").enquiry_rules("乙局") == EnquiryRules(5)
    with pytest.raises(SettingsFileError, match="enquiry_reply_working_days"):
        parse_settings('{"default": {"enquiry_reply_working_days": 0}}')


@pytest.mark.parametrize("store", ["memory", "sqlite", "postgresql"])
def test_an_organs_own_number_moves_the_due_date_and_the_overdue_filter(
    store: str, request: pytest.FixtureRequest
) -> None:
    url = (
        "memory://"
        if store == "memory"
        else request.getfixturevalue({"sqlite": "sqlite_url", "postgresql": "postgres_url"}[store])
    )
    clock = FixedClock()
    clock.set_business_day(date(2025, 3, 3))
    own, other = unique("甲局"), unique("乙局")
    settings = Settings(enquiry_rules_by_organ={own: EnquiryRules(3)})
    gongkai = build(url, clock=clock, settings=settings)
    try:
        board, clerk = gongkai.enquiry_board, credential(Role.CLERK)
        ids = {}
        for organ in (own, other):
            command = cmd.ReceiveEnquiry(
                enquiry_id=uuid.uuid4(),
                organ=organ,
                channel=EnquiryChannel.ONLINE,
                arrived_at=clock.now(),
                asker=PersonalData(name="李雷"),
                question="请问补贴怎么申领？",
            )
            saved = board.enquiries.submit(command)
            board.enquiries.execute(saved.enquiry_id, cmd.RouteEnquiry(department="就业促进科"), clerk)
            ids[organ] = saved.enquiry_id
        # 甲局: 3/4, 3/5, 3/6 → due Thu 3/6; 乙局: the default 5 → Mon 3/10.
        assert board.enquiries.view(ids[own], clerk).reply_due.due == date(2025, 3, 6)
        assert board.enquiries.view(ids[other], clerk).reply_due.due == date(2025, 3, 10)
        calendar = gongkai.calendar.current()

        async def overdue(organ: str) -> list[uuid.UUID]:
            try:
                query = QueueQuery(organ=organ, overdue=True)
                page = await board.queues.query(query, calendar, date(2025, 3, 7), clerk)
                counts, _ = await board.queues.departments(organ, calendar, date(2025, 3, 7), clerk)
                assert [(c.waiting, c.overdue) for c in counts] == [(1, len(page.items))]
                return [item.row.enquiry_id for item in page.items]
            finally:
                await board.close_read_side()

        assert asyncio.run(overdue(own)) == [ids[own]]
        assert asyncio.run(overdue(other)) == []
    finally:
        gongkai.close()
