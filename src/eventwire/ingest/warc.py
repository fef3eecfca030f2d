"""WARC archives (plain or gzipped), as Common Crawl News publishes them.

Each `response` record holding an HTML page with status 200 is one article:
its main text goes through the same extraction as an `.html` file. Requests,
metadata, redirects and non-HTML responses are not articles and are passed
over silently. The record's crawl date is not the publication date, so it is
never used as one: the page's own metadata, or `--published`, dates the item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import ErrorCode, EventwireError
from eventwire.ingest.records import build_item
from eventwire.ingest.streamed import ReadOptions, Result, guarded
from eventwire.ingest.webpage import extract_page

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF = 4096


def _charset(content_type: str, body: bytes) -> str:
    """The declared encoding: HTTP header first, then a <meta> in the page head; UTF-8 if none."""
    for place in (content_type.encode("latin-1", "replace"), body[:_SNIFF]):
        found = _CHARSET.search(place)
        if found:
            return found.group(1).decode("ascii", "replace").lower()
    return "utf-8"


def _decode(body: bytes, content_type: str, source: str) -> str:
    declared = _charset(content_type, body)
    for encoding in dict.fromkeys((declared, "utf-8")):
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # Strict, like every reader: a guessed encoding would garble names and shift offsets.
    raise EventwireError(ErrorCode.E004_BAD_ENCODING, source)


def _is_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return record.http_headers.get_statuscode() == "200" and "html" in content_type


def _article(record: Any, path: Path, opts: ReadOptions) -> Result:
    url = record.rec_headers.get_header("WARC-Target-URI")
    source = f"{path}#{url}" if url else str(path)
    body = record.content_stream().read(opts.max_bytes + 1)
    if len(body) > opts.max_bytes:
        return EventwireError(ErrorCode.E005_TOO_LARGE, source, limit=opts.max_bytes).as_item()

    def make() -> Any:
        markup = _decode(body, record.http_headers.get_header("Content-Type") or "", source)
        page = extract_page(markup, source, opts.max_bytes)
        return build_item(page.text, title=page.title, url=url or page.url, outlet=page.outlet,
                          published=page.published, default_published=opts.default_published,
                          source=source, rules=opts.rules)

    return guarded(make)


def read_warc(path: Path, opts: ReadOptions) -> Iterator[Result]:
    """One item per HTML response record, read one record at a time."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if _is_page(record):
                    yield _article(record, path, opts)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        # A truncated or foreign file: the records read so far stand.
        yield EventwireError(ErrorCode.E017_UNREADABLE, str(path), detail=str(exc) or type(exc).__name__).as_item()
    except Exception as exc:  # warcio fails in its internals on some cut records (a None URI); same case
        yield EventwireError(ErrorCode.E017_UNREADABLE, str(path), detail=str(exc) or type(exc).__name__).as_item()
