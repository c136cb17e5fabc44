"""One shard in, its rows out: the per-document pipeline (the same function `marsad extract` and
`marsad ingest` run) over every document of the shard, flattened into the tables of
:mod:`marsad.batch.schema` and written as Parquet, then the shard is marked done.

Nothing here needs Ray: :class:`ShardWorker` is the callable Ray Data runs, one per worker, and
:func:`process_shard` is a plain function the tests and a single machine can call.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import defaultdict
from typing import Any

import numpy as np
import pyarrow as pa

from marsad.batch import schema
from marsad.batch.outdir import ATTEMPT, DONE, OutDir
from marsad.batch.shards import read_shard, shard_id
from marsad.doc import Doc
from marsad.link.linker import outlet_of
from marsad.link.minhash import fingerprint, signature
from marsad.pipeline import Pipeline, default_pipeline
from marsad.records import event_record, story_text
from marsad.sources import SourceError

log = logging.getLogger(__name__)


def doc_rows(doc: Doc, shard: str, doc_index: int, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Append the rows of one processed document to ``rows`` (table name → list of rows)."""
    failed = bool(doc.errors)
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()  # as the store hashes content
    key = f"{shard}:{doc_index}"
    rows["documents"].append({
        "shard": shard, "doc_index": doc_index, "doc": doc.id, "path": doc.meta.get("path", ""),
        "content_hash": digest, "failed": failed,
        "errors": json.dumps([{"stage": e.stage, "message": e.message, "location": e.location} for e in doc.errors],
                             ensure_ascii=False),
        "n_stories": len(doc.stories), "n_events": len(doc.events), "doc_json": doc.to_json()})
    months: dict[int, str] = {}
    outlets: dict[int, str] = {}
    for story in doc.stories:
        text = story_text(doc, story)
        months[story.index] = schema.month_of(story.date)
        outlets[story.index] = outlet_of(story, doc)
        rows["stories"].append({
            "id": f"{key}#{story.index}", "shard": shard, "doc_index": doc_index, "doc": doc.id,
            "index": story.index, "title": story.title, "date": story.date, "date_precision": story.date_precision,
            "date_source": story.date_source, "date_min": story.date_min, "date_max": story.date_max,
            "source": story.source, "url": story.url, "lang": story.lang, "start": story.start, "end": story.end,
            "text": text, "outlet": outlets[story.index], "content_hash": digest, "doc_failed": failed,
            "n_words": len(text.split()), "fingerprint": fingerprint(text),
            "signature": signature(text).astype("<u4").tobytes(), schema.PARTITION: months[story.index]})
    for m in doc.mentions:
        story = doc.story_of(m.start)
        if story is None:
            continue
        rows["mentions"].append({
            "story_id": f"{key}#{story.index}", "shard": shard, "doc_index": doc_index, "story": story.index,
            "start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "code": m.code, "sector": m.sector,
            "entity": m.entity, "via": m.via, "count": m.count, schema.PARTITION: months[story.index]})
    stages = json.dumps(doc.stages)
    for k, ev in enumerate(doc.events):
        rows["events"].append({
            "id": f"{key}/{k}", "story_id": f"{key}#{ev.story}", "shard": shard, "doc_index": doc_index,
            "story": ev.story, "k": k, "doc": doc.id, "event": ev.event, "mode": ev.mode, "date": ev.date,
            "aux": ev.aux, "actor_codes": sorted({p.code for p in ev.actor}),
            "recipient_codes": sorted({p.code for p in ev.recipient}), "n_actor": len(ev.actor),
            "n_recipient": len(ev.recipient), "loc_text": ev.loc.text, "loc_country": ev.loc.country,
            "trigger": ev.trigger, "confidence": float(ev.confidence), "sent_start": ev.sent_start,
            "sent_end": ev.sent_end, "outlet": outlets.get(ev.story, ""), "doc_failed": failed,
            "record": json.dumps(event_record(doc, ev), ensure_ascii=False), "stages": stages,
            schema.PARTITION: months.get(ev.story, schema.UNDATED)})
    for f in doc.figures:
        if f.story not in months:
            continue
        rows["figures"].append({
            "story_id": f"{key}#{f.story}", "shard": shard, "doc_index": doc_index, "story": f.story,
            "start": f.start, "end": f.end, "text": f.text, "value": float(f.value), "unit": f.unit,
            "currency": f.currency, "measure": f.measure, "direction": f.direction, "period": f.period,
            "parties": list(f.parties), schema.PARTITION: months[f.story]})
    for e in doc.errors:
        rows["errors"].append({"shard": shard, "location": doc.meta.get("path", doc.id), "stage": e.stage,
                               "message": e.message})


