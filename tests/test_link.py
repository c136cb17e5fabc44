"""Duplicates, clusters and corroboration, with stories written for these tests."""

import pytest

from marsad.doc import Doc
from marsad.link.minhash import signature, similarity
from marsad.pipeline import default_pipeline
from marsad.store import Store

ORIGINAL = ("وقع وزيرا خارجية مصر والأردن في عمان يوم الثلاثاء مذكرة تفاهم للتعاون في مجال الربط الكهربائي "
            "وتبادل الخبرات في إدارة الموارد المائية، وقال الوزير المصري إن المذكرة تفتح صفحة جديدة في "
            "التعاون الاقتصادي بين البلدين، فيما أكد نظيره الأردني أن التنسيق مستمر لمواجهة التحديات الإقليمية.")
COPY = ("وقّع وزيرا خارجية مصر والاردن في عمّان يوم الثلاثاء مذكرة تفاهم للتعاون في مجال الربط الكهربائي "
        "وتبادل الخبرات في ادارة الموارد المائية، وقال الوزير المصري إن المذكرة تفتح صفحة جديدة في "
        "التعاون الاقتصادي بين البلدين، فيما أكد نظيره الأردني ان التنسيق مستمر لمواجهة التحديات الاقليمية.\n"
        "تابعونا على منصات التواصل الاجتماعي لمزيد من الأخبار.")
SAME_TOPIC = ("بحث وزيرا خارجية مصر والأردن في القاهرة يوم الأحد تطورات الأوضاع في المنطقة، وأكد الجانبان "
              "أهمية مواصلة التشاور بشأن أمن البحر الأحمر، ودعوا المجتمع الدولي إلى دعم جهود التهدئة "
              "ووقف التصعيد، كما استعرضا مشروعات الطاقة المتجددة المقترحة بين البلدين.")
OTHER_OUTLET_SAME_SIGNING = ("في عمان، وقع وزير الخارجية الأردني ونظيره المصري الثلاثاء مذكرة تفاهم بشأن الطاقة. "
                             "وأشار الجانبان إلى أن المذكرة ستمهد لمشروعات مشتركة في السنوات المقبلة.")


def test_copy_with_edits_alef_forms_and_footer_is_similar_and_other_story_is_not():
    a, b, c = signature(ORIGINAL), signature(COPY), signature(SAME_TOPIC)
    assert similarity(a, b) >= 0.5
    assert similarity(a, c) < 0.2


def _ingest(store, text, source, doc_id, date="2024-03-12"):
    doc = default_pipeline()(Doc(text, id=doc_id, meta={"kind": "record", "date": date, "source": source,
                                                        "title": text[:40]}))
    store.begin()
    store.add(doc)
    store.commit()


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "l.db") as s:
        yield s


def test_duplicate_links_to_its_original_and_shares_its_cluster(store):
    _ingest(store, ORIGINAL, "wakala-a", "a")
    _ingest(store, COPY, "sahifa-b", "b")
    _ingest(store, SAME_TOPIC, "wakala-a", "c")
    rows = list(store.stories())
    assert rows[0]["duplicate_of"] is None
    assert rows[1]["duplicate_of"] == rows[0]["id"] and rows[1]["cluster"] == rows[0]["cluster"]
    assert rows[2]["duplicate_of"] is None
    assert len(store.duplicates()) == 1


def test_two_outlets_reporting_one_signing_give_one_event_with_two_sources(store):
    _ingest(store, ORIGINAL, "wakala-a", "a")
    _ingest(store, OTHER_OUTLET_SAME_SIGNING, "sahifa-c", "c")
    signings = [e for e in store.events(event_type="SUPPORT")]
    assert len(signings) == 1
    assert signings[0]["reports"] == 2 and signings[0]["sources"] == 2
    every = [e for e in store.events(event_type="SUPPORT", reports=True)]
    assert len(every) == 2


