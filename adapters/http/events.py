"""/api/v1/events: the log's events for other systems — pages, a Server-Sent Events stream, and their JSON Schemas.

Envelopes are written to the wire as JSON bytes straight from the application's dicts (msgspec), and a page of the
stream as one chunk: per-event objects and per-event sends would cost more than reading the log.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar import Controller, Request, Response, get
from litestar.enums import MediaType
from litestar.params import HeaderParameter, Parameter
from litestar.response import ServerSentEvent
from litestar.response.sse import ServerSentEventMessage

from adapters.http.base_url import base_url
from adapters.http.event_feed_schemas import EventPageOut, EventSchemaIndexOut, StreamTypeName
from adapters.http.markers import NOT_NEGATIVE, Caller, Core, text_path, text_query
from adapters.http.problems import Refused
from adapters.http.scalars import SAFE_INTEGER, Flaw
from application.errors import NotFound
from application.event_forms import EVENT_TYPES, Audience
from application.event_schemas import FEED_AUDIENCES, SCHEMAS_PATH, event_schema, schema_index
from application.feed import DEFAULT_LIMIT, MAX_LIMIT, FeedPage, FeedQuery

EVENT_STREAM = "text/event-stream"
AHEAD_PAGES = 2
"""Pages of the stream made ahead of what the client has taken."""
LAST_EVENT_ID_PATTERN = "^[0-9]{0,15}$"
"""What the Last-Event-ID header holds: a log position, or nothing."""
RETRY_MILLISECONDS = 2000
"""How long an EventSource waits before it reconnects, as the stream tells it."""
logger = logging.getLogger("gongkai.feed")

AFTER = Parameter(
    ge=0, le=SAFE_INTEGER, description="only events after this log position (0: from the start); a position past the "
    "head is no error, the answer is empty"
)  # fmt: skip
STREAM_TYPE = Parameter(description="only events of records of these kinds (repeat the parameter for several)")
ORGAN = text_query("organ", "only events of this organ's records (records of no organ, such as staff, never match)")


def schema_base(request: Request[Any, Any, Any]) -> str:
    """The URL the schemas' paths are served under (see `base_url`)."""
    return base_url(request)


def _query(
    after: int, stream_type: list[StreamTypeName] | None, organ: str | None, limit: int = MAX_LIMIT
) -> FeedQuery:
    return FeedQuery(after, limit, tuple(stream_type or ()), organ)


@dataclass
class _Chunk(ServerSentEventMessage):
    """Messages encoded already, sent in one piece."""

    chunk: bytes = b""

    def encode(self) -> bytes:
        """The bytes as they are."""
        return self.chunk


def _sse(page: FeedPage, sent: int) -> tuple[bytes, int]:
    """A page as SSE messages (`id` the position, `event` the type, `data` the envelope), and the last id sent. A
    position the filters moved past is sent as an id alone, which moves the reader's Last-Event-ID without an event;
    an empty page is a heartbeat comment."""
    encode, message = msgspec.json.encode, b"id: %d\r\nevent: %s\r\ndata: %s\r\n\r\n"
    parts = [message % (e["position"], e["type"].encode(), encode(e)) for e in page.events]
    if page.events:
        sent = page.events[-1]["position"]
    if page.next_after > sent:
        parts.append(b"id: %d\r\n\r\n" % page.next_after)
        sent = page.next_after
    return (b"".join(parts) or b": heartbeat\r\n\r\n"), sent


async def _messages(pages: AsyncGenerator[FeedPage, None], after: int) -> AsyncIterator[ServerSentEventMessage]:
    """The stream's messages. Pages are read and encoded up to AHEAD_PAGES ahead of what is sent: the next page is
    made while the client takes the one before (sending waits whenever the client is behind)."""
    ahead: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=AHEAD_PAGES)

    async def produce() -> None:
        sent = after
        try:
            async for page in pages:
                chunk, sent = _sse(page, sent)
                await ahead.put(chunk)
        except Exception as error:  # the store went away: end the stream cleanly, the client resumes from its last id
            logger.warning("event stream ended after %d: %s: %s", sent, type(error).__name__, error)
        finally:
            await pages.aclose()
        # Not when cancelled (the client went away): nobody takes from the queue then, and a full one would never
        # let this task end, nor the server shut down.
        await ahead.put(None)

    producer = asyncio.create_task(produce())
    try:
        yield _Chunk(chunk=b"retry: %d\r\n: gongkai events after %d\r\n\r\n" % (RETRY_MILLISECONDS, after))
        while (chunk := await ahead.get()) is not None:
            yield _Chunk(chunk=chunk)
    finally:
        producer.cancel()
        await asyncio.wait([producer])  # its end, without swallowing a cancellation of this task


