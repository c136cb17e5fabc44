"""Benchmark of `marsad batch`: all of SaudiNewsNet wrapped as web archives, run on a local Ray
instance with 1 and then 2 workers; reports records/s and the speed-up.

The articles (zipped JSON arrays: title, content, date_extracted, url, source) become HTTP
response records of a small HTML page each, in gzipped WARC shards of ``PER_SHARD`` records
under a temporary folder, so the job reads them exactly as it reads a crawl: WARC → HTML main
text → the pipeline → Parquet, then the corpus-wide link stages.

Run alone (``python benchmarks/batch.py [--workers 1,2] [--limit N]``) or through
:func:`run_batch_benchmark` from benchmarks/run.py. Needs the ``marsad[ray]`` extra.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet" / "dataset"
PER_SHARD = 250
sys.path.insert(0, str(ROOT))

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{source}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}">
</head><body><main><article><h1>{title}</h1>
{paras}
</article></main></body></html>"""


def articles(limit: int | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                if name.endswith(".json"):
                    out.extend(a for a in json.loads(z.read(name)) if (a.get("content") or "").strip())
        if limit and len(out) >= limit:
            return out[:limit]
    return out


def page(a: dict[str, Any]) -> bytes:
    paras = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in a["content"].splitlines() if p.strip())
    date = (a.get("date_extracted") or "").replace(" ", "T")
    return PAGE.format(title=html.escape(a.get("title") or ""), source=html.escape(a.get("source") or ""),
                       date=html.escape(date), paras=paras).encode("utf-8")


def write_warcs(folder: Path, items: list[dict[str, Any]], per_shard: int = PER_SHARD) -> list[str]:
    """Gzipped WARC shards of response records, ``per_shard`` articles each."""
    from fastwarc.stream_io import GzipWriter
    from fastwarc.warc import WarcRecord, WarcRecordType

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, len(items), per_shard):
        buf = io.BytesIO()
        for i, a in enumerate(items[start:start + per_shard]):
            body = page(a)
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
            record = WarcRecord()
            record.init_headers(record_type=WarcRecordType.response,
                                record_urn=f"uuid:{uuid.UUID(int=start + i)}".encode())
            record.headers.append("WARC-Target-URI", a.get("url") or f"https://example.org/{start + i}")
            record.headers.append("Content-Type", "application/http; msgtype=response")
            record.set_bytes_content(http)
            member = io.BytesIO()
            writer = GzipWriter(member)
            record.write(writer)
            writer.close()
            buf.write(member.getvalue())
        path = folder / f"saudinewsnet-{start // per_shard:04d}.warc.gz"
        path.write_bytes(buf.getvalue())
        paths.append(str(path))
    return paths


def run_once(shards: list[str], workers: int, out: Path) -> dict[str, Any]:
    import os

    from marsad.batch.job import done_summaries, run_batch

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    result = run_batch(shards, str(out), workers=workers, local=True)
    total = time.perf_counter() - started
    done = done_summaries(str(out))
    cpu = sum(s.get("cpu_seconds", 0.0) for s in done)
    busy = sum(s["seconds"] for s in done)
    return {"workers": workers, "documents": result.documents, "records": result.records,
            "worker_cpu_seconds": round(cpu, 1), "worker_busy_seconds": round(busy, 1),
            "records_per_cpu_second": round(result.records / cpu, 1) if cpu else None,
            "loadavg_before": load_before, "loadavg_after": os.getloadavg()[0],
            "stories": result.stories, "events": result.events, "extract_seconds": result.extract_seconds,
            "link_seconds": result.link_seconds, "total_seconds": round(total, 2),
            "link": result.link.__dict__ if result.link else None}


