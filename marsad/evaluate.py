"""Scoring of extracted events against gold, as defined in EVENTS-GUIDE.md."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RECIPROCAL = frozenset({"CONSULT", "SUPPORT", "AGREE", "COOPERATE"})


def _codes(parties: Iterable[dict[str, Any]]) -> set[str]:
    return {p.get("code", "") for p in parties if p.get("code")}


def arguments_match(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    pa, pr = _codes(pred["actor"]), _codes(pred["recipient"])
    ga, gr = _codes(gold["actor"]), _codes(gold["recipient"])
    if pa & ga and ((pr & gr) or (not pr and not gr)):
        return True
    if gold["event"] in RECIPROCAL:
        everyone = pa | pr
        return len(everyone) >= 2 and everyone == ga | gr
    return False


def date_match(pred: str, gold: str) -> bool:
    if not gold:
        return not pred
    return pred[: len(gold)] == gold


def _overlap(a: list[int], b: list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EventScores:
    type_only: PRF = field(default_factory=PRF)
    full: PRF = field(default_factory=PRF)
    per_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    date_right: int = 0
    loc_right: int = 0
    matched: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false: list[dict[str, Any]] = field(default_factory=list)
    wrong_args: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float:
        return self.date_right / self.matched if self.matched else 0.0

    @property
    def loc_accuracy(self) -> float:
        return self.loc_right / self.matched if self.matched else 0.0


def score_events(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> EventScores:
    """Match predictions to gold per document: overlapping sentence and same type, one to one,
    preferring the prediction whose actors and recipients also match."""
    scores = EventScores()
    gold_docs = {g["doc"] for g in gold}
    pred = [p for p in pred if p["doc"] in gold_docs]
    by_doc_pred: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in pred:
        by_doc_pred[p["doc"]].append(p)
    scores.type_only.n_pred = scores.full.n_pred = len(pred)
    scores.type_only.n_gold = scores.full.n_gold = len(gold)
    for p in pred:
        scores.per_type[p["event"]].n_pred += 1
    used: set[int] = set()
    for g in gold:
        scores.per_type[g["event"]].n_gold += 1
        cands = [p for p in by_doc_pred[g["doc"]]
                 if id(p) not in used and p["event"] == g["event"] and _overlap(p["sent"], g["sent"])]
        if not cands:
            scores.misses.append(g)
            continue
        best = next((p for p in cands if arguments_match(p, g)), cands[0])
        used.add(id(best))
        scores.type_only.tp += 1
        scores.per_type[g["event"]].tp += 1
        scores.matched += 1
        if arguments_match(best, g):
            scores.full.tp += 1
        else:
            scores.wrong_args.append((best, g))
        scores.date_right += date_match(best.get("date", ""), g.get("date", ""))
        gold_country = (g.get("loc") or {}).get("country", "")
        pred_country = (best.get("loc") or {}).get("country", "")
        scores.loc_right += pred_country == gold_country
    scores.false = [p for p in pred if id(p) not in used]
    return scores


class GoldFormatError(ValueError):
    """A gold file that cannot be read, with the line that shows it."""


def iter_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file, one a line; a line that is not one is a GoldFormatError."""
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{number}: not a line of JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise GoldFormatError(f"{path}:{number}: a JSON object was expected")
            yield row


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    return list(iter_jsonl(path))
