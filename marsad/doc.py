"""The document model: one immutable raw text, everything else a span into it.

Every annotation is a ``[start, end)`` pair of Python string indices into ``Doc.text``.
Nothing downstream re-parses strings: stages read the spans other stages added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, ClassVar

import orjson

from marsad.arabic.normalize import Normalized, normalize
from marsad.arabic.tokenize import Token, tokenize


@dataclass(slots=True)
class Span:
    start: int
    end: int

    def covers(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True)
class Segment(Span):
    """A piece of a story's own text (title or body), free of site chrome."""

    role: str = "body"  # "title" or "body"


@dataclass(slots=True)
class Story(Span):
    """One news story inside a document (a page can hold several)."""

    index: int = 0
    title: str = ""
    title_start: int = -1
    title_end: int = -1
    date: str = ""  # ISO date at its precision: YYYY-MM-DD, YYYY-MM, YYYY or ""
    date_precision: str = ""  # day, month, year or ""
    date_source: str = ""  # metadata, dateline, publine, evidence
    date_min: str = ""  # bounds inferred from the story's own evidence when it has no date
    date_max: str = ""
    source: str = ""
    url: str = ""
    lang: str = "ar"
    segments: list[Segment] = field(default_factory=list)


@dataclass(slots=True)
class Sentence(Span):
    story: int = 0


@dataclass(slots=True)
class Mention(Span):
    """A named thing in the text: person, place, organisation or state."""

    text: str = ""
    kind: str = ""  # PERS, LOC, ORG, GPE
    code: str = ""  # ISO 3166-1 alpha-3 or organisation code
    sector: str = ""
    entity: str = ""  # gazetteer id, e.g. vladimir_putin, RUS, UN
    via: str = ""  # name, adjective, capital, seat, title, org
    count: int = 1  # how many actors the mention stands for (duals: 2)


@dataclass(slots=True)
class TimeExpr(Span):
    text: str = ""
    type: str = "DATE"  # DATE, TIME, DURATION, SET
    value: str = ""
    mod: str = ""  # TIMEX3 mod: START, MID, END, APPROX, BEFORE, AFTER …
    start_value: str = ""  # for ranges (بين … و…، من … إلى …)
    end_value: str = ""


@dataclass(slots=True)
class Participant:
    code: str
    sector: str = ""
    text: str = ""
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class Location:
    text: str = ""
    country: str = ""
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class Event:
    sent_start: int
    sent_end: int
    event: str
    trigger: str
    trigger_start: int
    trigger_end: int
    story: int = 0
    mode: str = ""
    actor: list[Participant] = field(default_factory=list)
    recipient: list[Participant] = field(default_factory=list)
    date: str = ""
    loc: Location = field(default_factory=Location)
    aux: str = ""
    rule: str = ""
    confidence: float = 0.5


@dataclass(slots=True)
class Figure(Span):
    """A quantity stated as fact: "ارتفعت التجارة بنسبة 13% العام الماضي" → 13 percent, trade, rise."""

    text: str = ""
    value: float = 0.0
    unit: str = ""  # percent, currency, people, year, month, day, km, ton, barrel, ...
    currency: str = ""  # ISO 4217 when unit is currency (USD, EUR, SAR, ...)
    measure: str = ""  # what is measured, e.g. trade, killed, aid, term
    direction: str = ""  # rise, fall or ""
    period: str = ""  # TIMEX3 value of the period the figure refers to
    parties: list[str] = field(default_factory=list)  # actor codes the figure is about (trade RUS–IRN)
    story: int = 0


@dataclass(slots=True)
class Quote(Span):
    """What someone said: the span is the quoted or reported content."""

    speaker: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    code: str = ""  # the speaker's actor code
    verb: str = ""
    verb_start: int = -1
    verb_end: int = -1
    direct: bool = False  # quoted words (in quotation marks) rather than reported speech
    story: int = 0


@dataclass(slots=True)
class Agreement(Span):
    """A treaty, accord or memorandum named in a story; the span is its first naming mention."""

    name: str = ""
    kind: str = ""  # treaty, agreement, memorandum, protocol, charter, declaration, deal, truce
    story: int = 0
    parties: list[str] = field(default_factory=list)  # actor codes
    signed: str = ""  # dates, TIMEX3 values at their precision
    ratified: str = ""
    in_force: str = ""
    term: str = ""  # duration, e.g. P20Y
    clauses: list[list[int]] = field(default_factory=list)  # sentence spans that state its terms
    mentions: list[list[int]] = field(default_factory=list)  # every span that refers to it
    events: list[int] = field(default_factory=list)  # indices into Doc.events of events about it


@dataclass(slots=True)
class DocError:
    stage: str
    message: str
    location: str = ""


