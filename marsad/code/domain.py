"""Sentences outside international relations that use its words: match reports (لقاء الفريقين،
يستضيف الملعب المباراة، رفض النادي العرض)."""

from __future__ import annotations

from marsad.arabic.tokenize import Token
from marsad.resources import word_list

# Events that stay events in a match report: violence, arrests and bans at or around a match.
KEPT_IN_SPORTS = frozenset({"ASSAULT", "COERCE", "SANCTION"})


def sports_report(tokens: list[Token]) -> bool:
    """Two different sports words (مباراة، الدوري، المنتخب، الملعب …, clitics allowed) make a
    sentence sports reporting; one alone may be a stadium or a team in other news."""
    sport = word_list("sport_words.tsv")
    found: set[str] = set()
    for t in tokens:
        stem = next((stem for _prefix, stem in t.splits() if stem in sport), None)
        if stem is not None:
            found.add(stem.removeprefix("ال"))  # المنتخب and منتخب are one word
            if len(found) >= 2:
                return True
    return False
