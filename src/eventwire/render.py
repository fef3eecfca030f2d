"""Readable renderings of contract records for terminals: Rich tables and CSV rows.

Shared by every shell that prints events, so the CLI holds no formatting logic.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from rich.table import Table

EVENT_COLUMNS = ("date", "type", "cameo", "actor", "recipient", "trigger", "location", "killed", "status")


def _side(side: Mapping[str, Any] | None) -> str:
    if not side:
        return ""
    text = side.get("text") or ""
    country = side.get("country")
    sectors = "/".join(side.get("sectors") or [])
    code = " ".join(x for x in (country, sectors) if x)
    return f"{text} ({code})" if code else text


def event_row(ev: Mapping[str, Any]) -> dict[str, str]:
    """One event as flat strings, in EVENT_COLUMNS order."""
    date = (ev.get("date") or {}).get("value") or ""
    loc = ev.get("location") or {}
    fat = ev.get("fatalities") or {}
    killed = ""
    if fat:
        lo, hi = fat.get("min"), fat.get("max")
        killed = str(lo) if lo == hi else f"{lo if lo is not None else ''}–{hi if hi is not None else ''}"
    mode = ev.get("mode")
    return {
        "date": date,
        "type": f"{ev.get('type')}{'/' + mode if mode else ''}",
        "cameo": ev.get("cameo") or "",
        "actor": _side(ev.get("actor")),
        "recipient": _side(ev.get("recipient")),
        "trigger": (ev.get("trigger") or {}).get("text") or "",
        "location": loc.get("name") or "",
        "killed": killed,
        "status": ev.get("status") or "",
    }


def events_table(events: Iterable[Mapping[str, Any]], title: str | None = None) -> Table:
    return records_table((event_row(ev) for ev in events), EVENT_COLUMNS, title=title)


def events_csv(events: Iterable[Mapping[str, Any]], with_article: bool = True) -> str:
    cols = (("article_id",) if with_article else ()) + EVENT_COLUMNS
    return records_csv(({**event_row(ev), "article_id": str(ev.get("article_id") or "")} for ev in events), cols)


def records_table(rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...], title: str | None = None) -> Table:
    """Any list of flat records as a table (lists are joined with "/")."""
    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        cells = []
        for col in columns:
            value = row.get(col)
            cells.append("/".join(map(str, value)) if isinstance(value, (list, tuple)) else
                         "" if value is None else str(value))
        table.add_row(*cells)
    return table


def records_csv(rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "/".join(map(str, v)) if isinstance(v := row.get(c), (list, tuple)) else v
                         for c in columns})
    return buf.getvalue()
