"""Main text and metadata of an HTML page, via trafilatura, offline.

trafilatura is only given the markup, never a URL to fetch, so nothing here
touches the network.
"""

from __future__ import annotations

from configparser import ConfigParser
from dataclasses import dataclass

from eventwire.errors import ErrorCode, EventwireError


@dataclass(frozen=True)
class WebPage:
    text: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None


def _config(max_bytes: int) -> ConfigParser:
    from trafilatura.settings import use_config

    # A fresh config per call instead of editing trafilatura's shared default.
    config = use_config()
    # trafilatura throws away a short main text and falls back to a baseline
    # that runs all paragraphs together; short news items are still news.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
    # Its timeout uses SIGALRM, which only works in the main thread.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    # Dates guessed from body text would be the events' dates, not publication.
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def extract_page(markup: str, source: str, max_bytes: int) -> WebPage:
    """The page's main text (one paragraph per line); E009 when there is none."""
    # Imported here: trafilatura (with lxml, htmldate, courlan) is a tenth of a second
    # that `eventwire extract` on a text file does not need.
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            config=_config(max_bytes),
        )
    except Exception as exc:  # any parser failure on this page means "no article here"
        raise EventwireError(ErrorCode.E009_BAD_HTML, source) from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise EventwireError(ErrorCode.E009_BAD_HTML, source)
    title = getattr(doc, "title", None) or None
    lines = text.split("\n")
    # trafilatura often repeats the headline as the first line of the text.
    if title and lines and lines[0].strip() == title.strip():
        lines = lines[1:]
    if not any(line.strip() for line in lines):
        raise EventwireError(ErrorCode.E009_BAD_HTML, source)
    return WebPage(
        # One paragraph per line in trafilatura's output: make the breaks explicit
        # so the cleaner never takes short paragraphs for a hard-wrapped one.
        text="\n\n".join(lines),
        title=title,
        url=getattr(doc, "url", None) or None,
        outlet=getattr(doc, "sitename", None) or None,
        published=getattr(doc, "date", None) or None,
    )
