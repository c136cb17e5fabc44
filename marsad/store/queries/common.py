"""What every read query shares: PLOVER types and quad classes, argument checks, the time
budget, keyset cursors and pages."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from marsad.store import dialect as D

Conn = Any  # a store, a sqlite3.Connection or a PgConnection

# -- PLOVER types and CAMEO-style quad classes --------------------------------------------------
QUADS: dict[str, tuple[str, ...]] = {
    "verbal_cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material_cooperation": ("COOPERATE", "AID", "RETREAT"),
    "verbal_conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material_conflict": ("PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"),
}
QUAD_ORDER: tuple[str, ...] = tuple(QUADS)
QUAD_OF: dict[str, str] = {t: q for q, types in QUADS.items() for t in types}
EVENT_TYPES: tuple[str, ...] = tuple(t for types in QUADS.values() for t in types)
QUAD_ALIASES = {"1": "verbal_cooperation", "2": "material_cooperation", "3": "verbal_conflict",
                "4": "material_conflict", "vcoop": "verbal_cooperation", "mcoop": "material_cooperation",
                "vconf": "verbal_conflict", "mconf": "material_conflict",
                "cooperation": "cooperation", "conflict": "conflict"}
AUX_VALUES = ("asserted", "future", "negated", "historical", "hypothetical")

MAX_LIMIT = 200
_CODE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,24}$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class QueryError(ValueError):
    """A parameter the queries cannot accept (the API answers 422 with its message)."""


def _conn(source: Conn) -> Any:
    return source if isinstance(source, sqlite3.Connection) else getattr(source, "conn", source)


_COLUMNS: dict[tuple[str, str], frozenset[str]] = {}


def columns(conn: Any, table: str) -> frozenset[str]:
    """The columns a table has in this store (later schema versions add some)."""
    dialect = D.dialect_of(conn)
    key = (dialect.ident(conn), table)
    if key not in _COLUMNS:
        _COLUMNS[key] = dialect.columns(conn, table)
    return _COLUMNS[key]


def _linked(conn: Any) -> bool:
    """Whether the store links reports of one happening (events.group_id, event_groups)."""
    return "group_id" in columns(conn, "events")


def is_cooperation(event_type: str) -> bool:
    return QUAD_OF.get(event_type, "").endswith("cooperation")


def quad_types(quad: str) -> tuple[str, ...]:
    """The PLOVER types of a quad class name (or alias, or 'cooperation' / 'conflict')."""
    key = QUAD_ALIASES.get(quad.strip().lower(), quad.strip().lower())
    if key == "cooperation":
        return QUADS["verbal_cooperation"] + QUADS["material_cooperation"]
    if key == "conflict":
        return QUADS["verbal_conflict"] + QUADS["material_conflict"]
    if key not in QUADS:
        raise QueryError(f"unknown quad class {quad!r}; use one of {', '.join(QUAD_ORDER)}, cooperation, conflict")
    return QUADS[key]


def check_code(code: str, what: str = "code") -> str:
    code = code.strip().upper()
    if not _CODE_RE.match(code):
        raise QueryError(f"{what} must be an actor code such as RUS or UN, got {code!r}")
    return code


def check_date(value: str, what: str = "date") -> str:
    value = value.strip()
    if value:
        padded = value + "-01-01"[len(value) - 4:] if len(value) < 10 else value
        try:
            ok = bool(_DATE_RE.match(value)) and bool(dt.date.fromisoformat(padded))
        except ValueError:
            ok = False
        if not ok:
            raise QueryError(f"{what} must be a date like YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


def parse_dyad(dyad: str) -> tuple[str, str]:
    parts = [p for p in re.split(r"[-_,:> ]+", dyad.strip()) if p]
    if len(parts) != 2:
        raise QueryError(f"dyad must be two actor codes like RUS-IRN, got {dyad!r}")
    return check_code(parts[0], "dyad"), check_code(parts[1], "dyad")


# -- time budget ----------------------------------------------------------------------------------
def install_budget(conn: Any) -> None:
    """Let :func:`set_deadline` interrupt any statement on this connection that runs too long."""
    D.install_budget(conn)


def set_deadline(source: Conn, seconds: float | None) -> None:
    """A time budget for what runs next (SQLite: all statements together; PostgreSQL: each one)."""
    D.set_deadline(_conn(source), seconds)


# -- cursors --------------------------------------------------------------------------------------
def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise QueryError("cursor is not one this server issued") from None
    if not isinstance(values, list) or len(values) != size or not all(
            isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        raise QueryError("cursor is not one this server issued")
    return values


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


@dataclass(slots=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None = None
    total: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _keyset(col: str, desc: bool, cursor: str | None) -> tuple[str, list[Any]]:
    """WHERE fragment continuing after the cursor for ORDER BY col, id (both in one direction)."""
    if not cursor:
        return "", []
    value, last_id = decode_cursor(cursor, 2)
    op = "<" if desc else ">"
    return f"({col}, {col.split('.')[0]}.id) {op} (?, ?)", [value, last_id]


def _date_range(col: str, date_from: str, date_to: str) -> tuple[list[str], list[Any]]:
    """Overlap of a date at any precision (YYYY, YYYY-MM, YYYY-MM-DD) with [from, to]."""
    where, args = [], []
    date_from, date_to = check_date(date_from, "date_from"), check_date(date_to, "date_to")
    if date_from:
        where.append(f"{col} != '' AND {col} >= substr(?, 1, length({col}))")
        args.append(date_from)
    if date_to:
        where.append(f"{col} != '' AND substr({col}, 1, length(?)) <= ?")
        args.extend([date_to, date_to])
    return where, args
