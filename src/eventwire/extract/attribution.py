"""Attributions read from the dependency parse: a cue, its source and the content.

Each cue verb of knowledge/quotes.yaml is tried against the frames it takes, in
a fixed order, and yields at most one claim: its clause ("X said (that) ...",
"..., X said", "A, X said, B"), a passive with its agent ("Y was praised by
X"), its addressee and to-clause ("X urged Y to ..."), what it names ("X called
Y a liar"), its object seen as something ("X sees Y as Z"), its to-clause ("X
vowed to ..."), the object of its preposition ("X called for ...") or its
object ("X criticized ..."). Source phrases ("according to X") make the rest
of their clause the content, and a headline-style line "Name: words" gives the
words to the name. The content is a span of characters, kept within the cue's
paragraph; the source is the head token of the speaker phrase, resolved to an
entity later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.extract.quote_lexicon import QuoteLexicon
from eventwire.token_columns import token_columns

QUOTE_CHARS = set("\"“”«»„'‘’`")
RELATIVE = {"who", "which", "that", "whom"}
_VERBAL = ("VERB", "AUX")
# A line that starts with one to four capitalised words and a colon: "Poll: Clinton and Trump tied".
_LABEL_LINE = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s*(:)\s+(\S[^\n]*\S)", re.MULTILINE)
_ASIDE_MARKS = (",", "—", "–", "--", "―")  # what sets off "he said" inside a sentence


@dataclass(frozen=True)
class Claim:
    """One attribution found in the parse."""

    start: int  # content span (characters, end exclusive)
    end: int
    cue_start: int
    cue_end: int
    cue: Token  # the head of the cue (the verb, "according", the colon, the dash)
    source: Token | None  # head of the speaker phrase, None when the text names no one
    frame: str


def _is_quote_mark(tok: Token) -> bool:
    return all(ch in QUOTE_CHARS for ch in tok.text)


def _edges(tokens: Iterable[Token]) -> tuple[int, int] | None:
    """Character span of the tokens, without punctuation at either edge (quote marks stay)."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and toks[0].is_punct and not _is_quote_mark(toks[0]):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space) and not _is_quote_mark(toks[-1]):
        toks.pop()
    if not toks:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    # Keep the bracket that closes one opened inside: "the Islamic State group (ISIS)".
    text = toks[0].doc.text
    if end < len(text) and text[end] == ")" and text.count("(", start, end) > text.count(")", start, end):
        end += 1
    return start, end


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, climbing coordinations and control verbs ("X went on to discuss").

    Tokens are compared by index: spaCy makes a new Token object on each access.
    """
    cur = verb
    for _ in range(4):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subj is not None:
            return subj
        if cur.dep_ in ("conj", "xcomp", "advcl", "acomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ == "pcomp" and cur.head.head.i != cur.head.i:
            cur = cur.head.head  # "began by saying": the one who began
            continue
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return cur.head  # "a posting saying that ...": the posting says it
        return None
    return None


def _passive_agent(verb: Token) -> Token | None:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _paragraph_clip(text: str, at: int, content: tuple[int, int]) -> tuple[int, int]:
    """The part of the content in the cue's paragraph: the parser sometimes runs a sentence
    over a paragraph break ("... in detail:\n\n"Here comes ..." she said")."""
    para_start = text.rfind("\n", 0, at) + 1
    para_end = text.find("\n", at)
    start, end = max(content[0], para_start), min(content[1], len(text) if para_end == -1 else para_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _claim(cue: Token, cue_end_tok: Token, source: Token | None, content: tuple[int, int] | None,
           frame: str) -> Claim | None:
    if content is None:
        return None
    content = _paragraph_clip(cue.doc.text, cue.idx, content)
    if content[1] <= content[0]:
        return None
    cue_end = cue_end_tok.idx + len(cue_end_tok.text)
    return Claim(content[0], content[1], cue.idx, cue_end, cue, source, frame)


class AttributionFinder:
    """Finds the claims of one parsed document with one cue lexicon."""

    def __init__(self, lexicon: QuoteLexicon) -> None:
        self.lex = lexicon

    def find(self, doc: Doc) -> list[Claim]:
        claims: list[Claim] = list(_labelled_lines(doc, self.lex.not_speaker_labels))
        cols = token_columns(doc)
        lowers = cols.lower
        # Only a token that opens a source phrase ("according") is tried against them all,
        # and only a verb whose lemma is a cue against the verb frames.
        firsts = {phrase[0] for phrase in self.lex.source_phrases if phrase}
        for i, lower in enumerate(lowers):
            phrase = lower in firsts
            verb = cols.pos[i] in _VERBAL and self.lex.is_cue(cols.lemma[i])
            if not (phrase or verb):
                continue
            tok = doc[i]
            found = (self._source_phrase(tok, lowers) if phrase else None) or (self._verb(tok) if verb else None)
            if found is not None:
                claims.append(found)
        return claims

    # -- verbs -----------------------------------------------------------------

    def _verb(self, verb: Token) -> Claim | None:
        lemma = verb.lemma_.lower()
        if not self.lex.is_cue(lemma):
            return None
        for frame in (self._clause, self._parenthetical, self._passive, self._addressee, self._naming,
                      self._judging, self._infinitive, self._prepositional, self._object):
            found = frame(verb, lemma)
            if found is not None:
                return found
        return None

    def _content_of(self, tok: Token) -> tuple[int, int] | None:
        """A complement's span, unless it is a bare filler word ("said so", "said that")."""
        sub = list(tok.subtree)
        words = [t for t in sub if not t.is_punct]
        if len(words) <= 1 and (not words or words[0].lower_ in self.lex.not_content):
            return None
        return _edges(sub)

    def _clause(self, verb: Token, lemma: str) -> Claim | None:
        if not self.lex.has("clause", lemma):
            return None
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if comp is None:
            return None
        source = subject_of(verb)
        if source is not None and source.i in {t.i for t in comp.subtree}:
            return None
        toks = list(comp.subtree)
        if comp.i < verb.i and source is not None and source.i > comp.i:
            # "A, but B, the source added": all that comes before the attribution is reported.
            speaker = {t.i for t in source.subtree}
            toks = [t for t in verb.subtree if t.i < min(source.left_edge.i, verb.i) and t.i not in speaker]
        for child in verb.rights:
            # "said her plan was detailed and, more important, would not blow a hole": a second
            # clause; "Lenox was a juggernaut, he said, until it went bankrupt": the reported
            # clause goes on after the aside. The parser hangs both on the cue.
            if child.i > comp.i and (child.dep_ == "ccomp" or (child.dep_ == "advcl" and comp.i < verb.i)) \
                    and not self.lex.is_cue(child.lemma_):
                toks += list(child.subtree)
        if self._content_of(comp) is None:
            return None
        return _claim(verb, verb, source, _edges(toks), "clause")

    def _parenthetical(self, verb: Token, lemma: str) -> Claim | None:
        """"The Democrats, he said, will win": the cue hangs off the content it reports."""
        if not self.lex.has("clause", lemma) or verb.dep_ not in ("parataxis", "ccomp", "advcl"):
            return None
        head = verb.head
        # Some of the content must come before the cue: "The museum, he said, celebrated ...".
        if head.i == verb.i or head.pos_ not in _VERBAL or head.left_edge.i >= verb.left_edge.i:
            return None
        if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
            return None
        source = subject_of(verb)
        if source is None or source.head.i != verb.i:
            return None
        inner = {t.i for t in verb.subtree}
        edge = verb.left_edge  # the comma is often the cue's own child
        before = verb.doc[edge.i - 1] if edge.i > 0 else edge
        if edge.text not in _ASIDE_MARKS and before.text not in _ASIDE_MARKS:
            return None
        return _claim(verb, verb, source, _edges(t for t in head.subtree if t.i not in inner), "clause")

    def _passive(self, verb: Token, lemma: str) -> Claim | None:
        """"X was endorsed by Y": Y said it, about X."""
        if not _is_passive(verb) or not self.lex.has("object", lemma):
            return None
        agent = _passive_agent(verb)
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if agent is None or subj is None:
            return None
        return _claim(verb, verb, agent, self._content_of(subj), "object")

    def _addressee(self, verb: Token, lemma: str) -> Claim | None:
        if not self.lex.has("addressee", lemma) or _is_passive(verb):
            return None
        to_clause = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl", "ccomp") and c.i > verb.i
                          and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)), None)
        if to_clause is None:
            return None
        who = next((c for c in verb.children if c.dep_ == "dobj" and c.i < to_clause.i), None)
        cue_end = verb
        if who is None:
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.i < to_clause.i
                         and c.lower_ in self.lex.prepositions.get(lemma, ())), None)
            who = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            cue_end = prep if prep is not None and prep.i == verb.i + 1 else verb
        if who is None:
            return None
        toks = list(who.subtree) + list(to_clause.subtree)
        return _claim(verb, cue_end, subject_of(verb), _edges(toks), "addressee")

    def _naming(self, verb: Token, lemma: str) -> Claim | None:
        if not self.lex.has("naming", lemma) or _is_passive(verb):
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        name = next((c for c in verb.children if c.dep_ in ("oprd", "xcomp") and obj is not None and c.i > obj.i
                     and (c.pos_ in ("NOUN", "ADJ", "PROPN") or c.tag_ == "VBN")), None)
        if obj is None or name is None:
            return None
        return _claim(verb, verb, subject_of(verb), _edges([*obj.subtree, *name.subtree]), "naming")

    def _judging(self, verb: Token, lemma: str) -> Claim | None:
        """"X sees the deal as a trap": the object with its "as" phrase, nothing without one."""
        if not self.lex.has("judging", lemma) or _is_passive(verb):
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        as_phrase = _complement_phrase(verb, obj, ("as",))
        if obj is None or as_phrase is None:
            return None
        return _claim(verb, verb, subject_of(verb), _edges([*obj.subtree, *as_phrase.subtree]), "judging")

    def _infinitive(self, verb: Token, lemma: str) -> Claim | None:
        if not self.lex.has("infinitive", lemma) or _is_passive(verb):
            return None
        comp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i
                     and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")), None)
        if comp is None or subject_of(verb) is None or self._content_of(comp) is None:
            return None
        toks = list(comp.subtree) + self._shared_predicates(verb, comp)
        return _claim(verb, verb, subject_of(verb), _edges(toks), "infinitive")

    def _shared_predicates(self, verb: Token, head: Token) -> list[Token]:
        """"wants to triple X, grow Y and create Z": the parser hangs "grow" and "create" on the
        cue; with no subject of their own and the content's verb form, they go on the content."""
        toks: list[Token] = []
        for child in verb.rights:
            if child.dep_ != "conj" or child.i < head.i or child.tag_ != head.tag_ or self.lex.is_cue(child.lemma_):
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                continue
            toks += list(child.subtree)
        return toks

    def _prepositional(self, verb: Token, lemma: str) -> Claim | None:
        preps = self.lex.prepositions.get(lemma)
        if not preps or _is_passive(verb):
            return None
        for child in verb.children:
            if child.i < verb.i or child.dep_ != "prep" or child.lower_ not in preps:
                continue
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is None or obj.ent_type_ in ("DATE", "TIME"):
                continue
            cue_end = child if child.i <= verb.i + 2 else verb
            return _claim(verb, cue_end, subject_of(verb), self._content_of(obj), "prepositional")
        # "called for the nominee to be taken": the parser makes "for" a mark of a clause.
        for child in verb.children:
            mark = next((m for m in child.children if m.dep_ == "mark" and m.lower_ in preps and m.i == verb.i + 1),
                        None) if child.i > verb.i else None
            if mark is not None:
                toks = [t for t in child.subtree if t.i != mark.i]
                return _claim(verb, mark, subject_of(verb), _edges(toks), "prepositional")
        return None

    def _object(self, verb: Token, lemma: str) -> Claim | None:
        if not self.lex.has("object", lemma) or _is_passive(verb):
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or (obj.pos_ == "PRON" and obj.lower_ not in ("what", "whatever")):
            return None
        source = subject_of(verb)
        if source is None or self._content_of(obj) is None:
            return None
        # "blasted the media for being dishonest", "attacked her opponent as a fraud"
        extra = _complement_phrase(verb, obj, ("as", "for"))
        toks = [*_without_gloss(obj), *(extra.subtree if extra is not None else ())]
        return _claim(verb, verb, source, _edges(toks), "object")

    # -- "according to X" ------------------------------------------------------

    def _source_phrase(self, tok: Token, lowers: list[str]) -> Claim | None:
        """`lowers`: the lower-case form of every token of the doc, by index."""
        for phrase in self.lex.source_phrases:
            if tuple(lowers[tok.i : tok.i + len(phrase)]) != phrase:
                continue
            words = list(_following(tok, len(phrase)))
            last = words[-1]
            source = next((c for c in last.children if c.dep_ == "pobj"), None)
            clause = _clause_head(tok)
            if source is None or clause is None:
                return None
            inner = {t.i for t in tok.subtree} | {t.i for w in words for t in w.subtree}
            content = _edges(t for t in clause.subtree if t.i not in inner)
            return _claim(tok, last, source, content, "source_phrase")
        return None