def _next_link(request: Request[Any, Any, Any], next_after: int) -> str:
    """The next page's link (RFC 8288): a client can ask for it before it has read this page's body."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "after"] + [("after", str(next_after))]
    return f'<{request.scope["path"]}?{urlencode(query)}>; rel="next"'


def _position(last_event_id: str) -> int:
    """The position a Last-Event-ID header names; 400 naming the header when it names none."""
    if not re.fullmatch(r"\d{1,16}", last_event_id.strip()) or int(last_event_id) > SAFE_INTEGER:
        raise Refused([Flaw("Last-Event-ID", f"must be a log position, a whole number from 0 to {SAFE_INTEGER}")])
    return int(last_event_id)


@functools.cache
def _schema(type_name: str, audience: Audience) -> dict[str, Any]:
    return event_schema(type_name, audience)


class EventFeedController(Controller):
    """The ordered log for other systems: integrators get each event's public-safe form, auditors all of it."""

    path = "/api/v1/events"
    tags = ("event feed",)

    @get("/", operation_id="listEvents")
    async def events(
        self,
        gongkai: Core,
        credential: Caller,
        request: Request[Any, Any, Any],
        after: Annotated[int, AFTER] = 0,
        limit: Annotated[int, Parameter(ge=1, le=MAX_LIMIT, description="the most events to send")] = DEFAULT_LIMIT,
        stream_type: Annotated[list[StreamTypeName] | None, STREAM_TYPE] = None,
        organ: Annotated[str | None, ORGAN] = None,
    ) -> Response[EventPageOut]:
        """A page of the log's events in order as CloudEvents envelopes; continue after `next_after` until it
        reaches `head`. Integrators get the public-safe form of each event, auditors every field."""
        query = _query(after, stream_type, organ, limit)
        page = await gongkai.feed.page(credential, query, schema_base(request))
        body = {"events": page.events, "next_after": page.next_after, "head": page.head}
        return Response(
            msgspec.json.encode(body),  # type: ignore[arg-type]
            media_type=MediaType.JSON,
            headers={"Link": _next_link(request, page.next_after)},
        )

    @get(
        "/stream",
        operation_id="streamEvents",
        media_type=EVENT_STREAM,
        response_description=(
            "Server-Sent Events: for each event `id:` its position, `event:` its CloudEvents type and `data:` its "
            "envelope (JSON, one line); a message holding only `id:` moves past events the filters skipped; a "
            "comment (`: heartbeat`) every 15 s of silence"
        ),
    )
    async def stream(
        self,
        gongkai: Core,
        credential: Caller,
        request: Request[Any, Any, Any],
        after: Annotated[int, AFTER] = 0,
        stream_type: Annotated[list[StreamTypeName] | None, STREAM_TYPE] = None,
        organ: Annotated[str | None, ORGAN] = None,
        until: Annotated[
            int | None,
            Parameter(
                ge=0,
                le=SAFE_INTEGER,
                schema_extra=NOT_NEGATIVE,
                description="end the stream once every event up to this position is sent",
            ),
        ] = None,
        last_event_id: Annotated[
            str | None,
            HeaderParameter(
                name="Last-Event-ID",
                # Stated, not enforced by Litestar: `_position` refuses a bad value naming the header itself. Up to 15
                # digits stated (16 are taken while they make a safe integer); empty is as if it were not sent.
                schema_extra={"maxLength": 15, "pattern": LAST_EVENT_ID_PATTERN},
                description="resume after this position (an EventSource sends it as it reconnects); wins over `after`; "
                "empty is as if it were not sent",
            ),
        ] = None,
    ) -> ServerSentEvent:
        """The log's events as Server-Sent Events, from after a position on, waiting for new ones as they are
        logged; resume with Last-Event-ID. Same forms and filters as the pages."""
        audience = gongkai.feed.audience(credential)
        start = after if last_event_id is None or not last_event_id.strip() else _position(last_event_id)
        query = _query(start, stream_type, organ)
        query.check()
        pages = gongkai.feed.follow(audience, query, schema_base(request), until)
        return ServerSentEvent(_messages(pages, start))


class EventSchemaController(Controller):
    """The JSON Schemas of the events' forms: public, as they say nothing private."""

    path = SCHEMAS_PATH
    tags = ("event feed",)
    security = ({},)

    @get("/", operation_id="listEventSchemas", sync_to_thread=False)
    def index(self) -> EventSchemaIndexOut:
        """Every event type the feed sends, its current version and the paths of its forms' schemas."""
        return EventSchemaIndexOut.of(schema_index())

    @get("/{event_type:str}/{version:str}/{form:str}", operation_id="getEventSchema", sync_to_thread=False)
    def schema(
        self,
        event_type: Annotated[str, text_path("event_type", "the event type, e.g. disclosure_request.received")],
        version: Annotated[str, text_path("version", "`v` and the type's current version, e.g. v1")],
        form: Annotated[str, text_path("form", "`full` (auditors) or `public` (integrators)")],
    ) -> dict[str, Any]:
        """The JSON Schema (2020-12) of the `data` of one form of one version of an event type."""
        number = re.fullmatch(r"v(\d{1,9})", version)
        forms = {audience.value: audience for audience in FEED_AUDIENCES}
        known = EVENT_TYPES.get(event_type)
        if known is None or number is None or int(number.group(1)) != known.schema_version or form not in forms:
            raise NotFound(f"no schema {event_type}/{version}/{form}; the index is at {SCHEMAS_PATH}")
        return _schema(event_type, forms[form])
