"""What a handler reads around its match: the clause's tense, the words before and after, and the
groups of a match read as days, months, years, counts and relative words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.dates.lexicon import _E, _alt, _key, lexicon
from marsad.arabic.dates.values import _Val
from marsad.arabic.numbers import parse_number_ex, parse_ordinal


@dataclass(slots=True)
class _Ctx:
    t: str  # normalized text
    ref: dt.date | None
    future: bool
    start: int = 0  # span of the match being valued
    end: int = 0

    def tense(self) -> str:
        if self.future:
            return "future"
        return _clause_tense(self.t, self.start, self.end)

    def before(self, n: int = 40) -> str:
        return self.t[max(0, self.start - n):self.start]

    def after(self, n: int = 40) -> str:
        return self.t[self.end:self.end + n]


_Handler = Callable[[re.Match[str], _Ctx], "_Val | None"]


def _rel_delta(rel: str | None) -> int | None:
    if not rel:
        return None
    return int(_key("rel", rel)) if " ".join(rel.split()) in lexicon().words["rel"] else -1


def _month(name: str) -> int:
    return lexicon().months[" ".join(name.split())]


def _day_of(g: dict[str, str | None]) -> int | None:
    if g.get("d"):
        return int(g["d"])  # type: ignore[arg-type]
    if g.get("od"):
        return parse_ordinal(g["od"])  # type: ignore[arg-type]
    return None


def _year_of(g: dict[str, str | None], name: str = "y") -> int | None:
    return int(g[name]) if g.get(name) else None  # type: ignore[arg-type]


def _era(g: dict[str, str | None]) -> str:
    e = g.get("era")
    return _key("era", e) if e else ""


def _count_unit(g: dict[str, str | None]) -> tuple[float | None, str, str] | None:
    """(count, unit code, approx mod) of a number + unit group; count None for "some"."""
    if g.get("du"):
        return 2.0, _key("unit_dual", g["du"]), ""  # type: ignore[arg-type]
    if g.get("few"):
        return None, _key("unit", g["fu"]), ""  # type: ignore[arg-type]
    n: float | None
    if g.get("u1"):
        n, unit = 1.0, _key("unit", g["u1"])  # type: ignore[arg-type]
    elif g.get("num"):
        parsed = parse_number_ex(g["num"])  # type: ignore[arg-type]
        if parsed is None or parsed[0] <= 0:
            return None
        n, unit = (None if parsed[1] else parsed[0]), _key("unit", g["u"])  # type: ignore[arg-type]
        if n is None:
            return None, unit, ""
    else:
        return None
    if g.get("half") and n is not None:
        n += 0.5
    return n, unit, ""


def _approx(g: dict[str, str | None]) -> str:
    a = g.get("ap")
    return _key("approx", a) if a else ""


def _number_scale(word: str) -> bool:
    from marsad.arabic.numbers import lexicon as number_lexicon

    return number_lexicon().cardinal.get(word, ("",))[0] in ("scale", "scale_dual")


def _counted_after(c: _Ctx) -> bool:
    """Whether a counted noun (a unit, a currency, people) follows: then the number is a count."""
    lx = lexicon()
    nxt = _words_after(c.t, c.end)
    first = nxt.split(" ")[0] if nxt else ""
    if nxt in lx.counted or first in lx.counted or _number_scale(first):
        return True
    return first == "من" and _strip_article(_words_after(c.t, c.end, 2).split(" ")[-1]) in lx.counted


def _word_before(t: str, pos: int) -> str:
    """The word just before pos (normalized text), without its clitics and article."""
    m = re.search(r"([^\W\d_]+)[\s(،,:]*$", t[max(0, pos - 30):pos])
    if not m:
        return ""
    w = m.group(1)
    for p in ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل"):
        if w.startswith(p) and len(w) - len(p) >= 2:
            return w[len(p):]
    return w


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _words_after(t: str, pos: int, n: int = 2) -> str:
    return " ".join(re.findall(r"[^\W_]+|[%٪]", t[pos:pos + 40])[:n])


@lru_cache(maxsize=1)
def _signal_words() -> frozenset[str]:
    """Single-word signals (في، منذ، خلال، حتى ...), as _word_before returns them."""
    return frozenset(w for w in lexicon().words["signal"] if " " not in w)


def _strip_pre(word: str) -> str:
    """A daypart or deictic word without the clitics before it."""
    words = lexicon().words
    w = " ".join(word.split())
    for i in range(3):
        if w[i:] in words["daypart"] or w[i:] in words["deictic"]:
            return w[i:]
    return w


@lru_cache(maxsize=1)
def _future_re() -> re.Pattern[str]:
    w = lexicon().words
    return re.compile(rf"(?<![^\W_])[وف]?(?:(?P<s>س[يتن][^\W\d_]{{2,}})|(?:{_alt(w['future'])})|(?:{_alt(w['future_verb'])})"
                      rf"|قد\s+[يتن][^\W\d_]{{2,}}){_E}")


_CLAUSE_END = re.compile(r"[.!?؟;؛\n]")


def _clause_tense(t: str, start: int, end: int) -> str:
    """past or future: the clause before the expression (back to the sentence start) speaks of
    the future when it holds a future marker; an expression that opens its clause looks ahead."""
    lo = max(0, start - 150)
    before = t[lo:start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    before = before[cut:]
    if _has_future(before):
        return "future"
    if len(before.split()) <= 2:
        after = t[end:end + 80]
        stop = _CLAUSE_END.search(after)
        if _has_future(after[:stop.start()] if stop else after):
            return "future"
    return "past"


@lru_cache(maxsize=1)
def _not_future() -> tuple[frozenset[str], tuple[str, ...]]:
    """Words (and prefixes, written with a final *) that look like سـ + verb but are not verbs."""
    forms = lexicon().words["not_future"]
    return (frozenset(f for f in forms if not f.endswith("*")), tuple(f[:-1] for f in forms if f.endswith("*")))


def _has_future(text: str) -> bool:
    words, prefixes = _not_future()
    for m in _future_re().finditer(text):
        s = m.group("s")
        if s is None or not (s in words or s.startswith(prefixes) or s[1:] in lexicon().words["unit"]):
            return True
    return False
