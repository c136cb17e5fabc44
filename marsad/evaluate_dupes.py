"""Near-duplicate detection scored on labeled article pairs (URLs and labels only)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from marsad.doc import Doc
from marsad.evaluate import PRF
from marsad.link.linker import DUPLICATE_THRESHOLD
from marsad.link.minhash import signature, similarity


@dataclass(frozen=True, slots=True)
class DupeScores:
    pairs: int
    missing: int  # pairs whose articles the corpus lacks
    threshold: float
    at_threshold: PRF
    best_threshold: float
    best: PRF


def read_pairs(path: str) -> list[tuple[str, str, int]]:
    with open(path, encoding="utf-8") as fh:
        return [(r["url_a"], r["url_b"], int(r["label"])) for r in csv.DictReader(fh, delimiter="\t")]


def score_dupes(pairs: list[tuple[str, str, int]], docs: Iterable[Doc],
                threshold: float = DUPLICATE_THRESHOLD) -> DupeScores:
    wanted = {u for a, b, _ in pairs for u in (a, b)}
    texts = {d.meta["url"]: d.text for d in docs if d.meta.get("url") in wanted}
    sims: list[tuple[float, int]] = []
    missing = 0
    for a, b, label in pairs:
        if a not in texts or b not in texts:
            missing += 1
            continue
        sims.append((similarity(signature(texts[a]), signature(texts[b])), label))

    def prf(t: float) -> PRF:
        s = PRF()
        s.n_pred = sum(1 for sim, _ in sims if sim >= t)
        s.n_gold = sum(label for _, label in sims)
        s.tp = sum(1 for sim, label in sims if sim >= t and label)
        return s

    candidates = [round(x * 0.05, 2) for x in range(2, 19)]
    best_t = max(candidates, key=lambda t: (prf(t).f1, -abs(t - threshold)))
    return DupeScores(len(pairs), missing, threshold, prf(threshold), best_t, prf(best_t))
