"""Statements as actors (data/statement_nouns.tsv): واتهم البيان القوات الأمريكية، ندد بيان … —
the statement stands for whoever issued it, named after the noun (بيان الخارجية الأمريكية) or
before it in its sentence (أصدرت الكتائب بيانا، قالت الوزارة في بيان), or by an earlier statement
of the story."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc, Mention
from marsad.recognize.gazetteer import Entry, Match, Matcher
from marsad.resources import read_tsv

_GENITIVE_GAP = 3  # characters between the noun and its issuer (a space, a quotation mark)
_ISSUER_KINDS = frozenset({"ORG", "PERS", "GPE", "LOC"})


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    names: dict[str, list[Entry]] = {}
    for noun, definite in read_tsv("statement_nouns.tsv"):
        names.setdefault(normalize_text(noun), []).append(Entry(noun, "ORG", "", "", "statement", count=int(definite)))
    return Matcher(names)


def add_statements(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions with every statement that refers back to an issuer added as that issuer."""
    norm = doc.norm
    issuers = [m for m in mentions if m.code and m.kind in _ISSUER_KINDS and m.via not in ("adjective", "statement")]
    starts = [norm.norm_index(m.start) for m in issuers]
    sent_starts = [norm.norm_index(s.start) for s in doc.sentences]
    added: list[Mention] = []
    for story in (s for s in doc.stories if s.lang == "ar"):
        issuer: Mention | None = None
        for match in _matcher().find(norm.text, norm.norm_index(story.start), norm.norm_index(story.end)):
            indefinite = match.entries[0].count == 0
            named = _genitive(norm.text, match, issuers, starts) if indefinite else None
            if named is None and indefinite and not _quoted(doc, sent_starts, match.start):
                named = _before(match, issuers, starts, sent_starts)  # not a statement someone is quoted on
            if named is not None:
                issuer = named
            elif issuer is not None:
                s, e = norm.raw_start(match.start), norm.raw_end(match.end)
                added.append(Mention(s, e, text=doc.text[s:e], kind="ORG", code=issuer.code, sector=issuer.sector,
                                     entity=issuer.entity, via="statement"))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: (m.start, -m.end))


def _genitive(text: str, match: Match, issuers: list[Mention], starts: list[int]) -> Mention | None:
    k = bisect_left(starts, match.end)
    if k < len(starts) and starts[k] - match.end <= _GENITIVE_GAP and not text[match.end:starts[k]].strip(' "«'):
        return issuers[k]
    return None


def _quoted(doc: Doc, sent_starts: list[int], pos: int) -> bool:
    """The position is inside quotation marks opened in its sentence."""
    norm = doc.norm
    s = bisect_left(sent_starts, pos + 1) - 1
    start, end = norm.raw_start(sent_starts[s] if s >= 0 else 0), norm.raw_start(pos)
    return doc.text.count('"', start, end) % 2 == 1 or doc.text.count("«", start, end) > doc.text.count("»", start, end)


def _before(match: Match, issuers: list[Mention], starts: list[int], sent_starts: list[int]) -> Mention | None:
    """The nearest issuer before the noun in its sentence."""
    k = bisect_left(starts, match.start) - 1
    s = bisect_left(sent_starts, match.start + 1) - 1
    sent_start = sent_starts[s] if s >= 0 else 0
    return issuers[k] if k >= 0 and starts[k] >= sent_start else None
