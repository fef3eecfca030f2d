"""Streamed formats: archives read record by record, never whole into memory.

The whole-file readers in `readers.py` refuse a file over the size limit; an
archive is meant to be large, so these readers hold the limit per record
instead and keep one record in memory at a time. Gzipped JSONL lives here;
WARC and RSS/Atom have modules of their own.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Protocol, cast

from eventwire.errors import ErrorCode, EventwireError, ItemError
from eventwire.ingest.records import IngestedItem, item_from_record
from eventwire.ingest.rules import CleaningRules

Result = IngestedItem | ItemError
_CHUNK = 1 << 20


class ReadOptions(Protocol):
    """What a reader needs besides the file (the `_Options` of `readers.py`)."""

    @property
    def default_published(self) -> str | None: ...
    @property
    def rules(self) -> CleaningRules: ...
    @property
    def max_bytes(self) -> int: ...


def guarded(make: Callable[[], IngestedItem]) -> Result:
    """The item, or its numbered error: one bad record never stops the file."""
    try:
        return make()
    except EventwireError as exc:
        return exc.as_item()


def _skip_rest_of_line(handle: IO[bytes]) -> None:
    while (part := handle.readline(_CHUNK)) and not part.endswith(b"\n"):
        pass


def _lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line longer than `limit`, which is skipped unread."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield number, None
        else:
            yield number, line


def _jsonl_record(raw: bytes, source: str, opts: ReadOptions) -> Result:
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return EventwireError(ErrorCode.E004_BAD_ENCODING, source).as_item()
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        return EventwireError(ErrorCode.E006_BAD_JSON, source, detail=str(exc) or type(exc).__name__).as_item()
    return guarded(lambda: item_from_record(
        record, source=source, default_published=opts.default_published, rules=opts.rules))


def read_jsonl_gz(path: Path, opts: ReadOptions) -> Iterator[Result]:
    """One item per line of a gzipped JSONL file, the same fields as plain JSONL."""
    try:
        with gzip.open(path, "rb") as handle:
            for number, raw in _lines(cast(IO[bytes], handle), opts.max_bytes):
                source = f"{path}:{number}"
                if raw is None:
                    yield EventwireError(ErrorCode.E005_TOO_LARGE, source, limit=opts.max_bytes).as_item()
                elif raw.strip():
                    yield _jsonl_record(raw, source, opts)
    except (OSError, EOFError, zlib.error) as exc:  # not gzip, or cut short: the lines read so far stand
        yield EventwireError(ErrorCode.E017_UNREADABLE, str(path), detail=str(exc) or type(exc).__name__).as_item()
