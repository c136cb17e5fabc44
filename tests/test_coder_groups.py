"""Group participants (protesters, police, civilians, gunmen, the Gulf states), passives and the
people an arrest is done to, on sentences written for these tests."""

from tests.test_coder_roles import code, codes, of, one


def test_protesters_take_the_state_of_the_story():
    events = code("خرج آلاف المواطنين في شوارع بغداد. واعتقلت قوات الأمن عشرات المتظاهرين قرب البرلمان العراقي.")
    ev = one(events, "COERCE")
    assert codes(ev.actor) == {"IRQ"} and codes(ev.recipient) == {"IRQ"}
    assert {p.sector for p in ev.recipient} == {"CVL"}


def test_arrest_of_protesters_names_no_agent_but_their_government():
    ev = one(code("أدانت فرنسا اعتقال المتظاهرين في طهران أمس."), "COERCE")
    assert codes(ev.actor) == {"IRN"} and codes(ev.recipient) == {"IRN"}
    assert [p.sector for p in ev.actor] == ["GOV"]


def test_gunmen_are_an_armed_group_of_no_state():
    ev = one(code("قصف الجيش الباكستاني مواقع المسلحين قرب الحدود الأفغانية."), "ASSAULT")
    assert codes(ev.actor) == {"PAK"} and codes(ev.recipient) == {"XXX"}


def test_masculine_verb_takes_the_gulf_states_as_object():
    ev = one(code("أشاد الرئيس الفرنسي بالاتفاق النووي، ودعا دول الخليج إلى الحوار مع إيران."), "REQUEST")
    assert codes(ev.actor) == {"FRA"} and "GCC" in codes(ev.recipient)


def test_passive_takes_its_agent_from_the_min_qibal_phrase():
    ev = one(code("فُرضت عقوبات جديدة على كوريا الشمالية من قبل الولايات المتحدة."), "SANCTION")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"PRK"}


def test_people_arrested_are_never_the_agent():
    ev = one(code("قالت الشرطة التركية إن خمسة أشخاص اعتقلوا في أنقرة."), "COERCE")
    assert "TUR" in codes(ev.actor) and {p.sector for p in ev.actor} != {"CVL"}
    assert not [e for e in of(code("قالت الشرطة التركية إن خمسة أشخاص اعتقلوا في أنقرة."), "COERCE")
                if {p.sector for p in e.actor} == {"CVL"}]


def test_a_statement_stands_for_its_issuer():
    events = code("أصدرت وزارة الخارجية الإيرانية بيانا صباح اليوم. واتهم البيان الحكومة البريطانية بدعم المعارضين.")
    ev = one(events, "ACCUSE")
    assert codes(ev.actor) == {"IRN"} and codes(ev.recipient) == {"GBR"}


def test_a_headline_judgement_is_the_word_of_the_name_before_its_colon():
    ev = one(code("الصين: العقوبات الأمريكية الجديدة عمل عدواني"), "ACCUSE")
    assert codes(ev.actor) == {"CHN"}


def test_a_verb_of_judging_gives_the_judgement_its_holder():
    ev = one(code("واعتبرت باريس هذه الخطوة عملا عدوانيا ضد جيرانها."), "ACCUSE")
    assert codes(ev.actor) == {"FRA"}


def test_a_boycott_between_governments_is_a_sanction():
    events = code("ولا تزال الحكومة المصرية تقاطع تركيا منذ أشهر.")
    assert not of(events, "PROTEST")
    ev = one(events, "SANCTION")
    assert codes(ev.actor) == {"EGY"} and codes(ev.recipient) == {"TUR"}


def test_exercises_held_with_another_state_are_cooperation():
    ev = one(code("قالت روسيا إن المناورات العسكرية التي تجريها اليابان مع أستراليا تهدد المنطقة."), "COOPERATE")
    assert codes(ev.actor) | codes(ev.recipient) == {"JPN", "AUS"}


def test_the_people_an_attack_kills_are_its_other_side():
    events = code("شنت الطائرات الإسرائيلية غارة في لبنان أسفرت عن مقتل عشرات المدنيين.")
    assert all(codes(e.actor) == {"ISR"} for e in of(events, "ASSAULT"))
    assert {p.sector for p in one(events, "ASSAULT").recipient} == {"CVL"}
