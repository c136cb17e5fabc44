"""Participants that are groups rather than named states or people (data/participant_groups.tsv):
protesters and civilians (CVL), the opposition (OPP), police and security forces (POL), the army
(MIL), gunmen and extremists (REB, XXX), the Gulf states (GCC). CAMEO-style, a group takes the code
of the state it belongs to: a nationality adjective right after it (المتظاهرين الروس), else the
place the sentence is set in (في موسكو), else the state the story names most."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc, Mention, Sentence
from marsad.recognize.gazetteer import Entry, Matcher
from marsad.resources import read_tsv

_HOME = "home"
_PLACE_VIA = frozenset({"city", "region", "capital", "name"})
_SETTING = frozenset({"في", "وفي"})
_MAX_GAP = 2  # characters between a group word and the adjective that qualifies it


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    names: dict[str, list[Entry]] = {}
    for phrase, sector, scope, _gender in read_tsv("participant_groups.tsv"):
        key = " ".join(normalize_text(phrase).split())
        code = "" if scope == _HOME else scope
        names.setdefault(key, []).append(Entry(phrase, "ORG", code, sector, "group"))
    return Matcher(names)


@lru_cache(maxsize=1)
def _feminine() -> frozenset[str]:
    return frozenset(phrase for phrase, _s, _c, gender in read_tsv("participant_groups.tsv") if gender == "f")


def feminine_group(m: Mention) -> bool:
    """A group that takes a feminine singular verb (دعت دول الخليج، انتشرت الشرطة)."""
    return m.via == "group" and m.entity in _feminine()


def add_groups(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions with the group participants of every Arabic story added; a group word inside a
    mention already found (الشرطة الروسية، المعارضة as an anaphor) is left to that mention."""
    norm = doc.norm
    taken = sorted((norm.norm_index(m.start), norm.norm_index(m.end - 1) + 1) for m in mentions if m.code)
    starts = [t[0] for t in taken]
    adjectives = {norm.norm_index(m.start): m for m in mentions if m.via == "adjective"}
    sent_starts = [s.start for s in doc.sentences]
    places = [m for m in mentions if m.kind in ("GPE", "LOC") and m.via in _PLACE_VIA and _is_state(m.code)]
    added: list[Mention] = []
    dropped: set[int] = set()
    for story in (s for s in doc.stories if s.lang == "ar"):
        home = _story_home([m for m in mentions if story.start <= m.start < story.end])
        for seg in story.segments:
            for match in _matcher().find(norm.text, norm.norm_index(seg.start), norm.norm_index(seg.end)):
                if _covered(taken, starts, match.start, match.end):
                    continue
                entry = match.entries[0]
                adj = _qualifier(norm.text, match.end, adjectives)
                end, code = match.end, entry.code
                if adj is not None and not code:
                    end, code = norm.norm_index(adj.end - 1) + 1, adj.code
                    dropped.add(id(adj))
                if not code:
                    sent = _sentence_at(doc, sent_starts, norm.raw_start(match.start))
                    code = _setting(doc, sent, places) or home
                if code:
                    s, e = norm.raw_start(match.start), norm.raw_end(end)
                    added.append(Mention(s, e, text=doc.text[s:e], kind="ORG", code=code, sector=entry.sector,
                                         entity=entry.entity, via="group"))
    if not added:
        return mentions
    spans = [(a.start, a.end) for a in added]
    out = [m for m in mentions if id(m) not in dropped and (m.code or not _overlaps(m, spans))] + added
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def _covered(taken: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    k = bisect_right(starts, end) - 1
    while k >= 0 and taken[k][1] > start - 200:
        if taken[k][0] < end and start < taken[k][1]:
            return True
        k -= 1
    return False


def _overlaps(m: Mention, spans: list[tuple[int, int]]) -> bool:
    """An uncoded mention (دول الخليج as a region) that a group reading replaces."""
    return any(s < m.end and m.start < e for s, e in spans)


def _qualifier(text: str, end: int, adjectives: dict[int, Mention]) -> Mention | None:
    """A nationality adjective right after the group word (المتظاهرين الروس)."""
    for gap in range(1, _MAX_GAP + 1):
        if end + gap in adjectives and not text[end:end + gap].strip():
            return adjectives[end + gap]
    return None


def _story_home(mentions: list[Mention]) -> str:
    """The state a story names most (its places, capitals, adjectives), the first named on a tie."""
    counts = Counter(m.code for m in mentions if m.kind in ("GPE", "LOC") and _is_state(m.code))
    if not counts:
        return ""
    best = max(counts.values())
    return next(m.code for m in mentions if counts.get(m.code) == best)


def _is_state(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and code.isupper() and code != "XXX"


def _sentence_at(doc: Doc, starts: list[int], pos: int) -> Sentence | None:
    k = bisect_right(starts, pos) - 1
    return doc.sentences[k] if k >= 0 and pos < doc.sentences[k].end else None


def _setting(doc: Doc, sent: Sentence | None, places: list[Mention]) -> str:
    """The state of the place the sentence is set in: a town, region or state after في."""
    if sent is None:
        return ""
    for m in places:  # few per document
        if sent.start <= m.start < sent.end:
            before = doc.text[max(sent.start, m.start - 8):m.start].split()
            if before and before[-1] in _SETTING:
                return m.code
    return ""