def test_labeled_saudinewsnet_pairs_have_enough_positives_and_hard_negatives():
    """The gold file holds URLs and labels only: ≥ 200 duplicates and ≥ 200 hard negatives (same topic or
    event, different story, read by a person), each pair once in either order."""
    import csv
    from collections import Counter
    from pathlib import Path

    with open(Path(__file__).parent / "data" / "saudinewsnet_dupe_pairs.tsv", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        assert reader.fieldnames == ["url_a", "url_b", "label", "kind"]
        rows = list(reader)
    kinds = {"1": {"copy", "edited"}, "0": {"same_topic", "same_event", "partial", "template", "unrelated"}}
    assert all(r["kind"] in kinds[r["label"]] for r in rows)
    counts = Counter(r["kind"] for r in rows)
    assert counts["copy"] + counts["edited"] >= 200
    assert counts["same_topic"] + counts["same_event"] + counts["partial"] + counts["template"] >= 200
    assert counts["template"] >= 20  # templated reports of different happenings (numbers, names, places)
    pairs = [frozenset((r["url_a"], r["url_b"])) for r in rows]
    assert all(len(p) == 2 for p in pairs) and len(set(pairs)) == len(pairs)


def test_labeled_saudinewsnet_pairs_meet_the_targets():
    """Near-duplicates on the labeled pairs (URLs and labels in tests/data): P ≥ 0.955, R ≥ 0.90 with
    the identity rule (issue #7 asks 0.95 / 0.9; MinHash's sampling moves recall by ±0.015 around the
    exact similarity's 0.911); templated reports of different happenings are told apart."""
    from pathlib import Path

    from marsad.evaluate_dupes import read_pairs, score_dupes
    from marsad.sources import iter_inputs
    from tests.conftest import shared_path

    corpus = shared_path("corpora", "saudinewsnet", "dataset")
    pairs = read_pairs(str(Path(__file__).parent / "data" / "saudinewsnet_dupe_pairs.tsv"))
    scores = score_dupes(pairs, (d for d in iter_inputs([str(corpus)]) if isinstance(d, Doc)))
    assert scores.missing == 0
    assert scores.at_threshold.precision >= 0.955 and scores.at_threshold.recall >= 0.90
    assert scores.at_threshold.precision > scores.without_rule.precision


def test_candidates_come_in_id_order_and_are_looked_up_once_per_story(store):
    from marsad.link.linker import Linker

    for i in range(3):  # three copies: each later one has the earlier ones as candidates
        _ingest(store, ORIGINAL + " " * i + "." * i, f"outlet-{i}", f"d{i}")
    linker = Linker(store.conn)
    sig = signature(ORIGINAL)
    calls = []
    real = linker.dialect.band_candidates
    linker.dialect = type("Spy", (), {"band_candidates": lambda self, c, k: calls.append(1) or real(c, k)})()
    first = linker._candidates(sig)
    assert [c for c, _ in first] == sorted(c for c, _ in first) and len(first) >= 1
    assert linker._candidates(sig) is first and len(calls) == 1


# two statements of one ministry template for different executions: other convicts, victims, places, dates
EXECUTION_A = ("أصدرت وزارة الداخلية اليوم بيانا بشأن تنفيذ حكم القتل قصاصا في أحد الجناة بمنطقة تبوك، وفيما يلي نص "
               "البيان: أقدم مفلح بن عايض بن غنام القحطاني سعودي الجنسية على قتل سلطان بن فهيد بن مرزوق العنزي "
               "سعودي الجنسية وذلك بطعنه بسكين إثر خلاف بينهما، وتمكنت سلطات الأمن من القبض على الجاني المذكور، "
               "وأسفر التحقيق معه عن توجيه الاتهام إليه بارتكاب جريمته، وبإحالته إلى المحكمة العامة صدر بحقه صك "
               "شرعي يقضي بثبوت ما نسب إليه والحكم عليه بالقتل قصاصا، وصدر أمر ملكي بإنفاذ ما تقرر شرعا. وقد تم "
               "تنفيذ حكم القتل قصاصا بالجاني مفلح بن عايض بن غنام القحطاني يوم الثلاثاء 12 / 3 / 1437 هـ بمدينة "
               "تبوك. ووزارة الداخلية إذ تعلن ذلك لتؤكد للجميع حرص حكومة خادم الحرمين الشريفين على استتباب الأمن "
               "وتحقيق العدل وتنفيذ أحكام الله في كل من يتعدى على الآمنين ويسفك دماءهم.")
EXECUTION_B = ("أصدرت وزارة الداخلية اليوم بيانا بشأن تنفيذ حكم القتل قصاصا في أحد الجناة بمنطقة نجران، وفيما يلي نص "
               "البيان: أقدم هادي بن صالح بن مسفر اليامي سعودي الجنسية على قتل ناصر بن حمد بن جابر الصقور سعودي "
               "الجنسية وذلك بإطلاق النار عليه إثر خلاف بينهما، وتمكنت سلطات الأمن من القبض على الجاني المذكور، "
               "وأسفر التحقيق معه عن توجيه الاتهام إليه بارتكاب جريمته، وبإحالته إلى المحكمة العامة صدر بحقه صك "
               "شرعي يقضي بثبوت ما نسب إليه والحكم عليه بالقتل قصاصا، وصدر أمر ملكي بإنفاذ ما تقرر شرعا. وقد تم "
               "تنفيذ حكم القتل قصاصا بالجاني هادي بن صالح بن مسفر اليامي يوم الأربعاء 27 / 4 / 1437 هـ بمدينة "
               "نجران. ووزارة الداخلية إذ تعلن ذلك لتؤكد للجميع حرص حكومة خادم الحرمين الشريفين على استتباب الأمن "
               "وتحقيق العدل وتنفيذ أحكام الله في كل من يتعدى على الآمنين ويسفك دماءهم.")
# two arrivals of the relief air bridge: other plane, load, airport, spokesman's figures
ARRIVAL_A = ("وصلت اليوم الطائرة الإغاثية السعودية السابعة إلى مطار سيئون محملة بـ 14 طنا من الأدوية والمستلزمات "
             "الطبية، يرافقها فريق إغاثي من مركز الملك سلمان للإغاثة والأعمال الإنسانية. وأوضح المتحدث الرسمي "
             "للمركز أن الطائرة تحمل 320 صندوقا من المحاليل الطبية لمرضى الفشل الكلوي، وأن الجسر الجوي مستمر ضمن "
             "خطط وبرامج أعدت لهذا الغرض بالتنسيق مع اللجنة العليا للإغاثة، وأن المساعدات تأتي إنفاذا لتوجيهات "
             "خادم الحرمين الشريفين بتقديم مساعدات عاجلة للشعب اليمني الشقيق.")
ARRIVAL_B = ("وصلت اليوم الطائرة الإغاثية السعودية التاسعة إلى مطار المكلا محملة بـ 22 طنا من الأدوية والمستلزمات "
             "الطبية، يرافقها فريق إغاثي من مركز الملك سلمان للإغاثة والأعمال الإنسانية. وأوضح المتحدث الرسمي "
             "للمركز أن الطائرة تحمل 540 صندوقا من المحاليل الطبية لمرضى الفشل الكلوي، وأن الجسر الجوي مستمر ضمن "
             "خطط وبرامج أعدت لهذا الغرض بالتنسيق مع اللجنة العليا للإغاثة، وأن المساعدات تأتي إنفاذا لتوجيهات "
             "خادم الحرمين الشريفين بتقديم مساعدات عاجلة للشعب اليمني الشقيق.")
# an agency copy of EXECUTION_A: another headline, alef-hamza forms written otherwise, an outlet's footer
EXECUTION_A_COPY = ("القصاص من قاتل مواطن طعنا في تبوك\n"
                    + EXECUTION_A.replace("أصدرت", "اصدرت").replace("إليه", "اليه").replace("الأمن", "الامن")
                    .replace("أمر", "امر").replace("إثر", "اثر")
                    + "\nرابط الخبر بصحيفة الوئام: تنفيذ حكم القتل قصاصا في أحد الجناة بتبوك")


def _linked(texts):
    from marsad.link.identity import different_happenings, identity_of
    from marsad.link.minhash import signature_of, words

    (wa, wb) = (words(t) for t in texts)
    sim = similarity(signature_of(wa), signature_of(wb))
    return sim, different_happenings(sim, identity_of(wa), identity_of(wb))


@pytest.mark.parametrize("a,b", [(EXECUTION_A, EXECUTION_B), (ARRIVAL_A, ARRIVAL_B)])
def test_template_reports_of_different_happenings_are_similar_but_told_apart(a, b):
    sim, different = _linked((a, b))
    assert sim >= 0.45  # similarity alone would take them for copies
    assert different


def test_agency_copy_with_footer_hamza_forms_and_new_headline_is_no_other_happening():
    sim, different = _linked((EXECUTION_A, EXECUTION_A_COPY))
    assert sim >= 0.45 and not different


def test_store_links_the_copy_and_not_the_other_template_report(store):
    _ingest(store, EXECUTION_A, "wakala-a", "a")
    _ingest(store, EXECUTION_B, "wakala-a", "b")
    _ingest(store, EXECUTION_A_COPY, "sahifa-b", "c")
    rows = list(store.stories())
    assert rows[1]["duplicate_of"] is None
    assert rows[2]["duplicate_of"] == rows[0]["id"]
    ident = store.conn.execute("SELECT identity FROM story_signatures WHERE story_id = ?", (rows[0]["id"],)).fetchone()
    assert "#1437" in ident[0].split()


def test_identity_keys_fold_spellings_and_numbers():
    from marsad.arabic.normalize import normalize_text
    from marsad.link.identity import fold, identity_of, stem
    from marsad.link.minhash import words

    def key(word):
        return fold(stem(normalize_text(word)))

    assert key("أمريكا") == key("اميركا") and key("بنغلاديش") == key("بنجلاديش")
    ident = identity_of(words("بلغ عدد الزوار 12,500 زائر في الأسبوع الخامس و١٢٥٠٠ في السادس"))
    assert {"125", "5", "6"} <= ident.numbers


def test_batch_linker_tells_template_reports_apart_as_the_linker_does():
    """The batch stages (without Ray) on the three stories the store test links: the copy points to
    the first report, the other execution to nothing."""
    import numpy as np

    from marsad.batch.link import BAND, attach_earlier, best_candidates, resolve_stories, sig_rows
    from marsad.link.minhash import signature, to_blob

    texts = [EXECUTION_A, EXECUTION_B, EXECUTION_A_COPY]
    stories = {"order": np.array([1, 2, 3]), "text": np.array(texts, dtype=object),
               "n_words": np.array([len(t.split()) for t in texts]),
               "signature": np.array([to_blob(signature(t)) for t in texts], dtype=object)}
    sigs = sig_rows(stories, parts=1)
    pairs = {"part": np.zeros(3, np.int64), "tag": np.full(3, BAND, np.int8), "a": np.array([1, 1, 2]),
             "b": np.array([2, 3, 3]), "band": np.zeros(3, np.int16), "sig": np.array([b""] * 3, dtype=object),
             "ident": np.array([""] * 3, dtype=object)}
    joined = attach_earlier({c: np.concatenate([sigs[c], pairs[c]]) for c in sigs}, parts=1)
    best = best_candidates({c: np.concatenate([sigs[c], joined[c]]) for c in sigs})
    empty = {"later": np.zeros(0, np.int64), "earlier": np.zeros(0, np.int64), "tag": np.zeros(0, np.int8)}
    links = resolve_stories(empty, best)
    assert links.duplicate_of == {3: 1}


# -- the MinHash scheme and its migration ---------------------------------------------------------
def _reference_shingle_hash(shingle: str) -> int:
    """The shingle hash of marsad.link.minhash, one code point at a time in plain Python."""
    from marsad.link.minhash import _BASE

    mask = (1 << 64) - 1
    h = sum(ord(ch) * pow(_BASE, j, 1 << 64) for j, ch in enumerate(shingle)) & mask
    for mult in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53):
        h = ((h ^ (h >> 33)) * mult) & mask
    return (h ^ (h >> 33)) >> 32


