"""Ingest: sources (files, directories) in, cleaned `Article`s out.

    from eventwire.ingest import read_sources
    for item in read_sources(["news/"], published="2017-04-09"):
        ...  # an IngestedItem, or an ItemError for a bad item

The text of each article is cleaned once here (`clean_text`); every later
character offset points into that cleaned text.
"""

from __future__ import annotations

from eventwire.ingest.clean import CleanedText, clean_text
from eventwire.ingest.files import DEFAULT_MAX_BYTES
from eventwire.ingest.ids import article_id
from eventwire.ingest.readers import SUPPORTED_EXTENSIONS, article_from_text, read_sources
from eventwire.ingest.records import IngestedItem, normalize_published
from eventwire.ingest.rules import DEFAULT_RULES_PATH, CleaningRules, load_rules

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_RULES_PATH",
    "SUPPORTED_EXTENSIONS",
    "CleanedText",
    "CleaningRules",
    "IngestedItem",
    "article_from_text",
    "article_id",
    "clean_text",
    "load_rules",
    "normalize_published",
    "read_sources",
]
