"""Who a quotation belongs to when the parse does not say: its surroundings.

A direct quote's attribution sits next to it in a few fixed shapes:

- after it, in the same sentence: `"...," he said` / `"...," said X`;
- after a dash: `"..." ― Sonya Herridge`, `"..." -- Commissioner X`;
- before it, led in by a colon: `X said: "..."`, `From the ministry: "..."`,
  or a paragraph ending in a colon and the quote in the next one;
- before it in the same sentence: `X said "..."`;
- inside it, in transcripts: `"WALLACE: Let's start ..."`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from eventwire.extract.attribution import subject_of
from eventwire.extract.quote_lexicon import QuoteLexicon
from eventwire.extract.quote_marks import QuoteSpan
from eventwire.sentences import sentence_of

_DASHES = ("―", "—", "–", "--", "-")
_WINDOW = 90  # characters around a quote searched for its attribution
_SPEAKER_LABEL = re.compile(r"\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s*:\s+")
_SENTENCE_END = {".", "?", "!"}
_NOT_SPEAKERS = ("DATE", "TIME", "CARDINAL", "ORDINAL")
_NAME_POS = ("PROPN", "NOUN", "PRON", "DET", "ADJ")  # '"...?" Sen. David Vitter demanded'
_MAX_WORDS_BEFORE_CUE = 8  # '"...," Tulsa police Chief Chuck Jordan said'


@dataclass(frozen=True)
class Nearby:
    """An attribution found beside a quotation."""

    cue_start: int
    cue_end: int
    cue: Token
    source: Token | None
    content_start: int  # the content may lose a leading "NAME:" label
    frame: str  # after | dash | colon | before | label


class TokenIndex:
    """Tokens by character offset."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = doc.to_array(IDX).tolist()  # each token's idx, without a Token per word

    def between(self, start: int, end: int) -> list[Token]:
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end)
        return [self.doc[i] for i in range(lo, hi)]

    def at(self, char: int) -> Token | None:
        i = bisect_left(self.starts, char + 1) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right == -1 else right


def _is_cue_verb(tok: Token, lex: QuoteLexicon) -> bool:
    return tok.pos_ in ("VERB", "AUX") and lex.attributes_quotation(tok.lemma_)


def speaker_near_verb(verb: Token, start: int, end: int) -> Token | None:
    """The speaker of a cue verb next to a quotation [start, end): its subject when that stands
    outside the quotation, else the name between quotation and verb ('"...," Chief Jordan said')
    or right after the verb ('"...," said engineer Tomas Berg'), which parsers often leave loose."""
    subj = subject_of(verb)
    if subj is not None and not start <= subj.idx < end:
        return subj
    between = [t for t in verb.doc[sentence_of(verb).start:verb.i] if t.idx >= end and _may_speak(t)]
    if between:
        return between[-1]
    after: list[Token] = []
    for tok in verb.doc[verb.i + 1:sentence_of(verb).end]:
        if tok.is_punct or (after and not _may_speak(tok)):
            break
        if _may_speak(tok):
            after.append(tok)
    names = [t for t in after if t.pos_ == "PROPN"]
    return names[-1] if names else after[0] if after else None


def _may_speak(tok: Token) -> bool:
    return tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.ent_type_ not in _NOT_SPEAKERS


