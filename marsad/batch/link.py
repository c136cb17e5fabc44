"""Corpus-wide duplicates, story clusters and event corroboration as distributed group-by stages.

The single-machine :class:`marsad.link.linker.Linker` links each story, in the order stories are
stored, against the stories before it. This module gives the same answers over a whole batch run,
with the expensive work spread over the cluster as group-bys:

1. *exact groups* — stories grouped by document content (a recrawled page: ``repeat``; the store
   keeps only its first copy), then the other stories by text fingerprint; the earliest member of
   a group is the one the others point to;
2. *LSH band groups* — every other story under each of its 64 band keys; stories sharing a key
   make candidate pairs (earlier, later);
3. *signature joins* — two group-bys (by the earlier, then by the later story of a pair) bring
   both signatures together; each story keeps its most similar earlier candidate, ties going to
   the earliest story, as the store meets its candidates in story order;
4. *event sweeps* — events grouped by type, each group swept in story order with the Linker's own
   rules (:func:`~marsad.link.linker._codes_overlap`, :func:`~marsad.link.linker._dates_compatible`):
   an event joins the first compatible group of its story's cluster or of the days around it,
   else opens a group.

Between the stages the driver holds only small maps of story numbers: which earlier story each
story points to (duplicate, or cluster by similarity). A story with no similar earlier story can
join a cluster through its events (a group of the same type, actors and recipients within three
days); those proposals come out of the per-type sweeps and are fed back until they no longer
change — usually two sweeps — because each story's outcome depends only on stories before it,
a fixed point is the single-machine outcome.

A story's number is ``(shard position << 40) | (document << 12) | story index``: the order of the
run's manifest, then file order, as `marsad ingest` would store them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from marsad.batch.outdir import OutDir
from marsad.doc import Event, Location, Participant
from marsad.link.identity import from_text, identity_of, to_text
from marsad.link.linker import (
    CLUSTER_DAYS,
    CLUSTER_THRESHOLD,
    MIN_WORDS,
    _codes_overlap,
    _dates_compatible,
    _days,
    _is_day,
    _sides,
    nearest,
)
from marsad.link.minhash import BANDS, NUM_PERM, band_keys, words

log = logging.getLogger(__name__)

SHARD_SHIFT = 40
DOC_SHIFT = 12
REPEAT, FP, BAND, SIG = 0, 1, 2, 3
MAX_SWEEPS = 12
_MIX = np.uint64(0x9E3779B97F4A7C15)


def story_order(shard_ord: int, doc_index: int, index: int) -> int:
    return (shard_ord << SHARD_SHIFT) | (doc_index << DOC_SHIFT) | index


def _u64(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.int64).view(np.uint64)


def _part(keys: np.ndarray, salt: np.ndarray | int, parts: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        mixed = (_u64(keys) ^ (np.asarray(salt, dtype=np.uint64) * _MIX)) * _MIX
    return ((mixed >> np.uint64(17)) % np.uint64(parts)).astype(np.int64)


def _hash63(text: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") >> 1


# -- pass 1: exact groups --------------------------------------------------------------------------
def content_rows(batch: dict[str, np.ndarray], parts: int) -> dict[str, np.ndarray]:
    """A row per story keyed by its document's content hash."""
    order = np.asarray(batch["order"], dtype=np.int64)
    key = np.array([_hash63(h) for h in batch["content_hash"]], dtype=np.int64)
    return _key_rows(order, key, REPEAT, parts)


def fingerprint_rows(batch: dict[str, np.ndarray], parts: int) -> dict[str, np.ndarray]:
    """A row per story keyed by its text fingerprint."""
    order = np.asarray(batch["order"], dtype=np.int64)
    key = np.array([int(f[:15], 16) for f in batch["fingerprint"]], dtype=np.int64)
    return _key_rows(order, key, FP, parts)


def _key_rows(order: np.ndarray, key: np.ndarray, tag: int, parts: int) -> dict[str, np.ndarray]:
    return {"part": _part(key, tag, parts), "tag": np.full(len(key), tag, np.int8),
            "band": np.zeros(len(key), np.int16), "key": key, "order": order}


