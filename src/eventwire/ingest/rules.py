"""Cleaning rules: the data file `knowledge/cleaning.yaml` compiled to patterns.

The patterns are data so that users can read and extend them; this module only
turns the lists into regular expressions. Extra files given by the user are
merged into the shipped one (lists are concatenated), never replace it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "cleaning.yaml"

# One word of a photographer's name: capitalised, may hold hyphens, dots and
# apostrophes ("Al-Marjani", "O'Neil", "J.").
_NAME_WORD = r"[A-Z][\w.'’-]*"
# Particles that sit lowercase inside Arabic, Dutch, Spanish... names.
_NAME_PARTICLE = r"(?:al|el|bin|ibn|de|da|del|di|van|von|der|den|la|le|du|dos)"
_NAME = rf"(?:(?:{_NAME_WORD}|{_NAME_PARTICLE})\s+){{0,4}}{_NAME_WORD}"
_CLOSE = r"\s*[)\]]?\s*\.?\s*$"
# How far from the end of a line a credit may start.
_TAIL = 200


@dataclass(frozen=True)
class CleaningRules:
    """Compiled line patterns; build with `load_rules`."""

    link: re.Pattern[str]
    link_max_words: int
    caption_start: re.Pattern[str]
    slash_credit: re.Pattern[str]
    bracket_credit: re.Pattern[str]
    suffix_credit: re.Pattern[str]
    suffix_window: int
    caption_max_words: int
    label_max_words: int

    def is_link(self, line: str) -> bool:
        return len(line.split()) <= self.link_max_words and bool(self.link.search(line))

    def is_caption(self, line: str) -> bool:
        if len(line.split()) > self.caption_max_words:
            return False
        if self.caption_start.match(line):
            return True
        # Credits sit at the end of the line. Searching only the tail, and only
        # when a cheap test says a credit could be there, makes a story
        # paragraph cost a few string tests instead of a scan per position.
        tail = max(0, len(line) - _TAIL)
        if "/" in line[tail:] and self.slash_credit.search(line, tail):
            return True
        if line.rstrip(" .").endswith((")", "]")) and self.bracket_credit.search(line, tail):
            return True
        return bool(self.suffix_credit.search(line, max(0, len(line) - self.suffix_window)))


def _alternation(items: Iterable[str]) -> str:
    # Longest first so that "Getty Images" wins over "Getty".
    unique = sorted({item.strip() for item in items if item and item.strip()}, key=len, reverse=True)
    if not unique:
        return r"(?!)"  # matches nothing: an empty list switches the rule off
    return "(?:" + "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in unique) + ")"


def _strings(data: dict[str, Any], section: str, key: str) -> list[str]:
    value = data.get(section, {}).get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"cleaning rules: {section}.{key} must be a list of strings")
    return value


def _merge(datas: Sequence[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for data in datas:
        for section, entries in data.items():
            if not isinstance(entries, dict):
                raise ValueError(f"cleaning rules: section {section!r} must be a mapping")
            target = merged.setdefault(section, {})
            for key, value in entries.items():
                if isinstance(value, list):
                    target[key] = [*target.get(key, []), *value]
                else:  # numbers: the last file wins
                    target[key] = value
    return merged


def compile_rules(data: dict[str, Any]) -> CleaningRules:
    """Turn the YAML mapping into patterns."""
    prefixes = _alternation(_strings(data, "links", "prefixes"))
    starts = _alternation(_strings(data, "links", "starts"))
    whole = _alternation(_strings(data, "links", "whole_lines"))
    # A separator after a link prefix; dashes need spaces so "Watch-list ..." is a word.
    sep = r"(?:\s*[:|>»]|\s+[-–—]+(?:\s|$)|\s*$)"
    link = re.compile(rf"^(?i:{prefixes}){sep}|^(?i:{starts})\b|^(?i:{whole})\s*\.?$")

    agencies = _alternation(_strings(data, "credits", "agencies"))
    agency_first = _alternation(_strings(data, "credits", "agency_first"))
    markers = _alternation(_strings(data, "captions", "markers"))
    suffix_list = _strings(data, "credits", "suffixes")
    suffixes = _alternation(suffix_list)
    # "Photo: ...", "FILE PHOTO: ..."
    caption_start = re.compile(rf"(?i:{markers})\s*:")
    slash_credit = re.compile(
        # "... Alaa Al-Marjani/Reuters", "(Photo by John Moore/Getty Images)"
        rf"{_NAME}\s*/\s*(?i:{agencies}){_CLOSE}"
        # "REUTERS/Alaa Al-Marjani", "(AP Photo/Hadi Mizban)": agency case-sensitive
        rf"|(?<![\w/]){agency_first}\s*/\s*{_NAME}(?:\s*/\s*(?i:{agencies}))?{_CLOSE}"
    )
    # "... (Photo: Jane Roe)", "... (Image by Jane Roe)"
    bracket_credit = re.compile(rf"[(\[](?i:{markers})\b[^()\[\]]*[)\]]\s*\.?\s*$")
    # "... Getty Images": no full stop allowed after a bare suffix, since
    # "... sold to Getty Images." is prose.
    suffix_credit = re.compile(rf"(?:^|[\s(\[.,;–—-])(?i:{suffixes})\s*[)\]]?\s*$")

    return CleaningRules(
        link=link,
        link_max_words=int(data.get("links", {}).get("max_words", 40)),
        caption_start=caption_start,
        slash_credit=slash_credit,
        bracket_credit=bracket_credit,
        suffix_credit=suffix_credit,
        # Lines are normalised to single spaces, so a suffix spans its own length
        # plus a boundary character and a closing bracket or two.
        suffix_window=max((len(x) for x in suffix_list), default=0) + 8,
        caption_max_words=int(data.get("captions", {}).get("max_words", 60)),
        label_max_words=int(data.get("captions", {}).get("label_max_words", 5)),
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"cleaning rules: {path} must hold a mapping")
    return data


@lru_cache(maxsize=8)
def _load_cached(paths: tuple[Path, ...]) -> CleaningRules:
    return compile_rules(_merge([_read_yaml(p) for p in paths]))


def load_rules(extra: Sequence[str | Path] = ()) -> CleaningRules:
    """The shipped rules, extended by the user's files (lists are merged)."""
    paths = (DEFAULT_RULES_PATH, *(Path(p).resolve() for p in extra))
    return _load_cached(paths)
