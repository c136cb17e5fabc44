"""trafilatura's main-text extraction, without the readability pass where it cannot change the result.

trafilatura (default, non-fast settings) runs its own extractor, then always runs a port of
readability on the page and keeps readability's text only when its heuristics prefer it
(``trafilatura.external._prefer_readability``). Readability is about a third of an extraction.
With the balanced settings marsad uses, and when the own extraction has text, paragraphs and no
more tables than paragraphs, readability is preferred only when its text is more than twice as long
as the own one. Its text is a subsequence of the page's text (it deletes and moves elements, never
copies them) minus the elements it always drops, plus "VIDEO" for each video frame it keeps;
so when that bound is at most twice the own text, readability cannot win and is not run.
Two more steps are cheaper and give the same: the recall escalation measures the page's text
(html2txt) only when a bound on it leaves the test open, and the raw-tree prunes are walks over the
elements of the tags their XPaths name instead of the XPaths.

:func:`main_text` gives the text ``trafilatura.bare_extraction`` gives for the same tree and
settings (tests/test_html_extraction.py compares the two on pages where each stage decides). The
cascade below is trafilatura's ``trafilatura_sequence`` for marsad's settings (no comments), with
that one test added; it runs only under the trafilatura release it was checked against, and any
other release gets ``bare_extraction`` itself.
"""

from __future__ import annotations

import copy
import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Extractor

log = logging.getLogger(__name__)

