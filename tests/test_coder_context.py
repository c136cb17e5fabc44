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


def test_a_verb_in_quoted_words_is_the_speakers():
    events = code('وقال وزير الدفاع الفرنسي: "نوجه تحذيرا إلى تركيا ابتداء من اليوم".')
    ev = one(events, "THREATEN")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"TUR"}


def test_a_definite_demand_list_refers_to_the_demands_issued_earlier():
    events = code("قدمت مصر والسعودية قائمة مطالب إلى ليبيا أمس. وتشمل المطالب إغلاق المعسكرات في الجنوب.")
    later = [e for e in of(events, "REQUEST") if "المطالب" in e.trigger]
    assert later and codes(later[0].actor) == {"EGY", "SAU"} and codes(later[0].recipient) == {"LBY"}


def test_a_definite_noun_after_a_preposition_is_background_not_an_event():
    events = code("اعتقلت الشرطة التركية صحفيا في أنقرة. ولم تكشف الوزارة تفاصيل حول المعتقل.")
    assert len(of(events, "COERCE")) == 1


def test_a_purpose_noun_takes_the_clauses_subject_as_agent():
    events = code("وخرج آلاف المتظاهرين الروس إلى الشوارع في مدن عدة من البلاد للمطالبة بالإفراج عن السجناء.")
    ev = one(events, "REQUEST")
    assert codes(ev.actor) == {"RUS"} and {p.sector for p in ev.actor} == {"CVL"}


def test_a_news_agency_reporting_an_attack_is_not_its_actor():
    events = code("وذكرت وكالة فرانس برس أن الغارة الجوية أسفرت عن مقتل عشرة أشخاص.")
    assert all(p.sector != "MED" for e in events for p in e.actor)


def test_a_pair_reference_acts_as_all_its_states():
    events = code("أعلنت قطر أن البلدان الأربعة تفرض عليها حصارا منذ أسبوعين.", date="2017-06-20")
    assert any(len(codes(e.actor)) == 4 for e in of(events, "SANCTION")) or not of(events, "SANCTION")


def test_the_site_a_call_is_made_on_is_not_its_addressee():
    events = code("ودعا المعارض الروسي البارز في تغريدة له على موقع تويتر المتظاهرين إلى مواصلة الاحتجاج.")
    ev = one(events, "REQUEST")
    assert all(p.sector != "BUS" for p in ev.recipient)