def run_batch_benchmark(workers: tuple[int, ...] = (1, 2), limit: int | None = None,
                        report: dict[str, Any] | None = None, check: bool = False) -> list[tuple[str, float, float]]:
    """Rows (what, records/s, MB/s) for each worker count: the extraction stage (shards → Parquet)
    and the whole job (with the link stages); ``report`` gets the raw figures and speed-ups, and with
    ``check`` how the last run's links agree with `marsad ingest` of the same shards."""
    if not CORPUS.exists():
        print(f"batch benchmark skipped: {CORPUS} not present")
        return []
    try:
        import ray  # noqa: F401
    except ImportError:
        print("batch benchmark skipped: Ray is not installed (pip install 'marsad[ray]')")
        return []
    items = articles(limit)
    rows: list[tuple[str, float, float]] = []
    runs = []
    with tempfile.TemporaryDirectory(prefix="marsad-batch-bench-") as tmp:
        shards = write_warcs(Path(tmp) / "warc", items)
        mb = sum(Path(s).stat().st_size for s in shards) / 2**20
        for n in workers:
            r = run_once(shards, n, Path(tmp) / f"out-{n}")
            r["warc_mb"] = round(mb, 1)
            runs.append(r)
            recs = r["records"]
            rows.append((f"batch extract, {n} worker{'s' if n > 1 else ''}", recs / r["extract_seconds"],
                         mb / r["extract_seconds"]))
            rows.append((f"batch job, {n} worker{'s' if n > 1 else ''}", recs / r["total_seconds"],
                         mb / r["total_seconds"]))
        if check and report is not None:
            import subprocess

            db = Path(tmp) / "ingest.db"
            subprocess.run([sys.executable, "-m", "marsad", "ingest", str(Path(tmp) / "warc"), "--db", str(db)],
                           check=True, cwd=ROOT, capture_output=True)
            report["agreement"] = compare_with_store(str(Path(tmp) / f"out-{workers[-1]}"), str(db))
    base = runs[0]
    speedups = {f"{r['workers']}/{base['workers']}": {
        "extract": round(base["extract_seconds"] / r["extract_seconds"], 2),
        "job": round(base["total_seconds"] / r["total_seconds"], 2)} for r in runs[1:]}
    if report is not None:
        report.update({"articles": len(items), "shards": len(shards), "per_shard": PER_SHARD, "runs": runs,
                       "speedup": speedups})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, e.g. 1,2")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--check", action="store_true",
                        help="also ingest the shards into a store and compare its links with the batch run's")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    rows = run_batch_benchmark(tuple(int(w) for w in args.workers.split(",")), args.limit, report, args.check)
    if not rows:
        return
    print(f"corpus: saudinewsnet as {report['shards']} WARC shards of {report['per_shard']} records, "
          f"{report['articles']} articles, {report['runs'][0]['warc_mb']} MB gzipped")
    print(f"{'what':<28}{'records/s':>10}{'MB/s':>8}")
    for name, rps, mbs in rows:
        print(f"{name:<28}{rps:>10.1f}{mbs:>8.2f}")
    for r in report["runs"]:
        print(f"{r['workers']} worker(s): extract {r['extract_seconds']:.1f}s, link {r['link_seconds']:.1f}s, "
              f"total {r['total_seconds']:.1f}s; {r['documents']} documents, {r['stories']} stories, "
              f"{r['events']} events; {r['records_per_cpu_second']} records per worker CPU-second "
              f"({r['worker_cpu_seconds']:.0f} CPU-s in {r['worker_busy_seconds']:.0f} busy worker-s); "
              f"load average {r['loadavg_before']:.1f} before, {r['loadavg_after']:.1f} after")
    for k, v in report["speedup"].items():
        print(f"speed-up {k} workers: extract {v['extract']:.2f}x, whole job {v['job']:.2f}x")
    if "agreement" in report:
        print(f"agreement with `marsad ingest`: {report['agreement']}")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "batch.json").write_text(json.dumps({**report, "rows": rows}, indent=1), encoding="utf-8")



def compare_with_store(out: str, db: str) -> dict[str, Any]:
    """How far the batch run's links agree with a store made by `marsad ingest` of the same shards:
    stories with the same original (or none), the same cluster partition, and events with the
    same reports, sources and first-report flag."""
    from collections import defaultdict

    from marsad.batch import schema
    from marsad.batch.outdir import OutDir
    from marsad.store import Store

    o = OutDir(out)
    stories = {r["id"]: (r["doc"], r["index"]) for r in
               o.read_table("stories", columns=["id", "doc", "index"], schema=schema.STORIES).to_pylist()}
    links = {stories[r["story_id"]]: r for r in o.read_table("links", "stories", schema=schema.STORY_LINKS).to_pylist()
             if not r["repeat"]}
    ev_links = {r["event_id"]: r for r in o.read_table("links", "events", schema=schema.EVENT_LINKS).to_pylist()}
    batch_events = {}
    for e in o.read_table("events", columns=["id", "doc", "k"], schema=schema.EVENTS).to_pylist():
        if e["id"] in ev_links:
            batch_events[(e["doc"], e["k"])] = ev_links[e["id"]]
    with Store(db, readonly=True) as store:
        rows = store.conn.execute("SELECT s.id, d.doc, s.idx, s.duplicate_of, s.cluster_id FROM stories s"
                                  " JOIN documents d ON d.id = s.document_id").fetchall()
        key_of = {r[0]: (r[1], r[2]) for r in rows}
        store_events: dict[tuple[str, int], dict[str, Any]] = {}
        per_doc: dict[int, int] = defaultdict(int)
        for doc, _eid, _group, first, reports, outlets in store.conn.execute(
                "SELECT d.doc, e.id, e.group_id, e.first_report, g.reports, g.outlets FROM events e"
                " JOIN stories s ON s.id = e.story_id JOIN documents d ON d.id = s.document_id"
                " JOIN event_groups g ON g.id = e.group_id ORDER BY e.id"):
            k = per_doc[doc]
            per_doc[doc] += 1
            store_events[(doc, k)] = {"first_report": bool(first), "reports": reports,
                                      "sources": len([x for x in outlets.split("\t") if x]) or 1}
    same_dup = sum(1 for sid, doc, idx, dup, _c in rows
                   if (doc, idx) in links and (stories.get(links[(doc, idx)]["duplicate_of"])
                                               if links[(doc, idx)]["duplicate_of"] else None)
                   == (key_of[dup] if dup else None))

    def partition(pairs: list[tuple[Any, Any]]) -> set[frozenset]:
        groups: dict[Any, set] = defaultdict(set)
        for k, g in pairs:
            groups[g].add(k)
        return {frozenset(v) for v in groups.values()}

    mine = partition([(k, r["cluster"]) for k, r in links.items()])
    theirs = partition([((doc, idx), c) for _s, doc, idx, _d, c in rows])
    same_events = sum(1 for k, v in store_events.items() if k in batch_events and
                      (batch_events[k]["first_report"], batch_events[k]["reports"], batch_events[k]["sources"])
                      == (v["first_report"], v["reports"], v["sources"]))
    return {"stories": len(rows), "stories_linked_by_batch": len(links), "same_duplicate_of": same_dup,
            "clusters_store": len(theirs), "clusters_batch": len(mine), "same_clusters": len(mine & theirs),
            "events": len(store_events), "same_event_reports": same_events}


if __name__ == "__main__":
    main()
