"""The event coder on sentences written for these tests, one construction per test."""

import pytest

from tests.coding import code, codes
from tests.coding import one as only


def test_verb_subject_object_with_title_and_location():
    ev = only(code("استقبل ولي العهد السعودي الرئيس التركي في الرياض يوم الأحد."), "CONSULT")
    assert codes(ev.actor) == {"SAU"} and codes(ev.recipient) == {"TUR"}
    assert ev.loc.country == "SAU" and ev.date == "2024-03-10"


def test_subject_verb_object_with_capitals_as_governments():
    ev = only(code("واشنطن تطالب موسكو بالإفراج عن المعتقلين فورا."), "REQUEST")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"RUS"}


def test_dual_title_gives_two_actors_in_one_event():
    events = code("وقع رئيسا مصر والأردن في عمان اتفاقية جديدة للربط الكهربائي.")
    signing = [e for e in events if e.event == "SUPPORT"]
    assert len(signing) == 1
    assert codes(signing[0].actor) | codes(signing[0].recipient) == {"EGY", "JOR"}


def test_coordinated_subject_is_one_event_with_several_actors():
    ev = only(code("مصر والسعودية والإمارات تدين الهجوم على السفينة."), "ACCUSE")
    assert codes(ev.actor) == {"EGY", "SAU", "ARE"}


def test_prepositional_recipient():
    ev = only(code("التقى وزير الخارجية الفرنسي مع نظيره المغربي في باريس."), "CONSULT")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"MAR"}
    assert ev.loc.country == "FRA"


def test_person_names_resolve_to_their_state():
    ev = only(code("اتهم لافروف واشنطن بتأجيج الصراع."), "ACCUSE")
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"USA"}


@pytest.mark.parametrize("sentence, aux", [
    ("ستوقع تركيا وأذربيجان اتفاقية للتعاون الدفاعي الشهر المقبل.", "future"),
    ("لم تهاجم القوات الأردنية أي مواقع داخل سوريا.", "negated"),
    ("وكانت إيران قد هاجمت السفينة في البحر الأحمر في يناير 2023.", "historical"),
])
def test_aux(sentence, aux):
    assert code(sentence)[0].aux == aux


def test_relative_date_resolves_against_the_story_date():
    ev = only(code("قصفت الطائرات الإسرائيلية مواقع في جنوب لبنان أمس."), "ASSAULT")
    assert ev.date == "2024-03-13" and codes(ev.actor) == {"ISR"}


def test_noun_after_agreement_word_is_a_name_not_an_event():
    events = code("أكدت قطر التزامها بتنفيذ اتفاقية التعاون الاقتصادي مع تركيا.")
    assert "COOPERATE" not in {e.event for e in events}


def test_statistics_are_not_events():
    events = code("بلغ حجم التبادل التجاري بين الصين ومصر 15 مليار دولار.")
    assert events == []


def test_request_content_is_not_a_second_event():
    events = code("طلبت بغداد من واشنطن سحب قواتها من البلاد.")
    assert [e.event for e in events] == ["REQUEST"]
    assert codes(events[0].actor) == {"IRQ"} and codes(events[0].recipient) == {"USA"}


def test_pair_reference_resolves_to_the_two_states():
    events = code("زار الرئيس الروسي طهران الأسبوع الماضي. وقال إن البلدين يناقشان التعاون في مجال الطاقة.")
    ev = only(events, "CONSULT")
    assert codes(ev.actor) | codes(ev.recipient) >= {"RUS", "IRN"}


def test_anaphoric_role_takes_its_antecedent():
    events = code("أصدرت وزارة الخارجية العراقية بيانا شديد اللهجة. ودعت الوزارة أنقرة إلى احترام السيادة.")
    ev = only(events, "REQUEST")
    assert codes(ev.actor) == {"IRQ"} and codes(ev.recipient) == {"TUR"}


def test_group_reference_takes_every_state_of_the_group():
    events = code("قطعت السعودية والإمارات والبحرين ومصر علاقاتها مع قطر. وطالبت الدول الأربع الدوحة بإغلاق القناة.")
    ev = only(events, "REQUEST")
    assert codes(ev.actor) == {"SAU", "ARE", "BHR", "EGY"} and codes(ev.recipient) == {"QAT"}


def test_refusal_with_lan_is_a_rejection():
    ev = only(code("وقال وزير الخارجية القطري إن الدوحة لن تتفاوض مع السعودية تحت الضغط."), "REJECT")
    assert codes(ev.actor) == {"QAT"} and ev.aux == ""


def test_missile_test_is_a_show_of_force():
    ev = only(code("أجرت كوريا الشمالية تجربة صاروخية جديدة قبالة سواحلها الشرقية."), "MOBILIZE")
    assert codes(ev.actor) == {"PRK"}


def test_describing_as_is_an_accusation():
    ev = only(code("وصفت تركيا الهجوم بأنه عمل إرهابي جبان."), "ACCUSE")
    assert codes(ev.actor) == {"TUR"}
