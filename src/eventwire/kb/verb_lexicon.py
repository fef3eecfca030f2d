"""PETRARCH verb blocks as eventwire lexicon entries (the shape of knowledge/events.yaml).

What carries over:

* a verb and its code -> ``{lemma, cameo}``; a particle of a multi-word verb
  (BREAK_DOWN) -> ``prep``; a word before it (WIRE_+TAP) -> a two-word lemma;
* a pattern -> one entry per pattern, in file order (PETRARCH tries them in order):
  a particle or preposition right after the verb becomes ``prep`` (with
  ``recipient: prep:X`` when the target is its object), and up to two of the
  pattern's other words or synsets become cues: the first as ``requires``, the
  second as a ``refine`` cue that carries the code. The base ``cameo`` of a
  two-cue entry is the null code, which has no PLOVER type, so the entry fires
  only when both cues are there and the next entry is tried otherwise;
* a headword that is an inflected form (SAID, LEFT) whose lemma another block
  also claims (LEAVE) -> ``requires`` its own surface form;
* the PETRARCH code stays the entry's ``cameo`` (the first half of a paired code
  ``032:033``; ``raw_code`` keeps the whole); the PLOVER type comes from
  knowledge/cameo.tsv through the code or its root, else from the block's
  code, else `default_type` (test codes such as 901 have no CAMEO root).

What does not (reported as skipped or only approximated; see docs/kb.md):
word order and adjacency ("_"), more than two cue groups per pattern (the two
rarest within the block are kept), source or target slots other than the
object of the verb or its preposition ("$" after FROM), "%" compound actors
(kept as ``reciprocal: true`` for peers), "^" skips, null-coded patterns that
only block a match, and the reverse half of a paired code (``raw_code``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eventwire.kb.verbs import (
    COMPOUND,
    NULL_CODE,
    SKIP,
    SLOTS,
    SOURCE,
    TARGET,
    Pattern,
    Verb,
    VerbBlock,
    VerbDictionary,
)

# Words after the verb that eventwire can require as a particle or preposition.
PARTICLES = frozenset({"on", "upon", "for", "with", "to", "against", "at", "from", "about", "into", "over", "in",
                       "toward", "towards", "out", "down", "up", "off", "back", "away", "through", "between",
                       "by", "of", "near"})
ADVERBIAL = frozenset({"out", "down", "up", "off", "back", "away"})
ARTICLES = frozenset({"the", "a", "an"})
WEAK = frozenset({"to", "of", "its", "their", "his", "her", "and", "or", "that", "which", "as", "it"}) | PARTICLES
AUXILIARIES = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must", "has", "have",
                         "had", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "wo", "ca"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
MAX_CUES = 2  # requires + one refine cue: all eventwire's entry shape can AND together
# Synsets with more phrases keep one word each: an entry per phrase, per pattern and per verb of
# the block made CAMEO.2.0 five times the entries it needs (80,000 instead of 44,000).
MAX_PHRASES = 6
COMPLEX_CODE = "+++"  # TABARI's "code this as a complex event", which PETRARCH never implemented

Lemmatize = Callable[[str, str], str]  # (word, "VERB" | "NOUN") -> lemma
Known = Callable[[str], bool]  # is this word a verb lemma the lemmatizer knows?


@dataclass(frozen=True)
class Cue:
    """One word or synset of a pattern: the lemmas any of which satisfies it."""

    key: str  # the word, or "&LABEL"
    words: frozenset[str]
    strength: int  # 0 content, 1 negation, 2 auxiliary, 3 weak: ties between equally rare cues
    distance: int  # words from the verb
    phrases: tuple[tuple[frozenset[str], ...], ...] = ()  # a synset's members, up to two word groups each


@dataclass
class Conversion:
    entries: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    approximated: set[int] = field(default_factory=set)  # lines of patterns that lost cues, order or slots


def spacy_lemmatizer() -> tuple[Lemmatize, Known]:
    """eventwire's own lemmatizer, so entries use the lemmas the pipeline will compare them with,
    and its index of known verb lemmas."""
    from spacy.tokens import Doc

    from eventwire.nlp import load_pipeline

    nlp = load_pipeline()
    pipe: Any = nlp.get_pipe("lemmatizer")
    verbs = frozenset(pipe.lookups.get_table("lemma_index").get("verb", ())) if pipe.lookups.has_table(
        "lemma_index") else frozenset()
    cache: dict[tuple[str, str], str] = {}

    def lemma(word: str, pos: str) -> str:
        key = (word, pos)
        if key not in cache:
            doc = Doc(nlp.vocab, words=[word])
            doc[0].pos_ = pos
            cache[key] = (pipe.rule_lemmatize(doc[0]) or [word])[0].lower()
        return cache[key]

    return lemma, verbs.__contains__


def verb_lemmas(word: str, lemmatize: Lemmatize, known: Known) -> list[str]:
    """The lemmas the pipeline will give a dictionary headword's forms: base form, inflected form or stem.

    A verb the lemmatizer knows is a base form (WOUND stays wound, not "wind"); an inflected
    headword has another lemma (SAID -> say); anything else is a stem or a word the
    lemmatizer does not know, whose regular forms PETRARCH builds and the pipeline will
    lemmatize like its past tense (EXCHANG -> "exchanged" -> exchange), so the entry goes
    under that lemma and, for the bare word, under the word itself.
    """
    if known(word):
        return [word]
    own = lemmatize(word, "VERB")
    if own != word:
        return [own]
    regular = lemmatize(word + ("d" if word.endswith("e") else "ed"), "VERB")
    return list(dict.fromkeys([regular, word]))


def _variants(word: str, lemmatize: Lemmatize) -> frozenset[str]:
    """A cue word and its lemmas: context tokens left of a trigger are compared by lemma only."""
    out = {word, lemmatize(word, "NOUN"), lemmatize(word, "VERB")}
    if word == "n't":
        out.add("not")
    return frozenset(w for w in out if w)


def _key_word(phrase: tuple[str, ...]) -> str:
    """One word for a consecutive phrase: its last content word ("total boycott" -> boycott)."""
    content = [w for w in phrase if w not in ARTICLES | WEAK | AUXILIARIES]
    return (content or list(phrase))[-1]


def _strength(words: frozenset[str]) -> int:
    """How much a cue says, from its dictionary words: content 0, negation 1, auxiliary 2, weak 3."""
    if words & NEGATIONS:
        return 1
    if words <= AUXILIARIES:
        return 2
    if words <= WEAK:
        return 3
    return 0


class _Converter:
    def __init__(self, dictionary: VerbDictionary, type_of: Callable[[str], str | None],
                 lemmatize: Lemmatize, known: Known, default_type: str | None, fixed_type: str | None) -> None:
        self.d = dictionary
        self.type_of = type_of
        self.lemmatize = lemmatize
        self.known = known
        self.default_type = default_type
        self.fixed_type = fixed_type
        self.out = Conversion()

    # ------------------------------------------------------------ cues

    def cues(self, pattern: Pattern, tokens: tuple[str, ...], side: str) -> list[Cue] | None:
        """The cue groups of one side of a pattern; None when a synset is undefined (PETRARCH skips it)."""
        out: list[Cue] = []
        for dist, tok in enumerate(tokens if side == "upper" else tuple(reversed(tokens))):
            if tok in SLOTS or tok in ARTICLES:
                continue
            if tok.startswith("&"):
                label = tok[1:].rstrip("_").upper()
                members = self.d.synsets.get(label)
                if members is None:
                    self.out.skipped.append(f"line {pattern.line}: synset &{label} is not defined")
                    return None
                keys = frozenset(_key_word(m) for m in members if m)
                words: frozenset[str] = frozenset().union(*(_variants(k, self.lemmatize) for k in keys))
                phrases = tuple(tuple(_variants(w, self.lemmatize) for w in _two_words(m)) for m in members if m)
                out.append(Cue("&" + label, words, _strength(keys), dist, phrases))
            else:
                words = _variants(tok, self.lemmatize)
                out.append(Cue(tok, words, _strength(frozenset({tok})), dist))
        return out

    # ------------------------------------------------------------ entries

    def coding(self, code: str, block_code: str) -> dict[str, Any] | None:
        """cameo/raw_code/type of a PETRARCH code, or None when it has no usable type."""
        first = code.split(":", 1)[0].strip().rstrip("?")
        out: dict[str, Any] = {"cameo": first}
        if first != code:
            out["raw_code"] = code
        if self.fixed_type is not None:
            out["type"] = self.fixed_type
        elif self.type_of(first) is None:
            fallback = self.type_of(block_code.split(":", 1)[0].rstrip("?")) or self.default_type
            if fallback is None:
                return None
            out["type"] = fallback
        return out

    def frame(self, pattern: Pattern, verb: Verb) -> tuple[str | None, str | None, tuple[str, ...]]:
        """(prep, recipient rule, upper tokens left for cues) of a pattern on this verb."""
        upper = pattern.upper
        # "* TALKS AT ^ WITH +": the target is the object of a later preposition of the verb.
        later = next((f"prep:{upper[i - 1]}" for i in range(1, len(upper))
                      if upper[i] in (TARGET, COMPOUND) and upper[i - 1] in PARTICLES - ADVERBIAL), None)
        if verb.after or not upper or upper[0] not in PARTICLES:
            return None, later, upper
        word, rest = upper[0], upper[1:]
        nxt = rest[0] if rest else None
        if word in ADVERBIAL:
            return word, later, rest
        if nxt is None or nxt in (TARGET, COMPOUND):
            return word, f"prep:{word}", rest  # "called on", "agree with %": its object is the target
        if word in ("to", "of"):
            return None, later, upper  # "ask to reconsider": an infinitive or a noun complement, not a frame
        # "called for a ceasefire" (content, a cue below), "freed from $" (the source: not expressible)
        return word, later, rest

    def base(self, block: VerbBlock, verb: Verb, lemma: str) -> dict[str, Any]:
        words = [*verb.before[-1:], lemma]  # eventwire lemmas take one leading word ("wire tap")
        entry: dict[str, Any] = {"lemma": " ".join(words)}
        if verb.after:
            entry["prep"] = verb.after[0]
        return entry

    def block_entries(self, block: VerbBlock, verb: Verb, lemma: str, form: frozenset[str] | None
                      ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        budget = MAX_CUES - (1 if form else 0) - (1 if len(verb.after) > 1 else 0)
        sides = [(p, self.cues(p, p.lower, "lower")) for p in block.patterns]
        parsed: list[tuple[Pattern, str | None, str | None, list[Cue]]] = []
        for pattern, lower in sides:
            prep, recipient, upper_tokens = self.frame(pattern, verb)
            upper = self.cues(pattern, upper_tokens, "upper")
            if lower is None or upper is None:
                continue
            parsed.append((pattern, prep, recipient, lower + upper))
        rarity = Counter(c.key for _, _, _, cues in parsed for c in {c.key: c for c in cues}.values())
        for pattern, prep, recipient, cues in parsed:
            if pattern.code.strip() == NULL_CODE:
                self.out.skipped.append(f"line {pattern.line}: null-coded pattern only blocks a match")
                continue
            if pattern.code.strip() == COMPLEX_CODE:
                self.out.skipped.append(f"line {pattern.line}: [+++] asks for TABARI's complex coding")
                continue
            if pattern.code.strip().startswith(":"):
                self.out.skipped.append(f"line {pattern.line}: [{pattern.code}] codes the target acting on the "
                                        "source; an entry cannot swap the sides")
                continue
            coding = self.coding(pattern.code, block.code)
            if coding is None:
                self.out.skipped.append(f"line {pattern.line}: code {pattern.code} has no PLOVER type")
                continue
            # Content words first, then the rarest within the block: a cue every pattern shares tells none apart.
            ranked = sorted(cues, key=lambda c: (c.strength, rarity[c.key], c.distance))
            chosen = ranked[:max(budget, 0)]
            if len(chosen) < len(cues) or {COMPOUND, SKIP, SOURCE} & set(pattern.lower + pattern.upper):
                self.out.approximated.add(pattern.line)
            entry = self.base(block, verb, lemma)
            if prep is not None:
                entry["prep"] = prep
            if recipient is not None:
                entry["recipient"] = recipient
            fixed = ([form] if form else []) + ([frozenset(verb.after[1:])] if len(verb.after) > 1 else [])
            for groups in _cue_sets(fixed, chosen):
                out.append(_with_cues(entry, groups, coding))
                if COMPOUND in pattern.lower:
                    out[-1]["reciprocal"] = True
        code = verb.code or block.code
        if code.strip() != NULL_CODE:
            coding = self.coding(code, block.code)
            if coding is None:
                self.out.skipped.append(f"line {block.line}: code {code} of {verb.word!r} has no PLOVER type")
            else:
                groups = ([form] if form else []) + ([frozenset(verb.after[1:])] if len(verb.after) > 1 else [])
                out.append(_with_cues(self.base(block, verb, lemma), groups, coding))
        return out

    def run(self) -> Conversion:
        lemmas: list[tuple[VerbBlock, Verb, str, bool]] = []
        for block in self.d.blocks:
            for verb in block.verbs:
                # SAID, LEFT: an inflected headword (a stem such as EXCHANG is not one).
                inflected = not self.known(verb.word) and self.lemmatize(verb.word, "VERB") != verb.word
                lemmas += [(block, verb, lemma, inflected)
                           for lemma in verb_lemmas(verb.word, self.lemmatize, self.known)]
        claims: dict[str, int] = Counter(lemma for _, _, lemma, _ in lemmas)
        # Restricted (surface-form) blocks of a lemma first, so LEFT is tried before LEAVE.
        by_lemma: dict[str, list[dict[str, Any]]] = defaultdict(list)
        order = sorted(range(len(lemmas)), key=lambda i: (not (lemmas[i][3] and claims[lemmas[i][2]] > 1), i))
        for i in order:
            block, verb, lemma, inflected = lemmas[i]
            form = frozenset({verb.word, *verb.forms}) if inflected and claims[lemma] > 1 else None
            for entry in self.block_entries(block, verb, lemma, form):
                if entry not in by_lemma[lemma]:
                    by_lemma[lemma].append(entry)
        seen_lemmas = list(dict.fromkeys(lemma for _, _, lemma, _ in lemmas))
        self.out.entries = [e for lemma in seen_lemmas for e in by_lemma[lemma]]
        self.out.skipped = list(dict.fromkeys(self.out.skipped))  # a block's patterns are read once per verb
        return self.out


def _two_words(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a synset phrase eventwire can require together: its first and last content words."""
    content = [w for w in phrase if w not in ARTICLES | WEAK | AUXILIARIES]
    if len(content) >= 2:
        return (content[0], content[-1])
    return tuple((content or list(phrase))[-1:])


