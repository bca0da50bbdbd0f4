"""The event feed under load on PostgreSQL: eight threads register applications through the application while one
reader follows the SSE stream (its connection dropped mid-way and resumed with Last-Event-ID) and another pages
through /api/v1/events, both through uvicorn. Each sees exactly the log's own sequence: every position in order,
none missing, none twice."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import httpx

from adapters.bootstrap import build
from adapters.follower import messages
from tests.feed_support import log_positions, token, writing
from tests.unattended.serving import served

WRITE_SECONDS = 4.0
DROP_AFTER = 500
"""Events the stream reader takes before it drops its connection."""


STOPPED = threading.Event()
"""Set when the test gives up on its readers: a reader still reading stops (else its open stream would keep the server,
and the test, from ever ending)."""


def _until_done(chunks: Iterator[bytes], final: Callable[[], int | None], seen: list[int]) -> Iterator[bytes]:
    """The stream's pieces until the final head is known and seen: the last events may come before the writers are
    done, and after them only heartbeats (every 15 s), which yield no message to look again at."""
    for chunk in chunks:
        yield chunk
        if (end := final()) is not None and seen and seen[-1] >= end:
            return


def _stream_reader(base: str, reader: str, final: Callable[[], int | None], seen: list[int], drops: list[bool]) -> None:
    """Follow the stream, dropping the connection once after DROP_AFTER events, until the final head is seen;
    `drops` says whether the writers were still writing when it dropped."""
    dropped = False
    with httpx.Client(base_url=base, timeout=30) as client:
        while (not seen or final() is None or seen[-1] < (final() or 0)) and not STOPPED.is_set():
            headers = {"Authorization": f"Bearer {reader}", "Last-Event-ID": str(seen[-1] if seen else 0)}
            with client.stream("GET", "/api/v1/events/stream", headers=headers) as response:
                assert response.status_code == 200, response.read()
                for batch in messages(_until_done(response.iter_raw(), final, seen)):
                    if STOPPED.is_set():  # a heartbeat comes every 15 s at least
                        return
                    seen += [position for position, data in batch if data is not None and position is not None]
                    if not dropped and len(seen) >= DROP_AFTER:
                        dropped = True
                        drops.append(final() is None)
                        break  # leaves the stream: the connection is closed mid-way
                    if final() is not None and seen and seen[-1] >= (final() or 0):
                        return


def _page_reader(base: str, reader: str, final: Callable[[], int | None], seen: list[int]) -> None:
    """Page through the feed, 50 at a time, until the final head is passed."""
    after = 0
    with httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {reader}"}) as client:
        while (final() is None or after < (final() or 0)) and not STOPPED.is_set():
            page = client.get("/api/v1/events", params={"after": after, "limit": 50}).json()
            seen += [event["position"] for event in page["events"]]
            after = page["next_after"]
            if not page["events"]:
                time.sleep(0.01)


def test_readers_see_the_logs_own_sequence_while_eight_threads_write(fresh_postgres_url: str) -> None:
    gongkai = build(fresh_postgres_url)
    reader = token(gongkai)
    streamed: list[int] = []
    paged: list[int] = []
    end: list[int] = []
    drops: list[bool] = []
    failures: list[BaseException] = []

    def run(target: Callable[..., None], *args: object) -> threading.Thread:
        def guarded() -> None:
            try:
                target(*args)
            except BaseException as error:
                failures.append(error)

        thread = threading.Thread(target=guarded, daemon=True)
        thread.start()
        return thread

    def final() -> int | None:
        return end[0] if end else None

    STOPPED.clear()
    try:
        with served(gongkai) as base:
            readers = [
                run(_stream_reader, base, reader, final, streamed, drops),
                run(_page_reader, base, reader, final, paged),
            ]
            with writing(gongkai, threads=8):
                time.sleep(WRITE_SECONDS)
            end.append(gongkai.store.last_position())
            for thread in readers:
                thread.join(timeout=60)
            behind = [thread for thread in readers if thread.is_alive()]
            STOPPED.set()
            for thread in behind:
                thread.join(timeout=30)
            assert not behind, f"a reader stopped short of {end[0]}: streamed {streamed[-1:]}, paged {paged[-1:]}"
        assert failures == []
        log = log_positions(gongkai)
        assert drops == [True]  # dropped once, while the writers went on
        assert streamed == log
        assert paged == log
    finally:
        gongkai.close()