def _name_after(tokens: list[Token]) -> Token | None:
    """The head of the name right after a dash: the last token of a run of proper nouns."""
    run: list[Token] = []
    for tok in tokens:
        if tok.is_space:
            if run:
                break
            continue
        if (tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ", "X")) or (run and tok.text in (".", "-")):
            run.append(tok)
            continue
        break
    named = [t for t in run if t.text[:1].isupper()]
    return named[-1] if named else None


class DirectAttributor:
    """Finds the attribution beside one quotation span."""

    def __init__(self, doc: Doc, lexicon: QuoteLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon
        self.index = TokenIndex(doc)

    def attribute(self, span: QuoteSpan, prev_end: int, next_start: int) -> Nearby | None:
        """`prev_end`/`next_start`: where the neighbouring quotes end and start (the search stops there)."""
        return (self._label(span) or self._dash(span, next_start) or self._after(span, next_start)
                or self._colon(span, prev_end) or self._before(span, prev_end))

    def _closing_end(self, span: QuoteSpan) -> int:
        """Just past the closing mark (and the punctuation the quote ended with)."""
        end = span.end
        while end < len(self.text) and self.text[end] in "\"”»'’":
            end += 1
        return end

    def _label(self, span: QuoteSpan) -> Nearby | None:
        m = _SPEAKER_LABEL.match(self.text, span.start, span.end)
        if m is None or len(self.text[m.end():span.end].split()) < 2:
            return None
        if m.group(1).lower() in self.lex.not_speaker_labels:
            return None
        name = self.index.between(m.start(1), m.end(1))
        colon = self.index.at(self.text.index(":", m.end(1)))
        if not name or colon is None or colon.text != ":" or not all(t.text[:1].isupper() or t.is_punct for t in name):
            return None
        return Nearby(colon.idx, colon.idx + 1, colon, name[-1], m.end(), "label")

    def _dash(self, span: QuoteSpan, next_start: int) -> Nearby | None:
        after = self._closing_end(span)
        rest = self.text[after:min(next_start, after + _WINDOW)]
        stripped = rest.lstrip(" \t")
        dash = next((d for d in _DASHES if stripped.startswith(d)), None)
        if dash is None or (dash == "-" and stripped == rest):
            return None  # '"pro"-Trump' is a compound word, not an attribution
        dash_at = after + len(rest) - len(stripped)
        tokens = self.index.between(dash_at + len(dash), min(next_start, after + _WINDOW))
        cue = self.index.at(dash_at)
        name = _name_after(tokens)
        if name is None or cue is None:
            return None
        return Nearby(dash_at, dash_at + len(dash), cue, name, span.start, "dash")

    def _after(self, span: QuoteSpan, next_start: int) -> Nearby | None:
        after = self._closing_end(span)
        _, para_end = _paragraph_bounds(self.text, span.start, after)
        # A quotation closed by a full stop is its own sentence: what follows is not its
        # attribution, unless it goes on in lower case ("...?" he asked) or with the verb.
        closed = self.text[span.start:span.end].rstrip().endswith((".", "?", "!", "…"))
        words = 0
        for tok in self.index.between(after, min(next_start, para_end, after + _WINDOW)):
            if (tok.text in _SENTENCE_END and words) or words > _MAX_WORDS_BEFORE_CUE:
                return None
            if _is_cue_verb(tok, self.lex):
                return Nearby(tok.idx, tok.idx + len(tok.text), tok, speaker_near_verb(tok, span.start, span.end),
                              span.start, "after")
            if not tok.is_punct:
                if closed and tok.pos_ not in _NAME_POS:
                    return None
                words += 1
        return None

    def _colon(self, span: QuoteSpan, prev_end: int) -> Nearby | None:
        """`X said: "..."`, `From the ministry: "..."`, or a lead-in paragraph ending in a colon."""
        before = self.text[max(prev_end, 0):span.start].rstrip("\"“„«'` \t\n")
        if not before.endswith(":"):
            return None
        colon = self.index.at(max(prev_end, 0) + len(before) - 1)
        if colon is None or colon.text != ":":
            return None
        lead = [t for t in sentence_of(colon) if t.i < colon.i]
        verb = next((t for t in reversed(lead) if _is_cue_verb(t, self.lex)), None)
        if verb is not None:
            return Nearby(verb.idx, verb.idx + len(verb.text), verb, speaker_near_verb(verb, span.start, span.end),
                          span.start, "colon")
        # "Sanders made the following comment:": whoever the lead-in sentence is about.
        root = sentence_of(colon).root
        subj = subject_of(root) if root.pos_ in ("VERB", "AUX") and root.i < colon.i else None
        if subj is not None:
            return Nearby(colon.idx, colon.idx + 1, colon, subj, span.start, "colon")
        nouns = [t for t in lead if t.pos_ in ("PROPN", "NOUN", "PRON")]
        if not nouns or len(lead) > 8:
            return None
        return Nearby(colon.idx, colon.idx + 1, colon, nouns[-1], span.start, "colon")

    def _before(self, span: QuoteSpan, prev_end: int) -> Nearby | None:
        para_start, _ = _paragraph_bounds(self.text, span.start, span.start)
        lo = max(prev_end, para_start, span.start - _WINDOW)
        tokens = self.index.between(lo, span.start)
        for tok in reversed(tokens):
            if tok.text in _SENTENCE_END:
                return None
            if _is_cue_verb(tok, self.lex) and subject_of(tok) is not None:
                return Nearby(tok.idx, tok.idx + len(tok.text), tok, subject_of(tok), span.start, "before")
        return None
