"""The sides of an event: which tokens are its actor and its recipient.

Active verbs take their subject as actor and their object (or the object of
the entry's preposition) as recipient; passives swap them; nouns take their
actor from a possessive or national modifier, or from the subject of the verb
that carries them ("launched attacks", "arrived on a visit"). A side that is
not a named thing itself ("rejected a U.S. request", "praised Haiti's
efforts") is the country or entity inside its noun phrase. What is asked,
promised or refused ("agreed to hand over suspects to Britain", "demanded that
the United States act") gives the recipient of the speech act.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from eventwire.extract.triggers import TriggerMatch
from eventwire.model import Participant
from eventwire.resolve.entities import EntityResolver, stance_marked
from eventwire.sentences import sentence_of

FINITE_TAGS = {"VBD", "VBZ", "VBP"}
SELF_TYPES = {"MOBILIZE"}  # the mobilised force is PLOVER's actor even in the passive
# Verbs that carry a noun event for their subject: "launched attacks", "held talks".
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "hold", "mount", "begin", "lead", "order",
               "step", "resume", "join", "organize", "organise", "start", "undertake", "perform",
               "make", "issue", "call", "open", "impose", "announce", "deliver", "send", "provide",
               "renew", "reimpose", "tighten", "extend", "give", "lodge", "file", "pay", "arrive",
               "come", "return", "go", "travel", "fly", "continue", "engage", "take", "sign", "reach",
               "grant", "offer", "establish", "upgrade", "restore", "end", "halt", "suspend", "remain",
               "stay", "be", "put", "place", "keep"}
# The tagger's lemmas slip on a few of these ("staged" -> "stag"): their regular forms count too.
LIGHT_FORMS = LIGHT_VERBS | {v + suffix for v in LIGHT_VERBS for suffix in ("s", "d", "ed")}


def is_light(tok: Token) -> bool:
    """A verb that carries a noun event for its subject ("staged demonstrations")."""
    return tok.lemma_.lower() in LIGHT_VERBS or (tok.pos_ in ("VERB", "AUX") and tok.lower_ in LIGHT_FORMS)


# Speech acts whose content names who is asked, promised or refused.
CONTENT_RECIPIENT_TYPES = {"REQUEST", "AGREE", "REJECT", "THREATEN", "ACCUSE", "CONCEDE", "SUPPORT"}
INNER_DEPS = ("poss", "compound", "amod", "nmod")
INNER_PREPS = ("of", "from", "by", "in", "throughout", "across", "for")
ETHNIC_MARKERS = {"ethnic"}  # "ethnic Albanians": a people, coded where it lives
FALLBACK_WINDOW = 20  # tokens after a trigger that may still name its recipient


def subject(verb: Token) -> Token | None:
    """The subject of a verb, following coordination, control and relative clauses."""
    cur = verb
    for _ in range(4):
        for child in cur.children:
            if child.dep_ in ("nsubj", "csubj"):
                if child.tag_ == "WDT" or child.lower_ in ("who", "which", "that"):
                    return cur.head if cur.dep_ == "relcl" else None
                return child
        if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head
        if cur.dep_ == "conj" and not _same_form(cur, cur.head):
            break  # "did not condemn X, dropped on Y": a reduced relative misparsed as coordination
        # "Arnor is about to restore ties": the subject sits on the verb the complement hangs from.
        if cur.dep_ in ("conj", "xcomp", "advcl", "acomp", "pcomp") and cur.head is not cur:
            cur = cur.head
            continue
        break
    return None


def _same_form(a: Token, b: Token) -> bool:
    """Coordinated verbs share their form ("denounced ... and created")."""
    return a.tag_ == b.tag_ or (a.tag_ in FINITE_TAGS and b.tag_ in FINITE_TAGS)


def child(tok: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def prep_object(tok: Token, word: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "agent", "advmod", "dative") and c.lower_ == word:
            obj = child(c, ("pobj",))
            if obj is not None:
                return obj
    # "call on": the object may hang off the verb directly after the particle.
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == word:
        return child(tok.doc[tok.i + 1], ("pobj",)) or child(tok, ("dobj",))
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def verb_sides(m: TriggerMatch) -> tuple[Token | None, Token | None]:
    verb = m.token
    rule = m.entry.recipient
    agent = prep_object(verb, "by")
    if m.coding.type in SELF_TYPES and is_passive(verb):
        return agent or child(verb, ("nsubjpass",)), None
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "sarin, dropped on the town": the head noun is what the verb acted on.
        patient = verb.head if rule == "dobj" else None
        if rule.startswith("prep:"):
            patient = prep_object(verb, rule[5:])
        return agent, patient
    if is_passive(verb):
        patient = child(verb, ("nsubjpass",))
        if rule.startswith("prep:"):
            patient = prep_object(verb, rule[5:]) or (patient if rule == "prep:on" else None)
        return agent, patient if rule != "none" else None
    actor = subject(verb)
    if rule == "none":
        return actor, None
    if rule.startswith("prep:"):
        return actor, prep_object(verb, rule[5:])
    return actor, child(verb, ("dobj", "dative")) or prep_object(verb, "against")


def noun_sides(m: TriggerMatch, resolver: EntityResolver) -> tuple[Token | None, Token | None]:
    noun = m.token
    actor: Token | None = noun if m.entry.actor == "self" else prep_object(noun, "by")
    if actor is None:
        for c in noun.children:
            named = resolver.resolve(c) is not None or resolver.country_of(c.text)
            if c.dep_ in INNER_DEPS and c.i < noun.i and c.lower_ != (m.entry.modifier or "") and named:
                actor = c
                break
    head = noun.head
    if actor is None and is_light(head):
        if noun.dep_ == "dobj":
            actor = subject(head)
        elif noun.dep_ == "nsubjpass":
            actor = prep_object(head, "by")
    if actor is None and noun.dep_ == "pobj" and is_light(head.head):
        # "arrived in Amman on a visit"; "were engaged in ethnic cleansing" (a passive in form only)
        actor = subject(head.head) or child(head.head, ("nsubjpass",))
    recipient: Token | None = None
    rule = m.entry.recipient
    if rule.startswith("prep:"):
        recipient = prep_object(noun, rule[5:])
    elif rule == "auto":
        for word in ("on", "against", "with", "to"):
            recipient = prep_object(noun, word)
            if recipient is not None:
                break
    if recipient is None and is_light(head) and noun.dep_ == "dobj":
        recipient = prep_object(head, "to") or prep_object(head, "with") or prep_object(head, "against")
    if recipient is None and noun.dep_ == "pobj" and is_light(head.head):
        carrier = head.head  # "arrived in Amman on a visit": the visit is to Amman
        recipient = prep_object(carrier, "against") or prep_object(carrier, "to") or prep_object(carrier, "in") \
            or prep_object(carrier, "with")
    return actor, recipient


def content_recipient(m: TriggerMatch) -> Token | None:
    """Who is asked, promised or refused, when the verb's own object does not say.

    "demanded that the United States match ..." -> the clause's subject;
    "offered to hand over two suspects to Great Britain" -> the object of "to" in
    the complement; "agreed to US mediation" -> the modifier of the object.
    """
    if m.coding.type not in CONTENT_RECIPIENT_TYPES:
        return None
    verb = m.token
    for c in verb.children:
        if c.dep_ == "ccomp":
            subj = child(c, ("nsubj", "nsubjpass"))
            if subj is not None:
                return subj
        if c.dep_ == "xcomp":
            for word in ("to", "with", "on", "against"):
                obj = prep_object(c, word)
                if obj is not None:
                    return obj
            dobj = child(c, ("dobj", "dative"))
            if dobj is not None:
                return dobj
    return None


def fallback_recipient(trigger: Token, actor: Token | None, resolver: EntityResolver) -> Token | None:
    """The first named thing after the trigger in its own phrase, as PETRARCH-style coders take it.

    Used only when the parse gave no recipient with a country: "boycott all official
    contact with the United States", "impose import restrictions against German goods".
    """
    skip = {t.i for t in actor.subtree} if actor is not None else set()
    for tok in trigger.subtree:
        if tok.i <= trigger.i or tok.i in skip or tok.i - trigger.i > FALLBACK_WINDOW:
            continue
        if tok.dep_ in ("relcl", "advcl", "ccomp") and tok.head.i == trigger.i:
            break
        if tok.pos_ in ("PROPN", "NOUN", "ADJ") and (resolver.country_of(tok.text) or _has_country(tok, resolver)):
            named = resolver.resolve(tok)
            if actor is not None and named is not None and named == resolver.resolve(actor):
                continue  # the actor's own name again ("its ties with ...")
            # "ties with Gondor's government": the phrase the possessor belongs to is the side.
            while tok.dep_ in ("poss", "compound") and tok.head.pos_ in ("NOUN", "PROPN") \
                    and resolver.resolve(tok.head) is not None:
                tok = tok.head
            return tok
    return None


def _has_country(tok: Token, resolver: EntityResolver) -> bool:
    if tok.i not in resolver.token_entity:
        return False
    return resolver.country_sectors(resolver.token_entity[tok.i])[0] is not None


def inner_holder(tok: Token, resolver: EntityResolver) -> Token | None:
    """The named thing inside a noun phrase: "a U.S. request", "Haiti's efforts", "the withdrawal of Serbian forces"."""
    return next(inner_holders(tok, resolver), None)


def inner_holders(tok: Token, resolver: EntityResolver) -> Iterator[Token]:
    """Every named thing inside a noun phrase, modifiers first, then "of/in/by ..." objects
    and the objects of a describing participle ("workers affiliated with the union")."""
    for c in tok.children:
        if c.pos_ == "PRON":
            continue  # "their resumption of ties": a pronoun points back, usually at the actor
        if c.dep_ in INNER_DEPS and c.i < tok.i and not stance_marked(c) \
                and (resolver.resolve(c) or resolver.country_of(c.text)):
            yield c
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in INNER_PREPS]
    # A describing participle or adjective after the noun: "workers affiliated with", "militants loyal to".
    preps += [p for c in tok.children if (c.dep_ == "acl" or (c.dep_ == "amod" and c.i > tok.i))
              and c.tag_ in ("VBN", "JJ") for p in c.children if p.dep_ == "prep" and p.lower_ in ("with", "to")]
    for prep in preps:
        obj = child(prep, ("pobj",))
        if obj is not None and (resolver.resolve(obj) or resolver.country_of(obj.text)
                                or inner_holder(obj, resolver)):
            yield obj


def participant(tok: Token | None, resolver: EntityResolver, depth: int = 0) -> Participant | None:
    """The side a token names: its entity, or a country word, or the named thing inside it."""
    if tok is None:
        return None
    ent_id = resolver.resolve(tok)
    if ent_id is not None:
        country, sectors = resolver.country_sectors(ent_id)
        if country is None and depth < 2:
            # A pronoun's words say nothing: look inside what it stands for ("Rebels in Congo ... they").
            named = resolver.named_head(ent_id) if tok.pos_ == "PRON" else tok
            found = _inner_country(named, resolver, depth) if named is not None else None
            if found is not None:
                return Participant(ent_id, resolver.mention_text(tok), found.country, sectors)
        return Participant(ent_id, resolver.mention_text(tok), country, sectors)
    iso = resolver.country_of(tok.text) if tok.pos_ in ("PROPN", "ADJ") and not stance_marked(tok) else None
    if iso is not None:
        return Participant(None, tok.text, _residence(tok, iso, resolver) or iso, ())
    if depth < 2:
        inner = inner_holder(tok, resolver)
        if inner is not None:
            return participant(inner, resolver, depth + 1)
    return None


def _residence(tok: Token, own: str, resolver: EntityResolver) -> str | None:
    """CAMEO codes an ethnic group by the country it lives in: "ethnic Albanians demonstrated
    in Serbia" are coded SRB. The country is the first other one the sentence names."""
    if not any(c.dep_ == "amod" and c.lower_ in ETHNIC_MARKERS for c in tok.children):
        return None
    for t in sentence_of(tok):
        ent = resolver.get(resolver.token_entity.get(t.i, ""))
        if ent is not None and ent.kind in ("country", "location") and ent.country and ent.country != own:
            return ent.country
    return None


def _inner_country(tok: Token, resolver: EntityResolver, depth: int) -> Participant | None:
    """The first named thing inside the phrase that has a country: "university students
    throughout Indonesia" skips "university" for "Indonesia"."""
    for inner in inner_holders(tok, resolver):
        found = participant(inner, resolver, depth + 1)
        if found is not None and found.country:
            return found
    return None
