"""The time and figure stages inside the pipeline, and their commands."""

from click.testing import CliRunner

from marsad.cli import main
from marsad.doc import Doc
from marsad.pipeline import default_pipeline
from tests.conftest import shared_path

UNDATED = """تعاون متزايد بين القاهرة وأنقرة
وقعت مصر وتركيا اتفاقية تجارية في مارس 2024، ودخلت حيز التنفيذ في يوليو الماضي.
وارتفع حجم التبادل التجاري بين مصر وتركيا بنسبة 12% العام الماضي.
"""


def test_undated_story_gets_bounds_and_figures_with_parties():
    doc = default_pipeline()(Doc(UNDATED, id="u.txt", meta={"kind": "page"}))
    (story,) = doc.stories
    assert story.date == ""
    assert story.date_min >= "2024-07"
    fig = next(f for f in doc.figures if f.unit == "percent")
    assert fig.value == 12 and fig.direction == "rise" and set(fig.parties) == {"EGY", "TUR"}


def test_seed_page_second_story_is_after_october_2025():
    page = shared_path("samples", "000_ef4dd91477411336.txt")
    doc = default_pipeline()(Doc(page.read_text(encoding="utf-8"), id="s", meta={"kind": "page"}))
    first, second = doc.stories
    assert first.date == "2024-12-06"
    assert second.date != "2024-12-06" and second.date_min == "2025-10"
    trade = [f for f in doc.figures if f.unit == "percent" and f.story == 1]
    assert sorted(f.value for f in trade) == [8, 13] and {f.measure for f in trade} == {"trade"}


def test_figures_command_and_eval_timex(tmp_path):
    src = tmp_path / "u.txt"
    src.write_text(UNDATED, encoding="utf-8")
    db = str(tmp_path / "f.db")
    CliRunner().invoke(main, ["ingest", str(src), "--db", db, "--workers", "1"])
    out = CliRunner().invoke(main, ["figures", "--db", db, "--format", "jsonl"]).output
    assert '"unit": "percent"' in out
    wojood = shared_path("corpora", "wojood-sample", "test.txt")
    result = CliRunner().invoke(main, ["eval", "timex", str(wojood), "--wojood"])
    assert "exact" in result.output and "overlap" in result.output
