"""The event feed for other systems: the one log in order, each event as a CloudEvents envelope in its reader's form.

A page starts after a position and says where to continue (`next_after`): past the last event sent, and past any
event its filters skipped, so a filtered reader never reads those again. One page looks through a bounded stretch of
the log (SCAN_POSITIONS), so a rare filter costs a few pages, not one long request. Events are made straight from the
stored JSON bodies (`cloud_event`), never through domain objects: this is the hot path of every integration.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncGenerator, Callable, Collection, Sequence
from typing import Any, NamedTuple, Protocol
from uuid import UUID

import attrs

from application.event_forms import EVENT_TYPES, Audience, cloud_event
from application.event_schemas import schema_path
from application.permissions import Operation, acting, permits
from application.streams import STREAM_TYPES
from domain.errors import InvalidValue
from domain.staff import Credential

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
SCAN_POSITIONS = 10 * MAX_LIMIT
"""How far past its `after` one page looks at most: a page whose filters match nothing there ends empty, its
`next_after` moved on."""
AHEAD_PAGES = 4
"""Integrators' next pages a process makes ahead at most (each some hundreds of kilobytes): a few readers catching up
at once are served so; more share them, the oldest dropped."""
HEARTBEAT_SECONDS = 15.0
"""How long a followed stream stays silent at most: then it says it is alive (proxies close idle connections)."""
ORGAN_CACHE_SIZE = 200_000
"""Streams whose organ a process remembers (a stream never changes organ)."""
STREAM_TYPE_NAMES = tuple(stream.name for stream in STREAM_TYPES)
SCHEMA_BASES = 16
"""Base URLs (and audiences) whose schema URLs a process keeps made."""
ORGAN_FIELD = "organ"
ORGAN_TYPES = frozenset(name for name, t in EVENT_TYPES.items() if ORGAN_FIELD in attrs.fields_dict(t))
"""Event types whose body names the organ; the other events of their streams belong to the organ their first names."""


class LogRow(NamedTuple):
    """One row of the log as stored: position, stream, version, type name and the JSON body, decoded (a named tuple:
    a page makes a thousand, and a tuple is made in half the time of a frozen class)."""

    position: int
    stream_id: UUID
    version: int
    type_name: str
    body: dict[str, Any]


class EventLog(Protocol):
    """The log as the feed reads it: rows after a position, the head, and a wake-up when events are logged."""

    async def head(self) -> int:
        """The position of the newest event (0 when the log is empty)."""
        ...

    async def rows(self, after: int, up_to: int, limit: int, stream_types: Sequence[str]) -> list[LogRow]:
        """At most `limit` rows with positions in (after, up_to], in order; only of these stream types unless empty."""
        ...

    async def first_bodies(self, stream_ids: Collection[UUID]) -> dict[UUID, dict[str, Any]]:
        """The bodies of these streams' first events."""
        ...

    async def wait_for_events(self, after: int, seconds: float) -> bool:
        """True as soon as the head is past `after`; False when `seconds` pass first."""
        ...

    async def close(self) -> None:
        """Release connections (they belong to the event loop that made them)."""
        ...


BodyOpener = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
"""Stored bodies with the personal data sealed in them replaced by its plain form (or its erased form): for the full
form of events. It may read people's keys from the store, so the feed calls it in a worker thread."""


@attrs.frozen
class FeedQuery:
    """Which events a reader asks for: after a position, how many at most, of which stream types and organ."""

    after: int = 0
    limit: int = DEFAULT_LIMIT
    stream_types: tuple[str, ...] = ()
    """Only events of streams of these types (all when empty)."""
    organ: str | None = None
    """Only events of this organ's streams (streams without an organ never match)."""

    def check(self) -> None:
        """Refuse a query out of range, naming the field."""
        if self.after < 0:
            raise InvalidValue("after is a log position, 0 or more", field="after")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidValue(f"limit is 1 to {MAX_LIMIT}", field="limit")
        unknown = sorted(set(self.stream_types) - set(STREAM_TYPE_NAMES))
        if unknown:
            raise InvalidValue(
                f"unknown stream types {unknown}; known: {', '.join(STREAM_TYPE_NAMES)}", field="stream_type"
            )


