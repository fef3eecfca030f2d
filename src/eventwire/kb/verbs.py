"""Read PETRARCH/TABARI verb dictionaries (``--- NAME [code] ---`` blocks) into plain records.

The format, as PETRARCH 1/2 read it::

    &BONDS                         # a synset: "&LABEL", then "+" members (phrases)
    +TRADE
    +ARMS_CONTROL

    --- MEND  [061]  ---           # a block: name and its primary code ([---] = no event)
    MEND                           # verbs of the block; {IRREGULAR FORMS}; an own [code]
    WIRE_+TAP {WIRE_+TAPPED}       # multi-word verb: "+" marks the word the parser calls the verb
    +PATCH_UP                      # ... and the rest are particles or leading words
    - * OLD TIES [701]             # pattern: words before "*" (the verb) and after it
    - HAS * FENCES [702]           # "$" source, "+" target, "%" compound actor, "^" skip a phrase,
    - * &BONDS PACTS [703]         # "_" joins words that must be consecutive, "&X" a synset
    - * WITH % [704]
    - * (TO SUMMIT) [705]          # PETRARCH 2: "(...)" a prepositional phrase, "{...}" a noun phrase
    --- SUMMON [071:072] ---       # a paired code: source->target, then target->source ([:072] only
                                   # target->source)

This module only reads; `kb/verb_lexicon.py` turns the records into eventwire
lexicon entries. Comments (``#``, ``;``, ``<!-- -->``) go as in the actor reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.kb.petrarch import _lines, is_verb_file, read_text

_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{([^}]*)\}")
NULL_CODE = "---"
# Pattern tokens that stand for actors or skipped phrases, not for words.
SOURCE, TARGET, COMPOUND, SKIP = "$", "+", "%", "^"
SLOTS = frozenset({SOURCE, TARGET, COMPOUND, SKIP})


@dataclass(frozen=True)
class Verb:
    """One verb line: its words (lower case), which of them is the verb, its forms and own code."""

    words: tuple[str, ...]
    head: int  # index of the word the parser tags as the verb
    forms: tuple[str, ...] = ()  # irregular forms from {...}, lower case, words joined by spaces
    code: str | None = None

    @property
    def word(self) -> str:
        return self.words[self.head]

    @property
    def before(self) -> tuple[str, ...]:
        return self.words[:self.head]

    @property
    def after(self) -> tuple[str, ...]:
        return self.words[self.head + 1:]


@dataclass(frozen=True)
class Pattern:
    """``- LOWER * UPPER [code]``: tokens before and after the verb, lower case, "_" joins dropped."""

    lower: tuple[str, ...]
    upper: tuple[str, ...]
    code: str
    line: int
    joined_after: bool = False  # "*_ON": the first upper word is glued to the verb


@dataclass
class VerbBlock:
    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    line: int = 0


@dataclass
class VerbDictionary:
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # label -> phrases
    blocks: list[VerbBlock] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _words(raw: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", raw.strip().lower()) if w]


def _verb(content: str) -> Verb | None:
    """'WIRE_+TAP {WIRE_+TAPPED} [1711]' -> Verb(('wire', 'tap'), head=1, ...)."""
    codes = _CODE.findall(content)
    forms_match = _FORMS.search(content)
    body = _CODE.sub(" ", _FORMS.sub(" ", content))
    words = _words(body)
    if not words:
        return None
    head = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    words = [w.strip("+") for w in words]
    forms = tuple(" ".join(_words(f.replace("+", ""))) for f in forms_match.group(1).split()) if forms_match else ()
    code = codes[0].strip() if codes and codes[0].strip() else None
    return Verb(tuple(words), head, forms, code)


def _pattern(content: str, line: int) -> Pattern | None:
    """'- HAS * FENCES [702]' -> Pattern(('has',), ('fences',), '702')."""
    codes = _CODE.findall(content)
    if not codes:
        return None
    # PETRARCH 2's phrase brackets only group words; the words and their order are what is read.
    body = re.sub(r"[(){}]", " ", content.strip()[1:].split("[", 1)[0])
    if "*" not in body:
        return None
    left, _, right = body.partition("*")
    return Pattern(tuple(_words(left)), tuple(_words(right)), codes[-1].strip() or NULL_CODE, line,
                   joined_after=right.startswith("_"))


def read_verb_dictionary(text: str) -> VerbDictionary:
    """Synsets and blocks of one verb dictionary, in file order."""
    out = VerbDictionary()
    synset: str | None = None
    block: VerbBlock | None = None
    for n, content, _comment in _lines(text):
        stripped = content.strip()
        if stripped.startswith("---"):
            body = stripped.strip("-").strip()
            codes = _CODE.findall(body)
            name = " ".join(_words(body.split("[", 1)[0]))
            block = VerbBlock(name, codes[0].strip() if codes else NULL_CODE, line=n)
            out.blocks.append(block)
            synset = None
        elif stripped.startswith("&"):
            synset = stripped.split()[0][1:].rstrip("_").upper()
            out.synsets.setdefault(synset, [])
        elif stripped.startswith("+") and synset is not None:
            member = stripped[1:].strip()
            if member.startswith("&"):
                out.synsets[synset].extend(out.synsets.get(member[1:].rstrip("_").upper(), []))
            elif member:
                out.synsets[synset].append(tuple(_words(member)))
        elif stripped.startswith("-"):
            pattern = _pattern(stripped, n)
            if block is None or pattern is None:
                out.skipped.append(f"line {n}: pattern outside a block or without a code: {stripped!r}")
            else:
                block.patterns.append(pattern)
        else:
            synset = None
            verb = _verb(stripped)
            if verb is None:
                out.skipped.append(f"line {n}: unreadable verb line {stripped!r}")
                continue
            if block is None:  # a verb before any header opens a block of its own
                block = VerbBlock(verb.word, verb.code or NULL_CODE, line=n)
                out.blocks.append(block)
            block.verbs.append(verb)
    return out


def read_verb_file(path: Path) -> VerbDictionary:
    return read_verb_dictionary(read_text(path))


__all__ = ["Pattern", "Verb", "VerbBlock", "VerbDictionary", "is_verb_file", "read_verb_dictionary",
           "read_verb_file"]
