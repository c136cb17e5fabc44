"""Run the pipeline over many documents on every core, keeping memory bounded.

Documents are read in the calling process and sent to worker processes in batches; results come
back in input order, so a single writer (the store) takes them one by one.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from marsad.doc import Doc
from marsad.link.linker import Prepared, StoryPrints, prepare
from marsad.pipeline import Pipeline, default_pipeline
from marsad.sources import SourceError

_BATCH = 256
_pipeline: Pipeline | None = None
# The collector looks at young objects every 50,000 allocations instead of 700: the pipeline's
# lexicons and per-word-form caches are millions of long-lived objects that each full collection
# walks again (5% of an ingest's CPU with Python's defaults, under 1% with these). Documents hold no
# reference cycles, so reference counting frees them as before.
_GC_THRESHOLDS = (50_000, 20, 100)


def _collect_less() -> None:
    gc.set_threshold(*_GC_THRESHOLDS)


def _init_worker() -> None:
    global _pipeline  # one pipeline per worker process, built once
    _collect_less()
    _pipeline = default_pipeline()


def _run(doc: Doc) -> tuple[str, list[StoryPrints]]:
    """A processed document as JSON (quicker to send and read back than a pickle of its spans) with
    its stories' fingerprints for the writer."""
    assert _pipeline is not None
    prepared = prepare(_pipeline(doc))
    return prepared.doc_json, prepared.prints


def _received(result: tuple[str, list[StoryPrints]]) -> Doc:
    doc = Doc.from_json(result[0])
    doc.prepared = Prepared(*result)
    return doc


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def process(items: Iterable[Doc | SourceError], workers: int = 1) -> Iterator[Doc | SourceError]:
    """Processed documents (and source errors, passed through) in input order. Sets the garbage
    collector's thresholds of this process (and the workers') for a long run (see _GC_THRESHOLDS)."""
    _collect_less()
    if workers <= 1:
        pipeline = default_pipeline()
        for item in items:
            yield item if isinstance(item, SourceError) else pipeline(item)
        return
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        it = iter(items)
        in_flight: deque[tuple[list[Doc | SourceError], Iterator[tuple[str, list[StoryPrints]]]]] = deque()

        def submit() -> None:
            if batch := list(islice(it, _BATCH)):
                docs = [x for x in batch if isinstance(x, Doc)]
                in_flight.append((batch, pool.imap(_run, docs, chunksize=8)))

        # two batches in flight: the workers run the next while the writer stores this one
        submit()
        submit()
        while in_flight:
            batch, done = in_flight.popleft()
            for item in batch:
                yield item if isinstance(item, SourceError) else _received(next(done))
            submit()
