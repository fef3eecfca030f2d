"""One entity per real-world actor within an article.

Mentions come from three places: the actor knowledge base (surface forms),
spaCy's named entities, and role nouns ("the cleric", "the Syrian government").
They are merged by KB identity, by name containment ("Sadr" is "Muqtada
al-Sadr"), by (country, role word) for bodies ("the Iraqi government" is "the
government of Haider al-Abadi"), and by definite descriptions that refer back
to a named actor of that role ("the cleric"). Pronouns are resolved on demand
to the most recent compatible subject outside quotations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.model import Entity, Mention
from eventwire.resolve.actors import ActorKb, Agent

CountryOf = Callable[[str], str | None]

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Nouns that speak for whoever issued them: "the statement from Baghdad".
SOURCE_NOUNS = {"statement", "report", "communique", "communiqué", "spokesman", "spokeswoman",
                "spokesperson", "letter", "message", "tweet", "office", "ministry", "spokesmen"}


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    head: int  # token index of the mention's head
    entity: str


@dataclass
class _Entity:
    id: str
    key: str
    name: str
    kind: str
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    kb_id: str | None = None
    roles: list[str] = field(default_factory=list)  # role words seen with it ("cleric", "president")
    mentions: list[_Mention] = field(default_factory=list)

    def freeze(self) -> Entity:
        ordered = sorted(self.mentions, key=lambda m: m.start)
        return Entity(
            id=self.id, name=self.name, kind=self.kind, country=self.country,
            sectors=tuple(self.sectors), kb_id=self.kb_id,
            mentions=tuple(Mention(m.start, m.end, m.text) for m in ordered),
        )


class EntityResolver:
    """Builds the article's entities from one parsed document.

    `resolve(token)` gives the entity a token refers to (creating one for a role
    noun phrase on first use); `entities()` freezes them for the contract.
    """

    def __init__(
        self, doc: Doc, kb: ActorKb, country_of: CountryOf, published: str | None = None,
        quote_spans: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.doc = doc
        self.kb = kb
        self.country_of = country_of
        self.published = published
        self.quote_spans = list(quote_spans)
        self._by_key: dict[str, _Entity] = {}
        self._list: list[_Entity] = []
        self.token_entity: dict[int, str] = {}
        self._mentions: list[_Mention] = []
        # Last words of the KB's role words: a token that is none of them (nor its lemma)
        # heads no role, and `_agent_at` answers it without building any lookup key.
        self._agent_ends = frozenset(key.rsplit(" ", 1)[-1] for key in kb.agents)
        self._collect()

    # --- public -----------------------------------------------------------

    def entities(self) -> tuple[Entity, ...]:
        return tuple(e.freeze() for e in self._list if e.mentions)

    def get(self, entity_id: str) -> _Entity | None:
        return next((e for e in self._list if e.id == entity_id), None)

    def resolve(self, tok: Token) -> str | None:
        """The entity a token (a head of an argument) refers to, or None."""
        if tok.i in self.token_entity:
            return self.token_entity[tok.i]
        low = tok.lower_
        if tok.pos_ == "PRON" and (low in PERSON_PRONOUNS or low in GROUP_PRONOUNS):
            ent_id = self._antecedent(tok)
            ent = self.get(ent_id) if ent_id else None
            if ent is not None:
                self._add_mention(ent, self.doc[tok.i:tok.i + 1])
            return ent_id
        if tok.pos_ in ("NOUN", "PROPN"):
            named = self._apposed(tok) or self._source_of(tok)
            if named is not None:
                return named
            return self._role_phrase(tok, create=True)
        return None

    def _apposed(self, tok: Token) -> str | None:
        """"the Mahdi Army, an Iraqi militia": the description names the same entity."""
        for other in (*(c for c in tok.children if c.dep_ == "appos"), tok.head if tok.dep_ == "appos" else None):
            if other is not None and other.i in self.token_entity:
                ent = self.get(self.token_entity[other.i])
                if ent is not None:
                    self._add_mention(ent, self._phrase(tok))
                    return ent.id
        return None

    def _source_of(self, tok: Token) -> str | None:
        """"The statement from Baghdad" speaks for Baghdad; "his office" for him."""
        if tok.lemma_.lower() not in SOURCE_NOUNS:
            return None
        for child in tok.children:
            if child.dep_ == "poss":
                return self.resolve(child)
            if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return self.resolve(obj)
        return None

    def _phrase(self, tok: Token) -> Span:
        start = min((t.i for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("prep", "punct")), default=tok.i)
        return self.doc[start:tok.i + 1]

    def mention_text(self, tok: Token) -> str:
        """The mention that covers a token ("Syrian President Bashar al-Assad"), or the token."""
        for m in self._mentions:
            if m.start <= tok.idx < m.end:
                return m.text
        return tok.text

    def country_sectors(self, entity_id: str | None) -> tuple[str | None, tuple[str, ...]]:
        ent = self.get(entity_id) if entity_id else None
        return (ent.country, tuple(ent.sectors)) if ent else (None, ())

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quote_spans)

    # --- collection ---------------------------------------------------------

    def _collect(self) -> None:
        doc = self.doc
        taken: set[int] = set()
        for start, end, actor in self.kb.find(doc.text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(t.i in taken for t in span):
                continue
            country, sectors = actor.coding_on(self.published)
            ent = self._entity("kb:" + actor.id, actor.name, actor.kind, country, list(sectors), actor.id)
            self._add_mention(ent, span)
            taken.update(t.i for t in span)
        ents = doc.ents  # a new tuple of Spans on each access: read once
        tokens = list(doc)  # likewise each Token: the loops below share one list
        persons = sorted((e for e in ents if e.label_ == "PERSON"), key=len, reverse=True)
        for span in persons:
            if not any(t.i in taken for t in span):
                self._add_person(span)
                taken.update(t.i for t in span)
        for span in ents:
            if span.label_ in ("ORG", "GPE", "LOC", "FAC") and not any(t.i in taken for t in span):
                self._add_named(span)
                taken.update(t.i for t in span)
        # Capitalised names with a role-word head that the tagger missed ("the Badr Brigades").
        for tok in tokens:
            if tok.i in taken or tok.pos_ != "PROPN" or tok.dep_ == "compound":
                continue
            agent = self._agent_at(tok)
            name = [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i not in taken]
            if agent is None or agent.kind == "person" or not name or not tok.text[:1].isupper():
                continue
            span = doc[name[0].i:tok.i + 1]
            ent = self._entity("org:" + span.text.lower(), span.text,
                               "armed_group" if agent.kind == "armed_group" else "organization")
            if not agent.weak and agent.sector not in ent.sectors:
                ent.sectors.append(agent.sector)
            self._add_mention(ent, span)
            taken.update(t.i for t in span)
        # Surnames the tagger missed ("Hakimi later left") once the full name is known.
        surnames = {_name_words(e.name)[-1]: e for e in self._list if e.kind == "person"}
        for tok in tokens:
            if tok.i not in taken and tok.pos_ == "PROPN" and tok.lower_ in surnames:
                self._add_mention(surnames[tok.lower_], doc[tok.i:tok.i + 1])
                taken.add(tok.i)
        for tok in tokens:
            if tok.i not in taken and tok.pos_ in ("NOUN", "PROPN"):
                self._role_phrase(tok, create=False)
        for ent in self._list:
            self._code_from_context(ent)

    def _entity(
        self, key: str, name: str, kind: str, country: str | None = None,
        sectors: list[str] | None = None, kb_id: str | None = None,
    ) -> _Entity:
        ent = self._by_key.get(key)
        if ent is None:
            ent = _Entity(f"e{len(self._list) + 1}", key, name, kind, country, sectors or [], kb_id)
            self._by_key[key] = ent
            self._list.append(ent)
        return ent

    def _add_mention(self, ent: _Entity, span: Span) -> None:
        text = span.text
        start = span.start_char
        if span[0].lower_ == "the" and len(span) > 1:
            start = span[1].idx
            text = self.doc.text[start:span.end_char]
        mention = _Mention(start, span.end_char, text, span.root.i, ent.id)
        if any(m.start == mention.start and m.end == mention.end for m in ent.mentions):
            return
        ent.mentions.append(mention)
        self._mentions.append(mention)
        # A nested name keeps its own entity: "Iran" inside "the Iran-backed militia".
        for t in span:
            self.token_entity.setdefault(t.i, ent.id)
        self.token_entity[span.root.i] = ent.id

    def _add_person(self, span: Span) -> None:
        words = _name_words(span.text)
        for ent in self._list:
            if ent.kind == "person" and _same_person(words, _name_words(ent.name)):
                self._add_mention(ent, span)
                return
        self._add_mention(self._entity("person:" + " ".join(words), _clean_name(span.text), "person"), span)

    def _add_named(self, span: Span) -> None:
        text = _clean_name(span.text)
        words = _name_words(text)
        # spaCy sometimes tags a surname as ORG/GPE ("Assad"): a known person wins.
        for ent in self._list:
            if ent.kind == "person" and len(words) == 1 and _same_person(words, _name_words(ent.name)):
                self._add_mention(ent, span)
                return
        if span.label_ == "GPE":
            iso = self.country_of(text)
            if iso:
                self._add_mention(self._entity("country:" + iso, text, "country", iso), span)
                return
            self._add_mention(self._entity("place:" + text.lower(), text, "location"), span)
            return
        if span.label_ in ("LOC", "FAC"):
            self._add_mention(self._entity("place:" + text.lower(), text, "location"), span)
            return
        iso = self.country_of(text) if span.label_ == "ORG" and len(words) == 1 else None
        if iso:  # the tagger calls some countries ORG ("in Paraguay")
            self._add_mention(self._entity("country:" + iso, text, "country", iso), span)
            return
        agent = self._agent_at(span.root)
        kind = "organization"
        if agent is not None and agent.kind == "armed_group":
            kind = "armed_group"
        ent = self._entity("org:" + text.lower(), text, kind)
        if agent is not None and agent.sector not in ent.sectors:
            ent.sectors.append(agent.sector)
        self._add_mention(ent, span)

    # --- role nouns ("the cleric", "Syrian government") -----------------------

    def _agent_at(self, tok: Token) -> Agent | None:
        """The role word a token heads, trying two-word titles first."""
        # Every key below ends in one of these (`agent` lower-cases what it is given).
        low, lemma = tok.lower_.lower(), tok.lemma_.lower().lower()
        if low not in self._agent_ends and lemma not in self._agent_ends and " " not in low + lemma:
            return None  # no role word ends in it: none of the lookups below can hit
        if tok.i > 0:
            two = self.kb.agent(f"{self.doc[tok.i - 1].lower_} {tok.lower_}")
            if two is not None:
                return two
            two = self.kb.agent(f"{self.doc[tok.i - 1].lower_} {tok.lemma_.lower()}")
            if two is not None:
                return two
        single = self.kb.agent(tok.lower_) or self.kb.agent(tok.lemma_.lower())
        if single is not None:
            return single
        # "the militant Sunni group": a describing word further left makes the title.
        for mod in tok.lefts:
            if mod.dep_ in ("amod", "compound") and mod.i < tok.i - 1:
                found = self.kb.agent(f"{mod.lower_} {tok.lemma_.lower()}")
                if found is not None:
                    return found
        return None

    def _phrase_country(self, head: Token) -> str | None:
        """Country named by a phrase's modifiers: "Syrian", "Iraq's", "of Prime Minister X"."""
        for child in head.children:
            if child.i > head.i and child.dep_ != "prep":
                continue
            if child.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod"):
                iso = self._token_country(child)
                if iso:
                    return iso
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        iso = self._token_country(obj)
                        if iso:
                            return iso
        return None

    def _token_country(self, tok: Token) -> str | None:
        ent_id = self.token_entity.get(tok.i)
        if ent_id is not None:
            ent = self.get(ent_id)
            if ent is not None and ent.country:
                return ent.country
        if tok.ent_type_ in ("NORP", "GPE") or tok.pos_ in ("ADJ", "PROPN"):
            text = tok.text
            if tok.ent_type_:
                span = _entity_span(tok)
                if span is not None:
                    text = span.text
            # The tagger's span may run past the adjective ("British Defence"): try the word alone too.
            return self.country_of(_clean_name(text)) or (self.country_of(tok.text) if text != tok.text else None)
        return None

    def _role_phrase(self, tok: Token, create: bool) -> str | None:
        if tok.dep_ == "compound":
            return None
        agent = self._agent_at(tok)
        if agent is None:
            return None
        named = self._apposed(tok)
        if named is not None:
            return named
        country = self._phrase_country(tok)
        start = min((t.i for t in tok.subtree if t.i <= tok.i and t.dep_ != "prep"), default=tok.i)
        while start < tok.i and self.doc[start].dep_ in ("punct", "cc"):
            start += 1
        span = self.doc[start:tok.i + 1]
        definite = any(t.lower_ == "the" for t in span[:1])
        plural = tok.tag_ in ("NNS", "NNPS")
        if agent.kind == "person" and not plural and definite and agent.definite:
            ref = self._refers_back(tok, agent, country)
            if ref is not None:
                self._add_mention(ref, span)
                if agent.word not in ref.roles:
                    ref.roles.append(agent.word)
                return ref.id
        if agent.kind == "person" and not plural:
            if not create:
                return None
            ent = self._entity(f"anon:{tok.i}", _clean_name(span.text), "person", country, [agent.sector])
        else:
            key = f"body:{country}:{agent.word}"
            if country is None and definite and key not in self._by_key:
                prev = self._latest_body(tok, agent) or self._latest_of_kind(tok, agent)
                if prev is not None:
                    self._add_mention(prev, span)
                    return prev.id
            if country is None and not create:
                return None
            kind = "armed_group" if agent.kind == "armed_group" else "organization"
            if agent.kind == "other":
                kind = "other"
            ent = self._entity(key, _clean_name(span.text), kind, country, [agent.sector])
        self._add_mention(ent, span)
        return ent.id

    def _refers_back(self, tok: Token, agent: Agent, country: str | None) -> _Entity | None:
        """The most recent named person of this role (and country) before the token."""
        best: _Entity | None = None
        best_pos = -1
        for m in self._mentions:
            if m.start >= tok.idx:
                continue
            ent = self.get(m.entity)
            if ent is None or ent.kind != "person" or ent.key.startswith("anon:"):
                continue
            if country and ent.country and ent.country != country:
                continue
            fits = agent.word in ent.roles or (not agent.weak and agent.sector in ent.sectors)
            if agent.weak:
                fits = fits or bool(ent.sectors)
            if fits and m.start > best_pos:
                best, best_pos = ent, m.start
        return best

    def _latest_body(self, tok: Token, agent: Agent) -> _Entity | None:
        best: _Entity | None = None
        best_pos = -1
        for ent in self._list:
            if not ent.key.endswith(":" + agent.word):
                continue
            for m in ent.mentions:
                if m.start < tok.idx and m.start > best_pos:
                    best, best_pos = ent, m.start
        return best

    def _latest_of_kind(self, tok: Token, agent: Agent) -> _Entity | None:
        """"ISIS ... as the militant Sunni group threatened": a definite description of an armed
        group refers back to the armed group named last, in its own or the previous sentence."""
        if agent.kind != "armed_group":
            return None
        sent_start = tok.sent.start
        window = self.doc[sent_start - 1].sent.start_char if sent_start > 0 else 0
        best: _Entity | None = None
        best_pos = -1
        for m in self._mentions:
            ent = self.get(m.entity)
            if ent is None or ent.kind != "armed_group" or ent.key.startswith("body:"):
                continue
            if window <= m.start < tok.idx and m.start > best_pos:
                best, best_pos = ent, m.start
        return best

    # --- coding from the text around mentions -------------------------------

    def _code_from_context(self, ent: _Entity) -> None:
        """Titles and adjectives around a name: "Iraqi Shiite cleric Muqtada al-Sadr"."""
        if ent.kind in ("country", "location"):
            return  # "U.S. intelligence officials" names the officials, not the country
        if ent.country is None and ent.kind in ("organization", "armed_group") and ent.kb_id is None:
            # "the Iraqi Army": the nationality sits inside the name itself.
            for m in ent.mentions:
                words = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                iso = next((c for t in words or () if t.i != m.head and (c := self.country_of(t.text))), None)
                if iso:
                    ent.country = iso
                    break
        for m in list(ent.mentions):
            head = self.doc[m.head]
            for tok in _modifiers(head, m.start):
                agent = self._agent_at(tok)
                if agent is not None and tok.i not in self.token_entity:
                    if agent.word not in ent.roles:
                        ent.roles.append(agent.word)
                    # A title adds its sector to a name the KB knows without one ("Deputy Prime Minister X").
                    if not agent.weak and (ent.kb_id is None or not ent.sectors) and agent.sector not in ent.sectors:
                        ent.sectors.append(agent.sector)
                if ent.country is None and ent.kind != "country":
                    iso = self._token_country(tok) if self.token_entity.get(tok.i) != ent.id else None
                    if iso:
                        ent.country = iso
            if ent.country is None:
                ent.country = self._country_after(head) or self._group_country(head, m)
        if ent.kind == "person" and ent.kb_id is None:
            self._known_by_surname(ent)
        if ent.kind == "person" and ent.country is None and "GOV" in ent.sectors:
            ent.country = self._only_country_around(ent)

    def _only_country_around(self, ent: _Entity) -> str | None:
        """"President Prosper Avril declared a state of siege in Haiti": a head of government the
        KB does not know belongs to the one country the sentences naming him speak of."""
        found: set[str] = set()
        for m in ent.mentions:
            for tok in self.doc[m.head].sent:
                other = self.get(self.token_entity.get(tok.i, ""))
                if other is not None and other is not ent and other.kind == "country" and other.country:
                    found.add(other.country)
                elif tok.ent_type_ == "NORP" and tok.i not in self.token_entity:
                    iso = self.country_of(tok.text)
                    if iso:
                        found.add(iso)
        return found.pop() if len(found) == 1 else None

    def _country_after(self, head: Token) -> str | None:
        """"King Hassan of Morocco", "the president of Gondor": the country after the name."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and self.token_entity.get(obj.i) != self.token_entity.get(head.i):
                    return self._token_country(obj)
        return None

    def _group_country(self, head: Token, mention: _Mention) -> str | None:
        """"Bosnian Serbs", "Iraqi Kurds": a plural name led by a nationality is a people."""
        if head.tag_ not in ("NNPS", "NNS"):
            return None
        first = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if first is None or len(first) < 2 or first[0].i == head.i:
            return None
        return self.country_of(first[0].text)

    def _known_by_surname(self, ent: _Entity) -> None:
        """"President Mugabe": a titled or full name that only one person in the KB bears."""
        words = _name_words(ent.name)
        if not words or (not ent.roles and len(words) < 2):
            return
        found = {a.name.lower(): a for a in self.kb.persons_by_surname(words[-1])
                 if _same_person(words, _name_words(a.name))}
        if len(found) != 1:
            return
        actor = next(iter(found.values()))
        country, sectors = actor.coding_on(self.published)
        ent.kb_id, ent.country = actor.id, country or ent.country
        ent.sectors.extend(s for s in sectors if s not in ent.sectors)

    # --- pronouns ----------------------------------------------------------------

    def _antecedent(self, tok: Token) -> str | None:
        want_person = tok.lower_ in PERSON_PRONOUNS
        sent_start = tok.sent.start
        window_start = self.doc[max(0, sent_start - 1)].sent.start if sent_start > 0 else 0
        prev_sent_start = self.doc[window_start].sent.start
        inside = self.in_quote(tok.idx)
        candidates: list[tuple[int, int, str]] = []
        for m in self._mentions:
            if m.start >= tok.idx or m.start < self.doc[prev_sent_start].idx - 1:
                continue
            if self.in_quote(m.start) and not inside:
                continue
            ent = self.get(m.entity)
            if ent is None:
                continue
            if want_person != (ent.kind == "person"):
                continue
            if ent.kind == "location":
                continue
            head = self.doc[m.head]
            is_subject = 1 if head.dep_ in ("nsubj", "nsubjpass") else 0
            candidates.append((is_subject, m.start, ent.id))
        if not candidates:
            return None
        # A subject in the same or previous sentence beats a closer object.
        candidates.sort(reverse=True)
        return candidates[0][2]


def _entity_span(tok: Token) -> Span | None:
    """The entity span a token is part of: the one of `doc.ents` that holds it, found from the
    token's IOB tags instead of building every entity of the document."""
    doc = tok.doc
    if tok.ent_iob_ not in ("B", "I"):
        return next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _modifiers(head: Token, start_char: int) -> list[Token]:
    """Tokens before a mention that describe it, plus appositions."""
    out = [t for t in head.subtree if t.idx < start_char and t.dep_ not in ("det", "punct", "prep", "cc")]
    for child in head.children:
        if child.dep_ == "appos":
            out.extend(t for t in child.subtree if t.dep_ not in ("det", "punct"))
    if head.dep_ == "compound" or head.dep_ == "appos":
        parent = head.head
        out.extend(t for t in parent.lefts if t.i != head.i and t.dep_ in ("amod", "compound"))
        if head.dep_ == "compound":
            out.append(parent)
    return out


def _clean_name(text: str) -> str:
    text = text.strip().rstrip("'’").removesuffix("'s").removesuffix("’s")
    first, _, rest = text.partition(" ")
    if first.lower() in DETERMINERS and rest:
        text = rest
    return text.strip()


def _name_words(text: str) -> list[str]:
    words = _clean_name(text).replace("-", " ").lower().split()
    return [w for w in words if w not in ("al", "el", "bin", "ibn", "abu")] or words


def _same_person(short: list[str], long: list[str]) -> bool:
    """"Sadr" or "Muqtada Sadr" names "Muqtada al-Sadr": same surname, no clashing words."""
    if not short or not long:
        return False
    if short[-1] != long[-1]:
        return False
    return all(w in long for w in short)
