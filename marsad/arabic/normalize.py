"""Arabic normalization that keeps a map back to raw offsets.

Normalized text is for matching and search only; every span stored on a Doc is mapped back
to the raw text with :class:`Normalized.raw_start` / :class:`Normalized.raw_end`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# Diacritics (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks) and tatweel.
_DELETED = ("".join(chr(c) for c in range(0x064B, 0x0660))
            + "\u0670\u0640\u06D6\u06D7\u06D8\u06D9\u06DA\u06DB\u06DC\u200c\u200d\u200e\u200f")
_DELETED_RE = re.compile(f"[{re.escape(_DELETED)}]")

_REPLACE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ؤ": "و",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه",
    "ک": "ك", "گ": "ك", "ڪ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڨ": "ق",
    "٫": ".", "٬": ",", "،": "،",
}
for _c in range(26):
    _REPLACE[chr(65 + _c)] = chr(97 + _c)  # ASCII only: str.lower() can change lengths
for _i in range(10):
    _REPLACE[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _REPLACE[chr(0x06F0 + _i)] = str(_i)  # Persian digits

# What normalization changes, and one character class that finds it: Arabic text holds few of
# these characters, so one scan for them and a replace per distinct one is several times cheaper
# than str.translate, which looks every character up (no replacement is itself replaced).
_CHANGES = {c: r for c, r in {**_REPLACE, **dict.fromkeys(_DELETED, "")}.items() if c != r}
_CHANGED_RE = re.compile(f"[{re.escape(''.join(_CHANGES))}]")


def _fold(text: str) -> str:
    """text with every character in _CHANGES replaced (what str.translate would do)."""
    for c in set(_CHANGED_RE.findall(text)):
        text = text.replace(c, _CHANGES[c])
    return text


@dataclass(slots=True, frozen=True)
class Normalized:
    """Normalized text plus what it takes to map its offsets back to the raw text.

    Only deletions (diacritics, tatweel) shift offsets; they are kept as two sorted lists — their
    raw positions, and the normalized offset at which each occurs — so mapping is a bisection and
    building the map costs one regex scan.
    """

    text: str
    deleted: tuple[int, ...]  # raw positions of the deleted characters
    deleted_at: tuple[int, ...]  # normalized offset at which each deletion happens (non-decreasing)
    raw_length: int

    def raw_start(self, i: int) -> int:
        """Raw offset of normalized character i (the raw length past the end)."""
        if i >= len(self.text):
            return self.raw_length if i == len(self.text) else i + len(self.deleted)
        return i + bisect_right(self.deleted_at, i)

    def raw_end(self, i: int) -> int:
        """Raw offset just after normalized char i-1 (exclusive end of a span)."""
        return 0 if i <= 0 else self.raw_start(i - 1) + 1

    def norm_index(self, raw: int) -> int:
        """Normalized offset of the first kept char at or after raw offset ``raw``."""
        return raw - bisect_left(self.deleted, raw)

    def slice(self, start: int, end: int) -> Normalized:
        """The normalization of raw[start:end], cut from this one (normalization is per character,
        so a sentence needs no second pass over its text)."""
        lo, hi = bisect_left(self.deleted, start), bisect_left(self.deleted, end)
        ns, ne = start - lo, end - hi
        if lo == hi:
            return Normalized(self.text[ns:ne], (), (), end - start)
        return Normalized(self.text[ns:ne], tuple(p - start for p in self.deleted[lo:hi]),
                          tuple(a - ns for a in self.deleted_at[lo:hi]), end - start)


def normalize(text: str) -> Normalized:
    """Normalize Arabic text for matching: fold letter forms and digits, drop diacritics."""
    deleted = tuple(m.start() for m in _DELETED_RE.finditer(text))
    if not deleted:
        return Normalized(_fold(text), (), (), len(text))
    deleted_at = tuple(pos - k for k, pos in enumerate(deleted))
    return Normalized(_fold(text), deleted, deleted_at, len(text))


_DELETED_SET = frozenset(_DELETED)


def normalize_text(text: str) -> str:
    """Normalized form only (for keys of gazetteers, lexicons and search queries)."""
    return _fold(text)
