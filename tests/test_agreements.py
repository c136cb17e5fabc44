import json

from click.testing import CliRunner

from marsad.cli import main
from marsad.doc import Doc
from marsad.pipeline import default_pipeline

STORY = """وقعت السعودية والعراق يوم الاثنين في الرياض اتفاقية الربط الكهربائي بين البلدين.
وتنص الاتفاقية على تزويد العراق بالكهرباء خلال فترات الذروة.
وتمتد هذه الاتفاقية لعشر سنوات قابلة للتجديد، ودخلت حيز التنفيذ في 1 مارس 2024.
"""


def _doc(text: str, date: str = "2024-02-12") -> Doc:
    return default_pipeline()(Doc(text, id="a", meta={"kind": "record", "date": date}))


def test_agreement_with_parties_dates_term_and_clauses():
    doc = _doc(STORY)
    (ag,) = doc.agreements
    assert ag.name.startswith("اتفاقية الربط الكهربائي")
    assert ag.kind == "agreement"
    assert set(ag.parties) == {"SAU", "IRQ"}
    assert ag.signed == "2024-02-12"
    assert ag.in_force == "2024-03-01"
    assert ag.term == "P10Y"
    assert len(ag.mentions) == 3 and len(ag.clauses) == 1
    assert ag.events, "the signing event is linked to the agreement"


def test_treaty_named_again_is_one_agreement():
    text = ("أبرمت مصر والسودان معاهدة الدفاع المشترك في القاهرة.\n"
            "وقال مسؤول إن معاهدة الدفاع المشترك بين مصر والسودان تلزم البلدين بالتشاور.\n")
    doc = _doc(text)
    assert len(doc.agreements) == 1
    assert set(doc.agreements[0].parties) == {"EGY", "SDN"}


def test_agreements_command(tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_text(json.dumps({"title": "t", "content": STORY, "date": "2024-02-12"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    db = str(tmp_path / "a.db")
    CliRunner().invoke(main, ["ingest", str(src), "--db", db])
    out = CliRunner().invoke(main, ["agreements", "--db", db, "--format", "jsonl"]).output
    assert "اتفاقية الربط الكهربائي" in out and "P10Y" in out


def test_seed_page_treaties():
    from tests.conftest import shared_path

    page = shared_path("samples", "000_ef4dd91477411336.txt")
    doc = default_pipeline()(Doc(page.read_text(encoding="utf-8"), id="s", meta={"kind": "page"}))
    belarus, iran = doc.agreements
    assert set(belarus.parties) == {"RUS", "BLR"} and belarus.signed == "2024-12-06" and belarus.clauses
    assert set(iran.parties) == {"RUS", "IRN"} and iran.kind == "treaty"
    assert (iran.signed, iran.in_force, iran.term) == ("2025-01", "2025-10", "P20Y")
