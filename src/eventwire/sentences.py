"""The sentence a token is in, without re-walking the parse at each question.

`Token.sent` finds the sentence's edges from the token's sentence-start flags every
time it is read (about 7 µs on a news article); the extractors ask it for nearly every
trigger, cue and mention. Here a Doc's sentences are read once, and a token's
sentence is found by bisection over their starts. The Spans are the ones `doc.sents`
gives, so `sentence_of(tok)` equals `tok.sent`.

The cache holds one Doc, the one being coded (`per_doc`).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from eventwire.per_doc import per_doc


def sentence_index(tok: Token) -> int:
    """Which of the Doc's sentences (from 0) the token is in."""
    return bisect_right(_read(tok.doc)[0], tok.i) - 1


def sentence_of(tok: Token) -> Span:
    """`tok.sent`."""
    return _read(tok.doc)[1][sentence_index(tok)]


@per_doc
def _read(doc: Doc) -> tuple[list[int], list[Span]]:
    spans = list(doc.sents)
    return [s.start for s in spans], spans
