"""The benchmarks' server: an app factory under uvicorn in a subprocess on a free local port, stopped cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import attrs
import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    """A local port nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def tail(log: IO[bytes]) -> str:
    """The end of a subprocess's log."""
    log.seek(0)
    return log.read().decode(errors="replace")[-3000:]


@attrs.frozen
class Served:
    """The server under measurement: its address and process id."""

    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU seconds the server's processes (uvicorn's and its workers') have used so far (Linux /proc; 0 where there
        is none)."""
        return sum(process_cpu_seconds(pid) for pid in (self.pid, *children(self.pid)))


def children(pid: int) -> list[int]:
    """The child processes of a process (Linux /proc; none where there is none)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(child) for child in listed.read().split()]
    except OSError:
        return []


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds a process has used so far (Linux /proc; 0 where there is none)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def served(
    factory: str, database_url: str, start_seconds: float = 60.0, profile: Path | None = None, workers: int = 1
) -> Iterator[Served]:
    """`factory` (`module:function` making the app) under uvicorn over `database_url`, once it answers /health/live;
    under cProfile writing `profile` when given. Stopped with SIGINT, so uvicorn shuts down and cProfile writes."""
    port = free_port()
    runner = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m"] if profile else [sys.executable, "-m"]
    command = [*runner, "uvicorn", "--factory", factory, "--host", HOST, "--port", str(port),
               "--log-level", "warning", "--no-access-log", "--workers", str(workers)]  # fmt: skip
    env = {**os.environ, "GONGKAI_DATABASE_URL": database_url}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://{HOST}:{port}"
        try:
            deadline = time.monotonic() + start_seconds
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"the server exited with {server.returncode}:\n{tail(log)}")
                try:
                    if httpx.get(f"{base}/health/live", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer within {start_seconds:.0f} s:\n{tail(log)}")
                time.sleep(0.1)
            try:
                yield Served(base, server.pid)
            except Exception:
                print(f"the server's log ends:\n{tail(log)}")
                raise
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=15)
