"""The public-safe event feed relayed to a NATS JetStream stream, each event once, in log order.

Subjects: `<prefix>.<organ token>.<stream type>` (prefix `gongkai.events` by default). A NATS subject token cannot
hold a space, `.`, `*` or `>`, so the organ is percent-encoded: each UTF-8 byte other than an ASCII letter, digit,
`_` or `-` as `%XX` (闵行区民政局 → `%E9%97%B5%E8%A1%8C…`), which `organ_of_token` reverses; records of no organ (staff,
holiday tables) go under `~`, which no encoded organ can be.

Each message carries the envelope (application/cloudevents+json), `Nats-Msg-Id` = the CloudEvents id (JetStream
drops a duplicate within its duplicate window), the log position in `Gongkai-Position`, and
`Nats-Expected-Last-Sequence`: a message is stored only right after the one before it, so a failed publish (or a
second relay) can never leave a gap or reorder the stream; the relay then reads the stream's last message and
resumes after the position it names. That is also where it resumes after a restart: the stream is its checkpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

import msgspec
import nats
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from application.event_forms import Audience
from application.feed import Feed, FeedQuery

DEFAULT_PREFIX = "gongkai.events"
NO_ORGAN = "~"
POSITION_HEADER = "Gongkai-Position"
ACK_SECONDS = 30.0
"""How long a page's acknowledgements may take before the relay reads the stream again and resumes from it."""
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 30.0
_UNSAFE = re.compile(rb"[^A-Za-z0-9_-]")
logger = logging.getLogger("gongkai.relay")


def organ_token(organ: str | None) -> str:
    """An organ as one NATS subject token, reversibly."""
    if not organ:
        return NO_ORGAN
    return _UNSAFE.sub(lambda m: b"%%%02X" % m.group()[0], organ.encode()).decode("ascii")


def organ_of_token(token: str) -> str | None:
    """The organ a subject token stands for."""
    return None if token == NO_ORGAN else unquote_to_bytes(token).decode()


def subject(prefix: str, envelope: dict[str, Any]) -> str:
    """The subject of an envelope: by organ and stream type."""
    return f"{prefix}.{organ_token(envelope.get('organ'))}.{envelope['streamtype']}"


async def ensure_stream(js: JetStreamContext, name: str, prefix: str) -> None:
    """Create the stream (every subject under the prefix) unless it exists."""
    try:
        await js.stream_info(name)
    except NotFoundError:
        await js.add_stream(name=name, subjects=[f"{prefix}.>"])


async def last_published(js: JetStreamContext, name: str) -> tuple[int, int | None]:
    """The stream's last sequence number and the log position its last message carries (None when empty)."""
    info = await js.stream_info(name)
    sequence = info.state.last_seq
    if not sequence:
        return 0, None
    message = await js.get_msg(name, seq=sequence)
    position = (message.headers or {}).get(POSITION_HEADER)
    if position is None or not position.isdigit():
        raise RuntimeError(f"the last message of {name} (sequence {sequence}) has no {POSITION_HEADER} header")
    return sequence, int(position)


class Relay:
    """Publishes the feed's public-safe form to one stream, resuming after what the stream holds."""

    def __init__(
        self, feed: Feed, js: JetStreamContext, stream: str, prefix: str, schema_base: str, after: int = 0
    ) -> None:
        self._feed, self._js, self._stream, self._prefix = feed, js, stream, prefix
        self._schema_base = schema_base
        self._after = after
        """Where to begin when the stream is empty."""
        self.published = 0

    async def run(self, until: int | None = None, on_page: Callable[[int], None] | None = None) -> int:
        """Publish until the position `until` (for ever when None), outlasting failures; returns the position."""
        pause = FIRST_PAUSE
        while True:
            try:
                sequence, position = await last_published(self._js, self._stream)
                after = self._after if position is None else position
                if until is not None and after >= until:
                    return after
                await self._publish_from(sequence, after, until, on_page)
                pause = FIRST_PAUSE
            except asyncio.CancelledError:
                raise
            except Exception as error:  # NATS or the store away, or a publish refused: read the stream again
                logger.warning("relay: %s: %s; resuming from the stream in %.1f s", type(error).__name__, error, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)

    async def _publish_from(
        self, sequence: int, after: int, until: int | None, on_page: Callable[[int], None] | None
    ) -> None:
        encode = msgspec.json.encode
        pages = self._feed.follow(Audience.PUBLIC, FeedQuery(after=after), self._schema_base, until)
        async for page in pages:
            acks = []
            for envelope in page.events:
                headers = {
                    "Nats-Msg-Id": envelope["id"],
                    POSITION_HEADER: str(envelope["position"]),
                    "Nats-Expected-Last-Sequence": str(sequence),
                    "Content-Type": "application/cloudevents+json",
                }
                to = subject(self._prefix, envelope)
                acks.append(await self._js.publish_async(to, encode(envelope), headers=headers))
                sequence += 1
            if acks:
                await self._acknowledged(acks)
                self.published += len(acks)
                if on_page is not None:
                    on_page(page.events[-1]["position"])

    @staticmethod
    async def _acknowledged(acks: list[asyncio.Future[Any]]) -> None:
        """Wait for every acknowledgement of a page; the first failure is raised (the stream holds none after it)."""
        try:
            await asyncio.wait_for(asyncio.gather(*acks), timeout=ACK_SECONDS)
        finally:
            for ack in acks:
                ack.cancel()
                if ack.done() and not ack.cancelled():
                    with contextlib.suppress(Exception):
                        ack.exception()  # retrieved, so that asyncio does not warn of it


async def relay_to_nats(
    feed: Feed, server: str, stream: str, prefix: str, schema_base: str, after: int = 0, until: int | None = None
) -> int:
    """Connect, make the stream if missing, and relay; returns how many events this run published."""
    connection = await nats.connect(server, name="gongkai relay", max_reconnect_attempts=-1)
    try:
        js = connection.jetstream()
        await ensure_stream(js, stream, prefix)
        relay = Relay(feed, js, stream, prefix, schema_base, after)
        await relay.run(until)
        return relay.published
    finally:
        await connection.drain()
