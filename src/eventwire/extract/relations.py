"""Relations between actors that an article states: backed by, part of, created by ...

Each pattern reads the dependency parse around a relation word listed in
knowledge/relations.yaml and resolves both sides to entities; a relation keeps
the sentence it was read from as its evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from eventwire.model import Relation
from eventwire.resolve.entities import EntityResolver
from eventwire.sentences import sentence_of
from eventwire.token_columns import token_columns

# Quantity heads that stand for their "of" object: "a number of the Units".
QUANTITY_HEADS = {"number", "some", "many", "most", "several", "one", "part", "group", "dozens", "hundreds"}


@dataclass(frozen=True)
class RelationRules:
    former: frozenset[str]
    passive_by: dict[str, str]  # verb lemma -> predicate
    adjective_prep: dict[tuple[str, str], str]  # (word, prep) -> predicate
    noun_of: dict[str, str]  # noun lemma -> predicate
    verb_into: dict[tuple[str, str], str]
    verb_object: dict[str, str]
    verb_prep: dict[tuple[str, str], str]


def _with_prep(block: dict[str, Any]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for predicate, spec in block.items():
        for word in spec["words"]:
            out[(str(word), str(spec["prep"]))] = predicate
    return out


def _plain(block: dict[str, Any]) -> dict[str, str]:
    return {str(word): predicate for predicate, words in block.items() for word in words}


@lru_cache(maxsize=1)
def load_rules() -> RelationRules:
    raw = yaml.safe_load(resources.files("eventwire.knowledge").joinpath("relations.yaml").read_text("utf-8"))
    p = raw["patterns"]
    return RelationRules(
        former=frozenset(raw.get("former", [])),
        passive_by=_plain(p.get("passive_by", {})),
        adjective_prep=_with_prep(p.get("adjective_prep", {})),
        noun_of=_plain(p.get("noun_of", {})),
        verb_into=_with_prep(p.get("verb_into", {})),
        verb_object=_plain(p.get("verb_object", {})),
        verb_prep=_with_prep(p.get("verb_prep", {})),
    )


def _obj(tok: Token, prep: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ == prep:
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    return None


def _modified(tok: Token) -> Token | None:
    """The noun a modifier or reduced clause describes ("the Iran-backed militia", "Units, co-opted")."""
    cur = tok
    for _ in range(3):
        if cur.dep_ in ("amod", "acl", "appos", "relcl", "npadvmod") and cur.head is not cur:
            head = cur.head
            if head.pos_ in ("NOUN", "PROPN"):
                if head.lemma_.lower() in QUANTITY_HEADS:
                    inner = _obj(head, "of")
                    return inner if inner is not None else head
                return head
        if cur.dep_ == "conj":
            cur = cur.head
            continue
        break
    subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None) \
        if tok.dep_ in ("acomp", "attr") else None
    return subj


def _subject(verb: Token) -> Token | None:
    """The subject, up through coordinated and adverbial clauses ("rose ..., denouncing X and created Y")."""
    cur = verb
    for _ in range(4):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if cur.dep_ in ("conj", "advcl", "xcomp") and cur.head is not cur:
            cur = cur.head
            continue
        return None
    return None


def _candidates(tok: Token, rules: RelationRules) -> Iterator[tuple[str, Token | None, Token | None]]:
    """(predicate, subject token, object token) stated around one token."""
    lemma = tok.lemma_.lower()
    if lemma in rules.passive_by and (tok.tag_ == "VBN" or tok.dep_ == "amod"):
        backer = _obj(tok, "by")
        if backer is None and tok.i >= 2 and tok.doc[tok.i - 1].text == "-":
            backer = tok.doc[tok.i - 2]  # "Iran-backed"
        yield rules.passive_by[lemma], _modified(tok), backer
    for (word, prep), predicate in rules.adjective_prep.items():
        if tok.lower_ == word or lemma == word:
            yield predicate, _modified(tok), _obj(tok, prep)
    if lemma in rules.noun_of:
        target = _obj(tok, "of") or _obj(tok, "for")  # "part of X"; "the Arabic name for X"
        predicate = rules.noun_of[lemma]
        window = {t.lower_ for t in tok.doc[max(tok.i - 2, 0):tok.i]}
        if predicate == "part_of" and window & rules.former:
            predicate = "formerly_part_of"
        holder = _modified(tok)
        if predicate == "leads" and holder is None:
            holder = next((c for c in tok.children if c.dep_ == "appos"), None)
        yield predicate, holder, target
    for (word, prep), predicate in rules.verb_into.items():
        if lemma == word or tok.lower_ == word:
            patient = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            yield predicate, _modified(tok) or patient, _obj(tok, prep)
    if lemma in rules.verb_object and tok.pos_ == "VERB":
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        yield rules.verb_object[lemma], obj, _subject(tok)
    for (word, prep), predicate in rules.verb_prep.items():
        if lemma == word:
            yield predicate, _subject(tok) or _modified(tok), _obj(tok, prep)


def extract_relations(doc: Doc, resolver: EntityResolver) -> list[Relation]:
    """Every relation between two distinct entities that the article states."""
    rules = load_rules()
    found: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    # `_candidates` yields only for a token whose lemma or lower form is a rule's word.
    words = {*rules.passive_by, *rules.noun_of, *rules.verb_object,
             *(w for w, _ in rules.adjective_prep), *(w for w, _ in rules.verb_into), *(w for w, _ in rules.verb_prep)}
    cols = token_columns(doc)
    for i, lower in enumerate(cols.lower):
        if lower not in words and cols.lemma[i] not in words:
            continue
        tok = doc[i]
        for predicate, subj, obj in _candidates(tok, rules):
            if subj is None or obj is None:
                continue
            s, o = resolver.resolve(subj), resolver.resolve(obj)
            if s is None or o is None or s == o or (s, predicate, o) in seen:
                continue
            seen.add((s, predicate, o))
            sent = sentence_of(tok)
            found.append(Relation(s, predicate, o, sent.start_char, sent.end_char, sent.text))
    return found
