"""The event lexicon (knowledge/events.yaml) and the CAMEO table (knowledge/cameo.tsv).

Both are data; this module only reads them into small frozen records and
answers "which entries fire for this word?" quickly.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE = "eventwire.knowledge"
# libyaml's parser where it is installed: the same documents, parsed five times faster (a
# tenth of a second of every cold start, for events.yaml).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class CameoCode:
    code: str
    label: str
    root: str
    quad_class: int | None
    goldstein: float | None
    plover_type: str | None
    plover_mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True)
class Refinement:
    cues: frozenset[str]
    cameo: str
    mode: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class LexEntry:
    lemma: str  # head lemma (last word)
    modifier: str | None  # first word of a two-word noun ("air" in "air strike")
    pos: str  # verb | noun
    prep: str | None
    cameo: str
    type: str | None
    mode: str | None
    contexts: tuple[str, ...] | None
    recipient: str  # dobj | prep:WORD | none | auto
    actor: str  # auto | self (a noun that names the actors: "protesters")
    requires: frozenset[str]
    refine: tuple[Refinement, ...]
    light: bool


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[LexEntry, ...]
    by_lemma: dict[tuple[str, str], tuple[LexEntry, ...]]
    cameo: dict[str, CameoCode]

    def candidates(self, lemma: str, pos: str) -> tuple[LexEntry, ...]:
        return self.by_lemma.get((lemma.lower(), pos), ())

    def code(self, code: str) -> CameoCode | None:
        """The code's row, or its nearest ancestor's (0241 -> 024 -> 02)."""
        for n in range(len(code), 1, -1):
            row = self.cameo.get(code[:n])
            if row is not None:
                return row
        return None


def _parse_entry(raw: dict[str, Any]) -> LexEntry:
    words = str(raw["lemma"]).lower().split()
    pos = str(raw.get("pos", "verb"))
    refine = tuple(
        Refinement(
            cues=frozenset(str(c).lower() for c in r.get("cue", [])),
            cameo=str(r["cameo"]),
            mode=r.get("mode"),
            type=r.get("type"),
        )
        for r in raw.get("refine", []) or []
    )
    contexts = raw.get("contexts")
    return LexEntry(
        lemma=words[-1],
        modifier=words[0] if len(words) > 1 else None,
        pos=pos,
        prep=str(raw["prep"]).lower() if raw.get("prep") is not None else None,
        cameo=str(raw["cameo"]),
        type=raw.get("type"),
        mode=raw.get("mode"),
        contexts=tuple(contexts) if isinstance(contexts, list) else None,
        recipient=str(raw.get("recipient", "dobj" if pos == "verb" else "auto")),
        actor=str(raw.get("actor", "auto")),
        requires=frozenset(str(w).lower() for w in raw.get("requires", []) or []),
        refine=refine,
        light=bool(raw.get("light", False)),
    )


def _read_cameo(text: str) -> dict[str, CameoCode]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table: dict[str, CameoCode] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[row["code"]] = CameoCode(
            code=row["code"],
            label=row["label"],
            root=row["root"],
            quad_class=int(row["quad_class"]) if row["quad_class"] else None,
            goldstein=float(row["goldstein"]) if row["goldstein"] else None,
            plover_type=row["plover_type"] or None,
            plover_mode=row["plover_mode"] or None,
            contexts=tuple(c.strip() for c in row["plover_context"].split(";") if c.strip()),
        )
    return table


def _knowledge_text(name: str) -> str:
    return resources.files(KNOWLEDGE).joinpath(name).read_text(encoding="utf-8")


def build_lexicon(lexicon_texts: list[str], cameo_text: str) -> Lexicon:
    """Entries from later texts come after earlier ones, so user files add to the shipped set."""
    entries: list[LexEntry] = []
    for text in lexicon_texts:
        doc = yaml.load(text, Loader=_Loader) or {}
        entries.extend(_parse_entry(e) for e in doc.get("entries", []))
    index: dict[tuple[str, str], list[LexEntry]] = defaultdict(list)
    for e in entries:
        index[(e.lemma, e.pos)].append(e)
    return Lexicon(
        entries=tuple(entries),
        by_lemma={k: tuple(v) for k, v in index.items()},
        cameo=_read_cameo(cameo_text),
    )


@lru_cache(maxsize=4)
def load_lexicon(extra: tuple[Path, ...] = (), shipped: bool = True) -> Lexicon:
    """The shipped lexicon plus any user lexicon files, loaded once per process.

    `shipped=False` leaves the shipped entries out, so a complete lexicon of another coder
    (an imported PETRARCH verb dictionary, for a peer comparison) is the only one in use.
    """
    texts = ([_knowledge_text("events.yaml")] if shipped else []) + [p.read_text(encoding="utf-8") for p in extra]
    return build_lexicon(texts, _knowledge_text("cameo.tsv"))
