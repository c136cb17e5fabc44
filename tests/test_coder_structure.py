"""Argument structure, fifth coder round: relative clauses and resumptive pronouns, state
adjectives of border nouns, self-references to a state's authorities — on sentences written for
these tests."""

from marsad.doc import Doc
from marsad.pipeline import default_pipeline
from tests.coding import code as _code
from tests.coding import codes, of, one


def code(body: str, date: str = "2017-06-14"):
    return _code(body, date)


def test_relative_verb_without_object_pronoun_has_the_antecedent_as_subject():
    ev = one(code("وتواصل الطائرات التابعة للقوات الروسية التي تقصف مواقع المسلحين في ريف حماة عملياتها."), "ASSAULT")
    assert codes(ev.actor) == {"RUS"} and "RUS" not in codes(ev.recipient)


def test_relative_verb_with_object_pronoun_has_its_subject_after_it():
    ev = one(code("وتعاني إيران من العقوبات التي تفرضها الولايات المتحدة منذ سنوات."), "SANCTION")
    assert codes(ev.actor) == {"USA"}


def test_verb_with_resumptive_pronoun_has_the_subject_of_the_clause_before():
    ev = one(code("وأصدرت الحكومة التركية بيانا، نقلته وكالة رويترز، اتهمت فيه الحكومة الهولندية بالتمييز."),
             "ACCUSE")
    assert codes(ev.actor) == {"TUR"} and codes(ev.recipient) == {"NLD"}


def test_state_adjectives_of_a_border_are_a_place_not_a_recipient():
    events = of(code("وقصفت الطائرات الأمريكية مواقع للمسلحين على الحدود الأردنية السورية."), "ASSAULT")
    assert events and all(not codes(e.recipient) & {"JOR", "SYR"} for e in events)


def test_a_states_own_authorities_named_by_a_pronoun_are_that_state():
    ev = one(code("وقالت ألمانيا إن سلطاتها اعتقلت ثلاثة أشخاص يشتبه في انتمائهم لتنظيم الدولة الإسلامية."),
             "COERCE")
    assert codes(ev.actor) == {"DEU"}


def test_verb_of_a_person_with_a_thing_as_subject_is_no_event():
    events = code('وقال مسؤول عراقي إن "شحنة الأسلحة وصلت إلى مطار بغداد".')
    assert not of(events, "CONSULT")


def test_meeting_noun_takes_no_participants_from_the_next_clause():
    events = code("ويرى محللون أن الخطوة قد تكون مدخلا للمفاوضات لكن حكومتي مصر والأردن لا تثقان بالوعود.")
    assert not of(events, "CONSULT")


def test_people_killed_in_an_attack_phrase_suffer_it():
    ev = one(code("وأصيب عشرون من عناصر الحشد الشعبي في هجوم انتحاري في بغداد."), "ASSAULT")
    assert codes(ev.actor) == {"XXX"} and "IRQ" in codes(ev.recipient)


def test_state_adjective_after_a_pronoun_recipient_is_not_the_recipient():
    events = code("طالبت السعودية قطر بوقف دعم الجماعات المتطرفة. "
                  "وقال مسؤول إن السعودية التي تفرض حصارا عليها في محاولة لإنجاح الوساطة الكويتية لن تتراجع.")
    ev = one(events, "SANCTION")
    assert codes(ev.actor) == {"SAU"} and codes(ev.recipient) == {"QAT"}


def test_definite_organisation_head_does_not_run_into_a_known_name():
    doc = default_pipeline()(Doc("وتوعدت الكتائب القوات الأمريكية بالعقاب.", id="t",
                                 meta={"kind": "record", "date": "2017-06-14"}))
    assert any(m.text == "القوات الأمريكية" and m.code == "USA" for m in doc.mentions)
    assert not any("الكتائب" in m.text and "القوات" in m.text for m in doc.mentions)
