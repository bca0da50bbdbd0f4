"""The SSE stream's pages made ahead of the client: a client that goes away while they wait to be sent ends the
stream's work at once (it held up the server's shutdown for ever)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncGenerator

from adapters.http.events import _messages
from application.feed import FeedPage


async def _endless() -> AsyncGenerator[FeedPage, None]:
    for position in itertools.count(1):
        yield FeedPage([], position, position)


async def test_a_client_gone_while_pages_wait_to_be_sent_ends_the_streams_work() -> None:
    messages = _messages(_endless(), 0)
    assert (await anext(messages)).encode().startswith(b"retry:")
    assert (await anext(messages)).encode() == b"id: 1\r\n\r\n"
    await asyncio.sleep(0.05)  # the pages made ahead fill the queue: the producer waits
    loop = asyncio.get_running_loop()
    began = loop.time()
    await asyncio.wait_for(messages.aclose(), timeout=5)  # as Litestar does when the client disconnects
    assert loop.time() - began < 1
