"""Agreements as entities: treaties, accords and memoranda named in a story, with their parties,
dates of signing, ratification and entry into force, term, clauses and the events about them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import Token, proclitic_splits
from marsad.doc import Agreement, Doc, Event, Sentence, TimeExpr
from marsad.resources import read_tsv

_MAX_NAME_WORDS = 5
_TERM_RE = re.compile(r"^P\d+[YM]$")  # a term of years or months, not "over the past years"
_DEMONSTRATIVES = frozenset({"هذا", "هذه", "تلك", "ذلك"})
_NAME_STOP = frozenset({"بين", "مع", "في", "من", "الي", "علي", "عن", "التي", "الذي", "بعد", "قبل", "حيز",
                        "المبرمه", "الموقعه", "المبرم", "الموقع", "الجديده", "الجديد", "جديده", "جديد",
                        "تاريخيه", "التاريخيه", "هذه", "هذا", "ان", "او", "و"})
_SIGN = ("وقع", "توقيع", "ابرام", "ابرم", "المبرمه", "الموقعه")
_RATIFY = ("صادق", "تصديق", "المصادقه", "صدق")
_IN_FORCE = ("حيز",)
_CLAUSE = frozenset({"بند", "بندا", "بنود", "ينص", "تنص", "يسمح", "تسمح", "تمنح", "يمنح", "تتضمن", "تضمنت",
                     "يتضمن", "تضمن", "تلزم", "يلزم", "بموجب", "وتضمنت", "وتنص", "ويسمح"})


@lru_cache(maxsize=1)
def _words() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word → (all words, kind), longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for w, kind in read_tsv("agreement_words.tsv"):
        key = tuple(normalize_text(w).split())
        out.setdefault(key[0], []).append((key, kind))
    return {k: sorted(v, key=lambda x: -len(x[0])) for k, v in out.items()}


@dataclass(slots=True)
class _Entity:
    name: str
    kind: str
    key: frozenset[str]
    first: tuple[int, int]
    mentions: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


def find_agreements(doc: Doc) -> list[Agreement]:
    out: list[Agreement] = []
    for story in doc.stories:
        entities: list[_Entity] = []
        for sent in (s for s in doc.sentences if s.story == story.index):
            _mentions_in_sentence(doc, sent, entities)
        out.extend(_agreement(doc, e, story.index) for e in entities if e.key)
    return out


def _mentions_in_sentence(doc: Doc, sent: Sentence, entities: list[_Entity]) -> None:
    norm = doc.norm
    tokens = doc.tokens(sent.start, sent.end)
    if _head_forms().isdisjoint(map(itemgetter(2), tokens)):
        return  # most sentences name no agreement: one set test over their word forms
    heads = [_heads_of(t.text) for t in tokens]  # most words begin no agreement word
    after = 0
    for i in [k for k, h in enumerate(heads) if h]:
        hit = _head_at(tokens, i, heads[i]) if i >= after else None
        if hit is None:
            continue
        n, kind, definite = hit
        j = i + n
        name_words: list[str] = []
        while j < len(tokens) and len(name_words) < _MAX_NAME_WORDS and tokens[j].text not in _NAME_STOP \
                and not tokens[j].text.isdigit() and (not definite or tokens[j].text.startswith("ال")):
            name_words.append(tokens[j].text)
            j += 1
        span = (norm.raw_start(tokens[i].start), norm.raw_end(tokens[j - 1].end))
        anaphoric = kind == "anaphor" or (not name_words and (definite or _demonstrative(tokens, i)))
        target = _resolve(entities, frozenset(name_words), anaphoric)
        if target is None and name_words and kind != "anaphor":
            target = _Entity(doc.text[span[0]:span[1]], kind, frozenset(name_words), span)
            entities.append(target)
        if target is not None:
            if kind == "treaty":
                target.kind = "treaty"  # the most specific word any mention uses
            target.mentions.append(span)
            if sent not in target.sentences:
                target.sentences.append(sent)
        after = j


def _head_at(tokens: list[Token], i: int,
             heads: tuple[tuple[tuple[str, ...], str, bool], ...]) -> tuple[int, str, bool] | None:
    for key, kind, definite in heads:
        if all(i + k < len(tokens) and tokens[i + k].text == key[k] for k in range(1, len(key))):
            return len(key), kind, definite
    return None


_HEAD_PREFIXES = ("", "و", "ب", "ل", "ال", "بال", "وال", "لل", "ف")


@lru_cache(maxsize=1)
def _head_forms() -> frozenset[str]:
    """Every word form :func:`_heads_of` finds a head in (a stem of two letters or more after a prefix)."""
    return frozenset(p + stem for stem in _words() for p in _HEAD_PREFIXES if not p or len(stem) >= 2)


@lru_cache(maxsize=20_000)
def _heads_of(text: str) -> tuple[tuple[tuple[str, ...], str, bool], ...]:
    """Agreement words a token may begin (its clitics allowed), computed once per word form."""
    words = _words()
    out: list[tuple[tuple[str, ...], str, bool]] = []
    for prefix, stem in Token(0, 0, text).splits():
        if prefix not in _HEAD_PREFIXES or stem not in words:
            continue
        definite = stem.startswith("ال") or "ال" in prefix
        out.extend((key, kind, definite) for key, kind in words[stem])
    return tuple(out)


def _demonstrative(tokens: list[Token], i: int) -> bool:
    return i > 0 and tokens[i - 1].text in _DEMONSTRATIVES


def _resolve(entities: list[_Entity], key: frozenset[str], anaphoric: bool) -> _Entity | None:
    if key:
        for e in reversed(entities):
            if e.key and len(e.key & key) >= max(1, min(len(e.key), len(key)) - 1):
                return e
        return None
    return entities[-1] if anaphoric and entities else None


def _agreement(doc: Doc, e: _Entity, story: int) -> Agreement:
    sent_spans = {(s.start, s.end) for s in e.sentences}
    event_ids = [k for k, ev in enumerate(doc.events) if (ev.sent_start, ev.sent_end) in sent_spans]
    events = [doc.events[k] for k in event_ids]
    timexes = [t for t in doc.timexes if any(s.start <= t.start < s.end for s in e.sentences)]
    return Agreement(
        e.first[0], e.first[1], name=e.name, kind=e.kind, story=story,
        parties=_parties(doc, e, events),
        signed=_signed(doc, e, events, timexes),
        ratified=_dated_by(doc, e, timexes, _RATIFY),
        in_force=_dated_by(doc, e, timexes, _IN_FORCE),
        term=next((t.value for t in timexes if t.type == "DURATION" and _TERM_RE.match(t.value)), ""),
        clauses=[[s.start, s.end] for s in e.sentences if _states_terms(doc, s)],
        mentions=[list(m) for m in e.mentions],
        events=event_ids,
    )


def _parties(doc: Doc, e: _Entity, events: list[Event]) -> list[str]:
    for _start, end in e.mentions:  # معاهدة … بين روسيا وإيران
        window = [m for m in doc.mentions if end <= m.start <= end + 60 and m.code and m.via != "adjective"]
        between = doc.norm.text[doc.norm.norm_index(end):doc.norm.norm_index(end + 60)]
        if window and "بين" in between.split()[:6]:
            named = list(dict.fromkeys(m.code for m in window[:4]))
            if len(named) >= 2:
                return named[:2] if len(window) <= 2 else named
    codes: list[str] = []
    for ev in events:
        if ev.event in ("SUPPORT", "AGREE", "COOPERATE"):
            codes += [p.code for p in ev.actor + ev.recipient]
    return list(dict.fromkeys(codes))


def _signed(doc: Doc, e: _Entity, events: list[Event], timexes: list[TimeExpr]) -> str:
    dated = _dated_by(doc, e, timexes, _SIGN)
    if dated:
        return dated
    for ev in events:
        if ev.event == "SUPPORT" and ev.mode == "sign" and ev.date and not ev.aux:
            return ev.date
    return ""


def _dated_by(doc: Doc, e: _Entity, timexes: list[TimeExpr], stems: tuple[str, ...]) -> str:
    """The date nearest to a word of the given stems (توقيعها، حيز التنفيذ) in the agreement's sentences."""
    norm = doc.norm
    best, best_dist = "", 10**9
    for s in e.sentences:
        for tok in doc.tokens(s.start, s.end):
            if not _has_stem(tok.text, stems):
                continue
            pos = norm.raw_start(tok.start)
            for t in timexes:
                # an unresolved expression (أكتوبر الماضي in an undated story) still wins by
                # distance: better no date than the date of another clause
                if t.type == "DATE" and s.start <= t.start < s.end and (not t.value or t.value[:1].isdigit()):
                    dist = abs(t.start - pos)
                    if dist < best_dist:
                        best, best_dist = t.value, dist
    return best


@lru_cache(maxsize=20_000)
def _has_stem(form: str, stems: tuple[str, ...]) -> bool:
    """The word form, clitics allowed, begins with one of the stems."""
    return any(stem.startswith(st) for _p, stem in proclitic_splits(form) for st in stems)


def _states_terms(doc: Doc, s: Sentence) -> bool:
    words = set(doc.norm.text[doc.norm.norm_index(s.start):doc.norm.norm_index(s.end)].split())
    return bool(words & _CLAUSE)
