"""Trigger words inside names govern nothing (مكتب التحقيقات … تحقيقا), and a state's mediation
named by its adjective (الوساطة الجزائرية) — on sentences written for these tests."""

from tests.test_coder_args import code, codes, one


def test_a_trigger_word_inside_a_name_does_not_swallow_the_next_trigger():
    ev = one(code("ويجري مكتب التحقيقات الفيدرالي الأمريكي حاليا تحقيقا في تدخل صيني محتمل."), "ACCUSE")
    assert codes(ev.actor) == {"USA"}


def test_mediation_named_by_a_state_adjective_is_that_states():
    ev = one(code("وتتواصل الوساطة الجزائرية لإنهاء الخلاف بين مالي والنيجر."), "CONSULT")
    assert "DZA" in codes(ev.actor)


def test_criticising_an_act_of_ones_own_government_aims_at_it():
    ev = one(code("انتقد الرئيس الفرنسي إيمانويل ماكرون تصريحات باريس بشأن فرض رسوم على الصين."), "ACCUSE")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"FRA"}


def test_criticising_an_act_of_another_state_still_aims_at_it():
    ev = one(code("وانتقدت ألمانيا تصريحات موسكو الأخيرة."), "ACCUSE")
    assert codes(ev.actor) == {"DEU"} and codes(ev.recipient) == {"RUS"}


def test_a_side_inside_the_requested_act_is_not_whom_the_request_is_made_of():
    ev = one(code("وطالبت مصر الأسبوع الماضي بقطع العلاقات مع إيران."), "REQUEST")
    assert codes(ev.actor) == {"EGY"} and "IRN" not in codes(ev.recipient)


def test_whom_a_request_is_made_of_before_the_act_stays():
    ev = one(code("وطالبت مصر قطر بقطع العلاقات مع إيران."), "REQUEST")
    assert codes(ev.actor) == {"EGY"} and codes(ev.recipient) == {"QAT"}


def test_whom_a_request_is_made_of_after_the_act_with_min_stays():
    ev = one(code("وتسعى مصر إلى الحصول على دعم من صندوق النقد الدولي."), "REQUEST")
    assert codes(ev.recipient) == {"IMF"}


def test_a_suffixed_verb_needing_an_object_before_it_is_no_trigger_without_one():
    events = code("ويقول محللون إن أثر الضربة سيكون قصيرا لأن الولايات المتحدة وصفتها بأنها ضربة لمرة واحدة.")
    assert not [e for e in events if e.event == "ACCUSE"], events


def test_a_noun_named_by_a_state_adjective_after_the_verb_is_no_unnamed_subject():
    ev = one(code("وأشاد المرشد الإيراني علي خامنئي بالاتفاق مع العراق."), "SUPPORT")
    assert codes(ev.actor) == {"IRN"}


def test_an_office_named_by_its_field_is_no_event():
    # وزير الاستثمارات، وزيرة التعاون الدولي: the field names the office
    assert not code("وحضر الاجتماع وزير الاستثمارات الخارجية في مقدونيا ووزيرة التعاون الدولي المصرية.")
    assert not code("وتلقت الدار توجيها من هيئة التحقيق والادعاء العام في الطائف.")
    # the office still acts
    ev = one(code("وأعلنت وزارة التعاون الدولي المصرية توقيع اتفاقية مع اليابان لتمويل مشروع المترو."), "SUPPORT")
    assert codes(ev.actor) == {"EGY"} and codes(ev.recipient) == {"JPN"}
