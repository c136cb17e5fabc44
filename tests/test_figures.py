import datetime as dt
from dataclasses import dataclass

import pytest

from marsad.doc import Figure
from marsad.recognize.figures import attach_parties, find_figures
from tests.conftest import shared_path

REF = dt.date(2024, 12, 6)


def figures(text, ref=REF):
    return [(f.text, f.value, f.unit, f.currency, f.measure, f.direction, f.period) for f in find_figures(text, ref)]


def one(text, ref=REF) -> Figure:
    found = find_figures(text, ref)
    assert len(found) == 1, found
    return found[0]


def test_trade_figures_with_direction_and_period():
    text = ("أكد الوزير أن التبادل التجاري بين البلدين يسجل نموا، "
            "حيث صعدت التجارة بنسبة 13% العام الماضي وبنسبة 8% أخرى هذا العام.")
    assert figures(text) == [("13%", 13, "percent", "", "trade", "rise", "2023"),
                             ("8%", 8, "percent", "", "trade", "rise", "2024")]


@pytest.mark.parametrize("text, value, measure, direction", [
    ("ارتفع التضخم إلى 13 في المئة", 13, "inflation", "rise"),
    ("انخفضت الصادرات بنسبة ثلاثة بالمئة", 3, "exports", "fall"),
    ("تراجعت الواردات بنسبة ٤٫٥٪", 4.5, "imports", "fall"),
    ("نما الناتج المحلي الإجمالي 2.5 في المائة", 2.5, "gdp", "rise"),
])
def test_percentages(text, value, measure, direction):
    f = one(text)
    assert (f.unit, f.value, f.measure, f.direction) == ("percent", pytest.approx(value), measure, direction)


@pytest.mark.parametrize("text, value, currency", [
    ("قدمت واشنطن مساعدات بقيمة 3 مليارات دولار", 3e9, "USD"),
    ("وقعت الشركة صفقة بقيمة 500 مليون ريال سعودي", 5e8, "SAR"),
    ("خصص الاتحاد 200 مليون يورو للاجئين", 2e8, "EUR"),
    ("بلغت الموازنة 1,500 مليار جنيه مصري", 1.5e12, "EGP"),
    ("استثمرت الشركة ملياري درهم", 2e9, "AED"),
    ("دفع المستثمر 40 ألف دينار كويتي", 40000, "KWD"),
    ("تبلغ كلفة المشروع نحو 12 مليون دينار", 1.2e7, ""),
])
def test_money_with_iso_currency(text, value, currency):
    f = one(text)
    assert (f.unit, f.value, f.currency) == ("currency", pytest.approx(value), currency)


def test_money_measure_from_the_noun():
    assert one("قدمت واشنطن مساعدات بقيمة 3 مليارات دولار العام الماضي").measure == "aid"


@pytest.mark.parametrize("text, value, measure", [
    ("أعلنت الوزارة مقتل 12 شخصا في الهجوم", 12, "killed"),
    ("أسفر القصف عن سقوط 30 قتيلا", 30, "killed"),
    ("أصيب 40 مدنيا في الانفجار", 40, "injured"),
    ("أعلنت الشرطة اعتقال 15 شخصا", 15, "arrested"),
    ("تسببت المعارك في نزوح ألفي شخص", 2000, "displaced"),
    ("ارتفعت حصيلة القتلى إلى 50", 50, "killed"),
    ("انتشر 12.500 جندي في المدينة", 12500, ""),
])
def test_people_counts(text, value, measure):
    f = one(text)
    assert (f.unit, f.value, f.measure) == ("people", value, measure)


@pytest.mark.parametrize("text, value, unit, measure", [
    ("وقع البلدان معاهدة لعشرين عاما", 20, "year", "term"),
    ("تمتد الهدنة لمدة ستة أشهر", 6, "month", "term"),
    ("حكم عليه بالسجن 10 سنوات", 10, "year", "sentence"),
    ("توفي الكاتب عن عمر ناهز 80 عاما", None, None, None),
    ("قال اللاعب البالغ من العمر 24 عاما إنه سعيد", 24, "year", "age"),
])
def test_terms_sentences_and_ages(text, value, unit, measure):
    found = find_figures(text, REF)
    if value is None:
        assert all(f.unit != "year" or f.measure for f in found)
        return
    f = found[0]
    assert (f.value, f.unit, f.measure) == (value, unit, measure)


