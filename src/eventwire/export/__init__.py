"""Exports of the store: Parquet and CSV of each table, contract JSONL, GDELT 2.0, POLECAT and PLOVER.

`export(db, fmt, out, filters)` is the one entry point; the CLI's
``eventwire export`` is a thin call to it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from eventwire.export.events import StoryEntities, event_rows
from eventwire.export.gdelt import write_gdelt
from eventwire.export.plover import write_plover
from eventwire.export.polecat import write_polecat
from eventwire.export.tables import write_jsonl, write_tables
from eventwire.store import Store
from eventwire.store.browse import Browse
from eventwire.store.filters import EventFilter

FORMATS = ("parquet", "csv", "jsonl", "gdelt", "polecat", "plover")
TABLE_FORMATS = ("parquet", "csv")  # one file per table: `out` is a directory
DEFAULT_TABLE_DIR = Path("export")


@contextlib.contextmanager
def _text_out(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        yield fh


def export(db: str | Path, fmt: str, out: Path | None = None, filters: EventFilter | None = None,
           header: bool | None = None) -> dict[str, int]:
    """Write the store at `db` (read-only) in `fmt`; returns how many rows or records went out, by name.

    Parquet and CSV write one file per table into the directory `out`
    (default ``export/``); the others write one file to `out`, or stdout.
    `header` adds GDELT's column names as a first row (GDELT's own files have none).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    f = filters or EventFilter()
    with Store(db, read_only=True) as store:
        b = Browse(store)
        if fmt in TABLE_FORMATS:
            return write_tables(b, f, out or DEFAULT_TABLE_DIR, fmt)
        with _text_out(out) as fh:
            if fmt == "jsonl":
                return {"articles": write_jsonl(b, f, fh)}
            if fmt == "gdelt":
                return {"events": write_gdelt(event_rows(b, f), fh, header=bool(header))}
            if fmt == "polecat":
                return {"events": write_polecat(event_rows(b, f), StoryEntities(b), fh)}
            return {"events": write_plover(event_rows(b, f), fh)}


__all__ = ["FORMATS", "export"]
