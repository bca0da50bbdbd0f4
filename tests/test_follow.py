"""`gongkai follow`: killed while events are being written, it resumes from its checkpoint and prints every event
after it, in order; a dropped connection is resumed from the last event printed, nothing missed or repeated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.bootstrap import Gongkai, build
from adapters.follower import messages
from tests.feed_support import log_positions, printed, receive, token, writing
from tests.support import unique
from tests.unattended.serving import served
from tests.unattended.tcp_proxy import TcpProxy

GONGKAI = str(Path(sys.executable).parent / "gongkai")


@pytest.fixture
def gongkai(tmp_path: Path) -> Iterator[Gongkai]:
    """An embedded store of the test's own."""
    app = build(f"sqlite:///{tmp_path / 'gongkai.sqlite3'}")
    yield app
    app.close()


def _follow(base: str, reader: str, checkpoint: Path, out: Path, *more: str) -> subprocess.Popen[bytes]:
    # --token=…: a token may begin with "-", which argparse would take for an option
    command = [GONGKAI, "follow", "--url", base, f"--token={reader}", "--checkpoint", str(checkpoint), *more]
    with out.open("ab") as stdout, out.with_suffix(".log").open("ab") as stderr:
        return subprocess.Popen(command, stdout=stdout, stderr=stderr, start_new_session=True)


def _wait_for(condition: object, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_follow_killed_mid_way_resumes_from_its_checkpoint(gongkai: Gongkai, tmp_path: Path) -> None:
    reader, checkpoint = token(gongkai), tmp_path / "feed.checkpoint"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    with served(gongkai) as base:
        with writing(gongkai, threads=2):
            follower = _follow(base, reader, checkpoint, first)
            _wait_for(lambda: checkpoint.exists() and len(printed(first)) >= 60)
            os.kill(follower.pid, signal.SIGKILL)  # mid-way: the writers go on
            follower.wait()
            killed_at = gongkai.store.last_position()
            _wait_for(lambda: gongkai.store.last_position() > killed_at + 40)
        acknowledged = int(checkpoint.read_text())
        head = gongkai.store.last_position()
        assert acknowledged < head
        again = _follow(base, reader, checkpoint, second, "--until", str(head))
        assert again.wait(timeout=60) == 0
    log = log_positions(gongkai)
    before = [e["position"] for e in printed(first)]
    after = [e["position"] for e in printed(second)]
    assert before == log[: len(before)] and before[-1] >= acknowledged  # in order, nothing missed before the kill
    assert after == [p for p in log if p > acknowledged]  # resumed right after the checkpoint, to the head
    assert int(checkpoint.read_text()) == head


def test_follow_resumes_a_dropped_connection_after_the_last_event_printed(gongkai: Gongkai, tmp_path: Path) -> None:
    reader, checkpoint, out = token(gongkai), tmp_path / "feed.checkpoint", tmp_path / "out.jsonl"
    organ = unique("闵行区民政局")
    for _ in range(20):
        receive(gongkai, organ)
    with served(gongkai) as base:
        port = int(base.rsplit(":", 1)[1])
        proxy = TcpProxy(("127.0.0.1", port))
        try:
            follower = _follow(f"http://127.0.0.1:{proxy.port}", reader, checkpoint, out)
            _wait_for(lambda: len(printed(out)) >= 40)  # caught up with what was there
            proxy.cut()  # the connection drops and new ones are refused for a while
            for _ in range(20):
                receive(gongkai, organ)
            time.sleep(0.5)
            proxy.restore()
            head = gongkai.store.last_position()
            _wait_for(lambda: checkpoint.exists() and int(checkpoint.read_text()) == head)
            follower.terminate()
            follower.wait()
        finally:
            proxy.close()
    assert [e["position"] for e in printed(out)] == log_positions(gongkai)


@pytest.mark.parametrize("newline", [b"\r\n", b"\n", b"\r"])
def test_the_stream_is_read_whatever_its_line_ends_and_wherever_it_is_cut(newline: bytes) -> None:
    lines = [b"retry: 2000", b": hello", b"", b"id: 7", b"event: x", b'data: {"a":1}', b"", b"id: 9", b""]
    lines += [b": heartbeat", b"", b"id: 12", b"data: {}", b"", b""]
    stream = newline.join(lines)
    for cut in range(1, len(stream)):
        found = [m for batch in messages(iter([stream[:cut], stream[cut:]])) for m in batch]
        assert found == [(7, b'{"a":1}'), (9, None), (12, b"{}")], cut
