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
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from eventwire.model import Entity, Mention
from eventwire.resolve.actors import ActorKb, Agent
from eventwire.sentences import sentence_of
from eventwire.token_columns import token_columns

CountryOf = Callable[[str], str | None]

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
STANCE_PREFIXES = frozenset({"anti", "pro"})  # "anti-Syria", "pro-Russian"
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
        self._by_id: dict[str, _Entity] = {}
        self._list: list[_Entity] = []
        # The people among `_list`, in the same order, with their name words: merging names
        # compares against every known person, and the words of a name never change.
        self._persons: list[tuple[_Entity, list[str]]] = []
        self.token_entity: dict[int, str] = {}
        self._mentions: list[_Mention] = []
        # Last words of the KB's role words: a token that is none of them (nor its lemma)
        # heads no role, and `_agent_at` answers it without building any lookup key.
        self._agent_ends = frozenset(key.rsplit(" ", 1)[-1] for key in kb.agents)
        self._agent_memo: dict[int, Agent | None] = {}  # `_agent_at` by token index
        self._countries: dict[str, str | None] = {}  # `country_of` by name
        self._text = doc.text  # a plain Doc (not a TextDoc) rebuilds it on each access
        # Token attributes by index, read in one go: every Token object and every string
        # attribute of one costs a lookup, and collection visits each token several times.
        self._cols = token_columns(doc)
        self._pos, self._dep = self._cols.pos, self._cols.dep  # Token.pos_, Token.dep_
        self._collect()

    # --- public -----------------------------------------------------------

    def entities(self) -> tuple[Entity, ...]:
        return tuple(e.freeze() for e in self._list if e.mentions)

    def get(self, entity_id: str) -> _Entity | None:
        return self._by_id.get(entity_id)

    def resolve(self, tok: Token) -> str | None:
        """The entity a token (a head of an argument) refers to, or None."""
        if tok.i in self.token_entity:
            return self.token_entity[tok.i]
        low = tok.lower_
        if tok.pos_ == "PRON" and (low in PERSON_PRONOUNS or low in GROUP_PRONOUNS):
            ent_id = (self._plural_speaker(tok) if low == "they" else None) or self._antecedent(tok)
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

    def named_head(self, entity_id: str) -> Token | None:
        """The head of the entity's first mention that is not a pronoun (what "they" stands for)."""
        ent = self.get(entity_id)
        for m in ent.mentions if ent is not None else ():
            head = self.doc[m.head]
            if head.pos_ != "PRON":
                return head
        return None

    def country_sectors(self, entity_id: str | None) -> tuple[str | None, tuple[str, ...]]:
        ent = self.get(entity_id) if entity_id else None
        return (ent.country, tuple(ent.sectors)) if ent else (None, ())

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quote_spans)

    # --- collection ---------------------------------------------------------

    def _collect(self) -> None:
        doc = self.doc
        taken: set[int] = set()
        for start, end, actor in self.kb.find(self._text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or _overlaps(span, taken):
                continue
            country, sectors = actor.coding_on(self.published)
            ent = self._entity("kb:" + actor.id, actor.name, actor.kind, country, list(sectors), actor.id)
            self._add_mention(ent, span)
            taken.update(range(span.start, span.end))
        ents = doc.ents  # a new tuple of Spans on each access: read once
        persons = sorted((e for e in ents if e.label_ == "PERSON"), key=len, reverse=True)
        for span in persons:
            if not _overlaps(span, taken):
                self._add_person(span)
                taken.update(range(span.start, span.end))
        for span in ents:
            if span.label_ in ("ORG", "GPE", "LOC", "FAC") and not _overlaps(span, taken):
                self._add_named(span)
                taken.update(range(span.start, span.end))
        # The loops below go by index and make a Token only for the few that can match.
        pos, dep = self._pos, self._dep
        # Capitalised names with a role-word head that the tagger missed ("the Badr Brigades").
        for i in range(len(doc)):
            if i in taken or pos[i] != "PROPN" or dep[i] == "compound":
                continue
            agent = self._agent_at(i)
            if agent is None or agent.kind == "person":
                continue
            tok = doc[i]
            name = [t.i for t in tok.lefts if dep[t.i] == "compound" and pos[t.i] == "PROPN" and t.i not in taken]
            if not name or not tok.text[:1].isupper():
                continue
            span = doc[name[0]:i + 1]
            ent = self._entity("org:" + span.text.lower(), span.text,
                               "armed_group" if agent.kind == "armed_group" else "organization")
            if not agent.weak and agent.sector not in ent.sectors:
                ent.sectors.append(agent.sector)
            self._add_mention(ent, span)
            taken.update(range(span.start, span.end))
        # Surnames the tagger missed ("Hakimi later left") once the full name is known.
        surnames = {words[-1]: e for e, words in self._persons}
        for i in range(len(doc)) if surnames else ():  # no person, no pass
            if i not in taken and pos[i] == "PROPN" and (low := self._lower_(i)) in surnames:
                self._add_mention(surnames[low], doc[i:i + 1])
                taken.add(i)
        for i in range(len(doc)):
            # `_role_phrase` answers None (creating nothing) for a token that heads no role:
            # its first checks (`_role_agent`), inlined for the many tokens that fail them.
            if i in taken or pos[i] not in ("NOUN", "PROPN") or dep[i] == "compound":
                continue
            if self._agent_at(i) is not None:
                self._role_phrase(doc[i], create=False)
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
            self._by_id[ent.id] = ent
            self._list.append(ent)
            if kind == "person":
                self._persons.append((ent, _name_words(name)))
        return ent

    def _add_mention(self, ent: _Entity, span: Span) -> None:
        first, last = span.start, span.end  # token indices: no Token objects needed
        start, end = span.start_char, span.end_char
        if self._lower_(first) == "the" and last - first > 1:
            start = self.doc[first + 1].idx
        # `span.text` would join a Token object per word; the document's text holds the same.
        text = self._text[start:end]
        root = span.root.i
        mention = _Mention(start, end, text, root, ent.id)
        if any(m.start == mention.start and m.end == mention.end for m in ent.mentions):
            return
        ent.mentions.append(mention)
        self._mentions.append(mention)
        # A nested name keeps its own entity: "Iran" inside "the Iran-backed militia".
        for i in range(first, last):
            self.token_entity.setdefault(i, ent.id)
        self.token_entity[root] = ent.id

    def _span_text(self, span: Span) -> str:
        """`span.text`, sliced from the document's text instead of joined from Token objects."""
        return self._text[span.start_char:span.end_char]

    def _add_person(self, span: Span) -> None:
        words = _name_words(self._span_text(span))
        for ent, known in self._persons:
            if _same_person(words, known):
                self._add_mention(ent, span)
                return
        self._add_mention(self._entity("person:" + " ".join(words), _clean_name(self._span_text(span)), "person"), span)

    def _add_named(self, span: Span) -> None:
        text = _clean_name(self._span_text(span))
        words = _name_words(text)
        # spaCy sometimes tags a surname as ORG/GPE ("Assad"): a known person wins.
        for ent, known in self._persons if len(words) == 1 else ():
            if _same_person(words, known):
                self._add_mention(ent, span)
                return
        if span.label_ == "GPE":
            iso = self._country(text)
            if iso:
                self._add_mention(self._entity("country:" + iso, text, "country", iso), span)
                return
            self._add_mention(self._entity("place:" + text.lower(), text, "location"), span)
            return
        if span.label_ in ("LOC", "FAC"):
            self._add_mention(self._entity("place:" + text.lower(), text, "location"), span)
            return
        iso = self._country(text) if span.label_ == "ORG" and len(words) == 1 else None
        if iso:  # the tagger calls some countries ORG ("in Paraguay")
            self._add_mention(self._entity("country:" + iso, text, "country", iso), span)
            return
        agent = self._agent_at(span.root.i)
        kind = "organization"
        if agent is not None and agent.kind == "armed_group":
            kind = "armed_group"
        ent = self._entity("org:" + text.lower(), text, kind)
        if agent is not None and agent.sector not in ent.sectors:
            ent.sectors.append(agent.sector)
        self._add_mention(ent, span)

    def _country(self, name: str) -> str | None:
        """`country_of`, asked once per name: an article repeats its places and nationalities."""
        if name not in self._countries:
            self._countries[name] = self.country_of(name)
        return self._countries[name]

    # --- role nouns ("the cleric", "Syrian government") -----------------------

    def _lower_(self, i: int) -> str:
        """`doc[i].lower_`."""
        return self._cols.lower[i]

    def _role_agent(self, i: int) -> Agent | None:
        """The role word token i heads as a phrase of its own: a compound only modifies another."""
        return None if self._dep[i] == "compound" else self._agent_at(i)

    def _agent_at(self, i: int) -> Agent | None:
        """The role word token i heads, trying two-word titles first. It depends on the parse
        alone, and collection asks again for the same tokens: answered once per token."""
        if i in self._agent_memo:
            return self._agent_memo[i]
        agent = self._agent_memo[i] = self._find_agent(i)
        return agent

    def _find_agent(self, i: int) -> Agent | None:
        low_ = self._cols.lower[i]  # Token.lower_
        lemma_ = self._cols.lemma[i]  # Token.lemma_.lower()
        # Every key below ends in one of these (`agent` lower-cases what it is given).
        low, lemma = low_.lower(), lemma_.lower()
        if low not in self._agent_ends and lemma not in self._agent_ends and " " not in low + lemma:
            return None  # no role word ends in it: none of the lookups below can hit
        if i > 0:
            before = self._lower_(i - 1)
            two = self.kb.agent(f"{before} {low_}") or self.kb.agent(f"{before} {lemma_}")
            if two is not None:
                return two
        single = self.kb.agent(low_) or self.kb.agent(lemma_)
        if single is not None:
            return single
        # "the militant Sunni group": a describing word further left makes the title.
        for mod in self.doc[i].lefts:
            if self._dep[mod.i] in ("amod", "compound") and mod.i < i - 1:
                found = self.kb.agent(f"{self._lower_(mod.i)} {lemma_}")
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
        if stance_marked(tok):
            return None
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
            return self._country(_clean_name(text)) or (self._country(tok.text) if text != tok.text else None)
        return None

    def _role_phrase(self, tok: Token, create: bool) -> str | None:
        agent = self._role_agent(tok.i)
        if agent is None:
            return None
        named = self._apposed(tok)
        if named is not None:
            return named
        start = self._phrase_start(tok)
        definite = self._lower_(start) == "the"
        person = agent.kind == "person" and tok.tag_ not in ("NNS", "NNPS")
        refers_back = person and definite and agent.definite
        if person and not refers_back and not create:
            return None  # an unnamed person only on demand: no need for the country or the span
        country = self._phrase_country(tok)
        span = self.doc[start:tok.i + 1]
        if refers_back:
            ref = self._refers_back(tok, agent, country)
            if ref is not None:
                self._add_mention(ref, span)
                if agent.word not in ref.roles:
                    ref.roles.append(agent.word)
                return ref.id
        if person:
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

    def _phrase_start(self, tok: Token) -> int:
        """First token of the noun phrase a role word heads (its modifiers, no prepositional
        phrase, no leading punctuation or conjunction)."""
        start = min((t.i for t in tok.subtree if t.i <= tok.i and self._dep[t.i] != "prep"), default=tok.i)
        while start < tok.i and self._dep[start] in ("punct", "cc"):
            start += 1
        return start

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
        sent_start = sentence_of(tok).start
        window = sentence_of(self.doc[sent_start - 1]).start_char if sent_start > 0 else 0
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
                iso = next((c for t in words or () if t.i != m.head and (c := self._country(t.text))), None)
                if iso:
                    ent.country = iso
                    break
        for m in list(ent.mentions):
            head = self.doc[m.head]
            for tok in _modifiers(head, m.start):
                agent = self._agent_at(tok.i)
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
            for tok in sentence_of(self.doc[m.head]):
                other = self.get(self.token_entity.get(tok.i, ""))
                if other is not None and other is not ent and other.kind == "country" and other.country:
                    found.add(other.country)
                elif tok.ent_type_ == "NORP" and tok.i not in self.token_entity:
                    iso = self._country(tok.text)
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
        return self._country(first[0].text)

    def _known_by_surname(self, ent: _Entity) -> None:
        """"President Mugabe": a titled or full name that only one person in the KB bears."""
        words = _name_words(ent.name)
        if not words or (not ent.roles and len(words) < 2):
            return
        found = {a.name.lower(): a for a in self.kb.persons_by_surname(words[-1])
                 if _same_person(words, _kb_name_words(a.name))}
        if not found:
            # A misspelt surname ("Francois Mitterand", "President Bouteflicka"): the KB's one person
            # a letter away, with no clashing first name.
            found = {a.name.lower(): a for a in self.kb.persons_by_near_surname(words[-1])
                     if _same_person([*words[:-1], _kb_name_words(a.name)[-1]], _kb_name_words(a.name))}
        if len(found) != 1:
            return
        actor = next(iter(found.values()))
        country, sectors = actor.coding_on(self.published)
        ent.kb_id, ent.country = actor.id, country or ent.country
        ent.sectors.extend(s for s in sectors if s not in ent.sectors)

    # --- pronouns ----------------------------------------------------------------

    def _plural_speaker(self, tok: Token) -> str | None:
        """"Militants loyal to X said they attacked ...": "they", the subject of what is said,
        is whoever says it when that is a plural noun, named or not."""
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ccomp":
            return None
        matrix = tok.head.head
        subj = next((c for c in matrix.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i == tok.i or subj.tag_ not in ("NNS", "NNPS"):
            return None
        return self.resolve(subj)

    def _antecedent(self, tok: Token) -> str | None:
        want_person = tok.lower_ in PERSON_PRONOUNS
        sent_start = sentence_of(tok).start
        window_start = sentence_of(self.doc[max(0, sent_start - 1)]).start if sent_start > 0 else 0
        prev_sent_start = sentence_of(self.doc[window_start]).start
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


def stance_marked(tok: Token) -> bool:
    """"an anti-Syria journalist", "pro-Russian separatists": the country word says whom they
    are for or against, not whose they are."""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in STANCE_PREFIXES


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


def _overlaps(span: Span, taken: set[int]) -> bool:
    """Whether any token of the span is taken (by index: no Token objects)."""
    return any(i in taken for i in range(span.start, span.end))


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


@lru_cache(maxsize=8192)
def _kb_name_words(name: str) -> tuple[str, ...]:
    """`_name_words` of a KB name: the same names come up article after article."""
    return tuple(_name_words(name))


def _same_person(short: Sequence[str], long: Sequence[str]) -> bool:
    """"Sadr" or "Muqtada Sadr" names "Muqtada al-Sadr": same surname, no clashing words."""
    if not short or not long:
        return False
    if short[-1] != long[-1]:
        return False
    return all(w in long for w in short)
