"""The one error type of sources: a bad input, with where it is and why it was not read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceError:
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"
