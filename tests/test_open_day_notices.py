"""The open days' notices: due from the log, sent once recorded, retried after a failure without losing anything,
on both stores; and the e-mail channel against a real SMTP server (aiosmtpd) the test starts."""

from __future__ import annotations

import email
import email.policy
import socket
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import attrs
import pytest
from aiosmtpd.controller import Controller

from adapters.bootstrap import Gongkai, build
from adapters.notifications import SmtpNotifier
from application.open_day_board import FOLDED
from application.open_day_notices import Notice, NotificationFailed, Outbox
from application.open_days import RegistrationView
from application.streams import OPEN_DAY_NOTICES
from domain.actors import Role
from domain.open_day import commands as cmd
from domain.open_day import events as ev
from domain.open_day.values import NoticeKind, notices_id
from domain.personal_data import PersonalData
from tests.domain.open_day_builders import planning, shanghai
from tests.support import FixedClock, credential

ORGANISER = credential(Role.ORGANISER)


class FakeChannel:
    """A notification channel that records what it was given, and fails while `failing` is above 0."""

    def __init__(self) -> None:
        self.sent: list[Notice] = []
        self.failing = 0

    def send(self, notice: Notice) -> str:
        """Record the notice, or fail."""
        if self.failing:
            self.failing -= 1
            raise NotificationFailed("the channel is down")
        self.sent.append(notice)
        return "fake"


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@attrs.define
class World:
    gongkai: Gongkai
    clock: FixedClock
    channel: FakeChannel
    ticks: Ticks
    outbox: Outbox

    def kinds(self) -> list[tuple[str, NoticeKind]]:
        return [(n.registrant.name, n.kind) for n in self.channel.sent]


@pytest.fixture
def world(empty_store_url: str) -> Iterator[World]:
    clock = FixedClock(shanghai(5, 10))
    gongkai = build(empty_store_url, clock=clock)
    channel, ticks = FakeChannel(), Ticks()
    try:
        yield World(gongkai, clock, channel, ticks, Outbox(gongkai.store, channel, clock, ticks))
    finally:
        gongkai.close()


def _open_day(world: World, capacity: int = 1) -> Any:
    saved = world.gongkai.open_days.plan(planning(capacity=capacity), ORGANISER)
    world.gongkai.open_days.execute(saved.state.id, cmd.OpenRegistration(), ORGANISER)
    return saved.state.id


def _register(world: World, open_day_id: Any, n: int) -> RegistrationView:
    person = PersonalData(name=f"市民{n}", id_number=f"31011219800101{n:04d}", email=f"p{n}@example.org")
    return world.gongkai.open_days.register(
        cmd.Register(open_day_id=open_day_id, registration_id=uuid.uuid4(), registrant=person, age=40)
    )


def test_confirmation_promotion_new_date_and_cancellation_are_each_told_once(world: World) -> None:
    day = _open_day(world, capacity=1)
    first, _ = _register(world, day, 1), _register(world, day, 2)
    assert world.outbox.run_once() == 1
    assert world.kinds() == [("市民1", NoticeKind.CONFIRMED)]
    world.gongkai.open_days.cancel(first.code or "")
    world.gongkai.open_days.execute(
        day, cmd.Reschedule(starts_at=shanghai(21, 9), ends_at=shanghai(21, 11), reason="场地检修"), ORGANISER
    )
    world.gongkai.open_days.execute(day, cmd.CancelOpenDay(reason="台风预警"), ORGANISER)
    assert world.outbox.run_once() == 3
    assert world.kinds()[1:] == [
        ("市民2", NoticeKind.PROMOTED),
        ("市民2", NoticeKind.RESCHEDULED),
        ("市民2", NoticeKind.CANCELLED),
    ]
    assert world.outbox.run_once() == 0
    # A new process reads the same log: every notice is recorded as sent, none goes out again.
    again = Outbox(world.gongkai.store, world.channel, world.clock, world.ticks)
    assert again.run_once() == 0 and again.due == []
    sent = world.gongkai.store.load(OPEN_DAY_NOTICES, notices_id(_registration_id(world, "市民2")))
    assert {kind for kind, _ in sent.sent} == {NoticeKind.PROMOTED, NoticeKind.RESCHEDULED, NoticeKind.CANCELLED}


