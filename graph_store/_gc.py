"""Python's cyclic garbage collector paused while many long-lived objects are made."""

from __future__ import annotations

import gc
import threading

__all__ = ["GcPaused", "gc_paused"]


class GcPaused:
    """Python's cyclic garbage collector off while many objects that stay are made (``with
    gc_paused:``): a store's answer, a NetworkX graph built from one.

    Hundreds of thousands of objects kept in a list or a graph make the collector run again
    and again over every object made so far, none of them garbage: on the national store,
    0.3-1.1 s of the 6-7 s that ``construct-organisation-network`` (719,126 triples) takes, and
    0.55 s of the 1.78 s that building the organisations network (96,849 links) from its rows
    takes. Reference counting still frees what is dropped; the collector is switched back on
    when the last thread inside leaves, if it was on when the first came in. A class rather
    than a generator-based context manager: it wraps every answer, and a look-up takes 0.1 ms.
    """

    __slots__ = ("_holders", "_lock", "_was_enabled")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._was_enabled = True

    def __enter__(self) -> None:
        with self._lock:
            if self._holders == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._holders += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0 and self._was_enabled:
                gc.enable()


gc_paused = GcPaused()
