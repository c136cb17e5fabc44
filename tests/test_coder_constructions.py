"""Events said by constructions (nuclear posture, a treaty as instrument of a two-party verb, a
re-mentioned agreement) and by what sentences make of earlier ones (answers to requests, framed
re-mentions and their place, what was responded to); sentences written for these tests."""

from tests.test_coder_roles import code, codes, of, one


def test_a_claimed_right_to_use_all_means_is_a_threat_by_who_says_it():
    events = code("وقال ماكرون إن الاتفاق يمنح الحق باستخدام جميع الوسائل، بما فيها السلاح النووي، لحماية أوروبا.")
    ev = one(events, "THREATEN")
    assert codes(ev.actor) == {"FRA"} and not ev.recipient


def test_readiness_to_use_its_nuclear_weapons_is_the_subjects_threat():
    ev = one(code("باكستان على استعداد لاستخدام أسلحتها النووية إذا تعرضت لهجوم."), "THREATEN")
    assert codes(ev.actor) == {"PAK"}


def test_a_lowered_threshold_names_the_state_whose_weapons_they_are():
    events = code("وأقرت القيادة وثيقة جديدة الشهر الماضي خفضت العتبة التي يمكن عندها استخدام الصين لأسلحتها النووية.")
    ev = one(events, "THREATEN")
    assert codes(ev.actor) == {"CHN"} and ev.date == "2024-02" and ev.aux == "historical"


def test_all_diplomatic_means_are_no_threat():
    events = code("وأكدت مصر أنها تحتفظ بالحق في استخدام كافة الوسائل الدبلوماسية لحل الأزمة.")
    assert not of(events, "THREATEN")


def test_a_treaty_as_instrument_of_a_dual_verb_is_their_signing():
    ev = one(code("اليابان والفلبين تعمقان الشراكة الدفاعية باتفاقية جديدة."), "SUPPORT")
    assert codes(ev.actor) | codes(ev.recipient) == {"JPN", "PHL"} and ev.date == "2024-03-14"


def test_a_treaty_after_a_singular_verb_is_no_signing():
    assert not of(code("تلتزم اليابان بمعاهدة عدم الانتشار النووي."), "SUPPORT")


def test_this_agreement_between_two_named_states_after_a_signing():
    events = code("وقعت مصر والسودان اتفاقية للتعاون العسكري في الخرطوم. "
                  "ويرى محللون أن التنسيق المصري-السوداني يدخل مرحلة جديدة مع هذه الاتفاقية.")
    later = [e for e in of(events, "SUPPORT") if "الاتفاقية" in e.trigger and "هذه" in e.trigger]
    assert later and codes(later[0].actor) | codes(later[0].recipient) == {"EGY", "SDN"}


def test_this_agreement_without_an_earlier_signing_is_nothing():
    events = code("ويرى محللون أن التنسيق المصري-السوداني يدخل مرحلة جديدة مع هذه الاتفاقية.")
    assert not of(events, "SUPPORT")


def test_an_answer_to_a_request_agrees_and_the_requested_act_is_future():
    events = code("وطلب الرئيس البولندي من الرئيس الأمريكي نشر قوات إضافية في بولندا. "
                  "وقال الرئيس الأمريكي إن ذلك سيتم بحلول نهاية العام المقبل.")
    assert not [e for e in of(events, "MOBILIZE") if codes(e.actor) == {"POL"}]
    agree = one(events, "AGREE")
    assert codes(agree.actor) == {"USA"} and codes(agree.recipient) == {"POL"} and agree.date == "2024-03-14"
    act = one(events, "MOBILIZE")
    assert codes(act.actor) == {"USA"} and act.aux == "future" and act.date.startswith("2025")


def test_an_answer_that_it_will_not_happen_is_a_refusal():
    events = code("وطلب الرئيس البولندي من الرئيس الأمريكي نشر قوات إضافية في بولندا. "
                  "وأكد الرئيس الأمريكي أن ذلك لن يحدث في الوقت الحالي.")
    ev = one(events, "REJECT")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"POL"}
    assert not of(events, "MOBILIZE") and not of(events, "AGREE")


def test_an_answer_by_someone_else_than_the_one_asked_is_no_agreement():
    events = code("وطلب الرئيس البولندي من الرئيس الأمريكي نشر قوات إضافية في بولندا. "
                  "وقال الرئيس الروسي إن ذلك سيحدث قريبا.")
    assert not of(events, "AGREE")


def test_a_framed_signing_ceremony_is_no_second_signing_and_sets_the_place():
    events = code("وقع وزيرا خارجية تركيا وقطر اتفاقية أمنية في الدوحة. "
                  "وخلال مراسم التوقيع، دعا الوزير التركي قطر إلى تعزيز التعاون.")
    assert len(of(events, "SUPPORT")) == 1
    assert one(events, "REQUEST").loc.country == "QAT"


def test_a_first_meeting_framed_in_a_sentence_is_an_event_and_takes_the_storys_place():
    events = code("وقع الرئيس المصري والرئيس الفرنسي اتفاقية للتعاون في القاهرة اليوم. "
                  "وطلب الرئيس المصري خلال الاجتماع من ماكرون دعم الاقتصاد.")
    meeting = one(events, "CONSULT")
    assert codes(meeting.actor) | codes(meeting.recipient) == {"EGY", "FRA"} and meeting.loc.country == "EGY"
    assert one(events, "REQUEST").loc.country == "EGY"


def test_what_was_responded_to_is_undated_background():
    events = code("جاء القرار ردا على قرار الحكومة البريطانية السماح لأوكرانيا باستخدام صواريخ بعيدة المدى.")
    ev = one(events, "AID")
    assert ev.date == "" and ev.aux == "historical"


def test_a_place_after_the_kind_of_place_it_is():
    ev = one(code("التقى الرئيس الروسي نظيره التركي في عاصمة أذربيجان باكو أمس."), "CONSULT")
    assert ev.loc.country == "AZE"
