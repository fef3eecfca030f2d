"""Remember what was read from the Doc being coded.

An article is coded from start to end before the next, and several extractors ask the
same questions of it (its sentences, its token strings). `per_doc` keeps the answer for
one Doc, the last one asked about; a Doc that is not that one is simply read again.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Doc

T = TypeVar("T")


def per_doc(read: Callable[[Doc], T]) -> Callable[[Doc], T]:
    """`read`, answered once for the Doc it was last asked about."""
    last: list[tuple[weakref.ref[Doc], T]] = []

    def cached(doc: Doc) -> T:
        held = last[0] if last else None  # one read: another thread may replace it meanwhile
        if held is not None and held[0]() is doc:
            return held[1]
        value = read(doc)
        last[:] = [(weakref.ref(doc), value)]
        return value

    cached.__doc__ = read.__doc__
    return cached
