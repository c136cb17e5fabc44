"""Polite HTTP fetching with httpx: robots.txt, a per-host pace, retries with backoff,
conditional GET, timeouts, a size cap, and no requests to private addresses unless allowed.

Redirects are followed by hand so that every hop is checked (address, robots.txt) like the first.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from marsad import __version__ as _version

log = logging.getLogger(__name__)

USER_AGENT = f"marsad/{_version} (news event coder; polite crawler)"
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
_MAX_REDIRECTS = 5
_MAX_WAIT = 120.0
_ROBOTS_MAX_BYTES = 512 * 1024


class FetchError(Exception):
    """A URL that could not be fetched; ``permanent`` is False for what may work on a later try."""

    def __init__(self, url: str, reason: str, permanent: bool = True, robots: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.permanent = permanent
        self.robots = robots


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when a conditional GET found nothing new
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str = ""
    last_modified: str = ""
    location: str = ""  # where a redirect points


@dataclass(slots=True)
class _Host:
    next_at: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    crawl_delay: float = 0.0


def is_private(host: str) -> str:
    """Why a host may not be fetched without --allow-private ("" when it may): the private,
    loopback, link-local or otherwise non-public address it is or resolves to."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot resolve host {host!r}: {exc}"
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        if not addr.is_global or addr.is_multicast:
            return f"{host} is a private or loopback address ({addr})"
    return ""


@dataclass
class Fetcher:
    """Fetch URLs one at a time, politely. ``delay`` is the least time between two requests to one host."""

    allow_private: bool = False
    delay: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 3
    backoff: float = 1.0
    user_agent: str = USER_AGENT
    obey_robots: bool = True
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _hosts: dict[str, _Host] = field(default_factory=dict, init=False, repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(follow_redirects=False, timeout=httpx.Timeout(self.timeout),
                                        headers={"User-Agent": self.user_agent}, transport=self.transport,
                                        trust_env=False)
        return self._client

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Response:
        """GET a URL; a conditional GET when etag/last_modified are given. Raises FetchError."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            self._check(current)
            resp = self._request(current, headers)
            if resp.status in (301, 302, 303, 307, 308):
                current = urljoin(current, resp.location)
                continue
            return resp
        raise FetchError(url, f"more than {_MAX_REDIRECTS} redirects")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's site lets marsad fetch it."""
        if not self.obey_robots:
            return True
        host = self._host(url)
        if host.robots is None:
            host.robots = self._robots(url)
            delay = host.robots.crawl_delay(self.user_agent)
            host.crawl_delay = float(delay) if delay else 0.0
        return host.robots.can_fetch(self.user_agent, url)

    # -- internals -------------------------------------------------------------------------------
    def _check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) URL")
        if not self.allow_private:
            why = is_private(parts.hostname)
            if why:
                raise FetchError(url, f"refused: {why} (pass --allow-private to fetch it)")
        if not self.allowed(url):
            raise FetchError(url, "disallowed by robots.txt", robots=True)

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        return self._hosts.setdefault(key, _Host())

    def _pace(self, url: str) -> None:
        host = self._host(url)
        wait = host.next_at - self.clock()
        if wait > 0:
            self.sleep(wait)
        host.next_at = self.clock() + max(self.delay, host.crawl_delay)

    def _request(self, url: str, headers: dict[str, str], cap: int | None = None) -> Response:
        cap = self.max_bytes if cap is None else cap
        attempt = 0
        while True:
            self._pace(url)
            try:
                return self._once(url, headers, cap)
            except _Retry as retry:
                attempt += 1
                if attempt > self.retries:
                    raise FetchError(url, f"{retry.reason} (gave up after {self.retries} retries)",
                                     permanent=False) from None
                wait = min(_MAX_WAIT, max(retry.after, self.backoff * 2 ** (attempt - 1)))
                log.info("%s: %s; retry %d in %.1fs", url, retry.reason, attempt, wait)
                self.sleep(wait)

    def _once(self, url: str, headers: dict[str, str], cap: int) -> Response:
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.status_code in _RETRY_STATUS:
                    raise _Retry(f"HTTP {r.status_code}", _retry_after(r.headers.get("Retry-After", "")))
                if r.status_code in (301, 302, 303, 307, 308):
                    location = r.headers.get("Location", "")
                    if not location:
                        raise FetchError(url, f"HTTP {r.status_code} without a Location")
                    return Response(url, r.status_code, location=location)
                if r.status_code == 304:
                    return Response(url, 304, etag=r.headers.get("ETag", ""),
                                    last_modified=r.headers.get("Last-Modified", ""))
                if r.status_code != 200:
                    raise FetchError(url, f"HTTP {r.status_code}")
                declared = r.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise FetchError(url, f"response of {int(declared) / 1e6:.1f} MB is over the "
                                          f"{cap / 1e6:.1f} MB cap; not fetched")
                body = bytearray()
                for chunk in r.iter_bytes():
                    body.extend(chunk)
                    if len(body) > cap:
                        raise FetchError(url, f"response is over the {cap / 1e6:.1f} MB cap; not fetched")
                ctype = r.headers.get("Content-Type", "")
                mime, _, params = ctype.partition(";")
                charset = params.split("charset=", 1)[1].strip(" \"'") if "charset=" in params else None
                return Response(str(r.url), 200, bytes(body), mime.strip().lower(), charset,
                                r.headers.get("ETag", ""), r.headers.get("Last-Modified", ""))
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise _Retry(f"network error: {exc}") from None

    def _robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            resp = self._request(robots_url, {}, cap=_ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if exc.permanent:  # 4xx: no robots.txt, everything allowed (RFC 9309 §2.3.1.3)
                parser.allow_all = True
            else:  # unreachable: assume everything disallowed, for now (RFC 9309 §2.3.1.4)
                log.warning("robots.txt of %s unreachable (%s): not fetching from that site", parts.netloc,
                            exc.reason)
                parser.disallow_all = True
            return parser
        if resp.status != 200:
            parser.allow_all = True
            return parser
        parser.parse(resp.content.decode("utf-8", "replace").splitlines())
        return parser


class _Retry(Exception):
    def __init__(self, reason: str, after: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after


def _retry_after(value: str) -> float:
    value = value.strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return 0.0
    return 0.0
