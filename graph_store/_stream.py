"""A readable byte stream fed from another thread: the input of one long bulk load.

Oxigraph's bulk loader is fastest in one long call (loaded in many calls, the national corpus
cost 2.5 times the CPU and a 14-19 s compaction), and it reads its input as it goes. A
:class:`FedStream` lets one thread run that call over a stream while another appends to the
stream as reports are prepared, so that parsing reports and loading them overlap.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable

__all__ = ["FedStream", "StreamClosed"]


class StreamClosed(Exception):
    """The reading side stopped (it failed or finished) before the feeding side was done."""


class FedStream(io.RawIOBase):
    """Bytes given to :meth:`feed` (each call's pieces kept together and in order) are read by
    whoever reads the stream; :meth:`end` marks the end. At most ``pending`` calls' worth of
    pieces wait unread, so the feeder cannot run ahead of the reader by much."""

    def __init__(self, *, pending: int = 8) -> None:
        super().__init__()
        self._queue: queue.Queue[tuple[bytes, ...] | None] = queue.Queue(maxsize=pending)
        self._pieces: list[memoryview] = []
        self._ended = False
        self.reader_alive: Callable[[], bool] = lambda: True

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pieces:
            if self._ended:
                return 0
            got = self._queue.get()
            if got is None:  # the end
                self._ended = True
                return 0
            self._pieces = [memoryview(p) for p in got if p]
        piece = self._pieces[0]
        n = min(len(buffer), len(piece))
        buffer[:n] = piece[:n]
        if n == len(piece):
            self._pieces.pop(0)
        else:
            self._pieces[0] = piece[n:]
        return n

    def feed(self, *pieces: bytes) -> None:
        self._put(tuple(pieces))

    def end(self) -> None:
        self._put(None)

    def _put(self, item: tuple[bytes, ...] | None) -> None:
        while True:
            if not self.reader_alive():
                raise StreamClosed("the reader of the stream has stopped")
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue


def read_in_thread(
    stream: FedStream, target: Callable[[FedStream], None], *, name: str
) -> tuple[threading.Thread, list[BaseException]]:
    """Start ``target(stream)`` in a thread; return it and the list its error will be put in."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            target(stream)
        except BaseException as exc:  # handed to the feeding thread
            errors.append(exc)

    thread = threading.Thread(target=run, name=name, daemon=True)
    stream.reader_alive = thread.is_alive
    thread.start()
    return thread, errors
