"""Status and intention: did it happen, is it denied, supposed, promised or threatened?

PLOVER codes a stated intention by what it promises: a future or offered
cooperative act ("will visit", "is ready to send troops") is AGREE, a future
or announced coercive act ("said they would boycott", "will extend the
curfew") is THREATEN. A modal without a speaker or intent ("If talks fail,
troops would attack") is hypothetical; a negated trigger is negated.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
COERCIVE = {"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE"}
# CAMEO roots of the intention a future act expresses (03x intent to cooperate, 13x threaten).
AGREE_CODE = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
THREATEN_CODE = {"14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "1385"}
FUTURE_AUX = {"will", "'ll", "shall", "wo"}
MODALS = {"would", "could", "might", "may", "should", "must"}
WEAK_MODALS = {"could", "might", "may"}
CONDITION_MARKS = {"if", "unless"}
NEGATIONS = {"not", "n't", "never"}
# "ready to", "plans to", "vowed to": the complement is intended, not done.
INTENT_HEADS = {"ready", "prepared", "willing", "set", "plan", "intend", "offer", "promise", "pledge",
                "vow", "agree", "decide", "commit", "expect", "aim", "seek", "want", "hope", "prepare",
                "threaten", "determined", "poised", "likely", "going"}
SPEECH_HEADS = {"say", "announce", "declare", "tell", "state", "confirm", "warn", "add", "report", "claim",
                "insist", "quote"}


@dataclass(frozen=True)
class Modality:
    status: str  # asserted|negated|hypothetical
    intent: bool  # a stated future or intended act


def clause_verb(tok: Token) -> Token:
    """The clause verb a token belongs to (itself when it is a verb)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur:
            return cur
        cur = cur.head
    return cur


def _has(tok: Token, deps: tuple[str, ...], words: set[str]) -> bool:
    return any(c.dep_ in deps and c.lower_ in words for c in tok.children)


def _reported(verb: Token) -> bool:
    cur = verb
    for _ in range(3):
        if cur.dep_ != "ccomp" or cur.head is cur:
            return False
        if cur.head.lemma_.lower() in SPEECH_HEADS:
            return True
        cur = cur.head
    return False


def modality(tok: Token) -> Modality:
    """How the text commits to the event at `tok` (a trigger token)."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else clause_verb(tok)
    nominal = verb is not tok
    if _has(verb, ("neg", "advmod"), NEGATIONS) or (nominal and _has(tok, ("det",), {"no"})):
        return Modality("negated", False)
    # A nominal trigger that is the subject of a modal clause is only supposed ("strikes would drag ...").
    if nominal and tok.dep_ in ("nsubj", "nsubjpass"):
        if _has(verb, ("aux",), MODALS | FUTURE_AUX):
            return Modality("hypothetical", False)
        return Modality("asserted", False)
    cur = verb
    for _ in range(4):
        conditional = _has(cur, ("mark",), CONDITION_MARKS)
        if _has(cur, ("aux",), FUTURE_AUX):
            return Modality("asserted", True)
        if _has(cur, ("aux",), {"would"}) and (_reported(cur) or cur.dep_ == "xcomp"):
            return Modality("asserted", True)
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in INTENT_HEADS:
            return Modality("asserted", True)
        if cur.dep_ == "xcomp" and cur.head.pos_ == "ADJ" and cur.head.lemma_.lower() in INTENT_HEADS:
            return Modality("asserted", True)
        if conditional or _has(cur, ("aux",), MODALS):
            return Modality("hypothetical", False)
        if cur.dep_ not in ("xcomp", "conj", "advcl") or cur.head is cur:
            break
        cur = cur.head
    return Modality("asserted", False)


def intended_code(type_: str, cameo: str) -> tuple[str, str] | None:
    """(PLOVER type, CAMEO code) for an intended act, or None when intent changes nothing."""
    root = cameo[:2]
    if type_ in COOPERATIVE and root in AGREE_CODE:
        return "AGREE", AGREE_CODE[root]
    if type_ in COERCIVE and root in THREATEN_CODE:
        return "THREATEN", THREATEN_CODE[root]
    return None
