"""The vocabulary of time expressions (data/months.tsv, weekdays.tsv, hijri_months.tsv,
timex_words.tsv and the unit, currency and figure word lists), loaded once on first use, and the
anchors and openers the search starts from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.resources import read_tsv

_E = r"(?![^\W\d_])"  # end of a word: no letter follows
_PRE = r"(?:[وف]?[بلك]?)"  # clitics before an indefinite word or a number
_ART = r"(?:[وف]?(?:[بك]?ال|لل))"  # clitics with the article
_ARTICLE_CATEGORIES = ("unit", "unit_dual", "unit_plural", "season", "decade", "daypart")
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


@dataclass(slots=True, frozen=True)
class _Lexicon:
    months: dict[str, int]
    context_months: frozenset[str]  # names that need a day, a year or شهر next to them
    weekdays: dict[str, int]
    free_weekdays: frozenset[str]
    hijri: dict[str, int]
    words: dict[str, dict[str, str]]  # category -> normalized form -> key
    anchors: frozenset[str]  # tokens (with clitics) near which an expression can be
    openers: frozenset[str]  # tokens (with clitics) an expression can start with
    counted: frozenset[str]  # nouns counted after a number: "2000 جندي" is not a year
    labels: frozenset[str]  # words whose number is a name: "رؤية 2030"


def _norm_form(form: str) -> str:
    return " ".join(normalize_text(form.strip()).lower().split())


def _names(name: str) -> tuple[dict[str, int], set[str]]:
    """All names of a month/weekday table, and those of its context-only column."""
    out: dict[str, int] = {}
    context: set[str] = set()
    for cols in read_tsv(name):
        for i, col in enumerate(cols[1:3], start=1):
            for form in col.split("|"):
                if form.strip():
                    out[_norm_form(form)] = int(cols[0])
                    if i == 2:
                        context.add(_norm_form(form))
    return out, context


def _table(name: str, key_col: int, forms_col: int) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for cols in read_tsv(name):
        group = out.setdefault(cols[0], {})
        for form in cols[forms_col].split("|"):
            if form.strip():
                group[_norm_form(form)] = cols[key_col]
    return out


def _with_clitics(words: Iterable[str], article: bool = False) -> set[str]:
    """The words with the proclitics they may carry (و ف ب ل ك), and with the article when asked."""
    out: set[str] = set()
    for w in words:
        out.update(p + w for p in _CLITICS)
        if article and not w.startswith("ال"):
            out.update(p + "ال" + w for p in ("", "و", "ف", "ب", "ك", "وب", "وك", "فب"))
            out.update(("لل" + w, "ولل" + w, "فلل" + w))
        elif w.startswith("ال"):
            out.update(("لل" + w[2:], "ولل" + w[2:], "فلل" + w[2:]))
    return out


def _words_of(forms: Iterable[str], stop: dict[str, str]) -> set[str]:
    return {w for form in forms for w in form.split() if w not in stop}


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    months, context_months = _names("months.tsv")
    weekdays, context_weekdays = _names("weekdays.tsv")
    hijri, _ = _names("hijri_months.tsv")
    words = _table("timex_words.tsv", 1, 2)
    stop = words["not_anchor"]
    anchors = _with_clitics(_words_of([*months, *weekdays, *hijri], stop))
    for category in ("deictic", "vague", "set", "holiday"):
        anchors |= _with_clitics(_words_of(words.get(category, {}), stop))
    for category in (*_ARTICLE_CATEGORIES, "unit_named"):
        anchors |= _with_clitics(_words_of(words.get(category, {}), stop), article=True)
    from marsad.arabic.numbers import lexicon as number_lexicon

    nlx = number_lexicon()
    opening = {f.split()[0] for cat in ("part", "approx", "vague", "this") for f in words.get(cat, {})}
    opening.update(words["opener"], words["year_word"], words["few"], nlx.cardinal, nlx.ordinal, nlx.ordinal_unit)
    openers = anchors | _with_clitics(opening)
    counted = {_norm_form(f) for unit, kind, _, forms in read_tsv("units.tsv") if kind != "time"
               for f in forms.split("|")}
    counted.update(f for group in _table("currencies.tsv", 0, 1).values() for f in group)
    labels = set(_table("figure_words.tsv", 1, 2).get("label", {}))
    return _Lexicon(months, frozenset(context_months), weekdays,
                    frozenset(set(weekdays) - context_weekdays), hijri, words,
                    frozenset(anchors), frozenset(openers), frozenset(counted), frozenset(labels))


def _alt(forms: Iterable[str]) -> str:
    """A regex alternation of (normalized) forms, longest first; a space matches any spacing."""
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=len, reverse=True))


def _key(category: str, form: str) -> str:
    return lexicon().words[category][" ".join(form.split())]
