"""The web API served by uvicorn in a thread of the test, as `gongkai serve` serves it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from adapters.bootstrap import Gongkai
from adapters.http.app import create_app

SHUTDOWN_SECONDS = 10.0
"""How long a graceful shutdown may take before open connections are closed."""


@contextmanager
def served(gongkai: Gongkai) -> Iterator[str]:
    """Serve the app over `gongkai` on a free port of 127.0.0.1; yields its base URL; stops it afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(gongkai), log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the server did not start")
            threading.Event().wait(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=SHUTDOWN_SECONDS)
        if thread.is_alive():  # a client still holds a stream open: close every connection
            server.force_exit = True
            thread.join()
        sock.close()
