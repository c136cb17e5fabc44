"""Precision fixes found by reading the coder's output on news articles, each on sentences written
for these tests: a condemned attack told in a relative clause is not done by whoever condemns it; a
condemnation with a pronoun is not a conviction; "must" is a demand only when made of someone; an
invitation answered is no request; a present-tense "aims at" is no attack and a heat wave that
strikes is no strike; asking not to be named is no request; forces that arrive are deployed."""

from marsad.doc import Doc
from marsad.pipeline import default_pipeline
from tests.coding import code, codes, of, one


def test_the_attack_a_state_condemns_is_not_the_condemning_states():
    events = code("أدانت الحكومة الأردنية بشدة التفجير الإرهابي الذي استهدف مسجدا في مدينة أبها السعودية.")
    assert codes(one(events, "ACCUSE").actor) == {"JOR"}
    assert not any("JOR" in codes(e.actor) for e in of(events, "ASSAULT"))
    # its outcome, told after it (وأدى إلى مقتل، وأودى بحياة), is not news of the condemning state either
    for outcome in ("وأدى إلى مقتل عدد من رجال الأمن", "وأودى بحياة عدد من رجال الأمن"):
        events = code(f"أعربت دولة الكويت عن إدانتها الشديدة للتفجير الذي استهدف مسجدا في مدينة أبها {outcome}.")
        assert codes(one(events, "ACCUSE").actor) == {"KWT"}
        assert not of(events, "ASSAULT"), outcome
    # an attack that is news of its own keeps its outcome
    ev = one(code("وكان الهجوم على بلدة خان شيخون في سوريا قد أسفر عن مقتل 89 شخصا."), "ASSAULT")
    assert codes(ev.recipient) == {"SYR"}
    ev = one(code("شنت الطائرات الإسرائيلية غارة على مدينة غزة أسفرت عن مقتل خمسة فلسطينيين."), "ASSAULT")
    assert codes(ev.actor) == {"ISR"}


def test_a_condemnation_with_a_pronoun_is_no_conviction():
    events = code("أعربت دولة الكويت عن إدانتها للهجوم على دورية للجيش المصري في سيناء.")
    assert not of(events, "SANCTION") and codes(one(events, "ACCUSE").actor) == {"KWT"}
    # with its charge after it, the word is a conviction
    assert of(code("قضت محكمة إيرانية بإدانة الصحفي الأمريكي بتهمة التجسس."), "SANCTION")


def test_must_is_a_demand_only_when_made_of_someone():
    ev = one(code("وقال الرئيس الأمريكي إن قطر يجب أن تنهي تمويل الجماعات المتطرفة."), "REQUEST")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"QAT"}
    assert not of(code("وقال الرئيس الإيراني إنه يجب أن نعمل بجد في هذه الظروف الصعبة."), "REQUEST")


def test_aims_at_is_no_attack_and_a_heat_wave_is_no_strike():
    assert not of(code("وأكد الوزير المصري أن بلاده تستهدف مضاعفة عائدات قناة السويس خلال خمس سنوات."), "ASSAULT")
    ev = one(code("وقالت مصادر إن طائرات الأباتشي السعودية تستهدف تجمعات لمسلحي الحوثي في صعدة."), "ASSAULT")
    assert codes(ev.actor) == {"SAU"}
    assert not of(code("ومع موجة الحر التي تضرب لبنان، عبر رئيس الحكومة اللبنانية عن تفهمه لغضب الناس."), "PROTEST")
    ev = one(code("وأعلن الأطباء في مستشفيات لبنان أنهم يضربون عن العمل احتجاجا على تأخر الرواتب."), "PROTEST")
    assert codes(ev.actor) == {"LBN"}


def test_dana_condemns_and_a_statement_issued_is_no_seizure():
    events = code("دانت مملكة البحرين التفجير الإرهابي الذي استهدف مسجدا لقوات الأمن في مدينة أبها.")
    assert codes(one(events, "ACCUSE").actor) == {"BHR"} and not of(events, "ASSAULT")
    assert not of(code("وأكدت الحكومة التونسية في بيان صادر عن وزارة خارجيتها موقفها من الأزمة."), "COERCE")
    ev = one(code("وصادرت السلطات الإيرانية ناقلة نفط بريطانية في مضيق هرمز."), "COERCE")
    assert codes(ev.actor) == {"IRN"} and codes(ev.recipient) == {"GBR"}


def test_asking_not_to_be_named_is_no_request():
    assert not of(code("وقال المسؤول الأمريكي الذي طلب عدم الكشف عن هويته إن المحادثات مستمرة."), "REQUEST")
    assert not code("وطلب القائدان الأفغانيان عدم نشر اسميهما.")
    ev = one(code("وطلبت الحكومة العراقية من الولايات المتحدة تزويدها بطائرات مقاتلة."), "REQUEST")
    assert codes(ev.actor) == {"IRQ"} and codes(ev.recipient) == {"USA"}


