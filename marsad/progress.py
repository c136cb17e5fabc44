"""The progress line of a long run: items done, items per second, and what was stored or skipped."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text


class _Rate(ProgressColumn):
    """Items per second over the last seconds (rich's own speed columns are for bytes)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} {self.unit}/s" if speed is not None else f"– {self.unit}/s", style="cyan")


class RunProgress:
    """A transient progress line on a terminal (nothing elsewhere): items done, their rate, and the
    run's counts (``ingesting 125  41.7 docs/s  stored 120 · already stored 3 · skipped 2  0:00:03``)."""

    def __init__(self, console: Console, what: str = "ingesting", unit: str = "docs") -> None:
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description} {task.completed:,.0f}"), _Rate(unit),
                                  TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), console=console,
                                  transient=True, disable=not console.is_terminal)
        self._task = self._progress.add_task(what, total=None, counts="")
        self.done = 0

    def __enter__(self) -> RunProgress:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.stop()

    def advance(self, counts: Mapping[str, int]) -> None:
        """One more item done; ``counts`` are shown beside the rate (zero counts are left out)."""
        self.done += 1
        shown = " · ".join(f"{name} {n:,}" for name, n in counts.items() if n)
        self._progress.update(self._task, advance=1, counts=shown)
