"""Scoring of time expressions: span detection (exact and overlap) and value accuracy.

Gold format (JSONL, one object per text)::

    {"id": "doc-1", "text": "...", "ref": "2024-12-06",
     "timexes": [{"start": 10, "end": 22, "type": "DATE", "value": "2024-11"}, ...]}

``start``/``end`` are Python string offsets into ``text`` (end exclusive); ``ref`` is the date
relative expressions count from (``null`` when there is none); ``type`` is DATE, TIME, DURATION
or SET; ``value`` is the TIMEX3 value ("" when the gold has none, e.g. converted corpora).

Scores (:func:`score`): ``exact`` counts a predicted span as correct when its offsets equal a
gold span's; ``overlap`` pairs predicted and gold spans that share at least one character, one
to one, largest overlap first. ``value`` is the share of overlap-matched pairs, among those
whose gold value is not empty, where the predicted value equals the gold one; ``type`` likewise
for types.

Wojood (``../shared/corpora/wojood-sample/*.txt``): one token a line, ``token TAG [TAG...]`` with
nested IOB tags, a blank line between sentences. :func:`read_wojood` joins a sentence's tokens
with single spaces and takes the outermost DATE spans as gold (type DATE, no value); nothing of
it is written anywhere. Its convention differs from TIMEX3 in three ways, which
:func:`score_wojood` bridges on the prediction side: Wojood's DATE also covers durations and sets
(so DURATION and SET predictions count, while vague PAST_REF/PRESENT_REF/FUTURE_REF ones, which
Wojood tags TIME or not at all, do not), and it puts some signal words inside the span (منذ،
قبل، بعد، خلال، بتاريخ، لمدة، بين), so a prediction starts at its ``signal_start`` for those
signals, closing a parenthesis the signal opened.

CLI wiring: ``score_file(gold_jsonl) -> dict`` and ``score_wojood(path) -> dict`` (a file or a
folder of ``*.txt``); ``format_scores(dict) -> str`` renders either; ``main(argv)`` runs
``python -m marsad.evaluate_timex wojood PATH`` or ``python -m marsad.evaluate_timex FILE.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.arabic.dates import Timex, find_timexes

GoldItem = dict[str, Any]
Predictor = Callable[[str, dt.date | None], list[dict[str, Any]]]

WOJOOD_SIGNALS = frozenset({"since", "before", "after", "during", "dated", "for", "between"})
_VAGUE = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})


@dataclass(slots=True)
class _Counts:
    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    valued: int = 0  # overlap pairs whose gold has a value
    value_ok: int = 0
    typed: int = 0
    type_ok: int = 0


def _prf(correct: int, pred: int, gold: int) -> dict[str, float]:
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _overlap_pairs(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of overlapping spans, largest overlap first."""
    options = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            common = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if common > 0:
                options.append((-common, i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in sorted(options):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _add(counts: _Counts, gold: list[dict[str, Any]], pred: list[dict[str, Any]],
         errors: list[dict[str, Any]] | None, item_id: str) -> None:
    counts.gold += len(gold)
    counts.pred += len(pred)
    gold_spans = {(g["start"], g["end"]) for g in gold}
    counts.exact += sum(1 for p in pred if (p["start"], p["end"]) in gold_spans)
    pairs = _overlap_pairs(gold, pred)
    counts.overlap += len(pairs)
    for i, j in pairs:
        g, p = gold[i], pred[j]
        if g.get("value"):
            counts.valued += 1
            counts.value_ok += g["value"] == p.get("value")
        if g.get("type"):
            counts.typed += 1
            counts.type_ok += g["type"] == p.get("type")
    if errors is not None:
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        errors.extend({"id": item_id, "kind": "missed", **g} for i, g in enumerate(gold) if i not in matched_g)
        errors.extend({"id": item_id, "kind": "spurious", **p} for j, p in enumerate(pred) if j not in matched_p)
        errors.extend({"id": item_id, "kind": "boundary", "gold": gold[i], "pred": pred[j]} for i, j in pairs
                      if (gold[i]["start"], gold[i]["end"]) != (pred[j]["start"], pred[j]["end"]))


def _timex_dict(t: Timex) -> dict[str, Any]:
    return {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}


def predict_timex3(text: str, ref: dt.date | None) -> list[dict[str, Any]]:
    """marsad's time expressions as scored against TIMEX3-style gold."""
    return [_timex_dict(t) for t in find_timexes(text, ref)]


def predict_wojood(text: str, ref: dt.date | None) -> list[dict[str, Any]]:
    """marsad's time expressions in Wojood's DATE convention (see the module docstring)."""
    out = []
    for t in find_timexes(text, ref):
        if t.type == "TIME" or (t.value in _VAGUE and not t.pattern):
            continue  # lexical vague references (سابقا، حاليا) are not Wojood DATEs; منذ سنوات is
        start, end = t.start, t.end
        if t.signal in WOJOOD_SIGNALS and t.signal_start >= 0:
            start = t.signal_start
            opened = text[start:t.start]
            if "(" in opened and ")" not in text[t.start:t.end]:
                close = text.find(")", end, end + 3)
                if close >= 0 and not text[end:close].strip():
                    end = close + 1
        out.append({"start": start, "end": end, "text": text[start:end], "type": "DATE", "value": t.value})
    return out


def score(items: Iterable[GoldItem], predict: Predictor = predict_timex3,
          errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Detection P/R/F1 (exact and overlap) and value/type accuracy of ``predict`` on gold items."""
    counts = _Counts()
    texts = 0
    for item in items:
        texts += 1
        ref = dt.date.fromisoformat(item["ref"]) if item.get("ref") else None
        pred = sorted(predict(item["text"], ref), key=lambda p: p["start"])
        _add(counts, item.get("timexes", []), pred, errors, str(item.get("id", texts)))
    return {
        "texts": texts, "gold": counts.gold, "predicted": counts.pred,
        "exact": _prf(counts.exact, counts.pred, counts.gold),
        "overlap": _prf(counts.overlap, counts.pred, counts.gold),
        "value_accuracy": round(counts.value_ok / counts.valued, 4) if counts.valued else None,
        "valued_pairs": counts.valued,
        "type_accuracy": round(counts.type_ok / counts.typed, 4) if counts.typed else None,
    }


def read_gold(path: str | Path) -> Iterator[GoldItem]:
    """Gold items of a JSONL file in the format of the module docstring."""
    from marsad.evaluate import GoldFormatError, iter_jsonl

    for number, row in enumerate(iter_jsonl(path), 1):
        if not isinstance(row.get("text"), str) or not isinstance(row.get("timexes"), list):
            raise GoldFormatError(f"{path}: gold item {number} needs \"text\" and \"timexes\"")
        yield row  # type: ignore[misc]


def score_file(gold_jsonl: str | Path) -> dict[str, Any]:
    """Scores of marsad's time expressions against a gold JSONL file."""
    return {"gold_file": str(gold_jsonl), **score(read_gold(gold_jsonl))}


# Wojood ---------------------------------------------------------------------------------------


def _wojood_sentences(path: Path) -> Iterator[list[tuple[str, list[str]]]]:
    tokens: list[tuple[str, list[str]]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if tokens:
                    yield tokens
                tokens = []
                continue
            tokens.append((parts[0], parts[1:]))
    if tokens:
        yield tokens


def _outer_spans(tags: list[list[str]], label: str) -> list[tuple[int, int]]:
    """Token spans [i, j) of the outermost ``label`` entities (B- opens, I- continues)."""
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for i, token_tags in enumerate(tags):
        mine = [t for t in token_tags if t.endswith(f"-{label}")]
        if mine and mine[0].startswith("B-") and (cur is None or not any(t.startswith("I-") for t in mine)):
            if cur:
                spans.append((cur[0], cur[1]))
            cur = [i, i + 1]
        elif mine and cur is not None:
            cur[1] = i + 1
        else:
            if cur:
                spans.append((cur[0], cur[1]))
            cur = None
    if cur:
        spans.append((cur[0], cur[1]))
    return spans


def read_wojood(path: str | Path, label: str = "DATE") -> list[GoldItem]:
    """Gold items (module docstring format, in memory) from Wojood files: a file, or a folder
    whose ``*.txt`` files are read in name order."""
    p = Path(path)
    files = sorted(p.glob("*.txt")) if p.is_dir() else [p]
    items: list[GoldItem] = []
    for f in files:
        for n, sent in enumerate(_wojood_sentences(f)):
            words = [w for w, _ in sent]
            offsets, pos = [], 0
            for w in words:
                offsets.append(pos)
                pos += len(w) + 1
            text = " ".join(words)
            gold = [{"start": offsets[i], "end": offsets[j - 1] + len(words[j - 1]), "type": label, "value": ""}
                    for i, j in _outer_spans([tags for _, tags in sent], label)]
            items.append({"id": f"{f.stem}:{n}", "text": text, "ref": None, "timexes": gold})
    return items


def score_wojood(path: str | Path, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Detection scores on the DATE spans of Wojood file(s) (a file or a folder of *.txt)."""
    return {"corpus": str(path), **score(read_wojood(path), predict_wojood, errors)}


def format_scores(scores: dict[str, Any]) -> str:
    """A few lines for a terminal."""
    lines = [f"texts {scores['texts']}  gold {scores['gold']}  predicted {scores['predicted']}"]
    for name in ("exact", "overlap"):
        s = scores[name]
        lines.append(f"{name:8s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    if scores.get("value_accuracy") is not None:
        lines.append(f"value accuracy {scores['value_accuracy']:.3f} on {scores['valued_pairs']} matched spans")
    if scores.get("type_accuracy") is not None:
        lines.append(f"type accuracy {scores['type_accuracy']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "wojood":
        print(format_scores(score_wojood(args[1])))
    elif len(args) == 1:
        print(format_scores(score_file(args[0])))
    else:
        print("usage: python -m marsad.evaluate_timex (wojood PATH | GOLD.jsonl)", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
