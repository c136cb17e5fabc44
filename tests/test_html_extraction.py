"""marsad's main-text extraction gives trafilatura's text, and skips readability only where it cannot matter."""

import copy
from pathlib import Path
from unittest import mock

import pytest
import trafilatura
import trafilatura.external
from lxml.etree import tostring
from trafilatura.utils import trim

from marsad.sources import extraction
from marsad.sources.extraction import main_text, page_text_bound, readability_bound
from marsad.sources.html import _extractor, load_html
from tests.conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "sources"

_SENTENCES = (
    "وصل وزير الخارجية الأردني إلى بغداد صباح الأحد في زيارة رسمية تستمر يومين يبحث فيها ملف المياه.",
    "وقال المتحدث باسم الوزارة إن الجانبين سيوقعان مذكرة تفاهم لتنظيم النقل البري بين البلدين.",
    "وأضاف أن اللجنة المشتركة ستجتمع في عمّان الشهر المقبل لمتابعة تنفيذ ما اتفق عليه الوزيران.",
    "ونقلت وكالة الأنباء الرسمية عن مسؤول عراقي أن بلاده ترحب بزيادة الصادرات الأردنية عبر معبر طريبيل.",
    "وكان البلدان قد أعادا فتح المعبر الحدودي قبل عامين بعد إغلاق دام سنوات بسبب الأوضاع الأمنية.",
    "ويتوقع مراقبون أن تسهم الزيارة في تخفيف أزمة الكهرباء التي يعانيها جنوب العراق في فصل الصيف.",
)
_LINK = "<li><a href='/news/{0}'>عنوان خبر آخر من أخبار المنطقة والعالم رقم {0} في قائمة الروابط</a></li>"


def _page(body: str, *, head: str = "", chrome: str = "") -> str:
    return (f"<html lang='ar'><head><meta charset='utf-8'><title>زيارة الوزير إلى بغداد</title>{head}</head>"
            f"<body><nav class='main-menu'><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></nav>{body}{chrome}"
            "<footer><p>جميع الحقوق محفوظة © 2024</p></footer></body></html>")


def _paragraphs(n: int, tag: str = "p") -> str:
    return "".join(f"<{tag}>{_SENTENCES[i % len(_SENTENCES)]} {_SENTENCES[(i + 1) % len(_SENTENCES)]}</{tag}>"
                   for i in range(n))


def _links(n: int) -> str:
    return "<div class='links'><ul>" + "".join(_LINK.format(i) for i in range(n)) + "</ul></div>"


ARTICLE = _page(f"<article><h1>زيارة الوزير إلى بغداد</h1>{_paragraphs(6)}</article>")
PAGES = {
    "article": ARTICLE,
    # the page's link lists hold more text than twice the article: readability has to run
    "long chrome": _page(f"<article><h1>زيارة</h1>{_paragraphs(3)}</article>", chrome=_links(60)),
    "divs and line breaks": _page("<div class='content'>" + "<br><br>".join(_SENTENCES * 2) + "</div>"),
    "short": _page(f"<div><p>{_SENTENCES[0]}</p></div>", chrome=_links(4)),
    "table layout": _page("<table><tr><td>" + _links(12) + "</td><td class='main'>" + "<br>".join(_SENTENCES)
                          + "</td></tr></table>"),
    "table data": _page("<article>" + "".join(f"<table><tr><td>{s}</td><td>{len(s)}</td></tr></table>"
                                              for s in _SENTENCES) + "<p>" + _SENTENCES[0] + "</p></article>"),
    "xmp": _page(f"<article>{_paragraphs(5)}<xmp>&lt;b&gt;مثال&lt;/b&gt;</xmp></article>"),
    "noembed": _page(f"<article>{_paragraphs(5)}<noembed><p>بديل الفيديو</p></noembed></article>"),
    "video frame": _page(f"<article>{_paragraphs(5)}<iframe src='https://www.youtube.com/embed/x'></iframe>"
                         "<iframe src='https://ads.example.org/slot'></iframe></article>"),
    "comments": _page(f"<article>{_paragraphs(4)}</article><div id='comments' class='comments'>"
                      + _paragraphs(6, "p") + "</div>"),
    "forum": _page("<div class='comments'>" + _paragraphs(5, "div") + "</div>",
                   head='<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>'),
    "teasers": _page("".join(f"<div class='teaser'><h2><a href='/n/{i}'>{s[:40]}</a></h2><p>{s}</p></div>"
                             for i, s in enumerate(_SENTENCES))),
    "sidebar": _page(f"<main>{_paragraphs(4)}</main>", chrome=f"<aside class='sidebar'>{_links(40)}</aside>"),
    "empty": _page(""),
    "pruned on the raw tree": _page(
        f"<div class='post'><h1>زيارة</h1>{_paragraphs(4)}<div class='commentary'>{_paragraphs(1)}</div>"
        "<ul class='comment-list'><li>تعليق أول</li></ul> ذيل أول <ol id='commentlist'><li>تعليق</li></ol>"
        "<ul id='disqus_thread'><li>قائمة</li></ul><div id='Comments'><div class='comment'>متداخل</div></div>"
        "<section class='post-comments x'>تعليقات</section> ذيل ثان <details id='comol'>مطوي</details>"
        "<div class='elementor-share-buttons'>شارك</div><aside class='x elementor-share-buttons-wrap'>شارك</aside>"
        "</div><div class='infinite-scroll'><h1>خبر تال</h1>" + _paragraphs(2) + "</div>"
        "<div id='infinitescroll'>" + _paragraphs(2) + "</div><section class='mvp-post-add-box'><h1>آخر</h1>"
        + _paragraphs(2) + "</section><div class='mvp-post-add-wrap'>ملحق</div>"),
}


