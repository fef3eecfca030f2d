"""Parquet and CSV of each store table, and the contract JSONL per article.

With an event filter, the events table keeps the matching events and every
other table keeps the rows of the articles that have at least one of them
(so each exported event still has its article, entities, quotes and places).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from eventwire.store.browse import Browse
from eventwire.store.filters import EVENTS_FROM, EventFilter, event_where
from eventwire.store.schema import TABLES, quote

BATCH_ROWS = 50_000


def _select(table: str, for_csv: bool) -> str:
    """The table's columns; for CSV, lists become ';'-joined text (CSV has no lists)."""
    cols = []
    for c in TABLES[table]:
        name = quote(c.name)
        cols.append(f"array_to_string(t.{name}, ';') AS {name}" if for_csv and c.sql.endswith("[]")
                    else f"t.{name}")
    return ", ".join(cols)


def table_query(table: str, f: EventFilter, for_csv: bool = False) -> tuple[str, list[object]]:
    """SELECT of one table restricted by the filter (see the module doc), in a stable order."""
    where, params = event_where(f)
    order = "t.id" if table == "articles" else "t.article_id, t.ordinal"
    if table == "events":
        sql = (f"SELECT {_select('events', for_csv).replace('t.', 'e.')}{EVENTS_FROM}{where}"
               " ORDER BY e.article_id, e.ordinal")
        return sql, params
    key = "t.id" if table == "articles" else "t.article_id"
    restrict = "" if f.is_empty() else f" WHERE {key} IN (SELECT DISTINCT e.article_id{EVENTS_FROM}{where})"
    return f"SELECT {_select(table, for_csv)} FROM {quote(table)} t{restrict} ORDER BY {order}", params


def write_tables(b: Browse, f: EventFilter, out_dir: Path, fmt: str) -> dict[str, int]:
    """One file per table in `out_dir` (``articles.parquet``, ...); rows written per table."""
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"table format must be parquet or csv, got {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table in TABLES:
        sql, params = table_query(table, f, for_csv=fmt == "csv")
        reader = b.store._con.execute(sql, params).to_arrow_reader(BATCH_ROWS)
        path = out_dir / f"{table}.{fmt}"
        n = 0
        # Streamed batch by batch, so a large store is never whole in memory.
        if fmt == "parquet":
            with pq.ParquetWriter(path, reader.schema) as writer:
                for batch in reader:
                    writer.write_batch(batch)
                    n += batch.num_rows
        else:
            with pa_csv.CSVWriter(path, reader.schema) as writer:
                for batch in reader:
                    writer.write_batch(batch)
                    n += batch.num_rows
        written[table] = n
    return written


def article_ids(b: Browse, f: EventFilter) -> Iterator[str]:
    sql, params = table_query("articles", f)
    for row in b.stream(sql.replace(_select("articles", False), "t.id", 1), params):
        yield row["id"]


def write_jsonl(b: Browse, f: EventFilter, out: TextIO) -> int:
    """The output contract, one object per article, as `eventwire extract --format jsonl` prints it."""
    ids = list(article_ids(b, f))  # read first: the same connection then fetches each article
    for article_id in ids:
        out.write(json.dumps(b.store.get_result(article_id), ensure_ascii=False) + "\n")
    return len(ids)
