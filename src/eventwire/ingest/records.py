"""From fields (text, title, url, outlet, published) to one checked `IngestedItem`.

Every reader ends here, so the rules for a field are written once: text must be
a non-empty string, the other fields strings or missing, published a date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from eventwire.errors import ErrorCode, EventwireError
from eventwire.ingest.clean import clean_text, normalize_line
from eventwire.ingest.ids import article_id
from eventwire.ingest.rules import CleaningRules
from eventwire.model import Article

OPTIONAL_FIELDS = ("title", "url", "outlet", "published")
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(.*)$", re.DOTALL)


@dataclass(frozen=True)
class IngestedItem:
    """One article read from a source, with the lines the cleaner put aside."""

    article: Article
    captions: tuple[str, ...] = ()
    source: str = "<text>"
    dropped: tuple[str, ...] = ()


def normalize_published(value: str, source: str = "<input>") -> str:
    """YYYY-MM-DD from a date or an ISO datetime (truncated to its date).

    The date is the one written in the source: a datetime with an offset is not
    shifted to UTC, because the day the outlet printed is what dates the story.
    """
    text = value.strip()
    match = _DATE_PREFIX.match(text)
    if match is None:
        raise EventwireError(ErrorCode.E012_BAD_DATE, source, value=value)
    day, rest = match.groups()
    try:
        date.fromisoformat(day)
        if rest:
            if rest[0] not in "T ":
                raise ValueError(rest)
            datetime.fromisoformat(text)
    except ValueError:
        raise EventwireError(ErrorCode.E012_BAD_DATE, source, value=value) from None
    return day


def _optional_str(fields: Mapping[str, object], name: str, source: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        detail = f"expected a string, got {type(value).__name__}"
        raise EventwireError(ErrorCode.E008_BAD_FIELD, source, field=name, detail=detail)
    # Empty cells (CSV) and blank strings mean "unknown", which the contract writes as null.
    return normalize_line(value) or None


def build_item(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    default_published: str | None = None,
    source: str = "<text>",
    rules: CleaningRules | None = None,
) -> IngestedItem:
    """Clean the text and check the fields; raises `EventwireError` for a bad item."""
    cleaned = clean_text(text, rules)
    if not cleaned.text:
        raise EventwireError(ErrorCode.E002_EMPTY, source)
    # The caller's date only fills a gap: an item that says when it was
    # published knows better than a run-wide default.
    day = published if published else default_published
    return IngestedItem(
        article=Article(
            id=article_id(cleaned.text),
            text=cleaned.text,
            title=(normalize_line(title) or None) if title else None,
            url=url or None,
            outlet=outlet or None,
            published=normalize_published(day, source) if day else None,
        ),
        captions=cleaned.captions,
        source=source,
        dropped=cleaned.dropped,
    )


def item_from_record(
    record: object,
    *,
    source: str,
    default_published: str | None = None,
    rules: CleaningRules | None = None,
) -> IngestedItem:
    """One JSON object or CSV row; other keys than the contract's are ignored."""
    if not isinstance(record, Mapping):
        raise EventwireError(
            ErrorCode.E006_BAD_JSON, source, detail=f"expected an object, got {type(record).__name__}"
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise EventwireError(ErrorCode.E007_MISSING_TEXT, source)
    fields = {name: _optional_str(record, name, source) for name in OPTIONAL_FIELDS}
    return build_item(
        text,
        title=fields["title"],
        url=fields["url"],
        outlet=fields["outlet"],
        published=fields["published"],
        default_published=default_published,
        source=source,
        rules=rules,
    )
