"""Reading sources: files and directories in, one item or one error per article out.

A bad item never stops a run: it becomes one `ItemError` and the next item is
read. Only a bad argument from the caller (a malformed `published`) raises.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import ErrorCode, EventwireError, ItemError
from eventwire.ingest.clean import normalize_line
from eventwire.ingest.feeds import read_feed
from eventwire.ingest.files import DEFAULT_MAX_BYTES, read_checked, walk
from eventwire.ingest.records import IngestedItem, build_item, item_from_record, normalize_published
from eventwire.ingest.rules import CleaningRules, load_rules
from eventwire.ingest.streamed import read_jsonl_gz
from eventwire.ingest.warc import read_warc
from eventwire.ingest.webpage import extract_page

Result = IngestedItem | ItemError
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass(frozen=True)
class _Options:
    """What every format reader needs besides the file's text."""

    default_published: str | None
    rules: CleaningRules
    max_bytes: int


def _guard(make: Callable[[], IngestedItem]) -> Result:
    try:
        return make()
    except EventwireError as exc:
        return exc.as_item()


def _read_plain(text: str, path: Path, opts: _Options) -> Iterator[Result]:
    lines = _LINE_BREAK.split(text)
    # Not blank as bytes, but maybe only no-break or zero-width spaces.
    first = next((i for i, line in enumerate(lines) if normalize_line(line)), None)
    if first is None:
        yield EventwireError(ErrorCode.E002_EMPTY, str(path)).as_item()
        return
    title = normalize_line(lines[first])
    if path.suffix.lower() == ".md":
        title = _MARKDOWN_HEADING.sub("", title)
    body = "\n".join(lines[first + 1 :])
    if not any(normalize_line(line) for line in lines[first + 1 :]):
        # A one-line file is a story without a headline, not a headline without a story.
        title, body = "", lines[first]
    yield _guard(
        lambda: build_item(
            body,
            title=title or None,
            default_published=opts.default_published,
            source=str(path),
            rules=opts.rules,
        ),
    )


def _read_html(text: str, path: Path, opts: _Options) -> Iterator[Result]:
    def make() -> IngestedItem:
        page = extract_page(text, str(path), opts.max_bytes)
        return build_item(
            page.text,
            title=page.title,
            url=page.url,
            outlet=page.outlet,
            published=page.published,
            default_published=opts.default_published,
            source=str(path),
            rules=opts.rules,
        )

    yield _guard(make)


def _record(record: object, source: str, opts: _Options) -> Result:
    return _guard(
        lambda: item_from_record(
            record, source=source, default_published=opts.default_published, rules=opts.rules
        ),
    )


def _parse_json(line: str, source: str) -> object:
    try:
        return json.loads(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise EventwireError(ErrorCode.E006_BAD_JSON, source, detail=str(exc) or type(exc).__name__) from None


def _read_jsonl(text: str, path: Path, opts: _Options) -> Iterator[Result]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            record = _parse_json(line, source)
        except EventwireError as exc:
            yield exc.as_item()
            continue
        yield _record(record, source, opts)


def _read_json(text: str, path: Path, opts: _Options) -> Iterator[Result]:
    try:
        data = _parse_json(text, str(path))
    except EventwireError as exc:
        yield exc.as_item()
        return
    if isinstance(data, list):
        for index, record in enumerate(data):
            yield _record(record, f"{path}[{index}]", opts)
    else:
        yield _record(data, str(path), opts)


def _read_csv(text: str, path: Path, opts: _Options) -> Iterator[Result]:
    # csv's field limit (128 KiB) is below our file limit; a long article in a
    # cell is legitimate. The limit is process-wide, so it is only ever raised.
    if csv.field_size_limit() < opts.max_bytes:
        csv.field_size_limit(opts.max_bytes)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (csv.Error, StopIteration) as exc:
        detail = str(exc) or "no header row"
        yield EventwireError(ErrorCode.E010_BAD_CSV, str(path), detail=detail).as_item()
        return
    if "text" not in header:
        yield EventwireError(ErrorCode.E010_BAD_CSV, str(path), detail="no 'text' column").as_item()
        return
    while True:
        source = f"{path}:{reader.line_num + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The reader resets after an error, so the rows after this one are still read.
            yield EventwireError(ErrorCode.E010_BAD_CSV, source, detail=str(exc)).as_item()
            continue
        if not any(cell.strip() for cell in row):
            continue
        # Cells past the header are ignored; missing ones are missing fields.
        yield _record(dict(zip(header, row, strict=False)), source, opts)


_READERS: dict[str, Callable[[str, Path, _Options], Iterator[Result]]] = {
    ".txt": _read_plain,
    ".text": _read_plain,
    ".md": _read_plain,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".json": _read_json,
    ".csv": _read_csv,
}
# Archives and feeds: read from the open file record by record, the size limit
# held per record. Matched on the end of the whole name (".warc.gz").
_STREAMED: dict[str, Callable[[Path, _Options], Iterator[Result]]] = {
    ".jsonl.gz": read_jsonl_gz,
    ".ndjson.gz": read_jsonl_gz,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".rss": read_feed,
    ".atom": read_feed,
}
SUPPORTED_EXTENSIONS = (*_READERS, *_STREAMED)


def _read_file(path: Path, opts: _Options) -> Iterator[Result]:
    streamed = next((r for ext, r in _STREAMED.items() if path.name.lower().endswith(ext)), None)
    if streamed is not None:
        yield from streamed(path, opts)
        return
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        detail = f"{path.suffix or 'no extension'} (supported: {', '.join(SUPPORTED_EXTENSIONS)})"
        yield EventwireError(ErrorCode.E011_UNSUPPORTED, str(path), detail=detail).as_item()
        return
    text = read_checked(path, opts.max_bytes)
    if isinstance(text, ItemError):
        yield text
        return
    yield from reader(text, path, opts)


def read_sources(
    paths: Sequence[str | Path],
    published: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rules: CleaningRules | None = None,
) -> Iterator[IngestedItem | ItemError]:
    """Every article in `paths`, in input order; directories are walked sorted.

    `published` (YYYY-MM-DD or an ISO datetime) fills in the date of items that
    carry none. A bad item yields one `ItemError` and the run goes on; a bad
    `published` raises `EventwireError` (E012) here, before anything is read.
    """
    opts = _Options(
        default_published=normalize_published(published, "--published") if published else None,
        rules=rules or load_rules(),
        max_bytes=max_bytes,
    )
    # A lone path is a common slip; iterating it would walk its characters.
    given = [paths] if isinstance(paths, (str, Path)) else list(paths)
    return _iterate(given, opts)


def _iterate(paths: Sequence[str | Path], opts: _Options) -> Iterator[Result]:
    for found in walk(paths):
        if isinstance(found, EventwireError):
            yield found.as_item()
        else:
            yield from _read_file(found, opts)


def article_from_text(
    text: str,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    source: str = "<text>",
    *,
    rules: CleaningRules | None = None,
) -> IngestedItem:
    """One article from a string (the Python API); raises `EventwireError`.

    The text is the body: no title is taken from its first line (pass `title`).
    E002 when nothing is left after cleaning, E012 for a malformed date.
    """
    return build_item(
        text, title=title, url=url, outlet=outlet, published=published, source=source, rules=rules
    )
