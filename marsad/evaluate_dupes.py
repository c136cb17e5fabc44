"""Near-duplicate detection scored on labeled article pairs (URLs and labels only)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field

from marsad.doc import Doc
from marsad.evaluate import PRF, GoldFormatError
from marsad.link.identity import (
    MIN_DISAGREEMENT,
    NUMBER_WEIGHT,
    TEMPLATE_CEILING,
    Identity,
    different_happenings,
    identity_of,
)
from marsad.link.linker import DUPLICATE_THRESHOLD
from marsad.link.minhash import signature_of, similarity, words

RULE = (f"templated reports: below similarity {TEMPLATE_CEILING}, a pair whose sides each hold numbers, places or "
        f"people's names the other lacks (weight {NUMBER_WEIGHT} a number, 1 a word; at least {MIN_DISAGREEMENT} on "
        "both sides) reports different happenings, not a copy")


@dataclass(frozen=True, slots=True)
class Judged:
    url_a: str
    url_b: str
    label: int
    similarity: float
    different: bool  # told apart by their identities (numbers, places, names)

    def predicted(self, threshold: float, rule: bool = True) -> bool:
        return self.similarity >= threshold and not (rule and self.different)


@dataclass(frozen=True, slots=True)
class DupeScores:
    pairs: int
    missing: int  # pairs whose articles the corpus lacks
    threshold: float
    at_threshold: PRF
    best_threshold: float
    best: PRF
    without_rule: PRF  # at the threshold, similarity alone
    errors: list[Judged] = field(default_factory=list)  # pairs still wrong at the threshold


def read_pairs(path: str) -> list[tuple[str, str, int]]:
    """Labeled pairs of a TSV file with columns url_a, url_b and label (1 a copy, 0 not)."""
    with open(path, encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        if not {"url_a", "url_b", "label"} <= set(reader.fieldnames or ()):
            raise GoldFormatError(f"{path}: the first line must name the columns url_a, url_b, label (tab-separated)")
        pairs = []
        for number, r in enumerate(reader, 2):
            if r["label"] not in ("0", "1") or not r["url_a"] or not r["url_b"]:
                raise GoldFormatError(f"{path}:{number}: a pair needs two URLs and a label 0 or 1")
            pairs.append((r["url_a"], r["url_b"], int(r["label"])))
        return pairs


def _fingerprints(docs: Iterable[Doc], wanted: set[str]) -> dict[str, tuple[object, Identity]]:
    found: dict[str, tuple[object, Identity]] = {}
    for d in docs:
        url = d.meta.get("url")
        if url in wanted and url not in found:
            ws = words(d.text)
            found[url] = (signature_of(ws), identity_of(ws))
    return found


def judge(pairs: list[tuple[str, str, int]], docs: Iterable[Doc]) -> tuple[list[Judged], int]:
    """Each pair with its similarity and whether the identity rule tells its sides apart."""
    prints = _fingerprints(docs, {u for a, b, _ in pairs for u in (a, b)})
    judged: list[Judged] = []
    for a, b, label in pairs:
        if a in prints and b in prints:
            (sig_a, id_a), (sig_b, id_b) = prints[a], prints[b]
            sim = similarity(sig_a, sig_b)  # type: ignore[arg-type]
            judged.append(Judged(a, b, label, sim, different_happenings(sim, id_a, id_b)))
    return judged, len(pairs) - len(judged)


def _prf(judged: list[Judged], t: float, rule: bool = True) -> PRF:
    s = PRF()
    s.n_pred = sum(1 for j in judged if j.predicted(t, rule))
    s.n_gold = sum(j.label for j in judged)
    s.tp = sum(1 for j in judged if j.predicted(t, rule) and j.label)
    return s


def score_dupes(pairs: list[tuple[str, str, int]], docs: Iterable[Doc],
                threshold: float = DUPLICATE_THRESHOLD) -> DupeScores:
    judged, missing = judge(pairs, docs)
    candidates = [round(x * 0.05, 2) for x in range(2, 19)]
    best_t = max(candidates, key=lambda t: (_prf(judged, t).f1, -abs(t - threshold)))
    errors = [j for j in judged if j.predicted(threshold) != bool(j.label)]
    return DupeScores(len(pairs), missing, threshold, _prf(judged, threshold), best_t, _prf(judged, best_t),
                      _prf(judged, threshold, rule=False), sorted(errors, key=lambda j: j.similarity))


def report_lines(s: DupeScores) -> list[str]:
    """The figures `marsad eval dupes` prints."""
    def fig(name: str, t: float, r: PRF) -> str:
        return (f"{name} {t:.2f}: P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f} "
                f"(predicted {r.n_pred}, gold {r.n_gold}, correct {r.tp})")

    return [f"pairs: {s.pairs} (missing from the corpus: {s.missing})",
            f"rule: {RULE}",
            fig("marsad threshold", s.threshold, s.at_threshold),
            fig("best threshold", s.best_threshold, s.best),
            fig("similarity alone, threshold", s.threshold, s.without_rule),
            *(f"wrong: label {j.label} similarity {j.similarity:.3f}{' told apart' if j.different else ''} "
              f"{j.url_a} {j.url_b}" for j in s.errors)]
