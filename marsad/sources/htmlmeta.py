"""Page metadata read from the parsed tree: title, site name, author, canonical URL, structured date.

trafilatura's own metadata pass costs as much as its text extraction (it scans every element for
authors, categories and tags marsad does not use), so marsad reads the few fields it needs from
meta tags and JSON-LD itself, dates included: the publication date the page states in its meta
tags, its JSON-LD article or a ``<time>``/``itemprop`` element marked as the publication date — never
a modification date, and no guessing from a © year or from any number in the page (htmldate, which
trafilatura uses, costs more than the rest of the metadata together and finds nothing more there).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

log = logging.getLogger(__name__)

_WS_RE = re.compile(r"\s+")
_BYLINE_PREFIX_RE = re.compile(r"^(?:بقلم|كتب|كتبت|إعداد|تقرير|by)\s*[:：]?\s*", re.IGNORECASE)
_AUTHOR_MARK_RE = re.compile(r"author|byline|writer|كاتب", re.IGNORECASE)
_TITLE_SEP_RE = re.compile(r"\s+[-–—|:]\s+")
# Meta tags that state when a page was first published (lower-cased names, most specific first).
_PUBLISHED_TAGS = ("article:published_time", "og:article:published_time", "datepublished", "published_time",
                   "article.published", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
                   "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
                   "sailthru.date", "parsely-pub-date", "original-publish-date", "date", "release_date")

_CANONICAL_XPATHS = (etree.XPath('//link[@rel="canonical"]/@href'), etree.XPath('//meta[@property="og:url"]/@content'))
LD_SCRIPTS = etree.XPath('//script[@type="application/ld+json"]')  # the page's JSON-LD blocks
# '//*[@rel="author" or @itemprop="author" or @class or @id]' as a union of attribute steps: the same
# elements in document order, three times faster in libxml2 (which tests each predicate per element)
_MARKED_XPATH = etree.XPath('//@class/.. | //@id/.. | //@rel[.="author"]/.. | //@itemprop[.="author"]/..')
_PUBLISHED_XPATH = etree.XPath('//*[@itemprop="datePublished"] | //time[@pubdate]')


@dataclass(slots=True)
class PageMeta:
    title: str = ""
    site: str = ""
    author: str = ""
    url: str = ""
    date: str = ""  # ISO date from structured metadata, or ""


def clean(value: str) -> str:
    return _WS_RE.sub(" ", value).strip()


def read_meta(tree: HtmlElement, url: str = "") -> PageMeta:
    """The metadata a page states about itself; ``url`` is where it came from (for the host name)."""
    meta = _meta_tags(tree)
    ld = _json_ld(tree)
    canonical = canonical_url(tree) or url
    site = meta.get("og:site_name") or meta.get("application-name") or str(ld.get("publisher", ""))
    title = _title(tree, meta, ld)
    if not site:
        site = ((urlsplit(canonical).hostname or "") if canonical else "").removeprefix("www.") \
            or _site_in_title(tree, title)
    return PageMeta(title=title, site=clean(site), author=_author(tree, meta, ld), url=canonical,
                    date=_structured_date(tree, meta, ld))


def canonical_url(tree: HtmlElement) -> str:
    for xpath in _CANONICAL_XPATHS:
        found = xpath(tree)
        if found and str(found[0]).strip().startswith(("http://", "https://")):
            return str(found[0]).strip()
    return ""


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = clean(el.get("content") or "")
        if key and value and key not in out:
            out[key] = value
    return out


def _json_ld(tree: HtmlElement) -> dict[str, object]:
    """Headline, author name and publisher name of the page's JSON-LD article, if any."""
    for script in LD_SCRIPTS(tree):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for item in _ld_items(data):
            if "Article" in str(item.get("@type", "")) or "Posting" in str(item.get("@type", "")):
                return {"headline": item.get("headline", ""), "author": _ld_name(item.get("author")),
                        "publisher": _ld_name(item.get("publisher")), "published": item.get("datePublished", "")}
    return {}


def _ld_items(data: object) -> list[dict[str, object]]:
    if isinstance(data, list):
        return [i for d in data for i in _ld_items(d)]
    if isinstance(data, dict):
        return [data, *_ld_items(data.get("@graph", []))]
    return []


def _ld_name(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(n for n in (_ld_name(v) for v in value) if n)
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return str(value or "")


def _title(tree: HtmlElement, meta: dict[str, str], ld: dict[str, object]) -> str:
    for value in (meta.get("og:title"), meta.get("twitter:title"), str(ld.get("headline", "") or "")):
        if value:
            return clean(value)
    h1 = next((clean(h.text_content()) for h in tree.iter("h1") if clean(h.text_content())), "")
    title = clean(tree.findtext(".//title") or "")
    if title:
        parts = _TITLE_SEP_RE.split(title)
        # "Headline - Site": keep the part that is the headline (the h1, or the longest part)
        if len(parts) > 1:
            title = next((p for p in parts if p == h1), max(parts, key=len))
        return title
    return h1


def _site_in_title(tree: HtmlElement, headline: str) -> str:
    """The site a "Headline - Site" title names, when the page says nothing else of it (a saved page
    without a URL): the one short part that is not the headline."""
    parts = [p for p in _TITLE_SEP_RE.split(clean(tree.findtext(".//title") or "")) if p]
    others = [p for p in parts if p != headline]
    return others[0] if len(parts) == 2 and len(others) == 1 and len(others[0].split()) <= 4 else ""


def _author(tree: HtmlElement, meta: dict[str, str], ld: dict[str, object]) -> str:
    for value in (meta.get("author"), meta.get("article:author"), meta.get("dc.creator"), str(ld.get("author", ""))):
        if value and not value.startswith(("http://", "https://")):
            return clean(value)
    for el in _MARKED_XPATH(tree):
        marks = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('rel') or ''} {el.get('itemprop') or ''}"
        if _AUTHOR_MARK_RE.search(marks):
            text = _BYLINE_PREFIX_RE.sub("", clean(el.text_content()))
            if 2 <= len(text) <= 60:
                return text
    return ""


def _structured_date(tree: HtmlElement, meta: dict[str, str], ld: dict[str, object]) -> str:
    """The publication date the page states in its metadata (as written; parsed by the caller)."""
    for key in _PUBLISHED_TAGS:
        if meta.get(key):
            return meta[key]
    if isinstance(ld.get("published"), str) and ld["published"]:
        return str(ld["published"])
    for el in _PUBLISHED_XPATH(tree):
        value = el.get("datetime") or el.get("content") or el.text_content()
        if value and value.strip():
            return clean(value)
    return ""
