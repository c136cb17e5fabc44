"""Shortcuts taken for speed give what the long way gives."""

import datetime as dt
import json
import random

from marsad.arabic.dates import parse_date
from marsad.arabic.dates.bounds import parse_date_by_grammar
from marsad.arabic.tokenize import PROCLITICS
from marsad.code.agreements import _head_forms, _heads_of, _words
from marsad.doc import Doc, Mention


def test_iso_dates_read_without_the_grammar_agree_with_it():
    rng = random.Random(7)
    stamps = ["2015-07-21 02:51:33", "2015-02-30", "1899-12-31", "2015-7-1", "2015-07-21 25:00:00", " 2015-07-21 ",
              "2015-07-21T02:51:32+03:00", "2015-07-21T02:51:32.5Z", "21/07/2015", "", "الثلاثاء 21 يوليو 2015"]
    for _ in range(300):
        day = dt.date(1890, 1, 1) + dt.timedelta(days=rng.randrange(80_000))
        clock = rng.choice(["", f" {rng.randrange(24):02d}:{rng.randrange(60):02d}",
                            f"T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"])
        stamps.append(day.isoformat() + clock)
    for stamp in stamps:
        assert parse_date(stamp) == parse_date_by_grammar(stamp), stamp


def test_agreement_head_forms_are_the_forms_with_heads():
    forms = {p + stem for stem in _words() for p in PROCLITICS} | set(_words()) | {"اتفق", "معاهد", "تفاقية"}
    for form in forms:
        assert (form in _head_forms()) == bool(_heads_of(form)), form


def test_document_json_round_trip_with_a_lone_surrogate():
    doc = Doc("وقع الرئيس \udcff الاتفاقية")
    doc.mentions = [Mention(4, 10, text="الرئيس", kind="PERS", code="EGY")]
    again = Doc.from_json(doc.to_json())
    assert again.text == doc.text and again.mentions == doc.mentions
    clean = Doc("وقع الرئيس الاتفاقية")
    assert json.loads(clean.to_json()) == clean.to_dict()


def test_numbers_found_where_they_may_begin_are_all_the_numbers():
    from marsad.arabic.normalize import normalize_text
    from marsad.arabic.numbers import _finder, _number_matches

    sentences = ["قتل ثلاثة جنود وأصيب 12 آخرون يوم الاثنين", "بلغت الصادرات 3,5 مليار دولار في الربع الأول",
                 "وصل الـ15 لاجئا والخمسة الآخرون، ولثلاثة أيام", "خمسة.5 وثلاثة5 و(عشرة) الألف الواحد كعشرة",
                 "عشرات الآلاف من المحتجين والاثني عشر عضوا", "x5 ب300 ال16 تريليون مئة وخمسون"]
    for sentence in sentences:
        text = normalize_text(sentence)
        assert [m.span() for m in _number_matches(text)] == [m.span() for m in _finder().finditer(text)], sentence


def test_tokens_are_the_word_matches():
    import re

    from marsad.arabic.tokenize import tokenize

    word = re.compile(r"[^\W_]+(?:[.,]\d+)*")
    for text in ["", "  ", "قال الوزير، في 3.5 مليار و1,200 دولار!", "x_y ٣٫٥ (الأمم المتحدة)...", "ab"]:
        for start, end in [(0, None), (1, len(text) - 1), (2, None)]:
            stop = len(text) if end is None else end
            expected = [(m.start(), m.end(), m.group()) for m in word.finditer(text, start, stop)]
            assert [tuple(t) for t in tokenize(text, start, end)] == expected, (text, start, end)


def test_construction_class_forms_are_the_forms_of_the_class():
    from marsad.code.constructions import _class_forms, _classes, forms

    for category, words in _classes().items():
        candidates = {p + a + w for w in words for p in ("", *PROCLITICS, "ك", "وو") for a in ("", "ال", "لل")}
        for form in candidates | {w[1:] for w in words} | {w + "ه" for w in words}:
            assert (form in _class_forms()[category]) == (not forms(form).isdisjoint(words)), (category, form)


