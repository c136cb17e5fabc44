"""HTML pages to documents: main text and metadata with trafilatura, backed by marsad's date grammar.

One article page gives one document of kind "record" whose text is the extracted main text (the
offsets of everything downstream point into it) and whose meta carries title, date, author,
source (site name), canonical URL and language. A section or index page — a list of teasers,
each a headline linking to its story with a short summary — gives one record per teaser.

Dates: first the publication date the page states in its metadata (meta tags, JSON-LD, a <time> or
itemprop element marked as such; see :mod:`marsad.sources.htmlmeta`) — never a full-page search,
which takes the © year of the footer for a publication date. Where the metadata has none, the
page's visible date line (near the headline or in an element marked as a date) goes through
:func:`marsad.arabic.dates.parse_date`, which reads forms like "6th, December 2024" and
"28 آب/أغسطس 2013"; then a /YYYY/MM/DD/ URL; then a "last updated" line. A © year is never taken
for a date.
"""

from __future__ import annotations

import copy
import gzip
import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring

from marsad.arabic.dates import parse_date
from marsad.doc import Doc
from marsad.sources.encoding import decode_bytes
from marsad.sources.errors import SourceError
from marsad.sources.extraction import main_text
from marsad.sources.htmlmeta import LD_SCRIPTS, clean, read_meta
from marsad.sources.lang import detect_lang

if TYPE_CHECKING:
    from trafilatura.settings import Extractor

log = logging.getLogger(__name__)

MAX_HTML_BYTES = 10 * 1024 * 1024
_MAGIC = ((b"%PDF", "PDF document"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
          (b"GIF8", "GIF image"), (b"PK\x03\x04", "zip archive"), (b"RIFF", "RIFF media file"),
          (b"\x00\x00\x00", "binary media file"), (b"ID3", "MP3 audio"), (b"OggS", "Ogg media"),
          (b"\x7fELF", "executable"), (b"MZ", "executable"), (b"\xd0\xcf\x11\xe0", "MS Office document"))
_DATEISH_RE = re.compile(r"date|time|stamp|stmp|publish|posted|byline|dateline|article-?info|تاريخ", re.IGNORECASE)
_NOT_A_DATE_RE = re.compile(r"©|&copy;|copyright|all rights|حقوق|حقوق النشر", re.IGNORECASE)
# "28 آب/أغسطس 2013", "3 آب (أغسطس) 2013": Levantine and Egyptian month names given in pairs.
_MONTH_PAIR_RE = re.compile(r"\s*/\s*(?=[^\W\d_])[^\s\d/،,]+|\s*\((?=[^\W\d_])[^\d()]{2,12}\)")
# A line that gives when the page was last changed, not when it was published.
_UPDATED_RE = re.compile(r"تحديث|آخر تعديل|updated|modified", re.IGNORECASE)
_URL_DATE_RE = re.compile(r"/((?:19|20)\d\d)/(?:[A-Za-z_-]{2,30}/)?(\d{1,2})/(\d{1,2})(?:/|$)")
_ARTICLE_LD_RE = re.compile(r'"@type"\s*:\s*\[?\s*"(?:News|Reportage|Analysis|Opinion|Report|Blog|Scholarly)?'
                            r'(?:Article|Posting)"')
_CHROME_MARKS_RE = re.compile(r"related|sidebar|most-?read|widget|footer|menu", re.IGNORECASE)
# trafilatura's parser settings (trafilatura.utils.HTML_PARSER) with the element classes chosen in C:
# lxml.html's default lookup calls a Python method for every element proxy lxml creates (about 850 a
# page between marsad and trafilatura, which works on copies of this tree); this one gives every
# element HtmlElement, and only <form>, <input>, <select>, <textarea> and <label> lose lxml.html's
# form helpers, which neither marsad nor trafilatura uses.
_HTML_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                          remove_pis=True)
_HTML_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
# "//*[@class or @id or @itemprop]" as libxml2 runs it fastest (the same elements, in document order)
_MARKED_XPATH = etree.XPath("//@class/.. | //@id/.. | //@itemprop/..")
_OG_TYPE_XPATH = etree.XPath('//meta[@property="og:type"]/@content')
_FOLLOWING_XPATH = etree.XPath("following::text()[normalize-space()][position() <= 8]")
_BLOCKS_EXCLUDED = {"nav", "header", "footer", "aside", "form", "script", "style", "noscript"}
# Closing chrome of article pages that extractors keep: comment policies and disclaimers.
_DISCLAIMERS = ("الآراء الواردة", "لا تعبر عن رأي", "لا يعبر عن رأي", "لا تعبّر عن رأي", "لا يعبّر عن رأي",
                "إرشادات الاستخدام", "سياسة الخصوصية", "شروط الاستخدام", "شروط استخدام", "التعليقات",
                "جميع الحقوق محفوظة", "حقوق النشر", "اشترك في النشرة", "تابعونا على", "©",
                "all rights reserved", "privacy policy", "terms of use", "comments", "do not reflect", "copyright")