def band_rows(batch: dict[str, np.ndarray], parts: int) -> dict[str, np.ndarray]:
    """One row per story and LSH band: (band, key)."""
    order = np.asarray(batch["order"], dtype=np.int64)
    keys = np.array([band_keys(np.frombuffer(s, dtype="<u4")) for s in batch["signature"]],
                    dtype=np.int64).reshape(len(order), BANDS)
    band = np.tile(np.arange(BANDS, dtype=np.int16), len(order))
    key = keys.reshape(-1)
    return {"part": _part(key, band.astype(np.uint64) + np.uint64(7), parts),
            "tag": np.full(len(key), BAND, np.int8), "band": band, "key": key, "order": np.repeat(order, BANDS)}


def group_pairs(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Within one partition: for every (tag, band, key) group of two or more stories, the pairs
    (later, earlier) — to the earliest member for exact groups, every earlier member for bands."""
    tag, band = np.asarray(batch["tag"]), np.asarray(batch["band"])
    key, order = np.asarray(batch["key"]), np.asarray(batch["order"])
    idx = np.lexsort((order, key, band, tag))
    tag, band, key, order = tag[idx], band[idx], key[idx], order[idx]
    n = len(order)
    later: list[np.ndarray] = []
    earlier: list[np.ndarray] = []
    tags: list[np.ndarray] = []
    bands: list[np.ndarray] = []
    if n:
        change = np.ones(n, dtype=bool)
        change[1:] = (tag[1:] != tag[:-1]) | (band[1:] != band[:-1]) | (key[1:] != key[:-1])
        starts = np.flatnonzero(change)
        ends = np.append(starts[1:], n)
        for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            members = order[s:e]
            if tag[s] == BAND:
                i, j = np.triu_indices(e - s, 1)
                earlier.append(members[i])
                later.append(members[j])
            elif tag[s] == REPEAT:
                # documents with the same content: every story of a later copy points to the story
                # of the first copy with the same index (else to its first story)
                docs = members >> DOC_SHIFT
                first_doc = members[docs == docs[0]]
                copies = members[docs != docs[0]]
                if not len(copies):
                    continue
                same = (docs[0] << DOC_SHIFT) | (copies & ((1 << DOC_SHIFT) - 1))
                later.append(copies)
                earlier.append(np.where(np.isin(same, first_doc), same, first_doc[0]))
            else:
                later.append(members[1:])
                earlier.append(np.full(e - s - 1, members[0], dtype=np.int64))
            tags.append(np.full(len(later[-1]), tag[s], np.int8))
            bands.append(np.full(len(later[-1]), band[s], np.int16))
    cat = (lambda xs, dtype: np.concatenate(xs).astype(dtype) if xs else np.zeros(0, dtype))  # noqa: E731
    return {"later": cat(later, np.int64), "earlier": cat(earlier, np.int64), "tag": cat(tags, np.int8),
            "band": cat(bands, np.int16)}


# -- passes 2 and 3: signature joins ----------------------------------------------------------------
def sig_rows(batch: dict[str, np.ndarray], parts: int) -> dict[str, np.ndarray]:
    """A row per story with its signature and identity (the Linker's: from the same normalized words)."""
    order = np.asarray(batch["order"], dtype=np.int64)
    n = len(order)
    idents = [to_text(identity_of(words(t))) for t in batch["text"]]
    return {"part": _part(order, 0, parts), "tag": np.full(n, SIG, np.int8), "a": order,
            "b": np.full(n, -1, np.int64), "band": np.asarray(batch["n_words"]).clip(0, 32000).astype(np.int16),
            "sig": np.asarray(batch["signature"], dtype=object), "ident": np.array([*idents, None], dtype=object)[:-1]}


def pair_rows(batch: dict[str, np.ndarray], parts: int) -> dict[str, np.ndarray]:
    """Band pairs keyed by their earlier story."""
    earlier = np.asarray(batch["earlier"], dtype=np.int64)
    n = len(earlier)
    return {"part": _part(earlier, 0, parts), "tag": np.full(n, BAND, np.int8), "a": earlier,
            "b": np.asarray(batch["later"], dtype=np.int64), "band": np.asarray(batch["band"], dtype=np.int16),
            "sig": np.array([b""] * n, dtype=object), "ident": np.array([""] * n, dtype=object)}


def attach_earlier(batch: dict[str, np.ndarray], parts: int) -> dict[str, np.ndarray]:
    """Within one partition keyed by the earlier story: each distinct pair, with its lowest shared
    band and the earlier story's signature and identity, re-keyed by the later story."""
    tag, a, b, band, sig, ident = (np.asarray(batch[c]) for c in ("tag", "a", "b", "band", "sig", "ident"))
    sigs = {int(x): (s, i) for x, s, i, t in zip(a, sig, ident, tag, strict=True) if t == SIG}
    best: dict[tuple[int, int], int] = {}
    for t, x, y, bd in zip(tag, a, b, band, strict=True):
        if t == BAND:
            k = (int(y), int(x))
            if k not in best or bd < best[k]:
                best[k] = int(bd)
    later = np.array([k[0] for k in best], dtype=np.int64)
    return {"part": _part(later, 0, parts), "tag": np.full(len(best), BAND, np.int8), "a": later,
            "b": np.array([k[1] for k in best], dtype=np.int64), "band": np.array(list(best.values()), np.int16),
            "sig": np.array([sigs[k[1]][0] for k in best], dtype=object),
            "ident": np.array([*(sigs[k[1]][1] for k in best), None], dtype=object)[:-1]}


def best_candidates(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Within one partition keyed by the later story: its most similar earlier candidate and its
    most similar duplicate (:func:`marsad.link.linker.nearest`), taken in the order the Linker
    meets candidates (story order: ties go to the earliest)."""
    tag, a, b, band, sig, ident = (np.asarray(batch[c]) for c in ("tag", "a", "b", "band", "sig", "ident"))
    own: dict[int, tuple[bytes, int, str]] = {}
    cands: dict[int, dict[int, tuple[int, bytes, str]]] = defaultdict(dict)
    for t, x, y, bd, s, i in zip(tag, a, b, band, sig, ident, strict=True):
        if t == SIG:
            own[int(x)] = (s, int(bd), i)
        else:
            have = cands[int(x)].get(int(y))
            if have is None or bd < have[0]:
                cands[int(x)][int(y)] = (int(bd), s, i)
    rows: dict[str, list[Any]] = {"order": [], "best": [], "similarity": [], "n_words": [], "dup": [],
                                  "dup_similarity": []}
    for later, found in cands.items():
        mine = np.frombuffer(own[later][0], dtype="<u4")
        near = nearest(from_text(own[later][2]), (
            (earlier, float(np.count_nonzero(mine == np.frombuffer(s, dtype="<u4"))) / NUM_PERM, from_text(i))
            for earlier, (_bd, s, i) in sorted(found.items())))
        for col, value in (("order", later), ("best", -1 if near.best is None else near.best),
                           ("similarity", near.similarity), ("n_words", own[later][1]),
                           ("dup", -1 if near.duplicate is None else near.duplicate),
                           ("dup_similarity", near.duplicate_similarity)):
            rows[col].append(value)
    return {"order": np.array(rows["order"], np.int64), "best": np.array(rows["best"], np.int64),
            "similarity": np.array(rows["similarity"], np.float64), "n_words": np.array(rows["n_words"], np.int32),
            "dup": np.array(rows["dup"], np.int64), "dup_similarity": np.array(rows["dup_similarity"], np.float64)}


# -- driver: duplicates and clusters by similarity --------------------------------------------------
@dataclass
class StoryLinks:
    repeat_of: dict[int, int] = field(default_factory=dict)  # story → the same story of the first copy
    duplicate_of: dict[int, int] = field(default_factory=dict)  # story → original (a root)
    similarity: dict[int, float] = field(default_factory=dict)  # non-zero similarities
    by_similarity: dict[int, int] = field(default_factory=dict)  # story → earlier story whose cluster it joins
    by_events: dict[int, int] = field(default_factory=dict)  # story → cluster root, from its events


def resolve_stories(exact: dict[str, np.ndarray], best: dict[str, np.ndarray]) -> StoryLinks:
    """Duplicates and clusters by text, in story order, by the Linker's rules."""
    links = StoryLinks()
    fp_first: dict[int, int] = {}
    for later, earlier, tag in zip(exact["later"], exact["earlier"], exact["tag"], strict=True):
        (links.repeat_of if tag == REPEAT else fp_first)[int(later)] = int(earlier)
    near = {int(o): (int(b), float(s), int(w), int(d), float(ds)) for o, b, s, w, d, ds in
            zip(best["order"], best["best"], best["similarity"], best["n_words"], best["dup"],
                best["dup_similarity"], strict=True)}
    for story in sorted(set(fp_first) | set(near)):
        if story in links.repeat_of:
            continue
        dup: int | None = None
        if story in fp_first:
            target = fp_first[story]
            dup, sim = links.duplicate_of.get(target, target), 1.0
        else:
            _best, sim, n_words, cand, cand_sim = near[story]
            if n_words < MIN_WORDS:
                sim = 0.0
            elif cand >= 0:  # at DUPLICATE_THRESHOLD or above, not another happening (nearest)
                dup, sim = links.duplicate_of.get(cand, cand), cand_sim
        if sim:
            links.similarity[story] = sim
        if dup is not None:
            links.duplicate_of[story] = dup
            links.by_similarity[story] = dup
        elif story in near and near[story][1] >= CLUSTER_THRESHOLD:
            links.by_similarity[story] = near[story][0]
    return links


class Clusters:
    """Cluster roots through pointers to earlier stories (by similarity, then by events)."""

    def __init__(self, *pointers: dict[int, int]) -> None:
        self.pointers = pointers
        self.memo: dict[int, int] = {}

    def root(self, story: int) -> int:
        path = []
        while True:
            if story in self.memo:
                story = self.memo[story]
                break
            nxt = next((p[story] for p in self.pointers if story in p), None)
            if nxt is None:
                break
            path.append(story)
            story = nxt
        for s in path:
            self.memo[s] = story
        return story


# -- pass 4: the event sweep of one type ------------------------------------------------------------
def _event(row: dict[str, Any]) -> Event:
    return Event(0, 0, row["event"], "", 0, 0, actor=[Participant(c) for c in row["actor_codes"]],
                 recipient=[Participant(c) for c in row["recipient_codes"]], date=row["date"],
                 loc=Location(country=row["loc_country"]))


class _Groups:
    """The event groups of one type, indexed as the store indexes them: by cluster (creation
    order) and by (date, creation order)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.by_cluster: dict[int, list[int]] = defaultdict(list)
        self.by_date: list[tuple[str, int]] = []

    def near(self, date: str) -> list[int]:
        if not _is_day(date):
            return []
        day = dt.date.fromisoformat(date)
        span = dt.timedelta(days=CLUSTER_DAYS)
        lo, hi = (day - span).isoformat(), (day + span).isoformat() + "~"
        i = bisect.bisect_left(self.by_date, (lo, -1))
        j = bisect.bisect_right(self.by_date, (hi, 1 << 62))
        return [gid for _d, gid in self.by_date[i:j]]

    def add(self, ev: Event, event_id: str, story: int, cluster: int, outlet: str) -> int:
        gid = len(self.rows)
        self.rows.append({"id": event_id, "creator": story, "date": ev.date,
                          "actor_codes": " ".join(sorted({p.code for p in ev.actor})),
                          "recipient_codes": " ".join(sorted({p.code for p in ev.recipient})),
                          "loc_country": ev.loc.country, "cluster_id": cluster, "reports": 1, "outlets": {outlet}})
        self.by_cluster[cluster].append(gid)
        bisect.insort(self.by_date, (ev.date, gid))
        return gid

    def join(self, gid: int, ev: Event, outlet: str) -> None:
        g = self.rows[gid]
        g["reports"] += 1
        g["outlets"].add(outlet)
        if len(ev.date) > len(g["date"]):
            self.by_date.remove((g["date"], gid))
            g["date"] = ev.date
            bisect.insort(self.by_date, (ev.date, gid))


Hit = tuple[int, int, str]  # (index of the event in its document, story whose cluster it joins, event type)


def sweep_type(batch: dict[str, np.ndarray], pointers: dict[int, int],
               hits: dict[int, list[Hit]]) -> dict[str, Any]:
    """Corroborate the events of one type in story order, as the Linker does when they are stored
    one story after another.

    A story with no similar earlier story may join a cluster through its first event (of any
    type) that meets a group of its type, actors and recipients within three days. This type's
    hits are found here as the sweep goes; ``hits`` has the other types' from the previous sweep
    (story → hits); the story's first hit of all decides its cluster. Each event's own hit is
    reported as ``proposal`` (the cluster, -1 when none)."""
    n = len(batch["order"])
    idx = np.lexsort((np.asarray(batch["k"]), np.asarray(batch["order"])))
    cols = {c: np.asarray(batch[c]) for c in ("event_id", "story_id", "order", "k", "event", "date", "loc_country",
                                                 "outlet", "actor_codes", "recipient_codes")}
    kind = str(cols["event"][0]) if n else ""
    others_first = {story: min(h for h in found if h[2] != kind) for story, found in hits.items()
                    if any(h[2] != kind for h in found)}
    by_events = {story: h[1] for story, h in others_first.items()}
    clusters = Clusters(pointers, by_events)
    groups = _Groups()
    group_of = np.full(n, -1, np.int64)
    first = np.zeros(n, bool)
    proposal = np.full(n, -1, np.int64)
    pos = 0
    while pos < n:
        story = int(cols["order"][idx[pos]])
        end = pos
        while end < n and int(cols["order"][idx[end]]) == story:
            end += 1
        rows = [idx[i] for i in range(pos, end)]
        evs = [_event({c: cols[c][r] for c in cols}) for r in rows]
        if story not in pointers:
            for r, ev in zip(rows, evs, strict=True):
                if not (ev.actor and ev.recipient and _is_day(ev.date)):
                    continue
                # the group's first report's story stands for the cluster: it stays the same
                # when the cluster's root changes from one sweep to the next
                hit = next((groups.rows[g]["creator"] for g in groups.near(ev.date)
                            if _codes_overlap(groups.rows[g], _sides(ev))), None)
                if hit is not None:
                    proposal[r] = hit
                    other = others_first.get(story)
                    if other is None or int(cols["k"][r]) < other[0]:
                        by_events[story] = int(hit)
                        clusters.memo.pop(story, None)
                    break
        cluster = clusters.root(story)
        for r, ev in zip(rows, evs, strict=True):
            outlet = str(cols["outlet"][r])
            cands = list(groups.by_cluster.get(cluster, []))
            if _is_day(ev.date):
                cands += [g for g in groups.near(ev.date) if abs(_days(groups.rows[g]["date"], ev.date)) <= 1]
            found = None
            for g in cands:
                row = groups.rows[g]
                if _codes_overlap(row, _sides(ev)) and _dates_compatible(row["date"], ev.date) \
                        and (not row["loc_country"] or not ev.loc.country or row["loc_country"] == ev.loc.country):
                    found = g
                    break
            if found is None:
                group_of[r] = groups.add(ev, str(cols["event_id"][r]), story, cluster, outlet)
                first[r] = True
            else:
                groups.join(found, ev, outlet)
                group_of[r] = found
        pos = end
    g_rows = groups.rows
    return {
        "event_id": cols["event_id"], "story_id": cols["story_id"], "event": cols["event"],
        "group": np.array([g_rows[g]["id"] for g in group_of], dtype=object),
        "first_report": first,
        "reports": np.array([g_rows[g]["reports"] for g in group_of], np.int32),
        "sources": np.array([len([o for o in g_rows[g]["outlets"] if o]) or 1 for g in group_of], np.int32),
        "outlets": np.array([sorted(g_rows[g]["outlets"]) for g in group_of] + [None], dtype=object)[:-1],
        "order": cols["order"], "k": np.asarray(cols["k"], np.int32), "proposal": proposal,
    }


def collect_hits(rows: dict[str, np.ndarray]) -> dict[int, list[Hit]]:
    """Story → its hits, one per event type at most (the type's first event that hit)."""
    found: dict[int, list[Hit]] = defaultdict(list)
    for story, k, target, kind in zip(rows["order"], rows["k"], rows["proposal"], rows["event"], strict=True):
        if target >= 0:
            found[int(story)].append((int(k), int(target), str(kind)))
    return {s: sorted(h) for s, h in found.items()}


def choose_proposals(hits: dict[int, list[Hit]]) -> dict[int, int]:
    """For each story, the cluster its earliest hit (of any type) joins."""
    return {s: min(h)[1] for s, h in hits.items() if h}


# -- the stages on Ray Data -------------------------------------------------------------------------
@dataclass
class LinkSummary:
    stories: int = 0
    events: int = 0
    repeats: int = 0
    duplicates: int = 0
    clusters: int = 0
    event_groups: int = 0
    sweeps: int = 0
    converged: bool = True
    seconds: dict[str, float] = field(default_factory=dict)


def run_link(out: OutDir, shard_order: dict[str, int], parts: int,
             progress: Callable[[str], None] | None = None) -> LinkSummary:
    """Link every story and event of the run in ``out``; writes ``links/stories`` and ``links/events``."""
    import time

    import ray
    import ray.data

    say = progress or (lambda _msg: None)
    summary = LinkSummary()
    t0 = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        summary.seconds[name] = round(now - t0, 2)
        t0 = now

    story_files = out.files("stories", suffix=".parquet")
    out.delete_dir("links")
    if not story_files:
        return summary
    # shards written by a run whose manifest is gone come after the known ones
    unknown = sorted({f.rsplit("/", 1)[-1].removesuffix(".parquet") for f in story_files} - set(shard_order))
    shard_order = {**shard_order, **{s: len(shard_order) + i for i, s in enumerate(unknown)}}
    stories = read_files(out, story_files, [
        "id", "shard", "doc_index", "index", "content_hash", "doc_failed", "n_words", "fingerprint", "signature",
        "text"],
        chunks=2 * parts)
    stories = stories.map_batches(_with_order, fn_kwargs={"shard_order": shard_order}, batch_format="numpy")
    stories = stories.materialize()
    summary.stories = stories.count()
    if not summary.stories:
        return summary
    say(f"linking {summary.stories} stories in {parts} partitions")

    def exact(ds: Any, rows: Callable[..., dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
        return _collect(ds.map_batches(rows, fn_kwargs={"parts": parts}, batch_format="numpy")
                        .groupby("part", num_partitions=parts).map_groups(group_pairs, batch_format="numpy"),
                        ("later", "earlier", "tag"))

    # repeated documents first (the store never holds them), then exact duplicates among the rest
    repeats = exact(stories, content_rows)
    summary.repeats = len(repeats["later"])
    originals = stories.map_batches(_without, fn_kwargs={"drop": ray.put(set(repeats["later"].tolist()))},
                                    batch_format="numpy").materialize() if summary.repeats else stories
    same_text = exact(originals, fingerprint_rows)
    exact_pairs = {c: np.concatenate([repeats[c], same_text[c]]) for c in repeats}
    lap("exact groups")

    rest = originals.map_batches(_without, fn_kwargs={"drop": ray.put(set(same_text["later"].tolist()))},
                                 batch_format="numpy").materialize()
    pairs = (rest.map_batches(band_rows, fn_kwargs={"parts": parts}, batch_format="numpy")
             .groupby("part", num_partitions=parts).map_groups(group_pairs, batch_format="numpy"))
    by_earlier = (rest.map_batches(sig_rows, fn_kwargs={"parts": parts}, batch_format="numpy")
                  .union(pairs.map_batches(pair_rows, fn_kwargs={"parts": parts}, batch_format="numpy"))
                  .groupby("part", num_partitions=parts)
                  .map_groups(attach_earlier, fn_kwargs={"parts": parts}, batch_format="numpy"))
    best = (rest.map_batches(sig_rows, fn_kwargs={"parts": parts}, batch_format="numpy")
            .union(by_earlier)
            .groupby("part", num_partitions=parts).map_groups(best_candidates, batch_format="numpy"))
    near = _collect(best, ("order", "best", "similarity", "n_words", "dup", "dup_similarity"))
    lap("near duplicates")

    links = resolve_stories(exact_pairs, near)
    summary.duplicates = len(links.duplicate_of)

    event_files = out.files("events", suffix=".parquet")
    events_out = None
    if event_files:
        repeat_ref = ray.put(set(links.repeat_of))
        events = read_files(out, event_files, [
            "id", "story_id", "shard", "doc_index", "story", "k", "event", "date", "actor_codes", "recipient_codes",
            "loc_country", "outlet", "doc_failed"], chunks=2 * parts)
        events = (events.map_batches(_events_with_order, fn_kwargs={"shard_order": shard_order, "drop": repeat_ref},
                                     batch_format="numpy")
                  .materialize())
        summary.events = events.count()
        pointers_ref = ray.put(links.by_similarity)
        hits: dict[int, list[Hit]] = {}
        for sweep in range(1, MAX_SWEEPS + 1):
            summary.sweeps = sweep
            events_out = (events.groupby("event", num_partitions=parts)
                          .map_groups(_sweep, fn_kwargs={"pointers": pointers_ref, "hits": ray.put(hits)},
                                      batch_format="numpy")
                          .materialize())
            found = collect_hits(_collect(events_out.map_batches(_proposals, batch_format="numpy"),
                                          ("order", "k", "proposal", "event")))
            if found == hits:
                break
            say(f"event sweep {sweep}: {len(found)} stories meet a cluster through their events; sweeping again")
            hits = found
        else:
            summary.converged = False
            log.warning("event sweeps did not settle after %d rounds; clusters by events may differ", MAX_SWEEPS)
        links.by_events = choose_proposals(hits)
        lap("event sweeps")

    clusters = Clusters(links.by_similarity, links.by_events)
    roots = {s: clusters.root(s) for s in set(links.by_similarity) | set(links.by_events)}
    for s, original in links.repeat_of.items():
        roots[s] = clusters.root(original)
    ids = _IdCodec(shard_order)
    story_links = stories.map_batches(_story_link_rows, batch_format="numpy", fn_kwargs={
        "links": ray.put(links), "roots": ray.put(roots), "ids": ids})
    story_links.write_parquet(out.path("links", "stories"), filesystem=out.fs)
    summary.clusters = summary.stories - len(roots)
    if events_out is not None:
        summary.event_groups = int(_collect(events_out.select_columns(["first_report"]), ("first_report",))
                                   ["first_report"].sum())
        (events_out.map_batches(_event_link_rows, batch_format="numpy")
         .write_parquet(out.path("links", "events"), filesystem=out.fs))
    lap("write links")
    return summary


def read_files(out: OutDir, files: list[str], columns: list[str], chunks: int) -> Any:
    """A dataset of some columns of Parquet files, read on the workers in ``chunks`` tasks."""
    import ray.data

    chunks = max(1, min(chunks, len(files)))
    groups = [files[i::chunks] for i in range(chunks)]
    return ray.data.from_items([{"files": g} for g in groups], override_num_blocks=chunks).map_batches(
        _read_files, fn_kwargs={"uri": out.uri, "columns": columns}, batch_size=1, batch_format="pyarrow")


def _read_files(batch: Any, uri: str, columns: list[str]) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fs = OutDir(uri).fs
    files = [f for group in batch.column("files").to_pylist() for f in group]
    return pa.concat_tables([pq.read_table(f, columns=columns, filesystem=fs) for f in files])


def _proposals(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    keep = np.asarray(batch["proposal"]) >= 0
    return {c: np.asarray(batch[c])[keep] for c in ("order", "k", "proposal", "event")}


def _sweep(batch: dict[str, np.ndarray], pointers: Any, hits: Any) -> dict[str, Any]:
    return sweep_type(batch, _get(pointers), _get(hits))


def _get(ref: Any) -> Any:
    import ray

    return ray.get(ref) if isinstance(ref, ray.ObjectRef) else ref


def _collect(ds: Any, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    parts: dict[str, list[np.ndarray]] = {c: [] for c in columns}
    for batch in ds.iter_batches(batch_format="numpy", batch_size=None):
        for c in columns:
            parts[c].append(np.asarray(batch[c]))
    return {c: np.concatenate(v) if v else np.zeros(0, np.int64) for c, v in parts.items()}


def _with_order(batch: dict[str, np.ndarray], shard_order: dict[str, int]) -> dict[str, np.ndarray]:
    keep = ~np.asarray(batch["doc_failed"], dtype=bool)
    out = {c: np.asarray(v)[keep] for c, v in batch.items() if c != "doc_failed"}
    out["order"] = np.array([story_order(shard_order[s], int(d), int(i)) for s, d, i in
                             zip(out["shard"], out["doc_index"], out["index"], strict=True)], dtype=np.int64)
    return out


def _events_with_order(batch: dict[str, np.ndarray], shard_order: dict[str, int], drop: Any) -> dict[str, Any]:
    repeats = _get(drop)
    order = np.array([story_order(shard_order[s], int(d), int(i)) for s, d, i in
                      zip(batch["shard"], batch["doc_index"], batch["story"], strict=True)], dtype=np.int64)
    keep = ~np.asarray(batch["doc_failed"], dtype=bool) & np.array([o not in repeats for o in order.tolist()],
                                                                   dtype=bool)
    out: dict[str, Any] = {"event_id": np.asarray(batch["id"])[keep], "order": order[keep]}
    for c in ("story_id", "k", "event", "date", "loc_country", "outlet"):
        out[c] = np.asarray(batch[c])[keep]
    for c in ("actor_codes", "recipient_codes"):
        values = [list(v) for v, k in zip(batch[c], keep, strict=True) if k]
        out[c] = np.array([*values, None], dtype=object)[:-1]
    return out


def _without(batch: dict[str, np.ndarray], drop: Any) -> dict[str, np.ndarray]:
    skip = _get(drop)
    keep = np.array([o not in skip for o in batch["order"].tolist()], dtype=bool)
    return {c: np.asarray(v)[keep] for c, v in batch.items()}


class _IdCodec:
    """Story numbers back to story ids."""

    def __init__(self, shard_order: dict[str, int]) -> None:
        self.shards = {o: s for s, o in shard_order.items()}

    def __call__(self, order: int) -> str:
        shard = self.shards[order >> SHARD_SHIFT]
        doc = (order >> DOC_SHIFT) & ((1 << (SHARD_SHIFT - DOC_SHIFT)) - 1)
        return f"{shard}:{doc}#{order & ((1 << DOC_SHIFT) - 1)}"


def _story_link_rows(batch: dict[str, np.ndarray], links: Any, roots: Any, ids: _IdCodec) -> dict[str, Any]:
    links, roots = _get(links), _get(roots)
    dup_of: list[str | None] = []
    sims: list[float] = []
    cluster: list[str] = []
    repeat: list[bool] = []
    for o in batch["order"].tolist():
        original = links.repeat_of.get(o)
        d = links.duplicate_of.get(original if original is not None else o)
        if original is not None:
            d = d if d is not None else original
        dup_of.append(ids(d) if d is not None else None)
        sims.append(1.0 if original is not None else links.similarity.get(o, 0.0))
        cluster.append(ids(roots.get(o, o)))
        repeat.append(original is not None)
    import pyarrow as pa

    from marsad.batch.schema import STORY_LINKS

    return pa.table({"story_id": batch["id"].tolist(), "duplicate_of": dup_of, "similarity": sims,
                     "cluster": cluster, "repeat": repeat}, schema=STORY_LINKS)


def _event_link_rows(batch: dict[str, np.ndarray]) -> Any:
    import pyarrow as pa

    from marsad.batch.schema import EVENT_LINKS

    return pa.table({f.name: [list(v) for v in batch[f.name]] if f.name == "outlets" else batch[f.name].tolist()
                     for f in EVENT_LINKS}, schema=EVENT_LINKS)