def process_shard(path: str, out: OutDir, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Run the pipeline over one shard, write its tables and mark it done; returns its summary."""
    pipeline = pipeline or default_pipeline()
    shard = shard_id(path)
    started, cpu, wall = time.perf_counter(), time.process_time(), time.time()
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    records = 0
    doc_index = 0
    for item in read_shard(path):
        records += 1
        if isinstance(item, SourceError):
            rows["errors"].append({"shard": shard, "location": item.location, "stage": "source",
                                   "message": item.reason})
            continue
        doc_rows(pipeline(item), shard, doc_index, rows)
        doc_index += 1
    files: list[tuple[tuple[str, ...], pa.Table]] = []
    for name, table_schema in schema.TABLES.items():
        table_rows = rows.get(name, [])
        if name in schema.FLAT:
            if table_rows or name == "documents":
                files.append(((name, f"{shard}.parquet"), _table(table_rows, table_schema)))
            continue
        by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in table_rows:
            by_month[r.pop(schema.PARTITION)].append(r)
        for month, part in sorted(by_month.items()):
            files.append(((name, f"{schema.PARTITION}={month}", f"{shard}.parquet"), _table(part, table_schema)))
    _clear_attempt(out, shard)
    out.write_json(["/".join(parts) for parts, _ in files], ATTEMPT, f"{shard}.json")
    for parts, table in files:
        out.write_table(table, *parts)
    summary = {"shard": shard, "path": path, "records": records, "documents": doc_index,
               "failed": sum(1 for d in rows["documents"] if d["failed"]),
               "source_errors": sum(1 for e in rows["errors"] if e["stage"] == "source"),
               "stories": len(rows["stories"]), "events": len(rows["events"]), "mentions": len(rows["mentions"]),
               "figures": len(rows["figures"]), "seconds": round(time.perf_counter() - started, 3),
               "cpu_seconds": round(time.process_time() - cpu, 3), "started": wall,
               "stages": pipeline.versions, "schema": schema.SCHEMA_VERSION}
    out.write_json(summary, DONE, f"{shard}.json")
    out.delete(out.path(ATTEMPT, f"{shard}.json"))
    return summary


def _table(rows: list[dict[str, Any]], table_schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=table_schema)


def _clear_attempt(out: OutDir, shard: str) -> None:
    """Remove the files an interrupted earlier attempt at this shard wrote (it listed them first)."""
    if not out.exists(ATTEMPT, f"{shard}.json"):
        return
    for rel in out.read_json(ATTEMPT, f"{shard}.json"):
        if out.exists(rel):
            out.delete(out.path(rel))


def is_done(out: OutDir, path: str) -> bool:
    return out.exists(DONE, f"{shard_id(path)}.json")


class ShardWorker:
    """What Ray Data runs on each worker: builds the pipeline once, then takes shards one by one.

    A shard that fails outright (an unreadable file system, a bug) gives a summary with its
    ``error`` and no done mark, so the run goes on and a rerun tries the shard again."""

    def __init__(self) -> None:
        self.pipeline = default_pipeline()
        self.outs: dict[str, OutDir] = {}

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        summaries = []
        for path, out in zip(batch["path"], batch["out"], strict=True):
            outdir = self.outs.get(str(out)) or self.outs.setdefault(str(out), OutDir(str(out)))
            try:
                summaries.append(process_shard(str(path), outdir, self.pipeline))
            except Exception as exc:  # one bad shard must not stop the run
                log.exception("%s: shard failed", path)
                summaries.append({"shard": shard_id(str(path)), "path": str(path),
                                  "error": f"{type(exc).__name__}: {exc}"})
        return {"summary": np.array([json.dumps(s) for s in summaries], dtype=object)}
