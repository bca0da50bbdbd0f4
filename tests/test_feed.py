"""The feed's use case over each store's log: a page looks through a bounded stretch of the log, a quiet stream says
it is alive, and on PostgreSQL one write wakes every follower waiting for it at once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

import application.feed
from adapters.bootstrap import Gongkai, build
from application.event_forms import Audience
from application.feed import FeedPage, FeedQuery
from domain.actors import Role
from tests.feed_support import receive
from tests.support import credential, unique

BASE = "http://gongkai.test"


@pytest.fixture(params=["memory", "sqlite"])
def gongkai(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Gongkai]:
    """The application on an in-memory store and on an embedded one."""
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path}/gongkai.sqlite3"
    app = build(url)
    yield app
    app.close()


async def test_a_page_looks_through_a_bounded_stretch_of_the_log(
    gongkai: Gongkai, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(application.feed, "SCAN_POSITIONS", 5)
    head = gongkai.store.last_position()
    page = await gongkai.feed.page_for(Audience.PUBLIC, FeedQuery(after=2, organ="没有这个机关"), BASE)
    assert page == application.feed.FeedPage([], 7, head)  # nothing found, and the next page starts past it
    page = await gongkai.feed.page_for(Audience.PUBLIC, FeedQuery(after=2, limit=3), BASE)
    assert [e["position"] for e in page.events] == [3, 4, 5] and page.next_after == 5


async def test_a_quiet_stream_says_it_is_alive_and_wakes_for_a_new_event(gongkai: Gongkai) -> None:
    head = gongkai.store.last_position()
    pages = gongkai.feed.follow(Audience.PUBLIC, FeedQuery(after=head), BASE, heartbeat_seconds=0.05)
    try:
        heartbeat = await asyncio.wait_for(anext(pages), timeout=5)
        assert heartbeat.events == [] and heartbeat.next_after == head
        writer = threading.Timer(0.1, receive, args=(gongkai, unique("闵行区民政局")))
        writer.start()
        while not (page := await asyncio.wait_for(anext(pages), timeout=5)).events:
            pass  # heartbeats until the write is there
        writer.join()
        assert page.events[0]["type"] == "gongkai.disclosure_request.received"
    finally:
        await pages.aclose()
        await gongkai.feed.close()


async def test_one_write_wakes_every_waiting_follower_at_once(fresh_postgres_url: str) -> None:
    gongkai = build(fresh_postgres_url)
    log = gongkai.feed._log  # the store's log reader: what every follower of this process waits on
    try:
        head = gongkai.store.last_position()
        loop = asyncio.get_running_loop()
        waiting = [asyncio.create_task(log.wait_for_events(head, 30)) for _ in range(20)]
        await asyncio.sleep(0.3)  # all of them waiting
        began = loop.time()
        await asyncio.to_thread(receive, gongkai, unique("闵行区民政局"))
        assert await asyncio.gather(*waiting) == [True] * 20
        assert loop.time() - began < 5  # woken by the notification, not by their timeout
    finally:
        await gongkai.aclose()


async def test_an_integrator_paging_through_gets_each_page_as_the_log_stands_when_it_asks(
    gongkai: Gongkai, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    page_for = gongkai.feed.page_for

    async def counted(audience: Audience, query: FeedQuery, base: str, until: int | None = None) -> FeedPage:
        reads.append(query.after)
        return await page_for(audience, query, base, until)

    monkeypatch.setattr(gongkai.feed, "page_for", counted)
    integrator, organ = credential(Role.INTEGRATOR), unique("闵行区民政局")
    start = gongkai.store.last_position()
    for _ in range(4):
        receive(gongkai, organ)  # two events each
    first = await gongkai.feed.page(integrator, FeedQuery(after=start, limit=3), BASE)
    second = await gongkai.feed.page(integrator, FeedQuery(after=first.next_after, limit=3), BASE)
    assert reads == [start, first.next_after]  # the second was made while the first was taken, and served
    # The third, made ahead, reached the head then (2 of 3 events): not served so once the log has grown.
    await asyncio.wait(list(gongkai.feed._ahead.values()))
    receive(gongkai, organ)
    third = await gongkai.feed.page(integrator, FeedQuery(after=second.next_after, limit=3), BASE)
    assert reads.count(second.next_after) == 2
    fourth = await gongkai.feed.page(integrator, FeedQuery(after=third.next_after, limit=3), BASE)
    positions = [e["position"] for page in (first, second, third, fourth) for e in page.events]
    assert positions == [e.position for e in gongkai.store.read_log(start, 100)]
    assert fourth.next_after == fourth.head == gongkai.store.last_position()
    await gongkai.feed.close()


async def test_an_auditors_pages_are_never_made_ahead(gongkai: Gongkai) -> None:
    start = gongkai.store.last_position()
    for _ in range(3):
        receive(gongkai, unique("闵行区民政局"))
    auditor = credential(Role.AUDITOR)
    page = await gongkai.feed.page(auditor, FeedQuery(after=start, limit=2), BASE)
    assert page.next_after < page.head
    assert gongkai.feed._ahead == {}  # personal data read ahead could be erased before it is asked for
    await gongkai.feed.close()
