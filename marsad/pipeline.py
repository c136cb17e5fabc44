"""Stages and pipelines.

A stage is a plain callable ``Doc -> Doc`` registered under a name with a version, declaring
which annotation layers it requires and which it adds. A pipeline is assembled from a list of
stage names, checks that every requirement is met by an earlier stage, and runs over a stream
of documents: an error in one document is recorded on it (stage and location) and the stream
goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from marsad.doc import Doc, DocError

log = logging.getLogger(__name__)

StageFn = Callable[[Doc], Doc]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    version: str
    fn: StageFn
    requires: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.name}.{self.version}"


@dataclass(slots=True)
class Registry:
    stages: dict[str, Stage] = field(default_factory=dict)

    def register(self, name: str, version: str, requires: Iterable[str] = (),
                 adds: Iterable[str] = ()) -> Callable[[StageFn], StageFn]:
        def wrap(fn: StageFn) -> StageFn:
            if name in self.stages:
                raise ValueError(f"stage {name!r} is already registered")
            self.stages[name] = Stage(name, version, fn, tuple(requires), tuple(adds))
            return fn
        return wrap

    def get(self, name: str) -> Stage:
        try:
            return self.stages[name]
        except KeyError:
            known = ", ".join(sorted(self.stages))
            raise KeyError(f"unknown stage {name!r}; known stages: {known}") from None


registry = Registry()
register = registry.register


class PipelineError(ValueError):
    """A pipeline whose stages do not fit together."""


class Pipeline:
    """An ordered list of stages whose requirements are checked when it is built."""

    def __init__(self, names: Iterable[str], reg: Registry | None = None) -> None:
        reg = reg or _default_registry()
        self.stages = [reg.get(n) for n in names]
        have: set[str] = {"text"}
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise PipelineError(f"stage {stage.name!r} requires {', '.join(missing)}, "
                                    "which no earlier stage adds")
            have.update(stage.adds)

    @property
    def versions(self) -> dict[str, str]:
        return {s.name: s.version for s in self.stages}

    def __call__(self, doc: Doc) -> Doc:
        """Run every stage; an exception is recorded on the doc and later stages are skipped."""
        for stage in self.stages:
            done = _run_stage(stage, doc)
            if done is None:
                return doc
            doc = done
        return doc

    def many(self, docs: Iterable[Doc]) -> list[Doc]:
        """``[self(d) for d in docs]``, run stage by stage over all of them: each stage's lexicons
        and caches stay in the CPU's caches while it goes through the documents."""
        out = list(docs)
        live: Sequence[int] = range(len(out))
        for stage in self.stages:
            going = []
            for k in live:
                done = _run_stage(stage, out[k])
                if done is not None:
                    out[k] = done
                    going.append(k)
            live = going
        return out

    def run(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _run_stage(stage: Stage, doc: Doc) -> Doc | None:
    """The document after the stage, or None when the stage failed (the error is recorded on it)."""
    try:
        doc = stage.fn(doc)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
        log.warning("%s: stage %s failed: %s", doc.id, stage.id, exc)
        doc.errors.append(DocError(stage.id, f"{type(exc).__name__}: {exc}", doc.id))
        return None
    doc.stages[stage.name] = stage.version
    return doc


DEFAULT_STAGES = ("textpage", "sentences", "timex", "actors", "figures", "quotes", "coder", "agreements")


def _default_registry() -> Registry:
    # Importing the stage modules registers them.
    from marsad import stages  # noqa: F401

    return registry


def default_pipeline() -> Pipeline:
    return Pipeline(DEFAULT_STAGES)
