import datetime as dt

import pytest

from marsad.arabic.dates import (
    Timex,
    find_timexes,
    granularity,
    infer_story_bounds,
    parse_date,
    precision_of,
    value_bounds,
)
from tests.conftest import shared_path

REF = dt.date(2024, 12, 6)  # a Friday


def values(sentence, ref=REF):
    return [t.value for t in find_timexes(sentence, ref)]


def only(sentence, ref=REF) -> Timex:
    found = find_timexes(sentence, ref)
    assert len(found) == 1, found
    return found[0]


# -- absolute dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("line, value", [
    ("تاريخ النشر: 6th, December 2024 GMT", "2024-12-06"),
    ("نشر في: 2023/05/17", "2023-05-17"),
    ("الأحد 12 مايو 2024", "2024-05-12"),
    ("17-1-2025", "2025-01-17"),
    ("١٧ كانون الثاني ٢٠٢٥", "2025-01-17"),
    ("3 جانفي 2025", "2025-01-03"),
    ("2 غشت 2021", "2021-08-02"),
    ("15 تموز 2022", "2022-07-15"),
    ("December 6, 2024", "2024-12-06"),
    ("Fri, 06 Dec 2024 10:00:00 GMT", "2024-12-06"),
    ("نشر في 6 ديسمبر 2024، الساعة 10:30 بتوقيت مكة", "2024-12-06"),
    ("2024-12-06T10:00:00Z", "2024-12-06"),
    ("وصل الوفد في السادس من ديسمبر 2024", "2024-12-06"),
    ("انتهت المهلة في الحادي والثلاثين من ديسمبر 2023", "2023-12-31"),
    ("أعلن القرار يوم الثلاثاء الموافق 5 / 8 / 2008", "2008-08-05"),
    ("وثيقة مؤرخة 4 / 22 / 1948", "1948-04-22"),
    ("صدر العدد في أكتوبر / تشرين الأول 2019", "2019-10"),
    ("بدأ المشروع في شهر نوفمبر عام 2016", "2016-11"),
    ("تأسست الشركة عام 1995 م", "1995"),
])
def test_absolute_dates(line, value):
    assert parse_date(line)[0] == value


def test_precision_of_publication_values():
    assert parse_date("نشر في 12 مايو 2024") == ("2024-05-12", "day")
    assert parse_date("عدد يونيو 2004") == ("2004-06", "month")
    assert precision_of("2025-H2") == "" and precision_of("2025") == "year"


@pytest.mark.parametrize("sentence, value", [
    ("صام المسلمون حتى ١٥ رمضان ١٤٤٥ هـ", "2024-03-25"),
    ("صدر في رام الله بتاريخ 20 / شعبان / 1428 هجرية", "2007-09-02"),
    ("افتتح المسجد عام 1436هـ", "2015"),
    ("اعتمرت الأسرة في رمضان عام 1992", "1992-03"),
])
def test_hijri_dates(sentence, value):
    assert value in values(sentence)


# -- relative dates, resolved against the story's date ---------------------------------------------


