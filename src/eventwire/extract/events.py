"""Events from triggers: who did what to whom, and whether it really happened.

For each trigger the dependency parse gives the sides: the subject of an
active verb is the actor and its object (or the object of the entry's
preposition) the recipient; a passive swaps them ("was attacked by X"); a
noun takes its actor from a possessive or a national modifier ("U.S. air
strikes", "Iraq's condemnation") or from the subject of a light verb that
carries it ("launched attacks"). Status is negated for a negated trigger,
hypothetical under a modal or a condition. A trigger that is the content of
another (what is requested, denied or threatened) is not an event of its own,
nor is a definite noun that refers back to an event already coded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from eventwire.extract.lexicon import Lexicon
from eventwire.extract.modality import clause_verb, intended_code, modality
from eventwire.extract.sides import (
    child,
    content_recipient,
    fallback_recipient,
    is_light,
    noun_sides,
    participant,
    subject,
    verb_sides,
)
from eventwire.extract.triggers import Coding, TriggerMatch, lexicon_tokens, match_token
from eventwire.model import Participant
from eventwire.resolve.entities import EntityResolver
from eventwire.resolve.toponyms import PLACE_NOUNS
from eventwire.sentences import sentence_of

SPEECH_LEMMAS = {"say", "tell", "report", "claim", "announce", "state", "add", "confirm", "insist",
                 "write", "declare", "note", "explain", "argue", "suggest", "believe", "think"}
CONTENT_DEPS = {"xcomp", "ccomp", "pcomp", "dobj", "pobj", "advcl"}
CONTENT_TYPES = {"REQUEST", "AGREE", "REJECT", "THREATEN", "ACCUSE", "CONCEDE"}
BACKGROUND_PREPS = {"after", "following", "amid", "despite", "during", "since", "before", "ahead"}
NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"}


@dataclass
class Draft:
    """An event being built; frozen into `model.Event` by the pipeline."""

    match: TriggerMatch
    sentence: Span
    actor: Participant | None = None
    recipient: Participant | None = None
    status: str = "asserted"
    reported_by: str | None = None
    side_tokens: tuple[int, ...] = ()  # heads of actor and recipient, where dates/places stop

    @property
    def token(self) -> Token:
        return self.match.token


def find_triggers(doc: Doc, lexicon: Lexicon) -> list[TriggerMatch]:
    return [m for m in (match_token(doc[i], lexicon) for i in lexicon_tokens(doc, lexicon)) if m is not None]


def _content_of_other(tok: Token, by_token: dict[int, TriggerMatch]) -> bool:
    """True when the trigger is what another trigger requests, denies, threatens...

    "called on Assad to step down": "step down" is the content of the REQUEST.
    """
    if tok.dep_ == "xcomp" and tok.head.i in by_token:
        return True  # "helped rebuild the town": part of the other event, not a second one
    if _background(tok):
        return True
    if tok.dep_ == "amod" and tok.tag_ == "VBN":
        return True  # "the Israeli-occupied West Bank", "alleged abuses": a description, not a new event
    cur = tok
    hops = 0
    while cur.head is not cur and hops < 4:
        if cur.dep_ not in CONTENT_DEPS and cur.dep_ not in ("prep", "aux", "mark"):
            return False
        cur = cur.head
        hops += 1
        other = by_token.get(cur.i)
        if other is not None:
            return other.coding.type in CONTENT_TYPES and cur.i != tok.i
    return False


def _background(tok: Token) -> bool:
    """"after two days of fighting", "despite hours of talks": a bare noun event that only sets
    the time of the sentence's own event is background. A noun with its own clause ("an attack
    that killed 80") or its own sides ("Israeli raids") is kept."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj":
        return False
    if any(c.dep_ in ("relcl", "acl", "poss", "compound", "amod", "prep") and c.pos_ != "ADJ" for c in tok.children):
        return False
    prep = tok.head
    if prep.lower_ == "of" and prep.head.dep_ == "pobj":
        prep = prep.head.head  # "after two days of fighting"
    return prep.lower_ in BACKGROUND_PREPS


