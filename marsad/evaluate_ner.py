"""Entity-level precision, recall and F1 of the tagger against a CoNLL gold file."""

from __future__ import annotations

from collections.abc import Iterable

from marsad.evaluate import PRF
from marsad.recognize.names import NameMemory
from marsad.recognize.ner import read_conll, spans, tag_tokens

TYPES = ("PERS", "LOC", "ORG")


def score_ner(lines: Iterable[str], types: tuple[str, ...] = TYPES) -> dict[str, PRF]:
    """Per-type and micro ('ALL') scores; an entity counts when its span and type are exact."""
    scores = {t: PRF() for t in (*types, "ALL")}
    memory = NameMemory()
    for sent in read_conll(lines):
        gold = {s for s in spans(sent.tags) if s[2] in types}
        pred = {s for s in spans(tag_tokens(sent.tokens, memory)) if s[2] in types}
        for t in types:
            g = {s for s in gold if s[2] == t}
            p = {s for s in pred if s[2] == t}
            scores[t].tp += len(g & p)
            scores[t].n_gold += len(g)
            scores[t].n_pred += len(p)
        scores["ALL"].tp += len(gold & pred)
        scores["ALL"].n_gold += len(gold)
        scores["ALL"].n_pred += len(pred)
    return scores
