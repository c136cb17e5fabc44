""":func:`find_timexes`: matches made into :class:`Timex` values with ranges linked, the signal word
before each, the clause's tense, and offsets mapped back to the raw text."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from marsad.arabic.dates.context import _clause_tense
from marsad.arabic.dates.lexicon import _alt, lexicon
from marsad.arabic.dates.search import _Found, _select
from marsad.arabic.dates.values import _CALENDAR, Timex, _valid, _ymd
from marsad.arabic.normalize import Normalized, normalize_text

_RANGE_PREFIX = re.compile(r"(?:^|(?<=[\s(،,]))(?P<p>[وف]?(?:ما\s+بين|بين|من|منذ|اعتبارا\s+من|ابتداء\s+من|بدءا\s+من))\s*$")
_CONNECTOR = re.compile(r"\s*(?P<c>-|–|/|الي|حتي|وحتي|لغايه|ولغايه|و)?\s*")


def _mergeable(a: _Found, b: _Found, conn: str, prefix: str) -> bool:
    if a.val.type != "DATE" or b.val.type != "DATE" or a.val.start_value or b.val.start_value or a.signal:
        return False
    if not ((_CALENDAR.fullmatch(a.val.value) or a.val.relative) and (_CALENDAR.fullmatch(b.val.value) or b.val.relative)):
        return False
    p = prefix.lstrip("وف").split()[-1] if prefix else ""
    if conn in ("-", "–"):
        return True
    if conn == "/":
        return a.kind.startswith("year") and b.kind.startswith("year")
    if conn == "و":
        return p == "بين"
    return p in ("من", "منذ", "بين")


def _inherit_year(a: _Found, b: _Found) -> None:
    """"من 1 يناير إلى 1 مايو 2019": the first date takes the year of the second."""
    y = b.val.ymd[0]
    _, mo, d = a.val.ymd
    if a.val.ymd[0] is None and y is not None and mo is not None:
        if d is None:
            a.val = replace(a.val, value=_ymd(y, mo), relative=False, ymd=(y, mo, None))
        elif _valid(y, mo, d):
            a.val = replace(a.val, value=_ymd(y, mo, d), relative=False, ymd=(y, mo, d))


_CONNECTOR_SIGNAL = {"-": "to", "–": "to", "/": "to", "الي": "to", "حتي": "until", "وحتي": "until",
                     "لغايه": "until", "ولغايه": "until", "و": "and"}


def _link_ranges(t: str, found: list[_Found]) -> None:
    """Mark the two ends of a range (بين X وY، من X إلى Y، X - Y): each keeps its own span and
    value, both get the range's start_value and end_value, the second its connector as signal;
    an end without a year takes the other's (من 1 يناير إلى 1 مايو 2019)."""
    for a, b in pairwise(found):
        cm = _CONNECTOR.fullmatch(t[a.end:b.start])
        conn = (cm.group("c") or "") if cm else None
        if conn == "" and t[b.start] == "و":
            conn = "و"
        pm = _RANGE_PREFIX.search(t[max(0, a.start - 25):a.start])
        if not conn or not _mergeable(a, b, conn, pm.group("p") if pm else ""):
            continue
        _inherit_year(a, b)
        for f in (a, b):
            f.val.start_value, f.val.end_value = a.val.value, b.val.value
        b.signal = _CONNECTOR_SIGNAL.get(conn, "to")
        b.signal_start = a.end + len(t[a.end:b.start]) - len(t[a.end:b.start].lstrip()) if conn != "و" else b.start


@lru_cache(maxsize=1)
def _signal_re() -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s(،,:\"«]))(?P<sig>[وف]?(?:{_alt(lexicon().words['signal'])}))\s*:?\s*\(?\s*$")


def _signal(t: str, start: int) -> tuple[str, int]:
    """(meaning, normalized start) of the signal word just before start, or ("", -1)."""
    lo = max(0, start - 30)
    m = _signal_re().search(t, lo, start)
    if m is None:
        return "", -1
    word = " ".join(m.group("sig").split())
    signals = lexicon().words["signal"]
    if word not in signals and word[1:] in signals:
        word = word[1:]
    return signals.get(word, ""), m.start("sig")


@lru_cache(maxsize=1)
def _deleted_re() -> re.Pattern[str]:
    """The characters normalization deletes (diacritics, tatweel, joiners), read off the
    normalizer itself so that the two never disagree."""
    probe = [*range(0x0600, 0x0700), *range(0x08D0, 0x0900), *range(0x2000, 0x2070), 0xFEFF]
    chars = "".join(chr(c) for c in probe if normalize_text(chr(c)) == "")
    return re.compile(f"[{re.escape(chars)}]")


_WORD_MARKS = frozenset(chr(c) for c in (*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)))


class _RawMap:
    """Normalized offsets to raw ones: like marsad.arabic.normalize.Normalized, but built from
    the positions of the deleted characters only (a text has few), which is much cheaper than a
    full index for texts with diacritics."""

    __slots__ = ("marks", "text")
    marks: Sequence[int]  # normalized offsets at which characters were deleted

    def __init__(self, text: str, marks: Sequence[int] | None = None) -> None:
        self.text = text
        self.marks = marks if marks is not None else [m.start() - k for k, m in enumerate(_deleted_re().finditer(text))]

    def raw_start(self, i: int) -> int:
        return i + bisect_right(self.marks, i) if self.marks else i

    def raw_end(self, i: int) -> int:
        """The raw end of a span ending before normalized offset i, with the diacritics and
        tatweel that follow its last letter (they belong to that word)."""
        if not self.marks or i <= 0:
            return i
        r = i + bisect_right(self.marks, i - 1)
        while r < len(self.text) and self.text[r] in _WORD_MARKS:
            r += 1
        return r


def find_timexes(text: str, ref: dt.date | None = None, future: bool = False,
                 norm: Normalized | None = None) -> list[Timex]:
    """Time expressions in text, in order, not overlapping, with normalized values.

    ``ref`` is the date relative expressions count from (the story's date); without it they are
    found with value "". ``future=True`` reads names of days and months without a year as the
    coming ones whatever the clause says (by default the clause's tense decides). ``norm`` is the
    text's normalization when the caller has it (a slice of its document's), to save redoing it.
    """
    t = normalize_text(text) if norm is None else norm.text
    found = _select(t, ref, future)
    if not found:
        return []
    _link_ranges(t, found)
    rawmap = _RawMap(text, None if norm is None else norm.deleted_at)
    out: list[Timex] = []
    for f in found:
        v = f.val
        if not v.tense and not v.relative and v.type in ("DATE", "TIME") and _CALENDAR.fullmatch(v.value[:10] or "x"):
            v.tense = _clause_tense(t, f.start, f.end) if not future else "future"
        signal, sig_start = (f.signal, f.signal_start) if f.signal else ("", -1) if f.kind == "ago" else _signal(t, f.start)
        rs, re_ = rawmap.raw_start(f.start), rawmap.raw_end(f.end)
        out.append(Timex(rs, re_, text[rs:re_], v.type, v.value, v.relative, v.mod, v.start_value,
                         v.end_value, signal, rawmap.raw_start(sig_start) if sig_start >= 0 else -1,
                         v.tense, v.pattern))
    return out