@pytest.mark.parametrize("sentence, value", [
    ("وقع الرئيسان المعاهدة يوم الجمعة في العاصمة", "2024-12-06"),
    ("التقى الوزيران يوم الثلاثاء", "2024-12-03"),
    ("عاد الوفد الخميس الماضي", "2024-12-05"),
    ("سيزور الرئيس القاهرة يوم الثلاثاء", "2024-12-10"),
    ("من المقرر أن تعقد القمة يوم الأحد", "2024-12-08"),
    ("يصل المبعوث إلى بغداد يوم الاثنين", "2024-12-09"),
    ("تعقد الجولة يوم الأحد المقبل", "2024-12-08"),
    ("أقر البرلمان القانون الشهر الماضي", "2024-11"),
    ("تبدأ المحادثات الأسبوع المقبل", "2024-W50"),
    ("ارتفعت الصادرات العام الماضي", "2023"),
    ("تراجع الإنتاج هذا العام", "2024"),
    ("يتوقع البنك نموا أعلى العام المقبل", "2025"),
    ("دخلت الاتفاقية حيز التنفيذ في أكتوبر الماضي", "2024-10"),
    ("تجرى الانتخابات في مارس المقبل", "2025-03"),
    ("ستجرى الانتخابات في مارس", "2025-03"),
    ("اندلعت الاحتجاجات في أكتوبر", "2024-10"),
    ("وصل الوفد أمس إلى القاهرة", "2024-12-05"),
    ("يغادر الوزير غدا", "2024-12-07"),
    ("تستأنف الجلسات بعد غد", "2024-12-08"),
    ("وقع الانفجار أول أمس", "2024-12-04"),
    ("أعلنت الوزارة اليوم نتائج التحقيق", "2024-12-06"),
    ("وصل الوفد أمس (الخميس) إلى عمان", "2024-12-05"),
    ("اندلع الحريق مساء أمس", "2024-12-05TEV"),
    ("التقى الرئيس سفراء الدول منذ أسبوعين", "2024-W47"),
    ("أجريت الانتخابات قبل عامين", "2022"),
    ("تستأنف المفاوضات بعد ثلاثة أيام", "2024-12-09"),
    ("بدأ الحصار منذ ثلاثة أشهر", "2024-09"),
    ("سقطت الأمطار في العاشر من نوفمبر", "2024-11-10"),
    ("تنطلق الدورة في السابع والعشرين من الشهر الجاري", "2024-12-27"),
    ("قصفت الطائرات المدينة الليلة الماضية", "2024-12-05TNI"),
    ("اشتبك الطرفان فجر اليوم", "2024-12-06TMO"),
])
def test_relative_expressions(sentence, value):
    assert value in values(sentence)


def test_weekday_tense_follows_the_verb():
    assert values("وصل الوفد يوم الأحد") == ["2024-12-01"]
    assert values("سيصل الوفد يوم الأحد") == ["2024-12-08"]
    assert values("وصل الوفد يوم الأحد", None) == [""]
    assert find_timexes("سيصل الوفد يوم الأحد", REF, future=False)[0].tense == "future"


def test_later_in_a_past_narrative_is_a_duration():
    t = only("وبعد ثلاثة أيام أعلن الجيش انسحابه")
    assert (t.type, t.value, t.signal) == ("DURATION", "P3D", "after")
    t = only("قتل الجندي بعد ثلاثة أيام من الهجوم")
    assert (t.type, t.value) == ("DURATION", "P3D")


def test_day_and_month_a_few_weeks_ahead_is_the_coming_one():
    assert values("يفتتح المعرض في 2 يناير", REF) == ["2025-01-02"]


@pytest.mark.parametrize("sentence, value", [
    ("قتل عشرات خلال الساعات الـ48 الماضية", "PT48H"),
    ("تراجعت الأسعار خلال الأيام الخمسة الماضية", "P5D"),
    ("شهدت المنطقة جفافا في السنوات الأخيرة", "PXY"),
])
def test_spans_of_the_recent_past_are_durations(sentence, value):
    assert value in values(sentence)


# -- parts, ranges, decades, seasons ---------------------------------------------------------------


@pytest.mark.parametrize("sentence, value, mod", [
    ("قد يحدث ذلك بحلول النصف الثاني من عام 2025", "2025-H2", ""),
    ("ارتفعت المبيعات في الربع الأول من 2025", "2025-Q1", ""),
    ("تراجعت الأرباح في الربع الأول من العام الجاري", "2024-Q1", ""),
    ("تبدأ المرحلة مطلع الشهر المقبل", "2025-01", "START"),
    ("اكتمل البناء في منتصف 2025", "2025", "MID"),
    ("وقعت الاشتباكات أواخر الشهر الماضي", "2024-11", "END"),
    ("تنتهي المهلة نهاية العام", "2024", "END"),
    ("زار الوفد المدينة نهاية الأسبوع الماضي", "2024-W48-WE", ""),
    ("ازدهرت الصناعة في الثمانينيات", "198X", ""),
    ("انهار الاتحاد في تسعينيات القرن الماضي", "199X", ""),
    ("شهد القرن العشرين حربين عالميتين", "19", ""),
    ("يواجه العالم تحديات القرن الحادي والعشرين", "20", ""),
    ("اندلعت المعارك في صيف 2024", "2024-SU", ""),
    ("ضربت العاصفة المدينة الشتاء الماضي", "2023-WI", ""),
])
def test_parts_decades_centuries_seasons(sentence, value, mod):
    found = [t for t in find_timexes(sentence, REF) if t.value == value]
    assert found and found[0].mod == mod


