"""Run the pipeline over many documents on every core, keeping memory bounded.

Documents are read in the calling process and handed to worker processes in chunks; results come
back in input order, so a single writer (the store) takes them one by one. The calling process is
one of the workers: it runs a chunk itself whenever it has nothing to hand on and the other
workers have enough to do, so ``workers`` processes share ``workers`` cores. For the store,
workers send each document's rows (:mod:`marsad.store.rows`) instead of the document, so the
writer only links and writes them.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import pickle
import queue
import signal
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from marsad.doc import Doc
from marsad.pipeline import Pipeline, default_pipeline
from marsad.sources import SourceError
from marsad.store.rows import Prepared, prepare

# The pipeline runs over this many documents at a time, stage by stage (Pipeline.many), and the
# store then writes them: each stage's lexicons and caches, and the store's pages, stay in the
# CPU's caches while they are used (an ingest on one core spends about 10% less CPU per document
# than running and storing documents one by one; 16 did better than 8, 32 or 128).
_CHUNK = 16
# Chunks queued at each worker process (about 0.3 s of work): the writer hands out chunks only
# between its own, and a commit of the store can take 0.2 s, so a worker must not run dry
# meanwhile (with 3, a worker stood idle 9% of an ingest of all SaudiNewsNet; with 5, 3%).
_DEPTH = 5
# Chunks done (by the writer or a worker) that may wait behind the oldest one still at a worker.
_AHEAD = 4
# Pipes this large hold a chunk's results (about 0.5 MB of rows), so a worker does not wait for
# the writer to read them (Linux; elsewhere the default size stays).
_PIPE_BYTES = 1 << 20
T = TypeVar("T")
R = TypeVar("R")
# The collector looks at young objects every 50,000 allocations instead of 700: the pipeline's
# lexicons and per-word-form caches are millions of long-lived objects that each full collection
# walks again (5% of an ingest's CPU with Python's defaults, under 1% with these). Documents hold no
# reference cycles, so reference counting frees them as before.
_GC_THRESHOLDS = (50_000, 20, 100)


def _collect_less() -> None:
    gc.set_threshold(*_GC_THRESHOLDS)


def _as_json(pipeline: Pipeline, docs: list[Doc]) -> list[str]:
    """Processed documents as JSON (quicker to send and read back than a pickle of their spans)."""
    return [d.to_json() for d in pipeline.many(docs)]


def _as_rows(pipeline: Pipeline, docs: list[Doc]) -> list[Prepared]:
    return [prepare(d) for d in pipeline.many(docs)]


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
    """``remote`` runs in the worker processes and ``received`` reads what it sends back; ``local``
    runs the chunks this process takes itself."""
    _collect_less()
    it = iter(items)
    pipeline = default_pipeline()  # built before the fork: the workers start with it

    def read() -> _Chunk[T, R] | None:
        batch = list(islice(it, _CHUNK))
        return _Chunk(batch, [x for x in batch if isinstance(x, Doc)]) if batch else None

    def run_here(chunk: _Chunk[T, R]) -> _Chunk[T, R]:
        chunk.made_here = local(pipeline, chunk.docs)
        return chunk

    if workers <= 1:
        while chunk := read():
            yield from run_here(chunk).merged(received)
        return
    team: _Team[T, R] = _Team(workers - 1, remote, pipeline)
    try:
        window: deque[_Chunk[T, R]] = deque()  # chunks read and not yet yielded, in input order
        while True:
            team.collect()
            team.feed(window, read)
            if window and window[0].done:
                yield from window.popleft().merged(received)
            elif not window:
                if team.exhausted:
                    break
            elif not team.exhausted and len(window) - team.queued() < _AHEAD:
                if chunk := read():
                    window.append(run_here(chunk))
                else:
                    team.exhausted = True
            else:
                team.wait()
    except BaseException:
        team.close(abort=True)
        raise
    team.close(abort=False)


@dataclass(slots=True)
class _Chunk(Generic[T, R]):
    items: list[Doc | SourceError | Stored]
    docs: list[Doc]
    sent: list[T] | None = None  # what a worker sent back
    made_here: list[R] | None = None

    @property
    def done(self) -> bool:
        return self.sent is not None or self.made_here is not None or not self.docs

    def merged(self, received: Callable[[T], R]) -> Iterator[R | SourceError | Stored]:
        results = iter(self.made_here if self.made_here is not None else map(received, self.sent or ()))
        for item in self.items:
            yield next(results) if isinstance(item, Doc) else item


@dataclass(slots=True)
class _Failure:
    """An error a worker met outside the pipeline's own per-document handling."""

    trace: str


