"""The attribution cues of knowledge/quotes.yaml, read into one frozen record."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

FRAMES = ("clause", "object", "naming", "judging", "infinitive", "addressee")


@dataclass(frozen=True)
class QuoteLexicon:
    frames: dict[str, frozenset[str]]  # frame name -> lemmas
    prepositions: dict[str, frozenset[str]]  # lemma -> prepositions that introduce its content
    source_phrases: tuple[tuple[str, ...], ...]  # "according to" as ("according", "to")
    not_content: frozenset[str]
    not_speaker_labels: frozenset[str]
    quotation_verbs: frozenset[str]
    medium_nouns: frozenset[str]
    relay_verbs: frozenset[str]

    def has(self, frame: str, lemma: str) -> bool:
        return lemma.lower() in self.frames.get(frame, frozenset())

    def attributes_quotation(self, lemma: str) -> bool:
        """Can the verb attribute a quotation beside it ('"...," she said', '..., she continued')?"""
        low = lemma.lower()
        return low in self.frames["clause"] or low in self.quotation_verbs

    def is_cue(self, lemma: str) -> bool:
        low = lemma.lower()
        return low in self.prepositions or any(low in words for words in self.frames.values())


def _words(raw: Any) -> list[str]:
    words = list(raw or [])
    if any(isinstance(w, bool) for w in words):
        # YAML reads a bare on/off/yes/no as a boolean: the preposition "on" would become "true".
        raise ValueError(f"quote cue list {words!r} holds a boolean: write words like \"on\" in quotes")
    return [str(w).lower() for w in words]


def build_quote_lexicon(texts: list[str]) -> QuoteLexicon:
    """Later texts add to earlier ones, so a user file extends the shipped cues."""
    frames: dict[str, set[str]] = {f: set() for f in FRAMES}
    preps: dict[str, set[str]] = {}
    phrases: list[tuple[str, ...]] = []
    not_content: set[str] = set()
    labels: set[str] = set()
    quotation_verbs: set[str] = set()
    media: set[str] = set()
    relay: set[str] = set()
    for text in texts:
        doc = yaml.safe_load(text) or {}
        raw_frames = doc.get("frames") or {}
        for frame in FRAMES:
            frames[frame].update(_words(raw_frames.get(frame)))
        for lemma, words in (raw_frames.get("prepositional") or {}).items():
            preps.setdefault(str(lemma).lower(), set()).update(_words(words))
        phrases.extend(tuple(p.split()) for p in _words(doc.get("source_phrases")))
        not_content.update(_words(doc.get("not_content")))
        labels.update(_words(doc.get("not_speaker_labels")))
        quotation_verbs.update(_words(doc.get("quotation_verbs")))
        media.update(_words(doc.get("medium_nouns")))
        relay.update(_words(doc.get("relay_verbs")))
    return QuoteLexicon(
        frames={f: frozenset(w) for f, w in frames.items()},
        prepositions={k: frozenset(v) for k, v in preps.items()},
        source_phrases=tuple(dict.fromkeys(phrases)),
        not_content=frozenset(not_content),
        not_speaker_labels=frozenset(labels),
        quotation_verbs=frozenset(quotation_verbs),
        medium_nouns=frozenset(media),
        relay_verbs=frozenset(relay),
    )


@lru_cache(maxsize=4)
def load_quote_lexicon(extra: tuple[Path, ...] = ()) -> QuoteLexicon:
    """The shipped cues plus any user files, read once per process."""
    shipped = resources.files("eventwire.knowledge").joinpath("quotes.yaml").read_text(encoding="utf-8")
    return build_quote_lexicon([shipped] + [p.read_text(encoding="utf-8") for p in extra])
