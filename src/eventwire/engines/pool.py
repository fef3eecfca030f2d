"""Run a batch function on every core: a process pool fed by one parent.

The parent reads the inputs and writes the store; the workers only code. Each
worker loads the model and knowledge once, when it starts. The pool is started
lazily, at the second batch: a run that fits in one batch (a handful of
files) is coded in the parent and pays for no worker start-up.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from types import TracebackType
from typing import Any, Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

# One BLAS thread per worker: the pool already fills the cores, and extra BLAS
# threads would fight the other workers for them. Read by OpenBLAS/OpenMP when
# a worker imports numpy, so they must be in the environment it starts with.
_THREAD_LIMITS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@contextlib.contextmanager
def _worker_environment() -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in _THREAD_LIMITS}
    os.environ.update({k: v for k, v in _THREAD_LIMITS.items() if saved[k] is None})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:  # the parent died (kill -9): nobody will collect our results
            os._exit(1)


def _worker_start(warm_up: str | None, args: tuple[object, ...]) -> None:
    """First thing in a worker, before the heavy imports of `warm_up` ("module:function")."""
    # Ctrl-C reaches the whole process group and the parent handles it: a
    # worker just ends, without a traceback of whatever it was doing.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    if warm_up:
        module, name = warm_up.split(":")
        getattr(importlib.import_module(module), name)(*args)


class WorkerPool(Generic[In, Out]):
    """`submit` work, get finished results back as they complete (any order).

    At most `2 * workers` batches are in flight, so reading never runs far
    ahead of coding and memory stays bounded however large the input.
    """

    def __init__(
        self,
        work: Callable[[In], Out],
        workers: int,
        warm_up: str | None = None,
        warm_args: tuple[object, ...] = (),
    ) -> None:
        """`warm_up` ("module:function") runs once in each worker at its start, with `warm_args`."""
        self._work = work
        self._workers = max(1, workers)
        self._warm_up = warm_up
        self._warm_args = warm_args
        self._executor: ProcessPoolExecutor | None = None
        self._held: list[In] = []
        self._pending: set[Future[Out]] = set()
        self._env = _worker_environment()

    def submit(self, job: In) -> Iterator[Out]:
        """Queue one job; yields any results that finished meanwhile."""
        if self._workers == 1:
            yield self._work(job)
            return
        if self._executor is None and not self._held:
            self._held.append(job)  # wait for a second job before starting workers
            return
        self._start()
        for held in self._held:
            self._pending.add(self._executor_or_fail().submit(self._work, held))
        self._held.clear()
        self._pending.add(self._executor_or_fail().submit(self._work, job))
        while len(self._pending) >= 2 * self._workers:
            yield from self._collect(first_only=True)

    def drain(self) -> Iterator[Out]:
        """Every result still outstanding."""
        for held in self._held:  # only ever one job: code it here
            yield self._work(held)
        self._held.clear()
        while self._pending:
            yield from self._collect(first_only=False)

    def _collect(self, first_only: bool) -> Iterator[Out]:
        done, self._pending = wait(self._pending, return_when=FIRST_COMPLETED if first_only else "ALL_COMPLETED")
        for future in done:
            yield future.result()

    def _start(self) -> None:
        if self._executor is not None:
            return
        self._env.__enter__()
        # spawn, not fork: the parent holds an open DuckDB connection and its
        # threads, which a forked child must never inherit.
        initargs: Any = (self._warm_up, self._warm_args)  # typeshed ties initargs to the initializer
        self._executor = ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
            initargs=initargs,
        )

    def _executor_or_fail(self) -> ProcessPoolExecutor:
        if self._executor is None:
            raise RuntimeError("worker pool is not started")
        return self._executor

    def __enter__(self) -> WorkerPool[In, Out]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._executor is not None:
            # On an error nothing more gets written, so queued work is dropped.
            self._executor.shutdown(wait=True, cancel_futures=exc is not None)
            self._executor = None
            self._env.__exit__(None, None, None)
