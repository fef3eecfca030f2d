"""A parsed Doc's token strings as plain lists, read once per Doc.

Each `doc[i]` makes a new Token object and each `.pos_` or `.lemma_` is a lookup in
the string store; extractors that look at every token of an article to find the few
they care about (triggers, speech verbs, source phrases) spent most of their time on
that. Here the columns are read from the Doc's arrays in one call and their string
ids turned into strings through a cache shared by all Docs.

The cache holds one Doc, the one being coded, as `sentences` does.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from spacy.attrs import IDX, LEMMA, LOWER, ORTH, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc

_STRINGS_LIMIT = 200_000
_strings: dict[int, str] = {}  # string id -> the string
_lower_strings: dict[int, str] = {}  # string id -> that string in lower case


@dataclass(frozen=True)
class TokenColumns:
    """Per token, by index: `text` (`Token.text`), `idx` (`Token.idx`), `pos` (coarse tag,
    as `Token.pos_`), `lemma` (lower-cased `Token.lemma_`) and `lower` (`Token.lower_`)."""

    text: list[str]
    idx: list[int]
    pos: list[str]
    lemma: list[str]
    lower: list[str]


_last: tuple[weakref.ref[Doc], TokenColumns] | None = None


def token_columns(doc: Doc) -> TokenColumns:
    global _last
    held = _last  # one read of the global: another thread may replace it meanwhile
    if held is not None and held[0]() is doc:
        return held[1]
    columns = _read(doc)
    _last = (weakref.ref(doc), columns)
    return columns


def _read(doc: Doc) -> TokenColumns:
    orth, idx, pos, lemma, lower = doc.to_array([ORTH, IDX, POS, LEMMA, LOWER]).T.tolist()
    store = doc.vocab.strings
    if len(_strings) > _STRINGS_LIMIT:
        _strings.clear()
        _lower_strings.clear()
    for key in set(orth).difference(_strings):
        _strings[key] = store[key]
    for key in set(lemma).union(lower).difference(_lower_strings):
        _lower_strings[key] = store[key].lower()
    return TokenColumns(
        text=list(map(_strings.__getitem__, orth)),
        idx=idx,
        pos=list(map(POS_NAMES.__getitem__, pos)),
        lemma=list(map(_lower_strings.__getitem__, lemma)),
        lower=list(map(_lower_strings.__getitem__, lower)),
    )