def test_shingles_hash_as_their_text_whatever_their_place():
    from marsad.link.minhash import shingle_hashes, words

    ws = words(ORIGINAL)
    assert shingle_hashes(ws).tolist() == [_reference_shingle_hash(" ".join(ws[i:i + 3])) for i in range(len(ws) - 2)]
    assert shingle_hashes(ws[5:9]).tolist() == shingle_hashes(ws)[5:7].tolist()
    assert shingle_hashes(["ab", "c"]).tolist() == [_reference_shingle_hash("ab c")]  # fewer words: one shingle
    assert shingle_hashes([]).tolist() == [_reference_shingle_hash("")]


def test_signature_and_band_keys_are_fixed_numbers():
    """Stored signatures and band keys must not change between processes, machines or numpy
    versions (a change of scheme needs a migration that signs the store again)."""
    from marsad.link.minhash import BANDS, NUM_PERM, SEED, _splitmix64, band_keys, signature, words

    sig = signature(ORIGINAL)
    assert sig.dtype.name == "uint32" and len(sig) == NUM_PERM
    assert sig[:4].tolist() == [72413682, 13824209, 1123740, 100298289]
    ws = words(ORIGINAL)
    hashes = [_reference_shingle_hash(" ".join(ws[i:i + 3])) for i in range(len(ws) - 2)]
    perms = zip(_splitmix64(SEED, NUM_PERM), _splitmix64(SEED + 1, NUM_PERM), strict=True)
    assert sig.tolist() == [min((((a >> 32) | 1) * h + (b >> 32)) & 0xFFFFFFFF for h in hashes) for a, b in perms]
    keys = band_keys(sig)
    assert len(keys) == BANDS and all(0 <= k < 1 << 63 for k in keys)
    assert keys[:2] == [2590149498001283862, 5879623030899207772]
    assert band_keys(signature(COPY))[:BANDS] != keys  # different texts, different keys (most bands)


