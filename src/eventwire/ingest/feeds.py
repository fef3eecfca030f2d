"""RSS and Atom files, read with feedparser: one article per entry.

The entry's full content is the body when the feed carries it, else its
summary; either is HTML, turned into paragraphs here. The feed's title is the
outlet. feedparser is only ever given bytes, never a URL, so nothing is fetched.
A feed is one XML document, so it is parsed whole, within the size limit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from eventwire.errors import ErrorCode, EventwireError, ItemError
from eventwire.ingest.files import read_checked
from eventwire.ingest.records import build_item
from eventwire.ingest.streamed import ReadOptions, Result, guarded

# Tags that end a paragraph; everything else is inline.
_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
                     "section", "article", "figcaption", "pre", "ul", "ol", "table"})
_SKIP = frozenset({"script", "style"})


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Paragraphs of an HTML fragment, one blank line between them (the cleaner takes it from there)."""
    parser = _Paragraphs()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _body(entry: Mapping[str, Any]) -> str:
    contents = entry.get("content") or []
    html = max((c.get("value") or "" for c in contents), key=len, default="")
    return html or entry.get("summary") or entry.get("description") or ""


def _day(entry: Mapping[str, Any]) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None


def read_feed(path: Path, opts: ReadOptions) -> Iterator[Result]:
    """One item per entry of an RSS or Atom file."""
    import feedparser

    # The same checks as any text file: size, binary, strict UTF-8.
    data = read_checked(path, opts.max_bytes)
    if isinstance(data, ItemError):
        yield data
        return
    parsed = feedparser.parse(data.encode("utf-8"), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        # Not a feed at all (broken XML), or a valid feed with nothing in it.
        broken = parsed.get("bozo_exception")
        code, details = (ErrorCode.E017_UNREADABLE, {"detail": str(broken)}) if broken else (ErrorCode.E002_EMPTY, {})
        yield EventwireError(code, str(path), **details).as_item()
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_item(entry, f"{path}:{number}", outlet, opts)


def _entry_item(entry: Mapping[str, Any], source: str, outlet: str | None, opts: ReadOptions) -> Result:
    return guarded(lambda: build_item(
        html_to_text(_body(entry)), title=entry.get("title") or None, url=entry.get("link") or None,
        outlet=outlet, published=_day(entry), default_published=opts.default_published,
        source=source, rules=opts.rules))
