"""Feeds and polite fetching, against a local HTTP server the tests start on 127.0.0.1."""

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecordType

from marsad.doc import Doc
from marsad.sources import SourceError, iter_inputs
from marsad.sources.feeds import parse_feed
from marsad.sources.fetch import Fetcher, FetchError
from marsad.store import Store
from marsad.watch import watch
from tests.warcs import warc_record

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
ARTICLE = (FIXTURES / "article.html").read_bytes()
PERSIAN = (FIXTURES / "persian.html").read_bytes()
ETAG = '"feed-v1"'
LAST_MODIFIED = "Fri, 06 Dec 2024 12:00:00 GMT"


def _rss(base: str) -> bytes:
    items = [("وزيرا خارجية البلدين يوقعان اتفاقا للتعاون الحدودي", f"{base}/news/1.html",
              "Fri, 06 Dec 2024 10:00:00 GMT"),
             ("دیدار وزیران خارجه دو کشور در تهران", f"{base}/news/2.html", "Thu, 05 Dec 2024 09:00:00 GMT"),
             ("خبر محجوب عن الزواحف", f"{base}/private/3.html", "Wed, 04 Dec 2024 08:00:00 GMT")]
    body = "".join(f"<item><title>{t}</title><link>{u}</link><pubDate>{d}</pubDate>"
                   f"<description>ملخص الخبر: {t}</description></item>" for t, u, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>مرصد الأخبار التجريبي</title>'
            f"<link>{base}/</link><description>أخبار</description>{body}</channel></rss>").encode()


RECORDS = "\n".join(json.dumps(r, ensure_ascii=False) for r in [
    {"title": "وفد تجاري يزور الكويت", "text": "وصل وفد تجاري عراقي إلى الكويت يوم الاثنين لبحث زيادة التبادل التجاري.",
     "date": "2024-12-02", "url": "https://news.example.org/r/1"},
    {"title": "مكسور"}]).encode() + b"\n{broken\n"


def _wet_archive() -> bytes:
    """A gzipped WET file of one conversion record (what Common Crawl's text extracts hold)."""
    text = ("اتفاق على إعادة فتح المعبر الحدودي\nاتفق وزيرا داخلية البلدين في عمّان على إعادة فتح المعبر الحدودي "
            "أمام الشاحنات اعتبارا من الشهر المقبل.\n")
    buf = io.BytesIO()
    writer = GzipWriter(buf)
    record = warc_record(WarcRecordType.conversion, "https://news.example.org/crossing", text.encode(), "text/plain")
    record.write(writer)
    writer.close()
    return buf.getvalue()


