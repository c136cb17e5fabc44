"""Clitic- and diacritic-insensitive whole-word matching of gazetteer names (Aho–Corasick)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import PROCLITICS
from marsad.resources import read_tsv

_PROCLITIC_SET = frozenset(PROCLITICS) | {""}
# Before a name that starts with ال, the preposition ل swallows the alef: ل + الصين → للصين.
_LAM_PREFIXES = frozenset({"لل", "ولل", "فلل"})


@dataclass(frozen=True, slots=True)
class Entry:
    entity: str
    kind: str  # GPE, LOC, ORG, PERS, ROLE
    code: str
    sector: str
    via: str  # name, adjective, capital, seat, org, person, title, counterpart, body
    office: str = ""
    count: int = 1
    support: bool = False  # also a common word: a place only after مدينة، بلدة، محافظة …
    population: int = 0


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # offsets into the normalized text, proclitics excluded
    end: int
    entries: tuple[Entry, ...]
    prefix: str  # the proclitics in front of the name


class Matcher:
    """Whole-word matcher of normalized names, allowing Arabic proclitics in front."""

    def __init__(self, names: dict[str, list[Entry]]) -> None:
        self._auto = ahocorasick.Automaton()
        for key, entries in names.items():
            # ل + الدوحة is written للدوحة: a bare key that is also a name (دوحه) keeps the entries of
            # its ال form for that spelling
            lam_entries = tuple(names.get("ال" + key, ())) if len(key) > 2 else ()
            self._auto.add_word(key, (len(key), tuple(entries), False, lam_entries))
            if key.startswith("ال") and len(key) > 4:
                lam_key = key[2:]
                if lam_key not in names:
                    self._auto.add_word(lam_key, (len(lam_key), tuple(entries), True, ()))
        self._auto.make_automaton()
        self.size = len(names)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """All whole-word matches in text[start:end], the longest winning where they overlap."""
        end = len(text) if end is None else end
        found: list[Match] = []
        if self.size == 0 or end <= start:
            return found
        n = len(text)
        for last, (length, entries, needs_lam, lam_entries) in self._auto.iter(text, start, end):
            e = last + 1
            if e < n and text[e].isalpha():
                continue  # most hits end inside a word
            s = ws = e - length
            while ws > 0 and s - ws <= 4 and text[ws - 1].isalpha():
                ws -= 1
            if ws > 0 and text[ws - 1].isalpha():
                continue
            prefix = text[ws:s]
            if needs_lam:
                if prefix not in _LAM_PREFIXES:
                    continue
            elif prefix not in _PROCLITIC_SET or prefix.endswith("ال"):
                continue  # المالي is an adjective, not ال + مالي
            elif lam_entries and prefix in _LAM_PREFIXES:
                entries = lam_entries
            found.append(Match(s, e, entries, prefix))
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        chosen: list[Match] = []
        for m in found:
            if all(m.end <= c.start or c.end <= m.start for c in chosen):
                chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        return chosen


def _add(names: dict[str, list[Entry]], raw: str, entry: Entry) -> None:
    key = " ".join(normalize_text(raw).split())
    if len(key) < 2:
        return
    bucket = names.setdefault(key, [])
    if entry not in bucket:
        bucket.append(entry)


@lru_cache(maxsize=1)
def entity_matcher() -> Matcher:
    names: dict[str, list[Entry]] = {}
    for entity, kind, code, sector, via, raw_names in read_tsv("gazetteer.tsv"):
        entry = Entry(entity, kind, code, sector, via)
        for raw in raw_names.split("|"):
            _add(names, raw, entry)
    for entity, kind, code, sector, via, raw_names, _lat, _lon, population, support in read_tsv("places.tsv"):
        entry = Entry(entity, kind, code, sector, via, support=support == "1", population=int(population or 0))
        for raw in raw_names.split("|"):
            _add(names, raw, entry)
    return Matcher(names)


@lru_cache(maxsize=1)
def role_matcher() -> Matcher:
    names: dict[str, list[Entry]] = {}
    for role, sector, kind, office, count in read_tsv("roles.tsv"):
        _add(names, role, Entry(role, "ROLE", "", sector, kind, office, int(count)))
    return Matcher(names)


@dataclass(frozen=True, slots=True)
class Office:
    person: str
    country: str
    sector: str
    office: str
    start: str
    end: str


@lru_cache(maxsize=1)
def offices() -> dict[tuple[str, str], list[Office]]:
    """(country, office) → terms, for resolving titles such as الرئيس الأمريكي by date."""
    out: dict[tuple[str, str], list[Office]] = {}
    for person, country, sector, office, _title, start, end in read_tsv("offices.tsv"):
        out.setdefault((country, office), []).append(Office(person, country, sector, office, start, end))
    return out


def office_holder(country: str, office: str, date: str) -> str:
    """The person who held office in country on date (ISO, any precision), or ''."""
    if not office or not date:
        return ""
    holders = [o for o in offices().get((country, office), [])
               if (o.start or "0000") <= date and (not o.end or date <= o.end or o.end.startswith(date))]
    return holders[-1].person if len(holders) >= 1 else ""