def test_range_between_years_links_both_ends():
    a, b = find_timexes("ارتفع الدين بين عامي 2010 و2015", REF)
    assert (a.value, b.value) == ("2010", "2015")
    assert a.start_value == b.start_value == "2010" and a.end_value == b.end_value == "2015"
    assert a.signal == "between"


def test_range_end_lends_its_year_to_the_start():
    a, b = find_timexes("تستمر الهدنة من 1 يناير إلى 1 مايو 2025", REF)
    assert (a.value, b.value) == ("2025-01-01", "2025-05-01")
    assert b.signal == "to" and a.end_value == "2025-05-01"


def test_day_range_is_one_expression():
    t = only("يعقد المؤتمر من 13 إلى 15 نوفمبر 2024")
    assert (t.start_value, t.end_value) == ("2024-11-13", "2024-11-15")
    assert t.text == "من 13 إلى 15 نوفمبر 2024"


def test_signals_are_recorded_outside_the_span():
    t = only("سيكتمل الانسحاب بحلول عام 2030")
    assert t.text == "عام 2030" and t.signal == "by"
    text = "تمتد الهدنة حتى نهاية 2025"
    t = only(text)
    assert t.signal == "until" and text[t.signal_start:t.start] == "حتى "


# -- durations, sets, vague references, clock times ------------------------------------------------


@pytest.mark.parametrize("sentence, value", [
    ("تمتد المعاهدة لعشرين عاما", "P20Y"),
    ("استمر الحصار ثلاثة أشهر", "P3M"),
    ("حكم عليه بالسجن خمسة عشر عاما", "P15Y"),
    ("توقف العمل عامين", "P2Y"),
    ("بقي الوفد لمدة عام ونصف", "P18M"),
    ("انتظر المسافرون نصف ساعة", "PT30M"),
    ("استمر القصف 48 ساعة", "PT48H"),
    ("تفاوض الطرفان بضعة أيام", "PXD"),
    ("تعقد القمة سنويا", "P1Y"),
    ("يجتمع المجلس كل أسبوع", "P1W"),
    ("تصدر النشرة كل ثلاثة أشهر", "P3M"),
    ("يزور المصلون المسجد كل يوم جمعة", "XXXX-WXX-5"),
    ("كما أعلن سابقا", "PAST_REF"),
    ("كما ذكرت الوكالة في وقت سابق", "PAST_REF"),
    ("يعيش اللاجئون حاليا في المخيمات", "PRESENT_REF"),
    ("ستصدر النتائج قريبا", "FUTURE_REF"),
    ("بدأ الاجتماع الساعة العاشرة صباحا", "2024-12-06T10:00"),
    ("انفجرت السيارة الساعة 8:30 مساء", "2024-12-06T20:30"),
])
def test_durations_sets_vague_and_times(sentence, value):
    assert value in values(sentence)


def test_date_with_clock_is_a_time():
    t = only("BBC Arabic Fri, 11 Aug 2017 15:20:08 GMT")
    assert (t.type, t.value, t.relative) == ("TIME", "2017-08-11T15:20", False)


def test_hedged_duration_has_a_mod():
    t = only("استمر النزاع أكثر من ثلاث سنوات")
    assert (t.value, t.mod, t.type) == ("P3Y", "MORE_THAN", "DURATION")


# -- traps -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "ارتفعت التجارة بنسبة 13% وفتح الباب أمام المستثمرين",
    "قضى الفريق عطلته في مايوركا",
    "مارس الضغط على الحكومة لتغيير موقفها",
    "قال الأب إن ابنه عاد سالما",
    "أدى المصلون صلاة الجمعة في المسجد الكبير",
    "التقى الأمين العام السابق للمنظمة بالوزير",
    "تحدث المسؤول عن رؤية 2030 للتنمية",
    "نشر الجيش 2000 جندي على الحدود",
    "يطالب القرار 2231 بوقف التخصيب",
    "غيرت ثورات الربيع العربي المنطقة",
    "احتفلت المدارس باليوم الوطني",
    "وقع الطرفان عقدا لتوريد القمح",
    "عين مديرا عاما للشركة",
])
def test_traps_are_not_time_expressions(sentence):
    assert find_timexes(sentence, REF) == []


