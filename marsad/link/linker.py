"""Link each newly stored story to the store: exact and near duplicates, story clusters, and
corroboration of its events with the events other stories report.

Everything is incremental: a story is compared with the store through indexed lookups (its
fingerprint, its LSH band keys, events of the same type near its date), so the cost of linking
one story stays flat as the store grows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import numpy as np

from marsad.doc import Doc, Event, Story
from marsad.link.identity import Identity, different_happenings, from_text, identity_of, to_text
from marsad.link.minhash import band_keys, fingerprint_of, from_blob, signature_of, similarity, to_blob, words
from marsad.records import story_norm_text, story_text
from marsad.store.dialect import TAB, dialect_of
from marsad.store.rows import EventKey

DUPLICATE_THRESHOLD = 0.45  # estimated Jaccard of 3-word shingles, chosen on the labeled SaudiNewsNet pairs
CLUSTER_THRESHOLD = 0.2
CLUSTER_DAYS = 3
MIN_WORDS = 8  # shorter texts are not fingerprinted for near-duplicates


@dataclass(frozen=True, slots=True)
class StoryPrints:
    """What linking needs of a story's text, computed without the store (so worker processes can)."""

    fingerprint: str
    signature: np.ndarray
    identity: Identity
    n_words: int


def story_prints(doc: Doc, story: Story) -> StoryPrints:
    ws = words(story_norm_text(doc, story), normalized=True)
    return StoryPrints(fingerprint_of(ws), signature_of(ws), identity_of(ws), len(story_text(doc, story).split()))


@dataclass(frozen=True, slots=True)
class Placement:
    """What linking decides about a story before it is stored (its row is written once, with these)."""

    fingerprint: str
    signature: np.ndarray
    bands: list[int]  # the signature's LSH band keys
    identity: Identity
    duplicate_of: int | None
    similarity: float
    cluster_id: int


def outlet_of(story: Story, doc: Doc) -> str:
    """The outlet that published the story: its source, else the host of its URL, else the file."""
    if story.source:
        return story.source.strip().lower()
    url = story.url or doc.meta.get("url", "")
    host = urlparse(url).hostname if url else ""
    return (host or doc.id).removeprefix("www.")


