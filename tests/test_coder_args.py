"""Argument structure of constructions news uses often: the speaker of a 1st-person verb, receiving
verbs, attacks reported by their victims, verbal nouns described by a verb or taking an object
phrase — on sentences written for these tests."""

from tests.coding import code as _code
from tests.coding import codes, of, one


def code(body: str, date: str = "2017-06-14"):
    return _code(body, date)


def test_first_person_verb_is_the_speakers_and_the_state_after_it_the_object():
    ev = one(code('وقال بيان لوزارة الخارجية الإيرانية "سنحمل الولايات المتحدة المسؤولية الكاملة عن التبعات".'),
             "ACCUSE")
    assert codes(ev.actor) == {"IRN"} and codes(ev.recipient) == {"USA"}


def test_masculine_verb_does_not_take_a_feminine_body_as_subject():
    ev = one(code("التقى وزير الخارجية الأمريكي نظيره التركي. ودعا الحكومة التركية إلى الإفراج عن الصحفيين."),
             "REQUEST")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"TUR"}


def test_verb_with_object_pronoun_and_the_object_named_before():
    ev = one(code("وهذه الطائرات هي جزء من صفقة اشترتها قطر من فرنسا في العام الماضي."), "AID")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"QAT"}


def test_received_list_of_demands_comes_from_the_sender():
    ev = one(code("وأكد مسؤول قطري تسلم بلاده قائمة مطالب من السعودية والإمارات."), "REQUEST")
    assert codes(ev.actor) == {"SAU", "ARE"} and codes(ev.recipient) == {"QAT"}


def test_receiver_with_no_giver_named_takes_the_storys_giver():
    events = of(code("تسلمت مصر غواصة من ألمانيا الشهر الماضي. وتسلمت البحرية المصرية الغواصة الثانية أمس."), "AID")
    assert len(events) == 2
    assert all(codes(e.actor) == {"DEU"} and codes(e.recipient) == {"EGY"} for e in events)


def test_people_killed_in_an_attack_are_its_recipients_and_the_attacker_unknown():
    events = of(code("قتل عشرة أشخاص وأصيب عشرون آخرون من مقاتلي الحشد الشعبي في هجوم قرب مدينة الموصل."), "ASSAULT")
    assert len(events) == 1
    assert codes(events[0].actor) == {"XXX"} and codes(events[0].recipient) == {"IRQ"}


def test_soldiers_who_were_killed_are_not_the_killers():
    ev = one(code("وقال الجيش العراقي إن ثلاثة جنود قتلوا في هجوم قرب مدينة الموصل."), "ASSAULT")
    assert codes(ev.actor) == {"XXX"} and codes(ev.recipient) == {"IRQ"}


def test_taking_part_in_an_attack_is_acting_in_it():
    ev = one(code("وقال وزير الخارجية الأمريكي إن روسيا شاركت في الهجوم على البلدة."), "ASSAULT")
    assert codes(ev.actor) == {"RUS"}


def test_soldiers_killed_are_the_recipients():
    ev = one(code("وأعلن الجيش الأمريكي مقتل ثلاثة جنود في انفجار عبوة ناسفة شمالي سوريا."), "ASSAULT")
    assert codes(ev.recipient) == {"SYR"} and codes(ev.actor) == {"XXX"}


def test_the_genitive_of_a_killing_is_its_victim():
    ev = one(code("أدانت فرنسا اغتيال السفير الروسي في أنقرة."), "ASSAULT")
    assert "RUS" in codes(ev.recipient) and "RUS" not in codes(ev.actor)


def test_verb_describing_an_attack_noun_is_the_same_event():
    events = of(code("أصيب عشرة مدنيين سوريين على الأقل في غارة استهدفت سوقا شعبيا في مدينة إدلب السورية."), "ASSAULT")
    assert len(events) == 1


def test_verbal_noun_takes_its_object_phrase_and_agent():
    events = code("هددت كوريا الشمالية برد قوي على نشر قطع بحرية أمريكية قبالة سواحلها.")
    ev = one(events, "MOBILIZE")
    assert codes(ev.actor) == {"USA"} and not ev.recipient


def test_dangerous_approach_is_a_show_of_force_by_the_craft_named_by_its_adjective():
    ev = one(code("وقال الجيش الأمريكي إن سفينة روسية حربية اقتربت بشكل خطير من مدمرة أمريكية في البحر الأسود."),
             "MOBILIZE")
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"USA"}


def test_yielding_to_demands_is_a_concession():
    ev = one(code("وقال وزير الخارجية التركي إن بلاده لن تنصاع لمطالب الاتحاد الأوروبي، لكن الحكومة اليونانية "
                  "وافقت على شروط الدائنين."), "CONCEDE")
    assert codes(ev.actor) == {"GRC"}


def test_support_for_terrorism_and_failure_are_accusations_by_the_speaker():
    ev = one(code("وقال وزير الخارجية السعودي إن إيران يجب أن تتوقف عن دعمها للإرهاب في المنطقة."), "ACCUSE")
    assert codes(ev.actor) == {"SAU"} and codes(ev.recipient) == {"IRN"}
    ev = one(code("وقال الرئيس الفرنسي إن روسيا فشلت في الوفاء بالتزاماتها تجاه المجتمع الدولي."), "ACCUSE")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"RUS"}
