"""One measurement of the benchmark, run in a fresh process so each starts cold and alone.

    python -m bench.measure bare|tuned|full CORPUS COUNT
    python -m bench.measure run CORPUS COUNT WORKERS DB

Prints one JSON object. Throughput is given both per wall second and per CPU
second of the process that did the work: on a shared machine the wall clock
counts time spent waiting for other people's jobs, CPU time does not.
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

from eventwire.ingest import IngestedItem, read_sources


def load_items(corpus: Path, count: int) -> list[IngestedItem]:
    items = [i for i in read_sources([corpus]) if isinstance(i, IngestedItem)]
    return items[:count]


def words(items: list[IngestedItem]) -> int:
    return sum(len(i.article.text.split()) for i in items)


def _timed(work: Any) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def bare(corpus: Path, count: int, tuned: bool) -> dict[str, Any]:
    """spaCy alone: the stock `spacy.load` + `nlp.pipe`, or eventwire's tuned loading of the same model."""
    import spacy

    from eventwire import nlp as ew

    items = load_items(corpus, count)
    texts = [i.article.text for i in items]
    if tuned:
        ew.load_pipeline()
        list(ew.annotate_many(texts[:5]))  # warm: first batches allocate

        def work() -> None:
            for _ in ew.annotate_many(texts):
                pass
    else:
        model = spacy.load(ew.MODEL_NAME)
        list(model.pipe(texts[:5]))

        def work() -> None:
            for _ in model.pipe(texts, batch_size=ew.BATCH_SIZE):
                pass

    wall, cpu = _timed(work)
    return {"articles": len(items), "words": words(items), "wall_s": wall, "cpu_s": cpu}


def full(corpus: Path, count: int) -> dict[str, Any]:
    """The whole walk (parse, entities, places, events, quotes...) in one process, no store."""
    from eventwire.batch import cached_knowledge, code_batch, warm_up

    items = load_items(corpus, count)
    warm_up()
    cached_knowledge()
    code_batch(items[:3])
    wall, cpu = _timed(lambda: [code_batch(items[n:n + 20]) for n in range(0, len(items), 20)])
    return {"articles": len(items), "words": words(items), "wall_s": wall, "cpu_s": cpu}


def _watch_children(peaks: dict[int, int], stop: threading.Event) -> None:
    """Peak resident memory of each worker process, sampled every 0.2 s."""
    import psutil

    me = psutil.Process()
    while not stop.wait(0.2):
        for child in me.children(recursive=True):
            try:
                peaks[child.pid] = max(peaks.get(child.pid, 0), child.memory_info().rss)
            except psutil.Error:
                continue


def _busy_seconds(times: Any) -> float:
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def run(corpus: Path, count: int, workers: int, db: Path) -> dict[str, Any]:
    """`run_into_store` on the first `count` articles, as `eventwire run --workers N` does it."""
    from eventwire.batch import run_into_store

    subset = db.with_suffix(".jsonl")
    with corpus.open(encoding="utf-8") as src, subset.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(count), src, strict=False):
            dst.write(line)
    peaks: dict[int, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_children, args=(peaks, stop), daemon=True)
    watcher.start()
    first: list[tuple[float, int]] = []  # (time, articles done) at the first commit: workers are up

    def progress(done: int, total: int | None, rate: float) -> None:
        if done and not first:
            first.append((time.perf_counter(), done))

    import psutil

    machine = psutil.cpu_times()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time()
    wall = time.perf_counter()
    summary = run_into_store([subset], db, workers=workers, batch_size=20, on_progress=progress)
    end = time.perf_counter()
    wall = end - wall
    # CPU seconds of this run (parent + workers, which have exited by now) and
    # of the whole machine: on a shared machine the difference is other
    # people's work, and it bounds the speed-up any number of workers can get.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = time.process_time() - cpu + (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    busy = _busy_seconds(psutil.cpu_times()) - _busy_seconds(machine)
    # Throughput once the workers run, without their start-up (spawn, imports, model load).
    steady = (summary.processed - first[0][1]) / (end - first[0][0]) if first and end > first[0][0] else 0.0
    stop.set()
    watcher.join()
    return {
        "articles": summary.processed, "workers": workers, "wall_s": wall, "steady_articles_per_s": steady,
        "cpu_s": ours, "cores_used": ours / wall, "machine_busy_cores": busy / wall,
        "other_work_cores": max(0.0, busy - ours) / wall,
        "first_commit_s": first[0][0] - (end - wall) if first else None,
        "worker_peak_rss_mb": [round(v / 2**20) for v in peaks.values()],
        # ru_maxrss is in KiB on Linux: the largest of this process, and of any worker it waited for.
        "parent_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "children_max_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def main(argv: list[str]) -> None:
    kind, corpus, count = argv[0], Path(argv[1]), int(argv[2])
    if kind == "bare":
        result = bare(corpus, count, tuned=False)
    elif kind == "tuned":
        result = bare(corpus, count, tuned=True)
    elif kind == "full":
        result = full(corpus, count)
    elif kind == "run":
        result = run(corpus, count, int(argv[3]), Path(argv[4]))
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
