"""A real loopback TCP listener that records every connection made to it.

For tests that must prove something makes NO network connection (ffmpeg reading a crafted
upload): the test points a URL at `listener.url(...)`, runs the code, and asserts
`listener.connections == 0`. Anything that connects is accepted, counted and answered
with an empty HTTP 200, so a client that did connect would also get a body to read.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class LoopbackListener:
    """A socket on 127.0.0.1 (a free port) served by a thread until `close`."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self.port: int = self._socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with connection:
                connection.settimeout(1)
                try:
                    connection.recv(4096)
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()


@contextmanager
def loopback_listener() -> Iterator[LoopbackListener]:
    """A `LoopbackListener` for the `with` block (closed after it)."""
    listener = LoopbackListener()
    try:
        yield listener
    finally:
        listener.close()