def purpose_host(tok: Token, by_token: dict[int, TriggerMatch]) -> int | None:
    """The trigger whose aim `tok` states, if any.

    "rallied to demand reforms" and "a demonstration calling for ..." name the aim of
    the rally; so do "began a hunger strike to protest ..." (the aim hangs from the verb
    that carries the strike) and "staged a strike in protest against ...".
    """
    if tok.dep_ == "pobj" and tok.head.lower_ == "in" and not any(c.dep_ == "det" for c in tok.children):
        cur = tok.head.head  # "in protest against": an idiom of purpose, not a second event
        if cur.i in by_token and cur.i != tok.i:
            return cur.i
        return _carried(cur, by_token)
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if not (infinitive or tok.tag_ == "VBG") or tok.dep_ not in ("advcl", "xcomp", "acl", "conj"):
        return None
    cur = tok
    for _ in range(2):
        cur = cur.head
        if cur.i in by_token and cur.i != tok.i:
            return cur.i
        carried = _carried(cur, by_token)
        if carried is not None:
            return carried
        if cur.head is cur:
            break
    return None


def _carried(verb: Token, by_token: dict[int, TriggerMatch]) -> int | None:
    """The event noun a light verb carries: "began a hunger strike", "held talks"."""
    if not is_light(verb):
        return None
    return next((c.i for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.i in by_token), None)


def _reporter(tok: Token, resolver: EntityResolver) -> str | None:
    """"X said Y attacked Z": the event is reported by X."""
    cur = clause_verb(tok)
    for _ in range(4):
        if cur.dep_ != "ccomp" or cur.head is cur:
            return None
        head = cur.head
        if head.lemma_.lower() in SPEECH_LEMMAS:
            subj = subject(head)
            return resolver.resolve(subj) if subj is not None else None
        cur = head
    return None


def _merged_into_nominal(m: TriggerMatch, by_token: dict[int, TriggerMatch]) -> bool:
    """"a chemical attack that killed 80": the killing is the attack, not a second event."""
    tok = m.token
    if m.entry.pos != "verb":
        return False
    if tok.dep_ in ("relcl", "acl") and tok.head.i in by_token:
        return by_token[tok.head.i].coding.type == m.coding.type
    subj = child(tok, ("nsubj",))
    return subj is not None and subj.i in by_token and by_token[subj.i].coding.type == m.coding.type


def _orders_an_event(m: TriggerMatch, by_token: dict[int, TriggerMatch]) -> bool:
    """"Putin ordered a partial mobilization": the order is the mobilisation, done by the one
    who orders it, not a request whose content is an event."""
    if m.coding.type != "REQUEST" or m.entry.pos != "verb" or not is_light(m.token):
        return False
    return any(c.dep_ == "dobj" and c.i in by_token and by_token[c.i].entry.pos == "noun"
               for c in m.token.children)


def _refers_back(m: TriggerMatch, seen: list[TriggerMatch]) -> bool:
    """"the chemical attack" after "a chemical attack": the same event again."""
    tok = m.token
    if m.entry.pos != "noun":
        return False
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "his", "their")
                   for c in tok.children)
    return definite and any(s.coding.type == m.coding.type for s in seen)


def _is_place(tok: Token, resolver: EntityResolver) -> bool:
    """A side that is a place ("dropped on the town of X") does not block locating the event there."""
    if tok.lemma_.lower() in PLACE_NOUNS:
        return True
    ent = resolver.get(resolver.token_entity.get(tok.i, ""))
    return ent is not None and ent.kind in ("location", "country")


def _as_intention(m: TriggerMatch, lexicon: Lexicon) -> TriggerMatch:
    """A promised or threatened act is coded as the promise or the threat."""
    recoded = intended_code(m.coding.type, m.coding.cameo)
    if recoded is None:
        return m
    type_, cameo = recoded
    row = lexicon.code(cameo)
    coding = Coding(
        type=type_, mode=row.plover_mode if row else None, contexts=row.contexts if row else (),
        cameo=cameo, quad_class=row.quad_class if row else None, goldstein=row.goldstein if row else None,
        refined=m.coding.refined,
    )
    return replace(m, coding=coding)


def extract_drafts(doc: Doc, lexicon: Lexicon, resolver: EntityResolver) -> list[Draft]:
    """Every event the text asserts, denies or supposes, in text order."""
    matches = find_triggers(doc, lexicon)
    by_token = {m.token.i: m for m in matches}
    orders = {m.token.i for m in matches if _orders_an_event(m, by_token)}
    matches = [m for m in matches if m.token.i not in orders]
    by_token = {i: m for i, m in by_token.items() if i not in orders}
    drafts: list[Draft] = []
    aims: dict[int, list[Draft]] = {}  # host trigger -> the events that state its aim
    seen: list[TriggerMatch] = []
    for m in matches:
        if m.entry.pos == "noun" and (m.token.ent_type_ in NAMED_LABELS or m.token.i in resolver.token_entity):
            continue  # "Popular Mobilization Units" names a group, not a mobilisation
        host = purpose_host(m.token, by_token)
        if host is not None:
            aims.setdefault(host, []).append(_draft(m, lexicon, resolver))
            continue
        if _content_of_other(m.token, by_token) or _merged_into_nominal(m, by_token):
            continue
        if _refers_back(m, seen):
            continue
        seen.append(m)
        drafts.append(_draft(m, lexicon, resolver))
    drafts = [_with_aims(d, aims.get(d.token.i, ())) for d in drafts]
    return [d for d in drafts if not _backdrop(d, drafts)]


