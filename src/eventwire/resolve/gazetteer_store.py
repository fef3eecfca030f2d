"""Where the gazetteer's 270k rows and 560k names live while a process runs.

Reading the shipped ``*.tsv.gz`` files into dicts costs every CLI run ~2 s and ~170 MB.
Instead they are copied once into an SQLite file in a cache folder (keyed by a hash of
the shipped files, so a rebuilt gazetteer gets a fresh copy), and each process opens it
read-only: opening is milliseconds and memory holds only the rows looked up. The
``MemoryStore`` keeps the old all-in-memory behaviour for callers that pass rows.

The cache folder is ``$EVENTWIRE_CACHE``, else ``$XDG_CACHE_HOME/eventwire``, else
``~/.cache/eventwire``; when none is writable the copy goes to the temp folder.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

SCHEMA_VERSION = "1"
# Lookups repeat a lot within and across articles ("U.S.", "Syria"); the cache is
# bounded so a long batch run does not grow without end.
LOOKUP_CACHE_SIZE = 50_000


class RowStore(Protocol):
    """Rows (raw TSV lines) by number, and packed row lists by name key."""

    def __len__(self) -> int: ...

    def line(self, row: int) -> str: ...

    def names(self, key: str) -> str | None: ...

    def head(self) -> list[str]:
        """The leading country and first-level division rows, in order."""
        ...

    def row_of(self, geonames_id: int) -> int | None: ...


class MemoryStore:
    """Everything in dicts and lists: quick to query, slow and heavy to load."""

    def __init__(self, rows: list[str], names: dict[str, str]) -> None:
        self._rows = rows
        self._names = names
        self._by_id: dict[int, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def line(self, row: int) -> str:
        return self._rows[row]

    def names(self, key: str) -> str | None:
        return self._names.get(key)

    def head(self) -> list[str]:
        return list(_head(iter(self._rows)))

    def row_of(self, geonames_id: int) -> int | None:
        if self._by_id is None:
            self._by_id = {}
            for i, line in enumerate(self._rows):
                gid = line[: line.index("\t")]
                if gid:
                    self._by_id.setdefault(int(gid), i)
        return self._by_id.get(geonames_id)


def _head(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        if line.split("\t", 2)[1] not in ("country", "admin1"):
            return
        yield line


class SqliteStore:
    """The rows in a read-only SQLite file; one connection per process (reopened after a fork)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._cache: dict[str, str | None] = {}
        self._size = int(str(self._query("SELECT value FROM meta WHERE key = 'rows'")[0][0]))

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            uri = f"file:{self._path}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:  # one connection, shared by a worker's threads
            return self._connection().execute(sql, args).fetchall()

    def __len__(self) -> int:
        return self._size

    def line(self, row: int) -> str:
        found = self._query("SELECT line FROM places WHERE row = ?", (row,))
        if not found:
            raise IndexError(row)
        return str(found[0][0])

    def names(self, key: str) -> str | None:
        if key in self._cache:
            return self._cache[key]
        found = self._query("SELECT rows FROM names WHERE key = ?", (key,))
        value = str(found[0][0]) if found else None
        if len(self._cache) >= LOOKUP_CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = value
        return value

    def head(self) -> list[str]:
        count = int(str(self._query("SELECT value FROM meta WHERE key = 'head'")[0][0]))
        return [str(r[0]) for r in self._query("SELECT line FROM places WHERE row < ? ORDER BY row", (count,))]

    def row_of(self, geonames_id: int) -> int | None:
        found = self._query("SELECT min(row) FROM places WHERE gid = ?", (geonames_id,))
        return None if not found or found[0][0] is None else int(str(found[0][0]))


def read_gz_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [line for line in handle.read().split("\n") if line and not line.startswith("#")]


def cache_dir() -> Path:
    if os.environ.get("EVENTWIRE_CACHE"):
        return Path(os.environ["EVENTWIRE_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "eventwire"
    return Path.home() / ".cache" / "eventwire"


def _digest(places: Path, names: Path) -> str:
    h = hashlib.sha1(SCHEMA_VERSION.encode())
    for path in (places, names):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def build_sqlite(places: Path, names: Path, target: Path) -> None:
    """Copy the shipped files into a new SQLite file at `target` (atomically)."""
    rows = read_gz_lines(places)
    head = sum(1 for _ in _head(iter(rows)))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(fd)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE places (row INTEGER PRIMARY KEY, gid INTEGER, line TEXT NOT NULL);"
            "CREATE TABLE names (key TEXT PRIMARY KEY, rows TEXT NOT NULL) WITHOUT ROWID;"
        )
        conn.executemany("INSERT INTO places VALUES (?, ?, ?)",
                         ((i, int(line[: line.index("\t")] or 0) or None, line) for i, line in enumerate(rows)))
        conn.executemany("INSERT INTO names VALUES (?, ?)",
                         (tuple(line.split("\t", 1)) for line in read_gz_lines(names)))
        conn.execute("CREATE INDEX places_gid ON places (gid)")
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [("rows", str(len(rows))), ("head", str(head))])
        conn.commit()
    finally:
        conn.close()
    os.chmod(tmp, 0o644)  # mkstemp makes it private; the copy holds only public data
    os.replace(tmp, target)  # a reader never sees a half-written file


def open_sqlite(places: Path, names: Path) -> SqliteStore:
    """The SQLite copy of the shipped files, built on first use."""
    name = f"gazetteer-{_digest(places, names)}.sqlite"
    for folder in (cache_dir(), Path(tempfile.gettempdir()) / "eventwire"):
        target = folder / name
        try:
            if not target.exists():
                build_sqlite(places, names, target)
            return SqliteStore(target)
        except (OSError, sqlite3.Error):
            continue  # an unwritable or broken cache folder: try the next one
    raise OSError(f"no writable cache folder for the gazetteer ({cache_dir()})")
