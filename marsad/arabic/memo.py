"""A bounded memo of what a stage asks of a word form, read for every token of a text.

Per-token passes (does this word start a name, begin a trigger …) look each form up once per
token; ``functools.lru_cache`` spends as much on its bookkeeping as the lookup, a plain dict half of
it. When the memo is full it starts afresh: frequent forms are back after a few sentences, and
memory stays bounded however large the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Generic, TypeVar

T = TypeVar("T")
_TEXT = itemgetter(2)  # a Token's text (tokens are named tuples: start, end, text)


class FormMemo(Generic[T]):
    """``fn`` (a pure function of a word form that never returns None), memoized."""

    __slots__ = ("__wrapped__", "_data", "_fn", "_limit")

    def __init__(self, fn: Callable[[str], T], limit: int) -> None:
        self._fn = fn
        self._limit = limit
        self._data: dict[str, T] = {}
        self.__wrapped__ = fn

    def __call__(self, form: str) -> T:
        found = self._data.get(form)
        if found is None:
            found = self._add(form)
        return found

    def of_tokens(self, tokens: Sequence[tuple[int, int, str]]) -> list[T]:
        """The value for each token's text, in order."""
        texts = list(map(_TEXT, tokens))
        out = list(map(self._data.get, texts))
        if None in out:
            for k, value in enumerate(out):
                if value is None:
                    out[k] = self._add(texts[k])
        return out  # type: ignore[return-value]

    def _add(self, form: str) -> T:
        if len(self._data) >= self._limit:
            self._data = {}
        value = self._data[form] = self._fn(form)
        return value

    def clear(self) -> None:
        self._data = {}

    def __len__(self) -> int:
        return len(self._data)


def form_memo(limit: int) -> Callable[[Callable[[str], T]], FormMemo[T]]:
    """Decorator: memoize a function of a word form in a :class:`FormMemo` of at most ``limit`` forms."""

    def wrap(fn: Callable[[str], T]) -> FormMemo[T]:
        return FormMemo(fn, limit)

    return wrap
