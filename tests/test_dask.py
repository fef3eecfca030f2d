"""The Dask engine against a real scheduler and two workers on loopback.

`dask scheduler` and two `dask worker` processes are started here on
127.0.0.1; `eventwire run --engine dask --scheduler ADDRESS` codes a small
corpus into Parquet, `eventwire load` brings it into DuckDB, and the store must
hold the same records as a local run of the same files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from bench.corpus import articles

from eventwire.engines.cluster import Partition, code_partition, plan_partitions
from eventwire.engines.dataset import DONE, PartitionState, committed_chunks, load_dataset
from eventwire.store.schema import TABLES, column_list

ROOT = Path(__file__).resolve().parents[1]
DASK = Path(sys.executable).with_name("dask")


def store_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT {column_list(t)} FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 short articles in four JSONL files, one of them repeated in another file."""
    folder = tmp_path_factory.mktemp("inputs")
    records = list(articles(24, target_words=25, seed=11))
    for n in range(4):
        chunk = records[n * 6:(n + 1) * 6] + ([records[0]] if n == 3 else [])
        (folder / f"part{n}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in chunk), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dask scheduler and two one-thread workers, all on 127.0.0.1."""
    if not DASK.exists():
        pytest.skip(f"{DASK} is absent: dask[distributed] is not installed in this environment")
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--scheduler-file", str(address_file), *common],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)]
    try:
        deadline = time.monotonic() + 120
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
        for _ in range(2):
            procs.append(subprocess.Popen(
                [str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1",
                 "--memory-limit", "2GB", *common],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT))
        from distributed import Client

        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=180)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_dask_run_on_two_workers_gives_the_records_of_a_local_run(inputs: Path, scheduler: str,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    proc = cli("run", str(inputs), "--engine", "dask", "--scheduler", scheduler, "--out", str(out),
               "--published", "2020-06-01")
    assert proc.returncode == 0, proc.stderr
    # Twice the worker threads' worth of partitions, each a set of whole files.
    assert len(list((out / DONE).glob("part-*/complete.json"))) == 4
    assert len(list((out / "events").glob("*.parquet"))) == 4
    assert pq.read_table(out / "articles").num_rows == 25  # the repeat is in two partitions

    loaded = tmp_path / "dask.duckdb"
    assert cli("load", str(out), "--db", str(loaded)).returncode == 0
    local = tmp_path / "local.duckdb"
    assert cli("run", str(inputs), "--db", str(local), "--workers", "1", "--published", "2020-06-01").returncode == 0
    got, want = store_rows(loaded), store_rows(local)
    assert len(got["articles"]) == 24 and len(got["events"]) > 0
    for table in TABLES:
        assert got[table] == want[table], table

    # Loading again changes nothing; a second run finds every partition done.
    again = cli("load", str(out), "--db", str(loaded))
    assert "0 articles added" in again.stderr
    assert store_rows(loaded) == got
    rerun = cli("run", str(inputs), "--engine", "dask", "--scheduler", scheduler, "--out", str(out),
                "--published", "2020-06-01")
    assert rerun.returncode == 0 and "(4 done before), 0 articles written" in rerun.stderr

    # The worker plugin loaded the model when the run started, once per worker; every task reused it.
    from distributed import Client

    import eventwire.nlp

    with Client(scheduler) as client:
        loads = client.run(eventwire.nlp._load.cache_info)
    assert len(loads) == 2 and all(info.misses == 1 for info in loads.values()), loads


def test_partitions_are_whole_files_and_enough_for_every_worker(inputs: Path) -> None:
    parts, errors = plan_partitions([inputs, inputs / "missing.jsonl"], min_partitions=4)
    assert [len(p.files) for p in parts] == [1, 1, 1, 1]
    assert errors and errors[0].startswith("E001")
    (one,), _ = plan_partitions([inputs])
    assert len(one.files) == 4  # few bytes and no worker count: one partition


def test_partition_resumes_at_its_last_committed_chunk(inputs: Path, tmp_path: Path) -> None:
    part = Partition(0, tuple(str(p) for p in sorted(inputs.glob("*.jsonl"))[:2]))
    out = tmp_path / "out"
    full = code_partition(part, str(out), chunk_size=5)
    assert full.articles == 12 and full.items == 12
    chunks = list(committed_chunks(out))
    assert [c.stop for c in chunks] == [5, 10, 12]

    # A crash after chunk 1: its marker and everything after it never happened.
    state = PartitionState(out, 0, list(part.files))
    (state.dir / "complete.json").unlink()
    (state.dir / "chunk-00002.json").unlink()
    (state.dir / "chunk-00001.json").unlink()
    resumed = code_partition(part, str(out), chunk_size=5)
    assert resumed.resumed and resumed.items == 7 and resumed.articles == 7
    db = tmp_path / "resumed.duckdb"
    assert load_dataset(out, db).added == 12
    again = tmp_path / "fresh"
    code_partition(part, str(again), chunk_size=5)
    fresh_db = tmp_path / "fresh.duckdb"
    load_dataset(again, fresh_db)
    assert store_rows(db) == store_rows(fresh_db)