def _draft(m: TriggerMatch, lexicon: Lexicon, resolver: EntityResolver) -> Draft:
    """The sides, status and reporter of one trigger."""
    mood = modality(m.token)
    if mood.intent:
        m = _as_intention(m, lexicon)
    if m.entry.pos == "verb":
        actor_tok, recipient_tok = verb_sides(m)
    else:
        actor_tok, recipient_tok = noun_sides(m, resolver)
    actor = participant(actor_tok, resolver)
    recipient = participant(recipient_tok, resolver)
    if _same_entity(recipient, actor):
        recipient = None  # "mended its ties": the actor is not its own recipient
    if recipient is None or recipient.country is None:
        recipient = participant(content_recipient(m), resolver) or recipient
    if recipient is None or recipient.country is None:
        recipient = participant(fallback_recipient(m.token, actor_tok, resolver), resolver) or recipient
    if _same_entity(actor, recipient):
        recipient = None
    return Draft(
        match=m, sentence=sentence_of(m.token), actor=actor, recipient=recipient,
        status=mood.status, reported_by=_reporter(m.token, resolver),
        side_tokens=tuple(t.i for t in (actor_tok, recipient_tok) if t is not None and not _is_place(t, resolver)),
    )


def _with_aims(draft: Draft, aims: Sequence[Draft]) -> Draft:
    """An event takes the sides its stated aim names and it lacks: "students staged
    demonstrations to demand reforms from the government" protest against the government."""
    for aim in aims:
        lacks_recipient = draft.recipient is None or draft.recipient.country is None
        if aim.recipient is not None and aim.recipient.country and lacks_recipient \
                and not _same_entity(aim.recipient, draft.actor):
            draft = replace(draft, recipient=aim.recipient)
        if draft.actor is None and aim.actor is not None:
            draft = replace(draft, actor=aim.actor)
    return draft


def _same_entity(a: Participant | None, b: Participant | None) -> bool:
    return a is not None and b is not None and bool(a.entity) and a.entity == b.entity


def _backdrop(draft: Draft, drafts: list[Draft]) -> bool:
    """An event nobody is said to do, beside one that somebody does in the same sentence,
    is the scene of the sentence rather than its news: "X lifted a curfew in Y, where 28
    people have been killed", "suing over damage caused by a missile attack". One with a
    clause of its own ("in the wake of an attack that killed 80") is news all the same."""
    tok = draft.token
    if draft.actor is not None or any(c.dep_ in ("relcl", "acl") for c in tok.children):
        return False  # "a chemical attack that killed 80" is news of its own
    for other in drafts:
        if other is draft or other.actor is None or other.sentence.start != draft.sentence.start:
            continue
        if other.status != "asserted":
            continue  # "did not condemn the use of sarin, dropped on X": the drop is the news
        if not any(a.i == tok.i for a in other.token.ancestors):
            return True
    return False


def anchor_trigger(tok: Token, drafts_by_token: dict[int, Draft], stop: set[int]) -> Draft | None:
    """The event a date, place or count at `tok` belongs to: the nearest trigger above it.

    The walk stops at tokens in `stop` (heads of event sides), so that "the
    president in Damascus" does not locate the call made to the president.
    """
    cur = tok
    for _ in range(8):
        if cur.i in drafts_by_token:
            return drafts_by_token[cur.i]
        if cur.i in stop and cur is not tok:
            return None
        if cur.dep_ in ("relcl", "acl") and cur.head.i in drafts_by_token:
            return drafts_by_token[cur.head.i]
        if cur.dep_ in ("relcl", "acl") and cur.i - 1 in drafts_by_token:
            return drafts_by_token[cur.i - 1]  # "air strikes launched late Thursday", attached too high
        if cur.pos_ in ("VERB", "AUX") and cur is not tok:
            for child in cur.children:
                if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.i in drafts_by_token:
                    return drafts_by_token[child.i]
            if cur.lemma_.lower() in SPEECH_LEMMAS:
                return None
        if cur.head is cur:
            return None
        cur = cur.head
    return None