def test_the_board_reads_registrants_unopened_and_their_notices_carry_them_opened(world: World) -> None:
    day = _open_day(world)
    _register(world, day, 1)
    store = world.gongkai.store
    logged = store.read_log_of(FOLDED, 0, store.last_position(), 100, personal_data=False)
    registrant = next(e.event.registrant for e in logged if isinstance(e.event, ev.Registered))
    assert registrant.person_id and registrant == PersonalData.unopened(registrant.person_id)
    with pytest.raises(ValueError, match="read unopened"):  # never sealed again in its place
        store.codec.sealing.seal(registrant)
    assert world.outbox.run_once() == 1
    assert world.kinds() == [("市民1", NoticeKind.CONFIRMED)]


def _registration_id(world: World, name: str) -> Any:
    return next(n.registration_id for n in world.channel.sent if n.registrant.name == name)


def test_a_failed_notice_is_tried_again_later_and_the_registration_stands(world: World) -> None:
    day = _open_day(world, capacity=2)
    world.channel.failing = 1
    registration = _register(world, day, 1)
    assert world.outbox.run_once() == 0
    assert world.gongkai.open_days.registration(registration.code or "").standing.place == "confirmed"
    assert [c.kind for c in world.outbox.due] == [NoticeKind.CONFIRMED]
    assert world.outbox.run_once() == 0  # not before its retry time (5 s after the failure)
    world.ticks.now += 5
    assert world.outbox.run_once() == 1
    assert world.kinds() == [("市民1", NoticeKind.CONFIRMED)] and world.outbox.due == []


def test_notices_due_when_no_process_was_sending_are_sent_when_one_starts(world: World) -> None:
    day = _open_day(world, capacity=5)
    for n in range(3):
        _register(world, day, n)
    fresh = Outbox(world.gongkai.store, world.channel, world.clock, world.ticks)
    assert fresh.run_once() == 3
    assert world.outbox.run_once() == 0  # the other outbox reads the records of what was sent


class Mailbox:
    """An SMTP server's handler that keeps each message, and refuses while `refusing` is above 0."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refusing = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusing:
            self.refusing -= 1
            return "451 Requested action aborted: try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox, port = Mailbox(), _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


NOTICE = Notice(
    kind=NoticeKind.PROMOTED,
    registration_id=uuid.uuid4(),
    registrant=PersonalData(name="陈静", email="chenjing@example.org"),
    title="“乐业闵行”就业政策宣讲会",
    starts_at=shanghai(14, 9, 30),
    ends_at=shanghai(14, 11, 30),
    where="闵行区人社局三楼报告厅",
)


def test_the_email_channel_delivers_to_a_real_smtp_server(smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    channel = SmtpNotifier(host="127.0.0.1", port=port, sender="gongkai@mhrss.example.cn")
    assert channel.send(NOTICE) == "email"
    [(to, message)] = mailbox.messages
    assert to == ["chenjing@example.org"]
    assert message["Subject"] == "候补转正：“乐业闵行”就业政策宣讲会"
    body = message.get_content()
    assert "陈静" in body and "2025-03-14 09:30–11:30" in body and "三楼报告厅" in body


def test_the_email_channel_reports_a_refusal_and_an_absent_server_as_a_failure(smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    mailbox.refusing = 1
    channel = SmtpNotifier(host="127.0.0.1", port=port, sender="gongkai@mhrss.example.cn")
    with pytest.raises(NotificationFailed):
        channel.send(NOTICE)
    assert channel.send(NOTICE) == "email"
    with pytest.raises(NotificationFailed):
        SmtpNotifier(host="127.0.0.1", port=_free_port(), sender="x@example.cn", timeout=2).send(NOTICE)
    no_address = attrs.evolve(NOTICE, registrant=PersonalData(name="陈静"))
    assert channel.send(no_address) == "none: no e-mail address"
    assert len(mailbox.messages) == 1


def test_an_open_day_by_live_stream_is_told_with_its_link(smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    notice = attrs.evolve(NOTICE, kind=NoticeKind.CONFIRMED, where="https://live.example.cn/open-day")
    SmtpNotifier(host="127.0.0.1", port=port, sender="gongkai@mhrss.example.cn").send(notice)
    assert "https://live.example.cn/open-day" in mailbox.messages[0][1].get_content()
