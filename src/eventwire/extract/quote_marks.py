"""Spans of text between quotation marks.

Marks are read from their context rather than their shape alone, because news
text mixes conventions: straight `"`, curly `“ ”`, guillemets, `„`, and the
doubled apostrophe `''` of wire and NYT archives; curly marks are also typed
the wrong way round ("”Fear. I am afraid..."). A mark that stands before a
word opens, a mark that stands after one closes. A quote that is still open at
a paragraph's end is cut there and flagged `continued`: by newspaper
convention a quotation that runs over paragraphs leaves the closing mark off
and opens each following paragraph again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `''` and ``` `` ``` must be tried before single characters.
_MARKS = re.compile(r"''|``|[\"“”«»„]")
# Characters after which a mark can open a quote (besides spaces and the start).
_OPEN_AFTER = "([{—–-―:"
# Families of marks that may close each other; curly quotes are often mixed with straight ones.
_FAMILY = {'"': "d", "“": "d", "”": "d", "„": "d", "«": "g", "»": "g", "''": "a", "``": "a"}
_CURLY_OPENERS = ("“", "„", "«")  # curly marks have a direction, so one inside a quote nests
_MIN_WORDS = 2  # one-word spans are scare quotes or titles ("the so-called "reform""), not speech


@dataclass(frozen=True)
class QuoteSpan:
    """The words between two marks (marks excluded)."""

    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark, or the paragraph end)
    continued: bool = False  # left open at a paragraph end: the next paragraph's quote goes on


def _is_straight(mark: str) -> bool:
    return mark in ('"', "''", "``")


def _can_open(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else " "
    return (before.isspace() or before in _OPEN_AFTER) and not after.isspace()


def _can_close(text: str, start: int) -> bool:
    before = text[start - 1] if start > 0 else "\n"
    return not before.isspace()


def _paragraph_break(text: str, start: int, end: int) -> int:
    """Position of the first paragraph break in text[start:end], or -1."""
    return text.find("\n", start, end)


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Spans inside quotation marks, in text order, pairing marks paragraph by paragraph."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    family = opener = ""
    nested = 0  # quotes inside the quote, in the other style ("... as “The Journal” wrote ...")
    for m in _MARKS.finditer(text):
        mark = m.group(0)
        if open_at is not None:
            brk = _paragraph_break(text, open_at, m.start())
            if brk != -1:
                # Never closed in its paragraph: a quote running on into the next one.
                spans.append(QuoteSpan(open_at, _trim_end(text, open_at, brk), continued=True))
                open_at, nested = None, 0
            elif _FAMILY[mark] == family and (_is_straight(mark) != _is_straight(opener) or mark in _CURLY_OPENERS) \
                    and _can_open(text, m.start(), m.end()) and not _can_close(text, m.start()):
                nested += 1
                continue
            elif _FAMILY[mark] == family and _can_close(text, m.start()):
                if nested and (_is_straight(mark) != _is_straight(opener) or not _is_straight(mark)):
                    nested -= 1
                    continue
                spans.append(QuoteSpan(open_at, m.start()))
                open_at = None
                continue
        if open_at is None and mark not in ("»",) and _can_open(text, m.start(), m.end()):
            open_at, family, opener, nested = m.end(), _FAMILY[mark], mark, 0
    if open_at is not None:
        brk = _paragraph_break(text, open_at, len(text))
        end = len(text) if brk == -1 else brk
        spans.append(QuoteSpan(open_at, _trim_end(text, open_at, end), continued=brk != -1))
    return [s for s in spans if len(text[s.start:s.end].split()) >= _MIN_WORDS]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
