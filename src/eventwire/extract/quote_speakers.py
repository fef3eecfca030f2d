"""Speakers as entities, and where their words were said and who passed them on.

The speaker span is the words at the cue ("he", "who", "the statement from
Baghdad"); its entity is what those words refer to, through the article's
EntityResolver (pronouns, "the cleric", source nouns such as "statement").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from eventwire.extract.attribution import RELATIVE, subject_of
from eventwire.extract.quote_lexicon import QuoteLexicon
from eventwire.model import Medium, Relay, Speaker
from eventwire.resolve.entities import EntityResolver
from eventwire.sentences import sentence_of


@dataclass(frozen=True)
class Provenance:
    """Where a quote was said (`medium`) and who relayed it (`relay`), as text spans."""

    medium: tuple[str, int, int] | None = None  # "a statement", start, end
    relay: tuple[str, int, int] | None = None  # "Reuters", start, end
    relay_entity: str | None = None

    def medium_record(self) -> Medium | None:
        """The contract's `Quote.medium`."""
        return None if self.medium is None else Medium(*self.medium)

    def relay_record(self) -> Relay | None:
        """The contract's `Quote.relay`, with the entity the relay's words resolve to."""
        return None if self.relay is None else Relay(self.relay_entity, *self.relay)


def _phrase(tok: Token) -> Span:
    """The speaker phrase: "longtime Democratic pollster Pat Caddell", "the statement from Baghdad"."""
    left = min((t.i for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("punct", "cc")), default=tok.i)
    while left < tok.i and (tok.doc[left].is_punct or tok.doc[left].is_space):
        left += 1
    right = tok.i
    if tok.pos_ == "NOUN":  # a common noun is named by what follows it: "a spokesman for the ministry"
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in ("from", "for", "of") and child.i == right + 1:
                right = child.right_edge.i
    return tok.doc[left:right + 1]


def speaker_of(source: Token, cue: Token | None, resolver: EntityResolver) -> Speaker:
    """The speaker at `source`, resolved to an entity where the article allows."""
    ent_id: str | None
    if source.lower_ in RELATIVE and cue is not None and cue.dep_ == "relcl":
        # "Mr. Kamin, who emphasized that ...": the words are "who", the speaker is Mr. Kamin.
        ent_id = resolver.resolve(cue.head)
        return Speaker(ent_id, source.text, source.idx, source.idx + len(source.text))
    ent_id = resolver.resolve(source)
    if ent_id is not None:
        ent = resolver.get(ent_id)
        for m in ent.mentions if ent is not None else []:
            if m.start <= source.idx < m.end:
                return Speaker(ent_id, m.text, m.start, m.end)
    span = _phrase(source)
    return Speaker(ent_id, span.text, span.start_char, span.end_char)


def _noun_phrase(tok: Token) -> tuple[str, int, int]:
    span = _phrase(tok)
    return span.text, span.start_char, span.end_char


def provenance(cue: Token | None, speaker: Speaker | None, lex: QuoteLexicon,
               resolver: EntityResolver) -> Provenance:
    """"said in a statement quoted by Reuters": medium "a statement", relay "Reuters"."""
    if cue is None or cue.pos_ not in ("VERB", "AUX"):
        return Provenance()
    medium_tok: Token | None = None
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "during", "via", "at")):
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is not None and _is_medium(obj, lex):
            medium_tok = obj
            break
    relay_tok = (_relay_agent(medium_tok, lex) or _medium_outlet(medium_tok)) if medium_tok is not None else None
    relay_tok = relay_tok or _relay_agent(cue, lex) or _told_outlet(cue, resolver) or _reported_by(cue, speaker, lex)
    relay = _noun_phrase(relay_tok) if relay_tok is not None else None
    return Provenance(
        medium=_noun_phrase(medium_tok) if medium_tok is not None else None,
        relay=relay,
        relay_entity=resolver.resolve(relay_tok) if relay_tok is not None else None,
    )


def _is_medium(tok: Token, lex: QuoteLexicon) -> bool:
    two = f"{tok.doc[tok.i - 1].lower_} {tok.lower_}" if tok.i > 0 else ""
    return tok.lower_ in lex.medium_nouns or tok.lemma_.lower() in lex.medium_nouns or two in lex.medium_nouns


def _relay_agent(tok: Token, lex: QuoteLexicon) -> Token | None:
    """"a statement quoted by Reuters", "he said, as cited by AP"."""
    for child in tok.children:
        if child.dep_ in ("acl", "advcl", "relcl") and child.lemma_.lower() in lex.relay_verbs:
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None:
                return obj
    return None


def _medium_outlet(medium: Token) -> Token | None:
    """"in an interview with the BBC", "in a statement to Reuters": the organisation it was given to."""
    for prep in (c for c in medium.children if c.dep_ == "prep" and c.lower_ in ("with", "to")):
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.ent_type_ == "ORG":
            return obj
    return None


def _told_outlet(cue: Token, resolver: EntityResolver) -> Token | None:
    """"X told Reuters": an organisation told the words is the outlet that carried them."""
    if cue.lemma_.lower() != "tell":
        return None
    heard = next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)
    if heard is None or heard.ent_type_ != "ORG":
        return None
    return heard


def _reported_by(cue: Token, speaker: Speaker | None, lex: QuoteLexicon) -> Token | None:
    """"..., he said, Reuters reported": another reporting verb in the sentence, of an organisation."""
    for tok in sentence_of(cue):
        if tok.i == cue.i or tok.lemma_.lower() not in lex.relay_verbs or tok.pos_ != "VERB":
            continue
        subj = subject_of(tok)
        if subj is None or subj.ent_type_ != "ORG":
            continue
        if speaker is not None and speaker.start <= subj.idx < speaker.end:
            continue
        return subj
    return None
