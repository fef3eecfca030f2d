"""Turn raw article text into the text that gets coded.

Everything downstream points into the cleaned text by character offset, so the
cleaner decides once what the story is: it normalises whitespace, undoes hard
line wraps, keeps paragraph breaks as a blank line, and takes out lines that are
not the story (link lines, photo captions and credits, photo labels). The
patterns for those lines are data (`knowledge/cleaning.yaml`), see `rules.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.ingest.rules import CleaningRules, load_rules

# Spaces that are not plain spaces (tab, no-break, thin, ideographic...).
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Characters that carry nothing for the reader. Zero-width joiners stay: they
# matter in Persian and Indic scripts.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u00ad\u200b\u2060\ufeff]")
_MULTI_SPACE = re.compile(r" {2,}")
_SENTENCE_END = re.compile(r"[.!?:;…\"'”’»)\]]$")

# Hard wrap: lines cut at a fixed width, at most this long.
_WRAP_MAX_WIDTH = 120
_WRAP_MIN_WIDTH = 40


@dataclass(frozen=True)
class CleanedText:
    """The story text plus what was kept aside (`captions`) or thrown out (`dropped`)."""

    text: str
    captions: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()


def normalize_line(line: str) -> str:
    """One line with odd spaces and invisible characters gone, single spaces."""
    line = _INVISIBLE.sub("", line)
    line = _ODD_SPACES.sub(" ", line)
    return _MULTI_SPACE.sub(" ", line).strip()


def _blocks(raw: str) -> list[list[str]]:
    """Blocks of non-empty lines, split at blank lines."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x85", "\n").replace("\f", "\n")
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw_line in text.split("\n"):
        line = normalize_line(raw_line)
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _wrap_width(blocks: list[list[str]]) -> int | None:
    """The wrap width if the text looks hard-wrapped, else None.

    Wrapped text has every line under a fixed width and lines that run on
    (no sentence end) inside blocks; text with one paragraph per line has long
    lines or lines that each end a sentence.
    """
    lines = [line for block in blocks for line in block]
    inner = [line for block in blocks for line in block[:-1]]
    if not inner:
        return None
    width = max(len(line) for line in lines)
    if not _WRAP_MIN_WIDTH <= width <= _WRAP_MAX_WIDTH:
        return None
    run_on = sum(1 for line in inner if not _SENTENCE_END.search(line))
    return width if run_on * 2 > len(inner) else None


def _logical_lines(blocks: list[list[str]]) -> list[list[str]]:
    """Undo hard wraps; each returned line is one paragraph."""
    width = _wrap_width(blocks)
    if width is None:
        return blocks
    out: list[list[str]] = []
    for block in blocks:
        joined: list[str] = []
        carry = ""
        for line in block:
            carry = f"{carry} {line}" if carry else line
            # A line well short of the width ended its paragraph (or is a label).
            if len(line) < width // 2:
                joined.append(carry)
                carry = ""
        if carry:
            joined.append(carry)
        out.append(joined)
    return out


def _is_label(line: str, rules: CleaningRules) -> bool:
    return len(line.split()) <= rules.label_max_words and not _SENTENCE_END.search(line)


def clean_text(raw: str, rules: CleaningRules | None = None) -> CleanedText:
    """Clean one article body; paragraphs in the result are joined by a blank line."""
    rules = rules or load_rules()
    lines = [line for block in _logical_lines(_blocks(raw)) for line in block]

    kinds: list[str] = []  # "story", "caption", "link" per line
    for line in lines:
        if rules.is_link(line):
            kinds.append("link")
        elif rules.is_caption(line):
            kinds.append("caption")
        else:
            kinds.append("story")

    # Photo labels: short unpunctuated lines before the first real paragraph,
    # and any such line directly above a caption. A label is never a story
    # paragraph, so moving it aside loses nothing that gets coded.
    seen_paragraph = False
    for i, line in enumerate(lines):
        if kinds[i] != "story":
            continue
        if not _is_label(line, rules):
            seen_paragraph = True
            continue
        next_kind = next((k for k in kinds[i + 1 :] if k != "link"), None)
        if not seen_paragraph or next_kind == "caption":
            kinds[i] = "caption"

    story = [line for line, kind in zip(lines, kinds, strict=True) if kind == "story"]
    return CleanedText(
        text="\n\n".join(story),
        captions=tuple(line for line, kind in zip(lines, kinds, strict=True) if kind == "caption"),
        dropped=tuple(line for line, kind in zip(lines, kinds, strict=True) if kind == "link"),
    )
