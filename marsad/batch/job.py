"""The batch job: shards → the pipeline on Ray Data → Parquet → corpus-wide links."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from marsad.batch.extract import ShardWorker, is_done
from marsad.batch.link import LinkSummary, run_link
from marsad.batch.outdir import DONE, MANIFEST, OutDir
from marsad.batch.shards import expand_inputs, shard_id

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    out: str
    workers: int
    shards: int = 0
    processed: int = 0
    skipped: int = 0
    missing: list[str] = field(default_factory=list)
    failed_shards: list[str] = field(default_factory=list)  # "path: error" of shards that failed outright
    records: int = 0  # documents and unreadable records of the shards processed in this run
    documents: int = 0
    failed: int = 0
    source_errors: int = 0
    stories: int = 0
    events: int = 0
    extract_seconds: float = 0.0
    link_seconds: float = 0.0
    link: LinkSummary | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def init_ray(workers: int | None, address: str | None = None, local: bool = False, **kwargs: Any) -> bool:
    """Start a local Ray instance with ``workers`` CPUs, or connect to a cluster (``address``, or
    the ``RAY_ADDRESS`` environment variable) unless ``local``; False when Ray was already up."""
    import ray
    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.enable_progress_bars = False
    # Sort-based shuffles: on a few machines they cost seconds where the default hash shuffle (pools
    # of aggregator actors) costs tens of seconds; MARSAD_RAY_SHUFFLE picks another Ray strategy.
    from ray.data.context import ShuffleStrategy

    ctx.shuffle_strategy = ShuffleStrategy(os.environ.get("MARSAD_RAY_SHUFFLE", "sort_shuffle_pull_based"))
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if ray.is_initialized():
        return False
    opts: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING, "log_to_driver": False,
                            **kwargs}
    if local or not (address or os.environ.get("RAY_ADDRESS")):
        ray.init(address="local", num_cpus=workers or os.cpu_count() or 1, **opts)
    else:
        ray.init(address=address, **opts)
    return True


def cluster_cpus() -> int:
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def update_manifest(out: OutDir, shards: list[str]) -> dict[str, int]:
    """The run's shards in the order they were first given (earlier runs first); shard → position."""
    entries: list[dict[str, str]] = out.read_json(MANIFEST) if out.exists(MANIFEST) else []
    known = {e["shard"] for e in entries}
    added = [{"shard": shard_id(p), "path": p} for p in shards if shard_id(p) not in known]
    if added:
        entries.extend(added)
        out.write_json(entries, MANIFEST)
    return {e["shard"]: i for i, e in enumerate(entries)}


def run_batch(inputs: Iterable[str], out: str, workers: int | None = None, address: str | None = None,
              local: bool = False, link: bool = True, progress: Callable[[str], None] | None = None,
              ray_init: dict[str, Any] | None = None) -> BatchResult:
    import ray
    import ray.data

    say = progress or (lambda _msg: None)
    shards, missing = expand_inputs(inputs)
    outdir = OutDir(out)
    outdir.makedirs()
    order = update_manifest(outdir, shards)
    todo = [p for p in shards if not is_done(outdir, p)]
    started = init_ray(workers, address, local, **(ray_init or {}))
    try:
        n = workers or cluster_cpus()
        result = BatchResult(out=outdir.uri, workers=n, shards=len(shards), skipped=len(shards) - len(todo),
                             missing=missing)
        say(f"{len(shards)} shards: {len(todo)} to process, {result.skipped} already done; {n} workers")
        t = time.perf_counter()
        if todo:
            ds = ray.data.from_items([{"path": p, "out": outdir.uri} for p in todo], override_num_blocks=len(todo))
            pool = ray.data.ActorPoolStrategy(size=min(n, len(todo)), max_tasks_in_flight_per_actor=1)
            ds = ds.map_batches(ShardWorker, batch_size=1, batch_format="numpy", compute=pool, num_cpus=1)
            for row in ds.iter_rows():
                s = json.loads(row["summary"])
                if "error" in s:
                    result.failed_shards.append(f"{s['path']}: {s['error']}")
                    say(f"[failed] {s['path']}: {s['error']} (it will be tried again on the next run)")
                    continue
                result.processed += 1
                for key in ("records", "documents", "failed", "source_errors", "stories", "events"):
                    setattr(result, key, getattr(result, key) + s[key])
                say(f"[{result.processed}/{len(todo)}] {s['path']}: {s['documents']} documents, "
                    f"{s['events']} events in {s['seconds']:.1f}s")
        result.extract_seconds = round(time.perf_counter() - t, 3)
        if link:
            t = time.perf_counter()
            result.link = run_link(outdir, order, parts=max(2, 2 * n), progress=say)
            result.link_seconds = round(time.perf_counter() - t, 3)
        return result
    finally:
        if started:
            ray.shutdown()


def done_summaries(out: str) -> list[dict[str, Any]]:
    """What each finished shard of a run recorded."""
    outdir = OutDir(out)
    return [json.loads(outdir.fs.open_input_stream(p).read()) for p in outdir.files(DONE, suffix=".json")]
