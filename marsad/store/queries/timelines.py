"""Event counts by day, week or month, with the empty buckets between."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any

from marsad.store.queries.common import QUAD_OF, QUAD_ORDER, Conn, QueryError, _conn
from marsad.store.queries.events import EventFilter

# -- timeline -------------------------------------------------------------------------------------
_BUCKET_CHARS = {"day": 10, "week": 10, "month": 7}
_DATED_RE = re.compile(r"^[0-9]{4}-[0-9]{2}")


def timeline(store: Conn, flt: EventFilter, by: str = "week", max_buckets: int = 2000) -> dict[str, Any]:
    """Event counts per day, week (starting Monday) or month, stacked by quad class. Only events
    dated to the day count (month for by=month); the others are reported as `undated`."""
    if by not in _BUCKET_CHARS:
        raise QueryError("by must be day, week or month")
    conn = _conn(store)
    where, args = flt.where(conn)
    n = _BUCKET_CHARS[by]
    # the SQL counts per date prefix (portable); weeks are folded from days here
    sql = (f"SELECT CASE WHEN length(e.date) >= {n} THEN substr(e.date, 1, {n}) END AS bucket, e.event,"
           " count(*) AS n FROM events e" + (" WHERE " + " AND ".join(where) if where else "")
           + " GROUP BY bucket, e.event")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    undated = 0
    for r in conn.execute(sql, args):
        bucket = r["bucket"] if r["bucket"] and _DATED_RE.match(r["bucket"]) else ""
        if bucket and by == "week":
            bucket = _bucket(bucket, "week")
        if bucket:
            counts[bucket][QUAD_OF.get(r["event"], "other")] += r["n"]
        else:
            undated += r["n"]
    return _timeline_from(counts, by, undated, max_buckets)


def _timeline_from(counts: dict[str, Counter[str]], by: str, undated: int, max_buckets: int = 2000
                   ) -> dict[str, Any]:
    """Buckets from the first to the last date with zeros in the gaps. When that span holds more
    than ``max_buckets``, it keeps the span from the 5th to the 99.5th percentile of events,
    widened over neighbouring busy buckets (and at most the last ``max_buckets`` of it); events
    left out are counted in ``outside``."""
    keys = sorted(counts)
    totals = [sum(counts[k].values()) for k in keys]
    outside = 0
    filled = _continuous(keys, by, max_buckets) if keys else []
    if keys and not filled:
        grand, run, lo, hi = sum(totals), 0, 0, len(keys) - 1
        for i, n in enumerate(totals):
            run += n
            if run <= grand * 0.05:
                lo = i + 1
            if run >= grand * 0.995:
                hi = i
                break
        lo = min(lo, hi)
        busy = max(totals) * 0.25
        while lo > 0 and totals[lo - 1] >= busy:
            lo -= 1
        while hi < len(keys) - 1 and totals[hi + 1] >= busy:
            hi += 1
        filled = _continuous(keys[lo:hi + 1], by, max_buckets)
        if not filled:  # still too long: keep the most recent part that fits
            lo = next((i for i in range(lo, hi + 1) if _span(keys[i], keys[hi], by) <= max_buckets), hi)
            filled = _continuous(keys[lo:hi + 1], by, max_buckets)
        if not filled:
            filled = [keys[hi]]
        outside = sum(n for k, n in zip(keys, totals, strict=True) if not filled[0] <= k <= filled[-1])
    empty: Counter[str] = Counter()
    buckets = [{"date": b, **{q: counts.get(b, empty).get(q, 0) for q in QUAD_ORDER},
                "total": sum(counts.get(b, empty).values())} for b in filled]
    return {"by": by, "buckets": buckets, "undated": undated, "outside": outside, "quads": list(QUAD_ORDER)}


_PRECISE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _bucket(date: str, by: str) -> str:
    """The timeline bucket of a date, as the SQL of :func:`timeline` computes it ('' if too vague)."""
    if by == "month":
        return date[:7] if re.match(r"^\d{4}-\d{2}", date) else ""
    if not _PRECISE_RE.match(date):
        return ""
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return ""
    if by == "week":
        day -= dt.timedelta(days=day.weekday())
    return day.isoformat()


def _span(first: str, last: str, by: str) -> int:
    """How many buckets run from ``first`` to ``last`` inclusive."""
    try:
        if by == "month":
            (y0, m0), (y1, m1) = map(int, first.split("-")), map(int, last.split("-"))
            return (y1 - y0) * 12 + (m1 - m0) + 1
        days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    except ValueError:
        return 1 << 30
    return days // (7 if by == "week" else 1) + 1


def _continuous(keys: list[str], by: str, max_buckets: int) -> list[str]:
    """Every bucket from the first to the last key (so gaps show as gaps), or [] when that
    would be more than ``max_buckets``."""
    try:
        if by == "month":
            y0, m0 = map(int, keys[0].split("-"))
            y1, m1 = map(int, keys[-1].split("-"))
            n = (y1 - y0) * 12 + (m1 - m0) + 1
            if n > max_buckets:
                return []
            return [f"{y0 + (m0 - 1 + i) // 12:04d}-{(m0 - 1 + i) % 12 + 1:02d}" for i in range(n)]
        first, last = dt.date.fromisoformat(keys[0]), dt.date.fromisoformat(keys[-1])
    except ValueError:
        return []
    step = 7 if by == "week" else 1
    n = (last - first).days // step + 1
    if n > max_buckets:
        return []
    return [(first + dt.timedelta(days=i * step)).isoformat() for i in range(n)]