_LIST_TYPES: dict[str, type] = {
    "stories": Story,
    "sentences": Sentence,
    "mentions": Mention,
    "timexes": TimeExpr,
    "events": Event,
    "figures": Figure,
    "quotes": Quote,
    "agreements": Agreement,
    "errors": DocError,
}


class Doc:
    """A document: immutable raw text, its metadata and the annotations stages add."""

    __slots__ = ("_text", "_norm", "_tokens", "id", "meta", "stages", *_LIST_TYPES)
    list_fields: ClassVar[tuple[str, ...]] = tuple(_LIST_TYPES)

    def __init__(self, text: str, id: str = "", meta: dict[str, str] | None = None) -> None:
        self._text = text
        self._norm: Normalized | None = None
        self._tokens: dict[tuple[int, int], list[Token]] = {}
        self.id = id
        self.meta: dict[str, str] = dict(meta or {})
        self.stages: dict[str, str] = {}
        self.stories: list[Story] = []
        self.sentences: list[Sentence] = []
        self.mentions: list[Mention] = []
        self.timexes: list[TimeExpr] = []
        self.events: list[Event] = []
        self.figures: list[Figure] = []
        self.quotes: list[Quote] = []
        self.agreements: list[Agreement] = []
        self.errors: list[DocError] = []

    @property
    def text(self) -> str:
        """The raw text; offsets of every span point into it, so it never changes."""
        return self._text

    @property
    def norm(self) -> Normalized:
        """The normalized text with its map to raw offsets (computed once, never stored)."""
        if self._norm is None:
            self._norm = normalize(self._text)
        return self._norm

    def tokens(self, start: int, end: int) -> list[Token]:
        """Tokens of the normalized text between raw offsets start and end (computed once per span)."""
        key = (start, end)
        found = self._tokens.get(key)
        if found is None:
            norm = self.norm
            found = self._tokens[key] = tokenize(norm.text, norm.norm_index(start), norm.norm_index(end))
        return found

    def span_text(self, span: Span) -> str:
        return self._text[span.start : span.end]

    def story_of(self, pos: int) -> Story | None:
        for story in self.stories:
            if story.start <= pos < story.end:
                return story
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "text": self._text, "meta": self.meta,
                               "stages": self.stages}
        for name in self.list_fields:
            out[name] = [plain(item) for item in getattr(self, name)]
        return out

    def to_json(self) -> str:
        """The document as JSON (what :meth:`to_dict` gives; orjson writes the dataclasses itself,
        three times faster than converting them first)."""
        out: dict[str, Any] = {"id": self.id, "text": self._text, "meta": self.meta, "stages": self.stages}
        for name in self.list_fields:
            out[name] = getattr(self, name)
        try:
            return orjson.dumps(out).decode("utf-8")
        except orjson.JSONEncodeError:  # a lone surrogate in the text: json writes it escaped
            return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Doc:
        doc = cls(data["text"], id=data.get("id", ""), meta=data.get("meta"))
        doc.stages = dict(data.get("stages", {}))
        for name, kind in _LIST_TYPES.items():
            setattr(doc, name, [_build(kind, item) for item in data.get(name, [])])
        return doc

    @classmethod
    def from_json(cls, raw: str | bytes) -> Doc:
        try:
            return cls.from_dict(orjson.loads(raw))
        except orjson.JSONDecodeError:  # lone surrogates (escaped by json.dumps) are no UTF-8
            return cls.from_dict(json.loads(raw))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the normalized-text cache (it is rebuilt on demand)."""
        return {name: getattr(self, name) for name in self.__slots__ if name not in ("_norm", "_tokens")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self._norm = None
        self._tokens = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Doc) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return f"Doc(id={self.id!r}, chars={len(self._text)}, stories={len(self.stories)})"


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def plain(obj: Any) -> Any:
    """A span (or any of the model's dataclasses) as plain JSON-ready values; what
    dataclasses.asdict gives, without its deep copies (ten times faster on a whole document)."""
    if isinstance(obj, list):
        return [plain(v) for v in obj]
    if hasattr(obj, "__dataclass_fields__"):
        return {name: plain(getattr(obj, name)) for name in _field_names(type(obj))}  # type: ignore[arg-type]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


def _build(kind: type, data: dict[str, Any]) -> Any:
    """Rebuild a dataclass (with nested dataclasses) from its asdict() form."""
    if kind not in (Story, Event):  # no nested dataclasses: the fields as they are (the usual case)
        try:
            return kind(**data)
        except TypeError:
            pass  # a field this version no longer has: keep the known ones
    values: dict[str, Any] = {}
    for f in fields(kind):
        if f.name not in data:
            continue
        value = data[f.name]
        if kind is Story and f.name == "segments":
            value = [Segment(**s) for s in value]
        elif kind is Event and f.name in ("actor", "recipient"):
            value = [Participant(**p) for p in value]
        elif kind is Event and f.name == "loc":
            value = Location(**value)
        values[f.name] = value
    return kind(**values)
