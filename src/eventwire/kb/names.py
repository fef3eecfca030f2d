"""Readable names and stable ids for phrases that dictionaries write in capitals."""

from __future__ import annotations

import re
import unicodedata

# Lower-case inside a name ("Haidar al-Abadi", "Islamic State of Iraq and the Levant").
PARTICLES = frozenset({
    "al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ud", "ul", "bin", "ibn", "bint", "de", "del", "della",
    "der", "di", "da", "das", "do", "dos", "du", "la", "le", "van", "von", "y", "of", "the", "and", "for", "in",
    "on", "to", "a", "e", "et", "und",
})
_VOWELS = set("AEIOUYaeiouy")
# Short acronyms that do have vowels, so the rule below would miss them.
_ACRONYMS = frozenset({"AU", "EU", "UN", "US", "UK", "EC", "UAE", "USA", "NGO", "OAU", "OAS", "OIC", "ECOWAS"})


def _word(word: str, first: bool) -> str:
    if "-" in word:
        parts = word.split("-")
        return "-".join(_word(p, first and i == 0) for i, p in enumerate(parts))
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return word
    # Acronyms: dotted ("U.N.") or without a vowel ("NGO" has one, "IMF" has none) stay capitals.
    if "." in word or not (_VOWELS & set(letters)) or word.upper() in _ACRONYMS:
        return word.upper()
    low = word.lower()
    if low in PARTICLES and not first:
        return low
    if "'" in low:  # "ANARCHISTS'" stays one word; "O'BRIEN" is O'Brien
        head, _, tail = low.partition("'")
        return head.capitalize() + "'" + (tail.capitalize() if len(head) == 1 else tail)
    return low.capitalize()


def _unpronounceable(word: str) -> bool:
    """Short words that read as acronyms: up to 3 letters, or 4-5 letters with one vowel ("UNHCR")."""
    letters = [c for c in word if c.isalpha()]
    vowels = sum(c in _VOWELS for c in letters)
    return len(letters) <= 3 or (len(letters) <= 5 and vowels <= 1) or word.upper() in _ACRONYMS


def display_name(phrase: str) -> str:
    """'HAIDAR AL-ABADI' -> 'Haidar al-Abadi'; short single words ('IAEA', 'UNHCR') stay capitals."""
    words = phrase.split()
    if not words:
        return phrase
    if any(c.islower() for c in phrase):
        return phrase  # already written in mixed case: keep it
    if len(words) == 1 and _unpronounceable(words[0]):
        return words[0].upper()
    return " ".join(_word(w, i == 0) for i, w in enumerate(words))


def slug(name: str) -> str:
    """A stable id from a name: ASCII, lower case, words joined by '_'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or "actor"
