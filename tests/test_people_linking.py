from marsad.doc import Doc, Segment, Story
from marsad.recognize.actors import recognize_actors


def _actors(text: str) -> list:
    doc = Doc(text, id="t")
    doc.stories = [Story(0, len(text), segments=[Segment(0, len(text), "body")])]
    return recognize_actors(doc)


def test_bare_family_name_takes_the_code_of_the_person_named_earlier_in_the_story():
    found = _actors("التقى وزير الدفاع الإيراني زوريك دهقاني نظيره الروسي. وقال دهقاني إن التعاون مستمر.")
    later = [m for m in found if m.text == "دهقاني"]
    assert later and later[0].kind == "PERS" and later[0].code == "IRN" and later[0].sector == "GOV"


def test_person_introduced_by_a_role_after_a_comma_takes_its_state():
    found = _actors("وقال غوناردو ميفيلي، أحد أبرز مستشاري المرشد الإيراني، إن طهران لن تتراجع.")
    person = [m for m in found if m.text == "غوناردو ميفيلي"]
    assert person and person[0].code == "IRN"
    found = _actors("وقال غوناردو ميفيلي، رئيس الوزراء الإيطالي، إن الحكومة باقية.")
    person = [m for m in found if m.text == "غوناردو ميفيلي"]
    assert person and person[0].code == "ITA" and person[0].sector == "GOV"
