"""Argument rules beyond the plain clause and the trigger families added with them, on sentences
written for these tests."""

from tests.coding import code, codes, of, one


def test_member_of_a_group_is_the_recipient():
    ev = one(code("اعتقلت الشرطة الأردنية عنصرا في تنظيم القاعدة قرب الحدود."), "COERCE")
    assert codes(ev.actor) == {"JOR"} and codes(ev.recipient) == {"XXX"}


def test_masculine_verb_takes_a_state_as_object_and_keeps_the_dropped_subject():
    events = code("انتقد وزير الخارجية الفرنسي الحكومة الإيرانية، ثم دعا تركيا إلى وقف العملية العسكرية.")
    ev = one(events, "REQUEST")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"TUR"}


def test_coordinated_verb_shares_the_subject():
    ev = one(code("أشاد الرئيس الروسي بالاتفاق النووي، وحث إيران على الالتزام الكامل به."), "REQUEST")
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"IRN"}


def test_pronoun_complement_takes_the_speaker_as_subject():
    ev = one(code("قالت الصين إنها ستدافع عن نفسها بكل الوسائل المتاحة."), "THREATEN")
    assert codes(ev.actor) == {"CHN"}
    assert not of(code("قالت الصين إنها ستدافع عن نفسها بكل الوسائل المتاحة."), "SUPPORT")


def test_sentence_opening_verb_takes_the_previous_actor():
    events = code("التقى الرئيس الفرنسي نظيره المصري في القاهرة أمس. وطالب بوقف فوري للقتال في ليبيا.")
    ev = one(events, "REQUEST")
    assert codes(ev.actor) == {"FRA"}


def test_relative_clause_names_the_agent_of_a_verbal_noun():
    ev = one(code("انتقدت موسكو العقوبات التي فرضتها واشنطن على شركات النفط."), "SANCTION")
    assert codes(ev.actor) == {"USA"}


def test_relative_verb_takes_its_antecedent_as_subject():
    ev = one(code("ندد الاتحاد الأوروبي بالحكومة السورية التي قصفت الأحياء السكنية."), "ASSAULT")
    assert codes(ev.actor) == {"SYR"}


def test_receiving_verbs_make_the_giver_the_actor():
    ev = one(code("تسلمت مصر دفعة جديدة من المقاتلات من فرنسا."), "AID")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"EGY"}
    ev = one(code("حصلت الحكومة اللبنانية على مساعدات من الكويت والسعودية."), "AID")
    assert codes(ev.actor) == {"KWT", "SAU"} and codes(ev.recipient) == {"LBN"}


def test_judgement_is_an_accusation_by_the_speaker():
    ev = one(code("وقالت الخارجية الأردنية إن الهجوم الإسرائيلي يمثل انتهاكا للقانون الدولي."), "ACCUSE")
    assert codes(ev.actor) == {"JOR"} and codes(ev.recipient) == {"ISR"}


def test_what_someone_is_accused_of_is_an_event_of_the_accused():
    events = code("اتهمت تركيا القوات السورية بقصف مواقعها قرب الحدود.")
    assert codes(one(events, "ACCUSE").actor) == {"TUR"}
    assert codes(one(events, "ASSAULT").actor) == {"SYR"}


def test_condemned_attack_is_aimed_at_the_condemner():
    ev = one(code("نددت الحكومة العراقية بالغارة الأمريكية على الحدود."), "ASSAULT")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"IRQ"}


def test_protest_is_aimed_at_its_own_government():
    ev = one(code("تواصلت مظاهرات المعارضة الفنزويلية في العاصمة."), "PROTEST")
    assert codes(ev.actor) == {"VEN"} and codes(ev.recipient) == {"VEN"}


def test_arrest_of_own_opposition_keeps_the_domestic_recipient():
    ev = one(code("اعتقلت السلطات الروسية زعيم المعارضة الروسية في موسكو."), "COERCE")
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"RUS"}


def test_trigger_word_inside_an_organisation_name_is_not_an_event():
    events = code("قال مكتب التحقيقات الفيدرالي الأمريكي إنه يجري تحقيقا في تدخل روسي.")
    accuse = of(events, "ACCUSE")
    assert len(accuse) == 1 and codes(accuse[0].actor) == {"USA"} and codes(accuse[0].recipient) == {"RUS"}


def test_known_coalition_resolves_while_it_lasts():
    body = "طالبت الدول المقاطعة قطر بإغلاق قناة الجزيرة."
    ev = one(code(body, "2017-07-01"), "REQUEST")
    assert codes(ev.actor) == {"SAU", "ARE", "BHR", "EGY"} and codes(ev.recipient) == {"QAT"}
    assert not any(codes(e.actor) & {"SAU", "ARE"} for e in code(body, "2023-07-01"))


def test_meeting_partners_exclude_whom_they_coordinate_against():
    ev = one(code("وتستعد كوريا الجنوبية واليابان للقاء في طوكيو لتنسيق رد على كوريا الشمالية."), "CONSULT")
    assert codes(ev.actor) | codes(ev.recipient) == {"KOR", "JPN"}


def test_blockade_is_a_sanction_and_a_base_is_cooperation():
    assert one(code("فرضت السعودية حصارا بريا وجويا على قطر."), "SANCTION")
    ev = one(code("وتستضيف البحرين قاعدة بحرية بريطانية كبيرة."), "COOPERATE")
    assert codes(ev.actor) == {"BHR"}


def test_demands_and_warnings_as_nouns():
    assert one(code("وقدمت مصر قائمة مطالب إلى الحكومة الليبية."), "REQUEST")
    ev = one(code("قالت إيران إنها لن ترضخ للتحذيرات الأمريكية."), "THREATEN")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"IRN"}


def test_vow_of_retaliation_is_a_threat():
    ev = one(code("وتعهد الرئيس التركي بالرد على أي هجوم يستهدف قواته."), "THREATEN")
    assert codes(ev.actor) == {"TUR"}
    assert not of(code("وتعهد الرئيس التركي بالرد على أي هجوم يستهدف قواته."), "AGREE")
