"""`gongkai serve --workers 2` over one PostgreSQL database: every process answers, each reflects every step taken
through any of them, and each read model is advanced by one process at a time (one advisory lock each)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg

from adapters.bootstrap import build
from adapters.persistence.database import DatabaseURL
from domain.actors import SYSTEM, Role

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_several_serving_processes_answer_from_read_models_one_of_them_advances(fresh_postgres_url: str) -> None:
    gongkai = build(fresh_postgres_url)
    _, token = gongkai.staff.add("王敏", (Role.CLERK,), SYSTEM)
    gongkai.close()
    port = _free_port()
    env = {**os.environ, "GONGKAI_DATABASE_URL": fresh_postgres_url, "GONGKAI_THREADS": "4"}
    server = subprocess.Popen(
        [str(BIN / "gongkai"), "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        _wait_until_ready(base, server)
        organ = "闵行区人力资源和社会保障局"
        for n in range(1, 9):
            # A new connection each time: the two processes take turns accepting them.
            with httpx.Client(base_url=base, headers=headers, timeout=20) as client:
                step = client.post("/api/v1/disclosure-requests", json=_application(organ))
                assert step.status_code == 201, step.text
            with httpx.Client(base_url=base, headers=headers, timeout=20) as client:
                page = client.get("/api/v1/disclosure-requests", params={"organ": organ}).json()
            assert page["total"] == n
            assert page["position"] >= step.json()["position"]
        with psycopg.connect(DatabaseURL.parse(fresh_postgres_url).dsn()) as conn:
            locks = conn.execute(
                "SELECT objid, count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY objid"
            ).fetchall()
        # each read model, one process (the locks of other databases on the server are other stores')
        assert len(locks) >= 3 and all(count == 1 for _, count in locks)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait_until_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    """Until every worker answers ready (the processes start in a few seconds)."""
    deadline = time.monotonic() + 60
    ready = 0
    while ready < 4:
        assert server.poll() is None, "the server stopped"
        assert time.monotonic() < deadline, "the server did not start within a minute"
        try:
            ready = ready + 1 if httpx.get(f"{base}/health/ready", timeout=5).status_code == 200 else 0
        except httpx.HTTPError:
            ready = 0
        time.sleep(0.2)


def _application(organ: str) -> dict[str, object]:
    return {
        "organ": organ,
        "department": "就业促进科",
        "channel": "in_person",
        "arrived_at": "2025-03-03T09:30:00+08:00",
        "applicant": {"name": "陈静"},
        "applicant_type": "natural_person",
        "information_requested": "2024年度本区社会保险补贴发放情况",
    }