@pytest.mark.parametrize("text, value, unit", [
    ("يبلغ طول الحدود 200 كيلومتر", 200, "km"),
    ("صادرت السلطات 3 أطنان من المخدرات", 3, "ton"),
    ("ينتج الحقل 1.5 مليون برميل يوميا", 1.5e6, "barrel"),
    ("أطلق الجيش 40 صاروخا", 40, "missile"),
])
def test_quantities(text, value, unit):
    f = one(text)
    assert (f.value, f.unit) == (pytest.approx(value), unit)


def test_a_rate_takes_its_set_as_period():
    assert one("ينتج الحقل 1.5 مليون برميل يوميا").period == "P1D"


@pytest.mark.parametrize("text", [
    "يطالب القرار 2231 بوقف التخصيب",
    "اشترت القوات الجوية طائرات F-16 جديدة",
    "ناقشت قمة مجموعة G20 الأزمة",
    "تراجعت إصابات كوفيد-19 في المدينة",
    "وقع الاتفاق عام 2025 في العاصمة",
    "وصل الوفد في 6 ديسمبر",
    "نصت المادة 5 من الميثاق على الدفاع المشترك",
    "التقى الوزير أحد المسؤولين",
    "شارك 12 في الاجتماع",
])
def test_numbers_that_are_not_figures(text):
    assert find_figures(text, REF) == []


def test_percent_is_not_a_date_and_offsets_are_raw():
    text = "ارتفعت الأسعار بنسبةِ ١٣٪ خلال الشهر الماضي"
    f = one(text)
    assert text[f.start:f.end] == f.text == "١٣٪" and f.period == "2024-11"


@dataclass
class M:
    start: int
    end: int
    code: str


def _mention(text, word, code):
    i = text.index(word)
    return M(i, i + len(word), code)


def test_attach_parties_between_x_and_y():
    text = "قال الوزير إن التبادل التجاري بين روسيا وإيران ارتفع بنسبة 13% العام الماضي."
    figs = find_figures(text, REF)
    mentions = [_mention(text, "روسيا", "RUS"), _mention(text, "إيران", "IRN")]
    attach_parties(figs, mentions, text)
    assert figs[0].parties == ["RUS", "IRN"]


def test_attach_parties_adjective_pair_and_nothing_without_a_pair():
    text = "ارتفعت التجارة الروسية الإيرانية بنسبة 5%. وتراجع التضخم في مصر 2%."
    figs = find_figures(text, REF)
    mentions = [_mention(text, "الروسية", "RUS"), _mention(text, "الإيرانية", "IRN"), _mention(text, "مصر", "EGY")]
    attach_parties(figs, mentions, text)
    assert [f.parties for f in figs] == [["RUS", "IRN"], []]


def test_seed_page_trade_figures():
    text = shared_path("samples", "000_ef4dd91477411336.txt").read_text(encoding="utf-8")
    found = [f for f in find_figures(text) if f.unit == "percent"]
    assert [(f.value, f.measure, f.direction) for f in found] == [(13, "trade", "rise"), (8, "trade", "rise")]
    pair = text.index("بين روسيا وإيران", text.index("صرح الرئيس الروسي")) + len("بين ")
    iran = pair + len("روسيا و")
    mentions = [M(pair, pair + len("روسيا"), "RUS"), M(iran, iran + len("إيران"), "IRN")]
    attach_parties(found, mentions, text)
    assert [f.parties for f in found] == [["RUS", "IRN"], ["RUS", "IRN"]]
    term = [f for f in find_figures(text) if f.unit == "year"]
    assert [(f.value, f.measure) for f in term] == [(20, "term")]
