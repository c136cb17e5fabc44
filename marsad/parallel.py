"""Run the pipeline over many documents on every core, keeping memory bounded.

Documents are read in the calling process and sent to worker processes in batches; results come
back in input order, so a single writer (the store) takes them one by one. For the store, workers
send each document's rows (:mod:`marsad.store.rows`) instead of the document, so the writer only
links and writes them.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import TypeVar

from marsad.doc import Doc
from marsad.pipeline import Pipeline, default_pipeline
from marsad.sources import SourceError
from marsad.store.rows import Prepared, prepare

_BATCH = 256
# The pipeline runs over this many documents at a time, stage by stage (Pipeline.many), and the
# store then writes them: each stage's lexicons and caches, and the store's pages, stay in the
# CPU's caches while they are used (an ingest on one core spends about 10% less CPU per document
# than running and storing documents one by one; 16 did better than 8, 32 or 128).
_CHUNK = 16
T = TypeVar("T")
R = TypeVar("R")
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


def _as_json(pipeline: Pipeline, docs: list[Doc]) -> list[str]:
    """Processed documents as JSON (quicker to send and read back than a pickle of their spans)."""
    return [d.to_json() for d in pipeline.many(docs)]


def _as_rows(pipeline: Pipeline, docs: list[Doc]) -> list[Prepared]:
    return [prepare(d) for d in pipeline.many(docs)]


def _in_worker(run: Callable[[Pipeline, list[Doc]], list[T]], docs: list[Doc]) -> list[T]:
    assert _pipeline is not None
    return run(_pipeline, docs)


@dataclass(frozen=True, slots=True)
class Stored:
    """A document whose text the store holds already: it is not run through the pipeline again
    (an ingest resumed after a kill, or the same files ingested twice, costs a lookup per document)."""

    doc_id: str
    location: str


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def process(items: Iterable[Doc | SourceError], workers: int = 1) -> Iterator[Doc | SourceError]:
    """Processed documents (and source errors, passed through) in input order. Sets the garbage
    collector's thresholds of this process (and the workers') for a long run (see _GC_THRESHOLDS)."""
    return _in_order(items, workers, _as_json, Doc.from_json, Pipeline.many)


def process_for_store(items: Iterable[Doc | SourceError], workers: int = 1,
                      stored: Callable[[Doc], bool] | None = None) -> Iterator[Prepared | Stored | SourceError]:
    """As :func:`process`, for a store: each document comes as its rows (a
    :class:`~marsad.store.rows.Prepared`, made in the worker), so the writer only links and writes
    them. A document for which ``stored`` is true comes as :class:`Stored`, unprocessed."""
    if stored is not None:
        items = (Stored(x.id, x.meta.get("path", x.id)) if isinstance(x, Doc) and stored(x) else x for x in items)
    return _in_order(items, workers, _as_rows, _same, _as_rows)


def _in_order(items: Iterable[Doc | SourceError | Stored], workers: int,
              remote: Callable[[Pipeline, list[Doc]], list[T]], received: Callable[[T], R],
              local: Callable[[Pipeline, list[Doc]], list[R]]) -> Iterator[R | SourceError | Stored]:
    """``remote`` runs in the workers and ``received`` reads what it sends; with one worker,
    ``local`` runs in this process."""
    _collect_less()
    it = iter(items)
    if workers <= 1:
        pipeline = default_pipeline()
        while batch := list(islice(it, _CHUNK)):
            done = iter(local(pipeline, [x for x in batch if isinstance(x, Doc)]))
            yield from [next(done) if isinstance(x, Doc) else x for x in batch]
        return
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        in_flight: deque[tuple[list[Doc | SourceError | Stored], Iterator[list[T]]]] = deque()

        def submit() -> None:
            if batch := list(islice(it, _BATCH)):
                docs = [x for x in batch if isinstance(x, Doc)]
                chunks = [docs[k:k + _CHUNK] for k in range(0, len(docs), _CHUNK)]
                in_flight.append((batch, pool.imap(partial(_in_worker, remote), chunks)))

        # two batches in flight: the workers run the next while the writer stores this one
        submit()
        submit()
        while in_flight:
            batch, done = in_flight.popleft()
            results = (received(r) for chunk in done for r in chunk)
            for item in batch:
                yield next(results) if isinstance(item, Doc) else item
            submit()


def _same(result: Prepared) -> Prepared:
    return result
