"""Finding input files and reading them as checked UTF-8 text.

The checks run cheapest first, so a huge or binary file costs little: size from
`stat` before opening, then a bounded read, then NUL bytes, then strict UTF-8.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from eventwire.errors import ErrorCode, EventwireError, ItemError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Share of control characters above which decoded text is not prose.
_MAX_CONTROL_SHARE = 0.10
_SAMPLE = 64 * 1024
_CHUNK = 1024 * 1024
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def walk(paths: Sequence[str | Path]) -> Iterator[Path | EventwireError]:
    """Files in input order; a directory gives its files sorted, recursively.

    Hidden files and directories (".git", ".DS_Store") are skipped inside a
    directory walk: they are never articles. Symlinked directories are not
    followed, so a link loop cannot make the walk endless.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                # Regular files only: reading a FIFO or socket found in a tree would block.
                candidates = (Path(root) / f for f in files if not f.startswith("."))
                found.extend(p for p in candidates if p.is_file())
            yield from sorted(found, key=lambda p: p.relative_to(path).parts)
        elif path.exists():
            yield path
        else:
            yield EventwireError(ErrorCode.E001_NOT_FOUND, str(path))


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    controls = sum(1 for b in sample if b < 0x20 and chr(b) not in _TEXT_CONTROLS)
    return controls > _MAX_CONTROL_SHARE * len(sample)


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` bytes, in chunks.

    Bounded even if the file grew after `stat` or `stat` lied (pipes, /proc);
    chunked because `read(limit)` allocates `limit` bytes up front, 20 MB for
    every small file.
    """
    parts: list[bytes] = []
    total = 0
    with path.open("rb") as handle:
        while total < limit:
            part = handle.read(min(_CHUNK, limit - total))
            if not part:
                break
            parts.append(part)
            total += len(part)
    return b"".join(parts)


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file as text, or `EventwireError` E002/E003/E004/E005."""
    source = str(path)
    if path.stat().st_size > max_bytes:
        raise EventwireError(ErrorCode.E005_TOO_LARGE, source, limit=max_bytes)
    data = _read_bounded(path, max_bytes + 1)
    if len(data) > max_bytes:
        raise EventwireError(ErrorCode.E005_TOO_LARGE, source, limit=max_bytes)
    if not data.strip():
        raise EventwireError(ErrorCode.E002_EMPTY, source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 is full of NUL bytes, but it is text in the wrong encoding.
        raise EventwireError(ErrorCode.E004_BAD_ENCODING, source)
    if b"\x00" in data or _looks_binary(data):
        raise EventwireError(ErrorCode.E003_BINARY, source)
    try:
        # Strict on purpose: replacing bad bytes would shift the text that
        # offsets point into and hide a wrong encoding from the user.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EventwireError(ErrorCode.E004_BAD_ENCODING, source) from None


def read_checked(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str | ItemError:
    """The file as text, or the one numbered error a reader reports for it."""
    try:
        return read_text(path, max_bytes)
    except EventwireError as exc:
        return exc.as_item()
    except OSError as exc:
        return EventwireError(ErrorCode.E017_UNREADABLE, str(path), detail=exc.strerror or str(exc)).as_item()