class Linker:
    """Links stories through one store connection (SQLite or PostgreSQL: the SQL is shared)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.dialect = dialect_of(conn)
        self._memo: tuple[np.ndarray, list[tuple[int, np.ndarray]]] | None = None
        self._identities: dict[int, Identity] = {}  # of the memoized candidates

    def place(self, prints: StoryPrints, events: list[EventKey], title: str, date: str) -> Placement:
        """Where a story goes before it is stored: the story it duplicates and its cluster
        (``title``, ``date``: those of a new cluster the story starts)."""
        p = prints
        bands = band_keys(p.signature)
        dup, sim = self._duplicate(p.fingerprint, p.signature, bands, p.identity, p.n_words)
        cluster = self._cluster(title, date, dup, p.signature, bands, events)
        return Placement(p.fingerprint, p.signature, bands, p.identity, dup, sim, cluster)

    def record(self, story_id: int, placed: Placement, outlet: str, date: str) -> None:
        """Keep a stored story's fingerprints for the stories to come and count it in its cluster."""
        self.conn.execute("INSERT INTO story_signatures(story_id, signature, identity) VALUES (?, ?, ?)",
                          (story_id, to_blob(placed.signature), to_text(placed.identity)))
        self.dialect.insert_many(self.conn, "INSERT INTO story_bands(band, key, story_id) VALUES (?, ?, ?)",
                                 [(b, k, story_id) for b, k in enumerate(placed.bands)])
        self._update_cluster(placed.cluster_id, date, outlet)

    # -- duplicates ---------------------------------------------------------------------------
    def _duplicate(self, fp: str, sig: np.ndarray, bands: list[int], ident: Identity,
                   n_words: int) -> tuple[int | None, float]:
        row = self.conn.execute("SELECT id, duplicate_of FROM stories WHERE fingerprint = ?"
                                " ORDER BY id LIMIT 1", (fp,)).fetchone()
        if row is not None:
            return row[1] or row[0], 1.0
        if n_words < MIN_WORDS:
            return None, 0.0
        cands = self._candidates(sig, bands)
        near = nearest(ident, ((c, similarity(sig, s), self._identities.get(c, Identity())) for c, s in cands))
        if near.duplicate is not None:
            original = self.conn.execute("SELECT duplicate_of FROM stories WHERE id = ?",
                                         (near.duplicate,)).fetchone()[0]
            return original or near.duplicate, near.duplicate_similarity
        return None, near.similarity

    def _candidates(self, sig: np.ndarray, bands: list[int] | None = None) -> list[tuple[int, np.ndarray]]:
        """Stored stories sharing a band with the signature (looked up once per story linked);
        ``bands``: the signature's band keys, when computed already."""
        if self._memo is not None and self._memo[0] is sig:
            return self._memo[1]
        ids = self.dialect.band_candidates(self.conn, band_keys(sig) if bands is None else bands)
        found: list[tuple[int, np.ndarray]] = []
        if ids:
            marks = ",".join("?" * len(ids))
            rows = self.conn.execute("SELECT story_id, signature, identity FROM story_signatures"
                                     f" WHERE story_id IN ({marks})", ids).fetchall()
            found = sorted(((r[0], from_blob(r[1])) for r in rows), key=lambda c: c[0])  # ties: same on any engine
            self._identities = {r[0]: from_text(r[2]) for r in rows}
        self._memo = (sig, found)
        return found

    # -- clusters -----------------------------------------------------------------------------
    def _cluster(self, title: str, date: str, dup: int | None, sig: np.ndarray, bands: list[int],
                 events: list[EventKey]) -> int:
        if dup is not None:
            row = self.conn.execute("SELECT cluster_id FROM stories WHERE id = ?", (dup,)).fetchone()
            if row and row[0]:
                return int(row[0])
        for cand, cand_sig in sorted(self._candidates(sig, bands), key=lambda c: -similarity(sig, c[1])):
            if similarity(sig, cand_sig) < CLUSTER_THRESHOLD:
                break
            row = self.conn.execute("SELECT cluster_id FROM stories WHERE id = ?", (cand,)).fetchone()
            if row and row[0]:
                return int(row[0])
        shared = self._cluster_by_events(events)
        if shared is not None:
            return shared
        return self.dialect.insert_id(self.conn, "INSERT INTO clusters(title, first_seen, last_seen) VALUES (?, ?, ?)",
                                      (title, date, date))

    def _cluster_by_events(self, events: list[EventKey]) -> int | None:
        """A cluster whose events share a type and both sides' states with this story's, days apart at most."""
        for ev in events:
            if not ev.actor or not ev.recipient or not _is_day(ev.date):
                continue
            for row in self._groups_near(ev):
                if row["cluster_id"] and _codes_overlap(row, (ev.actor, ev.recipient)):
                    return int(row["cluster_id"])
        return None

    def _update_cluster(self, cluster: int, date: str, outlet: str) -> None:
        row = self.conn.execute("SELECT first_seen, last_seen, stories, outlets FROM clusters WHERE id = ?",
                                (cluster,)).fetchone()
        outlets = set(filter(None, row[3].split(TAB))) | {outlet}
        dates = [d for d in (row[0], row[1], date) if d]
        self.conn.execute("UPDATE clusters SET first_seen = ?, last_seen = ?, stories = ?, outlets = ? WHERE id = ?",
                          (min(dates) if dates else "", max(dates) if dates else "", row[2] + 1,
                           TAB.join(sorted(outlets)), cluster))

    # -- events -------------------------------------------------------------------------------
    def _groups_near(self, ev: EventKey) -> list[Any]:
        """Event groups of the event's type, days apart at most, that share a state with it (an
        indexed lookup by party: its cost does not grow with the number of events that week)."""
        codes = _party_codes(ev)
        if not _is_day(ev.date) or not codes:
            return []
        day = dt.date.fromisoformat(ev.date)
        span = dt.timedelta(days=CLUSTER_DAYS)
        lo, hi = (day - span).isoformat(), (day + span).isoformat()
        marks = ",".join("?" * len(codes))
        # explicit order: the first fitting group wins, on either engine
        return self.conn.execute(
            "SELECT * FROM event_groups WHERE id IN (SELECT group_id FROM event_group_codes"
            f" WHERE code IN ({marks}) AND event = ? AND date BETWEEN ? AND ?) ORDER BY date, id",
            (*codes, ev.event, lo, hi + "~")).fetchall()

    def corroborate(self, ev: EventKey, cluster: int, outlet: str) -> tuple[int, bool]:
        """The event group an event joins (a new one when no stored event asserts the same) and
        whether the event is that group's first report."""
        group = None
        codes = _party_codes(ev)
        if not codes:
            candidates = []  # a group shares a state with the events it holds: none can take this one
        else:
            marks = ",".join("?" * len(codes))
            candidates = self.conn.execute(
                "SELECT * FROM event_groups g WHERE cluster_id = ? AND event = ? AND EXISTS (SELECT 1 FROM"
                f" event_group_codes c WHERE c.group_id = g.id AND c.code IN ({marks})) ORDER BY id",
                (cluster, ev.event, *codes)).fetchall()
        if _is_day(ev.date):
            near = _days_around(ev.date, 1)
            candidates += [r for r in self._groups_near(ev) if not _is_day(r["date"]) or r["date"] in near]
        sides = (ev.actor, ev.recipient)
        for row in candidates:
            if _codes_overlap(row, sides) and _dates_compatible(row["date"], ev.date) \
                    and (not row["loc_country"] or not ev.country or row["loc_country"] == ev.country):
                group = row
                break
        if group is None:
            gid = self.dialect.insert_id(
                self.conn,
                "INSERT INTO event_groups(event, date, actor_codes, recipient_codes, loc_country, cluster_id,"
                " reports, outlets) VALUES (?,?,?,?,?,?,1,?)",
                (ev.event, ev.date, " ".join(sorted(ev.actor)), " ".join(sorted(ev.recipient)), ev.country, cluster,
                 outlet))
            self.dialect.insert_many(self.conn, "INSERT INTO event_group_codes(code, event, date, group_id)"
                                     " VALUES (?, ?, ?, ?)", [(c, ev.event, ev.date, gid) for c in codes])
        else:
            gid = group["id"]
            outlets = set(group["outlets"].split(TAB)) | {outlet}
            date = ev.date if len(ev.date) > len(group["date"]) else group["date"]  # the most precise report
            self.conn.execute("UPDATE event_groups SET reports = reports + 1, outlets = ?, date = ? WHERE id = ?",
                              (TAB.join(sorted(outlets)), date, gid))
            if date != group["date"]:
                self.dialect.set_group_date(self.conn, gid, date)
        return gid, group is None


