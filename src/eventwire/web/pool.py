"""A small pool of read-only `Store`s, one borrowed per request.

A DuckDB connection must not be used by two threads at once, and FastAPI runs
sync endpoints (and their dependencies) on worker threads that may differ
between a dependency and its endpoint; so a request borrows a whole Store and
gives it back, rather than each thread keeping one. Stores on the same file in
one process share DuckDB's database instance, so extra ones are cheap.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventwire.store import Store


class PoolExhausted(RuntimeError):
    """Every Store is lent out and none came back in time."""


class StorePool:
    def __init__(self, path: str | Path, size: int = 8, wait_seconds: float = 10.0, threads: int | None = 1) -> None:
        self.path = str(path)
        self.threads = threads
        self.size = size
        self.wait_seconds = wait_seconds
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        # Open one now so that a missing file or a wrong schema fails at start-up, not on a request.
        self._idle.put(self._open())

    def _open(self) -> Store:
        store = Store(self.path, read_only=True)
        if self.threads is not None:
            # Requests already run side by side; splitting each small query over
            # DuckDB's worker threads only adds hand-offs (measured: about 1.5x
            # the requests per second and half the p99 with one thread, see
            # docs/benchmarks.md). The setting belongs to the database instance.
            store._con.execute(f"SET threads = {int(self.threads)}")
        self._opened.append(store)
        return store

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        store = self._take()
        try:
            yield store
        finally:
            self._idle.put(store)

    def _take(self) -> Store:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._opened) < self.size:
                return self._open()
        try:
            return self._idle.get(timeout=self.wait_seconds)
        except queue.Empty as exc:
            raise PoolExhausted(f"all {self.size} store connections are busy") from exc

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
