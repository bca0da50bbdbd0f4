"""A reference consumer of the event feed: follows the SSE stream over HTTP, writes each envelope as a JSON line,
and keeps a checkpoint so that a restart, a crash or a dropped connection resumes where it left off.

The checkpoint is written after the lines before it are flushed (the temporary file renamed over the old one), so
it never runs ahead of what was printed: after a crash, the lines printed since the last checkpoint are printed again
(at least once; drop duplicates by the envelope's `id`), and none is ever missed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

import attrs
import httpx

STREAM_PATH = "/api/v1/events/stream"
READ_SECONDS = 45.0
"""How long the stream may stay silent before the connection counts as dead (the server sends a heartbeat every
15 s)."""
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 30.0
"""Seconds before reconnecting, doubling after each failure up to the longest."""
PERMANENT = (400, 401, 403, 404, 422)
"""Answers that reconnecting cannot change."""


class Refused(Exception):
    """The server refused the request itself (a bad token, a bad filter): following cannot go on."""


@attrs.frozen
class Following:
    """What to follow and where to keep the place."""

    url: str
    token: str
    after: int = 0
    checkpoint: Path | None = None
    stream_types: tuple[str, ...] = ()
    organ: str | None = None
    until: int | None = None
    """Stop once every event up to this position is printed (follow for ever when None)."""


class Checkpoint:
    """The last position printed, in a file replaced atomically (a temporary file renamed over it)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def read(self) -> int | None:
        """The position written last, or None when there is none."""
        if self.path is None or not self.path.exists():
            return None
        text = self.path.read_text(encoding="utf-8").strip()
        if not text.isdigit():
            raise Refused(f"the checkpoint {self.path} holds {text[:40]!r}, not a log position")
        return int(text)

    def write(self, position: int) -> None:
        """Keep a position: a reader of the file sees the old one or the new one, never a part."""
        if self.path is None:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(f"{position}\n", encoding="utf-8")
        os.replace(temporary, self.path)


def messages(chunks: Iterator[bytes]) -> Iterator[list[tuple[int | None, bytes | None]]]:
    """The SSE messages in each piece of the stream that completes some: (id, data) of each, either None when
    absent. Comments (heartbeats) are skipped; lines may end in CRLF, LF or CR."""
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        held = b"\r" if buffer.endswith(b"\r") else b""  # perhaps the first half of a CRLF
        found, rest = _complete(buffer[: len(buffer) - len(held)])
        buffer = rest + held
        if found:
            yield found
    found, _ = _complete(buffer)  # the stream ended: a CR held back ended a line after all
    if found:
        yield found


def _complete(text: bytes) -> tuple[list[tuple[int | None, bytes | None]], bytes]:
    """The complete messages of some text, and the rest (with its line ends made LF)."""
    *blocks, rest = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n\n")
    return [message for message in map(_message, blocks) if message != (None, None)], rest


def _message(block: bytes) -> tuple[int | None, bytes | None]:
    if block.startswith(b"id: "):  # the server's own shape (id, event, one data line), read without a loop
        head, found, data = block.partition(b"\ndata: ")
        ident = head[4:].partition(b"\n")[0]
        if found and ident.isdigit() and b"\n" not in data and b"\ndata:" not in head:
            return int(ident), data
    position: int | None = None
    data: list[bytes] = []
    for line in block.split(b"\n"):
        name, _, value = line.partition(b":")
        value = value[1:] if value.startswith(b" ") else value
        if name == b"data":
            data.append(value)
        elif name == b"id" and value.isdigit():
            position = int(value)
    return position, (b"\n".join(data) if data else None)


def follow(following: Following, out: BinaryIO, log: TextIO = sys.stderr) -> int:
    """Print the feed's envelopes from the checkpoint (or `after`) on, reconnecting after any failure with a
    growing pause; returns 0 once `until` is reached, 2 when the server refuses the request."""
    checkpoint = Checkpoint(following.checkpoint)
    try:
        start = checkpoint.read()
    except Refused as error:
        print(f"gongkai follow: {error}", file=log)
        return 2
    place = _Place(following.after if start is None else start)
    pause = FIRST_PAUSE
    with httpx.Client(timeout=httpx.Timeout(READ_SECONDS, connect=10.0)) as client:
        while following.until is None or place.after < following.until:
            before = place.after
            try:
                _stream(client, following, place, out, checkpoint)
            except Refused as error:
                print(f"gongkai follow: refused: {error}", file=log)
                return 2
            except (httpx.HTTPError, OSError, _Unavailable) as error:
                print(f"gongkai follow: after {place.after}: {type(error).__name__}: {error}; again soon", file=log)
            else:
                if following.until is not None and place.after >= following.until:
                    break
            pause = FIRST_PAUSE if place.after > before else min(pause * 2, LONGEST_PAUSE)
            time.sleep(pause)
    return 0


@attrs.define
class _Place:
    """The last position printed (and checkpointed)."""

    after: int


class _Unavailable(Exception):
    """The server cannot answer now."""


def _stream(client: httpx.Client, following: Following, place: _Place, out: BinaryIO, checkpoint: Checkpoint) -> None:
    """Print what one connection sends, moving `place` as lines are printed, until the server ends the stream."""
    params: dict[str, str | int | list[str]] = {"stream_type": list(following.stream_types)}
    if following.organ is not None:
        params["organ"] = following.organ
    if following.until is not None:
        params["until"] = following.until
    headers = {
        "Authorization": f"Bearer {following.token}",
        "Last-Event-ID": str(place.after),
        "Accept": "text/event-stream",
    }
    url = following.url.rstrip("/") + STREAM_PATH
    with client.stream("GET", url, params=params, headers=headers) as response:
        if response.status_code in PERMANENT:
            raise Refused(f"{response.status_code} {response.read().decode('utf-8', 'replace')[:500]}")
        if response.status_code != 200:
            raise _Unavailable(f"{response.status_code} {response.read().decode('utf-8', 'replace')[:200]}")
        for batch in messages(response.iter_raw()):
            after = place.after
            lines = []
            for position, data in batch:
                if position is None or position <= after:
                    continue  # never printed twice, even if a server sent it twice
                if data is not None:
                    lines.append(data + b"\n")
                after = position
            if after > place.after:
                out.write(b"".join(lines))
                out.flush()
                checkpoint.write(after)
                place.after = after
