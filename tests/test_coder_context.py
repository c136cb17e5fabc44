"""Parties the sentence leaves unsaid and taken from the story, agents after من جانب, verbal nouns
after prepositions, and separate events of one type in one sentence; sentences written for these
tests."""

from tests.test_coder_roles import code, codes, of, one


def test_a_demand_with_no_addressee_goes_to_the_other_side_of_the_story():
    events = code("اتهمت الحكومة الفرنسية إيطاليا بخرق الاتفاق. ودعا وزير الخارجية الفرنسي إلى احترام التعهدات.")
    ev = one(events, "REQUEST")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"ITA"}


def test_an_attack_on_a_town_is_done_to_that_states_people():
    ev = one(code("شنت القوات الحكومية هجوما صاروخيا على مدينة حلب صباح اليوم."), "ASSAULT")
    assert codes(ev.recipient) == {"SYR"} and {p.sector for p in ev.recipient} == {"CVL"}


def test_protesters_address_their_own_government_when_nothing_else_is_said():
    events = code("خرج آلاف المتظاهرين الروس إلى الشوارع. وطالب المتظاهرون بإجراء انتخابات جديدة.")
    ev = one(events, "REQUEST")
    assert codes(ev.recipient) == {"RUS"} and {p.sector for p in ev.recipient} == {"GOV"}


def test_a_meeting_needs_no_recipient_from_the_story():
    events = code("انتقدت الحكومة الألمانية بولندا. والتقى وزير الخارجية الألماني بنظرائه الأوروبيين.")
    assert all(not e.recipient for e in of(events, "CONSULT"))


def test_an_attack_by_the_side_named_after_min_janib():
    ev = one(code("وأكد التقرير وقوع هجوم من جانب الحكومة السورية على المدنيين."), "ASSAULT")
    assert codes(ev.actor) == {"SYR"}


def test_a_verb_form_after_a_preposition_is_a_verbal_noun_with_its_genitive_agent():
    events = code("قالت الصين إنها سترد بحزم على نشر اليابان صواريخ قرب حدودها.")
    ev = one(events, "MOBILIZE")
    assert codes(ev.actor) == {"JPN"}


def test_two_demands_of_one_speaker_to_different_states_stay_two_events():
    events = code("دعا وزير الخارجية الأمريكي مصر إلى ضبط النفس، بينما دعا إثيوبيا إلى استئناف المفاوضات.")
    assert {frozenset(codes(e.recipient)) for e in of(events, "REQUEST")} == {frozenset({"EGY"}), frozenset({"ETH"})}


def test_an_accusation_and_its_denial_in_one_sentence_are_two_events():
    events = code("واتهم وزير الخارجية البريطاني روسيا بدعم المتمردين إلا أنه لم يتهم موسكو بخرق الهدنة.")
    assert sorted(e.aux for e in of(events, "ACCUSE")) == ["", "negated"]
