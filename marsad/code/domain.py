"""Sentences outside international relations that use its words: match reports (لقاء الفريقين،
يستضيف الملعب المباراة، رفض النادي العرض)."""

from __future__ import annotations

from marsad.arabic.tokenize import Token, proclitic_splits
from marsad.formcache import FormCache
from marsad.resources import word_list

# Events that stay events in a match report: violence, arrests and bans at or around a match.
KEPT_IN_SPORTS = frozenset({"ASSAULT", "COERCE", "SANCTION"})


def _sport_stem(form: str) -> str:
    """The sports word a form is, clitics allowed, without its article (المنتخب and منتخب are one
    word); "" for any other word."""
    sport = word_list("sport_words.tsv")
    stem = next((stem for _prefix, stem in proclitic_splits(form) if stem in sport), "")
    return stem.removeprefix("ال")


_sport_stems: FormCache[str] = FormCache(_sport_stem, 100_000)


def sports_report(tokens: list[Token]) -> bool:
    """Two different sports words (مباراة، الدوري، المنتخب، الملعب …, clitics allowed) make a
    sentence sports reporting; one alone may be a stadium or a team in other news."""
    found = set(_sport_stems.many([t.text for t in tokens]))
    found.discard("")
    return len(found) >= 2
