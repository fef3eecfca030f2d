"""The Dask engine: inputs as partitions, a model per worker, Parquet out.

The client only lists the input files (stat, no reads) and groups them into
partitions of about `partition_mb` each; workers read, code and write their
partitions, so the client never holds articles. A worker plugin loads the model
and knowledge when a worker joins, once per worker process. Each partition is
written in committed chunks (see `dataset`), so a rerun after a crash skips
finished partitions and resumes the others at their last committed chunk.

The output directory must be one path that every worker sees (a shared file
system on a cluster; see docs/cluster.md).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from eventwire.errors import ItemError
from eventwire.ingest import IngestedItem, read_sources
from eventwire.ingest.files import walk

DEFAULT_PARTITION_MB = 16.0
DEFAULT_CHUNK = 500  # input items per committed chunk: the most a crash can cost a partition
MAX_FILES_PER_PARTITION = 2000


@dataclass(frozen=True)
class Partition:
    index: int
    files: tuple[str, ...]


@dataclass(frozen=True)
class PartitionReport:
    index: int
    articles: int = 0  # articles written by this task
    items: int = 0  # input items consumed by this task (articles, repeats and bad items)
    errors: tuple[str, ...] = ()  # numbered error lines of this task's bad items
    seconds: float = 0.0
    resumed: bool = False  # the partition had committed chunks from an earlier run


@dataclass
class DaskSummary:
    partitions: int
    already_done: int  # partitions finished by an earlier run
    articles: int  # articles written now
    failed: int  # bad items found now
    seconds: float
    out: Path
    errors: list[str] = field(default_factory=list)
    task_failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


def plan_partitions(paths: Sequence[str | Path], partition_mb: float = DEFAULT_PARTITION_MB, min_partitions: int = 1
                    ) -> tuple[list[Partition], list[str]]:
    """Whole files grouped in input order into partitions; missing paths come back as errors.

    A partition holds at most `partition_mb` of input, and less when that is
    needed to make `min_partitions` of them (twice the worker threads, so that
    no worker idles while another finishes a big partition).
    """
    files: list[tuple[str, int]] = []
    errors: list[str] = []
    for found in walk([paths] if isinstance(paths, (str, Path)) else paths):
        if isinstance(found, Path):
            files.append((str(found.resolve()), found.stat().st_size))
        else:
            errors.append(str(found.as_item()))
    total = sum(size for _, size in files)
    limit = max(1, min(int(partition_mb * 1024 * 1024), total // max(1, min_partitions)))
    partitions: list[Partition] = []
    current: list[str] = []
    size = 0
    for name, file_size in files:
        # Close a partition before a file would take it over the limit (a
        # file bigger than the limit makes a partition of its own).
        if current and (size + file_size > limit or len(current) >= MAX_FILES_PER_PARTITION):
            partitions.append(Partition(len(partitions), tuple(current)))
            current, size = [], 0
        current.append(name)
        size += file_size
    if current:
        partitions.append(Partition(len(partitions), tuple(current)))
    return partitions, errors


def _code_block(block: list[IngestedItem | ItemError], seen: set[str], kb: tuple[Path, ...], batch_size: int
                ) -> tuple[Any, list[str]]:
    """One chunk's input items -> its Arrow tables and numbered error lines; repeats of `seen` ids left out."""
    from eventwire.batch import CodedBatch, code_batch
    from eventwire.errors import ErrorCode, EventwireError
    from eventwire.store.rows import problems

    fresh: list[IngestedItem] = []
    errors: list[str] = []
    for item in block:
        if isinstance(item, ItemError):
            errors.append(str(item))
        elif item.article.id not in seen:
            seen.add(item.article.id)
            fresh.append(item)
    results = []
    for start in range(0, len(fresh), batch_size):
        coded = code_batch(fresh[start:start + batch_size], kb)
        errors += [str(e) for e in coded.errors]
        for result in coded.results:
            found = problems(result)  # what `Store.add` would refuse, refused here already
            if found:
                errors.append(str(EventwireError(ErrorCode.E014_STORE, result.article.id, detail="; ".join(found))))
            else:
                results.append(result)
    return CodedBatch(tuple(results), ()).tables(), errors


