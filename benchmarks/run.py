"""marsad benchmarks: throughput per stage and for the whole ingest, with peak memory.

Run with `make bench`. Reads ../shared/corpora/saudinewsnet when present (skips otherwise),
prints one table and writes benchmarks/results/latest.json so runs can be compared.
Baseline in the same run: a plain str.split pass over the same text (the floor for the
Arabic stages).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet" / "dataset"
sys.path.insert(0, str(ROOT))

from marsad.doc import Doc  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402
from marsad.sources import iter_inputs  # noqa: E402


def load_docs(limit: int | None = None) -> list[Doc]:
    docs = [d for d in iter_inputs([str(CORPUS)]) if isinstance(d, Doc)]
    return docs[:limit] if limit else docs


def time_stage_prefixes(docs: list[Doc]) -> list[tuple[str, float]]:
    """Seconds for pipelines of growing length; a stage's own cost is the difference."""
    names = ["textpage", "sentences", "timex", "actors", "coder"]
    out = []
    for k in range(1, len(names) + 1):
        pipe = Pipeline(names[:k])
        started = time.perf_counter()
        for d in docs:
            pipe(Doc(d.text, id=d.id, meta=d.meta))
        out.append((names[k - 1], time.perf_counter() - started))
    return out


def baseline_split(docs: list[Doc]) -> float:
    started = time.perf_counter()
    n = 0
    for d in docs:
        n += len(d.text.split())
    return time.perf_counter() - started


def ingest_all() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c",
             "import resource,sys; from marsad.cli import main\n"
             "try:\n main(['ingest', sys.argv[1], '--db', sys.argv[2]])\n"
             "except SystemExit: pass\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)",
             str(CORPUS), db],
            capture_output=True, text=True, cwd=ROOT, check=True)
        seconds = time.perf_counter() - started
        peak_kb = int(proc.stderr.strip().splitlines()[-1])
        summary = proc.stderr.strip().splitlines()[-2]
        size = os.path.getsize(db)
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "db_mb": size / 2**20, "summary": summary}


def main() -> None:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not present")
        return
    docs = load_docs()
    n = len(docs)
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 2**20
    sample = docs[:5000]
    smb = sum(len(d.text.encode("utf-8")) for d in sample) / 2**20
    rows = []
    base = baseline_split(sample)
    rows.append(("baseline str.split", len(sample) / base, smb / base))
    prev = 0.0
    stages = time_stage_prefixes(sample)
    for name, total in stages:
        own = max(total - prev, 1e-9)
        rows.append((f"stage {name}", len(sample) / own, smb / own))
        prev = total
    rows.append(("pipeline (all stages)", len(sample) / stages[-1][1], smb / stages[-1][1]))
    ingest = ingest_all()
    rows.append(("ingest into SQLite (all)", n / ingest["seconds"], mb / ingest["seconds"]))
    print(f"corpus: saudinewsnet, {n} articles, {mb:.1f} MB; stage figures on the first {len(sample)} "
          f"articles, one process (one core)")
    print(f"{'what':<28}{'docs/s':>10}{'MB/s':>8}")
    for name, dps, mbs in rows:
        print(f"{name:<28}{dps:>10.0f}{mbs:>8.2f}")
    print(f"ingest: {ingest['summary']}")
    print(f"ingest peak memory: {ingest['peak_mb']:.0f} MB; store size {ingest['db_mb']:.0f} MB")
    print(f"benchmark process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(
        {"articles": n, "mb": mb, "rows": rows, "ingest": ingest}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