def test_an_invitation_answered_is_why_a_visit_was_made():
    events = code("ووصل ولي العهد السعودي أمس إلى الأردن تلبية لدعوة من العاهل الأردني.")
    assert not of(events, "REQUEST")
    ev = one(events, "CONSULT")
    assert codes(ev.actor) == {"SAU"} and codes(ev.recipient) == {"JOR"}
    ev = one(code("ووجه الرئيس المصري دعوة إلى نظيره الفرنسي لزيارة القاهرة."), "REQUEST")
    assert codes(ev.actor) == {"EGY"} and codes(ev.recipient) == {"FRA"}


def test_a_student_is_no_demand():
    assert not code("عثرت الشرطة الأمريكية على جثة طالب سعودي في ولاية كانساس.")
    ev = one(code("وطالب وزير الخارجية التركي روسيا بوقف غاراتها على المدنيين."), "REQUEST")
    assert codes(ev.actor) == {"TUR"} and codes(ev.recipient) == {"RUS"}
    assert of(code("ودعت الجامعة العربية إلى المطالبة بوقف الاستيطان الإسرائيلي."), "REQUEST")


def test_a_proud_homeland_is_not_samoas_capital():
    doc = default_pipeline()(Doc("وعشت يا وطني أبيّا كريما قويا بالمخلصين من أبنائك.", id="apia"))
    assert not any(m.code == "WSM" for m in doc.mentions)


def test_hosting_refugees_flights_or_a_tournament_is_no_meeting():
    assert not of(code("تستضيف تركيا نحو مليوني لاجئ سوري على أراضيها."), "CONSULT")
    assert not of(code("وأصبح مطار عدن الدولي جاهزا لاستقبال رحلات الطائرات المدنية."), "CONSULT")
    assert not of(code("وتستضيف قطر بطولة كأس العالم لكرة القدم."), "CONSULT")
    ev = one(code("استقبل الرئيس المصري في القاهرة وزير الخارجية الأمريكي."), "CONSULT")
    assert codes(ev.actor) == {"EGY"} and codes(ev.recipient) == {"USA"}


def test_a_road_intersection_is_no_boycott():
    assert not code("وقع الحادث عند تقاطع طريق الملك فهد مع شارع العليا في الرياض.")
    ev = one(code("وقاطعت مصر الاجتماع احتجاجا على الموقف الإسرائيلي."), "PROTEST")
    assert codes(ev.actor) == {"EGY"}


def test_a_role_in_doing_something_is_done_by_whose_role_it_is():
    ev = one(code("وكان دور إيران تاريخيا لمساندة نظام الرئيس السوري بشار الأسد."), "SUPPORT")
    assert codes(ev.actor) == {"IRN"} and codes(ev.recipient) == {"SYR"}
    ev = one(code("وقال الوزير إن دور الإمارات في مساندة الحكومة اليمنية كبير."), "SUPPORT")
    assert codes(ev.actor) == {"ARE"} and codes(ev.recipient) == {"YEM"}


def test_dismantling_a_cell_and_chanting_against_a_ruler():
    ev = one(code("وقالت وزارة الداخلية التونسية إن قوات الأمن فككت خلية إرهابية في مدينة سوسة."), "COERCE")
    assert codes(ev.actor) == {"TUN"}
    assert not code("فككت الأسرة الخيمة وغادرت المكان.")
    assert of(code("وتجمع آلاف الروس في موسكو وهم يهتفون يسقط بوتين."), "PROTEST")


def test_achieving_is_no_investigation():
    assert not code("وأكد الجانبان أهمية تكثيف التنسيق بين البلدين لتحقيق الأهداف المرجوة في ضوء المصلحة المشتركة.")
    assert not code("واستطاع مقاتلو الجيش الوطني تحقيق تقدم كبير في جبهة الضباب.")
    ev = one(code("وفتحت السلطات الألمانية تحقيقا مع الموقع الإلكتروني."), "ACCUSE")
    assert codes(ev.actor) == {"DEU"}


def test_students_counted_or_coordinated_are_no_demand():
    assert not code("وبلغ عدد المقبولين في الجامعة السعودية قرابة 8000 طالب وطالبة.")
    assert not code("وقال طالب وطالبة من جامعة القاهرة إن الامتحانات كانت صعبة.")


def test_and_aden_is_no_promise():
    assert not of(code("واستهدفت غارات التحالف مواقع الحوثيين في المناطق الواصلة بين لحج وعدن."), "AGREE")
    ev = one(code("ووعد الرئيس الأمريكي بدعم أوكرانيا في مواجهة روسيا."), "AGREE")
    assert codes(ev.actor) == {"USA"}
