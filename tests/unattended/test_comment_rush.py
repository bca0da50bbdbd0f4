"""R-CON-WINDOW's promise that people commenting at once never refuse each other, against a real `gongkai serve` (two
processes) on PostgreSQL: 300 comments sent at the same moment through the public endpoint, every one answered 201
(no 409, no 5xx), and the stored log holds each exactly once, listed in one of the consultation's comment boxes."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from adapters.bootstrap import build
from domain.actors import SYSTEM, Role
from domain.calendar import business_date
from domain.consultation import events as ev

BIN = Path(sys.executable).parent
PEOPLE = 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    ready = 0
    while ready < 4:
        assert server.poll() is None, "the server stopped"
        assert time.monotonic() < deadline, "the server did not start within 90 s"
        try:
            ready = ready + 1 if httpx.get(f"{base}/health/ready", timeout=5).status_code == 200 else 0
        except httpx.HTTPError:
            ready = 0
        time.sleep(0.2)


def _open_consultation(base: str, token: str) -> str:
    """A draft policy registered and put to consultation for sixty days from today, through the staff API."""
    today = business_date(datetime.now(UTC))
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as staff:
        document = {
            "organ": "闵行区人力资源和社会保障局",
            "department": "就业促进科",
            "kind": "policy",
            "title": "关于进一步促进高校毕业生就业的若干措施（征求意见稿）",
            "formed_on": today.isoformat(),
            "text": "第一条 为促进高校毕业生就业，制定本措施。",
        }
        registered = staff.post("/api/v1/documents", json=document)
        assert registered.status_code == 201, registered.text
        consultation = {
            "document_id": registered.json()["id"],
            "revision": 1,
            "category": "major_decision",
            "draft_interpretation": "一问一答：本措施适用于哪些毕业生？",
            "closes_on": (today + timedelta(days=60)).isoformat(),
            "channels": ["online"],
        }
        opened = staff.post("/api/v1/consultations", json=consultation)
        assert opened.status_code == 201, opened.text
        return str(opened.json()["id"])


async def _rush(base: str, consultation_id: str) -> list[tuple[int, dict[str, Any]]]:
    """Every comment at once: (status, body) of each answer."""
    limits = httpx.Limits(max_connections=PEOPLE, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        start = asyncio.Event()

        async def comment(n: int) -> tuple[int, dict[str, Any]]:
            await start.wait()
            body = {"commenter": {"name": f"市民{n}", "phone": f"139{n:08d}"}, "comment": f"第{n}条意见"}
            response = await client.post(f"/api/v1/public/consultations/{consultation_id}/comments", json=body)
            return response.status_code, response.json()

        tasks = [asyncio.create_task(comment(n)) for n in range(PEOPLE)]
        await asyncio.sleep(0.2)
        start.set()
        return await asyncio.gather(*tasks)


def test_three_hundred_people_commenting_at_once_are_all_recorded(fresh_postgres_url: str) -> None:
    gongkai = build(fresh_postgres_url)
    _, token = gongkai.staff.add("陈起草", (Role.DRAFTER,), SYSTEM)
    gongkai.close()
    port = _free_port()
    # Every request comes from this one address: the public endpoints' limit per client would stop the rush.
    env = {**os.environ, "GONGKAI_DATABASE_URL": fresh_postgres_url, "GONGKAI_PUBLIC_RATE_LIMIT": "off"}
    server = subprocess.Popen(
        [str(BIN / "gongkai"), "serve", "--workers", "2", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base, server)
        consultation_id = _open_consultation(base, token)
        answers = asyncio.run(_rush(base, consultation_id))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    assert Counter(status for status, _ in answers) == {201: PEOPLE}  # no 409, no 5xx
    receipts = {body["comment_id"] for _, body in answers}
    assert len(receipts) == PEOPLE

    gongkai = build(fresh_postgres_url)
    try:
        received, filed, after = [], [], 0
        while logged := gongkai.store.read_log(after, 1000):
            received += [i.event for i in logged if isinstance(i.event, ev.CommentReceived)]
            filed += [i.event for i in logged if isinstance(i.event, ev.CommentFiled)]
            after = logged[-1].position
    finally:
        gongkai.close()
    assert {str(e.originator_id) for e in received} == receipts
    assert len(received) == PEOPLE
    assert sorted(str(e.comment_id) for e in filed) == sorted(receipts)  # each listed once, in its box
    assert len({e.number for e in filed}) > 1