@dataclass(frozen=True, slots=True)
class Nearest:
    best: int | None  # the most similar earlier story (ties: the earliest)
    similarity: float
    duplicate: int | None  # the most similar one that is a copy: similar enough, not another happening
    duplicate_similarity: float


def nearest(ident: Identity, candidates: Iterable[tuple[int, float, Identity]]) -> Nearest:
    """Among earlier stories (id, similarity, identity), in id order: the most similar, and the most
    similar that is a duplicate — at DUPLICATE_THRESHOLD or above and not a templated report of
    another happening. Shared by the Linker and the batch linker, so both give the same answers."""
    best, best_sim, dup, dup_sim = None, 0.0, None, 0.0
    for cand, sim, cand_ident in candidates:
        if sim > best_sim:
            best, best_sim = cand, sim
        if sim >= DUPLICATE_THRESHOLD and sim > dup_sim and not different_happenings(sim, ident, cand_ident):
            dup, dup_sim = cand, sim
    return Nearest(best, best_sim, dup, dup_sim)


def _party_codes(ev: EventKey) -> list[str]:
    """The codes of an event's parties, either side, in order (parties without a code left out)."""
    return sorted(c for c in ev.actor | ev.recipient if c)


def _sides(ev: Event) -> tuple[set[str], set[str]]:
    """The codes of an event's actors and of its recipients."""
    return {p.code for p in ev.actor}, {p.code for p in ev.recipient}


def _codes_overlap(row: Any, sides: tuple[Set[str], Set[str]]) -> bool:
    """Whether a group's parties are an event's (``sides``: :func:`_sides`, or an EventKey's actor and recipient)."""
    ga, gr = set(row["actor_codes"].split()), set(row["recipient_codes"].split())
    ea, er = sides
    if ga & ea and ((gr & er) or (not gr and not er)):
        return True
    everyone = ea | er
    return len(everyone) >= 2 and everyone == ga | gr  # reciprocal: the same parties either side


def _is_day(value: str) -> bool:
    return len(value) == 10 and value[4] == "-"


def _days_around(day: str, days: int) -> frozenset[str]:
    """The days at most ``days`` apart from a day (ISO dates)."""
    d = dt.date.fromisoformat(day)
    return frozenset((d + dt.timedelta(days=k)).isoformat() for k in range(-days, days + 1))


def _days(a: str, b: str) -> int:
    if not (_is_day(a) and _is_day(b)):
        return 0
    return (dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days


def _dates_compatible(a: str, b: str) -> bool:
    if not a or not b:
        return True
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return True
    return abs(_days(a, b)) <= 1
