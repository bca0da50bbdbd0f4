"""A TCP proxy between the server and PostgreSQL that a test controls: cut every connection and refuse new ones, let
them through again, or drop the answer to a write's COMMIT after the database has received it (its outcome unknown
to the server, though it was committed)."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading

CHUNK = 65536


class _Pair:
    """One proxied connection: the server's side and the database's side."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client = client
        self.upstream = upstream
        self.writing = False
        """Whether the client has sent a pg_notify (of an insert into the log) since its last COMMIT: the one
        statement of the insert that is never prepared, so its text is sent every time."""
        self.answer_dropped = threading.Event()

    def close(self) -> None:
        for sock in (self.client, self.upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


class TcpProxy:
    """Listens on 127.0.0.1 (a port of its own, the same after each `restore`) and relays to `upstream`."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self.commits_to_drop = 0
        self.commits_dropped = 0
        self._pairs: set[_Pair] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._accepting: threading.Thread | None = None
        self.restore()

    def restore(self) -> None:
        """Listen again: new connections are relayed."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()

    def cut(self) -> None:
        """Close every relayed connection and stop listening: new connections are refused."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        if self._accepting is not None:
            self._accepting.join()
        with self._lock:
            pairs, self._pairs = self._pairs, set()
        for pair in pairs:
            pair.close()

    def close(self) -> None:
        """Cut, for good."""
        self.cut()

    def _accept(self, listener: socket.socket) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            while self._listener is listener:
                if not selector.select(timeout=0.02):
                    continue
                try:
                    client, _ = listener.accept()
                except OSError:
                    return
                try:
                    upstream = socket.create_connection(self.upstream)
                except OSError:
                    client.close()
                    continue
                pair = _Pair(client, upstream)
                with self._lock:
                    self._pairs.add(pair)
                threading.Thread(target=self._to_database, args=(pair,), daemon=True).start()
                threading.Thread(target=self._to_server, args=(pair,), daemon=True).start()

    def _to_database(self, pair: _Pair) -> None:
        try:
            while data := pair.client.recv(CHUNK):
                pair.writing = pair.writing or b"pg_notify" in data
                if pair.writing and b"COMMIT" in data and self._take_a_commit_to_drop():
                    # The database gets the COMMIT and the end of the stream; the server gets no answer.
                    pair.answer_dropped.set()
                    pair.upstream.sendall(data)
                    pair.upstream.shutdown(socket.SHUT_WR)
                    with contextlib.suppress(OSError):
                        pair.client.shutdown(socket.SHUT_RDWR)
                    return
                if b"COMMIT" in data:
                    pair.writing = False
                pair.upstream.sendall(data)
        except OSError:
            pass
        self._forget(pair)

    def _to_server(self, pair: _Pair) -> None:
        try:
            while data := pair.upstream.recv(CHUNK):
                if pair.answer_dropped.is_set():
                    continue  # read what the database says until it closes, and tell the server nothing
                pair.client.sendall(data)
        except OSError:
            pass
        self._forget(pair)

    def _take_a_commit_to_drop(self) -> bool:
        with self._lock:
            if self.commits_to_drop <= 0:
                return False
            self.commits_to_drop -= 1
            self.commits_dropped += 1
            return True

    def _forget(self, pair: _Pair) -> None:
        with self._lock:
            self._pairs.discard(pair)
        pair.close()
