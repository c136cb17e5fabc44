"""Coalitions named by description (الدول المقاطعة، دول الحصار) resolved from data/known_groups.tsv
when the story itself never lists their members."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.resources import read_tsv


@dataclass(frozen=True, slots=True)
class KnownGroup:
    members: tuple[str, ...]
    context: str
    start: str
    end: str


@lru_cache(maxsize=1)
def _groups() -> dict[str, tuple[KnownGroup, ...]]:
    out: dict[str, list[KnownGroup]] = {}
    for members, context, start, end, phrases in read_tsv("known_groups.tsv"):
        group = KnownGroup(tuple(members.split("|")), context, start, end)
        for phrase in phrases.split("|"):
            out.setdefault(" ".join(normalize_text(phrase).split()), []).append(group)
    return {k: tuple(v) for k, v in out.items()}


def known_group(phrase: str, date: str, story_codes: frozenset[str]) -> tuple[str, ...]:
    """Members of the coalition a normalized phrase names in a story of this date that names
    the coalition's context state; () when none applies. An undated story is given the benefit
    of the doubt."""
    for group in _groups().get(" ".join(phrase.split()), ()):
        if group.context in story_codes and (not date or group.start <= date[:10] <= group.end):
            return group.members
    return ()
