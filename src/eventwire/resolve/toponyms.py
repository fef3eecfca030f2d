"""Finding place names in a parsed document (resolving them is `places.py`'s job).

The small English model misses or mislabels many places: it tags "Tamil Nadu" or
"Gainesville" a person, "EU" an organisation, and a town it does not know nothing at
all. So the NER is a first source, not the only one:

- GPE/LOC/FAC entities the gazetteer knows are *strong* mentions;
- a name right after a locative ("in Kufa") or inside a place entity the gazetteer
  does not know as a whole ("Northeast Texas") is *cued*;
- a PERSON entity that is exactly a gazetteer name, and capitalised gazetteer names
  anywhere else (inside "Gainesville Public Utilities", a dateline's "PARIS") are
  *weak*: `places.py` keeps them only when the document supports them.

`relabel_places` also corrects the tagger itself where a PERSON span stands where
places stand ("the town of Khan Sheikhoun"), so that entities and actors see a place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from eventwire.resolve.gazetteer import DATA_DIR, Entry, Gazetteer, Match, load_gazetteer, name_key
from eventwire.token_columns import token_columns

# Nouns that name a kind of place: "the town of X", "X province".
PLACE_NOUNS = {"town", "city", "village", "province", "district", "region", "governorate", "state",
               "county", "capital", "port", "camp", "area", "suburb", "neighbourhood", "neighborhood",
               "municipality", "island", "valley", "border", "outskirts"}
LOCATIVE_PREPS = {"in", "near", "at", "outside", "from", "into", "around", "across", "toward", "towards"}

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DEMONYM_LABELS = frozenset({"NORP"})
PERSON_LABELS = frozenset({"PERSON"})
# Entities whose words are never places: numbers, dates, amounts.
# (MONEY is scanned: "59 billion US dollars" names the United States.)
NOT_SCANNED = frozenset({"DATE", "TIME", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# A word of a personal name that is also a place this large still names the place elsewhere
# ("Seattle" of a mis-tagged "Seattle Seahawks" does not make "Seattle police" a person).
PERSON_WORD_MAX_POPULATION = 100_000
MAX_SCAN_TOKENS = 4

STRONG, CUED, WEAK = 2, 1, 0
# Kinds a two-letter name may mean: "US", "EU", "UK" are curated aliases; a two-letter
# town ("Us", France) would turn every capitalised pronoun into a place.
SHORT_NAME_KINDS = frozenset({"country", "admin1", "region"})


@dataclass(frozen=True)
class Cues:
    designators: dict[str, frozenset[str]]
    locatives: frozenset[str]
    generic: frozenset[str]
    not_places: frozenset[str] = frozenset()  # never a place, even as a place entity ("the West")


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Designator, locative, generic and not-place words from ``cues.tsv`` (data, so users can add words)."""
    designators: dict[str, frozenset[str]] = {}
    locatives: set[str] = set()
    generic: set[str] = set()
    not_places: set[str] = set()
    for line in (DATA_DIR / "cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, cue, *rest = line.split("\t")
        if cue == "designator":
            designators[word] = frozenset(rest[0].split("|")) if rest else frozenset()
        elif cue == "locative":
            locatives.add(word)
        elif cue == "generic":
            generic.add(word)
        elif cue == "not_place":
            not_places.add(word)
    return Cues(designators, frozenset(locatives), frozenset(generic), frozenset(not_places))


@dataclass
class Mention:
    start: int  # character offsets in the doc
    end: int
    text: str  # the name looked up (designator stripped)
    demonym: bool = False
    kinds: frozenset[str] | None = None  # allowed kinds, from a designator
    strength: int = STRONG
    candidates: list[Match] = field(default_factory=list)
    container: list[Entry] = field(default_factory=list)  # places named right after ", "
    near: list[Entry] = field(default_factory=list)  # places named after "near"

    @property
    def weak(self) -> bool:
        return self.strength == WEAK


def _locative(span: Span) -> bool:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.lower_ == "of" and span.start > 1 \
            and doc[span.start - 2].lemma_.lower() in PLACE_NOUNS:
        return True
    if after is not None and after.lemma_.lower() in PLACE_NOUNS:
        return True
    return before is not None and before.lower_ in LOCATIVE_PREPS


def relabel_places(doc: Doc, gazetteer: Gazetteer | None = None) -> Doc:
    """Relabel PERSON spans that are gazetteer places in a locative context as GPE."""
    gaz = gazetteer or load_gazetteer()
    changed = False
    ents = list(doc.ents)
    for i, span in enumerate(ents):
        if span.label_ == "PERSON" and _locative(span) and gaz.lookup(span.text):
            ents[i] = Span(doc, span.start, span.end, label="GPE")
            changed = True
    if changed:
        doc.ents = ents
    return doc


def _strip(span: Span) -> tuple[int, int]:
    """Token range of the name proper: no leading "the", no trailing possessive or dot-less punctuation."""
    start, end = span.start, span.end
    if end - start > 1 and span.doc[start].lower_ == "the":
        start += 1
    if end - start > 1 and span.doc[end - 1].text in ("'s", "’s", "'", "’", "-", "—", "–"):
        end -= 1
    return start, end


def _admin_after(gaz: Gazetteer, doc: Doc, i: int) -> list[Entry]:
    """Countries/divisions named at token i ("California", "Calif.", "New South Wales"),
    unless they are the next item of a list ("Washington, New York and Boston")."""
    for length in (3, 2, 1):
        if i + length > len(doc):
            continue
        words = doc[i : i + length]
        if not words[0].text[:1].isupper():
            continue
        texts = [(words.text, i + length)]
        if i + length < len(doc) and doc[i + length].text == ".":
            texts.append((words.text + ".", i + length + 1))  # "Calif" + "." split by the tokenizer
        for text, after in texts:
            found = [m.entry for m in gaz.lookup(text) if m.entry.kind in ("country", "admin1", "admin2")]
            if found:
                return [] if _listed(doc, after) else found
    return []


def _listed(doc: Doc, i: int) -> bool:
    """Whether token i continues a list of names: "and Boston", ", Boston"."""
    if i >= len(doc):
        return False
    if doc[i].lower_ in ("and", "or", "&"):
        return True
    return doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].text[:1].isupper() \
        and doc[i + 1].ent_type_ in ("GPE", "LOC")


