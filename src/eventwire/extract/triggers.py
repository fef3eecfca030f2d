"""Finding event triggers: which tokens the lexicon says signal an event.

A trigger is a verb (with its particle or preposition where the entry needs
one) or a noun (with its modifier for two-word entries). An entry with
`requires` fires only when one of its cue lemmas is in the trigger's context;
`refine` narrows the CAMEO code by cues in the same context.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Doc, Token

from eventwire.extract.lexicon import LexEntry, Lexicon
from eventwire.sentences import sentence_of
from eventwire.token_columns import token_columns

VERB_POS = {"VERB", "AUX"}
NOUN_POS = {"NOUN", "PROPN"}
LEFT_WINDOW = 3
CONTEXT_LIMIT = 40  # tokens of a subtree that count as a trigger's context


@dataclass(frozen=True)
class Coding:
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    cameo: str
    quad_class: int | None
    goldstein: float | None
    refined: bool


@dataclass(frozen=True)
class TriggerMatch:
    token: Token
    entry: LexEntry
    coding: Coding
    start: int  # character span of the trigger words
    end: int


_CODED_POS = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun"}


def lexicon_tokens(doc: Doc, lexicon: Lexicon) -> list[int]:
    """Indices of the tokens `match_token` may code: a verb or noun whose lemma or form has
    an entry. Read from the Doc's columns, so most tokens never become Token objects."""
    cols = token_columns(doc)
    found: list[int] = []
    for i, tag in enumerate(cols.pos):
        pos = _CODED_POS.get(tag)
        if pos is not None and (lexicon.candidates(cols.lemma[i], pos) or lexicon.candidates(cols.lower[i], pos)):
            found.append(i)
    return found


def context_lemmas(tok: Token) -> set[str]:
    """Lemmas around a trigger that may satisfy `requires` or `refine` cues."""
    doc = tok.doc
    cols = token_columns(doc)
    out: set[str] = set()
    # The trigger's own infinitive marker ("to protest") is no cue: "protest to the UN" is.
    for t in islice(tok.subtree, CONTEXT_LIMIT):
        if _own_infinitive_marker(t, tok):
            continue
        out.add(cols.lemma[t.i])
        out.add(cols.lower[t.i])
    # A few words to the left, for parses that lose the link ("sarin, dropped on ...").
    for i in range(max(sentence_of(tok).start, tok.i - LEFT_WINDOW), tok.i):
        if not _own_infinitive_marker(doc[i], tok):
            out.add(cols.lemma[i])
    head = tok.head
    if head is not tok:
        out.add(cols.lemma[head.i])
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            for sib in head.children:
                if sib is not tok and sib.dep_ in ("prep", "prt", "advmod", "dobj", "acomp"):
                    out.add(cols.lemma[sib.i])
    return out


def _own_infinitive_marker(t: Token, tok: Token) -> bool:
    return t.dep_ == "aux" and t.tag_ == "TO" and t.head.i == tok.i


def _particle(tok: Token, word: str) -> Token | None:
    for child in tok.children:
        if child.dep_ in ("prep", "prt", "agent", "advmod") and child.lower_ == word:
            return child
    # A particle parsed as the next token ("call on" with "on" misattached).
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == word:
        return tok.doc[tok.i + 1]
    return None


def _modifier_ok(tok: Token, modifier: str) -> bool:
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod") and (
            child.lemma_.lower() == modifier or child.lower_ == modifier
        ):
            return True
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev is not None and (prev.lemma_.lower() == modifier or prev.lower_ == modifier)


def code_entry(lexicon: Lexicon, entry: LexEntry, lemmas: set[str]) -> Coding:
    cameo, mode, ptype, refined = entry.cameo, entry.mode, entry.type, False
    for ref in entry.refine:
        if ref.cues & lemmas:
            cameo, refined = ref.cameo, True
            mode = ref.mode or None
            ptype = ref.type or ptype
            break
    row = lexicon.code(cameo)
    contexts = entry.contexts if entry.contexts is not None else (row.contexts if row else ())
    return Coding(
        type=ptype or (row.plover_type if row and row.plover_type else "") or "",
        mode=mode if mode is not None else (row.plover_mode if row else None),
        contexts=tuple(contexts),
        cameo=cameo,
        quad_class=row.quad_class if row else None,
        goldstein=row.goldstein if row else None,
        refined=refined,
    )


def match_token(tok: Token, lexicon: Lexicon) -> TriggerMatch | None:
    """The best lexicon entry for this token, or None."""
    if tok.pos_ in VERB_POS:
        pos = "verb"
    elif tok.pos_ in NOUN_POS:
        pos = "noun"
    else:
        return None
    lemma = tok.lemma_.lower()
    entries = lexicon.candidates(lemma, pos) or lexicon.candidates(tok.lower_, pos)
    if not entries:
        return None
    lemmas: set[str] | None = None
    # Specific entries first: with a particle, or a two-word noun.
    for entry in sorted(entries, key=lambda e: (e.prep is None, e.modifier is None)):
        end = tok.idx + len(tok.text)
        start = tok.idx
        if entry.prep is not None:
            part = _particle(tok, entry.prep)
            if part is None:
                continue
            if part.i == tok.i + 1:
                end = part.idx + len(part.text)
        if entry.modifier is not None:
            if not _modifier_ok(tok, entry.modifier):
                continue
            mod = tok.doc[tok.i - 1]
            if mod.lower_ == entry.modifier or mod.lemma_.lower() == entry.modifier:
                start = mod.idx
        if lemmas is None:
            lemmas = context_lemmas(tok)
        if entry.requires and not (entry.requires & lemmas):
            continue
        coding = code_entry(lexicon, entry, lemmas)
        if not coding.type:
            continue
        return TriggerMatch(tok, entry, coding, start, end)
    return None