@dataclass(slots=True)
class _Member(Generic[T, R]):
    process: Any
    tasks: Connection  # this process writes chunks of documents here
    results: Connection  # and reads the worker's results here, in the order it sent the chunks
    queued: deque[_Chunk[T, R]] = field(default_factory=deque)

    def receive(self) -> None:
        try:
            sent = pickle.loads(self.results.recv_bytes())
        except EOFError:
            raise RuntimeError(f"a worker process stopped (exit code {self.process.exitcode})") from None
        if isinstance(sent, _Failure):
            raise RuntimeError(f"a worker process failed:\n{sent.trace}")
        self.queued.popleft().sent = sent


class _Team(Generic[T, R]):
    """Worker processes, each with its own pair of pipes, so this process hands out chunks and
    takes results between the documents it writes, with no threads of its own (a Pool's threads
    wait for this process's GIL, and its workers then wait for them)."""

    def __init__(self, size: int, remote: Callable[[Pipeline, list[Doc]], list[T]], pipeline: Pipeline) -> None:
        fork = "fork" in mp.get_all_start_methods()
        ctx = mp.get_context("fork" if fork else "spawn")
        self.members: list[_Member[T, R]] = []
        self.exhausted = False
        for _ in range(size):
            task_in, task_out = ctx.Pipe(duplex=False)
            result_in, result_out = ctx.Pipe(duplex=False)
            for conn in (task_out, result_out):
                _widen(conn)
            # a forked worker holds copies of every pipe end made so far: it closes all but its own
            inherited = [c for m in self.members for c in (m.tasks, m.results)] + [task_out, result_in] if fork else []
            process = ctx.Process(target=_serve, args=(remote, task_in, result_out, pipeline if fork else None,
                                                       inherited), daemon=True)
            process.start()
            task_in.close()
            result_out.close()
            self.members.append(_Member(process, task_out, result_in))

    def feed(self, window: deque[_Chunk[T, R]], read: Callable[[], _Chunk[T, R] | None]) -> None:
        """Give every worker chunks up to _DEPTH, appending them to ``window``."""
        for m in self.members:
            while not self.exhausted and len(m.queued) < _DEPTH:
                chunk = read()
                if chunk is None:
                    self.exhausted = True
                    break
                window.append(chunk)
                if chunk.docs:
                    m.tasks.send(chunk.docs)
                    m.queued.append(chunk)

    def queued(self) -> int:
        return sum(len(m.queued) for m in self.members)

    def collect(self) -> None:
        """Take in every result that has arrived, without waiting."""
        for m in self.members:
            while m.queued and m.results.poll():
                m.receive()

    def wait(self) -> None:
        """Wait until some worker sends a result (or stops)."""
        busy = [m for m in self.members if m.queued]
        ready = wait([m.results for m in busy] + [m.process.sentinel for m in busy])
        for m in busy:
            if m.results in ready or m.process.sentinel in ready:
                m.receive()

    def close(self, abort: bool) -> None:
        for m in self.members:
            if abort:
                m.process.terminate()
            m.tasks.close()  # the worker reads the end of its input and stops
        for m in self.members:
            m.process.join(None if abort else 30)
            if m.process.is_alive():
                m.process.terminate()
                m.process.join()
            m.results.close()


def _widen(conn: Connection) -> None:
    with contextlib.suppress(ImportError, AttributeError, OSError):  # F_SETPIPE_SZ is Linux's; a limit may refuse it
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


def _serve(remote: Callable[[Pipeline, list[Doc]], list[Any]], tasks: Connection, results: Connection,
           pipeline: Pipeline | None, inherited: list[Connection]) -> None:
    """A worker process: runs each chunk it reads and sends back the results, through a thread so
    it goes on with the next chunk while the writer has not yet read them."""
    for conn in inherited:
        conn.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is the writer's to handle
    _collect_less()
    if pipeline is None:
        pipeline = default_pipeline()
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(outbox, results))
    sender.start()
    try:
        while True:
            try:
                docs = tasks.recv()
            except EOFError:
                break
            try:
                payload = pickle.dumps(remote(pipeline, docs), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - reported to the writer, which raises it
                payload = pickle.dumps(_Failure(traceback.format_exc()))
            outbox.put(payload)
    finally:
        outbox.put(None)
        sender.join()


def _send_all(outbox: queue.SimpleQueue[bytes | None], results: Connection) -> None:
    while (payload := outbox.get()) is not None:
        try:
            results.send_bytes(payload)
        except OSError:  # the writer has gone
            return


def _same(result: Prepared) -> Prepared:
    return result
