"""`marsad watch FEED...`: poll RSS/Atom feeds, fetch the new articles politely, and ingest them.

State lives in the store file, in two tables of its own: ``watch_feeds`` (the ETag and
Last-Modified of each feed, for conditional GET) and ``watch_items`` (every article URL seen, with
what became of it). An article is marked seen in the same transaction that stores its documents,
so a watch killed at any point and started again fetches nothing twice and loses nothing.
Articles that failed for a passing reason (timeouts, 5xx) are tried again on later polls, up to
:data:`MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import click

from marsad.doc import Doc
from marsad.fetch_options import fetch_options
from marsad.sources.errors import SourceError
from marsad.sources.feeds import Entry, Feed, parse_feed
from marsad.sources.fetch import Fetcher, FetchError
from marsad.sources.html import html_docs, sniff_binary
from marsad.sources.lang import detect_lang

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_STATE = (
    "CREATE TABLE IF NOT EXISTS watch_feeds(feed TEXT PRIMARY KEY, etag TEXT NOT NULL DEFAULT '',"
    " last_modified TEXT NOT NULL DEFAULT '', checked_at TEXT NOT NULL DEFAULT '', entries INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS watch_items(url TEXT PRIMARY KEY, feed TEXT NOT NULL, status TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '', documents INTEGER NOT NULL DEFAULT 0,"
    " updated_at TEXT NOT NULL)",
)


@dataclass(slots=True)
class PollStats:
    feeds: int = 0
    unchanged: int = 0
    new: int = 0
    fetched: int = 0
    documents: int = 0
    duplicates: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.feeds} feed(s) polled ({self.unchanged} unchanged), {self.new} new article(s), "
                f"{self.fetched} fetched, {self.documents} document(s) stored, {self.duplicates} already stored, "
                f"{self.skipped} skipped")


class Watcher:
    """One store, one fetcher: polls feeds and ingests what is new."""

    def __init__(self, store: Any, fetcher: Fetcher, process: Callable[[Doc], Doc] | None = None) -> None:
        from marsad.pipeline import default_pipeline

        self.store = store
        self.fetcher = fetcher
        self.process = process or default_pipeline()
        for statement in _STATE:
            store.conn.execute(statement)

    def poll(self, feeds: Iterable[str]) -> PollStats:
        stats = PollStats()
        for feed in feeds:
            stats.feeds += 1
            parsed = self._read_feed(feed, stats)
            if parsed is None:
                continue
            for entry in parsed.entries:
                if entry.url:
                    self._article(feed, parsed, entry, stats)
        return stats

    # -- feeds ---------------------------------------------------------------------------------------
    def _read_feed(self, feed: str, stats: PollStats) -> Feed | None:
        path = Path(feed)
        if "://" not in feed and path.is_file():
            try:
                data = path.read_bytes()
            except OSError as exc:
                return self._feed_error(feed, f"cannot read: {exc.strerror or exc}", stats)
            etag = last_modified = ""
        else:
            row = self.store.conn.execute("SELECT etag, last_modified FROM watch_feeds WHERE feed = ?",
                                          (feed,)).fetchone()
            try:
                resp = self.fetcher.get(feed, etag=row[0] if row else "", last_modified=row[1] if row else "")
            except FetchError as exc:
                return self._feed_error(feed, exc.reason, stats)
            if resp.status == 304:
                stats.unchanged += 1
                log.info("%s: not modified", feed)
                self._save_feed(feed, row[0] if row else "", row[1] if row else "", None)
                return None
            data, etag, last_modified = resp.content, resp.etag, resp.last_modified
        parsed = parse_feed(data, feed)
        if isinstance(parsed, SourceError):
            return self._feed_error(feed, parsed.reason, stats)
        self._save_feed(feed, etag, last_modified, len(parsed.entries))
        return parsed

    def _feed_error(self, feed: str, reason: str, stats: PollStats) -> None:
        stats.skipped += 1
        stats.reasons.append(f"{feed}: {reason}")
        log.warning("feed %s: %s", feed, reason)
        self.store.add_error(feed, "feed", reason)

    def _save_feed(self, feed: str, etag: str, last_modified: str, entries: int | None) -> None:
        self.store.conn.execute(
            "INSERT INTO watch_feeds(feed, etag, last_modified, checked_at, entries) VALUES (?,?,?,?,?)"
            " ON CONFLICT(feed) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
            " checked_at = excluded.checked_at, entries = coalesce(?, entries)",
            (feed, etag, last_modified, _now(), entries or 0, entries))

    # -- articles ------------------------------------------------------------------------------------
    def _article(self, feed: str, parsed: Feed, entry: Entry, stats: PollStats) -> None:
        url = urldefrag(entry.url).url
        row = self.store.conn.execute("SELECT status, attempts FROM watch_items WHERE url = ?", (url,)).fetchone()
        if row is not None and (row[0] != "retry" or row[1] >= MAX_ATTEMPTS):
            return
        attempts = (row[1] if row else 0) + 1
        stats.new += 1
        try:
            resp = self.fetcher.get(url)
        except FetchError as exc:
            status = "robots" if exc.robots else ("retry" if not exc.permanent and attempts < MAX_ATTEMPTS
                                                  else "error")
            self._skip(url, feed, status, exc.reason, attempts, stats)
            return
        stats.fetched += 1
        base = {"feed": feed, "fetched_url": url}
        if resp.content_type not in _HTML_TYPES or sniff_binary(resp.content):
            self._skip(url, feed, "error", f"not an HTML page ({resp.content_type or 'binary'})", attempts, stats)
            return
        items = list(html_docs(resp.content, resp.url, resp.url, url=resp.url, charset=resp.charset, meta=base))
        docs = [d for d in items if isinstance(d, Doc)]
        if not docs and entry.text:  # the page gave no text: keep what the feed says of it
            docs = [Doc(entry.text, id=resp.url, meta={**base, "kind": "record", "path": resp.url, "url": resp.url,
                                                       "lang": detect_lang(entry.text), "from_feed": "1"})]
            items = docs
        if not docs:
            reason = next((i.reason for i in items if isinstance(i, SourceError)), "no text")
            self._skip(url, feed, "error", reason, attempts, stats)
            return
        self._store(url, feed, parsed, entry, items, stats)

    def _store(self, url: str, feed: str, parsed: Feed, entry: Entry, items: list[Doc | SourceError],
               stats: PollStats) -> None:
        stored = 0
        self.store.begin()
        try:
            for item in items:
                if isinstance(item, SourceError):
                    stats.skipped += 1
                    self.store.add_error(item.location, "source", item.reason)
                    continue
                _fill_from_feed(item, parsed, entry)
                doc = self.process(item)
                if doc.errors:
                    stats.skipped += 1
                    for e in doc.errors:
                        self.store.add_error(url, e.stage, e.message)
                    continue
                if self.store.add(doc):
                    stored += 1
                else:
                    stats.duplicates += 1
            self._mark(url, feed, "stored", "", 1, stored)
            self.store.commit()
        except BaseException:
            self.store.rollback()
            raise
        stats.documents += stored

    def _skip(self, url: str, feed: str, status: str, reason: str, attempts: int, stats: PollStats) -> None:
        stats.skipped += 1
        stats.reasons.append(f"{url}: {reason}")
        log.warning("%s: %s", url, reason)
        self.store.begin()
        self.store.add_error(url, "fetch", reason)
        self._mark(url, feed, status, reason, attempts, 0)
        self.store.commit()

    def _mark(self, url: str, feed: str, status: str, reason: str, attempts: int, documents: int) -> None:
        self.store.conn.execute(
            "INSERT INTO watch_items(url, feed, status, attempts, reason, documents, updated_at) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT(url) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,"
            " reason = excluded.reason, documents = excluded.documents, updated_at = excluded.updated_at",
            (url, feed, status, attempts, reason, documents, _now()))


def _fill_from_feed(doc: Doc, parsed: Feed, entry: Entry) -> None:
    """What the page does not say of itself, the feed entry may: title, author, a dated entry."""
    meta = doc.meta
    if doc.meta.get("teaser"):
        return
    if not meta.get("title") and entry.title:
        meta["title"] = entry.title
    if not meta.get("author") and entry.author:
        meta["author"] = entry.author
    if not meta.get("source") and parsed.title:
        meta["source"] = parsed.title
    if entry.date and meta.get("date_source", "") in ("", "url", "updated"):
        meta["date"], meta["date_source"] = entry.date, "feed"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@click.command(name="watch")
@click.argument("feeds", nargs=-1, required=True)
@click.option("--db", "db", envvar="MARSAD_DB", default="marsad.db", show_default=True,
              help="SQLite store file or postgresql:// URL (env MARSAD_DB); the watch state is kept in it too.")
@click.option("--interval", default=900.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds between two polls.")
@click.option("--once", is_flag=True, help="Poll once and exit.")
@fetch_options
def watch(feeds: tuple[str, ...], db: str, interval: float, once: bool, fetcher: Fetcher) -> None:
    """Poll RSS/Atom FEEDS (URLs or files), fetch new articles politely and ingest them into the store.

    A restart fetches nothing twice: what was seen is kept in the store. Feeds are asked with
    conditional GET; robots.txt is obeyed; requests to private addresses are refused unless
    --allow-private.
    """
    from marsad.store import open_store

    store = open_store(db)
    try:
        watcher = Watcher(store, fetcher)
        while True:
            started = time.perf_counter()
            stats = watcher.poll(feeds)
            for reason in stats.reasons:
                click.echo(f"skipped {reason}", err=True)
            click.echo(f"{stats.summary()} into {db} in {time.perf_counter() - started:.1f}s", err=True)
            if once:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        store.rollback()
        click.echo("interrupted: the store is consistent; a restart goes on where this stopped", err=True)
        raise SystemExit(130) from None
    finally:
        fetcher.close()
        store.close()
