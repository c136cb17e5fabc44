"""The Parquet layout of a batch run, defined once.

``DIR/<table>/month=YYYY-MM/<shard>.parquet`` for the tables partitioned by date: stories, mentions,
events and figures all by the date of the story that reports them (an event's own date, which may
lie years back, is its ``date`` column); a story without a month — a year alone, or no date — goes
to ``month=undated``. A shard writes one file per month its stories fall in, so the number of
files stays near the number of shards. ``DIR/documents/<shard>.parquet`` holds each
document's lossless JSON, ``DIR/errors/<shard>.parquet`` with what could not be read, and the
link stage's companion datasets ``DIR/links/stories/`` and ``DIR/links/events/``.

The partition column ``month`` lives in the directory names, not in the files. Every key that ties
rows together is a string: a shard is the first 16 hex digits of the SHA-1 of its path, a document
``<shard>:<doc_index>`` (its position among the shard's documents), a story ``<doc>#<index>``, an
event ``<doc>/<k>`` (its position in the document's events).
"""

from __future__ import annotations

import re

import pyarrow as pa

PARTITION = "month"
UNDATED = "undated"
SCHEMA_VERSION = 1

_str = pa.string()
_i32 = pa.int32()

DOCUMENTS = pa.schema([
    ("shard", _str), ("doc_index", _i32), ("doc", _str), ("path", _str), ("content_hash", _str),
    ("failed", pa.bool_()), ("errors", _str), ("n_stories", _i32), ("n_events", _i32),
    ("doc_json", pa.large_string()),
])

STORIES = pa.schema([
    ("id", _str), ("shard", _str), ("doc_index", _i32), ("doc", _str), ("index", _i32),
    ("title", _str), ("date", _str), ("date_precision", _str), ("date_source", _str),
    ("date_min", _str), ("date_max", _str), ("source", _str), ("url", _str), ("lang", _str),
    ("start", _i32), ("end", _i32), ("text", _str),
    ("outlet", _str), ("content_hash", _str), ("doc_failed", pa.bool_()),
    ("n_words", _i32), ("fingerprint", _str), ("signature", pa.binary()),
])

MENTIONS = pa.schema([
    ("story_id", _str), ("shard", _str), ("doc_index", _i32), ("story", _i32),
    ("start", _i32), ("end", _i32), ("text", _str), ("kind", _str), ("code", _str), ("sector", _str),
    ("entity", _str), ("via", _str), ("count", _i32),
])

EVENTS = pa.schema([
    ("id", _str), ("story_id", _str), ("shard", _str), ("doc_index", _i32), ("story", _i32), ("k", _i32),
    ("doc", _str), ("event", _str), ("mode", _str), ("date", _str), ("aux", _str),
    ("actor_codes", pa.list_(_str)), ("recipient_codes", pa.list_(_str)),
    ("n_actor", _i32), ("n_recipient", _i32), ("loc_text", _str), ("loc_country", _str),
    ("trigger", _str), ("confidence", pa.float64()), ("sent_start", _i32), ("sent_end", _i32),
    ("outlet", _str), ("doc_failed", pa.bool_()),
    ("record", _str),  # the event exactly as `marsad extract` prints it (JSON)
    ("stages", _str),  # JSON {stage name: version} of the pipeline that made it
])

FIGURES = pa.schema([
    ("story_id", _str), ("shard", _str), ("doc_index", _i32), ("story", _i32),
    ("start", _i32), ("end", _i32), ("text", _str), ("value", pa.float64()), ("unit", _str),
    ("currency", _str), ("measure", _str), ("direction", _str), ("period", _str),
    ("parties", pa.list_(_str)),
])

ERRORS = pa.schema([("shard", _str), ("location", _str), ("stage", _str), ("message", _str)])

STORY_LINKS = pa.schema([
    ("story_id", _str),
    ("duplicate_of", _str),  # the original story (null when the story is an original)
    ("similarity", pa.float64()),  # estimated Jaccard with its closest earlier story
    ("cluster", _str),  # the id of the story that opened the cluster
    ("repeat", pa.bool_()),  # the same document content was read before (a recrawl): not linked itself
])

EVENT_LINKS = pa.schema([
    ("event_id", _str), ("story_id", _str),
    ("group", _str),  # the id of the first report of the same happening
    ("first_report", pa.bool_()),
    ("reports", _i32),  # stories reporting the happening
    ("sources", _i32),  # distinct outlets among them
    ("outlets", pa.list_(_str)),
])

PARTITIONED: dict[str, pa.Schema] = {"stories": STORIES, "mentions": MENTIONS, "events": EVENTS, "figures": FIGURES}
FLAT: dict[str, pa.Schema] = {"documents": DOCUMENTS, "errors": ERRORS}
TABLES: dict[str, pa.Schema] = {**FLAT, **PARTITIONED}

_MONTH_RE = re.compile(r"^\d{4}-\d{2}")


def month_of(date: str) -> str:
    """The partition of a date value: ``YYYY-MM`` when it has a month, else ``undated``."""
    return date[:7] if date and _MONTH_RE.match(date) else UNDATED