class _Site:
    """A tiny news site: a feed with ETag/Last-Modified, robots.txt, two articles and a disallowed one."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.flaky = 0  # how many 503s /flaky gives before it works
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers)))
                body, ctype, status, extra = site.route(self.path, self.headers)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def route(self, path: str, headers) -> tuple[bytes, str, int, dict[str, str]]:
        if path == "/robots.txt":
            return b"User-agent: *\nDisallow: /private/\n", "text/plain", 200, {}
        if path == "/feed.xml":
            if headers.get("If-None-Match") == ETAG or headers.get("If-Modified-Since") == LAST_MODIFIED:
                return b"", "application/rss+xml", 304, {}
            return _rss(self.base), "application/rss+xml; charset=utf-8", 200, {"ETag": ETAG,
                                                                                "Last-Modified": LAST_MODIFIED}
        if path == "/news/1.html":
            return ARTICLE, "text/html; charset=utf-8", 200, {}
        if path == "/news/2.html":
            return PERSIAN, "text/html; charset=utf-8", 200, {}
        if path == "/private/3.html":
            return ARTICLE, "text/html", 200, {}
        if path == "/moved":
            return b"", "text/html", 301, {"Location": "/news/1.html"}
        if path == "/flaky":
            if self.flaky > 0:
                self.flaky -= 1
                return b"busy", "text/plain", 503, {"Retry-After": "0"}
            return ARTICLE, "text/html", 200, {}
        if path == "/news/4":  # no suffix: the content type tells what it is
            return ARTICLE, "text/html; charset=utf-8", 200, {}
        if path == "/archive/day.warc.gz":
            return _wet_archive(), "application/octet-stream", 200, {}
        if path == "/records":
            return RECORDS, "application/x-ndjson", 200, {}
        if path == "/logo.png":
            return b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png", 200, {}
        if path == "/huge":
            return b"<html>" + b"x" * 200_000 + b"</html>", "text/html", 200, {}
        return b"not here", "text/plain", 404, {}

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


@pytest.fixture
def site() -> Iterator[_Site]:
    s = _Site()
    s.thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


def _watch(site: _Site, db: Path, *extra: str):
    return CliRunner().invoke(watch, [f"{site.base}/feed.xml", "--db", str(db), "--once", "--delay", "0",
                                      "--retries", "0", *extra])


def test_watch_fetches_new_articles_once(site, tmp_path):
    db = tmp_path / "m.db"
    result = _watch(site, db, "--allow-private")
    assert result.exit_code == 0, result.output
    assert "2 fetched" in result.output and "2 document(s) stored" in result.output
    assert "/private/3.html" not in site.paths()  # robots.txt disallows it
    assert "disallowed by robots.txt" in result.output
    with Store(db) as store:
        rows = {r["url"]: r for r in store.stories()}
        article = rows["https://news.example.org/politics/border-cooperation"]  # the page's canonical URL
        assert article["date"] == "2024-12-06"
        assert article["title"] == "وزيرا خارجية البلدين يوقعان اتفاقا للتعاون الحدودي"
        docs = store.conn.execute("SELECT doc_json FROM documents").fetchall()
        langs = sorted(Doc.from_json(r[0]).meta["lang"] for r in docs)
        assert langs == ["ar", "fa"]
        assert store.counts()["ingest_errors"] == 1  # the robots.txt refusal, logged once

    # A second run (a restart) asks for the feed conditionally and fetches no article again.
    before = len(site.requests)
    result = _watch(site, db, "--allow-private")
    assert result.exit_code == 0, result.output
    assert "1 unchanged" in result.output and "0 fetched" in result.output
    again = [(p, h) for p, h in site.requests[before:] if p != "/robots.txt"]
    assert [p for p, _ in again] == ["/feed.xml"]
    assert again[0][1].get("If-None-Match") == ETAG
    with Store(db) as store:
        assert store.counts()["documents"] == 2


def test_watch_skips_seen_articles_when_the_feed_changes(site, tmp_path):
    db = tmp_path / "m.db"
    _watch(site, db, "--allow-private")
    with Store(db) as store:  # forget the feed's validators: the feed comes back whole
        store.conn.execute("UPDATE watch_feeds SET etag = '', last_modified = ''")
    before = len(site.requests)
    result = _watch(site, db, "--allow-private")
    assert result.exit_code == 0
    assert [p for p in site.paths()[before:] if p != "/robots.txt"] == ["/feed.xml"]
    assert "0 new article(s)" in result.output


def test_private_addresses_refused_without_allow_private(site, tmp_path):
    db = tmp_path / "m.db"
    result = _watch(site, db)
    assert result.exit_code == 0
    assert "private or loopback" in result.output and "--allow-private" in result.output
    assert site.requests == []
    with Store(db) as store:
        assert store.counts()["documents"] == 0 and store.counts()["ingest_errors"] == 1


def test_fetcher_retries_with_backoff_and_follows_checked_redirects(site):
    waits: list[float] = []
    site.flaky = 2
    with Fetcher(allow_private=True, delay=0, retries=3, backoff=0.5, sleep=waits.append) as f:
        resp = f.get(f"{site.base}/flaky")
        assert resp.status == 200 and resp.content == ARTICLE
        assert waits == [0.5, 1.0]
        moved = f.get(f"{site.base}/moved")
        assert moved.url == f"{site.base}/news/1.html"
        with pytest.raises(FetchError) as info:
            f.get(f"{site.base}/private/3.html")
        assert info.value.robots
        with pytest.raises(FetchError) as info:
            f.get(f"{site.base}/missing")
        assert info.value.reason == "HTTP 404" and info.value.permanent
    site.flaky = 5
    with Fetcher(allow_private=True, delay=0, retries=1, backoff=0, sleep=waits.append) as f:
        with pytest.raises(FetchError) as info:
            f.get(f"{site.base}/flaky")
        assert not info.value.permanent and "HTTP 503" in info.value.reason


def test_fetcher_caps_size_and_paces_each_host(site):
    waits: list[float] = []
    now = [100.0]
    with Fetcher(allow_private=True, delay=2.0, max_bytes=100_000, sleep=waits.append, clock=lambda: now[0]) as f:
        with pytest.raises(FetchError) as info:
            f.get(f"{site.base}/huge")
        assert "cap" in info.value.reason
        f.get(f"{site.base}/news/1.html")
    assert waits and all(w == pytest.approx(2.0) for w in waits)  # robots.txt, then each page, 2 s apart


def test_fetcher_refuses_private_and_odd_urls():
    with Fetcher(delay=0) as f:
        for url in ("http://127.0.0.1/x", "http://10.0.0.7/x", "http://[::1]/x", "http://localhost/x"):
            with pytest.raises(FetchError, match="private or loopback"):
                f.get(url)
        with pytest.raises(FetchError, match="not an http"):
            f.get("file:///etc/passwd")


def test_timeouts_are_retried_then_given_up():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("too slow", request=request)

    waits: list[float] = []
    with Fetcher(allow_private=True, delay=0, retries=2, backoff=0.1, obey_robots=False,
                 transport=httpx.MockTransport(handler), sleep=waits.append) as f:
        with pytest.raises(FetchError) as info:
            f.get("http://news.invalid/a")
    assert not info.value.permanent and "timed out" in info.value.reason and waits == [0.1, 0.2]


def test_feed_file_gives_one_record_per_entry(tmp_path):
    (tmp_path / "feed.rss").write_bytes(_rss("https://news.example.org"))
    (tmp_path / "notafeed.xml").write_text("<config><a>1</a></config>", encoding="utf-8")
    items = list(iter_inputs([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, Doc)]
    errors = [i for i in items if isinstance(i, SourceError)]
    assert [d.id for d in docs] == ["feed.rss#0", "feed.rss#1", "feed.rss#2"]
    assert docs[0].meta["date"] == "2024-12-06" and docs[0].meta["url"] == "https://news.example.org/news/1.html"
    assert docs[0].meta["source"] == "مرصد الأخبار التجريبي" and docs[0].meta["kind"] == "record"
    assert docs[1].meta["lang"] == "fa"
    assert len(errors) == 1 and "not an RSS or Atom feed" in errors[0].reason


def test_atom_feed_parses():
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>موقع</title>'
            '<entry><title>عنوان الخبر</title><link href="https://news.example.org/a"/><id>urn:a</id>'
            "<updated>2024-12-06T10:00:00Z</updated><content type='html'>&lt;p&gt;فقرة أولى.&lt;/p&gt;"
            "&lt;p&gt;فقرة ثانية.&lt;/p&gt;</content></entry></feed>").encode()
    feed = parse_feed(atom, "atom")
    assert not isinstance(feed, SourceError)
    [entry] = feed.entries
    assert (entry.url, entry.date) == ("https://news.example.org/a", "2024-12-06")
    assert entry.text == "فقرة أولى.\nفقرة ثانية."


def test_ingest_and_extract_read_urls_as_they_read_files(site, tmp_path):
    from marsad.cli import main

    urls = [f"{site.base}/{p}" for p in ("news/4", "archive/day.warc.gz", "records", "logo.png", "private/3.html",
                                         "missing.html")]
    db = str(tmp_path / "m.db")
    result = CliRunner().invoke(main, ["ingest", *urls, "--db", db, "--allow-private", "--delay", "0",
                                       "--retries", "0", "--workers", "1"])
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == [
        f"skipped {site.base}/records:2: record has no text (content/text/body field is empty)",
        f"skipped {site.base}/records:3: malformed JSON record: Expecting property name enclosed in double "
        "quotes (column 2)",
        f"skipped {site.base}/logo.png: not a kind of input marsad reads (content type image/png)",
        f"skipped {site.base}/private/3.html: disallowed by robots.txt",
        f"skipped {site.base}/missing.html: HTTP 404",
    ]
    assert "ingested 3 documents" in result.stderr and "5 skipped" in result.stderr
    with Store(db) as store:
        stories = {r["url"]: r for r in store.stories()}
        assert stories["https://news.example.org/politics/border-cooperation"]["date"] == "2024-12-06"
        assert stories["https://news.example.org/r/1"]["title"] == "وفد تجاري يزور الكويت"
        docs = {r[0]: Doc.from_json(r[1]) for r in store.conn.execute("SELECT doc, doc_json FROM documents")}
        assert sorted(docs) == [f"{site.base}/archive/day.warc.gz#0", f"{site.base}/news/4", f"{site.base}/records#0"]
        assert docs[f"{site.base}/archive/day.warc.gz#0"].meta["warc_target_uri"] == "https://news.example.org/crossing"
        assert store.counts()["ingest_errors"] == 5

    # extract reads a URL the same way; without --allow-private it asks nothing of a loopback server
    before = len(site.requests)
    refused = CliRunner().invoke(main, ["extract", f"{site.base}/news/4"])
    assert "private or loopback" in refused.stderr and len(site.requests) == before
    events = CliRunner().invoke(main, ["extract", f"{site.base}/news/4", "--allow-private", "--delay", "0"])
    assert events.exit_code == 0 and events.stdout.strip()
    assert all(json.loads(line)["doc"] == f"{site.base}/news/4" for line in events.stdout.splitlines())
