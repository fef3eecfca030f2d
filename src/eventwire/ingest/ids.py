"""Stable article ids: the same story gives the same id on every run and machine."""

from __future__ import annotations

import hashlib

ID_LENGTH = 16


def article_id(text: str) -> str:
    """First 16 hex digits of the SHA-256 of the cleaned text (UTF-8).

    The id hashes the cleaned text only, not the title, URL or file name, so a
    story re-read from another file or format keeps its id; 64 bits make an
    accidental clash unlikely even across millions of articles.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_LENGTH]