@attrs.frozen
class FeedPage:
    """Envelopes in log order, where to continue from, and the log's head when the page was read."""

    events: list[dict[str, Any]]
    next_after: int
    head: int


class Feed:
    """Reads the log for other systems: pages, and a followed stream that waits for new events."""

    def __init__(self, log: EventLog, open_bodies: BodyOpener | None = None) -> None:
        self._log = log
        self._open_bodies = open_bodies
        self._organs: dict[UUID, str | None] = {}
        self._schema_urls: dict[tuple[str, Audience], dict[str, str]] = {}
        self._ahead: dict[tuple[asyncio.AbstractEventLoop, str, FeedQuery], asyncio.Task[FeedPage]] = {}
        """Integrators' next pages, being made or made (`page`), by loop, schema base and query."""

    @staticmethod
    def audience(credential: Credential) -> Audience:
        """Auditors read events in full, integrators in their public-safe form; anyone else is refused (R-ROLE)."""
        acting(credential, Operation.READ_EVENT_FEED)
        return Audience.FULL if permits(credential, Operation.READ_EVENTS_IN_FULL) else Audience.PUBLIC

    async def page(self, credential: Credential, query: FeedQuery, schema_base: str) -> FeedPage:
        """One page of the feed in the caller's form; `schema_base` is the URL the schemas' paths are served under.

        An integrator's page that does not reach the log's head is followed at once by the making of the next one,
        which its reader will ask for (a reader catching up reads page after page): made while the reader takes this
        one, it is ready, or nearly, when asked for. Only a page that cannot change is served so (it holds `limit`
        events, or it ended before the head), with the head as it is now. Auditors' pages are always read anew: they
        hold personal data, which may be erased in between."""
        audience = self.audience(credential)
        if audience is not Audience.PUBLIC:
            return await self.page_for(audience, query, schema_base)
        query.check()
        page = await self._made_ahead(query, schema_base)
        if page is None:
            page = await self.page_for(audience, query, schema_base)
        if page.next_after < page.head:  # more to read
            self._make_ahead(attrs.evolve(query, after=page.next_after), schema_base)
        return page

    async def _made_ahead(self, query: FeedQuery, schema_base: str) -> FeedPage | None:
        """The page made ahead for this query, if one was and cannot have changed since, with the head as it is now."""
        ahead = self._ahead.pop((asyncio.get_running_loop(), schema_base, query), None)
        if ahead is None or ahead.cancelled():
            return None
        try:
            page = await ahead
        except Exception:  # it failed as the store went away, say: read the page as if nothing had been made
            return None
        return attrs.evolve(page, head=max(page.head, await self._log.head())) if _final(page, query) else None

    def _make_ahead(self, query: FeedQuery, schema_base: str) -> None:
        loop = asyncio.get_running_loop()
        key = (loop, schema_base, query)
        if key in self._ahead:
            return
        while len(self._ahead) >= AHEAD_PAGES:  # the oldest goes: its reader has stopped, or is one of many
            self._ahead.pop(next(iter(self._ahead))).cancel()
        task = loop.create_task(self.page_for(Audience.PUBLIC, query, schema_base))
        task.add_done_callback(_quietly)
        self._ahead[key] = task

    async def page_for(
        self, audience: Audience, query: FeedQuery, schema_base: str, until: int | None = None
    ) -> FeedPage:
        """One page in an audience's form, up to the position `until` at most (for readers the server trusts)."""
        query.check()
        head = await self._log.head()
        end = min(query.after + SCAN_POSITIONS, head, head if until is None else until)
        cursor, limit, wanted = query.after, query.limit, query.organ
        urls = self._urls(schema_base, audience)
        events: list[dict[str, Any]] = []
        while cursor < end and len(events) < limit:
            rows = await self._log.rows(cursor, end, limit, query.stream_types)
            if audience is not Audience.PUBLIC and self._open_bodies is not None and rows:
                rows = await self._opened(rows)
            organs = await self._organs_of(rows)
            for position, stream_id, version, type_name, body in rows:
                cursor = position
                organ = organs[stream_id]
                if (wanted is not None and organ != wanted) or type_name not in EVENT_TYPES:
                    continue
                url = urls.get(type_name) or urls.setdefault(
                    type_name, schema_base + schema_path(type_name, EVENT_TYPES[type_name].schema_version, audience)
                )
                events.append(cloud_event(type_name, stream_id, version, body, audience, position, organ, url))
                if len(events) == limit:
                    break
            else:
                if len(rows) < limit:  # every row up to `end` has been seen
                    cursor = end
        return FeedPage(events, cursor, head)

    async def follow(
        self,
        audience: Audience,
        query: FeedQuery,
        schema_base: str,
        until: int | None = None,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> AsyncGenerator[FeedPage, None]:
        """Pages from `query.after` on, for ever (or up to `until`): each page with events or a moved position, and
        an empty page after `heartbeat_seconds` of silence. It waits for new events when it has sent the head."""
        query.check()
        loop = asyncio.get_running_loop()
        after, quiet_since = query.after, loop.time()
        while until is None or after < until:
            page = await self.page_for(audience, attrs.evolve(query, after=after, limit=MAX_LIMIT), schema_base, until)
            if page.events or page.next_after > after:
                yield page
                quiet_since = loop.time()
            after = page.next_after
            if after < page.head or (until is not None and after >= until):
                continue
            remaining = heartbeat_seconds - (loop.time() - quiet_since)
            if not await self._log.wait_for_events(after, max(remaining, 0.0)):
                yield FeedPage([], after, page.head)
                quiet_since = loop.time()

    async def close(self) -> None:
        """Release the log's connections (and drop the pages made ahead on the running loop)."""
        loop = asyncio.get_running_loop()
        for key in [key for key in self._ahead if key[0] is loop or key[0].is_closed()]:
            self._ahead.pop(key).cancel()
        await self._log.close()

    async def _opened(self, rows: list[LogRow]) -> list[LogRow]:
        """The rows with their personal data opened (the public form never holds any)."""
        assert self._open_bodies is not None
        bodies = await asyncio.to_thread(self._open_bodies, [row.body for row in rows])
        return [row._replace(body=body) for row, body in zip(rows, bodies, strict=True)]

    def _urls(self, schema_base: str, audience: Audience) -> dict[str, str]:
        """The schemas' URLs under a base for an audience, by event type, made as they are first needed."""
        if len(self._schema_urls) > SCHEMA_BASES:  # bases come from requests' Host headers: keep a few only
            self._schema_urls.clear()
        return self._schema_urls.setdefault((schema_base, audience), {})

    async def _organs_of(self, rows: Sequence[LogRow]) -> dict[UUID, str | None]:
        """The organ of each row's stream: named by the row itself, remembered, or named by the stream's first event
        (a stream's events come in version order, so one that names its organ comes before the others)."""
        found: dict[UUID, str | None] = {}
        remembered, unknown = self._organs, set()
        for row in rows:
            stream_id = row.stream_id
            if stream_id in found:
                continue
            if row.type_name in ORGAN_TYPES:
                found[stream_id] = organ = _organ(row.body)
                if stream_id not in remembered:
                    self._remember(stream_id, organ)
            elif stream_id in remembered:
                found[stream_id] = remembered[stream_id]
            else:
                unknown.add(stream_id)
        if unknown:
            first = await self._log.first_bodies(unknown)
            for stream_id in unknown:
                found[stream_id] = organ = _organ(first.get(stream_id, {}))
                self._remember(stream_id, organ)
        return found

    def _remember(self, stream_id: UUID, organ: str | None) -> None:
        if len(self._organs) >= ORGAN_CACHE_SIZE:  # forget the oldest quarter: cheap, and rarely needed again
            for old in list(itertools.islice(self._organs, ORGAN_CACHE_SIZE // 4)):
                del self._organs[old]
        self._organs[stream_id] = organ


def _final(page: FeedPage, query: FeedQuery) -> bool:
    """Whether a page is what any later read of its query gives (but for the head): it holds as many events as asked
    for, or it ended before the head (every position up to where it ended was committed when it was read)."""
    return len(page.events) == query.limit or page.next_after < page.head


def _quietly(task: asyncio.Task[FeedPage]) -> None:
    """A page made ahead that nobody takes may have failed: that is no one's concern (its reader reads it anew)."""
    if not task.cancelled():
        task.exception()


def _organ(body: dict[str, Any]) -> str | None:
    organ = body.get(ORGAN_FIELD)
    return organ if isinstance(organ, str) and organ else None
