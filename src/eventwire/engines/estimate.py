"""A cheap estimate of how many articles the inputs hold, for progress and ETA.

Counting exactly would mean reading and cleaning everything twice. Instead each
format gets a byte-level count that runs at disk speed: a line per JSONL record,
a row per CSV line, one article per text or HTML file, a response header per
WARC record, an item tag per feed entry. Bad lines and non-article records make
it an over-estimate; the runner raises the total if the real count passes it.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, cast

from eventwire.ingest.files import walk

_CHUNK = 1 << 20
_SINGLE = (".txt", ".text", ".md", ".html", ".htm", ".json")


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while chunk := handle.read(_CHUNK):
        yield chunk


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _count_lines(path: Path) -> int:
    with _open(path) as handle:
        lines = last = 0
        for chunk in _chunks(handle):
            lines += chunk.count(b"\n")
            last = chunk[-1]
    # A last line without a newline is a record too.
    return lines + (1 if last not in (0, 10) else 0)


def _count_marker(markers: tuple[bytes, ...]) -> Callable[[Path], int]:
    def count(path: Path) -> int:
        total = 0
        tail = b""
        keep = max(len(m) for m in markers) - 1
        with _open(path) as handle:
            for chunk in _chunks(handle):
                window = tail + chunk
                total += sum(window.count(m) for m in markers)
                # Carry the end over so a marker cut by a chunk boundary counts
                # once; the carried bytes are too short to hold a whole marker.
                tail = window[-keep:]
        return total

    return count


_COUNTERS: dict[str, Callable[[Path], int]] = {
    ".jsonl": _count_lines,
    ".ndjson": _count_lines,
    ".jsonl.gz": _count_lines,
    ".ndjson.gz": _count_lines,
    ".csv": lambda p: max(_count_lines(p) - 1, 0),
    ".warc": _count_marker((b"WARC-Type: response",)),
    ".warc.gz": _count_marker((b"WARC-Type: response",)),
    ".rss": _count_marker((b"<item>", b"<item ", b"<entry>", b"<entry ")),
    ".atom": _count_marker((b"<entry>", b"<entry ")),
}


def _count_file(path: Path) -> int:
    name = path.name.lower()
    for suffix, counter in sorted(_COUNTERS.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return counter(path)
    return 1 if name.endswith(_SINGLE) else 0


def estimate_articles(paths: Sequence[str | Path]) -> int:
    """About how many articles `read_sources(paths)` will give (bad items included)."""
    total = 0
    for found in walk(paths):
        if isinstance(found, Path):
            try:
                total += _count_file(found)
            except (OSError, EOFError, gzip.BadGzipFile):
                total += 1  # the reader will report it as one bad item
        else:
            total += 1  # a missing path: one error item
    return total
