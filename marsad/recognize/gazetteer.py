"""Clitic- and diacritic-insensitive whole-word matching of gazetteer names (Aho–Corasick)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

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


class Match(NamedTuple):
    """A name found in a text (a named tuple: a document has hundreds of candidate matches)."""

    start: int  # offsets into the normalized text, proclitics excluded
    end: int
    entries: tuple[Entry, ...]
    prefix: str  # the proclitics in front of the name


class Matcher:
    """Whole-word matcher of normalized names, allowing Arabic proclitics in front; given several
    dictionaries, one scan of a text finds the matches of each."""

    def __init__(self, *dictionaries: dict[str, list[Entry]]) -> None:
        # key → (its length, one (dictionary, entries, needs_lam, lam_entries) per dictionary holding it)
        payloads: dict[str, list[tuple[int, tuple[Entry, ...], bool, tuple[Entry, ...]]]] = {}
        for index, names in enumerate(dictionaries):
            for key, entries in names.items():
                # ل + الدوحة is written للدوحة: a bare key that is also a name (دوحه) keeps the entries of
                # its ال form for that spelling
                lam_entries = tuple(names.get("ال" + key, ())) if len(key) > 2 else ()
                payloads.setdefault(key, []).append((index, tuple(entries), False, lam_entries))
                if key.startswith("ال") and len(key) > 4:
                    lam_key = key[2:]
                    if lam_key not in names:
                        payloads.setdefault(lam_key, []).append((index, tuple(entries), True, ()))
        self._auto = ahocorasick.Automaton()
        for key, found in payloads.items():
            self._auto.add_word(key, (len(key), tuple(found)))
        self._auto.make_automaton()
        self.size = len(payloads)
        self.count = len(dictionaries)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """All whole-word matches in text[start:end], the longest winning where they overlap (of the
        first dictionary)."""
        return self.find_each(text, start, end)[0]

    def find_each(self, text: str, start: int = 0, end: int | None = None) -> list[list[Match]]:
        """What :meth:`find` gives for each dictionary, from one scan of text[start:end]."""
        end = len(text) if end is None else end
        found: list[list[Match]] = [[] for _ in range(self.count)]
        if self.size == 0 or end <= start:
            return found
        new = tuple.__new__  # Match's own __new__ is a Python function
        for last, value in self._auto.iter(text, start, end):
            e = last + 1
            if text[e:e + 1].isalpha():
                continue  # most hits end inside a word
            length, payloads = value
            s = ws = e - length
            while ws > 0 and s - ws <= 4 and text[ws - 1].isalpha():
                ws -= 1
            if ws > 0 and text[ws - 1].isalpha():
                continue
            prefix = text[ws:s]
            for index, entries, needs_lam, lam_entries in payloads:
                if needs_lam:
                    if prefix not in _LAM_PREFIXES:
                        continue
                elif prefix not in _PROCLITIC_SET or prefix.endswith("ال"):
                    continue  # المالي is an adjective, not ال + مالي
                elif lam_entries and prefix in _LAM_PREFIXES:
                    entries = lam_entries
                found[index].append(new(Match, (s, e, entries, prefix)))
        return [_longest_first(matches) if matches else matches for matches in found]


def _longest_first(found: list[Match]) -> list[Match]:
    """The matches that remain when the longest wins where they overlap, in text order."""
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    # the longest first; chosen spans are disjoint and kept in order, so a new one need only be
    # checked against its two neighbours
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Match] = []
    for m in found:
        i = bisect_right(starts, m.start)
        if (i and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.end):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        chosen.insert(i, m)
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
    return Matcher(entity_names())


def entity_names() -> dict[str, list[Entry]]:
    """Normalized names of states, places, organisations and people → their entries."""
    names: dict[str, list[Entry]] = {}
    for entity, kind, code, sector, via, raw_names in read_tsv("gazetteer.tsv"):
        entry = Entry(entity, kind, code, sector, via)
        for raw in raw_names.split("|"):
            _add(names, raw, entry)
    for entity, kind, code, sector, via, raw_names, _lat, _lon, population, support in read_tsv("places.tsv"):
        entry = Entry(entity, kind, code, sector, via, support=support == "1", population=int(population or 0))
        for raw in raw_names.split("|"):
            _add(names, raw, entry)
    return names


# Short vowels, tanwin, shadda, sukun and the dagger alef: what a writer adds to tell a name from its twin.
VOWEL_MARKS = frozenset(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670"}
_NOT_LETTERS = frozenset("\u0640\u200c\u200d\u200e\u200f")  # tatweel and joiners


def vocalization(raw: str) -> tuple[frozenset[str], ...]:
    """The marks written on each letter of raw (a letter without marks has an empty set)."""
    marks: list[set[str]] = []
    for ch in raw:
        if ch in VOWEL_MARKS:
            if marks:
                marks[-1].add(ch)
        elif ch not in _NOT_LETTERS:
            marks.append(set())
    return tuple(map(frozenset, marks))


@lru_cache(maxsize=1)
def vocalized_spellings() -> dict[str, list[tuple[tuple[frozenset[str], ...], str]]]:
    """Normalized name → (vocalization, code) of each of its spellings the gazetteers write with
    marks: عَمّان is Amman and عُمان Oman, though both are عمان once the marks are dropped."""
    out: dict[str, list[tuple[tuple[frozenset[str], ...], str]]] = {}
    rows = [(r[2], r[5]) for r in read_tsv("gazetteer.tsv")] + [(r[2], r[5]) for r in read_tsv("places.tsv")]
    for code, raw_names in rows:
        for raw in raw_names.split("|"):
            if code and not VOWEL_MARKS.isdisjoint(raw):
                key = " ".join(normalize_text(raw).split())
                out.setdefault(key, []).append((vocalization(" ".join(raw.split())), code))
    return out


def codes_by_vocalization(key: str, raw: str) -> frozenset[str]:
    """Codes of the vocalized spellings of a normalized name that fit the marks raw writes (each
    mark raw puts on a letter, the spelling puts there too); empty when raw writes no mark, the
    name has no vocalized spelling, or none fits."""
    written = vocalization(" ".join(raw.split()))
    if not any(written):
        return frozenset()
    return frozenset(code for marks, code in vocalized_spellings().get(key, ())
                     if len(marks) == len(written) and all(w <= m for w, m in zip(written, marks, strict=True)))


@lru_cache(maxsize=1)
def role_matcher() -> Matcher:
    return Matcher(role_names())


def role_names() -> dict[str, list[Entry]]:
    """Normalized role phrases (titles, counterparts, bodies) → their entries."""
    names: dict[str, list[Entry]] = {}
    for role, sector, kind, office, count in read_tsv("roles.tsv"):
        _add(names, role, Entry(role, "ROLE", "", sector, kind, office, int(count)))
    return names


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