def _near_name(doc: Doc, i: int) -> str:
    for ent in doc.ents:
        if ent.start == i:
            return ent.text
    return doc[i].text


def _add_cues(mention: Mention, doc: Doc, after: int, gaz: Gazetteer) -> None:
    """Containment ("Long Beach, California") and nearness ("Kufa near Najaf") after the name."""
    if after + 1 < len(doc) and doc[after].text == ",":
        mention.container = _admin_after(gaz, doc, after + 1)
    if after + 1 < len(doc) and doc[after].lower_ == "near":
        mention.near = [m.entry for m in gaz.lookup(_near_name(doc, after + 1))]


def _entity_mention(doc: Doc, ent: Span, gaz: Gazetteer, cues: Cues) -> Mention | None:
    """The mention an entity makes, or None when the gazetteer does not know it as a whole."""
    start, end = _strip(ent)
    if start >= end:
        return None
    span = doc[start:end]
    if name_key(span.text) in cues.not_places:
        return None  # "the West": a bloc, not a place, whatever the NER says
    label = ent.label_
    demonym = gaz.demonym(span.text) is not None and label in PLACE_LABELS | DEMONYM_LABELS
    # A nationality the NER found ("Georgian") is as sure a reference as a place name.
    strength = STRONG if label in PLACE_LABELS or (demonym and label in DEMONYM_LABELS) else WEAK
    if label in PERSON_LABELS and start > 0 and doc[start - 1].lower_ in cues.locatives:
        strength = CUED
    mention = Mention(span.start_char, span.end_char, span.text, demonym=demonym, strength=strength)
    last = span[-1].lower_
    if end - start > 1 and last in cues.designators and not gaz.lookup(span.text):
        # "Idlib Province" inside the entity: look up "Idlib", restricted to divisions.
        mention.text, mention.kinds = doc[start : end - 1].text, cues.designators[last]
    elif end < len(doc) and doc[end].lower_ in cues.designators:
        # "Idlib province": the designator becomes part of the mention's span.
        mention.kinds = cues.designators[doc[end].lower_]
        mention.end = doc[end].idx + len(doc[end].text)
        end += 1
    if not demonym:
        mention.candidates = candidates(gaz, mention)
        if not mention.candidates or (label not in PLACE_LABELS and _generic(name_key(span.text), cues)):
            return None
    _add_cues(mention, doc, end, gaz)
    return mention


def _generic(key: str, cues: Cues) -> bool:
    """A common word that is also a town somewhere ("Center", "Union") and nothing more here,
    or a name that is never a place ("the West"); `key` is the name's `name_key`."""
    return key in cues.generic or key in cues.not_places


def _capitalised_word(text: str) -> bool:
    # `str.isalpha` is `Token.is_alpha`
    return text[:1].isupper() and (text.isalpha() or "." in text or "-" in text or "'" in text)


