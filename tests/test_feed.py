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
from application.feed import FeedQuery
from tests.feed_support import receive
from tests.support import unique

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