def make_old_scheme(store, set_version) -> None:
    """Make a store look as an earlier marsad left it: other signatures and band keys (the bands in
    the table layout of migration 3), schema version 7."""
    import hashlib

    import numpy as np

    from marsad.link.minhash import BANDS, ROWS, to_blob

    conn = store.conn
    store.begin()
    for (sid,) in conn.execute("SELECT story_id FROM story_signatures").fetchall():
        old = np.random.default_rng(sid).integers(0, 1 << 32, 256, dtype=np.uint32)
        conn.execute("UPDATE story_signatures SET signature = ? WHERE story_id = ?", (to_blob(old), sid))
        conn.execute("DELETE FROM story_bands WHERE story_id = ?", (sid,))
        for b in range(BANDS):
            key = int.from_bytes(hashlib.blake2b(old[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).digest(),
                                 "big") >> 1
            conn.execute("INSERT INTO story_bands(band, key, story_id) VALUES (?, ?, ?)", (b, key, sid))
    set_version(conn)
    store.commit()


def assert_signed_with_the_current_scheme(store) -> None:
    from marsad.link.minhash import band_keys, from_blob, signature

    conn = store.conn
    rows = conn.execute("SELECT g.story_id, g.signature, s.text FROM story_signatures g"
                        " JOIN stories s ON s.id = g.story_id ORDER BY g.story_id").fetchall()
    assert rows
    for sid, blob, text in rows:
        sig = signature(text)
        assert from_blob(bytes(blob)).tolist() == sig.tolist()
        stored = conn.execute("SELECT band, key FROM story_bands WHERE story_id = ? ORDER BY band", (sid,)).fetchall()
        assert [tuple(r) for r in stored] == list(enumerate(band_keys(sig)))


def test_a_store_signed_with_the_earlier_scheme_is_signed_again_and_finds_duplicates(tmp_path):
    from marsad.store.schema import SCHEMA_VERSION

    path = tmp_path / "old.db"
    with Store(path) as s:
        _ingest(s, ORIGINAL, "wakala-a", "a")
        _ingest(s, SAME_TOPIC, "wakala-a", "c")
        identities = s.conn.execute("SELECT story_id, identity FROM story_signatures ORDER BY story_id").fetchall()

        def to_version_7(conn):
            conn.execute("DROP TABLE story_bands")
            conn.execute("CREATE TABLE story_bands (band INTEGER NOT NULL, key INTEGER NOT NULL,"
                         " story_id INTEGER NOT NULL)")
            conn.execute("CREATE INDEX story_bands_key ON story_bands(band, key)")
            conn.execute("PRAGMA user_version = 7")

        s.begin()
        to_version_7(s.conn)
        s.commit()
        make_old_scheme(s, lambda conn: None)
    with Store(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        ddl = s.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'story_bands'").fetchone()[0]
        assert "WITHOUT ROWID" in ddl
        assert_signed_with_the_current_scheme(s)
        assert s.conn.execute("SELECT story_id, identity FROM story_signatures ORDER BY story_id").fetchall() \
            == identities
        _ingest(s, COPY, "sahifa-b", "b")
        rows = list(s.stories())
        assert rows[2]["duplicate_of"] == rows[0]["id"] and rows[2]["cluster"] == rows[0]["cluster"]
        assert rows[1]["duplicate_of"] is None


def _reference_identity(ws):
    """identity_of word by word, as first written: the rule its faster form must keep."""
    from collections import Counter

    from marsad.link.identity import _DIGITS_RE, _NAME, _NUM, _PLACE, MIN_REPEATS, Identity, _classify, _number

    numbers, places, names = set(), set(), Counter()
    i = 0
    while i < len(ws):
        w = ws[i]
        i += 1
        if w.isdigit():
            while i < len(ws) and len(ws[i]) == 3 and ws[i].isdigit():
                w += ws[i]
                i += 1
            numbers.add(_number(w))
        elif w[0].isdigit() or w[-1].isdigit():
            numbers.update(_number(d) for d in _DIGITS_RE.findall(w))
        else:
            kind, key = _classify(w)
            if kind == _NUM:
                numbers.add(key)
            elif kind == _PLACE:
                places.add(key)
            elif kind == _NAME:
                names[key] += 1
    return Identity(frozenset(numbers), frozenset(places), frozenset(k for k, c in names.items() if c >= MIN_REPEATS))


@pytest.mark.parametrize("text", [
    EXECUTION_A, EXECUTION_B, ORIGINAL,
    "12 500 3 1436ه ه2015 ب12ك و12 000 0012 100 2000 12 5000 123 456 7 000",
    "محمد ومحمد الرياض والرياض بالرياض خمسة والخامسة 1 234 567 8 9999 123",
])
def test_identity_reads_each_form_once_and_keeps_the_rule(text):
    from marsad.link.identity import identity_of
    from marsad.link.minhash import words

    ws = words(text)
    assert identity_of(ws) == _reference_identity(ws)
    assert identity_of(ws) == identity_of(ws)  # the second time from what the first one learnt
