"""Named-entity tags for token sequences (CoNLL): PERS, LOC, ORG, MISC in IOB2.

The tagger runs marsad's own recognizers — gazetteer names, role phrases, unknown person
names and organisation heads — over the sentence text rebuilt from its tokens, and maps each
mention's character span back to the tokens it covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc, Mention, Segment, Story
from marsad.recognize.actors import recognize_actors
from marsad.recognize.names import NameMemory, name_lexicon
from marsad.resources import read_tsv

# Mention kind → CoNLL type; adjectives (الروسي) and role phrases (الرئيس الروسي) are not names.
_TYPE = {"PERS": "PERS", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG"}
_NOT_NAMES = frozenset({"adjective", "title", "counterpart", "body", "pair", "anaphor"})


@dataclass(frozen=True, slots=True)
class Sentence:
    tokens: list[str]
    tags: list[str]  # gold tags when read from an annotated file, else empty


def read_conll(lines: Iterable[str]) -> Iterator[Sentence]:
    """Sentences of a CoNLL file: token in column 1, optional tag in the last column."""
    tokens: list[str] = []
    tags: list[str] = []
    for line in lines:
        cols = line.split()
        if not cols:
            if tokens:
                yield Sentence(tokens, tags)
            tokens, tags = [], []
            continue
        tokens.append(cols[0])
        tags.append(cols[-1] if len(cols) > 1 else "")
    if tokens:
        yield Sentence(tokens, tags)


def entity_mentions(text: str, memory: NameMemory | None = None) -> list[Mention]:
    """Name mentions of a piece of text (one story, undated)."""
    doc = Doc(text, id="ner")
    doc.stories = [Story(0, len(text), segments=[Segment(0, len(text), "body")])]
    return [m for m in recognize_actors(doc, memory) if m.via not in _NOT_NAMES and m.kind in _TYPE]


def tag_tokens(tokens: list[str], memory: NameMemory | None = None) -> list[str]:
    """IOB2 tags for one sentence of tokens."""
    offsets: list[tuple[int, int]] = []
    pos = 0
    for tok in tokens:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    text = " ".join(tokens)
    tags = ["O"] * len(tokens)
    titles = name_lexicon().titles
    descriptors = _descriptors()
    for m in sorted(entity_mentions(text, memory), key=lambda m: (m.start, -(m.end - m.start))):
        covered = [i for i, (s, e) in enumerate(offsets) if s < m.end and m.start < e]
        while m.kind == "PERS" and len(covered) > 1 and normalize_text(tokens[covered[0]]) in titles:
            covered = covered[1:]  # الملك عبدالله الثاني: the title is not part of the name
        if m.kind == "ORG" and len(covered) > 1 and _bare(tokens[covered[0]]) in descriptors:
            covered = covered[1:]  # صحيفة ديلي تلغراف: the name proper follows the descriptor
        if not covered or any(tags[i] != "O" for i in covered):
            continue
        kind = _TYPE[m.kind]
        for n, i in enumerate(covered):
            tags[i] = ("B-" if n == 0 else "I-") + kind
    return tags


@lru_cache(maxsize=1)
def _descriptors() -> frozenset[str]:
    return frozenset(normalize_text(w) for (w,) in read_tsv("org_descriptors.tsv"))


def _bare(token: str) -> str:
    """The token without a leading conjunction or preposition (لصحيفة → صحيفة)."""
    key = normalize_text(token)
    for p in ("ول", "وب", "و", "ل", "ب"):
        if key.startswith(p) and len(key) - len(p) >= 3:
            return key[len(p):]
    return key


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start token, end token, type) of an IOB2 sequence (I- without B- opens one)."""
    out: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        head, _, typ = tag.partition("-")
        if start >= 0 and (head != "I" or typ != kind):
            out.add((start, i, kind))
            start, kind = -1, ""
        if head == "B" or (head == "I" and start < 0):
            start, kind = i, typ
    return out
