"""The sentence a token is in, without re-walking the parse at each question.

`Token.sent` finds the sentence's edges from the token's sentence-start flags every
time it is read (about 7 µs on a news article); the extractors ask it for nearly every
trigger, cue and mention. Here a Doc's sentences are read once, and a token's
sentence is found by bisection over their starts. The Spans are the ones `doc.sents`
gives, so `sentence_of(tok)` equals `tok.sent`.

The cache holds one Doc, the one being coded: an article is coded from start to end
before the next, and a Doc that is not the cached one is simply read again.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_Read = tuple["weakref.ref[Doc]", list[int], list[Span]]
_last: _Read | None = None


def sentences(doc: Doc) -> list[Span]:
    """`list(doc.sents)`, read once per Doc."""
    return _read(doc)[2]


def sentence_of(tok: Token) -> Span:
    """`tok.sent`."""
    _, starts, spans = _read(tok.doc)
    return spans[bisect_right(starts, tok.i) - 1]


def _read(doc: Doc) -> _Read:
    global _last
    held = _last  # one read of the global: another thread may replace it meanwhile
    if held is not None and held[0]() is doc:
        return held
    spans = list(doc.sents)
    held = (weakref.ref(doc), [s.start for s in spans], spans)
    _last = held
    return held
