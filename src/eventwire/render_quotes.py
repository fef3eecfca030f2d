"""Stored quotes for terminals: a Rich table and CSV rows (beside render.py, which holds events)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.table import Table

from eventwire.render import records_csv, records_table

QUOTE_COLUMNS = ("speaker", "kind", "cue", "medium", "relay", "text")
_TABLE_TEXT_CHARS = 200  # a table cell shows the start of a long quote; jsonl and csv keep it whole


def quote_row(q: Mapping[str, Any]) -> dict[str, str]:
    """One quote as flat strings, in QUOTE_COLUMNS order."""
    speaker = q.get("speaker") or {}
    said = speaker.get("text") or ""
    name = q.get("speaker_name") or said
    return {
        "speaker": name if not said or said == name else f"{name} ({said})",
        "kind": q.get("kind") or "",
        "cue": (q.get("cue") or {}).get("text") or "",
        "medium": (q.get("medium") or {}).get("text") or "",  # "a statement", "Twitter"
        "relay": (q.get("relay") or {}).get("text") or "",  # "Reuters" of "told Reuters", "quoted by Reuters"
        "text": q.get("text") or "",
    }


def quotes_table(quotes: Iterable[Mapping[str, Any]], title: str | None = None) -> Table:
    rows = []
    for q in quotes:
        row = quote_row(q)
        text = row["text"]
        row["text"] = text if len(text) <= _TABLE_TEXT_CHARS else text[:_TABLE_TEXT_CHARS] + "…"
        rows.append(row)
    return records_table(rows, QUOTE_COLUMNS, title=title)


def quotes_csv(quotes: Iterable[Mapping[str, Any]]) -> str:
    rows = ({"article_id": str(q.get("article_id") or ""), "start": q.get("start"), "end": q.get("end"),
             **quote_row(q)} for q in quotes)
    return records_csv(rows, ("article_id", "start", "end", *QUOTE_COLUMNS))
