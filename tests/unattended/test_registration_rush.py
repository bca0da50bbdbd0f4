"""R-OPEN-CAPACITY against a real `gongkai serve` (two processes) on PostgreSQL: 500 registrations sent at once
for 50 places, 20 of them a second registration by someone already registering. Then the stored history is read:
exactly 50 registrations hold places, the rest wait in the log's order, every answer told its registrant the place
the log gives them, nobody holds two registrations, and nobody got a 409 or a 5xx."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from adapters.bootstrap import build
from domain.actors import SYSTEM, Role
from domain.open_day import events as ev
from domain.open_day.roster import Roster

BIN = Path(sys.executable).parent
PLACES = 50
PEOPLE = 480
TWICE = 20
"""People who press the button twice at the same moment (two requests each)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _plan(now: datetime) -> dict[str, Any]:
    return {
        "organ": "闵行区人力资源和社会保障局",
        "department": "就业促进科",
        "title": "人社开放日：走进就业服务中心",
        "description": "参观就业服务大厅，体验一网通办",
        "format": "visit",
        "venue": "闵行区就业服务中心",
        "starts_at": (now + timedelta(days=3)).isoformat(),
        "ends_at": (now + timedelta(days=3, hours=2)).isoformat(),
        "capacity": PLACES,
        "registration_opens_at": (now - timedelta(hours=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=2)).isoformat(),
    }


def _registration(n: int) -> dict[str, Any]:
    person = {"name": f"市民{n}", "id_number": f"3101121990{n:08d}", "email": f"p{n}@example.org"}
    return {"registrant": person, "birth_date": "1990-06-01"}


async def _rush(base: str, open_day_id: str) -> list[tuple[int, int, dict[str, Any]]]:
    """Every registration at once: (person, status, body) for each request."""
    people = [*range(PEOPLE), *range(TWICE)]
    limits = httpx.Limits(max_connections=len(people), max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        start = asyncio.Event()

        async def register(n: int) -> tuple[int, int, dict[str, Any]]:
            await start.wait()
            response = await client.post(f"/api/v1/public/open-days/{open_day_id}/registrations", json=_registration(n))
            return n, response.status_code, response.json()

        tasks = [asyncio.create_task(register(n)) for n in people]
        await asyncio.sleep(0.2)
        start.set()
        return await asyncio.gather(*tasks)


def test_five_hundred_at_once_for_fifty_places(fresh_postgres_url: str) -> None:
    gongkai = build(fresh_postgres_url)
    _, token = gongkai.staff.add("李组织", (Role.ORGANISER,), SYSTEM)
    gongkai.close()
    port = _free_port()
    # Every request comes from this one address: the public endpoints' limit per client would stop the rush.
    env = {**os.environ, "GONGKAI_DATABASE_URL": fresh_postgres_url, "GONGKAI_PUBLIC_RATE_LIMIT": "off"}
    server = subprocess.Popen(
        [str(BIN / "gongkai"), "serve", "--workers", "2", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        _wait_until_ready(base, server)
        with httpx.Client(base_url=base, headers=headers, timeout=30) as staff:
            planned = staff.post("/api/v1/open-days", json=_plan(datetime.now(UTC)))
            assert planned.status_code == 201, planned.text
            open_day_id = planned.json()["open_day"]["id"]
            opened = staff.post(f"/api/v1/open-days/{open_day_id}/registration/open", json={})
            assert opened.status_code == 200, opened.text
        answers = asyncio.run(_rush(base, open_day_id))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    statuses = Counter(status for _, status, _ in answers)
    assert set(statuses) <= {201, 422}, statuses  # no 409, no 5xx
    assert statuses[201] == PEOPLE and statuses[422] == TWICE
    refused = [body for _, status, body in answers if status == 422]
    assert {body["code"] for body in refused} == {"R-OPEN-CAPACITY"}

    # The stored history, read afresh from the log.
    gongkai = build(fresh_postgres_url)
    try:
        roster, registered, after = Roster(), [], 0
        while logged := gongkai.store.read_log(after, 1000):
            for item in logged:
                roster.apply(item.position, item.event)
                if isinstance(item.event, ev.Registered):
                    registered.append(item.event)
            after = logged[-1].position
    finally:
        gongkai.close()
    day = next(iter({e.open_day_id for e in registered}))
    confirmed, waiting = roster.confirmed(day), roster.waiting(day)
    assert len(confirmed) == PLACES
    assert len(waiting) == PEOPLE - PLACES
    in_log_order = [e.originator_id for e in registered]
    assert confirmed + waiting == in_log_order  # places, then the waiting list, in arrival order
    assert len(registered) == PEOPLE
    assert len({e.person_key for e in registered}) == PEOPLE  # nobody twice
    told = {body["registration_id"]: (body["place"], body["waiting_number"]) for _, s, body in answers if s == 201}
    for number, registration in enumerate(in_log_order, start=1):
        expected = ("confirmed", None) if number <= PLACES else ("waiting", number - PLACES)
        assert told[str(registration)] == expected


def _wait_until_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    import time

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