# the trafilatura release whose cascade _cascade follows step by step
CHECKED_RELEASE = "2.3.1"
# readability parses its own output again as HTML: the content of these elements, written back as
# markup, comes out of that parse as text, longer than it went in; pages with them run readability
_REPARSED_AS_TEXT = ("noembed", "noframes", "xmp", "plaintext")
_DROPPED_FIRST = ("script", "style", "fencedframe")  # readability's first step removes them
_MARKED_XPATH = etree.XPath("//@class/.. | //@id/..")  # elements with a class or an id, in document order
_COUNT_ELEMENTS = etree.XPath("count(descendant-or-self::*)")
# trafilatura's raw-tree prunes (xpaths.RAW_TREE_PRUNE_XPATH, then REMOVE_COMMENTS_AND_LISTS_XPATH),
# which _raw_prunes does as walks over the elements of those tags: libxml2 takes about 0.3 ms a page
# for each of these XPaths (a tenth of an extraction for the three), the walks a small part of it.
# The cascade runs only where trafilatura's XPaths are these, word for word.
_RAW_PRUNE_PATHS = (
    ".//*[self::div or self::section or self::aside][ re:test(@id, 'mvp-post-add-(?:box|wrap)|infinite-?scroll') "
    "or re:test(@class, 'mvp-post-add-(?:box|wrap)|infinite-?scroll')][ not(.//h1) or re:test(@id, "
    "'mvp-post-add-(?:box|wrap)') or re:test(@class, 'mvp-post-add-(?:box|wrap)')]",
    ".//*[self::div or self::section or self::aside][contains(@class, 'elementor-share-buttons')]",
)
_COMMENTS_PRUNE_PATHS = (
    ".//*[self::div or self::list or self::section or self::details or self::ol or self::ul][ re:test(@id, "
    "'^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)') or re:test(@class, "
    "'^[Cc]omment(?!ary)|(?:article|post)-comments')][ not(self::ol or self::ul) or re:test(@id, "
    "'^(?:[Cc]omment(?!ary)|comol)') or re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')]",
)
_APPENDED = re.compile("mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED_BOX = re.compile("mvp-post-add-(?:box|wrap)")
_COMMENTS_ID = re.compile("^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID = re.compile("^(?:[Cc]omment(?!ary)|comol)")
_COMMENTS_CLASS = re.compile("^[Cc]omment(?!ary)|(?:article|post)-comments")


@lru_cache(maxsize=1)
def cascade_available() -> bool:
    """Whether the installed trafilatura is the release :func:`_cascade` follows."""
    import trafilatura
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    def paths(xpaths: list[etree.XPath]) -> tuple[str, ...]:
        return tuple(" ".join(x.path.split()) for x in xpaths)

    if trafilatura.__version__ != CHECKED_RELEASE or paths(RAW_TREE_PRUNE_XPATH) != _RAW_PRUNE_PATHS \
            or paths(REMOVE_COMMENTS_AND_LISTS_XPATH) != _COMMENTS_PRUNE_PATHS:
        log.info("trafilatura %s is not the release marsad's cascade follows (%s): its own extraction "
                 "runs in full", trafilatura.__version__, CHECKED_RELEASE)
        return False
    return True


def main_text(tree: HtmlElement, options: Extractor) -> str:
    """The main text trafilatura.bare_extraction finds in the page with these settings ("" for none).

    The tree is consumed: the extraction prunes it in place.
    """
    plain = not (options.comments or options.with_metadata or options.dedup or options.lang or options.max_tree_size)
    if not plain or options.format != "python" or not cascade_available():
        import trafilatura

        found = trafilatura.bare_extraction(tree, options=options)
        return (getattr(found, "text", None) or "") if found is not None else ""
    from trafilatura.xml import xmltotxt

    body, text = _cascade(tree, options)
    if len(text) < options.min_output_size and options.min_output_comm_size > 0:  # no comments: length 0
        return ""
    return xmltotxt(body, options.formatting) or ""


def _cascade(tree: HtmlElement, options: Extractor) -> tuple[HtmlElement, str]:
    """trafilatura.core.trafilatura_sequence (2.3.1) with comments off; stage 2 checks first
    whether readability can change the result."""
    from trafilatura.baseline import baseline, html2txt
    from trafilatura.core import (
        ESCALATION_ACCEPT_RATIO,
        ESCALATION_JUSTEXT_RATIO,
        ESCALATION_MAX_LENGTH,
        ESCALATION_PAGE_SHARE,
        _forum_thread_page,
        _prepare_tree,
        _recall_retry,
    )
    from trafilatura.external import compare_extraction, justext_rescue
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.main_extractor import extract_content
    from trafilatura.xpaths import REMOVE_COMMENTS_XPATH

    url = options.url
    is_forum = _forum_thread_page(tree)
    _raw_prunes(tree, comments_too=options.focus == "precision" or not is_forum)
    cleaned_tree, cleaned_tree_backup = _prepare_tree(tree, options, url)
    if options.focus == "precision" and not is_forum:
        cleaned_tree = prune_unwanted_nodes(cleaned_tree, REMOVE_COMMENTS_XPATH)

    postbody, temp_text = extract_content(cleaned_tree, options)
    if not options.fast and not own_extraction_stands(tree, postbody, temp_text, options):
        postbody, temp_text = compare_extraction(cleaned_tree_backup, copy.copy(tree), postbody, temp_text, options)

    if len(temp_text) < options.min_extracted_size and options.focus != "precision":
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(temp_text):
            postbody, temp_text = b_body, b_text

    if (options.focus == "balanced" and 0 < len(temp_text) < ESCALATION_MAX_LENGTH
            and len(temp_text) < ESCALATION_PAGE_SHARE * page_text_bound(tree)
            and len(temp_text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))):
        r_options = copy.copy(options)
        r_options.focus = "recall"
        r_text = j_text = ""
        try:
            r_body, r_text = _recall_retry(tree, r_options, url)
        except Exception:  # as trafilatura: the retry is optional
            log.warning("recall retry failed: %s", url, exc_info=True)
        if not options.fast:
            try:
                j_body, j_text = justext_rescue(copy.copy(tree), options)
            except Exception:  # as trafilatura: the candidate is optional
                log.warning("justext candidate failed: %s", url, exc_info=True)
        len_text, r_len, j_len = len(temp_text), len(r_text), len(j_text)
        if j_len > r_len and j_len > ESCALATION_JUSTEXT_RATIO * len_text:
            postbody, temp_text = j_body, j_text
        elif r_len >= options.min_extracted_size and r_len > ESCALATION_ACCEPT_RATIO * len_text:
            postbody, temp_text = r_body, r_text
    return postbody, temp_text


def _raw_prunes(tree: HtmlElement, comments_too: bool) -> None:
    """prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH), then, when asked, with
    REMOVE_COMMENTS_AND_LISTS_XPATH: the same elements deleted in the same order (see _RAW_PRUNE_PATHS)."""
    from trafilatura.xml import delete_element

    def marks(elem: HtmlElement) -> tuple[str, str]:
        return elem.get("id") or "", elem.get("class") or ""

    def appended(elem: HtmlElement) -> bool:
        i, c = marks(elem)
        return bool(_APPENDED.search(i) or _APPENDED.search(c)) and (
            elem.find(".//h1") is None or bool(_APPENDED_BOX.search(i) or _APPENDED_BOX.search(c)))

    def comments(elem: HtmlElement) -> bool:
        i, c = marks(elem)
        return bool(_COMMENTS_ID.search(i) or _COMMENTS_CLASS.search(c)) and (
            elem.tag not in ("ol", "ul") or bool(_COMMENT_LIST_ID.search(i) or _COMMENTS_CLASS.search(c)))

    tests = [appended, lambda elem: "elementor-share-buttons" in (elem.get("class") or "")]
    tags = [("div", "section", "aside")] * 2
    if comments_too:
        tests.append(comments)
        tags.append(("div", "list", "section", "details", "ol", "ul"))
    for test, names in zip(tests, tags, strict=True):
        for elem in [e for e in tree.iterdescendants(*names) if test(e)]:
            delete_element(elem)


def own_extraction_stands(raw_tree: HtmlElement, body: HtmlElement, text: str, options: Extractor) -> bool:
    """Whether trafilatura.external.compare_extraction would return the own extraction unchanged
    whatever readability finds: readability cannot be preferred and justext is not tried."""
    len_text = len(text)
    if options.focus != "balanced" or len_text < options.min_extracted_size or len_text == 0:
        return False
    unclean, paragraph_text = _body_xpaths()
    if unclean(body):  # justext gets a try
        return False
    if not paragraph_text(body) or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False  # structurally deficient: a longer readability text would win
    return readability_bound(raw_tree, enough=2 * len_text) <= 2 * len_text


@lru_cache(maxsize=1)
def _body_xpaths() -> tuple[etree.XPath, etree.XPath]:
    """compare_extraction's tests of the own extraction, compiled once (it compiles them on every call)."""
    from trafilatura.external import SANITIZED_XPATH

    return etree.XPath(SANITIZED_XPATH), etree.XPath(".//p//text()")


def page_text_bound(tree: HtmlElement) -> int:
    """An upper bound on the length of trafilatura.baseline.html2txt(tree), at a fraction of its cost.

    html2txt deletes some sections of the body, puts a space before and after every block element
    and collapses whitespace: at most two more characters an element than the body's collapsed text.
    """
    from trafilatura.utils import trim

    body = tree.find(".//body")
    if body is None:
        body = tree
    return len(trim(body.text_content())) + 2 * int(_COUNT_ELEMENTS(body))


def readability_bound(raw_tree: HtmlElement, enough: int = -1) -> int:
    """An upper bound on the length of the text trafilatura's readability finds in the tree; once a
    first, looser bound is at most ``enough``, that one.

    Readability's text (whitespace collapsed, as trafilatura measures it) is a subsequence of the
    page's text; deleting text never adds a whitespace run, so the page's collapsed length less the
    non-space characters of what readability always drops first is an upper bound.
    """
    from trafilatura.readability_lxml import REGEXES
    from trafilatura.utils import trim

    if next(raw_tree.iter(*_REPARSED_AS_TEXT), None) is not None:
        return 1 << 62
    video = REGEXES["videoRe"]
    videos = sum(1 for frame in raw_tree.iter("iframe") if video.search(frame.get("src") or ""))
    bound = len(trim(raw_tree.text_content())) + 5 * videos
    if bound <= enough:
        return bound
    dropped = list(raw_tree.iter(*_DROPPED_FIRST))
    # Document.remove_unlikely_candidates: these go before anything is scored
    dropped.extend(elem for elem in _MARKED_XPATH(raw_tree)
                   if elem.tag not in ("body", "html") and _unlikely(elem.get("class"), elem.get("id")))
    dropped_set = set(dropped)
    return bound - sum(len("".join(elem.text_content().split())) for elem in dropped_set
                       if not any(a in dropped_set for a in elem.iterancestors()))


@lru_cache(maxsize=8192)
def _unlikely(class_: str | None, id_: str | None) -> bool:
    """Whether readability drops an element with this class and id first (a page repeats a few)."""
    from trafilatura.readability_lxml import REGEXES

    attrs = " ".join(filter(None, (class_, id_)))
    if len(attrs) < 2:
        return False
    low = attrs.lower()
    return bool(REGEXES["unlikelyCandidatesRe"].search(low)) and not REGEXES["okMaybeItsACandidateRe"].search(low)
