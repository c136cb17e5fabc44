"""Words of events that name no event, found by reading the coder's output on Saudi and pan-Arab
press, each on sentences written for these tests: a verbal noun whose pronoun stands for relations
(سبل دعمها وتعزيزها) is no troop build-up; a noun after "without" is a manner; what a thing does
(بما يدعم الاستقرار) has no party; a generic danger (تهديدات أمنية) is no threat made; citing
statistics is not being killed; the protest in "the protest site" is a place."""

from tests.coding import code, codes, of, one


def test_strengthening_relations_is_no_troop_build_up():
    events = code("وجرى خلال الاستقبال استعراض العلاقات الثنائية بين السعودية ونيوزيلندا وسبل دعمها وتعزيزها "
                  "في مختلف المجالات.")
    assert not of(events, "MOBILIZE")
    assert not of(code("وأكد الملك حرص المملكة على تعزيز العلاقات مع مصر وتعزيزها في شتى المجالات."), "MOBILIZE")
    # the pronoun is the agent when the object follows it, or the object when it was named before
    ev = one(code("وأعلنت روسيا تعزيزها لقواتها على الحدود مع أوكرانيا."), "MOBILIZE")
    assert codes(ev.actor) == {"RUS"}
    ev = one(code("ودخلت المعاهدة بين روسيا وإيران حيز التنفيذ في أكتوبر بعد توقيعها في يناير."), "SUPPORT")
    assert ev.mode == "sign"
    ev = one(code("تسلمت مصر غواصة ألمانية في إطار صفقة تم توقيعها مع ألمانيا في العام 2011."), "SUPPORT")
    assert ev.mode == "sign"


def test_a_noun_after_without_is_a_manner():
    assert not of(code("وأكد الوزير أن مصر شاركت في التحالف بدون تحفظ."), "REJECT")
    assert not of(code("وقال المتحدث إن الأردن انضم إلى التحالف دون تحفظ."), "REJECT")
    # the refusal itself still counts
    assert one(code("وأبدت فرنسا تحفظها على مشروع القرار الأمريكي."), "REJECT")


def test_what_a_thing_does_has_no_party():
    assert not of(code("ويتعاون البلدان بما يدعم استقرار اليمن ووحدته."), "SUPPORT")
    assert not of(code("وتوسعت القناة مما يسمح بمرور السفن العملاقة."), "CONCEDE")
    # what an attack did, told after مما, is still told
    ev = one(code("وأعلنت الشرطة أن انتحارية فجرت نفسها في سوق بمدينة مروة في الكاميرون، مما أدى إلى مقتل 10 مدنيين."),
             "ASSAULT")
    assert ev.trigger


def test_a_generic_danger_is_no_threat_made():
    assert not of(code("وقالت منظمات حقوقية إن البلدين يواجهان تهديدات أمنية كبيرة."), "THREATEN")
    assert not of(code("بدأ البرلمان التونسي مناقشة قانون للتصدي لتهديد الإرهاب."), "THREATEN")
    ev = one(code("ووجهت كوريا الشمالية تهديدات مباشرة إلى الولايات المتحدة."), "THREATEN")
    assert codes(ev.actor) == {"PRK"} and codes(ev.recipient) == {"USA"}
    assert one(code("هددت إيران بإغلاق مضيق هرمز."), "THREATEN")


def test_citing_figures_is_not_being_killed():
    events = code("وفي مقارنة بين السعودية والسويد استشهد الكاتب سعد الحربي بإحصائيات نشرها مجلس سويدي.")
    assert not of(events, "ASSAULT")
    assert of(code("استشهد ثلاثة جنود مصريين برصاص مسلحين في سيناء."), "ASSAULT")


def test_the_protest_site_is_a_place():
    events = code("واعتقلت الشرطة الروسية المعارض أليكسي نافالني فور وصوله لموقع الاحتجاج في موسكو.")
    assert not of(events, "PROTEST") and not of(events, "CONSULT")
    assert one(events, "COERCE")
    assert of(code("وتظاهر آلاف الروس في موسكو احتجاجا على نتائج الانتخابات."), "PROTEST")