def code_partition(part: Partition, out: str, published: str | None = None, kb: tuple[str, ...] = (),
                   batch_size: int = 20, chunk_size: int = DEFAULT_CHUNK) -> PartitionReport:
    """Read, code and write one partition (runs on a worker); resumes at its last committed chunk."""
    from eventwire.engines.dataset import PartitionState

    started = time.perf_counter()
    state = PartitionState(Path(out), part.index, list(part.files))
    if state.complete:
        return PartitionReport(part.index)
    done = state.chunks()
    position = done[-1].stop if done else 0  # input items consumed by the committed chunks
    seen = state.stored_ids()
    kb_paths = tuple(Path(p) for p in kb)
    # The items before `position` are read again (cheap) but not coded again.
    items = islice(read_sources(list(part.files), published=published), position, None)
    articles = consumed = 0
    errors: list[str] = []
    for chunk, block in enumerate(_blocks(items, chunk_size), start=len(done)):
        tables, chunk_errors = _code_block(block, seen, kb_paths, batch_size)
        consumed += len(block)
        state.commit_chunk(chunk, position + consumed, tables, chunk_errors)
        articles += tables["articles"].num_rows
        errors += chunk_errors
    state.finish(position + consumed)
    return PartitionReport(part.index, articles, consumed, tuple(errors), time.perf_counter() - started,
                           resumed=bool(done))


def _blocks(items: Iterator[IngestedItem | ItemError], size: int) -> Iterator[list[IngestedItem | ItemError]]:
    while block := list(islice(items, size)):
        yield block


class ModelPlugin(WorkerPlugin):
    """Dask worker plugin: load the model and knowledge when the worker starts, once per process."""

    name = "eventwire-model"

    def __init__(self, kb: tuple[str, ...] = ()) -> None:
        self.kb = kb

    def setup(self, worker: Any) -> None:
        from eventwire.batch import warm_up

        warm_up(tuple(Path(p) for p in self.kb))


def _client(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    """A client of the given scheduler, or of a new LocalCluster of one-thread worker processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    from eventwire.batch import default_workers

    # One thread per worker: spaCy holds the GIL for much of a parse, so threads
    # in one process would queue behind each other; processes use every core.
    cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                           dashboard_address=None, host="127.0.0.1")
    return Client(cluster), cluster


def run_on_dask(
    paths: Sequence[str | Path],
    out: str | Path,
    published: str | None = None,
    kb: tuple[Path, ...] = (),
    scheduler: str | None = None,
    workers: int | None = None,
    batch_size: int = 20,
    partition_mb: float = DEFAULT_PARTITION_MB,
    on_progress: Callable[[int, int, float], None] | None = None,
) -> DaskSummary:
    """Code every article under `paths` on a Dask cluster into the Parquet dataset `out`."""
    from distributed import as_completed

    from eventwire.engines.dataset import DONE, STAGING
    from eventwire.ingest import normalize_published

    if published:
        published = normalize_published(published, "--published")  # fail before the cluster starts
    started = time.perf_counter()
    out = Path(out).resolve()
    (out / DONE).mkdir(parents=True, exist_ok=True)
    kb_names = tuple(str(Path(p).resolve()) for p in kb)
    client, cluster = _client(scheduler, workers)
    try:
        threads = sum(client.nthreads().values()) or 1
        partitions, errors = plan_partitions(paths, partition_mb, min_partitions=2 * threads)
        todo = [p for p in partitions if not (out / DONE / f"part-{p.index:05d}" / "complete.json").exists()
                or not _same_plan(out, p)]
        summary = DaskSummary(len(partitions), len(partitions) - len(todo), 0, len(errors), 0.0, out, errors)
        client.register_plugin(ModelPlugin(kb_names), name=ModelPlugin.name)
        futures = client.map(code_partition, todo, out=str(out), published=published, kb=kb_names,
                             batch_size=batch_size, key=[f"eventwire-part-{p.index:05d}" for p in todo])
        done = summary.already_done
        for future in as_completed(futures):
            done += 1
            _absorb(summary, future)
            if on_progress:
                elapsed = time.perf_counter() - started
                on_progress(done, len(partitions), summary.articles / elapsed if elapsed else 0.0)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    with contextlib.suppress(OSError):  # empty once every chunk is committed
        (out / STAGING).rmdir()
    summary.seconds = time.perf_counter() - started
    return summary


def _absorb(summary: DaskSummary, future: Any) -> None:
    try:
        report: PartitionReport = future.result()
    except Exception as exc:  # one failed partition must not hide the others' results
        summary.task_failures.append(f"{future.key}: {exc!r}")
        return
    summary.articles += report.articles
    summary.failed += len(report.errors)
    summary.errors += report.errors


def _same_plan(out: Path, part: Partition) -> bool:
    import json

    from eventwire.engines.dataset import DONE

    plan = out / DONE / f"part-{part.index:05d}" / "plan.json"
    return plan.exists() and json.loads(plan.read_text(encoding="utf-8")).get("files") == list(part.files)