@dataclass(slots=True)
class Article:
    text: str
    meta: dict[str, str] = field(default_factory=dict)


def sniff_binary(data: bytes) -> str | None:
    """What a binary payload is ("PNG image"), or None when it may be text."""
    head = data[:16]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NUL bytes
        return None
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if b"\x00" in data[:8192]:
        return "binary data (contains NUL bytes)"
    return None


def html_docs(data: bytes, location: str, name: str, *, url: str = "", charset: str | None = None,
              meta: dict[str, str] | None = None, max_bytes: int = MAX_HTML_BYTES) -> Iterator[Doc | SourceError]:
    """Documents of one HTML page: one per article, one per teaser of an index page, or one error."""
    result = read_html(data, location, url=url, charset=charset, max_bytes=max_bytes)
    if isinstance(result, SourceError):
        yield result
        return
    articles, encoding = result
    for i, art in enumerate(articles):
        doc_meta = {**(meta or {}), **art.meta, "kind": "record", "path": location, "encoding": encoding}
        doc_id = name if len(articles) == 1 else f"{name}#{i}"
        yield Doc(art.text, id=doc_id, meta=doc_meta)


def read_html(data: bytes, location: str, *, url: str = "", charset: str | None = None,
              max_bytes: int = MAX_HTML_BYTES) -> tuple[list[Article], str] | SourceError:
    """The articles of an HTML page and the encoding it was read in, or why it cannot be read."""
    if len(data) > max_bytes:
        return SourceError(location, f"page is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                                     "for one HTML page; not read")
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            return SourceError(location, f"gzip-compressed page that does not decompress: {exc}")
        if len(data) > max_bytes:
            return SourceError(location, f"page is over the {max_bytes / 1e6:.0f} MB limit for one HTML page "
                                         "once decompressed; not read")
    if not data.strip():
        return SourceError(location, "empty page")
    binary = sniff_binary(data)
    if binary:
        return SourceError(location, f"{binary}, not an HTML page")
    decoded = decode_bytes(data, declared=charset, html=True)
    if decoded is None:
        return SourceError(location, "cannot tell the text encoding of the page")
    try:
        articles = extract_html(decoded.text, url=url)
    except Exception as exc:  # arbitrary web HTML must not stop a batch; logged with its traceback
        log.warning("%s: extraction failed", location, exc_info=True)
        return SourceError(location, f"cannot extract the page ({type(exc).__name__}: {exc})")
    if not articles:
        return SourceError(location, "no main text found in the page")
    return articles, decoded.encoding


def extract_html(html: str, url: str = "") -> list[Article]:
    """Main text and metadata of a decoded page: one article, the teasers of an index page, or none."""
    tree = load_html(html)
    if tree is None:
        return []
    # marsad reads what it needs from the tree first: the extraction then consumes it (prunes it in place)
    page = read_meta(tree, url)
    teasers = [] if _declares_article(tree) else _teasers(tree, page.url)
    html_lang = (tree.get("lang") or "").split("-")[0].lower()
    title = page.title or _first_heading(tree)
    date, how = _page_date(page.date, tree, f"{page.url} {url}")
    text = trim_chrome(_lines(main_text(tree, _extractor(url))))
    if len(teasers) >= 3 and (not text or _covered(text, teasers) >= 0.5):
        return _teaser_articles(teasers, page.site, html_lang)
    meta: dict[str, str] = {}
    if title:
        meta["title"] = title
        # The headline is in meta; the text is the body (a record's story takes its title from meta).
        first, _, rest = text.partition("\n")
        if clean(first) == title and rest.strip():
            text = rest
    if not text.strip():
        return []
    if date:
        meta["date"], meta["date_source"] = date, how
    for key, value in (("author", page.author), ("source", page.site), ("url", page.url)):
        if value:
            meta[key] = value
    meta["lang"] = detect_lang(text) or html_lang
    if html_lang:
        meta["html_lang"] = html_lang
    return [Article(text, meta)]


@lru_cache(maxsize=1)
def _default_extractor() -> Extractor:
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", comments=False)


def _extractor(url: str) -> Extractor:
    """trafilatura's settings for a page: what bare_extraction(url=url, include_comments=False) builds
    on every call (reading its configuration each time, about 3% of an extraction), built once;
    a page's URL goes into a copy."""
    options = _default_extractor()
    if url:
        options = copy.copy(options)
        options.url = options.source = url.encode("utf-8", "replace").decode("utf-8")
    return options


def load_html(html: str) -> HtmlElement | None:
    """The page's tree as trafilatura.utils.load_html parses a str, with marsad's parser."""
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree, as_bytes = None, False
    try:
        tree = fromstring(html, parser=_HTML_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, as_bytes = _from_bytes(html), True
    except Exception as exc:  # noqa: BLE001 - as trafilatura: logged, the bytes get a try
        log.debug("lxml parsing failed: %s", exc)
    if (tree is None or len(tree) < 1) and not as_bytes:
        tree = _from_bytes(html)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def _from_bytes(html: str) -> HtmlElement | None:
    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_HTML_PARSER)
    except Exception as exc:  # noqa: BLE001
        log.debug("lxml parser bytestring %s", exc)
    return None


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def trim_chrome(text: str) -> str:
    """The text without the comment policies and disclaimers that close many article pages."""
    lines = text.split("\n")
    while lines and _is_disclaimer(lines[-1]):
        log.debug("dropped closing chrome: %s", lines[-1][:80])
        lines.pop()
    return "\n".join(lines)


def _is_disclaimer(line: str) -> bool:
    low = line.lower()
    hits = sum(1 for phrase in _DISCLAIMERS if phrase in low)
    return hits >= 2 or (hits == 1 and len(line) < 120)


def _first_heading(tree: HtmlElement) -> str:
    for h in tree.iter("h1"):
        text = clean(h.text_content())
        if text:
            return text
    return ""


def _declares_article(tree: HtmlElement) -> bool:
    og = _OG_TYPE_XPATH(tree)
    if og and str(og[0]).strip().lower() == "article":
        return True
    return any(_ARTICLE_LD_RE.search(s.text or "") for s in LD_SCRIPTS(tree))


# -- dates ------------------------------------------------------------------------------------------
def _date_lines(tree: HtmlElement) -> list[str]:
    """Visible lines that may state the publication date, most telling first."""
    out: list[str] = []
    for el in tree.iter("time"):
        if not _in_chrome(el):
            out.extend(v for v in (el.get("datetime") or "", el.text_content()) if v)
    for el in _MARKED_XPATH(tree):
        if el.tag in _BLOCKS_EXCLUDED or not isinstance(el.tag, str):
            continue
        marks = " ".join(el.get(a) or "" for a in ("class", "id", "itemprop"))
        if _DATEISH_RE.search(marks) and not _in_chrome(el):
            text = el.text_content()
            if len(text) <= 200:
                out.append(text)
    for h1 in tree.iter("h1"):
        out.extend(str(t) for t in _FOLLOWING_XPATH(h1))
        break
    return [clean(t) for t in out if t.strip() and not _NOT_A_DATE_RE.search(t)]


def _in_chrome(el: HtmlElement) -> bool:
    """Whether an element sits in navigation, a sidebar, a footer or a list of related stories."""
    for a in el.iterancestors():
        if a.tag in ("nav", "aside", "footer"):
            return True
        if _CHROME_MARKS_RE.search(f"{a.get('class') or ''} {a.get('id') or ''}"):
            return True
    return False


def _page_date(from_metadata: str | None, tree: HtmlElement, url: str) -> tuple[str, str]:
    if from_metadata:
        found = parse_date(from_metadata)
        if found:
            return found[0], "metadata"
    lines = _date_lines(tree)
    published = [line for line in lines if not _UPDATED_RE.search(line)]
    updated = [line for line in lines if _UPDATED_RE.search(line)]
    day = _first_day(published)
    if day:
        return day, "dateline"
    m = _URL_DATE_RE.search(url)
    if m:
        found = parse_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
        if found:
            return found[0], "url"
    day = _first_day(updated)
    return (day, "updated") if day else ("", "")


def _first_day(lines: list[str]) -> str:
    """The first day-precise date stated in the lines."""
    for line in lines:
        for variant in (line, _MONTH_PAIR_RE.sub("", line)):
            found = parse_date(variant)
            if found and found[1] == "day":
                return found[0]
    return ""


def _own_date(el: HtmlElement) -> str:
    for t in el.iter("time"):
        found = parse_date(t.get("datetime") or "") or parse_date(t.text_content())
        if found:
            return found[0]
    return _first_day([t for t in el.itertext() if len(t) <= 80 and not _NOT_A_DATE_RE.search(t)])


# -- index pages ------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Teaser:
    title: str
    url: str
    summary: str
    date: str


def _teasers(tree: HtmlElement, base_url: str) -> list[_Teaser]:
    """Headlines that link to a story, with the summary and date next to them."""
    out: list[_Teaser] = []
    seen: set[str] = set()
    for h in tree.iter("h1", "h2", "h3", "h4"):
        if any(a.tag in _BLOCKS_EXCLUDED for a in h.iterancestors()):
            continue
        link = h.find(".//a[@href]")
        if link is None:
            link = next((a for a in h.iterancestors("a") if a.get("href")), None)
        if link is None:
            continue
        title = clean(h.text_content())
        href = urljoin(base_url, (link.get("href") or "").strip())
        if len(title.split()) < 3 or href in seen or href.startswith(("javascript:", "#", "mailto:")):
            continue
        seen.add(href)
        box = _container(h)
        paragraphs = [clean(p.text_content()) for p in box.iter("p") if not any(x is h for x in p.iterancestors())]
        summary = "\n".join(p for p in paragraphs if len(p) >= 20 and p != title)
        out.append(_Teaser(title, href, summary, _own_date(box)))
    return out


def _container(h: HtmlElement) -> HtmlElement:
    """The largest ancestor of a headline (up to three levels) that holds no other headline."""
    box = h
    for parent in list(h.iterancestors())[:3]:
        if sum(1 for _ in parent.iter("h1", "h2", "h3", "h4")) > 1:
            break
        box = parent
        if parent.tag in ("article", "li"):
            break
    return box


def _covered(text: str, teasers: list[_Teaser]) -> float:
    """Share of the extracted text (in characters) that is teaser headlines and summaries."""
    pieces = {clean(p) for t in teasers for p in (t.title, *t.summary.split("\n")) if p}
    total = covered = 0
    for line in text.split("\n"):
        total += len(line)
        if any(line in p or p in line for p in pieces if len(p) >= 10):
            covered += len(line)
    return covered / total if total else 0.0


def _teaser_articles(teasers: list[_Teaser], source: str, html_lang: str) -> list[Article]:
    out: list[Article] = []
    for t in teasers:
        text = t.summary or t.title
        meta = {"title": t.title, "url": t.url, "teaser": "1"}
        if t.date:
            meta["date"], meta["date_source"] = t.date, "teaser"
        if source:
            meta["source"] = source
        meta["lang"] = detect_lang(f"{t.title}\n{text}") or html_lang
        out.append(Article(text, meta))
    return out
