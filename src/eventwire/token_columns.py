"""A parsed Doc's token strings as plain lists, read once per Doc.

Each `doc[i]` makes a new Token object and each `.pos_` or `.lemma_` is a lookup in
the string store; extractors that look at every token of an article to find the few
they care about (triggers, speech verbs, source phrases) spent most of their time on
that. Here the columns are read from the Doc's arrays in one call and their string
ids turned into strings through a cache shared by all Docs.

The cache holds one Doc, the one being coded (`per_doc`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import DEP, IDX, LEMMA, LOWER, ORTH, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc

from eventwire.per_doc import per_doc

_STRINGS_LIMIT = 200_000
_strings: dict[int, str] = {}  # string id -> the string
_lower_strings: dict[int, str] = {}  # string id -> that string in lower case


@dataclass(frozen=True)
class TokenColumns:
    """Per token, by index: `text` (`Token.text`), `idx` (`Token.idx`), `pos` (coarse tag,
    as `Token.pos_`), `dep` (`Token.dep_`), `lemma` (lower-cased `Token.lemma_`) and `lower`
    (`Token.lower_`)."""

    text: list[str]
    idx: list[int]
    pos: list[str]
    dep: list[str]
    lemma: list[str]
    lower: list[str]


@per_doc
def token_columns(doc: Doc) -> TokenColumns:
    """The Doc's token strings, read once per Doc."""
    orth, idx, pos, dep, lemma, lower = doc.to_array([ORTH, IDX, POS, DEP, LEMMA, LOWER]).T.tolist()
    store = doc.vocab.strings
    if len(_strings) > _STRINGS_LIMIT:
        _strings.clear()
        _lower_strings.clear()
    for key in set(orth).union(dep).difference(_strings):
        _strings[key] = store[key]
    for key in set(lemma).union(lower).difference(_lower_strings):
        _lower_strings[key] = store[key].lower()
    return TokenColumns(
        text=list(map(_strings.__getitem__, orth)),
        idx=idx,
        pos=list(map(POS_NAMES.__getitem__, pos)),
        dep=list(map(_strings.__getitem__, dep)),
        lemma=list(map(_lower_strings.__getitem__, lemma)),
        lower=list(map(_lower_strings.__getitem__, lower)),
    )