def test_an_invitation_accepted_is_no_request():
    events = code("وأكد الرئيس الروسي فلاديمير بوتين قبوله الدعوة لزيارة السعودية.")
    assert not of(events, "REQUEST")
    assert codes(one(events, "AGREE").actor) == {"RUS"}


def test_a_states_people_named_by_their_adjective_act():
    ev = one(code("وتظاهر آلاف الفلسطينيين في غزة احتجاجا على الحصار."), "PROTEST")
    assert codes(ev.actor) == {"PSE"}
    ev = one(code("قصف الإسرائيليون مواقع في غزة."), "ASSAULT")
    assert codes(ev.actor) == {"ISR"}
    # a singular or an oblique plural after the verb is a victim or an object, not the one who acts
    assert not any("GBR" in codes(e.actor) for e in code("قتل بريطاني بعد أن صعق البرق عصا كان يحملها."))
    assert not any("SAU" in codes(e.actor) for e in code("وأثار خبر منع السعوديين من دخول الكويت جدلا واسعا."))


def test_a_reception_names_who_came():
    # a reception or hosting with no guest named is no event between parties
    assert not of(code("تستقبل جادة سوق عكاظ في الطائف زوارها بستة عشر معرضا متنوعا."), "CONSULT")
    assert not of(code("واستقبل أمير منطقة الرياض في مكتبه أمس المهنئين بعيد الفطر."), "CONSULT")
    # the guest after a verbal noun and its agent is the one received
    ev = one(code("جاء ذلك خلال استقبال خادم الحرمين الشريفين الملك سلمان في قصر السلام أمس وزير الخارجية "
                  "المصري سامح شكري."), "CONSULT")
    assert codes(ev.actor) == {"SAU"} and codes(ev.recipient) == {"EGY"}
    ev = one(code("وتأتي زيارة الرئيس الروسي فلاديمير بوتين تركيا بعد أشهر من التوتر."), "CONSULT")
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"TUR"}
    # the genitive of an arrest is who is arrested: the mention after it is no one arrested
    events = code("اعتقال مواطن كوري جنوبي هدد بقتل السفير الأمريكي في سيول.")
    assert not any("USA" in codes(e.recipient) for e in of(events, "COERCE"))


def test_dying_is_an_attack_only_when_someone_killed():
    assert not of(code("وكان راكب أمواج ياباني قد لقي حتفه في فبراير الماضي قرب شاطئ بالينا في أستراليا."), "ASSAULT")
    assert not of(code("وأعلنت الشرطة المصرية أن 18 شخصا لقوا مصرعهم إثر اصطدام مركب بسفينة في النيل."), "ASSAULT")
    ev = one(code("وأطلق مسلحون النار على دورية مصرية في سيناء ولقي ثلاثة جنود حتفهم."), "ASSAULT")
    assert codes(ev.recipient) == {"EGY"}


def test_what_is_stopped_or_named_by_a_law_is_no_event():
    assert not of(code("وطالب المجلس المركزي الفلسطيني بوقف التنسيق الأمني مع إسرائيل."), "COOPERATE")
    assert not of(code("ووجهت النيابة المصرية إليهم تهمة خرق قانون التظاهر."), "PROTEST")
    assert of(code("ونسقت الأجهزة الأمنية الفلسطينية مع إسرائيل لإحباط الهجوم."), "COOPERATE")


def test_mediation_is_its_own_kind_of_consultation():
    ev = one(code("ونجحت الوساطة الكويتية بين قطر والسعودية في تهدئة الخلاف."), "CONSULT")
    assert ev.mode == "mediate" and codes(ev.actor) == {"KWT"}


def test_a_super_cup_match_is_sports_news():
    assert not of(code("ويلتقي فريق الهلال السعودي مع النصر الإماراتي في كأس السوبر غدا."), "CONSULT")


