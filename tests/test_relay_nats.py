"""`gongkai relay nats` against the real JetStream: every event of the log published once, in order, across a stop
and a kill mid-way, resuming from the stream's last message; subjects by organ and stream type, reversibly."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.js import JetStreamContext

from adapters.bootstrap import build
from adapters.relay_nats import POSITION_HEADER, organ_of_token, organ_token
from tests.feed_support import log_positions, receive, writing

SERVER = "nats://127.0.0.1:4222"
GONGKAI = str(Path(sys.executable).parent / "gongkai")


@pytest.fixture
def store_url(tmp_path: Path) -> Iterator[str]:
    """An embedded store of the test's own, with two organs' applications in it."""
    url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}"
    app = build(url)
    for organ in ("闵行区人力资源和社会保障局", "区 政府.办公室*>"):
        receive(app, organ)
    app.close()
    yield url


@pytest.fixture
def stream() -> Iterator[tuple[str, str]]:
    """A stream name and subject prefix of the test's own; the stream is deleted afterwards."""
    name = f"FEEDTEST{uuid.uuid4().hex[:10].upper()}"
    yield name, f"feedtest.{name.lower()}"

    async def delete() -> None:
        connection = await nats.connect(SERVER)
        try:
            await connection.jetstream().delete_stream(name)
        finally:
            await connection.close()

    asyncio.run(delete())


def _relay(url: str, stream: tuple[str, str], *more: str) -> subprocess.Popen[bytes]:
    command = [GONGKAI, "relay", "nats", "--database", url, "--stream", stream[0], "--subject-prefix", stream[1]]
    return subprocess.Popen([*command, *more], stderr=subprocess.DEVNULL, start_new_session=True)


async def _messages(name: str) -> list[tuple[str, dict[str, str], dict[str, Any]]]:
    """Every message of the stream in order: subject, headers and envelope."""
    connection = await nats.connect(SERVER)
    try:
        js: JetStreamContext = connection.jetstream()
        last = (await js.stream_info(name)).state.last_seq
        found = []
        for sequence in range(1, last + 1):
            message = await js.get_msg(name, seq=sequence)
            found.append((message.subject, dict(message.headers or {}), json.loads(message.data or b"{}")))
        return found
    finally:
        await connection.close()


def _positions(name: str) -> list[int]:
    return [envelope["position"] for _, _, envelope in asyncio.run(_messages(name))]


def test_organs_become_subject_tokens_and_back() -> None:
    for organ in ("闵行区民政局", "a.b c*>%~", "_", "-x-", "A"):
        token = organ_token(organ)
        assert token and not set(token) & set(" .*>\t")
        assert organ_of_token(token) == organ
    assert organ_token(None) == organ_token("") == "~" and organ_of_token("~") is None


def test_each_event_is_published_once_in_order_across_a_stop(store_url: str, stream: tuple[str, str]) -> None:
    app = build(store_url)
    log = log_positions(app)
    app.close()
    assert _relay(store_url, stream, "--until", str(log[10])).wait(timeout=60) == 0
    assert _positions(stream[0]) == log[:11]
    assert _relay(store_url, stream, "--until", str(log[-1])).wait(timeout=60) == 0
    assert _relay(store_url, stream, "--until", str(log[-1])).wait(timeout=60) == 0  # nothing more to send
    messages = asyncio.run(_messages(stream[0]))
    assert [envelope["position"] for _, _, envelope in messages] == log
    for subject, headers, envelope in messages:
        assert headers["Nats-Msg-Id"] == envelope["id"]
        assert headers[POSITION_HEADER] == str(envelope["position"])
        token, _, stream_type = subject.removeprefix(stream[1] + ".").partition(".")
        assert stream_type == envelope["streamtype"]
        assert organ_of_token(token) == envelope.get("organ")
    received = [e for _, _, e in messages if e["type"] == "gongkai.disclosure_request.received"]
    assert {e["organ"] for e in received} == {"闵行区人力资源和社会保障局", "区 政府.办公室*>"}
    assert all("applicant" not in e["data"] and set(e["data"]["actor"]) == {"role"} for e in received)


def test_a_relay_killed_mid_way_resumes_after_the_streams_last_message(store_url: str, stream: tuple[str, str]) -> None:
    app = build(store_url)
    try:
        relay = _relay(store_url, stream)
        with writing(app, threads=2):
            deadline = time.monotonic() + 30
            while _published(stream[0]) < 20:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            os.kill(relay.pid, signal.SIGKILL)  # while events are being written and published
            relay.wait()
            killed_at = app.store.last_position()
            while app.store.last_position() < killed_at + 20:
                time.sleep(0.02)
        head = app.store.last_position()
        assert _relay(store_url, stream, "--until", str(head)).wait(timeout=60) == 0
        assert _positions(stream[0]) == log_positions(app)
    finally:
        app.close()


def _published(name: str) -> int:
    """How many messages the stream holds (0 before it exists)."""

    async def count() -> int:
        connection = await nats.connect(SERVER)
        try:
            return int((await connection.jetstream().stream_info(name)).state.messages)
        except nats.js.errors.NotFoundError:
            return 0
        finally:
            await connection.close()

    return asyncio.run(count())