def _cue_sets(fixed: list[frozenset[str]], chosen: list[Cue]) -> list[list[frozenset[str]]]:
    """The cue groups of one pattern's entries: one entry, or, when a slot is free and a synset
    has a few phrases ("TOTAL BOYCOTT"), one entry per phrase requiring both of its words, then
    one for its single words (so "a boycott" is not "a total boycott")."""
    groups = fixed + [c.words for c in chosen]
    synsets = [c for c in chosen if 0 < sum(len(p) > 1 for p in c.phrases) <= MAX_PHRASES]
    if len(groups) >= MAX_CUES or len(synsets) != 1:
        return [groups]
    syn = synsets[0]
    rest = fixed + [c.words for c in chosen if c is not syn]
    out = [rest + list(p) for p in syn.phrases if len(p) > 1]
    singles = frozenset().union(*(p[0] for p in syn.phrases if len(p) == 1))
    if singles:
        out.append([*rest, singles])
    return out


def _with_cues(entry: dict[str, Any], groups: list[frozenset[str]], coding: dict[str, Any]) -> dict[str, Any]:
    """Attach up to two cue groups: the first must be present, the second carries the code."""
    groups = [g for g in groups if g]
    if not groups:
        return {**entry, **coding}
    if len(groups) == 1:
        return {**entry, **coding, "requires": sorted(groups[0])}
    refine = {"cue": sorted(groups[1]), **coding}
    refine.pop("raw_code", None)
    out = {**entry, "cameo": NULL_CODE, "requires": sorted(groups[0]), "refine": [refine]}
    if "raw_code" in coding:
        out["raw_code"] = coding["raw_code"]
    return out


def convert(dictionary: VerbDictionary, type_of: Callable[[str], str | None],
            lemmatizer: tuple[Lemmatize, Known] | None = None, default_type: str | None = None,
            fixed_type: str | None = None) -> Conversion:
    """Lexicon entries for every block of `dictionary`, with what was skipped.

    `default_type` types codes that have none in CAMEO (test codes); `fixed_type` types every
    entry alike, for dictionaries whose codes are not CAMEO at all (the WEIS-era validation
    verbs, where 023 is a comment, not CAMEO's appeal for aid).
    """
    lemmatize, known = lemmatizer or spacy_lemmatizer()
    return _Converter(dictionary, type_of, lemmatize, known, default_type, fixed_type).run()