def test_a_player_defends_colours_not_a_state():
    assert not of(code("ودافع اللاعب البلجيكي دي بروين عن ألوان تشلسي الإنجليزي بين 2012 و2014."), "SUPPORT")
    assert not of(code("وأبعد السباح الأمريكي مايكل فيلبس عن بطولة العالم بسبب إيقافه."), "COERCE")
    ev = one(code("ودافعت روسيا عن حق سوريا في الدفاع عن نفسها أمام مجلس الأمن."), "SUPPORT")
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"SYR"}


def test_a_meeting_noun_with_its_agents_pronoun_takes_the_guest_after_it():
    ev = one(code("وقال الملك سلمان خلال استقباله وزير الخارجية المصري إن العلاقات راسخة."), "CONSULT")
    assert codes(ev.actor) == {"SAU"} and codes(ev.recipient) == {"EGY"}
    ev = one(code("وأكد الرئيس الفرنسي خلال زيارته الجزائر أهمية التعاون."), "CONSULT")
    assert codes(ev.actor) == {"FRA"} and codes(ev.recipient) == {"DZA"}
    # a feminine noun's ة is no pronoun: its genitive is still its agent
    ev = one(code("وجاء القرار بعد أسبوع من مطالبة الإدارة الأمريكية إسرائيل بوقف هدم البيوت."), "REQUEST")
    assert codes(ev.actor) == {"USA"} and codes(ev.recipient) == {"ISR"}


def test_what_aims_at_security_or_an_audience_is_no_attack():
    events = code("وأكد الوزير وقوف الأردن إلى جانب السعودية ضد كل عمل إرهابي يستهدف أمنها واستقرارها.")
    assert not of(events, "ASSAULT")
    assert not of(code("وتنظم الغرفة التجارية في مكة دورة عن عقود المقاولات تستهدف المهندسين والمقاولين."), "ASSAULT")
    assert of(code("واستهدفت طائرات إسرائيلية مواقع لحزب الله في جنوب لبنان."), "ASSAULT")


def test_twelve_and_suicidal_thoughts_are_no_events():
    events = code("وقالت الشرطة الهندية إنه تم اعتقال اثني عشر شخصا على خلفية عمليات قتل في قرية.")
    assert not of(events, "SUPPORT")
    assert one(code("وأثنى الرئيس المصري على جهود السعودية في اليمن."), "SUPPORT").mode == "praise"
    assert not of(code("وذكرت تقارير أن الطيار الألماني كان يعاني الاكتئاب وأفكارا انتحارية."), "ASSAULT")


def test_unknown_gunmen_are_an_unknown_actor():
    ev = one(code("وأطلق مجهولون النار على دورية أمريكية في بغداد."), "ASSAULT")
    assert codes(ev.actor) == {"XXX"} and codes(ev.recipient) == {"USA"}
    # an unnamed attacker right after the attack verb: a suicide bomber, a gunman
    ev = one(code("فجر انتحاري نفسه في مسجد بمدينة أبها السعودية."), "ASSAULT")
    assert codes(ev.actor) == {"XXX"} and codes(ev.recipient) == {"SAU"}
    ev = one(code("وأطلق مسلح النار على جنود أمريكيين في ولاية تكساس."), "ASSAULT")
    assert codes(ev.actor) == {"XXX"} and codes(ev.recipient) == {"USA"}
    # as an adjective it names no one: a suicide attack, an armed clash
    events = code("وتخشى تركيا أن يؤدي الهجوم الانتحاري في سروج إلى صدام مسلح مع الأكراد.")
    assert not any("XXX" in codes(e.actor) for e in events)


def test_deaths_in_a_storm_or_an_accident_are_no_attack():
    assert not of(code("وذكرت السلطات أن العاصفة أسفرت عن مقتل ستة أشخاص في تايوان."), "ASSAULT")
    assert not of(code("وأعلنت الشرطة المصرية مقتل 18 شخصا في حادث تصادم مركب بسفينة في النيل."), "ASSAULT")
    assert not of(code("وقتل ثلاثة أشخاص على الأقل في زلزال ضرب شمال باكستان."), "ASSAULT")
    # a wave of bombings is no heat wave
    assert of(code("وضربت موجة تفجيرات العاصمة العراقية بغداد وأسفرت عن مقتل عشرة أشخاص."), "ASSAULT")
