"""Every error eventwire reports about an input item, numbered in one place.

Numbers are stable: users grep for them and docs cite them. An item that fails
gets one `ItemError`; the run reports it and goes on with the next item.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ErrorCode(Enum):
    """(number, message template). Never renumber; add new codes at the end."""

    E001_NOT_FOUND = (1, "input not found")
    E002_EMPTY = (2, "input is empty (no text after cleaning)")
    E003_BINARY = (3, "input looks binary, not text")
    E004_BAD_ENCODING = (4, "input is not valid UTF-8")
    E005_TOO_LARGE = (5, "input is larger than the limit of {limit} bytes")
    E006_BAD_JSON = (6, "line is not valid JSON: {detail}")
    E007_MISSING_TEXT = (7, "record has no non-empty 'text' field")
    E008_BAD_FIELD = (8, "field {field!r} has the wrong type: {detail}")
    E009_BAD_HTML = (9, "no article text could be found in the HTML")
    E010_BAD_CSV = (10, "CSV could not be read: {detail}")
    E011_UNSUPPORTED = (11, "unsupported input type: {detail}")
    E012_BAD_DATE = (12, "published date {value!r} is not YYYY-MM-DD")
    E013_PIPELINE = (13, "extraction failed: {detail}")
    E014_STORE = (14, "could not store the article: {detail}")
    E015_SCHEMA_VERSION = (15, "store schema version {found} is unusable here (ours: {supported}): {detail}")
    E016_NOT_STORED = (16, "article {article_id!r} is not in the store")
    E017_UNREADABLE = (17, "input could not be read: {detail}")

    @property
    def number(self) -> int:
        return int(self.value[0])

    @property
    def template(self) -> str:
        return str(self.value[1])


@dataclass(frozen=True)
class ItemError:
    """One input item that could not be processed, and why."""

    code: ErrorCode
    source: str
    message: str

    def __str__(self) -> str:
        return f"E{self.code.number:03d} {self.source}: {self.message}"


class EventwireError(Exception):
    """Raised by the core for one item; shells turn it into an `ItemError`."""

    def __init__(self, code: ErrorCode, source: str = "<input>", **details: object) -> None:
        self.code = code
        self.source = source
        self.message = code.template.format(**details)
        super().__init__(f"E{code.number:03d} {source}: {self.message}")

    def as_item(self) -> ItemError:
        return ItemError(self.code, self.source, self.message)
