"""A bounded cache for a function of word forms, for lookups made once per token."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import Generic, TypeVar

_V = TypeVar("_V")


class FormCache(Generic[_V]):
    """``fn`` of word forms, each computed once while it stays cached: a plain dict, so that a hit
    is one lookup (functools.lru_cache also moves the entry on every hit, which doubles the cost of
    the millions of hits on common words). When full, the oldest quarter of the forms goes: first
    in, first out, a common form comes back with its next use. ``fn`` must not return None."""

    __slots__ = ("_data", "_fn", "maxsize")

    def __init__(self, fn: Callable[[str], _V], maxsize: int) -> None:
        self._fn = fn
        self._data: dict[str, _V] = {}
        self.maxsize = maxsize

    def __call__(self, form: str) -> _V:
        found = self._data.get(form)
        return self._add(form) if found is None else found

    def many(self, forms: Iterable[str]) -> list[_V]:
        """``[self(f) for f in forms]``, the hits looked up in one pass."""
        forms = forms if isinstance(forms, (list, tuple)) else list(forms)
        found: list[_V | None] = list(map(self._data.get, forms))
        if None in found:
            for k, value in enumerate(found):
                if value is None:
                    found[k] = self._add(forms[k])
        return found  # type: ignore[return-value]  # no None left

    def _add(self, form: str) -> _V:
        value = self._fn(form)
        if len(self._data) >= self.maxsize:
            for old in list(islice(self._data, max(1, self.maxsize // 4))):
                del self._data[old]
        self._data[form] = value
        return value

    def __len__(self) -> int:
        return len(self._data)
