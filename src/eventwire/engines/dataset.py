"""The Parquet dataset of a cluster run, and its load into DuckDB.

Layout (one directory per store table, so Spark, BigQuery or DuckDB can read
a table as ``OUT/events/*.parquet``; columns are the store's, nested objects
flattened as ``actor_text``, ``trigger_start``...)::

    OUT/articles/part-00003-00001.parquet   partition 3, chunk 1
    OUT/events/part-00003-00001.parquet
    ...
    OUT/_done/part-00003/plan.json          the files partition 3 reads
    OUT/_done/part-00003/chunk-00001.json   chunk 1 is committed: items read, errors
    OUT/_done/part-00003/complete.json      partition 3 is finished

A chunk is committed by renaming its finished files into place and then
writing its marker (each step atomic), so a chunk without a marker is
invisible: a crashed worker leaves nothing half-written that a reader or
`load_dataset` would take. Within one chunk an article appears once; the same
article in two partitions (the same text in two files) appears twice in the
Parquet files and once in DuckDB after `load_dataset`, which is idempotent by
article id like every store write.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.store import Store
from eventwire.store.schema import TABLES, column_list, quote

DONE = "_done"
STAGING = "_staging"


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write-then-rename: a reader sees the old file or the whole new one."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def part_name(partition: int, chunk: int) -> str:
    return f"part-{partition:05d}-{chunk:05d}.parquet"


@dataclass(frozen=True)
class ChunkMarker:
    partition: int
    chunk: int
    stop: int  # input items (good and bad) of the partition consumed up to the end of this chunk
    articles: int
    errors: tuple[str, ...]


class PartitionState:
    """What of one partition is committed in `out`, and how to commit more."""

    def __init__(self, out: Path, partition: int, files: list[str]) -> None:
        self.out = out
        self.partition = partition
        self.files = files
        self.dir = out / DONE / f"part-{partition:05d}"
        self._check_plan()

    def _check_plan(self) -> None:
        """A partition that read other files before (the inputs changed) starts over."""
        plan = self.dir / "plan.json"
        if plan.exists() and json.loads(plan.read_text(encoding="utf-8")).get("files") == self.files:
            return
        self.reset()
        self.dir.mkdir(parents=True, exist_ok=True)
        _write_json(plan, {"partition": self.partition, "files": self.files})

    def reset(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        for table in TABLES:
            for old in (self.out / table).glob(f"part-{self.partition:05d}-*.parquet"):
                old.unlink()

    @property
    def complete(self) -> bool:
        return (self.dir / "complete.json").exists()

    def chunks(self) -> list[ChunkMarker]:
        return _chunk_markers(self.dir, self.partition)

    def stored_ids(self) -> set[str]:
        """Article ids in this partition's committed chunks (to keep a resumed partition free of repeats)."""
        ids: set[str] = set()
        for marker in self.chunks():
            path = self.out / "articles" / part_name(self.partition, marker.chunk)
            ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
        return ids

    def commit_chunk(self, chunk: int, stop: int, tables: dict[str, pa.Table], errors: list[str]) -> None:
        staging = self.out / STAGING / f"{self.partition:05d}-{chunk:05d}-{uuid.uuid4().hex}"
        staging.mkdir(parents=True)
        try:
            for table, data in tables.items():
                pq.write_table(data, staging / f"{table}.parquet", compression="zstd")
            for table in tables:
                (self.out / table).mkdir(parents=True, exist_ok=True)
                os.replace(staging / f"{table}.parquet", self.out / table / part_name(self.partition, chunk))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        _write_json(self.dir / f"chunk-{chunk:05d}.json", {
            "chunk": chunk, "stop": stop, "articles": tables["articles"].num_rows, "errors": errors})

    def finish(self, items: int) -> None:
        _write_json(self.dir / "complete.json", {"partition": self.partition, "items": items})


def _chunk_markers(part_dir: Path, partition: int) -> list[ChunkMarker]:
    found = []
    for marker in sorted(part_dir.glob("chunk-*.json")):
        data = json.loads(marker.read_text(encoding="utf-8"))
        found.append(ChunkMarker(partition, data["chunk"], data["stop"], data["articles"], tuple(data["errors"])))
    return found


def committed_chunks(out: Path) -> Iterator[ChunkMarker]:
    """Every committed chunk of the dataset, in partition and chunk order (reads only)."""
    for part_dir in sorted((out / DONE).glob("part-*")):
        yield from _chunk_markers(part_dir, int(part_dir.name.split("-")[1]))


@dataclass(frozen=True)
class LoadSummary:
    chunks: int
    added: int  # articles newly stored
    skipped: int  # articles the store held already
    rows: dict[str, int]


def _quoted_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _load_chunk(con: duckdb.DuckDBPyConnection, out: Path, marker: ChunkMarker) -> tuple[int, dict[str, int]]:
    """One chunk in one transaction: only articles the store lacks, all their rows (bulk INSERT ... SELECT)."""
    name = part_name(marker.partition, marker.chunk)
    con.begin()
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _eventwire_new AS SELECT DISTINCT id FROM read_parquet("
            f"{_quoted_path(out / 'articles' / name)}) WHERE id NOT IN (SELECT id FROM articles)")
        rows: dict[str, int] = {}
        for table in TABLES:
            key = "id" if table == "articles" else "article_id"
            path = out / table / name
            # A dataset written before a schema change lacks the newer columns: they load as NULL.
            present = set(pq.read_schema(path).names)
            picked = ", ".join(quote(c.name) if c.name in present else f"NULL AS {quote(c.name)}"
                               for c in TABLES[table])
            cursor = con.execute(
                f"INSERT INTO {quote(table)} ({column_list(table)}) SELECT {picked} FROM read_parquet("
                f"{_quoted_path(path)}) WHERE {quote(key)} IN (SELECT id FROM _eventwire_new)")
            fetched = cursor.fetchone()
            rows[table] = int(fetched[0]) if fetched else 0
        con.execute("DROP TABLE _eventwire_new")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return rows["articles"], rows


def load_dataset(out: str | Path, db: str | Path, on_progress: Callable[[int, int], None] | None = None
                 ) -> LoadSummary:
    """Bring a run's Parquet dataset into the DuckDB store `db`; safe to repeat or resume."""
    out = Path(out)
    markers = list(committed_chunks(out))
    with Store(db):
        pass  # creates the schema, or checks the version of an existing store
    added = skipped = 0
    rows = dict.fromkeys(TABLES, 0)
    con = duckdb.connect(str(db))
    try:
        for n, marker in enumerate(markers, 1):
            new, written = _load_chunk(con, out, marker)
            added += new
            skipped += marker.articles - new
            for table, count in written.items():
                rows[table] += count
            if on_progress:
                on_progress(n, len(markers))
    finally:
        con.close()
    return LoadSummary(len(markers), added, skipped, rows)