def _labelled_lines(doc: Doc, not_speakers: frozenset[str]) -> Iterator[Claim]:
    """Headline style "Pence: Flowers Won't Be at Debate": a name, a colon, what the named one said."""
    text = doc.text
    for m in _LABEL_LINE.finditer(text):
        if m.group(1).lower() in not_speakers:
            continue
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        colon = doc.char_span(m.start(2), m.start(2) + 1, alignment_mode="expand")
        if name is None or colon is None or not len(name) or not len(colon):
            continue
        if not all(t.text[:1].isupper() or t.is_punct for t in name) or name.root.pos_ not in ("PROPN", "NOUN"):
            continue
        end = m.end(3)
        while end > m.start(3) and text[end - 1] in ". ":
            end -= 1
        yield Claim(m.start(3), end, colon[0].idx, colon[0].idx + 1, colon[0], name.root, "label")


def _without_gloss(obj: Token) -> list[Token]:
    """The object without a trailing apposition set off by a comma: in "criticized the hasty
    interventions, a reference to U.S. strikes" the gloss is the writer's, not the speaker's."""
    gloss = {t.i for c in obj.rights if c.dep_ == "appos" and obj.doc[c.left_edge.i - 1].text == ","
             for t in c.subtree}
    return [t for t in obj.subtree if t.i not in gloss]


def _complement_phrase(verb: Token, obj: Token | None, preps: tuple[str, ...]) -> Token | None:
    """A preposition phrase of the verb right after its object ("... Y as Z")."""
    if obj is None:
        return None
    return next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in preps and c.i > obj.i), None)


def _following(tok: Token, n: int) -> Iterator[Token]:
    doc = tok.doc
    for i in range(tok.i, min(tok.i + n, len(doc))):
        yield doc[i]


def _clause_head(tok: Token) -> Token | None:
    """The verb of the clause a phrase modifies ("according to X" hangs on it)."""
    cur = tok.head
    for _ in range(6):
        if cur.pos_ in _VERBAL and cur.i != tok.i:
            return cur
        if cur.head.i == cur.i:
            return cur if cur.i != tok.i else None
        cur = cur.head
    return None