def _fixture_pages() -> dict[str, str]:
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.html"))}
    cnn = SHARED / "corpora" / "cnn-arabic-html" / "arabic_article.html"  # read when present
    if cnn.exists():
        pages["cnn"] = cnn.read_bytes().decode("utf-8")
    return pages


def _trafilatura_text(html: str, url: str) -> str:
    found = trafilatura.bare_extraction(load_html(html), options=_extractor(url))
    return (found.text or "") if found is not None else ""


@pytest.mark.parametrize("name", [*PAGES, *_fixture_pages()])
def test_main_text_is_trafilaturas_text(name):
    html = PAGES.get(name) or _fixture_pages()[name]
    for url in ("", "https://news.example.org/2024/03/05/story"):
        assert main_text(load_html(html), _extractor(url)) == _trafilatura_text(html, url), (name, url)


def _readability_runs(html: str) -> int:
    with mock.patch.object(trafilatura.external, "try_readability", wraps=trafilatura.external.try_readability) as spy:
        text = main_text(load_html(html), _extractor(""))
    assert text
    return spy.call_count


def test_readability_runs_only_where_it_can_change_the_text():
    assert _readability_runs(ARTICLE) == 0
    assert _readability_runs(PAGES["sidebar"]) == 0  # the sidebar is dropped by readability before it counts
    for name in ("long chrome", "table data", "forum", "xmp", "noembed"):
        assert _readability_runs(PAGES[name]) >= 1, name  # (a recall retry runs it again)


@pytest.mark.parametrize("name", [n for n in PAGES if n != "empty"])
def test_readability_bound_holds(name):
    tree = load_html(PAGES[name])
    found = trafilatura.external.try_readability(copy.deepcopy(tree))
    found_length = len(trim(tostring(found, method="text", encoding="utf-8").decode("utf-8")))
    assert 0 < found_length <= readability_bound(tree)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_text_bound_holds(name):
    from trafilatura.baseline import html2txt

    tree = load_html(PAGES[name])
    assert len(html2txt(tree)) <= page_text_bound(tree)


@pytest.mark.parametrize("name", [*PAGES, *_fixture_pages()])
def test_raw_prunes_are_trafilaturas(name):
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    html = PAGES.get(name) or _fixture_pages()[name]
    pruned = {}
    for comments_too in (True, False):
        theirs, ours = load_html(html), load_html(html)
        prune_unwanted_nodes(theirs, RAW_TREE_PRUNE_XPATH)
        if comments_too:
            prune_unwanted_nodes(theirs, REMOVE_COMMENTS_AND_LISTS_XPATH)
        extraction._raw_prunes(ours, comments_too)
        pruned[comments_too] = tostring(ours, encoding="unicode")
        assert pruned[comments_too] == tostring(theirs, encoding="unicode")
    if name == "pruned on the raw tree":
        assert "تعليق" in pruned[False]
        text = tostring(load_html(pruned[True]), method="text", encoding="unicode")
        assert "تعليق" not in text and "شارك" not in text and "ملحق" not in text and "مطوي" not in text
        assert "ذيل أول" in text and "ذيل ثان" in text and "خبر تال" in text  # tails stay; a container with an h1 stays


def test_another_trafilatura_release_gets_its_own_extraction(monkeypatch):
    expected = _trafilatura_text(ARTICLE, "")
    monkeypatch.setattr(extraction, "CHECKED_RELEASE", "0.0")
    extraction.cascade_available.cache_clear()
    try:
        assert not extraction.cascade_available()
        assert _readability_runs(ARTICLE) == 1
        assert main_text(load_html(ARTICLE), _extractor("")) == expected
    finally:
        monkeypatch.undo()
        extraction.cascade_available.cache_clear()


def test_other_prune_xpaths_get_trafilaturas_own_extraction(monkeypatch):
    monkeypatch.setattr(extraction, "_RAW_PRUNE_PATHS", (".//div",))
    extraction.cascade_available.cache_clear()
    try:
        assert not extraction.cascade_available()
    finally:
        monkeypatch.undo()
        extraction.cascade_available.cache_clear()
    assert extraction.cascade_available()
