"""Many articles: one batch function, and runs of it into the store.

`code_batch` is the unit of work of every engine: a batch of ingested articles
in, the contract's records out (as results, and as Arrow tables in the store's
schema). The model and the knowledge load once per process, on first use.

`run_into_store` is the local engine. The parent reads the inputs, computes
each article's id (the hash of its cleaned text) and asks the store which ids
it holds, so a resumed run skips stored articles before parsing them; worker
processes code the rest; the parent alone writes, one transaction per batch.
The store is the record of what a run committed: after a crash at any moment
the same command again finishes the job, nothing lost and nothing twice.

`run_on_dask` and `load_dataset` (the cluster engine) live in `engines/`.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

import pyarrow as pa

from eventwire.errors import ItemError
from eventwire.ingest import IngestedItem, read_sources
from eventwire.model import ArticleResult
from eventwire.pipeline import Knowledge, load_knowledge, process
from eventwire.store import Store
from eventwire.store.rows import arrow_tables
from eventwire.store.schema import ARROW_SCHEMAS

ProgressFn = Callable[[int, int | None, float], None]
ErrorFn = Callable[[ItemError], None]


@dataclass(frozen=True)
class CodedBatch:
    """What coding one batch gave: a result per good article, an error per bad one."""

    results: tuple[ArticleResult, ...]
    errors: tuple[ItemError, ...]
    seconds: float = 0.0  # CPU time spent coding, in the process that coded it
    ids: tuple[str, ...] = ()  # ids of the articles the batch was given (coded or failed)

    def tables(self) -> dict[str, pa.Table]:
        """One Arrow table per store table, in the store's schema; tables without rows are empty."""
        built = arrow_tables(self.results)
        return {name: built.get(name, schema.empty_table()) for name, schema in ARROW_SCHEMAS.items()}


@dataclass(frozen=True)
class RunSummary:
    processed: int  # articles coded
    added: int  # articles newly stored
    skipped: int  # articles already in the store (found before coding, or at the write)
    failed: int  # items that gave an error
    seconds: float

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0


@lru_cache(maxsize=4)
def cached_knowledge(kb: tuple[Path, ...] = ()) -> Knowledge:
    """The lexicon and actor KB, loaded once per process for each `--kb` set."""
    return load_knowledge(kb)


def warm_up(kb: tuple[Path, ...] = ()) -> None:
    """Load the model and the knowledge now (a worker's start), not at its first batch."""
    from eventwire.nlp import load_pipeline

    load_pipeline()
    cached_knowledge(kb)


def code_batch(items: Sequence[IngestedItem | ItemError], kb: tuple[Path, ...] = ()) -> CodedBatch:
    """Code a batch of articles (one `nlp.pipe` call); bad items become errors, in order."""
    started = time.process_time()
    results: list[ArticleResult] = []
    errors: list[ItemError] = []
    for out in process(items, cached_knowledge(kb)):
        (errors if isinstance(out, ItemError) else results).append(out)  # type: ignore[arg-type]
    ids = tuple(i.article.id for i in items if isinstance(i, IngestedItem))
    return CodedBatch(tuple(results), tuple(errors), time.process_time() - started, ids)


def default_workers() -> int:
    """Every core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _Estimate:
    """The article count of the inputs, for the progress bar's total and ETA.

    Counted in a thread so that coding starts at once; `total` is None until
    the count is done (and stays None when nobody shows progress).
    """

    def __init__(self, paths: Sequence[str | Path], wanted: bool) -> None:
        self.total: int | None = None
        if wanted:
            threading.Thread(target=self._count, args=(list(paths),), daemon=True).start()

    def _count(self, paths: list[str | Path]) -> None:
        from eventwire.engines.estimate import estimate_articles

        self.total = estimate_articles(paths)


class _Run:
    """Counters of one run and the steps that move them."""

    def __init__(self, store: Store, on_progress: ProgressFn | None, on_error: ErrorFn | None,
                 estimate: _Estimate) -> None:
        self.store = store
        self.on_progress = on_progress
        self.on_error = on_error
        self.estimate = estimate
        self.started = time.perf_counter()
        self.processed = self.added = self.skipped = self.failed = 0
        # Ids sent to the workers and not yet written: a repeat of one of them
        # is skipped here; once written, the store answers for it.
        self.in_flight: set[str] = set()

    def fail(self, error: ItemError) -> None:
        self.failed += 1
        if self.on_error:
            self.on_error(error)

    def fresh(self, chunk: list[IngestedItem | ItemError]) -> list[IngestedItem]:
        """The chunk's articles that neither the store nor this run has seen."""
        items: list[IngestedItem] = []
        for item in chunk:
            if isinstance(item, ItemError):
                self.fail(item)
            else:
                items.append(item)
        stored = self.store.known_ids(i.article.id for i in items)
        todo: list[IngestedItem] = []
        for item in items:
            if item.article.id in stored or item.article.id in self.in_flight:
                self.skipped += 1
            else:
                self.in_flight.add(item.article.id)
                todo.append(item)
        return todo

    def commit(self, batch: CodedBatch) -> None:
        for error in batch.errors:
            self.fail(error)
        report = self.store.add(batch.results, batch_size=max(1, len(batch.results)))
        for error in report.errors:
            self.fail(error)
        self.processed += len(batch.results) - len(report.errors)
        self.added += report.added
        self.skipped += report.skipped
        self.in_flight.difference_update(batch.ids)

    def tick(self) -> None:
        if not self.on_progress:
            return
        done = self.processed + self.skipped + self.failed
        total = self.estimate.total
        elapsed = time.perf_counter() - self.started
        self.on_progress(done, max(total, done) if total is not None else None,
                         self.processed / elapsed if elapsed else 0.0)

    def summary(self) -> RunSummary:
        return RunSummary(self.processed, self.added, self.skipped, self.failed,
                          time.perf_counter() - self.started)


@dataclass(frozen=True)
class _CodeWith:
    """`code_batch` bound to a knowledge set; a picklable callable for the workers."""

    kb: tuple[Path, ...]

    def __call__(self, items: Sequence[IngestedItem | ItemError]) -> CodedBatch:
        return code_batch(items, self.kb)


def _chunks(items: Iterator[IngestedItem | ItemError], size: int) -> Iterator[list[IngestedItem | ItemError]]:
    while chunk := list(islice(items, size)):
        yield chunk


def run_into_store(
    paths: Sequence[str | Path],
    db: str | Path,
    published: str | None = None,
    kb: tuple[Path, ...] = (),
    batch_size: int = 20,
    on_progress: ProgressFn | None = None,
    on_error: ErrorFn | None = None,
    workers: int = 1,
) -> RunSummary:
    """Code every article under `paths` into the DuckDB file `db`, on `workers` processes.

    Each batch is committed in one transaction. Articles already stored are
    skipped before coding, so running the same call again after a crash codes
    only what the crash lost.
    """
    from eventwire.engines.pool import WorkerPool

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    kb = tuple(Path(p).resolve() for p in kb)
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)  # a lone path, not its characters
    items = iter(read_sources(paths, published=published))  # a bad --published raises here, first
    with Store(db) as store, WorkerPool(_CodeWith(kb), workers, "eventwire.batch:warm_up", (kb,)) as pool:
        run = _Run(store, on_progress, on_error, _Estimate(paths, wanted=on_progress is not None))
        for chunk in _chunks(items, batch_size):
            todo = run.fresh(chunk)
            for batch in pool.submit(todo) if todo else ():
                run.commit(batch)
            run.tick()
        for batch in pool.drain():
            run.commit(batch)
            run.tick()
        run.tick()
    return run.summary()
