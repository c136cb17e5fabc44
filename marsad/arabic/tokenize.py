"""Tokens with offsets, proclitic segmentation and sentence splitting."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# a word: letters and digits, with decimal or thousands separators inside numbers (possessive:
# nothing after a word can make it shorter); captured, so split keeps the words
_SPLIT_RE = re.compile(r"([^\W_]++(?:[.,]\d++)*+)")

# Proclitic sequences, longest first: conjunction (و ف), preposition (ب ل ك), article (ال).
PROCLITICS: tuple[str, ...] = (
    "وبال", "وكال", "فبال", "وللـ", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل",
    "وب", "ول", "وك", "فب", "فل", "فك", "وس", "ال", "و", "ف", "ب", "ل", "ك", "س",
)


_PROCLITIC_SET = frozenset(PROCLITICS)
_PROCLITIC_STARTS = frozenset(p[0] for p in PROCLITICS)


class Token(NamedTuple):
    """A word with its offsets (a named tuple: millions are made, and tuples are cheap to build)."""

    start: int  # offsets into the text the token was read from
    end: int
    text: str

    def splits(self, min_stem: int = 2) -> list[tuple[str, str]]:
        """Possible (proclitics, stem) readings of the token, the unsegmented one first."""
        return _splits(self.text, min_stem)


@lru_cache(maxsize=50_000)
def _splits(text: str, min_stem: int) -> list[tuple[str, str]]:
    return proclitic_splits(text, min_stem)


def proclitic_splits(text: str, min_stem: int = 2) -> list[tuple[str, str]]:
    """:meth:`Token.splits` of a word form, without its cache (for callers that cache their own
    result per form, so that asking this cache too would mostly miss)."""
    out = [("", text)]
    if text[:1] not in _PROCLITIC_STARTS:
        return out
    for n in range(min(4, len(text) - min_stem), 0, -1):
        prefix = text[:n]
        if prefix in _PROCLITIC_SET:
            out.append((prefix, text[n:]))
    return out


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of text[start:end] (letters and digits; punctuation is not a token)."""
    stop = len(text) if end is None else end
    # split gives the gaps and the words in turn, their lengths the offsets: a fifth faster than
    # a match object per word
    parts = _SPLIT_RE.split(text[start:stop] if start or stop != len(text) else text)
    new = tuple.__new__  # Token's own __new__ is a Python function: this is twice as fast
    out: list[Token] = []
    pos = start + len(parts[0])
    it = iter(parts)
    next(it)
    for word, gap in zip(it, it, strict=True):
        after = pos + len(word)
        out.append(new(Token, (pos, after, word)))
        pos = after + len(gap)
    return out


# A sentence ends at . ! ? ؟ (not inside a number), at '..' used as a headline break, or a line end.
# (the leading lookahead names every character a sentence end starts with: the scan skips all others
# four times faster than trying each alternative at every position)
_SENT_END_RE = re.compile(r"(?=[.!?؟…\n])(?:(?<!\d)[.!?؟…]+(?=[\s\"'”»)]|$)|(?<=\d)[.!?؟]+(?=\s|$)|\.\.+|\n)")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END_RE.finditer(text, start, end):
        stop = m.end() if m.group() != "\n" else m.start()
        if m.group().startswith("..") and m.group() != "\n":
            stop = m.start()  # headline break: the dots belong to neither part
        _add_trimmed(text, pos, stop, spans)
        pos = m.end()
    _add_trimmed(text, pos, end, spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2 and any(ch.isalnum() for ch in text[start:end]):
        spans.append((start, end))