def _scan(doc: Doc, gaz: Gazetteer, blocked: set[int], cued: set[int], cues: Cues) -> Iterable[Mention]:
    """Gazetteer names outside known place entities: "Texas" in "Texas Rangers", a dateline's
    "BEIRUT", towns the NER missed. Longest match first.

    Each token is read once, into plain lists: slicing the Doc at every token for every
    length made this the costliest step of coding an article. A span can only match when
    all its tokens are unblocked and capitalised, so only runs of such tokens are tried.
    """
    text = doc.text
    cols = token_columns(doc)
    words, starts = cols.text, cols.idx
    size = len(words)
    # Tokens a name may start or go on with; most are not, and are skipped at once.
    usable = [i not in blocked and _capitalised_word(word) for i, word in enumerate(words)]
    run = [0] * (size + 1)  # usable tokens in a row from i
    for i in range(size - 1, -1, -1):
        run[i] = run[i + 1] + 1 if usable[i] else 0
    i = 0
    while i < size:
        step = 1
        for n in range(min(MAX_SCAN_TOKENS, run[i]), 0, -1):
            start_char, end_char = starts[i], starts[i + n - 1] + len(words[i + n - 1])
            span_text = text[start_char:end_char]  # == doc[i : i + n].text
            key = name_key(span_text)
            if key in cues.not_places:
                step = n  # "Nord Stream" is no place, so neither is the "Nord" inside it
                break
            if key in cues.generic:
                continue
            if len(key) < 2 or key.isdigit():
                continue
            strength = CUED if i in cued or (i > 0 and cols.lower[i - 1] in cues.locatives) else WEAK
            if strength == WEAK and not all(cols.pos[j] == "PROPN" or words[j].isupper() for j in range(i, i + n)):
                continue  # a capitalised common word ("Reading the report") is no name
            if gaz.demonym(span_text) is not None:
                mention = Mention(start_char, end_char, span_text, demonym=True, strength=strength)
            else:
                mention = Mention(start_char, end_char, span_text, strength=strength)
                mention.candidates = candidates(gaz, mention)
                if len(key) < 3:
                    # Two letters: only an upper-case or dotted curated alias ("US", "U.K.").
                    short_ok = span_text.isupper() or "." in span_text
                    mention.candidates = [m for m in mention.candidates
                                          if short_ok and m.entry.kind in SHORT_NAME_KINDS]
                if not mention.candidates:
                    continue
            _add_cues(mention, doc, i + n, gaz)
            yield mention
            step = n
            break
        i += step


def _person_words(doc: Doc) -> set[str]:
    """Words of the document's full personal names: "Kelly" after "John Kelly" is the man.
    A word the NER also tags a place elsewhere ("Alexandria Police" beside "in Alexandria")
    is left out: the tagger's person there is a mistake."""
    places = {ent.text for ent in doc.ents if ent.label_ in PLACE_LABELS}
    return {t.text for ent in doc.ents if ent.label_ in PERSON_LABELS and len(ent) > 1 for t in ent
            if t.text[:1].isupper() and t.text not in places}


def _big_place(gaz: Gazetteer, word: str) -> bool:
    return any(m.primary and m.entry.population >= PERSON_WORD_MAX_POPULATION for m in gaz.lookup(word))


def collect_mentions(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Place mentions in the doc, with their cues and candidates, in text order."""
    cues = load_cues()
    mentions: list[Mention] = []
    blocked: set[int] = set()
    cued: set[int] = set()
    people = _person_words(doc)
    for ent in doc.ents:
        label = ent.label_
        if label in NOT_SCANNED:
            blocked.update(range(ent.start, ent.end))
            continue
        if label not in PLACE_LABELS | DEMONYM_LABELS | PERSON_LABELS:
            continue  # organisations, events, titles: their words are scanned below
        mention = None if label in PERSON_LABELS and ent.text in people else _entity_mention(doc, ent, gaz, cues)
        if mention is not None:
            mentions.append(mention)
            blocked.update(range(ent.start, ent.end))
        elif label in PERSON_LABELS:
            blocked.update(range(ent.start, ent.end))  # "Jordan Henderson" names no place
        elif label in PLACE_LABELS:
            cued.update(range(ent.start, ent.end))  # "Northeast Texas": a place is in there
    words = token_columns(doc).text
    blocked.update(i for i, word in enumerate(words) if word in people and i not in cued
                   and not _big_place(gaz, word))
    mentions.extend(_scan(doc, gaz, blocked, cued, cues))
    return sorted(mentions, key=lambda m: m.start)


def contains(outer: Entry, inner: Entry) -> bool:
    """Whether a country or division contains a place."""
    if outer.kind == "country":
        return inner.country == outer.code and inner.kind != "country"
    if outer.kind == "admin1":
        return inner.admin1 == outer.geonames_id
    if outer.kind == "admin2":
        return inner.admin2 == outer.geonames_id
    return False


MAX_CANDIDATES = 300


def candidates(gaz: Gazetteer, mention: Mention) -> list[Match]:
    """Gazetteer places the mention may mean, before context."""
    matches = gaz.lookup(mention.text)
    if mention.kinds is not None:
        matches = [m for m in matches if m.entry.kind in mention.kinds]
    if mention.strength != STRONG:
        # Alternate names of towns are too noisy ("The", "Act") to trust without the NER.
        matches = [m for m in matches if m.primary or m.entry.kind in ("country", "admin1", "region")]
    if len(matches) > MAX_CANDIDATES:
        matches = sorted(matches, key=lambda m: -m.entry.population)[:MAX_CANDIDATES]
    return matches
