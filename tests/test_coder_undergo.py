"""Events a clause's subject undergoes (يتعرض لانتقادات، تتعرض إلى مقاطعة) — on sentences written
for these tests."""

from tests.test_coder_args import code, codes, one


def test_subject_after_undergo_verb_is_the_recipient_and_the_critic_unknown():
    ev = one(code("ويتعرض الرئيس الفرنسي لانتقادات بسبب زيارته إلى الصين."), "ACCUSE")
    assert codes(ev.actor) == {"XXX"} and codes(ev.recipient) == {"FRA"}


def test_relative_subject_undergoes_the_sanctions_the_story_reported():
    ev = of_second(code("وفرضت مصر عقوبات على ليبيا الشهر الماضي. "
                        "وتقول ليبيا، التي تتعرض منذ شهر إلى عقوبات اقتصادية، إنها ستصمد."))
    assert codes(ev.actor) == {"EGY"} and codes(ev.recipient) == {"LBY"}


def of_second(events):
    found = [e for e in events if e.event == "SANCTION"]
    assert len(found) == 2, [(e.event, e.trigger, codes(e.actor), codes(e.recipient)) for e in events]
    return found[1]


def test_a_definite_noun_naming_no_one_after_the_verb_is_its_subject():
    events = code("وهددت الفصائل القوات التركية بالرد.")
    assert all("TUR" not in codes(e.actor) for e in events), events


def test_a_title_and_a_day_after_the_verb_leave_the_named_subject():
    ev = one(code("وهدد الأحد الرئيس فلاديمير بوتين بالرد على الولايات المتحدة."), "THREATEN")
    assert codes(ev.actor) == {"RUS"} and codes(ev.recipient) == {"USA"}


def test_a_head_noun_qualified_by_the_mentions_adjective_is_no_subject_of_its_own():
    ev = one(code("واحتجزت القوات البحرية التركية أمس سفينة ترفع علم بنما."), "COERCE")
    assert codes(ev.actor) == {"TUR"}


def test_measures_imposed_on_the_clauses_subject_are_the_storys_sanctions_against_it():
    events = [e for e in code("وفرضت مصر عقوبات على ليبيا الشهر الماضي. "
                              "وقال وزير الخارجية إن ليبيا لن تتفاوض ما دامت العقوبات التي فرضت عليها قائمة.")
              if e.event == "SANCTION"]
    assert len(events) == 2 and codes(events[1].actor) == {"EGY"} and codes(events[1].recipient) == {"LBY"}, events
