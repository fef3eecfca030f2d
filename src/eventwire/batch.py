"""Many articles into the store: read, code and commit in batches.

Each batch is committed in one transaction, so a run that stops part-way keeps
every batch before the stop, and running it again skips what is stored
(articles are keyed by the hash of their text).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from eventwire.errors import ItemError
from eventwire.ingest import IngestedItem, read_sources
from eventwire.model import ArticleResult
from eventwire.pipeline import load_knowledge, process
from eventwire.store import Store

ProgressFn = Callable[[int, int | None, float], None]
ErrorFn = Callable[[ItemError], None]


@dataclass(frozen=True)
class RunSummary:
    processed: int  # articles coded
    added: int  # articles newly stored
    skipped: int  # articles already in the store
    failed: int  # items that gave an error
    seconds: float

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0


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
) -> RunSummary:
    """Code every article under `paths` into the DuckDB file `db`."""
    knowledge = load_knowledge(kb)
    started = time.perf_counter()
    processed = added = skipped = failed = 0
    with Store(db) as store:
        for chunk in _chunks(iter(read_sources(paths, published=published)), batch_size):
            results: list[ArticleResult] = []
            for result in process(chunk, knowledge):
                if isinstance(result, ItemError):
                    failed += 1
                    if on_error:
                        on_error(result)
                else:
                    results.append(result)
            report = store.add(results)
            for error in report.errors:
                failed += 1
                if on_error:
                    on_error(error)
            processed += len(results) - len(report.errors)
            added += report.added
            skipped += report.skipped
            if on_progress:
                elapsed = time.perf_counter() - started
                on_progress(processed + failed, None, processed / elapsed if elapsed else 0.0)
    return RunSummary(processed, added, skipped, failed, time.perf_counter() - started)