def test_trigger_cues_are_the_forms_with_those_stems():
    from marsad.code.lexicon import lexicon
    from marsad.code.triggers import _AGREEMENT_NOUNS, _QUANTITY_NOUNS, _cues, _forms_of, _stems_of

    seqs = {t.objects for entries in lexicon().index.values() for _w, t, _n in entries if t.objects}
    for stems in [_QUANTITY_NOUNS, _AGREEMENT_NOUNS, *(frozenset(w[0] for w in s) for s in seqs)]:
        candidates = {p + a + w for w in stems for p in ("", *PROCLITICS, "ك", "وو") for a in ("", "ال")}
        for form in candidates | {w[1:] for w in stems} | {w + "ها" for w in stems}:
            assert (form in _forms_of(stems)) == bool(_stems_of(form) & stems), form
    for s in seqs:
        cues = _cues(s)
        assert set(cues) == _forms_of(frozenset(w[0] for w in s))
        assert all(sorted(cues[f]) == sorted(w[1:] for w in s if w[0] in _stems_of(f)) for f in cues)


def test_form_cache_gives_what_the_function_gives_and_stays_bounded():
    from marsad.formcache import FormCache

    calls: list[str] = []

    def length(form: str) -> int:
        calls.append(form)
        return len(form)

    cache = FormCache(length, 8)
    forms = [f"w{i % 13}" * (i % 3 + 1) for i in range(200)]
    for k in range(0, 200, 7):
        assert cache.many(forms[k:k + 7]) == [len(f) for f in forms[k:k + 7]]
        assert cache(forms[k]) == len(forms[k])
        assert len(cache) <= 8
    assert cache.many(("a", "a", "bb")) == [1, 1, 2] and calls[-2:] == ["a", "bb"]


def test_trigger_readings_are_read_once_per_form():
    from marsad.code.triggers import _read_trigger, _trigger_readings

    forms = ["وقع", "ووقعت", "توقيعها", "الاتفاقية", "هجوم", "بهجوم", "قصفتها", "في", "2019", ""]
    assert _trigger_readings.many(forms) == [_read_trigger(f) for f in forms]


def test_one_scan_of_several_dictionaries_finds_what_each_finds_alone():
    from marsad.arabic.normalize import normalize_text
    from marsad.recognize.actors import _group_names
    from marsad.recognize.gazetteer import Entry, Matcher, entity_names, role_names

    def entry(name: str) -> Entry:
        return Entry(name, "GPE", "XXX", "GOV", "name")

    # الدوحه in one dictionary, دوحه (its ل spelling: للدوحه) in another; a key that is also another's
    small = [{"الدوحه": [entry("a")], "وزير الخارجيه": [entry("b")]},
             {"دوحه": [entry("c")], "الخارجيه": [entry("d")], "الدوحه": [entry("e")]}, {}]
    big = [entity_names(), role_names(), _group_names()]
    texts = ["وصل وزير الخارجية الروسي إلى الدوحة وللدوحة دور، وقال نظيره القطري إن البلدين والدول الأربع",
             "التقى الرئيس الأمريكي دونالد ترامب رئيسي روسيا وبيلاروس في العاصمة السعودية الرياض.",
             "للخارجية الفرنسية والمالي وكبيرا وبالدوحة ولل دوحة"]
    for dictionaries in (small, big):
        together = Matcher(*dictionaries)
        alone = [Matcher(d) for d in dictionaries]
        for raw in texts:
            text = normalize_text(raw)
            for start, end in [(0, len(text)), (3, len(text) - 5), (10, 11)]:
                assert together.find_each(text, start, end) == [m.find(text, start, end) for m in alone], raw


def test_identity_cache_that_forgets_gives_the_identities_of_one_that_does_not():
    from marsad.formcache import FormCache
    from marsad.link.identity import _classify, identity_of
    from marsad.link.minhash import words

    stories = [
        "أعلنت وزارة الداخلية في الرياض تنفيذ حكم القصاص في جان قتل مواطنا بعد خلاف في جدة عام 2014",
        "وصلت الطائرة الإغاثية السعودية الثالثة والعشرون إلى عدن تحمل 25 طنا من المواد الغذائية",
        "استقبل الملك سلمان في الرياض الرئيس الفرنسي وبحثا العلاقات الثنائية وتطورات الأوضاع في اليمن",
        "وصلت الطائرة الإغاثية السعودية الرابعة والعشرون إلى عدن تحمل 30 طنا من المواد الطبية",
        "قال محمد العتيبي إن محمد العتيبي سيزور القاهرة وعمان الأسبوع المقبل لبحث 12 500 قضية عالقة",
    ] * 3
    small, large = FormCache(_classify, 8), FormCache(_classify, 1 << 20)
    for text in stories:
        ws = words(text)
        assert identity_of(ws, small) == identity_of(ws, large)
        assert len(small) <= 8