def test_relative_expression_without_reference_is_found_but_not_guessed():
    (t,) = find_timexes("التقى الوزيران يوم الثلاثاء", None)
    assert t.text == "يوم الثلاثاء" and t.value == "" and t.relative and t.pattern == "XXXX-WXX-2"


def test_offsets_cover_diacritics_and_clitics():
    text = "وقَّع الرئيسان المعاهدةَ يومَ الجمعةِ، وتمتد لعشرينَ عاماً."
    found = find_timexes(text, REF)
    assert [t.text for t in found] == ["يومَ الجمعةِ", "لعشرينَ عاماً"]
    assert all(text[t.start:t.end] == t.text for t in found)


def test_arabic_indic_digits():
    assert values("وقع الاتفاق في ٣ مارس ٢٠٢٣") == ["2023-03-03"]


# -- helpers and story bounds ----------------------------------------------------------------------


def test_granularity_and_bounds_of_values():
    assert granularity("2025-H2") == "half" and granularity("198X") == "decade" and granularity("P20Y") == "duration"
    assert value_bounds("2025-H2") == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert value_bounds("2024-W48-WE") == (dt.date(2024, 11, 30), dt.date(2024, 12, 1))


def test_story_bounds_from_past_and_future_evidence():
    story = ("دخلت الاتفاقية بين البلدين حيز التنفيذ في أكتوبر الماضي بعد توقيعها في يناير 2025. "
             "وتمتد الاتفاقية لعشرين عاما.")
    assert infer_story_bounds(find_timexes(story, None)) == ("2025-10", "2026-10")
    future = "وأكد الوزير أن المصنع قد يبدأ الإنتاج بحلول النصف الثاني من عام 2026."
    assert infer_story_bounds(find_timexes(future, None)) == ("", "2026-H2")
    assert infer_story_bounds([]) == ("", "")


def test_seed_page_expressions():
    text = shared_path("samples", "000_ef4dd91477411336.txt").read_text(encoding="utf-8")
    found = {t.text: t.value for t in find_timexes(text, REF)}
    assert found["يوم الجمعة"] == "2024-12-06"
    assert found["الشهر الماضي"] == "2024-11"
    assert found["النصف الثاني من عام 2025"] == "2025-H2"
    assert found["لعشرين عاما"] == "P20Y"
    story2 = text[text.index("بوتين: التجارة"):]
    assert infer_story_bounds(find_timexes(story2, None))[0] == "2025-10"


# -- the search: the patterns skipped at a token are the ones that cannot match there ----------------


def _every_sentence_of_the_tests() -> list[str]:
    import re
    from pathlib import Path

    return [s for path in sorted(Path(__file__).parent.glob("test_*.py"))
            for s in re.findall(r'"([^"\n]*[\u0600-\u06ff][^"\n]*)"', path.read_text(encoding="utf-8"))]


def test_every_pattern_has_its_first_words():
    from marsad.arabic.dates.grammar import _DIGIT_ONLY, _LEADS, _patterns

    assert {name for name, _ in _patterns()} - _DIGIT_ONLY == set(_LEADS)


def test_filtered_search_finds_what_trying_every_pattern_finds():
    from marsad.arabic.dates.search import _DIGIT_START, _candidate_starts, _match_all, _pattern_groups
    from marsad.arabic.normalize import normalize_text

    digit_patterns, word_patterns = _pattern_groups()
    sentences = _every_sentence_of_the_tests()
    assert len(sentences) > 900
    for sentence in sentences:
        for text in (sentence, "و" + sentence, "(" + sentence + ")"):
            t = normalize_text(text)
            every = [(pos, m.end(), i) for pos, _ in _candidate_starts(t)
                     for i, pat in (digit_patterns if _DIGIT_START.match(t, pos) else word_patterns)
                     if (m := pat.match(t, pos)) is not None and m.end() > pos]
            assert [(s, e, i) for s, e, i, _ in _match_all(t)] == every, text
